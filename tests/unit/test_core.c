/* Unit tests of src/core and src/text/utf8: buffers with caps, error values, UTF-8 rules
 * (expected values from the Unicode standard's maximal-subpart examples). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "pricer.h"

static void buf_cap(void **state)
{
    struct pc_buf b;
    pc_buf_init(&b, 8);
    assert_int_equal(pc_buf_puts(&b, "12345678"), PC_OK);
    assert_int_equal(pc_buf_putc(&b, 'x'), PC_ETOOBIG);
    assert_int_equal(b.len, 8);
    assert_string_equal(b.data, "12345678");
    pc_buf_reset(&b);
    assert_int_equal(pc_buf_printf(&b, "%d-%s", 42, "a"), PC_OK);
    assert_string_equal(b.data, "42-a");
    pc_buf_release(&b);
}

static void error_values(void **state)
{
    struct pc_error e;
    pc_error_clear(&e);
    assert_int_equal(pc_error_set(&e, PC_EFORMAT, "bad %s", "line"), PC_EFORMAT);
    assert_string_equal(e.message, "bad line");
    assert_string_equal(pc_strerror(PC_ENOMEM), "out of memory");
    assert_int_equal(pc_error_set(NULL, PC_EIO, "x"), PC_EIO);
}

static void utf8_decode_rules(void **state)
{
    uint32_t cp;
    int ok;
    /* U+20AC EURO SIGN */
    assert_int_equal(pc_utf8_decode((const unsigned char *)"\xe2\x82\xac", 3, &cp, &ok), 3);
    assert_int_equal(cp, 0x20AC);
    assert_int_equal(ok, 1);
    /* truncated 3-byte sequence: the 2 bytes are one maximal subpart */
    assert_int_equal(pc_utf8_decode((const unsigned char *)"\xe2\x82", 2, &cp, &ok), 2);
    assert_int_equal(cp, 0xFFFD);
    assert_int_equal(ok, 0);
    /* surrogate D800 encoded: ED A0 is not a valid prefix, so ED alone is one subpart */
    assert_int_equal(pc_utf8_decode((const unsigned char *)"\xed\xa0\x80", 3, &cp, &ok), 1);
    /* overlong C0 80 */
    assert_int_equal(pc_utf8_decode((const unsigned char *)"\xc0\x80", 2, &cp, &ok), 1);
    assert_int_equal(pc_utf8_count("a\xc3\xa9\xe2\x82\xac", 6), 3);
    assert_int_equal(pc_utf8_prefix("a\xc3\xa9\xe2\x82\xac", 6, 2), 3);
    size_t bad;
    assert_int_equal(pc_utf8_valid("ab\xff", 3, &bad), 0);
    assert_int_equal(bad, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(buf_cap),
        cmocka_unit_test(error_values),
        cmocka_unit_test(utf8_decode_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
