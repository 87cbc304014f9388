/* Line splitter (see lines.h). One buffer holds [start, end) unconsumed bytes; it grows only
 * while a single line does not fit, up to max_line + one read, after which the line is
 * skipped in streaming mode. A "\r" at the very end of the buffer ends its line at once; a
 * "\n" arriving first in the next read is then swallowed (skip_lf), so "\r\n" split across
 * reads is still one terminator. */
#include "io/lines.h"

#include <stdlib.h>
#include <string.h>

#define PC_LINES_READ ((size_t)1 << 20) /* bytes asked from the reader per read */

struct pc_lines {
    struct pc_reader *r;
    size_t max_line;
    char *buf;
    size_t cap;        /* allocated bytes (one kept spare for a final NUL) */
    size_t start, end; /* unconsumed bytes */
    size_t scan;       /* no terminator in [start, scan) */
    uint64_t offset;   /* stream offset of buf[start] */
    int64_t line_no;   /* of the last line returned */
    int eof, skip_lf;
    uint64_t seq;
};

int pc_lines_new(struct pc_lines **out, struct pc_reader *r, size_t max_line)
{
    *out = NULL;
    struct pc_lines *ls = calloc(1, sizeof *ls);
    if (!ls) return PC_ENOMEM;
    ls->r = r;
    ls->max_line = max_line ? max_line : PC_LINES_DEFAULT_MAX;
    ls->cap = 2 * PC_LINES_READ + 1;
    int64_t size = pc_reader_size(r);
    if (pc_reader_compression(r) == PC_COMP_NONE && size >= 0 && (uint64_t)size < ls->cap)
        ls->cap = (size_t)size + 2; /* small plain input: no need for the full buffer */
    else if (size >= 0 && (uint64_t)size < PC_LINES_READ)
        ls->cap = 64 * 1024 + 1; /* small compressed input: start small, grow on demand */
    ls->buf = malloc(ls->cap);
    if (!ls->buf) {
        free(ls);
        return PC_ENOMEM;
    }
    *out = ls;
    return PC_OK;
}

void pc_lines_free(struct pc_lines *ls)
{
    if (!ls) return;
    free(ls->buf);
    free(ls);
}

struct pc_reader *pc_lines_reader(const struct pc_lines *ls)
{
    return ls->r;
}

static int set_err_line(struct pc_lines *ls, int rc, struct pc_error *err)
{
    if (err) err->line_no = ls->line_no + 1;
    return rc;
}

/* Reads more bytes after end, compacting or growing the buffer (up to max_line + a read).
 * Sets eof when the reader is exhausted. */
static int refill(struct pc_lines *ls, struct pc_error *err)
{
    if (ls->start > 0) {
        size_t n = ls->end - ls->start;
        memmove(ls->buf, ls->buf + ls->start, n);
        ls->scan -= ls->start;
        ls->start = 0;
        ls->end = n;
    }
    size_t room = ls->cap - 1 - ls->end;
    /* grow only while the line being assembled fills more than half the buffer */
    if (ls->end - ls->start > (ls->cap - 1) / 2) {
        size_t want = ls->cap * 2 + 4096;
        size_t limit = ls->max_line + PC_LINES_READ + 2;
        if (want > limit) want = limit;
        if (want > ls->cap) {
            char *nb = realloc(ls->buf, want);
            if (!nb) return PC_ENOMEM;
            ls->buf = nb;
            ls->cap = want;
            room = ls->cap - 1 - ls->end;
        }
    }
    if (room == 0) return PC_OK; /* caller switches to skipping */
    if (room > PC_LINES_READ) room = PC_LINES_READ;
    size_t got;
    int rc = pc_reader_read(ls->r, ls->buf + ls->end, room, &got, err);
    if (rc) return set_err_line(ls, rc, err);
    if (got == 0) ls->eof = 1;
    ls->end += got;
    return PC_OK;
}

/* First '\n' or '\r' in [p, e), or NULL. */
static const char *find_eol(const char *p, const char *e)
{
    const char *nl = memchr(p, '\n', (size_t)(e - p));
    const char *lim = nl ? nl : e;
    const char *cr = memchr(p, '\r', (size_t)(lim - p));
    return cr ? cr : nl;
}

