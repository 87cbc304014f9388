/* JSON DOM contract (src/json/json.h): rejects with byte offsets, depth limit, memory cap,
 * duplicate keys (first position, last value), number kinds, lone surrogates, put_str modes,
 * str() of numbers. Expected values are hand-checked against Python 3.11 behaviour. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pricer.h"

static struct pc_json_doc *doc;

static int setup(void **state)
{
    doc = pc_json_doc_new();
    return doc ? 0 : -1;
}

static int teardown(void **state)
{
    pc_json_doc_free(doc);
    return 0;
}

static int parse(const char *s, const struct pc_json_val **v, struct pc_error *e)
{
    pc_error_clear(e);
    return pc_json_parse(doc, s, strlen(s), v, e);
}

static void expect_reject(const char *s, size_t len, int64_t offset)
{
    const struct pc_json_val *v = (void *)1;
    struct pc_error e;
    pc_error_clear(&e);
    int rc = pc_json_parse(doc, s, len, &v, &e);
    if (rc != PC_EFORMAT) fail_msg("'%s' should be rejected, got %d", s, rc);
    assert_null(v);
    if (e.byte_offset != offset)
        fail_msg("'%s': error '%s' at %lld, expected %lld", s, e.message, (long long)e.byte_offset,
                 (long long)offset);
}

static void rejects_with_offsets(void **state)
{
    expect_reject("{\"a\": \"x\ty\"}", 12, 8); /* raw control char in string */
    expect_reject("[1, 2,]", 7, 6);            /* trailing comma */
    expect_reject("{\"a\": 1,}", 9, 8);        /* trailing comma in object */
    expect_reject("{'a': 1}", 8, 1);           /* single quotes */
    expect_reject("[\"ab\xff\"]", 6, 4);       /* invalid UTF-8 byte */
    expect_reject("[\"\xed\xa0\x80\"]", 6, 2); /* UTF-8-encoded surrogate */
    expect_reject("[\"\xc0\xaf\"]", 5, 2);     /* overlong */
    expect_reject("{\"a\": 1} x", 10, 9);      /* extra data */
    expect_reject("", 0, 0);
    expect_reject("\"abc", 4, 0);     /* unterminated string: where it starts */
    expect_reject("[\"\\x\"]", 6, 2); /* invalid escape */
    expect_reject("[1.]", 4, 3);
    expect_reject("[-]", 3, 2);
    expect_reject("[tru]", 5, 1);
    expect_reject("[1\x00]", 4, 2);
}

static void depth_limit(void **state)
{
    char buf[2100];
    const struct pc_json_val *v;
    struct pc_error e;
    for (int d = 511; d <= 513; d++) {
        memset(buf, '[', d);
        memset(buf + d, ']', d);
        pc_error_clear(&e);
        int rc = pc_json_parse(doc, buf, 2 * (size_t)d, &v, &e);
        if (d <= 512) {
            assert_int_equal(rc, PC_OK);
        } else {
            assert_int_equal(rc, PC_EFORMAT);
            assert_int_equal(e.byte_offset, 512);
            assert_non_null(strstr(e.message, "deep"));
        }
    }
    doc->max_depth = 1000;
    memset(buf, '[', 1000);
    memset(buf + 1000, ']', 1000);
    assert_int_equal(pc_json_parse(doc, buf, 2000, &v, &e), PC_OK);
    doc->max_depth = 2;
    assert_int_equal(pc_json_parse(doc, "[[1]]", 5, &v, &e), PC_OK);
    assert_int_equal(pc_json_parse(doc, "[[[1]]]", 7, &v, &e), PC_EFORMAT);
    doc->max_depth = 512;
}

static void memory_cap(void **state)
{
    const struct pc_json_val *v;
    struct pc_error e;
    size_t n = 1 << 20;
    char *big = malloc(n);
    big[0] = '[';
    for (size_t i = 1; i + 1 < n; i += 2) big[i] = '1', big[i + 1] = ',';
    big[n - 2] = '1';
    big[n - 1] = ']';
    doc->max_bytes = 1 << 20; /* 512 Ki values need ~12 MiB */
    pc_error_clear(&e);
    assert_int_equal(pc_json_parse(doc, big, n, &v, &e), PC_ETOOBIG);
    doc->max_bytes = (size_t)1 << 30;
    assert_int_equal(pc_json_parse(doc, big, n, &v, &e), PC_OK);
    assert_int_equal(v->len, (n - 2) / 2); /* "1,1,...,11" */
    free(big);
}

