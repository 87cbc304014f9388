/* Unit tests of src/run: SHA-256 against the FIPS 180-4 / NIST example vectors, the YAML
 * configuration (errors with line numbers, types, choices, defaults, command-line
 * overrides), the stage argv built from it, and the resolved configuration as JSON (read
 * back with pc_json_parse). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pricer.h"

static void sha_hex(const void *p, size_t n, char hex[65])
{
    struct pc_sha256 c;
    unsigned char d[32];
    pc_sha256_init(&c);
    pc_sha256_update(&c, p, n);
    pc_sha256_final(&c, d);
    pc_sha256_hex(d, hex);
}

static void sha256_vectors(void **state)
{
    char hex[65];
    sha_hex("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    sha_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    sha_hex(m, strlen(m), hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    /* one million 'a', fed in uneven pieces to exercise the block buffering */
    struct pc_sha256 c;
    unsigned char d[32];
    char *a = malloc(1000000);
    memset(a, 'a', 1000000);
    pc_sha256_init(&c);
    size_t off = 0, step = 1;
    while (off < 1000000) {
        size_t k = step < 1000000 - off ? step : 1000000 - off;
        pc_sha256_update(&c, a + off, k);
        off += k;
        step = step * 3 % 1001 + 1;
    }
    pc_sha256_final(&c, d);
    pc_sha256_hex(d, hex);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(a);
}

static int load(struct pc_runcfg *c, const char *yaml, struct pc_error *err)
{
    pc_error_clear(err);
    return pc_runcfg_load_text(c, yaml, strlen(yaml), "cfg.yaml", "conf", err);
}

static void defaults_and_values(void **state)
{
    struct pc_runcfg c;
    struct pc_error err;
    assert_int_equal(pc_runcfg_init(&c), PC_OK);
    int train = pc_runopt_find("split", "train");
    assert_true(train >= 0);
    assert_string_equal(pc_runcfg_str(&c, train), "400000");
    assert_int_equal(pc_runcfg_bool(&c, pc_runopt_find("curate", "balance")), 1);
    assert_int_equal(load(&c,
                          "# comment\n"
                          "data_dir: data\n"
                          "categories: [Appliances, Musical_Instruments]\n"
                          "parse:\n"
                          "  min_tokens: 10\n"
                          "  question: \"What? \\u00e9\"\n"
                          "curate:\n"
                          "  balance: no\n"
                          "  weights: {Automotive: 1, Electronics: 2}\n"
                          "split:\n"
                          "  train: 25000\n"
                          "  formats:\n"
                          "    - jsonl\n"
                          "    - parquet\n",
                          &err),
                     PC_OK);
    assert_string_equal(pc_runcfg_str(&c, train), "25000");
    assert_string_equal(pc_runcfg_str(&c, pc_runopt_find("", "data_dir")), "conf/data");
    assert_int_equal(pc_runcfg_bool(&c, pc_runopt_find("curate", "balance")), 0);
    assert_string_equal(pc_runcfg_str(&c, pc_runopt_find("parse", "question")), "What? \xc3\xa9");
    const struct pc_runval *cats = &c.vals[pc_runopt_find("", "categories")];
    assert_int_equal(cats->n, 2);
    assert_string_equal(cats->items[1], "Musical_Instruments");
    assert_int_equal(cats->line, 3);

    /* stage argv: only options set by the config, in table order */
    struct pc_buf b;
    pc_buf_init(&b, 0);
    int n = pc_runcfg_stage_args(&c, PC_RUN_CURATE, &b);
    assert_int_equal(n, 5);
    const char *want[] = {"--no-balance", "--weight", "Automotive=1", "--weight", "Electronics=2"};
    const char *p = b.data;
    for (int i = 0; i < n; i++, p += strlen(p) + 1) assert_string_equal(p, want[i]);
    pc_buf_reset(&b);
    n = pc_runcfg_stage_args(&c, PC_RUN_SPLIT, &b);
    assert_int_equal(n, 6);
    p = b.data;
    const char *want2[] = {"--train", "25000", "--format", "jsonl", "--format", "parquet"};
    for (int i = 0; i < n; i++, p += strlen(p) + 1) assert_string_equal(p, want2[i]);

    /* jobs 0 means "all cores": parse's default, so no -j is passed */
    struct pc_runcfg c2;
    assert_int_equal(pc_runcfg_init(&c2), PC_OK);
    assert_int_equal(load(&c2, "jobs: 0\n", &err), PC_OK);
    pc_buf_reset(&b);
    assert_int_equal(pc_runcfg_stage_args(&c2, PC_RUN_PARSE, &b), 0);
    assert_int_equal(load(&c2, "jobs: 3\n", &err), PC_OK);
    assert_int_equal(pc_runcfg_stage_args(&c2, PC_RUN_PARSE, &b), 2);
    assert_string_equal(b.data, "-j");
    pc_runcfg_release(&c2);

    /* command-line overrides: scalar replaces, map entries accumulate after the first */
    assert_int_equal(pc_runcfg_set(&c, train, "100", &err), PC_OK);
    assert_string_equal(pc_runcfg_str(&c, train), "100");
    assert_int_equal(pc_runcfg_set(&c, train, "-3", &err), PC_EINVAL);
    assert_non_null(strstr(err.message, "split.train: '-3' is not a non-negative integer"));
    int w = pc_runopt_find("curate", "weights");
    assert_int_equal(pc_runcfg_set(&c, w, "Toys_and_Games=3", &err), PC_OK);
    assert_int_equal(pc_runcfg_set(&c, w, "Appliances=4", &err), PC_OK);
    assert_int_equal(c.vals[w].n, 2);
    assert_string_equal(c.vals[w].items[0], "Toys_and_Games=3");
    assert_int_equal(pc_runcfg_set(&c, w, "Appliances", &err), PC_EINVAL);
    assert_int_equal(pc_runcfg_set(&c, w, "Appliances=1.5", &err), PC_EINVAL);
    assert_int_equal(pc_runcfg_set(&c, pc_runopt_find("parse", "clean_up"), "maybe", &err),
                     PC_EINVAL);
    assert_non_null(strstr(err.message, "not one of on|off|auto"));

    /* resolved configuration as JSON: valid, typed, nested per section */
    pc_buf_reset(&b);
    assert_int_equal(pc_runcfg_to_json(&c, &b), PC_OK);
    struct pc_json_doc *doc = pc_json_doc_new();
    const struct pc_json_val *root;
    assert_int_equal(pc_json_parse(doc, b.data, b.len, &root, &err), PC_OK);
    const struct pc_json_val *split = pc_json_get(root, "split");
    assert_non_null(split);
    assert_int_equal(pc_json_get(split, "train")->type, PC_JSON_NUMBER);
    assert_true(pc_json_get(split, "train")->num == 100);
    assert_int_equal(pc_json_get(pc_json_get(root, "curate"), "balance")->type, PC_JSON_FALSE);
    assert_true(pc_json_get(pc_json_get(root, "parse"), "max_price")->num == 999.49);
    assert_true(
        pc_json_get(pc_json_get(pc_json_get(root, "curate"), "weights"), "Appliances")->num == 4);
    pc_json_doc_free(doc);
    pc_buf_release(&b);
    pc_runcfg_release(&c);
}

