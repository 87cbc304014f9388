/* Unit tests of src/eval (the course's get_price and Tester colours), the report's chart
 * fitting and category order (src/report/chartfit.c), and the Snappy/Parquet readers on
 * hand-made bytes. Expected values are hand-checked with CPython 3.11 / numpy (expressions
 * in the comments). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pricer.h"
#include "report/chartfit.h"

static double gp(const char *s)
{
    return pc_get_price(s, strlen(s));
}

static void get_price_like_python(void **state)
{
    /* get_price(s) of the course, run in CPython 3.11 */
    assert_true(gp("Price is $1,234.50") == 1234.5);
    assert_true(gp("-5") == 5); /* the sign only belongs to a number with '.' */
    assert_true(gp("-0.5 dollars") == -0.5);
    assert_true(gp("+.75") == 0.75);
    assert_true(gp("5.") == 5);
    assert_true(gp("no idea") == 0);
    assert_true(gp("") == 0);
    assert_true(gp("Price is $\xd9\xa3\xd9\xa4.\xd9\xa5") == 34.5); /* Arabic-Indic 34.5 */
    assert_true(gp("\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93") == 123); /* fullwidth 123 */
    assert_true(gp("about 12.5.6") == 12.5);
    assert_true(gp("1e5") == 1);
    assert_true(gp("..5") == 0.5);
    assert_true(gp("\xc2\xb2\xc2\xb3 9") == 9); /* superscripts are not \d */
    assert_true(gp("x-.5") == -0.5);
    assert_true(gp("\xf0\x9d\x9f\x99\xf0\x9d\x9f\x98") == 10); /* double-struck 1 0 */
    assert_true(gp("$,$7,,0") == 70);
    assert_true(gp("\xff\xfe 42") == 42); /* invalid UTF-8 never matches, the rest does */
}

static void tester_colours(void **state)
{
    /* color_for(error, truth) of the course */
    assert_int_equal(pc_eval_color_for(39.99, 1000), PC_EVAL_GREEN);
    assert_int_equal(pc_eval_color_for(100, 1000), PC_EVAL_GREEN); /* 0.1 < 0.2 */
    assert_int_equal(pc_eval_color_for(40, 100), PC_EVAL_ORANGE);  /* 0.4: not < 0.2; < 80 */
    assert_int_equal(pc_eval_color_for(100, 400), PC_EVAL_ORANGE); /* 0.25 < 0.4 */
    assert_int_equal(pc_eval_color_for(100, 200), PC_EVAL_RED);
    assert_int_equal(pc_eval_color_for(79.9, 10), PC_EVAL_ORANGE);
    assert_int_equal(pc_eval_color_for(80, 0), PC_EVAL_RED);
    /* random.seed(42); [random.randrange(1, 1000) for _ in range(3)] == [655, 115, 26] */
    double g[3];
    pc_eval_baseline_random(g, 3, 42);
    assert_true(g[0] == 655 && g[1] == 115 && g[2] == 26);
}

static void hist_fit(void **state)
{
    struct pc_hist fine, fit;
    assert_int_equal(pc_hist_init(&fine, 0, 300, 300), PC_OK);
    pc_hist_add(&fine, 150);
    pc_hist_add(&fine, 151);
    pc_hist_add(&fine, 179);
    assert_int_equal(pc_hist_fit(&fine, 40, &fit), PC_OK);
    assert_true(fit.lo == 150 && fit.hi == 180);
    assert_int_equal(fit.bins, 30);
    assert_int_equal(fit.counts[0], 1);
    assert_int_equal(fit.counts[1], 1);
    assert_int_equal(fit.counts[29], 1);
    assert_int_equal(fit.n, 3);
    pc_hist_release(&fit);
    pc_hist_release(&fine);
    /* np.histogram([10, 290], np.arange(10, 310, 10)): 29 bins of 10 (m = 10) */
    assert_int_equal(pc_hist_init(&fine, 0, 300, 300), PC_OK);
    pc_hist_add(&fine, 10);
    pc_hist_add(&fine, 290);
    assert_int_equal(pc_hist_fit(&fine, 40, &fit), PC_OK);
    assert_true(fit.lo == 10 && fit.hi == 300);
    assert_int_equal(fit.bins, 29);
    assert_int_equal(fit.counts[0], 1);
    assert_int_equal(fit.counts[28], 1);
    pc_hist_release(&fit);
    pc_hist_release(&fine);
}

static void category_order(void **state)
{
    struct pc_catcount a, b;
    pc_catcount_init(&a, 0);
    pc_catcount_init(&b, 0);
    pc_catcount_add(&a, "A", 1, 1);
    pc_catcount_add(&a, "B", 1, 3);
    pc_catcount_add(&a, "C", 1, 3);
    pc_catcount_add(&b, "D", 1, 5);
    pc_catcount_add(&b, "B", 1, 1);
    const struct pc_catcount *cs[2] = {&a, &b};
    struct pc_catorder o;
    assert_int_equal(pc_catorder_build(&o, cs, 2), PC_OK);
    assert_int_equal(o.n, 4);
    assert_string_equal(o.names[0], "B"); /* 3, first seen before C */
    assert_string_equal(o.names[1], "C");
    assert_string_equal(o.names[2], "A");
    assert_string_equal(o.names[3], "D"); /* only in the second counter */
    assert_string_equal(pc_catorder_color(&o, "B"), pc_svg_palette(0));
    assert_string_equal(pc_catorder_color(&o, "D"), pc_svg_palette(3));
    assert_string_equal(pc_catorder_color(&o, "(other)"), "#b0b0b0");
    pc_catorder_release(&o);
    pc_catcount_release(&a);
    pc_catcount_release(&b);
}

static void snappy_and_parquet_bytes(void **state)
{
    /* varint 12, literal "abcd", copy (1-byte offset) of 8 bytes from 4 back */
    const unsigned char blk[] = {0x0c, 0x0c, 'a', 'b', 'c', 'd', 0x11, 0x04};
    unsigned char out[12];
    assert_int_equal(pc_snappy_decompress(blk, sizeof blk, out, 12), 12);
    assert_memory_equal(out, "abcdabcdabcd", 12);
    assert_true(pc_snappy_decompress(blk, sizeof blk, out, 11) == (size_t)-1); /* wrong size */
    const unsigned char bad[] = {0x0c, 0x0c, 'a', 'b', 'c', 'd', 0x11, 0x09};  /* offset 9 > 4 */
    assert_true(pc_snappy_decompress(bad, sizeof bad, out, 12) == (size_t)-1);
    struct pc_parquet_table t;
    struct pc_error err;
    pc_error_clear(&err);
    const char fake[] = "PAR1xxxxxxxx\x04\0\0\0PAR1";
    assert_int_equal(pc_parquet_read_mem(&t, fake, sizeof fake - 1, "f.parquet", &err), PC_EFORMAT);
    assert_non_null(strstr(err.message, "f.parquet"));
    pc_parquet_table_release(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(get_price_like_python),
        cmocka_unit_test(tester_colours),
        cmocka_unit_test(hist_fit),
        cmocka_unit_test(category_order),
        cmocka_unit_test(snappy_and_parquet_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
