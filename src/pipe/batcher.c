#include "pipe/batcher.h"

#include <string.h>

#define READ_CHUNK ((size_t)1 << 20)

void pc_batcher_init(struct pc_batcher *bt, pc_read_fn read, void *handle)
{
    memset(bt, 0, sizeof *bt);
    bt->read = read;
    bt->handle = handle;
    bt->target = (size_t)2 << 20;
    bt->max_line = (size_t)64 << 20;
    bt->next_line = 1;
    pc_buf_init(&bt->carry, 0);
}

void pc_batcher_release(struct pc_batcher *bt)
{
    pc_buf_release(&bt->carry);
}

int pc_batch_next_line(const char *p, size_t n, size_t *pos, const char **line, size_t *len)
{
    size_t i = *pos;
    if (i >= n) return 0;
    const char *nl = memchr(p + i, '\n', n - i);
    size_t e = nl ? (size_t)(nl - p) : n;
    const char *cr = memchr(p + i, '\r', e - i);
    if (cr) e = (size_t)(cr - p);
    *line = p + i;
    *len = e - i;
    if (e < n && p[e] == '\r' && e + 1 < n && p[e + 1] == '\n')
        *pos = e + 2;
    else
        *pos = e < n ? e + 1 : n;
    return 1;
}

/* Number of lines in p[0..n) where p ends at a terminator (or at the end of input). */
static int64_t count_lines(const char *p, size_t n)
{
    int64_t c = 0;
    size_t pos = 0;
    const char *l;
    size_t len;
    while (pc_batch_next_line(p, n, &pos, &l, &len)) c++;
    return c;
}

/* Reads one chunk (or less) into b; drops a leading '\n' that completes a "\r\n" split
 * between reads. */
static int read_more(struct pc_batcher *bt, struct pc_buf *b, struct pc_error *err)
{
    int rc = pc_buf_reserve(b, READ_CHUNK);
    if (rc != PC_OK) return pc_error_set(err, rc, "cannot buffer input: %s", pc_strerror(rc));
    size_t got = 0;
    if ((rc = bt->read(bt->handle, b->data + b->len, READ_CHUNK, &got, err)) < 0) return rc;
    if (got == 0) {
        bt->eof = 1;
        return PC_OK;
    }
    char *start = b->data + b->len;
    if (bt->skip_lf) {
        bt->skip_lf = 0;
        if (start[0] == '\n') {
            memmove(start, start + 1, got - 1);
            got--;
        }
    }
    b->len += got;
    b->data[b->len] = '\0';
    return PC_OK;
}

/* Offset just after the last terminator of p[from..n), or 0 if none. */
static size_t last_cut(const char *p, size_t from, size_t n)
{
    for (size_t i = n; i > from; i--)
        if (p[i - 1] == '\n' || p[i - 1] == '\r') return i;
    return 0;
}

int pc_batcher_fill(struct pc_batcher *bt, struct pc_pipe_batch *b, struct pc_error *err)
{
    if (bt->done) return 0;
    struct pc_buf *in = &b->in;
    pc_buf_reset(in);
    b->overlong = 0;
    int rc;
    if (bt->carry.len) {
        if ((rc = pc_buf_append(in, bt->carry.data, bt->carry.len)) != PC_OK)
            return pc_error_set(err, rc, "cannot buffer input: %s", pc_strerror(rc));
        pc_buf_reset(&bt->carry);
    }
    size_t scanned = 0; /* bytes of in known to hold no terminator */
    size_t cut = 0;
    for (;;) {
        if (in->len >= bt->target || bt->eof) {
            cut = last_cut(in->data, scanned, in->len);
            if (cut) break;
            scanned = in->len;
            if (bt->eof) {
                cut = in->len; /* the last line has no terminator */
                break;
            }
        }
        if (in->len > bt->max_line) {
            /* Over-long line: skip to its end, report it alone. */
            uint64_t skipped = in->len;
            size_t e = 0;
            for (;;) {
                pc_buf_reset(in);
                if ((rc = read_more(bt, in, err)) < 0) return rc;
                if (bt->eof) break;
                const char *nl = memchr(in->data, '\n', in->len);
                const char *cr = memchr(in->data, '\r', nl ? (size_t)(nl - in->data) : in->len);
                if (cr) nl = cr;
                if (nl) {
                    e = (size_t)(nl - in->data);
                    break;
                }
                skipped += in->len;
            }
            skipped += e;
            if (!bt->eof) {
                size_t after = e + 1;
                if (in->data[e] == '\r') {
                    if (after < in->len && in->data[after] == '\n')
                        after++;
                    else if (after == in->len)
                        bt->skip_lf = 1;
                }
                pc_buf_append(&bt->carry, in->data + after, in->len - after);
            }
            pc_buf_reset(in);
            b->overlong = skipped ? skipped : 1;
            b->first_line = bt->next_line++;
            return 1;
        }
        if ((rc = read_more(bt, in, err)) < 0) return rc;
    }
    if (cut == 0) {
        bt->done = 1;
        return 0;
    }
    if (cut < in->len) {
        if ((rc = pc_buf_append(&bt->carry, in->data + cut, in->len - cut)) != PC_OK)
            return pc_error_set(err, rc, "cannot buffer input: %s", pc_strerror(rc));
        in->len = cut;
        in->data[cut] = '\0';
    } else if (!bt->eof && in->data[cut - 1] == '\r') {
        bt->skip_lf = 1; /* a "\n" may follow in the next read */
    }
    b->first_line = bt->next_line;
    bt->next_line += count_lines(in->data, in->len);
    return 1;
}
