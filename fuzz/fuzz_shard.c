/* Fuzz target for the unit walker (io/frames.h) and the shards cut at units or lines
 * (pipe/shard.h, pc_reader_open_units). Input: byte 0 = shards N (1 + low 3 bits) and what
 * the rest is (bits 3-4): 0 the file itself (any bytes: the walker must not crash and its
 * units must tile the file in order), or a file BUILT from a text: 1 zstd frames, 2 BGZF
 * members, 3 zstd frames with skippable frames between; byte 1 = cuts C (0..7), then C
 * 16-bit cut points into the text, then the text (valid files, so every step must
 * succeed). Invariants: pc_shard_plan of each shard equals pc_shard_plan_all's; when every
 * shard reads without error and the whole file decodes, the shards' bytes concatenated in
 * K order are the whole decoded stream, each shard starting at a line start with
 * line_base = the lines before it (io/lines.h rules); all-valid built files never fail; the
 * walker's zstd frame sizes equal libzstd's ZSTD_findFrameCompressedSize where it has one. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "core/buf.h"
#include "io/frames.h"
#include "pipe/shard.h"

static void check(int ok)
{
    if (!ok) abort();
}

struct mem {
    const uint8_t *p;
    size_t n;
};

static long mem_read(void *ctx, void *buf, size_t len, uint64_t off)
{
    const struct mem *m = ctx;
    if (off >= m->n) return 0;
    size_t k = m->n - off < len ? (size_t)(m->n - off) : len;
    memcpy(buf, m->p + off, k);
    return (long)k;
}

static void put_zstd(struct pc_buf *o, const uint8_t *p, size_t n)
{
    size_t cap = ZSTD_compressBound(n);
    char *z = malloc(cap);
    size_t k = ZSTD_compress(z, cap, p, n, 1);
    check(!ZSTD_isError(k));
    pc_buf_append(o, z, k);
    free(z);
}

static void put_bgzf(struct pc_buf *o, const uint8_t *p, size_t n)
{
    unsigned char body[70000];
    z_stream s;
    memset(&s, 0, sizeof s);
    check(deflateInit2(&s, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    s.next_in = (Bytef *)p;
    s.avail_in = (uInt)n;
    s.next_out = body;
    s.avail_out = sizeof body;
    check(deflate(&s, Z_FINISH) == Z_STREAM_END);
    size_t blen = sizeof body - s.avail_out;
    deflateEnd(&s);
    size_t bsize = 12 + 6 + blen + 8;
    unsigned char h[18] = {0x1f,
                           0x8b,
                           8,
                           4,
                           0,
                           0,
                           0,
                           0,
                           0,
                           0xff,
                           6,
                           0,
                           'B',
                           'C',
                           2,
                           0,
                           (unsigned char)((bsize - 1) & 0xff),
                           (unsigned char)((bsize - 1) >> 8)};
    pc_buf_append(o, (char *)h, sizeof h);
    pc_buf_append(o, (char *)body, blen);
    uint32_t crc = (uint32_t)crc32(0, p, (uInt)n), len = (uint32_t)n;
    unsigned char t[8];
    for (int i = 0; i < 4; i++) {
        t[i] = (unsigned char)(crc >> (8 * i));
        t[4 + i] = (unsigned char)(len >> (8 * i));
    }
    pc_buf_append(o, (char *)t, 8);
}

static int cmp_u16(const void *a, const void *b)
{
    return (int)*(const uint16_t *)a - (int)*(const uint16_t *)b;
}

/* Builds a valid multi-unit file of kind 1..3 from the cuts and text in d[0..n). */
static int build(int kind, const uint8_t *d, size_t n, struct pc_buf *o)
{
    if (n < 1) return 0;
    unsigned c = d[0] % 8;
    if (n < 1 + 2 * (size_t)c) return 0;
    const uint8_t *text = d + 1 + 2 * c;
    size_t tn = n - 1 - 2 * c;
    if (tn > 60000) return 0; /* one BGZF member holds less than 64 KiB */
    uint16_t cut[9];
    for (unsigned i = 0; i < c; i++)
        cut[i] = (uint16_t)((d[1 + 2 * i] | d[2 + 2 * i] << 8) % (tn + 1));
    qsort(cut, c, sizeof *cut, cmp_u16);
    cut[c] = (uint16_t)tn;
    size_t from = 0;
    for (unsigned i = 0; i <= c; i++) {
        const uint8_t *p = text + from;
        size_t len = cut[i] - from;
        if (kind == 2)
            put_bgzf(o, p, len);
        else
            put_zstd(o, p, len);
        if (kind == 3 && i % 2 == 0) pc_buf_append(o, "\x5a\x2a\x4d\x18\x02\0\0\0ab", 10);
        from = cut[i];
    }
    return 1;
}