/* pc_json_parse_more keeps the earlier parses' values (one arena for a batch of lines),
 * including across the arena's growth; a failed parse leaves them intact; clear drops all. */
static void parse_more_keeps_earlier(void **state)
{
    struct pc_json_doc *d = pc_json_doc_new();
    assert_non_null(d);
    const struct pc_json_val *roots[2000];
    struct pc_error e;
    char line[128];
    for (int i = 0; i < 2000; i++) { /* ~2000 x ~200 bytes of DOM: several arena chunks */
        int n = snprintf(line, sizeof line, "{\"i\": %d, \"s\": \"v%d\\u00e9\", \"a\": [%d, null]}",
                         i, i, -i);
        pc_error_clear(&e);
        assert_int_equal(pc_json_parse_more(d, line, (size_t)n, &roots[i], &e), PC_OK);
        if (i == 1000) { /* a bad line in between */
            const struct pc_json_val *bad;
            assert_int_equal(pc_json_parse_more(d, "{\"x\": [1, 2", 11, &bad, &e), PC_EFORMAT);
        }
    }
    for (int i = 0; i < 2000; i++) {
        char want[32];
        snprintf(want, sizeof want, "v%d\xc3\xa9", i);
        assert_int_equal((int)pc_json_get(roots[i], "i")->num, i);
        assert_string_equal(pc_json_get(roots[i], "s")->u.str, want);
        const struct pc_json_val *a = pc_json_get(roots[i], "a");
        assert_int_equal(a->len, 2);
        assert_int_equal((int)a->u.items[0].num, -i);
        assert_int_equal(a->u.items[1].type, PC_JSON_NULL);
    }
    /* the cap covers everything since the last clear (a fresh doc: a cleared one keeps its
     * memory, which the cap does not take back) */
    pc_json_doc_free(d);
    d = pc_json_doc_new();
    assert_non_null(d);
    d->max_bytes = 64 * 1024;
    int refused = 0;
    for (int i = 0; i < 2000 && !refused; i++) {
        const struct pc_json_val *v;
        refused = pc_json_parse_more(d, "[1, 2, 3, 4, 5, 6, 7, 8]", 24, &v, &e) == PC_ETOOBIG;
    }
    assert_true(refused);
    pc_json_doc_clear(d);
    const struct pc_json_val *v;
    assert_int_equal(pc_json_parse_more(d, "[1, 2, 3, 4, 5, 6, 7, 8]", 24, &v, &e), PC_OK);
    assert_int_equal(v->len, 8);
    pc_json_doc_free(d);
}

static void duplicate_keys(void **state)
{
    const struct pc_json_val *v;
    struct pc_error e;
    assert_int_equal(
        parse("{\"a\": 1, \"b\": 2, \"a\": 3, \"c\": {\"x\": 1, \"x\": null}}", &v, &e), PC_OK);
    assert_int_equal(v->type, PC_JSON_OBJECT);
    assert_int_equal(v->len, 3);
    assert_string_equal(v->u.members[0].key, "a");
    assert_string_equal(v->u.members[0].val.u.raw, "3");
    assert_string_equal(v->u.members[1].key, "b");
    const struct pc_json_val *c = pc_json_get(v, "c");
    assert_non_null(c);
    assert_int_equal(c->len, 1);
    assert_int_equal(pc_json_get(c, "x")->type, PC_JSON_NULL);
    assert_null(pc_json_get(v, "x"));
    assert_null(pc_json_get(pc_json_get(v, "a"), "a"));
}

