/* The general Split-regex engine (src/tok/tok_regex.c): hand-checked matches with Oniguruma's
 * semantics (leftmost, ordered alternatives, greedy/lazy, look-ahead, Unicode 16.0 classes)
 * and refusals that name what is missing. HF parity on real patterns is in
 * tests/cli/test_tok_variants.sh and test_tokenize_parity.sh (DeepSeek V3). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/error.h"
#include "tok/tok_regex.h"

/* All matches of pattern in text, as "start-end;" pairs. */
static void matches(const char *pattern, const char *text, char *out, size_t cap)
{
    struct tok_regex *re = NULL;
    char why[128];
    assert_int_equal(tok_regex_compile(pattern, &re, why, sizeof why), PC_OK);
    size_t at = 0, ms, me, n = strlen(text), o = 0;
    out[0] = 0;
    while (tok_regex_find(re, text, n, at, &ms, &me) == 1) {
        o += (size_t)snprintf(out + o, cap - o, "%zu-%zu;", ms, me);
        at = me;
    }
    tok_regex_free(re);
}

static void test_matches(void **state)
{
    (void)state;
    char got[512];
    matches("\\p{N}{1,3}", "a12345b6", got, sizeof got);
    assert_string_equal(got, "1-4;4-6;7-8;");
    matches("\\s+(?!\\S)|\\s+", "a   b  ", got, sizeof got); /* the run gives up its last space */
    assert_string_equal(got, "1-3;3-4;5-7;");
    matches("(?i:'s|'t)", "IT'S it'T x'ſ", got, sizeof got); /* U+017F folds to s */
    assert_string_equal(got, "2-4;7-9;11-14;");
    matches("ab|abc", "abc", got, sizeof got); /* ordered alternatives, not longest */
    assert_string_equal(got, "0-2;");
    matches("a+?b|a", "aab", got, sizeof got);
    assert_string_equal(got, "0-3;");
    matches("[\\p{P}\\p{S}]+", "x!?€+y", got, sizeof got); /* € is 3 bytes */
    assert_string_equal(got, "1-7;");
    matches("[^\\r\\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+", " caf\xC3\xA9 e\xCC\x81", got,
            sizeof got);
    assert_string_equal(got, "0-6;6-10;");
    matches("[一-龥]+", "x中文y", got, sizeof got);
    assert_string_equal(got, "1-7;");
    matches("\\x{41}\\u0042.", "ABCAB\n", got, sizeof got); /* '.' excludes \n */
    assert_string_equal(got, "0-3;");
}

static void test_refusals(void **state)
{
    (void)state;
    const char *bad[][2] = {
        {"\\d+", "\\d"},     {"\\w", "\\w"},          {"\\bx", "\\b"},
        {"^a", "anchor"},    {"(a+)*", "repetition"}, {"(?:a|b)+", "repetition"},
        {"(a*)*", "empty"},  {"\\p{Greek}", "Greek"}, {"(?i:é)", "case-insensitive"},
        {"a{2000}", "1000"}, {"(?<n>a)", "group"},    {"a++", "possessive"},
        {"u???", "stacked"}, {"a*{2}", "stacked"}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct tok_regex *re = NULL;
        char why[128] = "";
        assert_int_equal(tok_regex_compile(bad[i][0], &re, why, sizeof why), PC_EUNSUPPORTED);
        assert_null(re);
        if (!strstr(why, bad[i][1]))
            fail_msg("'%s': reason '%s' lacks '%s'", bad[i][0], why, bad[i][1]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_matches),
                                       cmocka_unit_test(test_refusals)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
