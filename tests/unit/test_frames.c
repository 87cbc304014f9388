/* Unit tests of src/io/frames (the unit walker) and pc_reader_open_units. Expected zstd
 * frame offsets come from libzstd's own ZSTD_findFrameCompressedSize over frames written by
 * libzstd (text, incompressible bytes = raw blocks, long runs = RLE blocks, empty frames,
 * with and without checksum and content size) between skippable frames; every prefix of
 * the file must be accepted exactly when it ends at a frame boundary. BGZF members are
 * written here with zlib by the format's definition (SAMv1 spec §4.1). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <zlib.h>
#include <zstd.h>

#include "io/frames.h"

struct mem {
    const unsigned char *p;
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

static int walk(int comp, const unsigned char *p, size_t n, struct pc_units *u,
                struct pc_error *err)
{
    struct mem m = {p, n};
    pc_error_clear(err);
    return pc_units_list((enum pc_compression)comp, mem_read, &m, n, "t", u, err);
}

static size_t add_zstd(unsigned char *out, const unsigned char *src, size_t n, int checksum,
                       int size_flag)
{
    ZSTD_CCtx *c = ZSTD_createCCtx();
    ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, checksum);
    ZSTD_CCtx_setParameter(c, ZSTD_c_contentSizeFlag, size_flag);
    ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, 3);
    size_t k = ZSTD_compress2(c, out, ZSTD_compressBound(n), src, n);
    ZSTD_freeCCtx(c);
    assert_false(ZSTD_isError(k));
    return k;
}

static void test_zstd_frames(void **state)
{
    (void)state;
    size_t big = 400000;
    unsigned char *text = malloc(big), *out = malloc(8 * ZSTD_compressBound(big));
    uint64_t want[16];
    size_t nw = 0, len = 0;
    uint32_t x = 12345;
    for (size_t i = 0; i < big; i++) { /* text, random bytes, a long run */
        x = x * 1103515245u + 12345u;
        text[i] = i < 100000   ? (unsigned char)("ab \n"[x >> 30])
                  : i < 250000 ? (unsigned char)(x >> 24)
                               : 'z';
    }
    const size_t parts[][2] = {{0, 100000}, {100000, 250000}, {250000, 400000}, {5, 5}, {0, 1000}};
    for (size_t i = 0; i < 5; i++) {
        if (i == 2) { /* a skippable frame */
            want[nw++] = len;
            memcpy(out + len, "\x5e\x2a\x4d\x18\x03\0\0\0xyz", 11);
            len += 11;
        }
        want[nw++] = len;
        len += add_zstd(out + len, text + parts[i][0], parts[i][1] - parts[i][0], (int)(i % 2),
                        i != 1);
    }
    /* the reference: libzstd's own frame sizes */
    for (size_t i = 0, off = 0; i < nw; i++) {
        assert_int_equal(want[i], off);
        size_t k = ZSTD_findFrameCompressedSize(out + off, len - off);
        assert_false(ZSTD_isError(k));
        off += k;
    }
    struct pc_units u;
    struct pc_error err;
    assert_int_equal(walk(PC_COMP_ZSTD, out, len, &u, &err), PC_OK);
    assert_int_equal(u.n, nw);
    for (size_t i = 0; i < nw; i++) assert_int_equal(u.off[i], want[i]);
    pc_units_release(&u);
    /* every prefix: accepted exactly at frame boundaries, with the frames before it */
    for (size_t cut = 1; cut < len; cut += cut < 200 ? 1 : 97) {
        size_t at = 0;
        while (at < nw && want[at] < cut) at++;
        int boundary = at < nw && want[at] == cut;
        int rc = walk(PC_COMP_ZSTD, out, cut, &u, &err);
        assert_int_equal(rc, boundary ? PC_OK : PC_EFORMAT);
        if (boundary) assert_int_equal(u.n, at);
        if (!boundary) assert_non_null(strstr(err.message, "truncated"));
        pc_units_release(&u);
    }
    /* a reserved bit, a reserved block type, garbage between frames */
    unsigned char *bad = malloc(len);
    memcpy(bad, out, len);
    bad[want[1] + 4] |= 8;
    assert_int_equal(walk(PC_COMP_ZSTD, bad, len, &u, &err), PC_EFORMAT);
    assert_non_null(strstr(err.message, "reserved bit"));
    assert_int_equal(err.byte_offset, (int64_t)want[1]);
    pc_units_release(&u);
    memcpy(bad, out, len);
    memcpy(bad + want[4], "\x28\xb5\x2f\xfd\x00\x00\x07\x00\x00", 9); /* block type 3 */
    assert_int_equal(walk(PC_COMP_ZSTD, bad, want[4] + 9, &u, &err), PC_EFORMAT);
    assert_non_null(strstr(err.message, "reserved block type"));
    pc_units_release(&u);
    memcpy(bad, out, len);
    bad[want[3]] = 'J';
    assert_int_equal(walk(PC_COMP_ZSTD, bad, len, &u, &err), PC_EFORMAT);
    assert_non_null(strstr(err.message, "not a zstd frame"));
    pc_units_release(&u);
    free(bad);
    free(text);
    free(out);
}

