/* Record conversion (SPEC §1.1-§1.2) and item rules (SPEC §2) that do not need a tokenizer:
 * loader strings and contents against Python's json/str results (item_goldens.h), the
 * REMOVALS order, price window and rounding against hand-checked SPEC values. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "pricer.h"
#include "item_goldens.h"

static void records_match_python_loader(void **state)
{
    struct pc_json_doc *doc = pc_json_doc_new();
    struct pc_buf b, tmp;
    pc_buf_init(&b, 0);
    pc_buf_init(&tmp, 0);
    for (size_t i = 0; i < sizeof golden_records / sizeof golden_records[0]; i++) {
        const struct record_case *c = &golden_records[i];
        const struct pc_json_val *root;
        struct pc_error err;
        assert_int_equal(pc_json_parse(doc, c->line, strlen(c->line), &root, &err), PC_OK);
        struct pc_record rec;
        assert_int_equal(pc_record_from_json(root, &rec), PC_OUT_KEPT);
        pc_buf_reset(&b);
        int rc = pc_record_details_str(&rec, &b);
        assert_int_equal(rc == PC_OK, c->has_details);
        if (c->has_details && strcmp(b.data, c->details))
            fail_msg("case %zu details: got %s want %s", i, b.data, c->details);
        pc_buf_reset(&b);
        rc = pc_record_price_str(&rec, &b);
        assert_int_equal(rc == PC_OK, c->has_price);
        if (c->has_price && strcmp(b.data, c->price))
            fail_msg("case %zu price: got '%s' want '%s'", i, b.data, c->price);
        pc_buf_reset(&b);
        assert_int_equal(pc_item_contents(&rec, &b, &tmp), PC_OK);
        if (b.len != strlen(c->contents) || memcmp(b.data, c->contents, b.len))
            fail_msg("case %zu contents: got [%s] want [%s]", i, b.data, c->contents);
    }
    pc_buf_release(&b);
    pc_buf_release(&tmp);
    pc_json_doc_free(doc);
}

static void removals_in_order(void **state)
{
    /* Hand-checked: "Item" goes before ":" and "Number of", so "Number of Items: 2" ->
     * "Number of s: 2" -> "Number of s 2" -> " s 2". */
    char s[256];
    strcpy(s, "Number of Items: 2");
    size_t n = pc_item_removals(s, strlen(s));
    assert_int_equal(n, 4);
    assert_memory_equal(s, " s 2", 4);
    strcpy(s, "{\"Batteries Included?\": \"No\", \"Product Dimensions\": \"1\"}");
    n = pc_item_removals(s, strlen(s));
    s[n] = 0;
    assert_string_equal(s, "{, \"Dimensions\" \"1\"}");
    strcpy(s, "Best Sellers Rank, Date First Available, By Manufacturer, Package Type");
    n = pc_item_removals(s, strlen(s));
    s[n] = 0;
    assert_string_equal(s, " Rank,  Available, ,  Type");
}

static void price_window_and_kinds(void **state)
{
    static const struct {
        const char *line;
        int outcome, priced;
    } cases[] = {
        {"{\"price\": 0.5, \"images\": [], \"videos\": []}", PC_OUT_KEPT, 1},
        {"{\"price\": 0.49, \"images\": [], \"videos\": []}", PC_OUT_PRICE_WINDOW, 1},
        {"{\"price\": 999.49, \"images\": [], \"videos\": []}", PC_OUT_KEPT, 1},
        {"{\"price\": 999.5, \"images\": [], \"videos\": []}", PC_OUT_PRICE_WINDOW, 1},
        {"{\"price\": null, \"images\": [], \"videos\": []}", PC_OUT_NO_PRICE, 0},
        {"{\"price\": \"\", \"images\": [], \"videos\": []}", PC_OUT_NO_PRICE, 0},
        {"{\"price\": \"\\u2014\", \"images\": [], \"videos\": []}", PC_OUT_NO_PRICE, 0},
        {"{\"price\": \" 7.25 \", \"images\": [], \"videos\": []}", PC_OUT_KEPT, 1},
        {"{\"price\": NaN, \"images\": [], \"videos\": []}", PC_OUT_PRICE_WINDOW, 1},
        {"{\"price\": true, \"images\": [], \"videos\": []}", PC_OUT_NO_PRICE, 0},
        {"{\"images\": [], \"videos\": []}", PC_OUT_NO_PRICE, 0},
    };
    struct pc_json_doc *doc = pc_json_doc_new();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct pc_json_val *root;
        assert_int_equal(pc_json_parse(doc, cases[i].line, strlen(cases[i].line), &root, NULL),
                         PC_OK);
        struct pc_record rec;
        assert_int_equal(pc_record_from_json(root, &rec), PC_OUT_KEPT);
        int priced = -1;
        if (pc_record_price(&rec, 0.5, 999.49, &priced) != cases[i].outcome)
            fail_msg("case %zu: wrong outcome", i);
        assert_int_equal(priced, cases[i].priced);
    }
    pc_json_doc_free(doc);
}

static void media_rules(void **state)
{
    static const struct {
        const char *line;
        int outcome;
    } cases[] = {
        {"{\"images\": [{}], \"videos\": []}", PC_OUT_KEPT},
        {"{\"images\": [1], \"videos\": []}", PC_OUT_BAD_MEDIA},
        {"{\"images\": {}, \"videos\": []}", PC_OUT_BAD_MEDIA},
        {"{\"videos\": []}", PC_OUT_BAD_MEDIA},
        {"[1, 2]", PC_OUT_NOT_OBJECT},
        {"\"text\"", PC_OUT_NOT_OBJECT},
    };
    struct pc_json_doc *doc = pc_json_doc_new();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct pc_json_val *root;
        assert_int_equal(pc_json_parse(doc, cases[i].line, strlen(cases[i].line), &root, NULL),
                         PC_OK);
        struct pc_record rec;
        assert_int_equal(pc_record_from_json(root, &rec), cases[i].outcome);
    }
    pc_json_doc_free(doc);
}

static void rounding_half_even(void **state)
{
    static const struct {
        double x;
        const char *r;
    } cases[] = {{0.5, "0"},     {1.5, "2"},      {2.5, "2"},      {3.5, "4"},
                 {998.5, "998"}, {999.49, "999"}, {226.95, "227"}, {374.41, "374"},
                 {0.51, "1"},    {12.5, "12"},    {13.5, "14"},    {2.675, "3"}};
    char out[400];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = pc_item_round_price(cases[i].x, out);
        assert_int_equal(n, strlen(cases[i].r));
        assert_string_equal(out, cases[i].r);
    }
}

static void invalid_line_reasons(void **state)
{
    assert_int_equal(pc_line_invalid_reason("{\"a\": \"\xff\"}", 10), PC_OUT_INVALID_UTF8);
    assert_int_equal(pc_line_invalid_reason("{\"a\": \"\0\"}", 10), PC_OUT_NUL_BYTE);
    assert_int_equal(pc_line_invalid_reason("{\"a\": }", 7), PC_OUT_INVALID_JSON);
    assert_string_equal(pc_outcome_key(PC_OUT_KEPT), "kept");
    assert_true(pc_outcome_invalid(PC_OUT_INVALID_JSON));
    assert_false(pc_outcome_invalid(PC_OUT_TOO_SHORT));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(records_match_python_loader), cmocka_unit_test(removals_in_order),
        cmocka_unit_test(price_window_and_kinds),      cmocka_unit_test(media_rules),
        cmocka_unit_test(rounding_half_even),          cmocka_unit_test(invalid_line_reasons),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
