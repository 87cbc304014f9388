/* scrub (SPEC §2) against Python's own re/str results (item_goldens.h), plus the in-place
 * replacement and code-point helpers it is built from. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/buf.h"
#include "text/scrub.h"
#include "text/utf8.h"
#include "item_goldens.h"

static void scrub_matches_python(void **state)
{
    struct pc_buf out, tmp;
    pc_buf_init(&out, 0);
    pc_buf_init(&tmp, 0);
    for (size_t i = 0; i < sizeof golden_scrub / sizeof golden_scrub[0]; i++) {
        pc_buf_reset(&out);
        const char *in = golden_scrub[i].in;
        assert_int_equal(pc_scrub(in, strlen(in), &out, &tmp), 0);
        if (out.len != strlen(golden_scrub[i].out) ||
            memcmp(out.data, golden_scrub[i].out, out.len))
            fail_msg("case %zu: scrub(\"%s\") = \"%s\", want \"%s\"", i, in, out.data,
                     golden_scrub[i].out);
    }
    pc_buf_release(&out);
    pc_buf_release(&tmp);
}

static void scrub_appends(void **state)
{
    struct pc_buf out, tmp;
    pc_buf_init(&out, 0);
    pc_buf_init(&tmp, 0);
    pc_buf_puts(&out, "X\n");
    assert_int_equal(pc_scrub(" a : b ", 7, &out, &tmp), 0);
    assert_string_equal(out.data, "X\na b");
    pc_buf_release(&out);
    pc_buf_release(&tmp);
}

static void scrub_wtf8_surrogate_counts_one(void **state)
{
    /* "ab\ud800cd1" is 6 code points in Python: kept, bytes untouched. */
    const char in[] = "ab\xed\xa0\x80"
                      "cd1";
    struct pc_buf out, tmp;
    pc_buf_init(&out, 0);
    pc_buf_init(&tmp, 0);
    assert_int_equal(pc_scrub(in, sizeof in - 1, &out, &tmp), 0);
    assert_int_equal(out.len, sizeof in - 1);
    pc_buf_release(&out);
    pc_buf_release(&tmp);
}

static void replace_shrink(void **state)
{
    char s[64];
    strcpy(s, "Items Item Number of Number");
    size_t n = pc_replace_shrink(s, strlen(s), "Item", 4, "", 0);
    assert_int_equal(n, strlen("s  Number of Number"));
    assert_memory_equal(s, "s  Number of Number", n);
    strcpy(s, "aaaa");
    n = pc_replace_shrink(s, 4, "aa", 2, "a", 1); /* non-overlapping, left to right */
    assert_int_equal(n, 2);
    strcpy(s, ",,,,,");
    n = pc_replace_shrink(s, 5, ",,,", 3, ",", 1);
    assert_memory_equal(s, ",,,", n);
}

static void code_points(void **state)
{
    const char *s = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80z"; /* a é € 😀 z */
    assert_int_equal(pc_utf8_count(s, strlen(s)), 5);
    assert_int_equal(pc_utf8_prefix(s, strlen(s), 3), 6);
    assert_int_equal(pc_utf8_prefix(s, strlen(s), 0), 0);
    assert_int_equal(pc_utf8_prefix(s, strlen(s), 99), strlen(s));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scrub_matches_python),
        cmocka_unit_test(scrub_appends),
        cmocka_unit_test(scrub_wtf8_surrogate_counts_one),
        cmocka_unit_test(replace_shrink),
        cmocka_unit_test(code_points),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