static size_t add_bgzf(unsigned char *o, const char *s, int with_bc, int other_field)
{
    unsigned char body[256];
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
    z.next_in = (Bytef *)s;
    z.avail_in = (uInt)strlen(s);
    z.next_out = body;
    z.avail_out = sizeof body;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    size_t blen = sizeof body - z.avail_out, h = 10;
    deflateEnd(&z);
    memcpy(o, "\x1f\x8b\x08\x00\0\0\0\0\0\xff", 10);
    if (with_bc || other_field) {
        o[3] = 4;
        size_t xlen = (other_field ? 7 : 0) + (with_bc ? 6 : 0);
        o[h++] = (unsigned char)xlen;
        o[h++] = 0;
        if (other_field) memcpy(o + h, "AB\x03\0abc", 7), h += 7;
        if (with_bc) {
            size_t bsize = h + 6 + blen + 8 - 1;
            memcpy(o + h, "BC\x02\0", 4);
            o[h + 4] = (unsigned char)(bsize & 0xff);
            o[h + 5] = (unsigned char)(bsize >> 8);
            h += 6;
        }
    }
    memcpy(o + h, body, blen);
    uint32_t crc = (uint32_t)crc32(0, (const Bytef *)s, (uInt)strlen(s));
    uint32_t n = (uint32_t)strlen(s);
    for (int i = 0; i < 4; i++) {
        o[h + blen + (size_t)i] = (unsigned char)(crc >> (8 * i));
        o[h + blen + 4 + (size_t)i] = (unsigned char)(n >> (8 * i));
    }
    return h + blen + 8;
}

static void test_bgzf(void **state)
{
    (void)state;
    unsigned char f[4096];
    size_t off[8], n = 0;
    const char *txt[] = {"one\n", "two\r\nthr", "ee\n", "", "four\n"};
    for (int i = 0; i < 5; i++) {
        off[i] = n;
        n += add_bgzf(f + n, txt[i], i != 3, i == 1);
    }
    /* the members' concatenation is a valid gzip file */
    char dec[64];
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(inflateInit2(&z, 16 + MAX_WBITS), Z_OK);
    z.next_in = f;
    z.avail_in = (uInt)off[1];
    z.next_out = (Bytef *)dec;
    z.avail_out = sizeof dec;
    assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
    inflateEnd(&z);
    assert_memory_equal(dec, "one\n", 4);

    struct pc_units u;
    struct pc_error err;
    /* members 0-2 carry BC (1 after another subfield); 3 has none: it and the rest are one */
    assert_int_equal(walk(PC_COMP_GZIP, f, n, &u, &err), PC_OK);
    assert_int_equal(u.n, 4);
    for (int i = 0; i < 4; i++) assert_int_equal(u.off[i], off[i]);
    pc_units_release(&u);
    /* the first three alone, then a truncated third member */
    assert_int_equal(walk(PC_COMP_GZIP, f, off[3], &u, &err), PC_OK);
    assert_int_equal(u.n, 3);
    pc_units_release(&u);
    assert_int_equal(walk(PC_COMP_GZIP, f, off[3] - 1, &u, &err), PC_EFORMAT);
    assert_non_null(strstr(err.message, "truncated BGZF member"));
    assert_int_equal(err.byte_offset, (int64_t)off[2]);
    pc_units_release(&u);
    /* an ordinary gzip member first: one unit */
    assert_int_equal(walk(PC_COMP_GZIP, f + off[3], n - off[3], &u, &err), PC_OK);
    assert_int_equal(u.n, 1);
    pc_units_release(&u);
    assert_string_equal(pc_units_kind(PC_COMP_GZIP, 1), "file");
    assert_string_equal(pc_units_kind(PC_COMP_GZIP, 4), "gzip members");
}

/* pc_reader_open_units: skip and finishing the last line across frames. */
static void test_units_reader(void **state)
{
    (void)state;
    const char *pieces[] = {"ab\r", "\ncd", "ef\ngh", "ij\rk"};
    unsigned char f[1024];
    size_t off[5], n = 0;
    for (int i = 0; i < 4; i++) {
        off[i] = n;
        n += add_zstd(f + n, (const unsigned char *)pieces[i], strlen(pieces[i]), 1, 1);
    }
    off[4] = n;
    char path[] = "/tmp/pc_frames_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, f, n), (ssize_t)n);
    close(fd);
    struct {
        int a, b;
        uint64_t skip;
        int finish;
        const char *want;
    } cases[] = {
        {0, 1, 0, 1, "ab\r\n"},   /* "\r" then "\n" in the next frame: one terminator */
        {1, 2, 1, 1, "cdef\n"},   /* drops "\n", finishes "cd" + "ef\n" */
        {2, 3, 3, 1, "ghij\r"},   /* a lone "\r" ends the line */
        {3, 4, 0, 1, "ij\rk"},    /* to the end of the file */
        {1, 3, 1, 0, "cdef\ngh"}, /* without finishing */
        {0, 4, 0, 1, "ab\r\ncdef\ngh" /* the whole file */ "ij\rk"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        struct pc_reader *r = NULL;
        struct pc_error err;
        assert_int_equal(pc_reader_open_units(&r, path, PC_COMP_ZSTD, off[cases[c].a],
                                              off[cases[c].b], cases[c].skip, cases[c].finish,
                                              &err),
                         PC_OK);
        char out[64];
        size_t len = 0, got = 0;
        while (pc_reader_read(r, out + len, 1, &got, &err) == PC_OK && got) len += got;
        assert_int_equal(len, strlen(cases[c].want));
        assert_memory_equal(out, cases[c].want, len);
        pc_reader_free(r);
    }
    /* a range that does not start at a frame */
    struct pc_reader *r = NULL;
    struct pc_error err;
    assert_int_equal(pc_reader_open_units(&r, path, PC_COMP_ZSTD, 1, off[1], 0, 0, &err),
                     PC_EFORMAT);
    assert_null(r);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zstd_frames),
        cmocka_unit_test(test_bgzf),
        cmocka_unit_test(test_units_reader),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
