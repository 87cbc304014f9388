/* Unit tests of src/report/svg: every chart is one well-formed <svg> element with its bars,
 * points or slices, escaped text, nice tick labels and abbreviated long labels. Expected
 * values are hand-computed from the inputs below. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "pricer.h"

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p++) n++;
    return n;
}

static void histogram(void **state)
{
    struct pc_hist h;
    pc_hist_init(&h, 0, 300, 30);
    for (int i = 0; i < 1000; i++) pc_hist_add(&h, 150 + i % 30);
    struct pc_buf b;
    pc_buf_init(&b, 0);
    struct pc_svg_hist_spec s = {"t", "Token <counts> & \"more\"", "Length", "Count", "skyblue", &h,
                                 NULL};
    assert_int_equal(pc_svg_hist(&b, &s), PC_OK);
    assert_int_equal(count(b.data, "<svg "), 1);
    assert_int_equal(count(b.data, "</svg>"), 1);
    assert_int_equal(count(b.data, "<rect class=\"bar\""), 30);
    /* bins 15, 16 and 17 get 340, 330 and 330 values */
    assert_non_null(strstr(b.data, "data-bin=\"15\" data-count=\"340\""));
    assert_non_null(strstr(b.data, "data-bin=\"17\" data-count=\"330\""));
    assert_non_null(strstr(b.data, "Token &lt;counts&gt; &amp; &quot;more&quot;"));
    assert_null(strstr(b.data, "<counts>"));
    /* y axis: max 340 * 1.05 -> step 100, top tick 400; x ticks every 50 */
    assert_non_null(strstr(b.data, "class=\"ytick\">400</text>"));
    assert_non_null(strstr(b.data, "class=\"xtick\">250</text>"));
    pc_buf_release(&b);
    pc_hist_release(&h);
}

static void bars_and_donut(void **state)
{
    const char *labels[] = {"Automotive", "Tools_and_Home_Improvement_and_Much_More", "A&B"};
    double v[] = {911688, 541051, 28625};
    struct pc_buf b;
    pc_buf_init(&b, 0);
    struct pc_svg_bars_spec s = {
        "c",       "How many in each category", "Categories", "Count", 3, labels, 1,
        {v, NULL}, {"goldenrod", NULL},         {NULL, NULL}, 1,       0, NULL};
    assert_int_equal(pc_svg_bars(&b, &s), PC_OK);
    assert_int_equal(count(b.data, "<rect class=\"bar\""), 3);
    assert_non_null(strstr(b.data, ">911,688</text>")); /* value labels with separators */
    assert_non_null(strstr(b.data, "data-label=\"A&amp;B\""));
    /* the long label is shown abbreviated to 22 code points with underscores as spaces, full in a
     * tooltip */
    assert_non_null(strstr(b.data, "Tools and Home Improv\xe2\x80\xa6"));
    assert_non_null(strstr(b.data, "<title>Tools_and_Home_Improvement_and_Much_More</title>"));
    pc_buf_reset(&b);
    struct pc_svg_donut_spec d = {"d", "Categories", 3, labels, v, NULL};
    assert_int_equal(pc_svg_donut(&b, &d), PC_OK);
    assert_int_equal(count(b.data, "<path class=\"slice\""), 3);
    /* shares: 911688/1481364 = 61.5%, 541051 -> 36.5%, 28625 -> 1.9% (no label on the ring) */
    assert_non_null(strstr(b.data, ">62%</text>"));
    assert_non_null(strstr(b.data, "(61.5%)"));
    assert_non_null(strstr(b.data, "(1.9%)"));
    assert_null(strstr(b.data, ">2%</text>"));
    pc_buf_release(&b);
}

static void scatter(void **state)
{
    struct pc_points p;
    pc_points_init(&p, 50, 1);
    for (int i = 0; i < 200; i++) pc_points_add(&p, 300 + i, (i * 37) % 1000);
    struct pc_buf b;
    pc_buf_init(&b, 0);
    struct pc_svg_scatter_spec s = {
        "s", "Is there a simple correlation?", "Size", "Price", "red", &p, "50 of 200 items"};
    assert_int_equal(pc_svg_scatter(&b, &s), PC_OK);
    assert_int_equal(count(b.data, "<circle class=\"pt\""), 50);
    assert_non_null(strstr(b.data, "50 of 200 items"));
    pc_buf_release(&b);
    pc_points_release(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(histogram),
        cmocka_unit_test(bars_and_donut),
        cmocka_unit_test(scatter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