struct bad_case {
    const char *yaml;
    long line;
    const char *msg;
};

static void errors_with_lines(void **state)
{
    static const struct bad_case cases[] = {
        {"parse:\n  min_tokens: 10\n  max_tokenz: 3\n", 3, "unknown key 'parse.max_tokenz'"},
        {"split:\n  train: lots\n", 2, "split.train: 'lots' is not a non-negative integer"},
        {"data_dir: a\nsplit: [1, 2\n", 3, "invalid YAML"},
        {"split:\n  train: 1\n   test: 2\n", 3, "invalid YAML"},
        {"curate:\n  balance: perhaps\n", 2, "curate.balance: 'perhaps' is not true or false"},
        {"split:\n  formats: [jsonl, csv]\n", 2, "'csv' is not one of jsonl|parquet|openai"},
        {"curate:\n  weights: [1, 2]\n", 2, "'curate.weights' must be a mapping"},
        {"curate:\n  weights:\n    Automotive: heavy\n", 3,
         "'Automotive=heavy' is not CATEGORY=INTEGER"},
        {"- a\n- b\n", 1, "must be a mapping of options"},
        {"split: 3\n", 1, "'split' must be a mapping of options"},
        {"jobs: 1\njobs: 2\n", 2, "duplicate key 'jobs'"},
        {"parse:\n  question: [a]\n", 2, "'parse.question' must be a single value"},
        {"key: \"unterminated\n", 2, "invalid YAML"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct pc_runcfg c;
        struct pc_error err;
        assert_int_equal(pc_runcfg_init(&c), PC_OK);
        int rc = load(&c, cases[i].yaml, &err);
        if (rc != PC_EFORMAT || err.line_no != cases[i].line || !strstr(err.message, cases[i].msg))
            fail_msg("case %zu: rc %d line %lld message '%s'", i, rc, (long long)err.line_no,
                     err.message);
        assert_string_equal(err.file, "cfg.yaml");
        pc_runcfg_release(&c);
    }
}

static void empty_and_null_values(void **state)
{
    struct pc_runcfg c;
    struct pc_error err;
    assert_int_equal(pc_runcfg_init(&c), PC_OK);
    assert_int_equal(load(&c, "", &err), PC_OK);
    assert_int_equal(load(&c, "tokenizer:\nsplit:\n", &err), PC_OK);
    assert_string_equal(pc_runcfg_str(&c, pc_runopt_find("split", "test")), "2000");
    assert_int_equal(load(&c, "files: [../x/meta_A.jsonl, /abs/meta_B.jsonl]\n", &err), PC_OK);
    const struct pc_runval *f = &c.vals[pc_runopt_find("", "files")];
    assert_string_equal(f->items[0], "x/meta_A.jsonl"); /* conf/../x */
    assert_string_equal(f->items[1], "/abs/meta_B.jsonl");
    pc_runcfg_release(&c);
}

static void fingerprints(void **state)
{
    char a[65], b[65], c[65], d[65];
    char *argv1[] = {"parse", "-o", "/tmp/r1/items/A.jsonl", "in.jsonl"};
    char *argv2[] = {"parse", "-o", "/tmp/r2/items/A.jsonl", "in.jsonl"};
    char *argv3[] = {"parse", "--min-tokens", "10", "-o", "/tmp/r1/items/A.jsonl", "in.jsonl"};
    const char *h1[] = {"aa"}, *h2[] = {"ab"};
    pc_run_fingerprint("/tmp/r1", argv1, 4, h1, 1, a);
    pc_run_fingerprint("/tmp/r2", argv2, 4, h1, 1, b);
    assert_string_equal(a, b); /* the run folder itself does not matter */
    pc_run_fingerprint("/tmp/r1", argv3, 6, h1, 1, c);
    assert_string_not_equal(a, c); /* options do */
    pc_run_fingerprint("/tmp/r1", argv1, 4, h2, 1, d);
    assert_string_not_equal(a, d); /* input contents do */
    assert_int_equal(strlen(a), 64);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sha256_vectors),    cmocka_unit_test(defaults_and_values),
        cmocka_unit_test(errors_with_lines), cmocka_unit_test(empty_and_null_values),
        cmocka_unit_test(fingerprints),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
