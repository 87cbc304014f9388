/* Unit tests of the tokenizer engine on the real Llama 3.1 / GPT-4o / Llama 2 / Gemma 3 files.
 * Expected ids are hand-checked values from ../shared/notes/tokenizer.md (measured with HF
 * tokenizers); the bulk parity tests are tests/cli/test_tokenize_parity.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "tok/tok.h"

static char dir_llama31[4000], dir_tiny[4000]; /* shorter than the paths made from them */
static char path_llama31[4096], path_gpt4o[4096], path_llama2[4096], path_gemma3[4096],
    path_tiny[4096];
static struct pc_tok *llama;

static int file_exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

static void encode_eq(struct pc_tok *tok, const char *text, size_t len, const uint32_t *want,
                      size_t n)
{
    struct pc_tok_scratch *s = pc_tok_scratch_new();
    struct pc_ids ids = {0};
    assert_int_equal(pc_tok_encode(tok, s, text, len, &ids), PC_OK);
    assert_int_equal(ids.len, n);
    for (size_t i = 0; i < n; i++) assert_int_equal(ids.ids[i], want[i]);
    size_t count = 0;
    assert_int_equal(pc_tok_count(tok, s, text, len, &count), PC_OK);
    assert_int_equal(count, n);
    pc_ids_release(&ids);
    pc_tok_scratch_free(s);
}

static void decode_eq(const uint32_t *ids, size_t n, int cleanup, const char *want)
{
    struct pc_buf out;
    pc_buf_init(&out, 0);
    struct pc_error err;
    pc_error_clear(&err);
    assert_int_equal(pc_tok_decode(llama, ids, n, cleanup, &out, &err), PC_OK);
    assert_non_null(out.data);
    assert_string_equal(out.data, want);
    pc_buf_release(&out);
}

static void test_encode_known(void **state)
{
    static const uint32_t fire[] = {9468, 242, 98, 53050};
    encode_eq(llama, "\xF0\x9F\x94\xA5 caf\xC3\xA9", 10, fire, 4);
    /* ignore_merges: " Việt" is one vocab entry that plain BPE would split. */
    static const uint32_t viet[] = {101798};
    encode_eq(llama, " Vi\xE1\xBB\x87t", 7, viet, 1);
    /* special tokens are matched in raw text without adding special tokens */
    static const uint32_t sp[] = {15339, 128009, 14957};
    encode_eq(llama, "hello<|eot_id|>world", 20, sp, 3);
    static const uint32_t bot[] = {128000};
    encode_eq(llama, "<|begin_of_text|>", 17, bot, 1);
    encode_eq(llama, "", 0, NULL, 0);
    /* byte tokens are not in byte order: '!' -> 0, ' ' -> 220, '\n' -> 198 */
    static const uint32_t bytes[] = {0};
    encode_eq(llama, "!", 1, bytes, 1);
    static const uint32_t nl[] = {198};
    encode_eq(llama, "\n", 1, nl, 1);
    /* digits never take the leading space: " 123" -> " ", "123" */
    static const uint32_t dig[] = {220, 4513};
    encode_eq(llama, " 123", 4, dig, 2);
}

static void test_encode_invalid_utf8(void **state)
{
    struct pc_tok_scratch *s = pc_tok_scratch_new();
    struct pc_ids ids = {0};
    assert_int_equal(pc_tok_encode(llama, s, "ab\xFF", 3, &ids), PC_EINVAL);
    assert_int_equal(pc_tok_encode(llama, s, "\xED\xA0\x80", 3, &ids), PC_EINVAL); /* surrogate */
    /* Long texts take the fused scanner, which validates piece by piece: an invalid sequence
     * anywhere (after many valid pieces, inside a word, truncated at the end) is still
     * PC_EINVAL, and nothing is appended to what out already held. */
    static const char *const bad[] = {
        "Fits most cars and trucks, 12.5 inch, \xC3\xA9t\xC3\xA9 edition \xFF done",
        "Fits most cars and trucks, 12.5 inch, caf\xC3 edition",
        "Fits most cars and trucks, 12.5 inch, edition \xE4\xBD",
        "Fits most cars and trucks\xC0\xAF, 12.5 inch, edition here",
        "Fits most cars and trucks, 12.5 inch, \xF4\x90\x80\x80 here and there"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        ids.len = 0;
        assert_int_equal(pc_tok_encode(llama, s, "hello", 5, &ids), PC_OK);
        size_t before = ids.len;
        assert_int_equal(pc_tok_encode(llama, s, bad[k], strlen(bad[k]), &ids), PC_EINVAL);
        assert_int_equal(ids.len, before);
    }
    pc_ids_release(&ids);
    pc_tok_scratch_free(s);
}

