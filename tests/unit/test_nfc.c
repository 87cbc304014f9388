/* NFC normalizer (src/text/nfc.h) against Hugging Face tokenizers' NFC normalizer: hand
 * checks, exact cases and one CRC-32 per 256-code-point block over every code point in
 * combining contexts (tests/gen/tok_nfc.mjs -> tests/golden/tok/sweep_nfc.txt). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zlib.h>

#include "core/buf.h"
#include "core/error.h"
#include "text/nfc.h"
#include "text/utf8.h"

static void check(const char *in, const char *want)
{
    struct pc_buf b;
    pc_buf_init(&b, 0);
    int rc = pc_nfc(in, strlen(in), &b);
    if (strcmp(in, want) == 0) {
        if (rc != PC_NFC_UNCHANGED) assert_string_equal(b.data ? b.data : "", want);
    } else {
        assert_int_equal(rc, 0);
        assert_string_equal(b.data, want);
    }
    pc_buf_release(&b);
}

static void test_hand(void **state)
{
    (void)state;
    check("plain ascii", "plain ascii");
    check("caf\x65\xcc\x81", "caf\xc3\xa9");                       /* e + U+0301 -> é */
    check("\xe2\x84\xab", "\xc3\x85");                             /* U+212B ANGSTROM -> Å */
    check("\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8", "\xea\xb0\x81"); /* Hangul L V T -> 각 */
    check("\xef\xac\x81", "\xef\xac\x81");                         /* ﬁ: compatibility only */
    check("e\xcc\xa3\xcc\x81", "\xe1\xba\xb9\xcc\x81");            /* ẹ + acute */
    check("e\xcc\x81\xcc\xa3", "\xe1\xba\xb9\xcc\x81");            /* reordered, then composed */
    struct pc_buf b;
    pc_buf_init(&b, 0);
    assert_int_equal(pc_nfc("caf\xc3\xa9 na\xc3\xafve", 12, &b), PC_NFC_UNCHANGED);
    assert_int_equal(b.len, 0);
    assert_int_equal(pc_nfc("", 0, &b), PC_NFC_UNCHANGED);
    assert_int_equal(pc_nfc("a\xff", 2, &b), PC_EINVAL);
    assert_int_equal(pc_nfc("a\xcc", 2, &b), PC_EINVAL);
    pc_buf_release(&b);
    /* A capped buffer reports PC_ETOOBIG instead of growing. */
    pc_buf_init(&b, 2);
    assert_int_equal(pc_nfc("cafe\xcc\x81", 6, &b), PC_ETOOBIG);
    pc_buf_release(&b);
}

static size_t unhex(const char *h, size_t hn, unsigned char *out)
{
    for (size_t i = 0; i + 1 < hn; i += 2) {
        unsigned v;
        if (sscanf(h + i, "%2x", &v) != 1) return 0;
        out[i / 2] = (unsigned char)v;
    }
    return hn / 2;
}

/* Same text as blockText() in tests/gen/tok_nfc.mjs. */
static size_t block_text(unsigned block, char *out)
{
    size_t n = 0;
    for (uint32_t c = block * 256; c < block * 256 + 256; c++) {
        if (c >= 0xD800 && c <= 0xDFFF) continue;
        char x[4];
        size_t xl = pc_utf8_encode(c, x);
        out[n++] = 'A';
        memcpy(out + n, x, xl), n += xl;
        memcpy(out + n, "\xcc\x81\xcc\xa8", 4), n += 4;
        memcpy(out + n, x, xl), n += xl;
        memcpy(out + n,
               "\xcc\x80"
               "e",
               3),
            n += 3;
        memcpy(out + n, x, xl), n += xl;
        memcpy(out + n, "\xcc\xa3\xcc\x82", 4), n += 4;
    }
    return n;
}

static void test_golden(void **state)
{
    (void)state;
    FILE *f = fopen("tests/golden/tok/sweep_nfc.txt", "r");
    if (!f) skip();
    static char line[65536], text[32768];
    static unsigned char a[16384], b[16384];
    size_t blocks = 0, cases = 0, bad = 0;
    struct pc_buf out;
    pc_buf_init(&out, 0);
    while (fgets(line, sizeof line, f)) {
        pc_buf_reset(&out);
        if (line[0] == 'B') {
            unsigned blk, crc_want;
            size_t len_want;
            assert_int_equal(sscanf(line, "B %u %x %zu", &blk, &crc_want, &len_want), 3);
            size_t n = block_text(blk, text);
            int rc = pc_nfc(text, n, &out);
            assert_true(rc >= 0);
            const char *res = rc == PC_NFC_UNCHANGED ? text : out.data;
            size_t rl = rc == PC_NFC_UNCHANGED ? n : out.len;
            uLong crc = crc32(0L, (const Bytef *)res, (uInt)rl);
            if (crc != crc_want || rl != len_want) {
                if (bad < 10) print_message("block %u (U+%04X..): differs\n", blk, blk * 256);
                bad++;
            }
            blocks++;
        } else if (line[0] == 'X') {
            char *sp = strchr(line + 2, ' ');
            assert_non_null(sp);
            size_t an = unhex(line + 2, (size_t)(sp - line - 2), a);
            size_t bn = unhex(sp + 1, strcspn(sp + 1, "\r\n"), b);
            int rc = pc_nfc((const char *)a, an, &out);
            assert_true(rc >= 0);
            const void *res = rc == PC_NFC_UNCHANGED ? (const void *)a : (const void *)out.data;
            size_t rl = rc == PC_NFC_UNCHANGED ? an : out.len;
            if (rl != bn || memcmp(res, b, bn) != 0) {
                if (bad < 10) print_message("case %s", line);
                bad++;
            }
            cases++;
        }
    }
    fclose(f);
    pc_buf_release(&out);
    print_message("%zu blocks, %zu cases, %zu differ\n", blocks, cases, bad);
    assert_int_equal(blocks, 0x1100);
    assert_int_equal(bad, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand),
        cmocka_unit_test(test_golden),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
