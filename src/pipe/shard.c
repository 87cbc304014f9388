#include "pipe/shard.h"

#include "pipe/shard_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SCAN_BYTES ((size_t)1 << 20)

int pc_shard_parse(const char *text, unsigned *k, unsigned *n, struct pc_error *err)
{
    char *end;
    errno = 0;
    unsigned long a = strtoul(text, &end, 10);
    int ok = !errno && end != text && *end == '/' && text[0] != '-';
    const char *t = end + 1;
    unsigned long b = ok ? strtoul(t, &end, 10) : 0;
    ok = ok && !errno && end != t && !*end && t[0] != '-' && a >= 1 && a <= b && b <= 1000000;
    if (!ok)
        return pc_error_set(err, PC_EINVAL,
                            "--shard wants K/N with 1 <= K <= N <= 1000000, not '%s'", text);
    *k = (unsigned)a;
    *n = (unsigned)b;
    return PC_OK;
}

static ssize_t pread_full(int fd, unsigned char *buf, size_t cap, uint64_t off)
{
    size_t got = 0;
    while (got < cap) {
        ssize_t r = pread(fd, buf + got, cap - got, (off_t)(off + got));
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) return -1;
        if (r == 0) break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

/* First line start at or after x (or size): see the rule in shard.h. */
static int line_start_from(int fd, uint64_t size, uint64_t x, unsigned char *buf, size_t cap,
                           uint64_t *out)
{
    if (x == 0 || x >= size) {
        *out = x < size ? x : size;
        return PC_OK;
    }
    uint64_t q = x - 1; /* the byte before x decides whether x starts a line */
    int pending_cr = 0; /* the previous byte was '\r' (at q - 1) */
    while (q < size) {
        ssize_t got = pread_full(fd, buf, cap, q);
        if (got <= 0) return PC_EIO;
        for (ssize_t i = 0; i < got; i++) {
            unsigned char c = buf[i];
            if (pending_cr) { /* "\r\n": the line starts after '\n'; lone '\r': here */
                *out = c == '\n' ? q + (uint64_t)i + 1 : q + (uint64_t)i;
                return PC_OK;
            }
            if (c == '\n') {
                *out = q + (uint64_t)i + 1;
                return PC_OK;
            }
            pending_cr = c == '\r';
        }
        q += (uint64_t)got;
    }
    *out = size;
    return PC_OK;
}

/* Lines ending in [from, to) (both line starts, from after a counted terminator): '\n'
 * plus '\r' not followed by '\n'. */
static int count_lines(int fd, uint64_t from, uint64_t to, unsigned char *buf, size_t cap,
                       int64_t *out)
{
    int64_t n = 0;
    int prev_cr = 0;
    for (uint64_t q = from; q < to;) {
        size_t want = to - q < cap ? (size_t)(to - q) : cap;
        ssize_t got = pread_full(fd, buf, want, q);
        if (got <= 0) return PC_EIO;
        const unsigned char *p = buf, *e = buf + got;
        if (!prev_cr && !memchr(p, '\r', (size_t)got)) { /* the common case: count '\n' */
            while ((p = memchr(p, '\n', (size_t)(e - p))) != NULL) {
                n++;
                p++;
            }
        } else {
            for (; p < e; p++) {
                if (*p == '\n')
                    n++;
                else if (prev_cr)
                    n++;
                prev_cr = *p == '\r';
            }
        }
        q += (uint64_t)got;
    }
    if (prev_cr) n++; /* to follows a lone '\r' */
    *out = n;
    return PC_OK;
}

static uint64_t cut(uint64_t total, unsigned k, unsigned n)
{
    return (uint64_t)((unsigned __int128)total * k / n);
}

static int plan_plain(const char *path, uint64_t size, uint64_t lo, uint64_t hi,
                      struct pc_shard_range *r, struct pc_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return pc_error_set(err, PC_EIO, "cannot open '%s': %s", path, strerror(errno));
    size_t cap = size < SCAN_BYTES ? (size_t)size + 1 : SCAN_BYTES;
    unsigned char *buf = malloc(cap);
    int rc = buf ? PC_OK : PC_ENOMEM;
    uint64_t s = 0, e = 0;
    if (!rc) rc = line_start_from(fd, size, lo, buf, cap, &s);
    if (!rc) rc = line_start_from(fd, size, hi, buf, cap, &e);
    r->take = s < e;
    r->begin = s;
    r->end = e;
    if (!rc && r->take) rc = count_lines(fd, 0, s, buf, cap, &r->line_base);
    free(buf);
    close(fd);
    if (rc == PC_ENOMEM) return pc_error_set(err, rc, "out of memory");
    if (rc) return pc_error_set(err, rc, "cannot read '%s' to cut a shard", path);
    return PC_OK;
}

/* What the planners know of each input. */
struct input {
    uint64_t size;
    int comp;          /* enum pc_compression */
    struct pc_units u; /* compressed: its units (u.n > 1: cut at them) */
};

static void inputs_free(struct input *in, size_t count)
{
    for (size_t i = 0; in && i < count; i++) pc_units_release(&in[i].u);
    free(in);
}

/* Sizes, compression and units of the inputs; *total their sum. */
static int inspect(const char *const *paths, size_t count, struct input *in, uint64_t *total,
                   struct pc_error *err)
{
    *total = 0;
    for (size_t i = 0; i < count; i++) {
        if (!strcmp(paths[i], "-"))
            return pc_error_set(err, PC_EINVAL, "standard input cannot be cut into shards");
        struct pc_reader *rd = NULL;
        int rc = pc_reader_open(&rd, paths[i], err);
        if (rc) return rc;
        int64_t sz = pc_reader_size(rd);
        in[i].comp = (int)pc_reader_compression(rd);
        pc_reader_free(rd);
        if (sz < 0)
            return pc_error_set(err, PC_EINVAL,
                                "'%s' is not a regular file: cannot cut it into shards", paths[i]);
        in[i].size = (uint64_t)sz;
        *total += in[i].size;
        if (in[i].comp != PC_COMP_NONE &&
            (rc = pc_units_list_file(paths[i], (enum pc_compression)in[i].comp, in[i].size,
                                     &in[i].u, err)))
            return rc;
    }
    return PC_OK;
}

/* Whether a compressed input starting at base (of total) goes to shard k of n. */
static int packed_takes(uint64_t base, uint64_t total, unsigned k, unsigned n)
{
    return (base >= cut(total, k - 1, n) && base < cut(total, k, n)) || (k == n && base >= total);
}

/* Local position of cut point j of n in an input at base of size bytes. */
static uint64_t local_cut(uint64_t total, unsigned j, unsigned n, uint64_t base, uint64_t size)
{
    if (j == n) return size;
    uint64_t c = cut(total, j, n);
    c = c > base ? c - base : 0;
    return c < size ? c : size;
}

int pc_shard_plan(const char *const *paths, size_t count, unsigned k, unsigned n,
                  struct pc_shard_range *out, struct pc_error *err)
{
    if (k < 1 || k > n) return pc_error_set(err, PC_EINVAL, "shard %u/%u does not exist", k, n);
    struct input *in = calloc(count + 1, sizeof *in);
    int rc = in ? PC_OK : pc_error_set(err, PC_ENOMEM, "out of memory");
    uint64_t total = 0, base = 0;
    if (!rc) rc = inspect(paths, count, in, &total, err);
    for (size_t i = 0; !rc && i < count; i++) {
        struct pc_shard_range *r = &out[i];
        memset(r, 0, sizeof *r);
        uint64_t size = in[i].size;
        uint64_t cut2[2] = {local_cut(total, k - 1, n, base, size),
                            local_cut(total, k, n, base, size)};
        if (in[i].u.n > 1) { /* cut at units */
            rc = pc_shard_plan_units(paths[i], in[i].comp, size, &in[i].u, cut2, 1, r, 1, err);
        } else if (in[i].comp) { /* whole, in the shard whose range holds its first byte */
            r->whole = 1;
            r->take = packed_takes(base, total, k, n);
            r->comp = in[i].comp;
            r->units = 1;
        } else {
            r->units = size;
            if (cut2[0] < cut2[1]) rc = plan_plain(paths[i], size, cut2[0], cut2[1], r, err);
        }
        base += size;
    }
    inputs_free(in, count);
    return rc;
}

/* Every shard of one plain input in one pass: r[k - 1] for k = 1..n. */
static int plan_plain_all(const char *path, uint64_t size, uint64_t total, uint64_t base,
                          unsigned n, struct pc_shard_range *r, size_t stride, struct pc_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return pc_error_set(err, PC_EIO, "cannot open '%s': %s", path, strerror(errno));
    size_t cap = size < SCAN_BYTES ? (size_t)size + 1 : SCAN_BYTES;
    unsigned char *buf = malloc(cap);
    int rc = buf ? PC_OK : PC_ENOMEM;
    uint64_t prev = 0; /* line start of cut point 0 */
    int64_t lines = 0; /* lines before prev */
    if (!rc) rc = line_start_from(fd, size, local_cut(total, 0, n, base, size), buf, cap, &prev);
    for (unsigned k = 1; !rc && k <= n; k++) {
        struct pc_shard_range *x = &r[(k - 1) * stride];
        uint64_t a = local_cut(total, k - 1, n, base, size), b = local_cut(total, k, n, base, size);
        uint64_t next = prev;
        if (a < b) rc = line_start_from(fd, size, b, buf, cap, &next);
        if (rc) break;
        x->take = prev < next;
        x->begin = prev;
        x->end = next;
        if (x->take) {
            x->line_base = lines;
            int64_t in = 0;
            if ((rc = count_lines(fd, x->begin, x->end, buf, cap, &in))) break;
            lines += in;
        }
        prev = next;
    }
    free(buf);
    close(fd);
    if (rc == PC_ENOMEM) return pc_error_set(err, rc, "out of memory");
    if (rc) return pc_error_set(err, rc, "cannot read '%s' to cut shards", path);
    return PC_OK;
}

int pc_shard_plan_all(const char *const *paths, size_t count, unsigned n,
                      struct pc_shard_range *out, struct pc_error *err)
{
    if (n < 1) return pc_error_set(err, PC_EINVAL, "no shards");
    struct input *in = calloc(count + 1, sizeof *in);
    uint64_t *cuts = calloc((size_t)n + 1, sizeof *cuts);
    int rc = in && cuts ? PC_OK : pc_error_set(err, PC_ENOMEM, "out of memory");
    uint64_t total = 0, base = 0;
    if (!rc) rc = inspect(paths, count, in, &total, err);
    if (!rc) memset(out, 0, (size_t)n * count * sizeof *out);
    for (size_t i = 0; !rc && i < count; i++) {
        uint64_t size = in[i].size;
        if (in[i].u.n > 1) {
            for (unsigned j = 0; j <= n; j++) cuts[j] = local_cut(total, j, n, base, size);
            rc = pc_shard_plan_units(paths[i], in[i].comp, size, &in[i].u, cuts, n, &out[i], count,
                                     err);
        } else if (in[i].comp) {
            for (unsigned k = 1; k <= n; k++) {
                struct pc_shard_range *r = &out[(k - 1) * count + i];
                r->whole = 1;
                r->take = packed_takes(base, total, k, n);
                r->comp = in[i].comp;
                r->units = 1;
            }
        } else {
            rc = plan_plain_all(paths[i], size, total, base, n, &out[i], count, err);
            for (unsigned k = 1; k <= n; k++) out[(k - 1) * count + i].units = size;
        }
        base += size;
    }
    inputs_free(in, count);
    free(cuts);
    return rc;
}

int pc_shard_open(const char *path, const struct pc_shard_range *r, struct pc_reader **out,
                  struct pc_error *err)
{
    if (!r->take) return pc_reader_open_mem(out, "", 0, 0, path, err);
    if (r->whole) return pc_reader_open(out, path, err);
    if (r->comp)
        return pc_reader_open_units(out, path, (enum pc_compression)r->comp, r->begin, r->end,
                                    r->skip, 1, err);
    return pc_reader_open_range(out, path, r->begin, r->end, err);
}
