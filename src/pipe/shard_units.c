/* Shards of a compressed input cut at independent units (pipe/shard.h): where each shard's
 * first line starts in the decoded stream, and how many lines come before it. */
#include <stdlib.h>
#include <string.h>

#include "pipe/shard_int.h"

#define CHUNK ((size_t)256 << 10)

/* Lines ended so far over a decoded stream (as io/lines.h): '\n', plus '\r' not followed by
 * '\n'; prev is the last byte seen (-1: none). */
struct line_count {
    int64_t n;
    int prev;
};

static void count_bytes(struct line_count *c, const unsigned char *p, size_t len)
{
    if (!len) return;
    const unsigned char *e = p + len;
    if (c->prev != '\r' && !memchr(p, '\r', len)) { /* the common case: count '\n' */
        for (const unsigned char *q = p; (q = memchr(q, '\n', (size_t)(e - q))) != NULL; q++)
            c->n++;
    } else {
        for (const unsigned char *q = p; q < e; q++) {
            if (*q == '\n' || c->prev == '\r') c->n++;
            c->prev = *q;
        }
    }
    c->prev = e[-1];
}

/* Lines before a line start: a trailing '\r' ended one. */
static int64_t lines_before(const struct line_count *c)
{
    return c->n + (c->prev == '\r');
}

/* Decodes the units [from, to) into the counter. */
static int count_units(const char *path, int comp, uint64_t from, uint64_t to, struct line_count *c,
                       unsigned char *buf, struct pc_error *err)
{
    if (from >= to) return PC_OK;
    struct pc_reader *r = NULL;
    int rc = pc_reader_open_units(&r, path, (enum pc_compression)comp, from, to, 0, 0, err);
    size_t got = 0;
    while (!rc && !(rc = pc_reader_read(r, buf, CHUNK, &got, err)) && got) count_bytes(c, buf, got);
    pc_reader_free(r);
    return rc;
}

/* Decodes the units [from, to) up to the first line start: *found, *skip its offset from
 * D(from); the bytes before it go into the counter. With rest, the bytes after it too (the
 * whole range is counted). */
static int first_start(const char *path, int comp, uint64_t from, uint64_t to, int rest,
                       struct line_count *c, unsigned char *buf, int *found, uint64_t *skip,
                       int64_t *base, struct pc_error *err)
{
    *found = 0;
    *skip = 0;
    struct pc_reader *r = NULL;
    int rc = pc_reader_open_units(&r, path, (enum pc_compression)comp, from, to, 0, 0, err);
    size_t got = 0;
    uint64_t pos = 0;
    while (!rc && !(rc = pc_reader_read(r, buf, CHUNK, &got, err)) && got) {
        size_t i = 0;
        for (; !*found && i < got; i++) {
            int p = c->prev;
            if (p == -1 || p == '\n' || (p == '\r' && buf[i] != '\n')) {
                *found = 1;
                *skip = pos + i;
                *base = lines_before(c);
                break;
            }
            if (buf[i] == '\n' || p == '\r') c->n++;
            c->prev = buf[i];
        }
        if (*found && !rest) break;
        count_bytes(c, buf + i, got - i);
        pos += got;
    }
    pc_reader_free(r);
    return rc;
}

/* First unit start at or after x, or size. */
static uint64_t unit_at(const struct pc_units *u, uint64_t size, uint64_t x)
{
    size_t lo = 0, hi = u->n; /* the first index with off >= x */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (u->off[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < u->n ? u->off[lo] : size;
}

int pc_shard_plan_units(const char *path, int comp, uint64_t size, const struct pc_units *u,
                        const uint64_t *cut, unsigned m, struct pc_shard_range *out, size_t stride,
                        struct pc_error *err)
{
    unsigned char *buf = malloc(CHUNK);
    if (!buf) return pc_error_set(err, PC_ENOMEM, "out of memory");
    struct line_count c = {0, -1};
    uint64_t done = 0; /* units before this are in the counter */
    int rc = PC_OK;
    for (unsigned j = 0; !rc && j < m; j++) {
        struct pc_shard_range *r = &out[(size_t)j * stride];
        memset(r, 0, sizeof *r);
        r->comp = comp;
        r->units = u->n;
        uint64_t a = unit_at(u, size, cut[j]), b = unit_at(u, size, cut[j + 1]);
        if (a >= b) continue;
        if ((rc = count_units(path, comp, done, a, &c, buf, err))) break;
        int found = 0;
        rc =
            first_start(path, comp, a, b, j + 1 < m, &c, buf, &found, &r->skip, &r->line_base, err);
        done = b;
        r->take = found;
        r->begin = a;
        r->end = b;
        if (!found) r->skip = r->line_base = 0;
    }
    free(buf);
    return rc;
}
