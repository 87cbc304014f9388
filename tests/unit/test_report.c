/* Unit tests of src/report: numpy-exact histogram bins, Python title formatting, the
 * reference's content length (len(title + str(description) + str(features) + details)),
 * category counters, the deterministic point sample and the line reader. Expected values
 * are hand-checked with CPython 3.11 / numpy 1.24 (expressions in the comments). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pricer.h"

static void hist_numpy_edges(void **state)
{
    /* np.histogram([0,10,9.999,10.0,990,999.49,1000,1000.01,-1,5],
     *              bins=np.arange(0,1010,10))[0][[0,1,98,99]] == [3 2 0 3] */
    struct pc_hist h;
    assert_int_equal(pc_hist_init(&h, 0, 1000, 100), PC_OK);
    const double v[] = {0, 10, 9.999, 10.0, 990, 999.49, 1000, 1000.01, -1, 5};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) pc_hist_add(&h, v[i]);
    assert_int_equal(h.counts[0], 3);
    assert_int_equal(h.counts[1], 2);
    assert_int_equal(h.counts[98], 0);
    assert_int_equal(h.counts[99], 3); /* 990, 999.49 and 1000 (last bin closed) */
    assert_int_equal(h.below, 1);
    assert_int_equal(h.above, 1);
    assert_int_equal(h.n, 10); /* mean and max cover every value */
    assert_true(h.max == 1000.01);
    assert_true(pc_hist_edge(&h, 37) == 370.0);
    pc_hist_add(&h, 0.0 / 0.0);
    assert_int_equal(h.nan, 1);
    pc_hist_release(&h);
    assert_int_equal(pc_hist_init(&h, 1, 1, 3), PC_EINVAL);
}

static void python_formats(void **state)
{
    char b[48];
    assert_string_equal(pc_fmt_fixed(1541.5, 0, 1, b), "1,542"); /* f'{1541.5:,.0f}' */
    assert_string_equal(pc_fmt_fixed(2.5, 0, 1, b), "2");        /* half to even */
    assert_string_equal(pc_fmt_fixed(1234567.891, 2, 1, b), "1,234,567.89");
    assert_string_equal(pc_fmt_fixed(176.65, 1, 1, b), "176.7");
    assert_string_equal(pc_fmt_fixed(-1234.5, 1, 1, b), "-1,234.5");
    assert_string_equal(pc_fmt_fixed(220.5234, 2, 0, b), "220.52"); /* f'{x:.2f}' */
    assert_string_equal(pc_fmt_pyfloat(999.49, b), "999.49");       /* f'{999.49:,}' */
    assert_string_equal(pc_fmt_pyfloat(21000.0, b), "21,000.0");
    assert_string_equal(pc_fmt_pyfloat(1e16, b), "1e+16");
    assert_string_equal(pc_fmt_int(22527, b), "22,527");
    assert_string_equal(pc_fmt_int(-1000000, b), "-1,000,000");
    assert_string_equal(pc_fmt_int(999, b), "999");
}

static void content_length(void **state)
{
    /* d = {'title':'T\u00e9st "q"', 'description':["it's", 'a\nb', 'x\xa0y\u2028'],
     *      'features':[], 'details':{'A':'\u00e9','B':[1,2.50]}}
     * len(d['title'] + str(d['description']) + str(d['features']) + json.dumps(d['details']))
     * == 72: str(description) == `["it's", 'a\nb', 'x\xa0y\u2028']` */
    const char *line = "{\"title\": \"T\\u00e9st \\\"q\\\"\", \"description\": [\"it's\", "
                       "\"a\\nb\", \"x\\u00a0y\\u2028\"], \"features\": [], \"details\": "
                       "{\"A\": \"\\u00e9\", \"B\": [1, 2.50]}}";
    struct pc_json_doc *doc = pc_json_doc_new();
    const struct pc_json_val *root;
    assert_int_equal(pc_json_parse(doc, line, strlen(line), &root, NULL), PC_OK);
    assert_int_equal(pc_raw_content_length(root), 72);
    /* no details key: str(None) */
    const char *l2 = "{\"title\": \"ab\", \"description\": [], \"features\": [\"\"]}";
    assert_int_equal(pc_json_parse(doc, l2, strlen(l2), &root, NULL), PC_OK);
    assert_int_equal(pc_raw_content_length(root), 2 + 2 + 4 + 4); /* "ab" "[]" "['']" None */
    pc_json_doc_free(doc);
}

static void raw_rows(void **state)
{
    struct pc_raw_stats s;
    assert_int_equal(pc_raw_stats_init(&s), PC_OK);
    struct pc_json_doc *doc = pc_json_doc_new();
    const char *lines[] = {
        "{\"title\": \"a\", \"price\": 5.5, \"images\": [], \"videos\": []}",
        "{\"title\": \"b\", \"price\": \"None\", \"images\": [], \"videos\": []}",
        "{\"title\": \"c\", \"price\": \"12\", \"images\": [], \"videos\": []}",
        "{\"title\": \"d\", \"price\": 0, \"images\": [], \"videos\": []}",
        "{\"title\": \"e\", \"price\": 3, \"images\": null, \"videos\": []}",
        "not json",
    };
    for (int i = 0; i < 6; i++)
        assert_int_equal(pc_raw_stats_add(&s, doc, "meta_X.jsonl", lines[i], strlen(lines[i])),
                         PC_OK);
    assert_int_equal(s.lines, 6);
    assert_int_equal(s.rows, 4);
    assert_int_equal(s.skipped_json, 1);
    assert_int_equal(s.skipped_media, 1);
    assert_int_equal(s.priced, 2); /* 5.5 and "12" */
    assert_int_equal(s.price_unparsable, 1);
    assert_true(s.prices.max == 12.0);
    assert_int_equal(s.prices.counts[0], 1);
    assert_int_equal(s.prices.counts[1], 1);
    pc_json_doc_free(doc);
    pc_raw_stats_release(&s);
}

