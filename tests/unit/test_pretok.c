/* Pre-tokenizer scanners: hand-checked piece lists (docs: ../shared/notes/tokenizer.md §3, §4)
 * and the golden piece lengths made by Hugging Face tokenizers (tests/gen/tok_pieces.mjs). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/error.h"
#include "tok/pretok.h"
#include "tok/pretok_scan.h"

struct pieces {
    size_t off[4096], len[4096];
    size_t n;
    size_t stop_after; /* 0 = never */
};

static int collect(void *ctx, size_t off, size_t len)
{
    struct pieces *p = ctx;
    if (p->n < 4096) {
        p->off[p->n] = off;
        p->len[p->n] = len;
    }
    p->n++;
    if (p->stop_after && p->n == p->stop_after) return 42;
    return 0;
}

/* Splits text and compares with the NULL-terminated list of expected pieces. */
static void expect(enum pc_pretok_kind kind, const char *text, ...)
{
    struct pieces p = {0};
    size_t n = strlen(text);
    assert_int_equal(pc_pretok_split(kind, text, n, collect, &p), 0);
    va_list ap;
    va_start(ap, text);
    size_t i = 0, pos = 0;
    const char *want;
    char got[256];
    while ((want = va_arg(ap, const char *)) != NULL) {
        if (i >= p.n) fail_msg("%s: missing piece %zu '%s'", text, i, want);
        snprintf(got, sizeof got, "%.*s", (int)p.len[i], text + p.off[i]);
        if (strcmp(got, want) != 0)
            fail_msg("text '%s' piece %zu: got '%s' want '%s'", text, i, got, want);
        assert_int_equal(p.off[i], pos);
        pos += p.len[i];
        i++;
    }
    va_end(ap);
    if (i != p.n) fail_msg("text '%s': %zu pieces, want %zu", text, p.n, i);
}

#define L3 PC_PRETOK_LLAMA3

static void test_notes_examples(void **state)
{
    (void)state;
    expect(L3, "   x", "  ", " x", NULL);
    expect(L3, "x   ", "x", "   ", NULL);
    expect(L3, "12345 678", "123", "45", " ", "678", NULL);
    expect(L3, "DON'T", "DON", "'T", NULL);
    expect(L3, "rock 'n' roll", "rock", " '", "n", "'", " roll", NULL);
    expect(L3, "a  \n  b", "a", "  \n", " ", " b", NULL);
    expect(L3, "...\n\n", "...\n\n", NULL);
    expect(L3, "12.5\" 3/4-inch", "12", ".", "5", "\"", " ", "3", "/", "4", "-inch", NULL);
    expect(L3, "\xe3\x80\x90Upgraded\xe3\x80\x91", "\xe3\x80\x90Upgraded", "\xe3\x80\x91", NULL);
    expect(L3, "你好世界，今天", "你好世界", "，今天", NULL);
    expect(L3, " \xf0\x9f\x94\xa5x", " \xf0\x9f\x94\xa5", "x", NULL);
    expect(L3, "e\xcc\x81", "e", "\xcc\x81", NULL);
    expect(L3, " 123", " ", "123", NULL);
    expect(L3, "  \n  \n  x", "  \n  \n", " ", " x", NULL);
    expect(L3, "!\n\n", "!\n\n", NULL);
    expect(L3, "don\xe2\x80\x99t", "don", "\xe2\x80\x99t", NULL);
}

static void test_unicode_space(void **state)
{
    (void)state;
    /* U+0085 and U+00A0 and U+3000 are \s; U+180E, U+200B and U+FEFF are not. */
    expect(L3,
           "a \xc2\x85"
           "b",
           "a", " ",
           "\xc2\x85"
           "b",
           NULL);
    expect(L3, "x\xc2\xa0\xc2\xa0y", "x", "\xc2\xa0", "\xc2\xa0y", NULL);
    expect(L3, "\xe3\x80\x80\xe3\x80\x80中", "\xe3\x80\x80", "\xe3\x80\x80中", NULL);
    expect(L3,
           "a\xe1\xa0\x8e"
           "b",
           "a",
           "\xe1\xa0\x8e"
           "b",
           NULL);
    expect(L3,
           "a\xe2\x80\x8b"
           "b",
           "a",
           "\xe2\x80\x8b"
           "b",
           NULL);
    expect(L3,
           "a\xef\xbb\xbf"
           "b",
           "a",
           "\xef\xbb\xbf"
           "b",
           NULL);
    /* \p{N}{1,3} counts code points: superscripts, fractions, Roman numerals. */
    expect(L3, "²½Ⅻ①", "²½Ⅻ", "①", NULL);
}

