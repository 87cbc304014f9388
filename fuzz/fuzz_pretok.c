/* Fuzz target for the pre-tokenizer scanners and the NFC normalizer.
 * For every kind, on any bytes (valid UTF-8 or not): the pieces are non-empty, contiguous,
 * in order and cover the input exactly; a callback's stop value is returned as is. On valid
 * UTF-8: for cl100k-style kinds a piece never splits a character; NFC is idempotent and its
 * output is valid UTF-8. At every position, the cl100k mask fast path (pk_fast_cl100k) agrees
 * with the scalar scanner when it decides. Any violation aborts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/error.h"
#include "text/nfc.h"
#include "text/utf8.h"
#include "tok/pretok.h"
#include "tok/pretok_scan.h"

struct check {
    const uint8_t *data;
    size_t pos, pieces, stop_at;
    int valid;
};

static int on_piece(void *ctx, size_t off, size_t len)
{
    struct check *c = ctx;
    if (len == 0 || off != c->pos) abort();
    /* With valid UTF-8, a piece starts on a character boundary. */
    if (c->valid && (c->data[off] & 0xC0) == 0x80) abort();
    c->pos += len;
    c->pieces++;
    return c->pieces == c->stop_at ? 7 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const enum pc_pretok_kind kinds[] = {PC_PRETOK_LLAMA3, PC_PRETOK_QWEN2,
                                                PC_PRETOK_O200K,  PC_PRETOK_GPT2,
                                                PC_PRETOK_DIGITS, PC_PRETOK_DIGITS_INDIVIDUAL};
    int valid = pc_utf8_valid((const char *)data, size, NULL);
    /* The 16-byte mask fast path agrees with the scalar scanner wherever it decides. */
    for (size_t i = 0; i + 16 <= size; i++)
        for (unsigned md = 1; md <= 3; md += 2) {
            size_t j = pk_fast_cl100k(data, i, md);
            if (j && j != pk_next_cl100k(data, size, i, md)) abort();
        }
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        struct check c = {data, 0, 0, 0, valid};
        if (pc_pretok_split(kinds[k], (const char *)data, size, on_piece, &c) != 0) abort();
        if (c.pos != size) abort();
        if (c.pieces > 1) { /* stopping early returns the callback's value */
            struct check s = {data, 0, 0, c.pieces / 2 + 1, valid};
            if (s.stop_at <= c.pieces &&
                pc_pretok_split(kinds[k], (const char *)data, size, on_piece, &s) != 7)
                abort();
        }
    }
    if (valid) {
        struct pc_buf a, b;
        pc_buf_init(&a, 0);
        pc_buf_init(&b, 0);
        int rc = pc_nfc((const char *)data, size, &a);
        if (rc < 0) abort();
        if (rc == 0) {
            if (!pc_utf8_valid(a.data, a.len, NULL)) abort();
            int rc2 = pc_nfc(a.data, a.len, &b);
            if (rc2 < 0) abort();
            if (rc2 == 0 && (b.len != a.len || memcmp(a.data, b.data, a.len) != 0)) abort();
        }
        pc_buf_release(&a);
        pc_buf_release(&b);
    } else {
        struct pc_buf a;
        pc_buf_init(&a, 0);
        if (pc_nfc((const char *)data, size, &a) != PC_EINVAL) abort();
        pc_buf_release(&a);
    }
    return 0;
}
