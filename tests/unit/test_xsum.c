/* Unit tests of src/core/xsum: exact sums whatever the order and grouping of the additions.
 * Expected values come from Python (tests/gen/xsum_vectors.py): the exact sum computed with
 * fractions, written as the canonical chunk text, and math.fsum (correctly rounded). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/error.h"
#include "core/xsum.h"
#include "xsum_vectors.h"

static double val(const struct xsum_vector *v, unsigned i)
{
    double d;
    memcpy(&d, &v->bits[i], sizeof d);
    return d;
}

static void expect_text(struct pc_xsum *s, const char *want)
{
    struct pc_buf b;
    pc_buf_init(&b, 0);
    assert_int_equal(pc_xsum_dump(&b, s), 0);
    assert_string_equal(b.data, want);
    pc_buf_release(&b);
}

/* In order, in reverse, and in groups of 7 merged in a shuffled order: same exact text. */
static void exact_any_grouping(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof xsum_vectors / sizeof xsum_vectors[0]; k++) {
        const struct xsum_vector *v = &xsum_vectors[k];
        struct pc_xsum fwd, rev, grouped;
        memset(&fwd, 0, sizeof fwd);
        memset(&rev, 0, sizeof rev);
        memset(&grouped, 0, sizeof grouped);
        for (unsigned i = 0; i < v->n; i++) pc_xsum_add(&fwd, val(v, i));
        for (unsigned i = v->n; i-- > 0;) pc_xsum_add(&rev, val(v, i));
        unsigned groups = (v->n + 6) / 7;
        for (unsigned g = 0; g < groups; g++) {
            unsigned gg = (g * 5 + 3) % groups; /* a permutation when groups % 5 != 0 */
            if (groups % 5 == 0) gg = g;
            struct pc_xsum part;
            memset(&part, 0, sizeof part);
            for (unsigned i = gg * 7; i < v->n && i < gg * 7 + 7; i++)
                pc_xsum_add(&part, val(v, i));
            pc_xsum_merge(&grouped, &part);
        }
        expect_text(&fwd, v->exact);
        expect_text(&rev, v->exact);
        expect_text(&grouped, v->exact);
        /* the value is within one unit in the last place of the correctly rounded sum */
        double got = pc_xsum_value(&grouped);
        assert_true(fabs(got - v->fsum) <=
                    (v->fsum ? nextafter(fabs(v->fsum), INFINITY) - fabs(v->fsum) : 0.0));
        /* the text loads back to the same sum */
        struct pc_xsum back;
        memset(&back, 0, sizeof back);
        assert_int_equal(pc_xsum_load_add(&back, v->exact, (uint32_t)strlen(v->exact)), 0);
        expect_text(&back, v->exact);
        assert_true(pc_xsum_value(&back) == got);
    }
}

static void specials_and_bad_text(void **state)
{
    (void)state;
    struct pc_xsum s;
    memset(&s, 0, sizeof s);
    pc_xsum_add(&s, 2.5);
    pc_xsum_add(&s, INFINITY);
    assert_true(isinf(pc_xsum_value(&s)) && pc_xsum_value(&s) > 0);
    expect_text(&s, "33:1310720,+inf");
    pc_xsum_add(&s, -INFINITY);
    assert_true(isnan(pc_xsum_value(&s)));
    memset(&s, 0, sizeof s);
    pc_xsum_add(&s, NAN);
    assert_true(isnan(pc_xsum_value(&s)));
    const char *bad[] = {"", "x", "1", "1:", "99:1", "3:-1", "3:4294967296", "3:1;4:1", ","};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(pc_xsum_load_add(&s, bad[i], (uint32_t)strlen(bad[i])), PC_EFORMAT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exact_any_grouping),
        cmocka_unit_test(specials_and_bad_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