/* Lines ended before pos in s (a line start): '\n' plus '\r' not followed by '\n'. */
static int64_t ref_lines(const unsigned char *s, size_t pos)
{
    int64_t n = 0;
    for (size_t i = 0; i < pos; i++)
        if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == pos || s[i + 1] != '\n'))) n++;
    return n;
}

/* Every decoded byte of r into o; the reader's code. */
static int drain(struct pc_reader *r, struct pc_buf *o)
{
    char buf[4096];
    size_t got;
    struct pc_error err;
    int rc;
    while (!(rc = pc_reader_read(r, buf, 1 + (o->len % sizeof buf), &got, &err)) && got)
        pc_buf_append(o, buf, got);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    unsigned n = 1 + (data[0] & 7), kind = (data[0] >> 3) & 3;
    struct pc_buf file;
    pc_buf_init(&file, 0);
    if (kind == 0)
        pc_buf_append(&file, (const char *)data + 1, size - 1);
    else if (!build((int)kind, data + 1, size - 1, &file)) {
        pc_buf_release(&file);
        return 0;
    }
    struct pc_error err;
    struct mem m = {(const uint8_t *)file.data, file.len};
    for (int comp = PC_COMP_GZIP; comp <= PC_COMP_ZSTD; comp++) {
        struct pc_units u;
        if (pc_units_list((enum pc_compression)comp, mem_read, &m, m.n, "fuzz", &u, &err) == 0) {
            check(u.n >= 1 && u.off[0] == 0);
            for (size_t i = 1; i < u.n; i++) check(u.off[i] > u.off[i - 1] && u.off[i] < m.n);
            for (size_t i = 0; comp == PC_COMP_ZSTD && i < u.n; i++) { /* libzstd agrees */
                size_t end = i + 1 < u.n ? u.off[i + 1] : m.n;
                size_t k = ZSTD_findFrameCompressedSize(m.p + u.off[i], m.n - u.off[i]);
                check(ZSTD_isError(k) || k == end - u.off[i]);
            }
            if (kind == 1 && comp == PC_COMP_ZSTD) check(u.n == 1 + data[1] % 8 || m.n == 0);
        } else {
            check(kind == 0 || comp != (kind == 2 ? PC_COMP_GZIP : PC_COMP_ZSTD));
        }
        pc_units_release(&u);
    }

    int fd = memfd_create("fuzz_shard", 0);
    if (fd < 0) {
        pc_buf_release(&file);
        return 0;
    }
    check(write(fd, file.data ? file.data : "", file.len) == (ssize_t)file.len);
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    const char *paths[1] = {path};
    struct pc_shard_range all[8], one;
    struct pc_buf whole, cat;
    pc_buf_init(&whole, 0);
    pc_buf_init(&cat, 0);
    int ok = 1;
    struct pc_reader *r = NULL;
    int whole_ok = pc_reader_open(&r, path, &err) == 0 && drain(r, &whole) == 0;
    pc_reader_free(r);
    if (kind) check(whole_ok);
    if (pc_shard_plan_all(paths, 1, n, all, &err) == 0) {
        for (unsigned k = 1; k <= n; k++) {
            check(pc_shard_plan(paths, 1, k, n, &one, &err) == 0);
            const struct pc_shard_range *a = &all[k - 1];
            check(one.take == a->take && one.whole == a->whole && one.comp == a->comp &&
                  one.units == a->units);
            if (!a->take) continue;
            check(one.begin == a->begin && one.end == a->end && one.skip == a->skip &&
                  one.line_base == a->line_base);
            if (whole_ok && ok) /* a shard starts at a line start with the lines before it */
                check(cat.len <= whole.len &&
                      a->line_base == ref_lines((unsigned char *)whole.data, cat.len));
            size_t before = cat.len;
            r = NULL;
            if (pc_shard_open(path, a, &r, &err) || drain(r, &cat)) ok = 0;
            pc_reader_free(r);
            if (whole_ok && ok) check(cat.len > before || a->whole);
        }
        if (whole_ok && ok)
            check(cat.len == whole.len && (!cat.len || !memcmp(cat.data, whole.data, cat.len)));
        if (kind) check(ok);
    } else {
        check(!kind);
    }
    pc_buf_release(&whole);
    pc_buf_release(&cat);
    pc_buf_release(&file);
    close(fd);
    return 0;
}
