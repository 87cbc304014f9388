/* Unit tests of src/curate/rng: every test vector of SPEC §8 (numpy's legacy generator and
 * weighted choice, CPython's random.seed / random / shuffle / randrange). The expected values
 * are the SPEC's, which were printed by numpy and CPython. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "curate/rng.h"

static void np_seed_outputs(void **state)
{
    struct pc_mt mt;
    pc_mt_seed_np(&mt, 42);
    const uint32_t want[] = {1608637542u, 3421126067u, 4083286876u, 787846414u, 3143890026u};
    for (int i = 0; i < 5; i++) assert_int_equal(pc_mt_next(&mt), want[i]);
    pc_mt_seed_np(&mt, 42);
    assert_true(pc_mt_double(&mt) == 0.3745401188473625);
    assert_true(pc_mt_double(&mt) == 0.9507143064099162);
    assert_true(pc_mt_double(&mt) == 0.7319939418114051);
}

static void py_seed_outputs(void **state)
{
    struct pc_mt mt;
    pc_mt_seed_py(&mt, 42);
    const uint32_t want[] = {2746317213u, 478163327u, 107420369u, 3184935163u, 1181241943u};
    for (int i = 0; i < 5; i++) assert_int_equal(pc_mt_next(&mt), want[i]);
    pc_mt_seed_py(&mt, 42);
    assert_true(pc_mt_double(&mt) == 0.6394267984578837);
    assert_true(pc_mt_double(&mt) == 0.025010755222666936);
    assert_true(pc_mt_double(&mt) == 0.27502931836911926);
}

static void check_choice(struct pc_mt *mt, size_t n, int auto_every, int auto_when_zero,
                         const uint32_t first[10], const uint32_t last[3], uint64_t sum)
{
    double *w = malloc(n * sizeof *w), *p = malloc(n * sizeof *p);
    uint32_t *out = malloc(1200 * sizeof *out);
    double total = 0;
    for (size_t i = 0; i < n; i++) {
        int hit = (i % auto_every) == 0;
        w[i] = (hit == auto_when_zero) ? 1 : 5;
        total += w[i];
    }
    for (size_t i = 0; i < n; i++) p[i] = w[i] / total;
    assert_int_equal(pc_np_choice(mt, p, n, 1200, out, NULL), PC_OK);
    for (int i = 0; i < 10; i++) assert_int_equal(out[i], first[i]);
    for (int i = 0; i < 3; i++) assert_int_equal(out[1197 + i], last[i]);
    uint64_t s = 0;
    for (int i = 0; i < 1200; i++) s += out[i];
    assert_int_equal(s, sum);
    /* distinct */
    char *seen = calloc(n, 1);
    for (int i = 0; i < 1200; i++) {
        assert_false(seen[out[i]]);
        seen[out[i]] = 1;
    }
    free(seen), free(w), free(p), free(out);
}

static void np_weighted_choice(void **state)
{
    struct pc_mt mt;
    pc_mt_seed_np(&mt, 42);
    /* n = 2000, w[i] = 1 if i % 3 == 0 else 5 */
    const uint32_t f1[10] = {749, 1901, 1463, 1197, 311, 116, 1732, 1202, 1415, 41};
    const uint32_t l1[3] = {1340, 1988, 1324};
    check_choice(&mt, 2000, 3, 1, f1, l1, 1196157);
    /* continuing: n = 1500, w[i] = 5 if i % 7 else 1 */
    const uint32_t f2[10] = {836, 1095, 697, 90, 843, 1436, 263, 1034, 302, 803};
    const uint32_t l2[3] = {391, 345, 686};
    check_choice(&mt, 1500, 7, 1, f2, l2, 895999);
    assert_true(pc_mt_double(&mt) == 0.9078385138835341);
}

static void np_choice_errors(void **state)
{
    struct pc_mt mt;
    pc_mt_seed_np(&mt, 1);
    double p[3] = {0.5, 0.5, 0.0};
    uint32_t out[3];
    struct pc_error e;
    assert_int_equal(pc_np_choice(&mt, p, 3, 3, out, &e), PC_EINVAL); /* only 2 non-zero */
    assert_int_equal(pc_np_choice(&mt, p, 3, 4, out, &e), PC_EINVAL); /* k > n */
    double bad[2] = {-0.5, 1.5};
    assert_int_equal(pc_np_choice(&mt, bad, 2, 1, out, &e), PC_EINVAL);
    assert_int_equal(pc_np_choice(&mt, p, 3, 2, out, &e), PC_OK);
    assert_true((out[0] == 0 && out[1] == 1) || (out[0] == 1 && out[1] == 0));
}

static void py_shuffle_small(void **state)
{
    struct pc_mt mt;
    pc_mt_seed_py(&mt, 42);
    uint32_t x[20];
    for (uint32_t i = 0; i < 20; i++) x[i] = i;
    pc_py_shuffle_u32(&mt, x, 20);
    const uint32_t want[20] = {19, 5,  14, 4,  9, 13, 15, 18, 6, 12,
                               17, 10, 1,  11, 2, 16, 7,  8,  0, 3};
    assert_memory_equal(x, want, sizeof want);
}

static void py_shuffle_reference_size(void **state)
{
    struct pc_mt mt;
    pc_mt_seed_py(&mt, 42);
    size_t n = 408635;
    uint32_t *x = malloc(n * sizeof *x);
    for (uint32_t i = 0; i < n; i++) x[i] = i;
    pc_py_shuffle_u32(&mt, x, n);
    const uint32_t first[10] = {257690, 374094, 354098, 1458,   273518,
                                90117,  173760, 207938, 335302, 63574};
    const uint32_t mid[5] = {342796, 256321, 74234, 385592, 19334};
    const uint32_t last[5] = {144194, 388786, 13112, 58369, 335243};
    assert_memory_equal(x, first, sizeof first);
    assert_memory_equal(x + 400000, mid, sizeof mid);
    assert_memory_equal(x + n - 5, last, sizeof last);
    free(x);
}

static void py_randrange(void **state)
{
    struct pc_mt mt;
    pc_mt_seed_py(&mt, 42);
    const int64_t want[10] = {655, 115, 26, 760, 282, 251, 229, 143, 755, 105};
    for (int i = 0; i < 10; i++) assert_int_equal(pc_py_randrange(&mt, 1, 1000), want[i]);
}

static void py_getrandbits_wide(void **state)
{
    /* getrandbits(k > 32) concatenates words, least significant first */
    struct pc_mt a, b;
    pc_mt_seed_py(&a, 42);
    pc_mt_seed_py(&b, 42);
    uint64_t lo = pc_mt_next(&b), hi = pc_mt_next(&b) >> 24;
    assert_int_equal(pc_py_getrandbits(&a, 40), (hi << 32) | lo);
    assert_int_equal(pc_py_getrandbits(&a, 7), pc_mt_next(&b) >> 25);
    /* a big seed uses two key words: must differ from the seed's low word alone */
    pc_mt_seed_py(&a, (1ull << 32) + 42);
    pc_mt_seed_py(&b, 42);
    assert_int_not_equal(pc_mt_next(&a), pc_mt_next(&b));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(np_seed_outputs),    cmocka_unit_test(py_seed_outputs),
        cmocka_unit_test(np_weighted_choice), cmocka_unit_test(np_choice_errors),
        cmocka_unit_test(py_shuffle_small),   cmocka_unit_test(py_shuffle_reference_size),
        cmocka_unit_test(py_randrange),       cmocka_unit_test(py_getrandbits_wide),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
