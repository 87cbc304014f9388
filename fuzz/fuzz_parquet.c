/* Fuzz target for the Parquet reader (src/out/parquet_read.c, thrift_in.c, snappy_dec.c) and
 * get_price: whatever the bytes, reading must not crash or leak, and a successful read must
 * give n rows whose texts are NUL-terminated at their length. The same bytes also go through
 * the raw Snappy decoder and the course's get_price. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pricer.h"

static void check(int ok)
{
    if (!ok) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pc_parquet_table t;
    struct pc_error err;
    pc_error_clear(&err);
    if (pc_parquet_read_mem(&t, data, size, "fuzz", &err) == PC_OK) {
        for (size_t i = 0; i < t.n; i++) check(t.text[i][t.text_len[i]] == 0);
    } else {
        check(err.message[0] != 0);
    }
    pc_parquet_table_release(&t);
    unsigned char out[4096];
    for (size_t cap = 0; cap <= 64; cap += 16) {
        size_t got = pc_snappy_decompress(data, size, out, cap);
        check(got == (size_t)-1 || got == cap);
    }
    double v = pc_get_price((const char *)data, size);
    (void)v;
    return 0;
}