static void test_other_kinds(void **state)
{
    (void)state;
    expect(PC_PRETOK_QWEN2, "12345 678", "1", "2", "3", "4", "5", " ", "6", "7", "8", NULL);
    expect(PC_PRETOK_O200K, "HelloWorld", "Hello", "World", NULL);
    expect(PC_PRETOK_O200K, "HELLOworld", "HELLOworld", NULL);
    expect(PC_PRETOK_O200K, "DON'T stop", "DON'T", " stop", NULL);
    expect(PC_PRETOK_O200K, "!/\n/x", "!/\n/", "x", NULL);
    expect(PC_PRETOK_GPT2, "DON'T don't", "DON", "'", "T", " don", "'t", NULL);
    expect(PC_PRETOK_GPT2, "a 123", "a", " 123", NULL);
    expect(PC_PRETOK_DIGITS, "ab123c4", "ab", "123", "c", "4", NULL);
    expect(PC_PRETOK_DIGITS_INDIVIDUAL, "ab12", "ab", "1", "2", NULL);
}

static void test_callback_stop_and_empty(void **state)
{
    (void)state;
    struct pieces p = {0};
    p.stop_after = 2;
    assert_int_equal(pc_pretok_split(L3, "a b c d", 7, collect, &p), 42);
    assert_int_equal(p.n, 2);
    memset(&p, 0, sizeof p);
    assert_int_equal(pc_pretok_split(L3, "", 0, collect, &p), 0);
    assert_int_equal(p.n, 0);
    assert_int_equal(pc_pretok_split((enum pc_pretok_kind)99, "a", 1, collect, &p), PC_EINVAL);
}

static void test_kind_from_regex(void **state)
{
    (void)state;
    enum pc_pretok_kind k = PC_PRETOK_DIGITS;
    for (int kind = PC_PRETOK_LLAMA3; kind <= PC_PRETOK_GPT2; kind++) {
        const char *re = pc_pretok_regex((enum pc_pretok_kind)kind);
        assert_non_null(re);
        assert_int_equal(pc_pretok_kind_from_regex(re, &k), 0);
        assert_int_equal(k, kind);
    }
    assert_int_equal(pc_pretok_kind_from_regex("\\s+", &k), PC_EUNSUPPORTED);
    assert_null(pc_pretok_regex(PC_PRETOK_DIGITS));
}

/* Long runs stay linear and produce the expected number of pieces. */
static void test_long_runs(void **state)
{
    (void)state;
    size_t n = 200000;
    char *s = malloc(n + 1);
    assert_non_null(s);
    memset(s, ' ', n);
    s[n - 1] = 'x';
    struct pieces p = {0};
    assert_int_equal(pc_pretok_split(L3, s, n, collect, &p), 0);
    assert_int_equal(p.n, 2);
    assert_int_equal(p.len[0], n - 2);
    memset(s, '7', n);
    memset(&p, 0, sizeof p);
    assert_int_equal(pc_pretok_split(L3, s, n, collect, &p), 0);
    assert_int_equal(p.n, (n + 2) / 3);
    for (size_t i = 0; i < n; i++) s[i] = (i % 2) ? 'A' : 'B';
    memset(&p, 0, sizeof p);
    assert_int_equal(pc_pretok_split(PC_PRETOK_O200K, s, n, collect, &p), 0);
    assert_int_equal(p.n, 1);
    free(s);
}

static int unhex(const char *h, size_t hn, char *out)
{
    for (size_t i = 0; i + 1 < hn; i += 2) {
        unsigned v;
        if (sscanf(h + i, "%2x", &v) != 1) return -1;
        out[i / 2] = (char)v;
    }
    return 0;
}