static void categories_and_points(void **state)
{
    struct pc_catcount c;
    pc_catcount_init(&c, 2);
    pc_catcount_add(&c, "B", 1, 1);
    pc_catcount_add(&c, "A", 1, 2);
    pc_catcount_add(&c, "B", 1, 3);
    pc_catcount_add(&c, "C", 1, 5); /* beyond max_names: counted in other */
    assert_int_equal(c.n, 2);
    assert_string_equal(c.names[0], "B"); /* first-seen order, like Counter */
    assert_int_equal(c.counts[0], 4);
    assert_int_equal(pc_catcount_get(&c, "A"), 2);
    assert_int_equal(c.other, 5);
    assert_int_equal(c.total, 11);
    pc_catcount_release(&c);

    struct pc_points p, q;
    pc_points_init(&p, 100, 42);
    pc_points_init(&q, 100, 42);
    for (int i = 0; i < 10000; i++) {
        pc_points_add(&p, i, i * 2);
        pc_points_add(&q, i, i * 2);
    }
    assert_int_equal(p.n, 100);
    assert_int_equal(p.seen, 10000);
    assert_memory_equal(p.x, q.x, 100 * sizeof *p.x); /* deterministic */
    int late = 0;
    for (int i = 0; i < 100; i++) {
        assert_true(p.y[i] == 2 * p.x[i]);
        if (p.x[i] >= 5000) late++;
    }
    assert_true(late > 25 && late < 75); /* uniform over the stream, not just its start */
    pc_points_release(&p);
    pc_points_release(&q);
}

struct scan_seen {
    int n, bad;
    int64_t line[4], bad_line;
    double price0;
    int state_price1, state_text1, state_title1;
};

static int seen_rec(void *ctx, const struct pc_rec *r, int64_t line_no)
{
    struct scan_seen *s = ctx;
    if (s->n == 0) s->price0 = r->price;
    if (s->n == 1) {
        s->state_price1 = r->state[PC_RF_PRICE];
        s->state_text1 = r->state[PC_RF_TEXT];
        s->state_title1 = r->state[PC_RF_TITLE];
    }
    if (s->n < 4) s->line[s->n] = line_no;
    s->n++;
    return 0;
}

static int seen_bad(void *ctx, int64_t line_no, const char *message)
{
    struct scan_seen *s = ctx;
    s->bad++;
    s->bad_line = line_no;
    return 0;
}

static void lines_and_body(void **state)
{
    char path[] = "/tmp/pc_test_report_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("{\"text\": \"a\", \"price\": 1.5}\r\n\n{bad\n{\"price\": null, \"text\": \"\"}", f);
    fclose(f);
    struct scan_seen seen;
    memset(&seen, 0, sizeof seen);
    assert_int_equal(pc_rec_scan(path, seen_rec, seen_bad, &seen, NULL), PC_OK);
    assert_int_equal(seen.n, 2); /* the blank line is ignored, "{bad" is reported */
    assert_int_equal(seen.bad, 1);
    assert_int_equal(seen.bad_line, 3);
    assert_int_equal(seen.line[0], 1);
    assert_true(seen.price0 == 1.5);   /* "\r\n" ends the line: the JSON parses */
    assert_int_equal(seen.line[1], 4); /* last line without \n */
    assert_int_equal(seen.state_price1, PC_RS_NULL);
    assert_int_equal(seen.state_text1, PC_RS_EMPTY);
    assert_int_equal(seen.state_title1, PC_RS_MISSING);
    struct pc_error err;
    pc_error_clear(&err);
    assert_int_equal(pc_rec_scan("/nonexistent/x.jsonl", seen_rec, seen_bad, &seen, &err), PC_EIO);
    assert_non_null(strstr(err.message, "cannot open '/nonexistent/x.jsonl'"));
    remove(path);

    const char *p = "How much does this cost to the nearest dollar?\n\nTitle\nBody text\n\n"
                    "Price is $12.00";
    const char *b;
    size_t bl;
    pc_rec_body(p, strlen(p), &b, &bl);
    assert_int_equal(bl, strlen("Title\nBody text"));
    assert_memory_equal(b, "Title\nBody text", bl);
    const char *tp = "How much does this cost to the nearest dollar?\n\nT\nB\n\nPrice is $";
    pc_rec_body(tp, strlen(tp), &b, &bl);
    assert_int_equal(bl, 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hist_numpy_edges),      cmocka_unit_test(python_formats),
        cmocka_unit_test(content_length),        cmocka_unit_test(raw_rows),
        cmocka_unit_test(categories_and_points), cmocka_unit_test(lines_and_body),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
