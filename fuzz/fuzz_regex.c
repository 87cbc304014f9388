/* Fuzz target for the general Split-regex engine (src/tok/tok_regex.c): the input is a pattern
 * (up to the first NUL byte or newline) and a text (the rest). Compiling never crashes; when it
 * compiles and the text is valid UTF-8, every match lies inside the text, is non-empty, starts
 * at or after the search position and the matches advance. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/utf8.h"
#include "tok/tok_regex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    size_t cut = 0;
    while (cut < size && s[cut] != '\n' && s[cut] != '\0') cut++;
    if (cut > 4096 || !pc_utf8_valid(s, cut, NULL)) return 0;
    char *pat = malloc(cut + 1);
    if (!pat) return 0;
    memcpy(pat, s, cut);
    pat[cut] = 0;
    struct tok_regex *re = NULL;
    char why[128];
    if (tok_regex_compile(pat, &re, why, sizeof why) == 0) {
        const char *text = cut < size ? s + cut + 1 : "";
        size_t n = cut < size ? size - cut - 1 : 0;
        if (n <= 2048 && pc_utf8_valid(text, n, NULL)) {
            size_t at = 0, ms, me;
            int found;
            while ((found = tok_regex_find(re, text, n, at, &ms, &me)) == 1) {
                if (ms < at || me <= ms || me > n) abort();
                at = me;
            }
            (void)found; /* < 0: out of memory or backtracking budget, both allowed */
        }
        tok_regex_free(re);
    }
    free(pat);
    return 0;
}
