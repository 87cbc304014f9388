/* pricer's JSON reader/writer and Python float semantics against CPython's own results:
 * the tests/golden/json TSV files were produced by tests/gen/json_goldens.py (json.loads/dumps,
 * float(), repr()) and are compared case by case. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pricer.h"

static FILE *open_golden(const char *name)
{
    const char *root = getenv("PC_ROOT");
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/golden/json/%s", root ? root : ".", name);
    FILE *f = fopen(path, "rb");
    if (!f) fail_msg("cannot open golden %s", path);
    return f;
}

/* Splits line (newline stripped) on tabs into at most n fields. */
static int split_tabs(char *line, char **f, int n)
{
    size_t l = strlen(line);
    if (l && line[l - 1] == '\n') line[--l] = '\0';
    int k = 0;
    f[k++] = line;
    for (char *p = line; *p && k < n; p++)
        if (*p == '\t') {
            *p = '\0';
            f[k++] = p + 1;
        }
    return k;
}

static size_t unhex(const char *h, char *out)
{
    size_t n = 0;
    for (; h[0] && h[1]; h += 2) {
        unsigned v;
        sscanf(h, "%2x", &v);
        out[n++] = (char)v;
    }
    return n;
}

static double from_bits(const char *h)
{
    uint64_t u = strtoull(h, NULL, 16);
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

static void loads_dumps_match_python(void **state)
{
    FILE *f = open_golden("loads.tsv");
    static char line[1 << 20], in[1 << 19];
    struct pc_json_doc *doc = pc_json_doc_new();
    struct pc_buf out;
    pc_buf_init(&out, 0);
    int cases = 0, oks = 0;
    while (fgets(line, sizeof line, f)) {
        char *fl[4];
        assert_int_equal(split_tabs(line, fl, 4), 4);
        size_t n = unhex(fl[0], in);
        const struct pc_json_val *root;
        struct pc_error err;
        pc_error_clear(&err);
        int rc = pc_json_parse(doc, in, n, &root, &err);
        cases++;
        if (strcmp(fl[1], "ERR") == 0) {
            if (rc == PC_OK) fail_msg("case %d (%.60s): accepted, Python rejects", cases, in);
            assert_int_equal(rc, PC_EFORMAT);
            assert_true(err.byte_offset >= 0 && (size_t)err.byte_offset <= n);
            assert_true(err.message[0] != '\0');
            continue;
        }
        if (rc != PC_OK)
            fail_msg("case %d (%.60s): rejected (%s at %lld), Python accepts", cases, in,
                     err.message, (long long)err.byte_offset);
        pc_buf_reset(&out);
        assert_int_equal(pc_json_dump_py(&out, root), PC_OK);
        if (strcmp(out.data ? out.data : "", fl[2]) != 0)
            fail_msg("case %d: dumps gave\n  %.300s\nPython:\n  %.300s", cases, out.data, fl[2]);
        assert_int_equal(doc->lone_surrogates, atoi(fl[3]));
        oks++;
    }
    fclose(f);
    assert_true(cases > 500);
    assert_true(oks > 400);
    pc_buf_release(&out);
    pc_json_doc_free(doc);
}

static void float_parse_matches_python(void **state)
{
    FILE *f = open_golden("pyfloat.tsv");
    char line[4096], in[2048], repr[64];
    int cases = 0;
    while (fgets(line, sizeof line, f)) {
        char *fl[3];
        assert_int_equal(split_tabs(line, fl, 3), 3);
        size_t n = unhex(fl[0], in);
        double x = -1;
        int rc = pc_py_float_parse(in, n, &x);
        cases++;
        if (strcmp(fl[1], "ERR") == 0) {
            if (rc != PC_EFORMAT) fail_msg("float(%.*s) should fail", (int)n, in);
            continue;
        }
        if (rc != PC_OK) fail_msg("float(%.*s) failed, Python gives %s", (int)n, in, fl[2]);
        pc_py_float_repr(x, repr);
        if (strcmp(repr, fl[2]) != 0)
            fail_msg("float(%.*s) = %s, Python %s", (int)n, in, repr, fl[2]);
    }
    fclose(f);
    assert_true(cases > 80);
}

static void repr_matches_python(void **state)
{
    FILE *f = open_golden("repr.tsv");
    char line[256], repr[64];
    int cases = 0;
    while (fgets(line, sizeof line, f)) {
        char *fl[2];
        assert_int_equal(split_tabs(line, fl, 2), 2);
        double x = from_bits(fl[0]);
        size_t n = pc_py_float_repr(x, repr);
        assert_int_equal(n, strlen(repr));
        if (strcmp(repr, fl[1]) != 0) fail_msg("repr(%s) = %s, Python %s", fl[0], repr, fl[1]);
        cases++;
    }
    fclose(f);
    assert_true(cases > 7000);
}

static void literals_round_correctly(void **state)
{
    FILE *f = open_golden("literal.tsv");
    char line[512];
    struct pc_json_doc *doc = pc_json_doc_new();
    int cases = 0;
    while (fgets(line, sizeof line, f)) {
        char *fl[2];
        assert_int_equal(split_tabs(line, fl, 2), 2);
        const struct pc_json_val *v;
        assert_int_equal(pc_json_parse(doc, fl[0], strlen(fl[0]), &v, NULL), PC_OK);
        assert_int_equal(v->type, PC_JSON_NUMBER);
        assert_int_equal(v->num_kind, PC_JSON_FLOAT);
        double want = from_bits(fl[1]);
        if (memcmp(&v->num, &want, sizeof want) != 0)
            fail_msg("%s parsed to %.17g, Python %.17g", fl[0], v->num, want);
        assert_string_equal(v->u.raw, fl[0]);
        cases++;
    }
    fclose(f);
    pc_json_doc_free(doc);
    assert_true(cases > 1500);
}

/* pc_json_put_str(ascii = 0) is json.dumps(s, ensure_ascii=False); ascii = 1 the default. */
static void put_str_matches_python(void **state)
{
    FILE *f = open_golden("strutf8.tsv");
    char line[8192], in[2048], want[4096];
    struct pc_buf b;
    pc_buf_init(&b, 0);
    int cases = 0;
    while (fgets(line, sizeof line, f)) {
        char *fl[2];
        assert_int_equal(split_tabs(line, fl, 2), 2);
        size_t n = unhex(fl[0], in);
        size_t wn = unhex(fl[1], want);
        pc_buf_reset(&b);
        assert_int_equal(pc_json_put_str(&b, in, n, 0), PC_OK);
        if (b.len != wn || memcmp(b.data, want, wn) != 0)
            fail_msg("put_str(%s) = %s, Python %.*s", fl[0], b.data, (int)wn, want);
        cases++;
    }
    fclose(f);
    pc_buf_release(&b);
    assert_true(cases > 300);
}

/* float() maps every non-ASCII decimal digit (str.isdecimal) to its value and rejects every
 * other non-ASCII, non-space code point. */
static void float_unicode_digits_match_python(void **state)
{
    FILE *f = open_golden("decimal.tsv");
    static signed char value[0x110000];
    memset(value, -1, sizeof value);
    for (int c = '0'; c <= '9'; c++) value[c] = (signed char)(c - '0');
    char line[64];
    int n_dec = 0;
    while (fgets(line, sizeof line, f)) {
        char *fl[2];
        assert_int_equal(split_tabs(line, fl, 2), 2);
        value[strtoul(fl[0], NULL, 16)] = (signed char)atoi(fl[1]);
        n_dec++;
    }
    fclose(f);
    assert_true(n_dec > 600);
    for (uint32_t cp = 0x80; cp < 0x110000; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF) continue;
        char s[4];
        size_t n = pc_utf8_encode(cp, s);
        double x = -1;
        int rc = pc_py_float_parse(s, n, &x);
        if (value[cp] >= 0) {
            if (rc != PC_OK || x != value[cp])
                fail_msg("float(U+%04X) should be %d", cp, value[cp]);
        } else if (rc == PC_OK) {
            fail_msg("float(U+%04X) should fail", cp);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(loads_dumps_match_python),
        cmocka_unit_test(float_parse_matches_python),
        cmocka_unit_test(repr_matches_python),
        cmocka_unit_test(literals_round_correctly),
        cmocka_unit_test(float_unicode_digits_match_python),
        cmocka_unit_test(put_str_matches_python),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