static void numbers(void **state)
{
    const struct pc_json_val *v;
    struct pc_error e;
    assert_int_equal(
        parse("[-0, 12.990, 1e2, 123456789012345678901234567890, NaN, -Infinity]", &v, &e), PC_OK);
    const struct pc_json_val *it = v->u.items;
    assert_int_equal(it[0].num_kind, PC_JSON_INT);
    assert_string_equal(it[0].u.raw, "-0");
    assert_int_equal(it[1].num_kind, PC_JSON_FLOAT);
    assert_true(it[1].num == 12.99);
    assert_int_equal(it[2].num_kind, PC_JSON_FLOAT);
    assert_int_equal(it[3].num_kind, PC_JSON_INT);
    assert_true(it[3].num == 1.2345678901234568e29);
    assert_int_equal(it[4].num_kind, PC_JSON_NAN);
    assert_int_equal(it[5].num_kind, PC_JSON_NINF);
    const char *want[] = {"0", "12.99", "100.0", "123456789012345678901234567890", "nan", "-inf"};
    struct pc_buf b;
    pc_buf_init(&b, 0);
    for (int i = 0; i < 6; i++) {
        pc_buf_reset(&b);
        assert_int_equal(pc_json_num_pystr(&b, &it[i]), PC_OK);
        assert_string_equal(b.data, want[i]);
    }
    pc_buf_release(&b);
}

static void strings_and_surrogates(void **state)
{
    const struct pc_json_val *v;
    struct pc_error e;
    assert_int_equal(parse("[\"a\\u0000b\", \"\\ud83d\\ude00\", \"\\ud800\"]", &v, &e), PC_OK);
    assert_int_equal(v->u.items[0].len, 3);
    assert_memory_equal(v->u.items[0].u.str, "a\0b", 4);
    assert_string_equal(v->u.items[1].u.str, "\xf0\x9f\x98\x80");
    assert_string_equal(v->u.items[2].u.str, "\xed\xa0\x80"); /* WTF-8 */
    assert_int_equal(doc->lone_surrogates, 1);
    assert_int_equal(parse("\"\\ud83d\\ude00\"", &v, &e), PC_OK);
    assert_int_equal(doc->lone_surrogates, 0);
}

static void put_str_modes(void **state)
{
    struct pc_buf b;
    pc_buf_init(&b, 0);
    const char s[] = "\"\\/\n\x01\x7f\xc3\xa9\xf0\x9f\x98\x80";
    assert_int_equal(pc_json_put_str(&b, s, sizeof s - 1, 1), PC_OK);
    assert_string_equal(b.data, "\"\\\"\\\\/\\n\\u0001\\u007f\\u00e9\\ud83d\\ude00\"");
    pc_buf_reset(&b);
    assert_int_equal(pc_json_put_str(&b, s, sizeof s - 1, 0), PC_OK);
    assert_string_equal(b.data, "\"\\\"\\\\/\\n\\u0001\x7f\xc3\xa9\xf0\x9f\x98\x80\"");
    pc_buf_release(&b);
    /* a capped buffer reports PC_ETOOBIG instead of growing */
    pc_buf_init(&b, 4);
    assert_int_equal(pc_json_put_str(&b, "abcdef", 6, 1), PC_ETOOBIG);
    pc_buf_release(&b);
}

static void repr_spec_examples(void **state)
{
    char out[32];
    struct {
        double x;
        const char *s;
    } c[] = {{2.5, "2.5"},          {1e20, "1e+20"}, {12.99, "12.99"},   {100.0, "100.0"},
             {1e16, "1e+16"},       {1e-5, "1e-05"}, {123.0, "123.0"},   {0.0001, "0.0001"},
             {1.5e300, "1.5e+300"}, {-0.0, "-0.0"},  {5e-324, "5e-324"}, {1.0 / 0.0, "inf"},
             {-1.0 / 0.0, "-inf"}};
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        pc_py_float_repr(c[i].x, out);
        assert_string_equal(out, c[i].s);
    }
    double x;
    assert_int_equal(pc_py_float_parse("None", 4, &x), PC_EFORMAT);
    assert_int_equal(pc_py_float_parse("", 0, &x), PC_EFORMAT);
    assert_int_equal(pc_py_float_parse("$5", 2, &x), PC_EFORMAT);
    assert_int_equal(pc_py_float_parse("\xe2\x80\x94", 3, &x), PC_EFORMAT);
    assert_int_equal(pc_py_float_parse(" 1_000.5\n", 9, &x), PC_OK);
    assert_true(x == 1000.5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rejects_with_offsets),
        cmocka_unit_test(depth_limit),
        cmocka_unit_test(memory_cap),
        cmocka_unit_test(parse_more_keeps_earlier),
        cmocka_unit_test(duplicate_keys),
        cmocka_unit_test(numbers),
        cmocka_unit_test(strings_and_surrogates),
        cmocka_unit_test(put_str_modes),
        cmocka_unit_test(repr_spec_examples),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
