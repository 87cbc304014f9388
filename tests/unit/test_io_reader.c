/* src/io/reader: compression detected by magic bytes, multi-member/multi-frame inputs,
 * truncated and corrupt data reported as errors, open failures, progress counters.
 * Compressed fixtures are made at test time: with the real gzip/zstd/xz programs when
 * installed (the independent producers), and with zlib/libzstd/liblzma in C. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include "pricer.h"
#include "io/reader.h"

/* Deterministic text of n bytes: JSON-ish lines. */
static char *make_text(size_t n)
{
    char *t = malloc(n + 1);
    uint32_t x = 12345;
    for (size_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        int k = (x >> 16) % 64;
        t[i] = k == 0 ? '\n' : (char)('a' + k % 26);
    }
    t[n] = '\0';
    return t;
}

static size_t gzip_mem(const char *in, size_t n, unsigned char *out, size_t cap)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
    z.next_in = (unsigned char *)in;
    z.avail_in = (uInt)n;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    size_t k = cap - z.avail_out;
    deflateEnd(&z);
    return k;
}

/* zstd frame with a content checksum, as the zstd program writes by default. */
static size_t zstd_mem(const char *in, size_t n, unsigned char *out, size_t cap)
{
    ZSTD_CCtx *cc = ZSTD_createCCtx();
    ZSTD_CCtx_setParameter(cc, ZSTD_c_compressionLevel, 3);
    ZSTD_CCtx_setParameter(cc, ZSTD_c_checksumFlag, 1);
    size_t k = ZSTD_compress2(cc, out, cap, in, n);
    assert_false(ZSTD_isError(k));
    ZSTD_freeCCtx(cc);
    return k;
}

static size_t xz_mem(const char *in, size_t n, unsigned char *out, size_t cap)
{
    size_t pos = 0;
    assert_int_equal(
        lzma_easy_buffer_encode(1, LZMA_CHECK_CRC64, NULL, (const uint8_t *)in, n, out, &pos, cap),
        LZMA_OK);
    return pos;
}

/* Reads everything from r; returns malloc'd bytes and the rc of the last read. */
static char *drain(struct pc_reader *r, size_t *len, int *rc, struct pc_error *err)
{
    size_t cap = 1 << 16, n = 0;
    char *out = malloc(cap);
    char chunk[7000];
    for (;;) {
        size_t got;
        *rc = pc_reader_read(r, chunk, sizeof chunk, &got, err);
        if (*rc || got == 0) break;
        if (n + got > cap) out = realloc(out, cap = (n + got) * 2);
        memcpy(out + n, chunk, got);
        n += got;
    }
    *len = n;
    return out;
}

static void check_mem(const unsigned char *data, size_t n, size_t max_read,
                      enum pc_compression comp, const char *want, size_t want_len)
{
    struct pc_reader *r;
    struct pc_error err;
    pc_error_clear(&err);
    assert_int_equal(pc_reader_open_mem(&r, data, n, max_read, "mem", &err), PC_OK);
    assert_int_equal(pc_reader_compression(r), comp);
    size_t len;
    int rc;
    char *got = drain(r, &len, &rc, &err);
    if (rc) fail_msg("%s: %s", pc_compression_name(comp), err.message);
    assert_int_equal(len, want_len);
    assert_memory_equal(got, want, want_len);
    assert_int_equal(pc_reader_consumed(r), n);
    assert_int_equal(pc_reader_produced(r), want_len);
    assert_int_equal(pc_reader_size(r), (int64_t)n);
    free(got);
    pc_reader_free(r);
}

static void expect_error(const unsigned char *data, size_t n, int code, const char *needle)
{
    struct pc_reader *r;
    struct pc_error err;
    pc_error_clear(&err);
    int rc = pc_reader_open_mem(&r, data, n, 0, "bad.gz", &err);
    if (rc == PC_OK) {
        size_t len;
        free(drain(r, &len, &rc, &err));
        /* errors are sticky */
        char b[16];
        size_t got;
        assert_int_equal(pc_reader_read(r, b, sizeof b, &got, NULL), rc);
        assert_int_equal(got, 0);
        pc_reader_free(r);
    }
    if (rc != code) fail_msg("expected error %d ('%s'), got %d", code, needle, rc);
    if (!strstr(err.message, needle)) fail_msg("message '%s' lacks '%s'", err.message, needle);
    assert_string_equal(err.file, "bad.gz");
}

