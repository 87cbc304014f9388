/* Unit tests of src/curate/balance (SPEC §4) and src/out/export (SPEC §5, §6.2).
 * Expected values: the SPEC §8.2 numpy vectors (two over-full slots drawn in increasing slot
 * order with one generator must reproduce them), hand-checked SPEC rounding values, and
 * Python json.dumps output (export_vectors.h, from tests/gen/curate_export_vectors.py). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pricer.h"
#include "export_vectors.h"

static void slot_is_half_even(void **state)
{
    /* SPEC §2 step 9 / §4 step 1 */
    assert_int_equal(pc_curate_slot(0.5), 0);
    assert_int_equal(pc_curate_slot(2.5), 2);
    assert_int_equal(pc_curate_slot(3.5), 4);
    assert_int_equal(pc_curate_slot(998.5), 998);
    assert_int_equal(pc_curate_slot(999.49), 999);
    assert_int_equal(pc_curate_slot(226.95), 227);
    assert_int_equal(pc_curate_slot(1e300), INT32_MIN);
}

static void weights_lookup(void **state)
{
    struct pc_curate_opts o;
    pc_curate_opts_init(&o);
    assert_int_equal(pc_curate_weight(&o, "Automotive"), 1);
    assert_int_equal(pc_curate_weight(&o, "Electronics"), 5);
    struct pc_weight w[3] = {{"Automotive", 1}, {"Toys", 2}, {"Automotive", 7}};
    o.weights = w;
    o.n_weights = 3;
    o.default_weight = 3;
    assert_int_equal(pc_curate_weight(&o, "Automotive"), 7); /* the last one wins */
    assert_int_equal(pc_curate_weight(&o, "Toys"), 2);
    assert_int_equal(pc_curate_weight(&o, "Other"), 3);
}

/* Items: 3 in slot 0 (never taken), slot 5 = the SPEC §8.2 first population (2000 items,
 * weight 1 when i % 3 == 0 else 5), slot 7 = 4 items (<= cap: whole), slot 9 = the second
 * population (1500 items, weight 5 when i % 7 else 1), slot 300 = 1300 items (>= all_above:
 * whole), slot 1000 = 2 items (above slot_max). Interleaved so slot order != input order. */
static void balance_reproduces_numpy(void **state)
{
    size_t n = 3 + 2000 + 4 + 1500 + 1300 + 2;
    int32_t *slot = malloc(n * sizeof *slot);
    uint32_t *w = malloc(n * sizeof *w);
    uint32_t *pos5 = malloc(2000 * sizeof *pos5), *pos9 = malloc(1500 * sizeof *pos9);
    size_t k = 0, a = 0, b = 0, c = 0;
    for (int i = 0; i < 3; i++) slot[k] = 0, w[k++] = 5;
    /* interleave slot 9 and slot 5 items, keeping each slot's own order */
    while (a < 2000 || b < 1500) {
        if (b < 1500 && (a >= 2000 || (a + b) % 3 == 0)) {
            pos9[b] = (uint32_t)k;
            slot[k] = 9, w[k++] = (b % 7) ? 5 : 1;
            b++;
        } else {
            pos5[a] = (uint32_t)k;
            slot[k] = 5, w[k++] = (a % 3 == 0) ? 1 : 5;
            a++;
        }
        if (c < 1300 && (a + b) % 2) slot[k] = 300, w[k++] = 5, c++;
    }
    while (c < 1300) slot[k] = 300, w[k++] = 5, c++;
    size_t first7 = k;
    for (int i = 0; i < 4; i++) slot[k] = 7, w[k++] = 1;
    for (int i = 0; i < 2; i++) slot[k] = 1000, w[k++] = 5;
    assert_int_equal(k, n);

    struct pc_curate_opts o;
    pc_curate_opts_init(&o);
    uint32_t *sel;
    size_t n_sel;
    assert_int_equal(pc_balance_select(&o, slot, w, n, &sel, &n_sel, NULL), PC_OK);
    assert_int_equal(n_sel, 1200 + 4 + 1200 + 1300);
    const uint32_t f1[10] = {749, 1901, 1463, 1197, 311, 116, 1732, 1202, 1415, 41};
    const uint32_t f2[10] = {836, 1095, 697, 90, 843, 1436, 263, 1034, 302, 803};
    for (int i = 0; i < 10; i++) assert_int_equal(sel[i], pos5[f1[i]]);
    assert_int_equal(sel[1199], pos5[1324]);
    for (int i = 0; i < 4; i++) assert_int_equal(sel[1200 + i], first7 + i);
    for (int i = 0; i < 10; i++) assert_int_equal(sel[1204 + i], pos9[f2[i]]);
    assert_int_equal(sel[1204 + 1199], pos9[686]);
    for (size_t i = 2404; i + 1 < n_sel; i++) {
        assert_int_equal(slot[sel[i]], 300);
        assert_true(sel[i] < sel[i + 1]); /* whole slot, input order */
    }
    free(sel);

    /* --no-balance: everything, input order */
    o.no_balance = 1;
    assert_int_equal(pc_balance_select(&o, slot, w, n, &sel, &n_sel, NULL), PC_OK);
    assert_int_equal(n_sel, n);
    for (size_t i = 0; i < n; i++) assert_int_equal(sel[i], i);
    free(sel);

    /* all weights of a drawn slot zero: an error naming the slot */
    o.no_balance = 0;
    for (size_t i = 0; i < n; i++)
        if (slot[i] == 5) w[i] = 0;
    struct pc_error e;
    pc_error_clear(&e);
    assert_int_equal(pc_balance_select(&o, slot, w, n, &sel, &n_sel, &e), PC_EINVAL);
    assert_non_null(strstr(e.message, "slot 5"));
    free(slot), free(w), free(pos5), free(pos9);
}

