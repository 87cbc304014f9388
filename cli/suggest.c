/* "Did you mean" suggestions for unknown commands and options (issue 10). */
#include <ctype.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Optimal string alignment distance (Levenshtein plus adjacent transpositions), capped: any
 * distance above 3 is reported as 4. */
static int distance(const char *a, size_t n, const char *b, size_t m)
{
    if (n > 64 || m > 64) return 4;
    int d[65][65];
    for (size_t i = 0; i <= n; i++) d[i][0] = (int)i;
    for (size_t j = 0; j <= m; j++) d[0][j] = (int)j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            int c = a[i - 1] != b[j - 1];
            int v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v) v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + c < v) v = d[i - 1][j - 1] + c;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    return d[n][m] > 3 ? 4 : d[n][m];
}

/* Scores cand (len m) against word (len n): lower is better, -1 = no match. */
static int score(const char *word, size_t n, const char *cand, size_t m)
{
    if (n == m && !memcmp(word, cand, n)) return -1;         /* the same: nothing to suggest */
    if (n >= 3 && n < m && !memcmp(word, cand, n)) return 1; /* a prefix */
    int d = distance(word, n, cand, m);
    size_t core = n > 2 && word[0] == '-' && word[1] == '-' ? n - 2 : n;
    int limit = core <= 3 ? 1 : core <= 6 ? 2 : 3;
    return d <= limit ? d : -1;
}

const char *pc_cli_suggest(const char *word, const char *const *cands, size_t n_cands)
{
    const char *best = NULL;
    int best_s = 99;
    size_t n = strlen(word);
    for (size_t i = 0; i < n_cands; i++) {
        int s = score(word, n, cands[i], strlen(cands[i]));
        if (s >= 0 && s < best_s) {
            best_s = s;
            best = cands[i];
        }
    }
    return best;
}

int pc_cli_unknown_option(const char *cmd, const char *arg, const char *help)
{
    size_t n = strcspn(arg, "="); /* "--ouput=x" -> "--ouput" */
    char word[96];
    if (n >= sizeof word) n = sizeof word - 1;
    memcpy(word, arg, n);
    word[n] = '\0';
    /* candidates: every "--name" or "-x" in the help text that starts a word */
    static char names[256][48];
    const char *cands[256];
    size_t k = 0;
    for (const char *p = help; p && *p && k < 256; p++) {
        if (*p != '-' || (p > help && !strchr(" \n[,|(", p[-1]))) continue;
        size_t len = 1;
        while (p[len] == '-' || isalnum((unsigned char)p[len])) len++;
        if (len < 2 || len >= sizeof names[0] || p[1] == ' ') continue;
        if (p[1] != '-' && len != 2) continue; /* short options are one letter */
        memcpy(names[k], p, len);
        names[k][len] = '\0';
        cands[k] = names[k];
        k++;
        p += len - 1;
    }
    const char *s = word[0] == '-' && word[1] == '-' ? pc_cli_suggest(word, cands, k) : NULL;
    if (s) return pc_cli_usage(cmd, "unknown option '%s'; did you mean '%s'?", word, s);
    return pc_cli_usage(cmd, "unknown option '%s'", word);
}

int pc_cli_getopt_error(const char *cmd, char **argv, const char *optstring, const char *help)
{
    const char *arg = optind > 0 ? argv[optind - 1] : "";
    if (optopt == 0) return pc_cli_unknown_option(cmd, arg, help); /* unknown --long */
    if (optopt < 256 && strchr(optstring, optopt)) {
        if (arg[0] == '-' && arg[1] == '-')
            return pc_cli_usage(cmd, "option '%s' needs a value", arg);
        return pc_cli_usage(cmd, "option '-%c' needs a value", optopt);
    }
    if (optopt >= 256 || (arg[0] == '-' && arg[1] == '-'))
        return pc_cli_usage(cmd, "option '%s' needs a value", arg);
    char s[3] = {'-', (char)optopt, '\0'};
    return pc_cli_unknown_option(cmd, s, help);
}