static void formats_in_memory(void **state)
{
    size_t n = 1 << 20;
    char *text = make_text(n);
    size_t cap = n + (1 << 16);
    unsigned char *c = malloc(2 * cap);
    check_mem((unsigned char *)text, n, 0, PC_COMP_NONE, text, n);
    check_mem((unsigned char *)text, n, 4093, PC_COMP_NONE, text, n);
    /* gzip, and two members back to back (read as one stream) */
    size_t k1 = gzip_mem(text, n / 2, c, cap);
    size_t k2 = gzip_mem(text + n / 2, n - n / 2, c + k1, cap);
    check_mem(c, k1, 0, PC_COMP_GZIP, text, n / 2);
    check_mem(c, k1 + k2, 0, PC_COMP_GZIP, text, n);
    check_mem(c, k1 + k2, 1000, PC_COMP_GZIP, text, n);
    /* zstd, two frames */
    k1 = zstd_mem(text, n / 3, c, cap);
    k2 = zstd_mem(text + n / 3, n - n / 3, c + k1, cap);
    check_mem(c, k1 + k2, 0, PC_COMP_ZSTD, text, n);
    check_mem(c, k1 + k2, 777, PC_COMP_ZSTD, text, n);
    /* xz, two streams */
    k1 = xz_mem(text, n / 4, c, cap);
    k2 = xz_mem(text + n / 4, n - n / 4, c + k1, cap);
    check_mem(c, k1 + k2, 0, PC_COMP_XZ, text, n);
    check_mem(c, k1 + k2, 999, PC_COMP_XZ, text, n);
    /* tiny and empty plain inputs */
    check_mem((const unsigned char *)"", 0, 0, PC_COMP_NONE, "", 0);
    check_mem((const unsigned char *)"\x1f", 1, 0, PC_COMP_NONE, "\x1f", 1);
    free(c);
    free(text);
}

static void bad_compressed_data(void **state)
{
    size_t n = 1 << 20;
    char *text = make_text(n);
    unsigned char *c = malloc(2 * n);
    size_t k = gzip_mem(text, n, c, 2 * n);
    expect_error(c, k - 100, PC_EFORMAT, "truncated gzip");
    expect_error(c, 2, PC_EFORMAT, "truncated gzip");
    unsigned char *bad = malloc(k + 8);
    memcpy(bad, c, k);
    memcpy(bad + k, "garbage!", 8);
    expect_error(bad, k + 8, PC_EFORMAT, "trailing garbage");
    memcpy(bad, c, k);
    for (size_t i = 200; i < 260; i++) bad[i] ^= 0x5a;
    expect_error(bad, k, PC_EFORMAT, "gzip");

    k = zstd_mem(text, n, c, 2 * n);
    expect_error(c, k - 10, PC_EFORMAT, "truncated zstd");
    memcpy(bad, c, k);
    for (size_t i = 100; i < 200; i++) bad[i] ^= 0x5a;
    expect_error(bad, k, PC_EFORMAT, "zstd");

    k = xz_mem(text, n, c, 2 * n);
    expect_error(c, k - 10, PC_EFORMAT, "xz");
    expect_error(c, k / 2, PC_EFORMAT, "truncated xz");
    free(bad);
    free(c);
    free(text);
}

static void open_errors(void **state)
{
    struct pc_reader *r = (void *)1;
    struct pc_error err;
    pc_error_clear(&err);
    assert_int_equal(pc_reader_open(&r, "/nonexistent/meta_X.jsonl", &err), PC_EIO);
    assert_null(r);
    assert_string_equal(err.message,
                        "cannot open '/nonexistent/meta_X.jsonl': No such file or directory");
    assert_int_equal(pc_reader_open(&r, "/", &err), PC_EIO);
    assert_non_null(strstr(err.message, "directory"));
}

/* Files written by the real command-line compressors. */
static void real_tools(void **state)
{
    char dir[] = "/tmp/pc_io_test_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256], cmd[1024];
    size_t n = 500000;
    char *text = make_text(n);
    snprintf(path, sizeof path, "%s/a.txt", dir);
    FILE *f = fopen(path, "wb");
    fwrite(text, 1, n, f);
    fclose(f);
    static const struct {
        const char *cmd;
        enum pc_compression comp;
    } tools[] = {
        {"gzip -c %s/a.txt > %s/a.out", PC_COMP_GZIP},
        {"gzip -c %s/a.txt > %s/a.out && gzip -c %s/a.txt >> %s/a.out", PC_COMP_GZIP},
        {"zstd -q -c %s/a.txt > %s/a.out", PC_COMP_ZSTD},
        {"xz -1 -c %s/a.txt > %s/a.out", PC_COMP_XZ},
        {"cat %s/a.txt > %s/a.out", PC_COMP_NONE},
    };
    int ran = 0;
    for (size_t i = 0; i < sizeof tools / sizeof tools[0]; i++) {
        snprintf(cmd, sizeof cmd, tools[i].cmd, dir, dir, dir, dir);
        if (system(cmd) != 0) continue; /* tool not installed */
        ran++;
        snprintf(path, sizeof path, "%s/a.out", dir);
        struct pc_reader *r;
        struct pc_error err;
        assert_int_equal(pc_reader_open(&r, path, &err), PC_OK);
        assert_int_equal(pc_reader_compression(r), tools[i].comp);
        size_t len;
        int rc;
        char *got = drain(r, &len, &rc, &err);
        assert_int_equal(rc, PC_OK);
        size_t want = i == 1 ? 2 * n : n;
        assert_int_equal(len, want);
        assert_memory_equal(got, text, n);
        if (i == 1) assert_memory_equal(got + n, text, n);
        assert_int_equal((uint64_t)pc_reader_size(r), pc_reader_consumed(r));
        free(got);
        pc_reader_free(r);
        unlink(path);
    }
    snprintf(path, sizeof path, "%s/a.txt", dir);
    unlink(path);
    rmdir(dir);
    free(text);
    if (!ran) skip();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(formats_in_memory),
        cmocka_unit_test(bad_compressed_data),
        cmocka_unit_test(open_errors),
        cmocka_unit_test(real_tools),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
