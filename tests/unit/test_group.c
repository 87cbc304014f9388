/* Unit tests of src/curate/group (issue 14: curate --dedup, split --group-by). Expected
 * values are worked by hand from the rule in group.h (sides filled train, test, validation
 * in shuffled order; a group stays on the side of its first item). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pricer.h"

enum { A = 11, B = 22, C = 33 };

static void names_parse(void **state)
{
    (void)state;
    assert_int_equal(pc_group_by_parse("prompt"), PC_GROUP_PROMPT);
    assert_int_equal(pc_group_by_parse("title"), PC_GROUP_TITLE);
    assert_int_equal(pc_group_by_parse("parent_asin"), PC_GROUP_PARENT_ASIN);
    assert_int_equal(pc_group_by_parse("off"), PC_GROUP_NONE);
    assert_int_equal(pc_group_by_parse("asin"), -1);
    assert_string_equal(pc_group_by_name(PC_GROUP_PARENT_ASIN), "parent_asin");
    assert_string_equal(pc_group_by_name(PC_GROUP_NONE), "off");
}

static void keys(void **state)
{
    (void)state;
    const char *p1 = "How much does this cost to the nearest dollar?\n\nLamp\nA red lamp."
                     "\n\nPrice is $12.00";
    const char *p2 = "How much does this cost to the nearest dollar?\n\nLamp\nA red lamp."
                     "\n\nPrice is $";
    const char *p3 = "How much does this cost to the nearest dollar?\n\nLamp\nA blue lamp."
                     "\n\nPrice is $12.00";
    /* a prompt and its test_prompt have the same body */
    assert_true(pc_group_key(PC_GROUP_PROMPT, p1, strlen(p1)) ==
                pc_group_key(PC_GROUP_PROMPT, p2, strlen(p2)));
    assert_true(pc_group_key(PC_GROUP_PROMPT, p1, strlen(p1)) !=
                pc_group_key(PC_GROUP_PROMPT, p3, strlen(p3)));
    assert_true(pc_group_key(PC_GROUP_TITLE, "Lamp", 4) != 0);
    assert_true(pc_group_key(PC_GROUP_TITLE, NULL, 0) == 0); /* no key: a group of its own */
    assert_true(pc_group_key(PC_GROUP_NONE, "Lamp", 4) == 0);
}

static void first_of_group(void **state)
{
    (void)state;
    const uint64_t k[] = {A, B, A, 0, 0, B, C};
    uint8_t keep[7];
    size_t removed = 99;
    assert_int_equal(pc_group_first(k, 7, keep, &removed), PC_OK);
    const uint8_t want[] = {1, 1, 0, 1, 1, 0, 1};
    assert_memory_equal(keep, want, 7);
    assert_int_equal(removed, 2);
}

static void assign_sides(void **state)
{
    (void)state;
    /* items 0..5 with keys A B A C - B; shuffled order 3 1 0 2 4 5; train 2, test 2, val 1:
     * 3(C) train, 1(B) train, 0(A) test (train full), 2(A) test (its group's side),
     * 4(-) validation, 5(B) nowhere (train full; every side full by then) */
    const uint64_t k[] = {A, B, A, C, 0, B};
    const uint32_t perm[] = {3, 1, 0, 2, 4, 5};
    const size_t want[3] = {2, 2, 1};
    uint32_t out[6];
    size_t got[3];
    struct pc_group_stats st;
    assert_int_equal(pc_group_assign(perm, 6, k, want, out, got, &st), PC_OK);
    assert_int_equal(got[0], 2);
    assert_int_equal(got[1], 2);
    assert_int_equal(got[2], 1);
    const uint32_t exp[] = {3, 1, 0, 2, 4};
    assert_memory_equal(out, exp, sizeof exp);
    assert_int_equal(st.groups, 4);
    assert_int_equal(st.skipped, 0);
}

static void assign_skips_and_short(void **state)
{
    (void)state;
    /* keys A A B C in order; train 1, test 2: 0(A) train, 1(A) left out (train full, test
     * still filling), 2(B) test, 3(C) test */
    const uint64_t k[] = {A, A, B, C};
    const uint32_t perm[] = {0, 1, 2, 3};
    const size_t want[3] = {1, 2, 0};
    uint32_t out[4];
    size_t got[3];
    struct pc_group_stats st;
    assert_int_equal(pc_group_assign(perm, 4, k, want, out, got, &st), PC_OK);
    assert_int_equal(got[0], 1);
    assert_int_equal(got[1], 2);
    assert_int_equal(got[2], 0);
    const uint32_t exp[] = {0, 2, 3};
    assert_memory_equal(out, exp, sizeof exp);
    assert_int_equal(st.skipped, 1);
    assert_int_equal(st.groups, 3);
    /* all one group: test cannot be filled */
    const uint64_t same[] = {A, A, A, A};
    assert_int_equal(pc_group_assign(perm, 4, same, want, out, got, &st), PC_OK);
    assert_int_equal(got[0], 1);
    assert_int_equal(got[1], 0);
    assert_int_equal(st.skipped, 3);
}

static void singletons_are_the_reference_slicing(void **state)
{
    (void)state;
    uint64_t k[50];
    uint32_t perm[50], out[50];
    for (uint32_t i = 0; i < 50; i++) {
        k[i] = 1000 + i;
        perm[i] = (i * 17) % 50;
    }
    const size_t want[3] = {30, 10, 5};
    size_t got[3];
    assert_int_equal(pc_group_assign(perm, 50, k, want, out, got, NULL), PC_OK);
    assert_memory_equal(out, perm, 45 * sizeof *out);
    assert_int_equal(got[0] + got[1] + got[2], 45);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names_parse),
        cmocka_unit_test(keys),
        cmocka_unit_test(first_of_group),
        cmocka_unit_test(assign_sides),
        cmocka_unit_test(assign_skips_and_short),
        cmocka_unit_test(singletons_are_the_reference_slicing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
