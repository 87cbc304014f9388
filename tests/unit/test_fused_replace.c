/* The fused single-pass rewrites of two chains of Python str.replace calls, against Python
 * itself (replace_goldens.h, written by tests/gen/gen_replace_goldens.py): the 13 REMOVALS of
 * SPEC §2 (pc_item_removals) and transformers' ten clean-up rules of SPEC §3.3
 * (pc_tok_cleanup). The random cases are built from pattern fragments, so many of their
 * matches exist only after an earlier replacement has joined two fragments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "item/item.h"
#include "tok/tok.h"

#include "replace_goldens.h"

static void removals_match_python(void **state)
{
    (void)state;
    char buf[4096];
    for (size_t i = 0; i < sizeof golden_removals / sizeof golden_removals[0]; i++) {
        size_t n = strlen(golden_removals[i].in);
        assert_true(n < sizeof buf);
        memcpy(buf, golden_removals[i].in, n);
        n = pc_item_removals(buf, n);
        buf[n] = '\0';
        if (strcmp(buf, golden_removals[i].out) != 0)
            fail_msg("case %zu [%s]: got [%s] want [%s]", i, golden_removals[i].in, buf,
                     golden_removals[i].out);
    }
}

static void cleanup_matches_python(void **state)
{
    (void)state;
    struct pc_buf out;
    pc_buf_init(&out, 0);
    for (size_t i = 0; i < sizeof golden_cleanup / sizeof golden_cleanup[0]; i++) {
        pc_buf_reset(&out);
        assert_int_equal(pc_buf_append(&out, "<", 1), PC_OK); /* appends after what is there */
        const char *in = golden_cleanup[i].in;
        assert_int_equal(pc_tok_cleanup(in, strlen(in), &out), PC_OK);
        if (strcmp(out.data + 1, golden_cleanup[i].out) != 0 || out.data[0] != '<')
            fail_msg("case %zu [%s]: got [%s] want [%s]", i, in, out.data + 1,
                     golden_cleanup[i].out);
    }
    pc_buf_release(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(removals_match_python),
        cmocka_unit_test(cleanup_matches_python),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
