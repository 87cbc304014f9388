#include "core/buf.h"
#include "core/error.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pc_buf_init(struct pc_buf *b, size_t max)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max ? max : SIZE_MAX / 2;
}

void pc_buf_release(struct pc_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

int pc_buf_reserve(struct pc_buf *b, size_t extra)
{
    if (extra > b->max - b->len) return PC_ETOOBIG;
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return PC_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) cap = cap > SIZE_MAX / 4 ? need : cap * 2;
    char *p = realloc(b->data, cap);
    if (!p) return PC_ENOMEM;
    b->data = p;
    b->cap = cap;
    return PC_OK;
}

int pc_buf_append(struct pc_buf *b, const void *p, size_t n)
{
    int rc = pc_buf_reserve(b, n);
    if (rc) return rc;
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return PC_OK;
}

int pc_buf_puts(struct pc_buf *b, const char *s)
{
    return pc_buf_append(b, s, strlen(s));
}

int pc_buf_putc(struct pc_buf *b, char c)
{
    if (b->len + 1 < b->cap && b->len < b->max) {
        b->data[b->len++] = c;
        b->data[b->len] = '\0';
        return PC_OK;
    }
    return pc_buf_append(b, &c, 1);
}

int pc_buf_printf(struct pc_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return PC_EINVAL;
    int rc = pc_buf_reserve(b, (size_t)n);
    if (rc) return rc;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return PC_OK;
}

void pc_buf_reset(struct pc_buf *b)
{
    b->len = 0;
    if (b->data) b->data[0] = '\0';
}

char *pc_buf_detach(struct pc_buf *b, size_t *len)
{
    if (!b->data && pc_buf_reserve(b, 0)) return NULL;
    if (b->len == 0) b->data[0] = '\0';
    char *p = b->data;
    if (len) *len = b->len;
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}
