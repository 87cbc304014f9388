/* Growable byte buffer with a hard cap (like curl's dynbuf), so one bad input cannot eat
 * memory. The buffer owns data; data is always NUL-terminated after the first successful
 * append (len excludes the NUL). Not thread-safe; one owner at a time. */
#ifndef PC_CORE_BUF_H
#define PC_CORE_BUF_H

#include <stddef.h>

struct pc_buf {
    char *data;
    size_t len;
    size_t cap; /* allocated bytes */
    size_t max; /* never grow beyond this many bytes of content */
};

/* Initialises an empty buffer that may hold at most max bytes (0 = SIZE_MAX/2). No alloc. */
void pc_buf_init(struct pc_buf *b, size_t max);

/* Frees the contents; b can be reused after pc_buf_init. */
void pc_buf_release(struct pc_buf *b);

/* Ensures room for extra more bytes (+ NUL). PC_ETOOBIG past max, PC_ENOMEM on failure. */
int pc_buf_reserve(struct pc_buf *b, size_t extra);

/* Appends n bytes / a NUL-terminated string / one byte / printf output. Same errors. */
int pc_buf_append(struct pc_buf *b, const void *p, size_t n);
int pc_buf_puts(struct pc_buf *b, const char *s);
int pc_buf_putc(struct pc_buf *b, char c);
int pc_buf_printf(struct pc_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Empties the buffer, keeping its allocation. */
void pc_buf_reset(struct pc_buf *b);

/* Hands the allocation to the caller (who frees it with free()); b becomes empty.
 * Returns a NUL-terminated string (an empty allocated string when b was empty), or NULL on
 * allocation failure. */
char *pc_buf_detach(struct pc_buf *b, size_t *len);

#endif
