/* The reader's SHA-256 of the raw bytes (io/reader.h), inline, on its own thread
 * (pc_reader_hash_thread, issue 8) and on a thread that reads the file itself
 * (pc_reader_hash_ahead: with a small lead, so it waits for the reader, and with a large one
 * and the reader started late, so it runs ahead): a file larger than the hasher's 4 MiB ring,
 * read in odd pieces to its end, or only partly (pc_reader_sha256 reads the rest), plain or
 * gzip (the compressed bytes are hashed), gives the digest OpenSSL computes in one call over
 * the file's bytes; a file that grows while read is hashed as far as the reader read it; one
 * truncated under the reader fails; a reader freed while hashing neither hangs nor leaks; an
 * output hashed as it is written on a thread of its own (pc_sha256_stream_new_thread) too. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <openssl/evp.h>
#include <zlib.h>

#include "io/reader.h"
#include "run/sha256.h"

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
/* mode: 0 inline, 1 ring thread, 2 file thread with a 64 KiB lead, 3 file thread with a lead
 * of the whole file and the reading started 50 ms late */
static void start_hash(struct pc_reader *r, int mode)
{
    struct pc_error err;
    if (mode <= 1) {
        assert_int_equal(pc_reader_hash_thread(r, mode, &err), PC_OK);
        return;
    }
    assert_int_equal(pc_reader_hash_ahead(r, mode == 2 ? 65536 : (uint64_t)1 << 40, &err), PC_OK);
    if (mode == 3) nanosleep(&(struct timespec){0, 50 * 1000 * 1000}, NULL);
}

static void hash_via_reader(const char *path, int mode, size_t limit, char out[65])
{
    struct pc_reader *r;
    struct pc_error err;
    assert_int_equal(pc_reader_open(&r, path, &err), PC_OK);
    start_hash(r, mode);
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
    assert_int_equal(pc_reader_hash_reads(r), mode >= 2);
    pc_reader_free(r);
}

/* Every mode (start_hash) gives want, reading data to the end and only partly (the rest is
 * read by pc_reader_sha256). */
static void hash_all_modes(const char *path, const unsigned char *data, size_t len, size_t partly)
{
    char want[65], got[65];
    hex_of(data, len, want);
    for (int mode = 0; mode <= 3; mode++) {
        hash_via_reader(path, mode, 0, got);
        assert_string_equal(got, want);
        hash_via_reader(path, mode, partly, got);
        assert_string_equal(got, want);
    }
}

static void test_plain(void **state)
{
    hash_all_modes(g_plain, g_data, g_len, 777777);
}

static void test_gzip_hashes_raw_bytes(void **state)
{
    hash_all_modes(g_gz, g_gzdata, g_gzlen, 123); /* the compressed bytes are hashed */
}

static void test_free_while_hashing(void **state)
{
    for (int mode = 1; mode <= 3; mode++) {
        struct pc_reader *r;
        struct pc_error err;
        assert_int_equal(pc_reader_open(&r, g_plain, &err), PC_OK);
        start_hash(r, mode);
        static unsigned char buf[1 << 20];
        size_t got;
        for (int i = 0; i < 6; i++)
            assert_int_equal(pc_reader_read(r, buf, sizeof buf, &got, &err), 0);
        pc_reader_free(r); /* stops and joins the hasher (ASan: no leak) */
    }
    struct pc_reader *r; /* a file thread that has not been waited for at all */
    struct pc_error err;
    assert_int_equal(pc_reader_open(&r, g_plain, &err), PC_OK);
    start_hash(r, 3);
    pc_reader_free(r);
}

/* Reads r to its end; returns the decoded bytes. */
static size_t read_to_end(struct pc_reader *r)
{
    static unsigned char buf[1 << 20];
    struct pc_error err;
    size_t total = 0, n;
    do {
        assert_int_equal(pc_reader_read(r, buf, sizeof buf, &n, &err), PC_OK);
        total += n;
    } while (n);
    return total;
}

