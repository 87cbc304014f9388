/* A small backtracking regex engine for the Split patterns of tokenizer.json files that have
 * no hand-written scanner (pretok.h). It follows Oniguruma's semantics as Hugging Face
 * tokenizers uses it: leftmost match, alternatives tried in order, greedy (or lazy ??, *?, +?)
 * quantifiers with backtracking, look-ahead (?=...) (?!...).
 *
 * Supported syntax: literals (UTF-8), escapes \r \n \t \f \v \e \0 \xHH \x{H..} \uHHHH and any
 * escaped punctuation; '.' (any character but \n); classes [...] with ranges, negation and
 * the escapes below; \s \S (White_Space), \p{X} \P{X} \p{^X} for X in L Lu Ll Lt Lm Lo M N P S
 * (Unicode 16.0, text/ucd.h and text/ucd_ps.h); groups (...) (?:...) (?i:...) (?i);
 * quantifiers ? * + {n} {n,} {n,m}. Case-insensitivity is Unicode simple folding restricted
 * to ASCII letters plus U+017F (s) and U+212A (k). Anything else (\d, \w, \b, anchors,
 * back-references, other properties, case-insensitive non-ASCII, (a+)* or (a|b)+) is refused
 * at compile time
 * with a message naming it, so a tokenizer is never silently mis-split.
 *
 * A compiled regex is immutable and may be shared by threads. */
#ifndef PC_TOK_TOK_REGEX_H
#define PC_TOK_TOK_REGEX_H

#include <stddef.h>

struct tok_regex;

/* Compiles pattern (UTF-8, NUL-terminated). PC_OK with *out set, PC_EUNSUPPORTED with the
 * reason in why (e.g. "\\d"), PC_ENOMEM. */
int tok_regex_compile(const char *pattern, struct tok_regex **out, char *why, size_t whylen);
void tok_regex_free(struct tok_regex *re); /* accepts NULL */

/* Finds the leftmost non-empty match starting at or after byte offset from (a character
 * boundary) in the valid UTF-8 text s[0..n). Returns 1 with [*ms, *me), 0 when none,
 * PC_ENOMEM, or PC_ETOOBIG when backtracking exceeds its budget (2e8 + 4096 per byte steps).
 * Patterns that repeat a group holding an alternation or another unbounded repetition are
 * refused at compile time, so the budget is only reached by contrived patterns. */
int tok_regex_find(const struct tok_regex *re, const char *s, size_t n, size_t from, size_t *ms,
                   size_t *me);

#endif