/* The current line is longer than max_line: drop bytes until its terminator. */
static int skip_long(struct pc_lines *ls, struct pc_line *line, struct pc_error *err)
{
    uint64_t len = 0;
    for (;;) {
        const char *b = ls->buf + ls->start, *e = ls->buf + ls->end;
        const char *t = find_eol(b, e);
        if (t) {
            len += (uint64_t)(t - b);
            size_t used = (size_t)(t - b) + 1;
            if (*t == '\r') {
                if (t + 1 < e)
                    used += t[1] == '\n';
                else
                    ls->skip_lf = 1;
            }
            ls->start += used;
            ls->scan = ls->start;
            line->len = len;
            ls->offset += len + (used - (size_t)(t - b));
            return 1;
        }
        len += (uint64_t)(e - b);
        ls->start = ls->scan = ls->end = 0;
        if (ls->eof) {
            line->len = len;
            ls->offset += len;
            return 1;
        }
        int rc = refill(ls, err);
        if (rc) return rc;
    }
}

int pc_lines_next(struct pc_lines *ls, struct pc_line *line, struct pc_error *err)
{
    for (;;) {
        if (ls->skip_lf) {
            if (ls->start == ls->end && !ls->eof) {
                int rc = refill(ls, err);
                if (rc) return rc;
                continue;
            }
            if (ls->start < ls->end && ls->buf[ls->start] == '\n') {
                ls->start++;
                ls->offset++;
                if (ls->scan < ls->start) ls->scan = ls->start;
            }
            ls->skip_lf = 0;
        }
        char *b = ls->buf + ls->start, *e = ls->buf + ls->end;
        const char *t = find_eol(ls->buf + ls->scan, e);
        if (t || (ls->eof && b < e)) {
            size_t len = t ? (size_t)(t - b) : (size_t)(e - b);
            size_t used = len;
            if (t) {
                used++;
                if (*t == '\r') {
                    if (t + 1 < e)
                        used += t[1] == '\n';
                    else if (!ls->eof)
                        ls->skip_lf = 1;
                }
            }
            line->line_no = ++ls->line_no;
            line->offset = ls->offset;
            line->len = len;
            if (len > ls->max_line) {
                line->ptr = NULL;
                line->too_long = 1;
            } else {
                b[len] = '\0'; /* the terminator, or the spare byte after end */
                line->ptr = b;
                line->too_long = 0;
            }
            ls->start += used;
            ls->scan = ls->start;
            ls->offset += used;
            return 1;
        }
        if (ls->eof) return 0;
        ls->scan = ls->end;
        if (ls->end - ls->start > ls->max_line) {
            line->line_no = ++ls->line_no;
            line->offset = ls->offset;
            line->ptr = NULL;
            line->too_long = 1;
            int rc = skip_long(ls, line, err);
            return rc < 0 ? rc : 1;
        }
        int rc = refill(ls, err);
        if (rc) return rc;
    }
}

void pc_line_batch_init(struct pc_line_batch *b)
{
    memset(b, 0, sizeof *b);
}

void pc_line_batch_release(struct pc_line_batch *b)
{
    free(b->data);
    free(b->lines);
    memset(b, 0, sizeof *b);
}

static int batch_add(struct pc_line_batch *b, const struct pc_line *l)
{
    if (b->n == b->lines_cap) {
        size_t cap = b->lines_cap ? b->lines_cap * 2 : 1024;
        struct pc_batch_line *nl = realloc(b->lines, cap * sizeof *nl);
        if (!nl) return PC_ENOMEM;
        b->lines = nl;
        b->lines_cap = cap;
    }
    size_t bytes = l->too_long ? 0 : l->len;
    if (b->data_cap - b->data_len < bytes + 1) {
        size_t cap = b->data_cap ? b->data_cap : 1 << 16;
        while (cap - b->data_len < bytes + 1) cap *= 2;
        char *nd = realloc(b->data, cap);
        if (!nd) return PC_ENOMEM;
        b->data = nd;
        b->data_cap = cap;
    }
    struct pc_batch_line *bl = &b->lines[b->n++];
    bl->off = b->data_len;
    bl->len = l->len;
    bl->line_no = l->line_no;
    bl->offset = l->offset;
    bl->too_long = l->too_long;
    if (bytes) memcpy(b->data + b->data_len, l->ptr, bytes);
    b->data[b->data_len + bytes] = '\0';
    b->data_len += bytes + 1;
    return PC_OK;
}

int pc_lines_fill(struct pc_lines *ls, struct pc_line_batch *b, size_t max_bytes, size_t max_lines,
                  struct pc_error *err)
{
    b->n = 0;
    b->data_len = 0;
    b->seq = ls->seq++;
    while (b->n == 0 || ((!max_lines || b->n < max_lines) && b->data_len < max_bytes)) {
        struct pc_line l;
        int rc = pc_lines_next(ls, &l, err);
        if (rc < 0) return rc;
        if (rc == 0) break;
        rc = batch_add(b, &l);
        if (rc) return pc_error_set(err, rc, "out of memory filling a line batch");
    }
    return (int)b->n;
}
