/* Unit tests of src/out/parquet: the file is walked with a small Thrift compact-protocol
 * reader written here from the Parquet spec (page header fields 1-3 and 5.1), checking the
 * magic bytes, that text and price pages follow each other with the right sizes, that the
 * PLAIN values read back equal what was written (after inflating GZIP pages with zlib and
 * ZSTD pages with libzstd, SNAPPY pages with libsnappy), and the footer length. (Real readers are
 * tested in tests/cli/test_export.sh with hyparquet.) */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>

#include "pricer.h"

struct rd {
    const unsigned char *p, *end;
};

static uint64_t varint(struct rd *r)
{
    uint64_t v = 0;
    for (int s = 0; r->p < r->end; s += 7) {
        unsigned char b = *r->p++;
        v |= (uint64_t)(b & 0x7f) << s;
        if (!(b & 0x80)) break;
    }
    return v;
}

static int64_t zz(uint64_t v)
{
    return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

/* Reads a struct; stores i32/i64 fields with ids 1..15 of the top level into top[id] and of
 * the nested struct with id `sub` into subv[id]. */
static void read_struct(struct rd *r, int64_t *top, int sub, int64_t *subv, int depth);

static void skip_value(struct rd *r, int type, int64_t *store, int depth)
{
    switch (type) {
    case 1:
    case 2:
        break;
    case 3:
        r->p++;
        break;
    case 4:
    case 5:
    case 6: {
        int64_t v = zz(varint(r));
        if (store) *store = v;
        break;
    }
    case 7:
        r->p += 8;
        break;
    case 8:
        r->p += varint(r);
        break;
    case 9: {
        unsigned char h = *r->p++;
        uint64_t n = h >> 4;
        if (n == 15) n = varint(r);
        for (uint64_t i = 0; i < n; i++) skip_value(r, h & 15, NULL, depth + 1);
        break;
    }
    case 12:
        read_struct(r, NULL, 0, NULL, depth + 1);
        break;
    default:
        fail_msg("unexpected thrift type %d", type);
    }
}

static void read_struct(struct rd *r, int64_t *top, int sub, int64_t *subv, int depth)
{
    int id = 0;
    while (r->p < r->end) {
        unsigned char h = *r->p++;
        if (h == 0) return;
        int type = h & 15, d = h >> 4;
        id = d ? id + d : (int)zz(varint(r));
        if (type == 12 && id == sub && top) {
            read_struct(r, subv, 0, NULL, depth + 1);
            continue;
        }
        skip_value(r, type, (top && id < 16) ? &top[id] : NULL, depth);
    }
}

static void roundtrip(size_t page_bytes, size_t rows, int codec)
{
    char path[] = "/tmp/pc_test_parquet_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    struct pc_parquet *w;
    assert_int_equal(pc_parquet_open(&w, path, page_bytes, codec, NULL), PC_OK);
    char text[64];
    for (size_t i = 0; i < rows; i++) {
        snprintf(text, sizeof text, "row %zu caf\xc3\xa9", i);
        assert_int_equal(pc_parquet_add(w, text, strlen(text), 0.5 + (double)i, NULL), PC_OK);
    }
    uint64_t size;
    assert_int_equal(pc_parquet_commit(w, &size, NULL), PC_OK);
    FILE *f = fopen(path, "rb");
    unsigned char *buf = malloc(size);
    assert_int_equal(fread(buf, 1, size, f), size);
    fclose(f);
    unlink(path);
    assert_memory_equal(buf, "PAR1", 4);
    assert_memory_equal(buf + size - 4, "PAR1", 4);
    uint32_t flen =
        buf[size - 8] | buf[size - 7] << 8 | buf[size - 6] << 16 | (uint32_t)buf[size - 5] << 24;
    size_t footer = size - 8 - flen;

    struct rd r = {buf + 4, buf + footer};
    size_t text_rows = 0, price_rows = 0, text_pages = 0;
    while (r.p < r.end) {
        int64_t top[16] = {0}, dp[16] = {0};
        read_struct(&r, top, 5, dp, 0);
        assert_int_equal(top[1], 0); /* DATA_PAGE */
        assert_int_equal(dp[2], 0);  /* PLAIN */
        const unsigned char *v = r.p;
        r.p += top[3]; /* compressed_page_size */
        unsigned char *raw = NULL;
        if (codec == PC_PARQUET_NONE) {
            assert_int_equal(top[2], top[3]);
        } else {
            raw = malloc(top[2] + 1);
            if (codec == PC_PARQUET_SNAPPY) {
                size_t got = top[2] + 1;
                assert_int_equal(snappy_uncompress((const char *)v, top[3], (char *)raw, &got),
                                 SNAPPY_OK);
                assert_int_equal(got, top[2]);
            } else if (codec == PC_PARQUET_ZSTD) {
                size_t got = ZSTD_decompress(raw, top[2] + 1, v, top[3]);
                assert_false(ZSTD_isError(got));
                assert_int_equal(got, top[2]);
            } else {
                z_stream z;
                memset(&z, 0, sizeof z);
                assert_int_equal(inflateInit2(&z, 15 + 16), Z_OK); /* gzip member only */
                z.next_in = (Bytef *)v;
                z.avail_in = (uInt)top[3];
                z.next_out = raw;
                z.avail_out = (uInt)top[2] + 1;
                assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
                assert_int_equal(z.total_out, top[2]);
                inflateEnd(&z);
            }
            v = raw;
        }
        assert_true(r.p <= r.end);
        if (text_rows < rows || (rows == 0 && text_pages == 0)) {
            text_pages++;
            for (int64_t j = 0; j < dp[1]; j++, text_rows++) {
                uint32_t n = v[0] | v[1] << 8 | v[2] << 16 | (uint32_t)v[3] << 24;
                snprintf(text, sizeof text, "row %zu caf\xc3\xa9", text_rows);
                assert_int_equal(n, strlen(text));
                assert_memory_equal(v + 4, text, n);
                v += 4 + n;
            }
        } else {
            for (int64_t j = 0; j < dp[1]; j++, price_rows++) {
                double d, want = 0.5 + (double)price_rows;
                memcpy(&d, v + 8 * j, 8);
                assert_true(d == want);
            }
        }
        free(raw);
    }
    assert_int_equal(text_rows, rows);
    assert_int_equal(price_rows, rows);
    if (page_bytes && rows * 20 > page_bytes) assert_true(text_pages > 1);
    /* the footer names both columns */
    assert_non_null(memmem(buf + footer, flen, "text", 4));
    assert_non_null(memmem(buf + footer, flen, "price", 5));
    free(buf);
}

static void pages_and_values(void **state)
{
    for (int c = 0; c < 4; c++) {
        int codec =
            (int[]){PC_PARQUET_NONE, PC_PARQUET_GZIP, PC_PARQUET_ZSTD, PC_PARQUET_SNAPPY}[c];
        roundtrip(0, 1000, codec);   /* one page each */
        roundtrip(100, 1000, codec); /* many small pages */
        roundtrip(64, 1, codec);
        roundtrip(0, 0, codec); /* empty: still one (empty) page per column */
    }
}

static void open_fails_cleanly(void **state)
{
    struct pc_parquet *w = NULL;
    struct pc_error e;
    pc_error_clear(&e);
    assert_int_equal(pc_parquet_open(&w, "/nonexistent-dir/x.parquet", 0, 0, &e), PC_EIO);
    assert_null(w);
    pc_parquet_abort(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pages_and_values),
        cmocka_unit_test(open_fails_cleanly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