static void test_long_pieces(void **state)
{
    /* 10 KB single pieces: must finish (linear-ish BPE) and round-trip. */
    size_t n = 10000;
    char *t = malloc(n);
    struct pc_tok_scratch *s = pc_tok_scratch_new();
    const char fill[] = {'a', ' ', 'x'};
    for (int k = 0; k < 3; k++) {
        memset(t, fill[k], n);
        struct pc_ids ids = {0};
        assert_int_equal(pc_tok_encode(llama, s, t, n, &ids), PC_OK);
        assert_true(ids.len > 0 && ids.len < n);
        struct pc_buf out;
        pc_buf_init(&out, 0);
        assert_int_equal(pc_tok_decode(llama, ids.ids, ids.len, 0, &out, NULL), PC_OK);
        assert_int_equal(out.len, n);
        assert_memory_equal(out.data, t, n);
        pc_buf_release(&out);
        pc_ids_release(&ids);
    }
    pc_tok_scratch_free(s);
    free(t);
}

static void test_decode_truncated(void **state)
{
    /* notes §4.8: prefixes of 🔥 café = [9468 (F0 9F), 242 (94), 98 (A5), 53050] */
    static const uint32_t ids[] = {9468, 242, 98, 53050};
    decode_eq(ids, 1, 0, "\xEF\xBF\xBD");
    decode_eq(ids, 2, 0, "\xEF\xBF\xBD");
    decode_eq(ids, 3, 0, "\xF0\x9F\x94\xA5");
    decode_eq(ids, 4, 0, "\xF0\x9F\x94\xA5 caf\xC3\xA9");
    decode_eq(ids, 0, 0, "");
    /* a lone continuation byte then a truncated sequence: two U+FFFD */
    static const uint32_t bad[] = {242, 9468};
    decode_eq(bad, 2, 0, "\xEF\xBF\xBD\xEF\xBF\xBD");
    /* special tokens decode to their text */
    static const uint32_t sp[] = {15339, 128009};
    decode_eq(sp, 2, 0, "hello<|eot_id|>");
}

static void test_cleanup(void **state)
{
    static const char *cases[][2] = {
        {"x != y", "x!= y"},
        {"the word 'social'", "the word'social'"},
        {"a , b . c ? d ! e", "a, b. c? d! e"},
        {"it 's I 'm they 've we 're do n't", "it's I'm they've we're don't"},
        {"a ' b", "a'b"},
        {"no change", "no change"},
        {"  ..", " .."},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct pc_buf out;
        pc_buf_init(&out, 0);
        assert_int_equal(pc_tok_cleanup(cases[i][0], strlen(cases[i][0]), &out), PC_OK);
        assert_string_equal(out.data ? out.data : "", cases[i][1]);
        pc_buf_release(&out);
    }
    /* decode with clean-up: " ." after a word */
    struct pc_tok_scratch *s = pc_tok_scratch_new();
    struct pc_ids ids = {0};
    assert_int_equal(pc_tok_encode(llama, s, "Fits most cars . It 's great", 28, &ids), PC_OK);
    decode_eq(ids.ids, ids.len, 1, "Fits most cars. It's great");
    decode_eq(ids.ids, ids.len, 0, "Fits most cars . It 's great");
    pc_ids_release(&ids);
    pc_tok_scratch_free(s);
}

static void test_decode_unknown_id(void **state)
{
    struct pc_buf out;
    pc_buf_init(&out, 0);
    struct pc_error err;
    pc_error_clear(&err);
    uint32_t ids[] = {15339, 999999};
    assert_int_equal(pc_tok_decode(llama, ids, 2, 0, &out, &err), PC_ERANGE);
    assert_non_null(strstr(err.message, "999999"));
    pc_buf_release(&out);
}