static void export_rows_match_python(void **state)
{
    struct pc_buf b;
    pc_buf_init(&b, 0);
    for (size_t i = 0; i < sizeof export_vectors / sizeof *export_vectors; i++) {
        const struct export_vector *v = &export_vectors[i];
        pc_buf_reset(&b);
        assert_int_equal(pc_jsonl_put_row(&b, v->text, strlen(v->text), v->price), PC_OK);
        assert_string_equal(b.data, v->jsonl);
        pc_buf_reset(&b);
        assert_int_equal(pc_openai_put_line(&b, v->text, strlen(v->text), v->price), PC_OK);
        assert_string_equal(b.data, v->openai);
    }
    pc_buf_release(&b);
}

static void card_header(void **state)
{
    struct pc_card_split s[2] = {{"train", 400000, pc_card_num_bytes(400000, 1000), 5000},
                                 {"test", 2000, pc_card_num_bytes(2000, 10), 300}};
    assert_int_equal(s[0].num_bytes, 1000 + 4 * 400001 + 8 * 400000);
    struct pc_buf b;
    pc_buf_init(&b, 0);
    assert_int_equal(pc_card_put(&b, NULL, NULL, s, 2), PC_OK);
    assert_non_null(strstr(b.data, "  - split: test\n    path: data/test-*\n"));
    assert_non_null(strstr(b.data, "  - name: train\n    num_bytes: 4801004\n"
                                   "    num_examples: 400000\n"));
    assert_non_null(strstr(b.data, "  download_size: 5300\n"));
    assert_non_null(strstr(b.data, "\n---\n\n# pricer-data\n"));
    assert_memory_equal(b.data, "---\nlicense: other\n", 19);
    assert_non_null(strstr(b.data, "\nsource_datasets:\n- McAuley-Lab/Amazon-Reviews-2023\n"));
    assert_non_null(strstr(b.data, "\nsize_categories:\n- 100K<n<1M\n"));
    assert_non_null(strstr(b.data, "arXiv:2403.03952"));
    pc_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(slot_is_half_even),
        cmocka_unit_test(weights_lookup),
        cmocka_unit_test(balance_reproduces_numpy),
        cmocka_unit_test(export_rows_match_python),
        cmocka_unit_test(card_header),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
