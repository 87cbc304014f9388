/* Python's str.isdigit / str.isspace sets (Unicode 14): every code point compared against
 * the lists Python 3.11 itself produced (item_goldens.h), plus the SPEC's counts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "text/pyuni.h"
#include "item_goldens.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int in_list(const unsigned *list, size_t n, uint32_t cp)
{
    for (size_t i = 0; i < n; i++)
        if (list[i] == cp) return 1;
    return 0;
}

static void digit_set_matches_python(void **state)
{
    assert_int_equal(COUNT(golden_digits), 788); /* SPEC §9.2 */
    size_t seen = 0, gi = 0;
    for (uint32_t cp = 0; cp < 0x110000; cp++) {
        int want = gi < COUNT(golden_digits) && golden_digits[gi] == cp;
        if (want) gi++;
        if (pc_py_isdigit(cp) != want) fail_msg("isdigit(U+%04X) should be %d", cp, want);
        seen += want;
    }
    assert_int_equal(seen, 788);
}

static void space_set_matches_python(void **state)
{
    assert_int_equal(COUNT(golden_spaces), 29); /* SPEC §2 scrub */
    for (uint32_t cp = 0; cp < 0x110000; cp++) {
        int want = in_list(golden_spaces, COUNT(golden_spaces), cp);
        if (pc_py_isspace(cp) != want) fail_msg("isspace(U+%04X) should be %d", cp, want);
    }
}

static void spec_examples(void **state)
{
    assert_true(pc_py_isdigit(0x00B2));  /* superscript two */
    assert_true(pc_py_isdigit(0x2460));  /* circled one */
    assert_true(pc_py_isdigit(0xFF10));  /* fullwidth zero */
    assert_false(pc_py_isdigit(0x00BD)); /* vulgar half: numeric, not digit */
    assert_true(pc_py_isspace(0x0085));
    assert_false(pc_py_isspace(0x200B)); /* zero width space */
    assert_false(pc_py_isspace(0xFEFF));
    assert_false(pc_py_isspace(0x180E));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(digit_set_matches_python),
        cmocka_unit_test(space_set_matches_python),
        cmocka_unit_test(spec_examples),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