/* Golden piece lengths from HF tokenizers (tests/gen/tok_pieces.mjs). */
static void test_golden_pieces(void **state)
{
    (void)state;
    FILE *f = fopen("tests/golden/tok/sweep_pieces.txt", "r");
    if (!f) skip();
    static const struct {
        const char *name;
        enum pc_pretok_kind kind;
    } names[] = {{"llama3", PC_PRETOK_LLAMA3}, {"qwen2", PC_PRETOK_QWEN2},
                 {"o200k", PC_PRETOK_O200K},   {"gpt2", PC_PRETOK_GPT2},
                 {"digits", PC_PRETOK_DIGITS}, {"digits1", PC_PRETOK_DIGITS_INDIVIDUAL}};
    char line[8192], text[4096];
    size_t cases = 0, bad = 0;
    while (fgets(line, sizeof line, f)) {
        char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        assert_non_null(t2);
        *t1 = 0;
        size_t hn = (size_t)(t2 - t1 - 1);
        assert_true(hn / 2 < sizeof text);
        assert_int_equal(unhex(t1 + 1, hn, text), 0);
        int kind = -1;
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
            if (strcmp(line, names[i].name) == 0) kind = (int)names[i].kind;
        assert_true(kind >= 0);
        struct pieces p = {0};
        assert_int_equal(pc_pretok_split((enum pc_pretok_kind)kind, text, hn / 2, collect, &p), 0);
        char got[8192] = "";
        size_t gl = 0;
        for (size_t i = 0; i < p.n && gl < sizeof got - 32; i++)
            gl += (size_t)snprintf(got + gl, sizeof got - gl, i ? ",%zu" : "%zu", p.len[i]);
        t2[strcspn(t2, "\r\n")] = 0;
        if (strcmp(got, t2 + 1) != 0) {
            if (bad < 20) print_message("%s %s: got %s want %s\n", line, t1 + 1, got, t2 + 1);
            bad++;
        }
        cases++;
    }
    fclose(f);
    print_message("%zu golden cases, %zu mismatches\n", cases, bad);
    assert_true(cases > 1000);
    assert_int_equal(bad, 0);
}

/* The 16-byte mask fast path of the cl100k scanner (pk_fast_cl100k) against the scalar one
 * (pk_next_cl100k, itself checked against HF's pieces above): at every position of 20,000
 * random strings over an alphabet of every class boundary (ASCII letters, digits, punctuation,
 * apostrophes and contractions, spaces, tabs, newlines, controls, non-ASCII letters, digits,
 * marks, punctuation and spaces), when the fast path decides it must give the same end. */
static void test_fast_path_agrees(void **state)
{
    (void)state;
    static const char *const atoms[] = {
        "a",
        "Z",
        "word",
        " ",
        "  ",
        "\t",
        "\n",
        "\r\n",
        "\x0b",
        "\x1f",
        "7",
        "123",
        "4567",
        ".",
        "...",
        "(",
        ")",
        "-",
        "$",
        "'",
        "'s",
        "'T",
        "'ll",
        "\"",
        "/",
        "\x7f",
        "\x01",
        "\xc3\xa9",         /* é */
        "\xc2\xb2",         /* ² (No) */
        "\xe2\x84\xa2",     /* ™ */
        "\xe4\xbd\xa0",     /* 你 */
        "\xcc\x81",         /* combining acute (Mn) */
        "\xc2\xa0",         /* NBSP (White_Space) */
        "\xc2\x85",         /* NEL (White_Space) */
        "\xe2\x80\x9c",     /* “ */
        "\xf0\x9f\x94\xa5", /* 🔥 */
        "\xd9\xa3",         /* Arabic-Indic 3 (Nd) */
    };
    uint64_t x = 0x2545F4914F6CDD1Dull;
    unsigned char buf[96];
    size_t decided = 0;
    for (int t = 0; t < 20000; t++) {
        size_t n = 0;
        for (;;) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            const char *a = atoms[x % (sizeof atoms / sizeof atoms[0])];
            size_t k = strlen(a);
            if (n + k > sizeof buf) break;
            memcpy(buf + n, a, k);
            n += k;
        }
        for (size_t i = 0; i + 16 <= n; i++)
            for (unsigned md = 1; md <= 3; md += 2) {
                size_t j = pk_fast_cl100k(buf, i, md);
                if (!j) continue;
                decided++;
                if (j != pk_next_cl100k(buf, n, i, md)) {
                    fprintf(stderr, "string %d position %zu max_digits %u: fast %zu scalar %zu\n",
                            t, i, md, j, pk_next_cl100k(buf, n, i, md));
                    fail();
                }
            }
    }
    assert_true(decided > 100000); /* the fast path did decide most positions */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_notes_examples),  cmocka_unit_test(test_unicode_space),
        cmocka_unit_test(test_other_kinds),     cmocka_unit_test(test_callback_stop_and_empty),
        cmocka_unit_test(test_kind_from_regex), cmocka_unit_test(test_long_runs),
        cmocka_unit_test(test_golden_pieces),   cmocka_unit_test(test_fast_path_agrees),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
