/* Unicode 16.0 class table (src/text/ucd.h): hand-picked values from
 * ../shared/notes/tokenizer.md §3 and §5 and the Unicode 16.0 UCD. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "text/ucd.h"

static void test_white_space(void **state)
{
    (void)state;
    static const uint32_t ws[] = {0x09,   0x0A,   0x0B,   0x0C,   0x0D,   0x20,
                                  0x85,   0xA0,   0x1680, 0x2000, 0x2005, 0x200A,
                                  0x2028, 0x2029, 0x202F, 0x205F, 0x3000};
    for (size_t i = 0; i < sizeof ws / sizeof ws[0]; i++) {
        assert_true(pc_ucd_is_space(ws[i]));
        assert_int_equal(pc_ucd_flags(ws[i]), PC_UCD_F_WS);
    }
    /* Not White_Space: MONGOLIAN VOWEL SEPARATOR, ZERO WIDTH SPACE, BOM, controls. */
    static const uint32_t not_ws[] = {0x180E, 0x200B, 0xFEFF, 0x00, 0x1C, 0x1F, 0x7F, 0x2060};
    for (size_t i = 0; i < sizeof not_ws / sizeof not_ws[0]; i++) {
        assert_false(pc_ucd_is_space(not_ws[i]));
        assert_int_equal(pc_ucd_class(not_ws[i]), PC_UCD_OTHER);
    }
    /* Exactly 25 White_Space code points in Unicode 16.0 (PropList.txt). */
    unsigned count = 0;
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) count += pc_ucd_is_space(cp);
    assert_int_equal(count, 25);
}

static void test_numbers(void **state)
{
    (void)state;
    /* ² ½ Ⅻ ① Arabic-Indic 3, fullwidth 4, MATHEMATICAL BOLD DIGIT ONE, ⅰ, 𐄇 (Aegean one) */
    static const uint32_t n[] = {'0',   '9',    0xB2,    0xBD,   0x216B, 0x2460,
                                 0x663, 0xFF14, 0x1D7CF, 0x2170, 0x10107};
    for (size_t i = 0; i < sizeof n / sizeof n[0]; i++) {
        assert_true(pc_ucd_is_number(n[i]));
        assert_false(pc_ucd_is_letter(n[i]));
        assert_int_equal(pc_ucd_flags(n[i]), PC_UCD_F_N);
    }
    assert_false(pc_ucd_is_number('a'));
    assert_false(pc_ucd_is_number(0x2F)); /* / */
}

static void test_letters_and_marks(void **state)
{
    (void)state;
    assert_int_equal(pc_ucd_class('A'), PC_UCD_LU);
    assert_int_equal(pc_ucd_class('z'), PC_UCD_LL);
    assert_int_equal(pc_ucd_class(0x01C5), PC_UCD_LT); /* ǅ */
    assert_int_equal(pc_ucd_class(0x02B0), PC_UCD_LM); /* ʰ */
    assert_int_equal(pc_ucd_class(0x4E2D), PC_UCD_LO); /* 中 */
    assert_int_equal(pc_ucd_class(0x017F), PC_UCD_LL); /* ſ */
    assert_int_equal(pc_ucd_class(0x00DF), PC_UCD_LL); /* ß */
    assert_int_equal(pc_ucd_class(0x0295), PC_UCD_LL); /* ʕ: Ll in 16.0 (Lo in 17.0) */
    assert_int_equal(pc_ucd_class(0x0130), PC_UCD_LU); /* İ */
    assert_int_equal(pc_ucd_flags(0x01C5), PC_UCD_F_L | PC_UCD_F_LT);
    assert_int_equal(pc_ucd_flags(0x4E2D), PC_UCD_F_L | PC_UCD_F_LO);
    /* Marks (Mn, Mc, Me) are not letters. */
    static const uint32_t m[] = {0x0301, 0x0903, 0x20DD, 0x3099, 0xFE0F, 0xE0100};
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
        assert_false(pc_ucd_is_letter(m[i]));
        assert_int_equal(pc_ucd_flags(m[i]), PC_UCD_F_M);
    }
    /* Unicode 16.0 additions are letters (U+2EBF0 CJK Ext I, U+1E5D0 Ol Onal), Unicode 17
     * additions are not (U+11DE0 Sidetic... unassigned in 16.0). */
    assert_true(pc_ucd_is_letter(0x2EBF0));
    assert_true(pc_ucd_is_letter(0x1E5D0));
    assert_false(pc_ucd_is_letter(0x323B0));
    /* Symbols, punctuation, emoji, private use, unassigned, out of range: OTHER. */
    static const uint32_t other[] = {'!',    '\'',   0x2019,   0x3010,   0x1F525,
                                     0xE000, 0xD800, 0x10FFFF, 0x110000, 0xFFFFFFFF};
    for (size_t i = 0; i < sizeof other / sizeof other[0]; i++) {
        assert_int_equal(pc_ucd_class(other[i]), PC_UCD_OTHER);
        assert_int_equal(pc_ucd_flags(other[i]), 0);
    }
}

/* Totals per class over all code points. Cross-checked independently with Node's ICU
 * (Unicode 17) \p{..} regexes restricted to code points assigned in 16.0: equal except that
 * Unicode 17 moved U+0295 from Ll to Lo. */
static void test_totals(void **state)
{
    (void)state;
    unsigned count[PC_UCD_NCLASSES] = {0};
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) count[pc_ucd_class(cp)]++;
    assert_int_equal(count[PC_UCD_LU], 1858);
    assert_int_equal(count[PC_UCD_LL], 2258);
    assert_int_equal(count[PC_UCD_LT], 31);
    assert_int_equal(count[PC_UCD_LM], 404);
    assert_int_equal(count[PC_UCD_LO], 136477);
    assert_int_equal(count[PC_UCD_N], 1911);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_white_space),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_letters_and_marks),
        cmocka_unit_test(test_totals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
