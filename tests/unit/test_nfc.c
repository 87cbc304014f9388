/* NFC normalizer (src/text/nfc.h): hand checks of pc_nfc. The sweep against Hugging Face
 * tokenizers' NFC normalizer over every code point (tests/gen/tok_nfc.mjs ->
 * tests/golden/tok/sweep_nfc.txt) runs with the other forms' in test_unorm.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "core/error.h"
#include "text/nfc.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
