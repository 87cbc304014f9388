/* The four normalizers (src/text/nfc.h, pc_unorm) against Hugging Face tokenizers'
 * normalizers of those names: hand checks, exact cases (compatibility characters) and one
 * CRC-32 per 256-code-point block over every code point in combining contexts
 * (tests/gen/tok_nfc.mjs -> tests/golden/tok/sweep_nfc.txt; tests/gen/tok_unorm.mjs ->
 * sweep_{nfd,nfkc,nfkd}.txt). */
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

static void check(enum pc_norm_form f, const char *in, const char *want)
{
    struct pc_buf b;
    pc_buf_init(&b, 0);
    int rc = pc_unorm(f, in, strlen(in), &b);
    if (strcmp(in, want) == 0) {
        if (rc != PC_NFC_UNCHANGED) assert_string_equal(b.data ? b.data : "", want);
    } else {
        assert_int_equal(rc, 0);
        assert_string_equal(b.data, want);
    }
    pc_buf_release(&b);
}

/* Expected values from the Unicode Character Database decompositions, checked by hand. */
static void test_hand(void **state)
{
    (void)state;
    check(PC_NORM_NFKC, "plain ascii", "plain ascii");
    check(PC_NORM_NFKC, "\xef\xac\x81", "fi");             /* ﬁ ligature */
    check(PC_NORM_NFKD, "\xef\xac\x81", "fi");             /* ﬁ ligature */
    check(PC_NORM_NFD, "\xef\xac\x81", "\xef\xac\x81");    /* ﬁ: compatibility only */
    check(PC_NORM_NFKC, "\xef\xbc\xa1\xef\xbc\x91", "A1"); /* full-width Ａ１ */
    check(PC_NORM_NFKC, "x\xc2\xb2", "x2");                /* superscript two */
    check(PC_NORM_NFKC, "\xe2\x84\x8c", "H");              /* ℌ */
    check(PC_NORM_NFKC, "\xe2\x91\xa0", "1");              /* ① */
    check(PC_NORM_NFKC, "\xc2\xbd",
          "1\xe2\x81\x84" /* ½ -> 1 U+2044 2 */
          "2");
    check(PC_NORM_NFD, "\xc3\xa9", "e\xcc\x81");  /* é -> e + U+0301 */
    check(PC_NORM_NFKC, "e\xcc\x81", "\xc3\xa9"); /* composed again */
    check(PC_NORM_NFD, "\xea\xb0\x81", "\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8"); /* 각 -> L V T */
    check(PC_NORM_NFKC, "\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8", "\xea\xb0\x81");
    check(PC_NORM_NFKD, "e\xcc\x81\xcc\xa3", "e\xcc\xa3\xcc\x81"); /* marks reordered */
    /* U+FDFA (one character, 18 after NFKD): beyond the 3x first guess, the retry path. */
    check(PC_NORM_NFKC, "\xef\xb7\xba",
          "\xd8\xb5\xd9\x84\xd9\x89 \xd8\xa7\xd9\x84\xd9\x84\xd9\x87 "
          "\xd8\xb9\xd9\x84\xd9\x8a\xd9\x87 "
          "\xd9\x88\xd8\xb3\xd9\x84\xd9\x85");
    struct pc_buf b;
    pc_buf_init(&b, 0);
    assert_int_equal(pc_unorm(PC_NORM_NFKD, "caf\xc3\xa9", 5, &b), 0);
    assert_int_equal(b.len, 6);
    pc_buf_reset(&b);
    assert_int_equal(pc_unorm(PC_NORM_NFKC, "caf\xc3\xa9 na\xc3\xafve", 12, &b), PC_NFC_UNCHANGED);
    assert_int_equal(pc_unorm(PC_NORM_NFKC, "", 0, &b), PC_NFC_UNCHANGED);
    assert_int_equal(pc_unorm(PC_NORM_NFKC, "a\xff", 2, &b), PC_EINVAL);
    assert_int_equal(pc_unorm(PC_NORM_NFD, "a\xcc", 2, &b), PC_EINVAL);
    assert_int_equal(pc_unorm((enum pc_norm_form)9, "\xc3\xa9", 2, &b), PC_EINVAL);
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

/* Same text as blockText() in tests/gen/tok_unorm.mjs. */
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
        memcpy(out + n, "\xcc\x80", 2), n += 2;
        out[n++] = 'e';
        memcpy(out + n, x, xl), n += xl;
        memcpy(out + n, "\xcc\xa3\xcc\x82", 4), n += 4;
    }
    return n;
}

static void golden(enum pc_norm_form f, const char *file, size_t min_cases)
{
    FILE *fp = fopen(file, "r");
    if (!fp) skip();
    static char line[65536], text[32768];
    static unsigned char a[16384], b[16384];
    size_t blocks = 0, cases = 0, bad = 0;
    struct pc_buf out;
    pc_buf_init(&out, 0);
    while (fgets(line, sizeof line, fp)) {
        pc_buf_reset(&out);
        const void *in, *want, *res;
        size_t in_n, want_n, res_n;
        unsigned blk = 0, crc_want = 0;
        if (line[0] == 'B') {
            assert_int_equal(sscanf(line, "B %u %x %zu", &blk, &crc_want, &want_n), 3);
            in = text;
            in_n = block_text(blk, text);
            want = NULL;
            blocks++;
        } else if (line[0] == 'X') {
            char *sp = strchr(line + 2, ' ');
            assert_non_null(sp);
            in = a;
            in_n = unhex(line + 2, (size_t)(sp - line - 2), a);
            want = b;
            want_n = unhex(sp + 1, strcspn(sp + 1, "\r\n"), b);
            cases++;
        } else {
            continue;
        }
        int rc = pc_unorm(f, in, in_n, &out);
        assert_true(rc >= 0);
        res = rc == PC_NFC_UNCHANGED ? in : (const void *)out.data;
        res_n = rc == PC_NFC_UNCHANGED ? in_n : out.len;
        int ok = want ? res_n == want_n && memcmp(res, want, want_n) == 0
                      : res_n == want_n && crc32(0L, res, (uInt)res_n) == crc_want;
        if (!ok) {
            if (bad < 10) print_message("%s: %s", file, line);
            bad++;
        }
    }
    fclose(fp);
    pc_buf_release(&out);
    print_message("%s: %zu blocks, %zu cases, %zu differ\n", file, blocks, cases, bad);
    assert_int_equal(blocks, 0x1100);
    assert_true(cases >= min_cases);
    assert_int_equal(bad, 0);
}

/* tests/gen/tok_nfc.mjs: the same block texts (blockText there) and its exact cases */
static void test_nfc(void **state)
{
    (void)state;
    golden(PC_NORM_NFC, "tests/golden/tok/sweep_nfc.txt", 30);
}

static void test_nfd(void **state)
{
    (void)state;
    golden(PC_NORM_NFD, "tests/golden/tok/sweep_nfd.txt", 90);
}

static void test_nfkc(void **state)
{
    (void)state;
    golden(PC_NORM_NFKC, "tests/golden/tok/sweep_nfkc.txt", 90);
}

static void test_nfkd(void **state)
{
    (void)state;
    golden(PC_NORM_NFKD, "tests/golden/tok/sweep_nfkd.txt", 90);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand), cmocka_unit_test(test_nfc),  cmocka_unit_test(test_nfd),
        cmocka_unit_test(test_nfkc), cmocka_unit_test(test_nfkd),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