static void test_config_and_folder(void **state)
{
    assert_int_equal(pc_tok_cleanup_default(llama), 1); /* Llama 3.1 config says true */
    assert_int_equal(pc_tok_vocab_size(llama), 128256);
    struct pc_tok *t = NULL;
    struct pc_error err;
    pc_error_clear(&err);
    assert_int_equal(pc_tok_load(dir_tiny, &t, &err), PC_OK); /* folder: its config is read */
    assert_int_equal(pc_tok_cleanup_default(t), 1);
    assert_non_null(strstr(pc_tok_path(t), "tokenizer.json"));
    pc_tok_free(t);
    if (file_exists(path_gpt4o)) {
        assert_int_equal(pc_tok_load(path_gpt4o, &t, &err), PC_OK);
        assert_int_equal(pc_tok_cleanup_default(t), 0);
        pc_tok_free(t);
    }
}

/* SentencePiece-style files load (issue 9): ids checked against HF tokenizers (node). */
static void test_sentencepiece(void **state)
{
    (void)state;
    if (!file_exists(path_llama2)) return;
    struct pc_tok *t = NULL;
    struct pc_error err;
    pc_error_clear(&err);
    assert_int_equal(pc_tok_load(path_llama2, &t, &err), PC_OK);
    struct pc_tok_scratch *s = pc_tok_scratch_new();
    struct pc_ids ids = {0};
    const char *text = "na\xC3\xAFve \xE2\x82\xAC"
                       "5"; /* HF: [1879, 28920, 333, 17416, 28782] */
    assert_int_equal(pc_tok_encode(t, s, text, strlen(text), &ids), PC_OK);
    const uint32_t want[] = {1879, 28920, 333, 17416, 28782};
    assert_int_equal(ids.len, 5);
    for (int i = 0; i < 5; i++) assert_int_equal(ids.ids[i], want[i]);
    struct pc_buf out;
    pc_buf_init(&out, 0);
    assert_int_equal(pc_tok_decode(t, ids.ids, ids.len, 0, &out, &err), PC_OK);
    assert_string_equal(out.data, text);
    pc_buf_release(&out);
    pc_ids_release(&ids);
    pc_tok_scratch_free(s);
    pc_tok_free(t);
}

/* A component pricer lacks is refused with its name (here a Unigram model). */
static void test_refused(void **state)
{
    (void)state;
    char tmp[] = "/tmp/pc_tok_unigramXXXXXX";
    int fd = mkstemp(tmp);
    assert_true(fd >= 0);
    const char *j = "{\"model\": {\"type\": \"Unigram\", \"vocab\": [[\"a\", 0.0]]}, "
                    "\"decoder\": null, \"pre_tokenizer\": null}";
    assert_int_equal(write(fd, j, strlen(j)), (ssize_t)strlen(j));
    close(fd);
    struct pc_tok *t = NULL;
    struct pc_error err;
    pc_error_clear(&err);
    assert_int_equal(pc_tok_load(tmp, &t, &err), PC_EUNSUPPORTED);
    assert_null(t);
    assert_non_null(strstr(err.message, "model 'Unigram'"));
    unlink(tmp);
}

static void test_not_found(void **state)
{
    struct pc_tok *t = NULL;
    struct pc_error err;
    pc_error_clear(&err);
    int rc = pc_tok_load("/nonexistent/tokenizer.json", &t, &err);
    assert_int_equal(rc, PC_ENOTFOUND);
    assert_non_null(strstr(err.message, "/nonexistent/tokenizer.json"));
    rc = pc_tok_load("no-such-org/no-such-model", &t, &err);
    assert_int_equal(rc, PC_ENOTFOUND);
    /* not JSON at all */
    char tmp[] = "/tmp/pc_tok_badXXXXXX";
    int fd = mkstemp(tmp);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "{\"model\": [", 11), 11);
    close(fd);
    assert_int_equal(pc_tok_load(tmp, &t, &err), PC_EFORMAT);
    assert_non_null(strstr(err.message, "not valid JSON"));
    unlink(tmp);
}

