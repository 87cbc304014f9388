/* The reader's SHA-256 of the raw bytes (io/reader.h), inline and on its own thread
 * (pc_reader_hash_thread, issue 8): a file larger than the hasher's 4 MiB ring, read in odd
 * pieces to its end, or only partly (pc_reader_sha256 reads the rest), plain or gzip (the
 * compressed bytes are hashed), gives the digest OpenSSL computes in one call over the file's
 * bytes; a reader freed while hashing on a thread neither hangs nor leaks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <openssl/evp.h>
#include <zlib.h>

#include "io/reader.h"

static char g_dir[] = "/tmp/pc_reader_hash_XXXXXX";
static char g_plain[300], g_gz[300];
static unsigned char *g_data, *g_gzdata;
static size_t g_len, g_gzlen;

static void hex_of(const unsigned char *p, size_t n, char out[65])
{
    unsigned char d[32];
    unsigned int k = 0;
    assert_int_equal(EVP_Digest(p, n, d, &k, EVP_sha256(), NULL), 1);
    for (int i = 0; i < 32; i++) snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void write_file(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(p, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

static int setup(void **state)
{
    if (!mkdtemp(g_dir)) return -1;
    g_len = (size_t)11 << 20; /* 11 MiB of lines: wraps the ring twice */
    g_data = malloc(g_len);
    if (!g_data) return -1;
    uint32_t x = 12345;
    for (size_t i = 0; i < g_len; i++) {
        x = x * 1103515245u + 12345u;
        g_data[i] = i % 100 == 99 ? '\n' : (unsigned char)('a' + (x >> 16) % 26);
    }
    snprintf(g_plain, sizeof g_plain, "%s/plain.jsonl", g_dir);
    write_file(g_plain, g_data, g_len);
    uLongf cap = compressBound(g_len) + 64;
    g_gzdata = malloc(cap);
    if (!g_gzdata) return -1;
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, 1, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) return -1;
    z.next_in = g_data;
    z.avail_in = (uInt)g_len;
    z.next_out = g_gzdata;
    z.avail_out = (uInt)cap;
    if (deflate(&z, Z_FINISH) != Z_STREAM_END) return -1;
    g_gzlen = z.total_out;
    deflateEnd(&z);
    snprintf(g_gz, sizeof g_gz, "%s/plain.jsonl.gz", g_dir);
    write_file(g_gz, g_gzdata, g_gzlen);
    return 0;
}

static int teardown(void **state)
{
    unlink(g_plain);
    unlink(g_gz);
    rmdir(g_dir);
    free(g_data);
    free(g_gzdata);
    return 0;
}

/* Reads path through a reader hashing inline or on a thread: to the end (limit 0) or only
 * limit decoded bytes; returns the digest. Checks the decoded bytes are the data's. */
static void hash_via_reader(const char *path, int thread, size_t limit, char out[65])
{
    struct pc_reader *r;
    struct pc_error err;
    assert_int_equal(pc_reader_open(&r, path, &err), PC_OK);
    assert_int_equal(pc_reader_hash_thread(r, thread, &err), PC_OK);
    static unsigned char buf[300007];
    size_t total = 0, got, step = 1;
    for (;;) {
        size_t want = step < sizeof buf ? step : sizeof buf;
        if (limit && want > limit - total) want = limit - total;
        if (!want) break;
        assert_int_equal(pc_reader_read(r, buf, want, &got, &err), PC_OK);
        if (!got) break;
        assert_memory_equal(buf, g_data + total, got);
        total += got;
        step = step * 5 + 3;
    }
    if (!limit) assert_int_equal(total, g_len);
    assert_int_equal(pc_reader_sha256(r, out, &err), PC_OK);
    pc_reader_free(r);
}

static void test_plain(void **state)
{
    char want[65], got[65];
    hex_of(g_data, g_len, want);
    for (int thread = 0; thread <= 1; thread++) {
        hash_via_reader(g_plain, thread, 0, got);
        assert_string_equal(got, want);
        hash_via_reader(g_plain, thread, 777777, got); /* the rest read by pc_reader_sha256 */
        assert_string_equal(got, want);
    }
}

static void test_gzip_hashes_raw_bytes(void **state)
{
    char want[65], got[65];
    hex_of(g_gzdata, g_gzlen, want);
    for (int thread = 0; thread <= 1; thread++) {
        hash_via_reader(g_gz, thread, 0, got);
        assert_string_equal(got, want);
        hash_via_reader(g_gz, thread, 123, got);
        assert_string_equal(got, want);
    }
}

static void test_free_while_hashing(void **state)
{
    struct pc_reader *r;
    struct pc_error err;
    assert_int_equal(pc_reader_open(&r, g_plain, &err), PC_OK);
    assert_int_equal(pc_reader_hash_thread(r, 1, &err), PC_OK);
    static unsigned char buf[1 << 20];
    size_t got;
    for (int i = 0; i < 6; i++) assert_int_equal(pc_reader_read(r, buf, sizeof buf, &got, &err), 0);
    pc_reader_free(r); /* joins the hasher (ASan: no leak) */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain),
        cmocka_unit_test(test_gzip_hashes_raw_bytes),
        cmocka_unit_test(test_free_while_hashing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