/* The file grows after the hashing thread (with the whole file as its lead) has read to its
 * end, before the reader gets there: the hash covers what the reader read, the grown file. */
static void test_ahead_file_grows(void **state)
{
    char path[320], want[65], got[65];
    snprintf(path, sizeof path, "%s/grows.jsonl", g_dir);
    size_t half = g_len / 2;
    write_file(path, g_data, half);
    struct pc_reader *r;
    struct pc_error err;
    assert_int_equal(pc_reader_open(&r, path, &err), PC_OK);
    start_hash(r, 3); /* it has hashed the half by now, most likely, and waits */
    FILE *f = fopen(path, "ab");
    assert_non_null(f);
    assert_int_equal(fwrite(g_data + half, 1, g_len - half, f), g_len - half);
    assert_int_equal(fclose(f), 0);
    size_t total = read_to_end(r);
    assert_int_equal(total, g_len);
    assert_int_equal(pc_reader_sha256(r, got, &err), PC_OK);
    hex_of(g_data, g_len, want);
    assert_string_equal(got, want);
    pc_reader_free(r);
    unlink(path);
}

/* The file is cut short right after it was opened (the reader holds the first 256 KiB it
 * read to detect the format; the hashing thread, started after the cut, finds only 4 KiB):
 * pc_reader_sha256 fails rather than return the digest of other bytes than were read. */
static void test_ahead_file_truncated(void **state)
{
    char path[320], out[65];
    snprintf(path, sizeof path, "%s/cut.jsonl", g_dir);
    write_file(path, g_data, g_len);
    struct pc_reader *r;
    struct pc_error err;
    assert_int_equal(pc_reader_open(&r, path, &err), PC_OK);
    assert_int_equal(truncate(path, 4096), 0);
    assert_int_equal(pc_reader_hash_ahead(r, 65536, &err), PC_OK);
    size_t total = read_to_end(r);
    assert_true(total > 4096); /* what the reader had before the cut */
    assert_int_equal(pc_reader_sha256(r, out, &err), PC_EIO);
    assert_non_null(strstr(err.message, "changed while it was read"));
    pc_reader_free(r);
    unlink(path);
}

/* An output hashed as it is written, inline and on a thread of its own (a 4 MiB ring that
 * 11 MiB in odd pieces wrap): the digest OpenSSL computes in one call; a stream freed before
 * its digest neither hangs nor leaks. */
static void test_stream_thread(void **state)
{
    char want[65], got[65];
    hex_of(g_data, g_len, want);
    for (int thread = 0; thread <= 1; thread++) {
        struct pc_sha256_stream *h =
            thread ? pc_sha256_stream_new_thread() : pc_sha256_stream_new();
        assert_non_null(h);
        size_t at = 0, step = 1;
        while (at < g_len) {
            size_t n = step < g_len - at ? step : g_len - at;
            pc_sha256_stream_update(h, g_data + at, n);
            at += n;
            step = step * 7 + 1;
        }
        assert_int_equal(pc_sha256_stream_hex(h, got), PC_OK);
        assert_string_equal(got, want);
        assert_true(thread ? pc_sha256_stream_cpu(h) > 0 : pc_sha256_stream_cpu(h) == 0);
        pc_sha256_stream_free(h);
    }
    struct pc_sha256_stream *h = pc_sha256_stream_new_thread();
    assert_non_null(h);
    pc_sha256_stream_update(h, g_data, g_len);
    pc_sha256_stream_free(h); /* unfinished */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain),
        cmocka_unit_test(test_gzip_hashes_raw_bytes),
        cmocka_unit_test(test_free_while_hashing),
        cmocka_unit_test(test_ahead_file_grows),
        cmocka_unit_test(test_ahead_file_truncated),
        cmocka_unit_test(test_stream_thread),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