static void test_hub_and_env(void **state)
{
    char home[] = "/tmp/pc_tok_hubXXXXXX";
    assert_non_null(mkdtemp(home));
    char p[8192];
    const char *dirs[] = {"/hub", "/hub/models--meta-llama--Llama-3.1-8B",
                          "/hub/models--meta-llama--Llama-3.1-8B/refs",
                          "/hub/models--meta-llama--Llama-3.1-8B/snapshots",
                          "/hub/models--meta-llama--Llama-3.1-8B/snapshots/abc123"};
    for (int i = 0; i < 5; i++) {
        snprintf(p, sizeof p, "%s%s", home, dirs[i]);
        assert_int_equal(mkdir(p, 0755), 0);
    }
    snprintf(p, sizeof p, "%s%s/tokenizer.json", home, dirs[4]);
    assert_int_equal(symlink(path_tiny, p), 0);
    snprintf(p, sizeof p, "%s%s/main", home, dirs[2]);
    FILE *f = fopen(p, "w");
    fputs("abc123", f);
    fclose(f);
    struct pc_tok_env env = {NULL, NULL, home, NULL}; /* HF_HOME */
    struct pc_tok *t = NULL;
    struct pc_error err;
    pc_error_clear(&err);
    assert_int_equal(pc_tok_load_env("meta-llama/Llama-3.1-8B", &env, &t, &err), PC_OK);
    assert_non_null(strstr(pc_tok_path(t), "snapshots/abc123/tokenizer.json"));
    pc_tok_free(t);
    /* without an environment the library does not look into the hub cache */
    assert_int_equal(pc_tok_load("meta-llama/Llama-3.1-8B", &t, &err), PC_ENOTFOUND);
    /* default: the environment's PRICER_TOKENIZER */
    env.tokenizer = path_tiny;
    assert_int_equal(pc_tok_load_env(NULL, &env, &t, &err), PC_OK);
    assert_string_equal(pc_tok_path(t), path_tiny);
    pc_tok_free(t);
    env.tokenizer = "/nonexistent/x.json";
    assert_int_equal(pc_tok_load_env("", &env, &t, &err), PC_ENOTFOUND);
    char cmd[8300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", home);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const char *root = getenv("PC_ROOT");
    if (!root) root = ".";
    const char *m = "node_modules/@lenml/tokenizer-";
    snprintf(dir_llama31, sizeof dir_llama31, "%s/%sllama3_1/models", root, m);
    snprintf(path_llama31, sizeof path_llama31, "%s/tokenizer.json", dir_llama31);
    snprintf(path_gpt4o, sizeof path_gpt4o, "%s/%sgpt4o/models/tokenizer.json", root, m);
    snprintf(path_llama2, sizeof path_llama2, "%s/%sllama2/models/tokenizer.json", root, m);
    snprintf(path_gemma3, sizeof path_gemma3, "%s/%sgemma3/models/tokenizer.json", root, m);
    /* a 3,000-token cut of Llama 3.1 (tests/gen/tok_goldens.mjs), for the path look-ups */
    snprintf(dir_tiny, sizeof dir_tiny, "%s/tests/golden/tok/tiny", root);
    snprintf(path_tiny, sizeof path_tiny, "%s/tokenizer.json", dir_tiny);
    if (!file_exists(path_llama31)) {
        printf("skipped: %s missing (run ./setup.sh)\n", path_llama31);
        return 77;
    }
    struct pc_error err;
    pc_error_clear(&err);
    if (pc_tok_load(path_llama31, &llama, &err)) {
        printf("cannot load %s: %s\n", path_llama31, err.message);
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_encode_known),      cmocka_unit_test(test_encode_invalid_utf8),
        cmocka_unit_test(test_long_pieces),       cmocka_unit_test(test_decode_truncated),
        cmocka_unit_test(test_cleanup),           cmocka_unit_test(test_decode_unknown_id),
        cmocka_unit_test(test_config_and_folder), cmocka_unit_test(test_refused),
        cmocka_unit_test(test_sentencepiece),     cmocka_unit_test(test_not_found),
        cmocka_unit_test(test_hub_and_env),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    pc_tok_free(llama);
    return rc;
}
