/* The option reader shared by every command line (settings/optparse.h). */
#include "settings/optparse.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "settings/settings.h"

const char pc_opt_unlisted[] = "";

void pc_opts_init(struct pc_opts *s, const struct pc_opt_cmd *c, int argc, char **argv)
{
    memset(s, 0, sizeof *s);
    s->c = c;
    s->argc = argc;
    s->argv = argv;
    s->i = 1;
}

/* ---- suggestions ---- */

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

const char *pc_opts_suggest(const char *word, const char *const *cands, size_t n_cands)
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

/* The unknown-option error for arg ("--ouput=x" is "--ouput"), with the closest of
 * cands[0..k) when arg is a long option. */
static int unknown_among(const char *arg, const char *const *cands, size_t k, struct pc_error *err)
{
    size_t n = strcspn(arg, "=");
    char word[96];
    if (n >= sizeof word) n = sizeof word - 1;
    memcpy(word, arg, n);
    word[n] = '\0';
    const char *s = word[0] == '-' && word[1] == '-' ? pc_opts_suggest(word, cands, k) : NULL;
    if (s) return pc_error_set(err, PC_EINVAL, "unknown option '%s'; did you mean '%s'?", word, s);
    return pc_error_set(err, PC_EINVAL, "unknown option '%s'", word);
}

int pc_opts_unknown_error(const char *arg, const char *names, struct pc_error *err)
{
    /* candidates: every "--name" or "-x" in the text that starts a word */
    char found[256][48];
    const char *cands[256];
    size_t k = 0;
    for (const char *p = names; p && *p && k < 256; p++) {
        if (*p != '-' || (p > names && !strchr(" \n[,|(", p[-1]))) continue;
        size_t len = 1;
        while (p[len] == '-' || isalnum((unsigned char)p[len])) len++;
        if (len < 2 || len >= sizeof found[0] || p[1] == ' ') continue;
        if (p[1] != '-' && len != 2) continue; /* short options are one letter */
        memcpy(found[k], p, len);
        found[k][len] = '\0';
        cands[k] = found[k];
        k++;
        p += len - 1;
    }
    return unknown_among(arg, cands, k, err);
}

/* ---- reading ---- */

const struct pc_runopt_def *pc_opt_setting(const struct pc_opt *o)
{
    int idx = o->setting ? pc_runopt_find_dotted(o->setting) : -1;
    return idx < 0 ? NULL : &pc_runopt_defs[idx];
}

/* Checks an integer value against the setting's range "LO..HI" / "LO..". */
static int in_range(const struct pc_runopt_def *d, const char *v)
{
    if (!d || d->type != PC_RUNOPT_INT || !d->range) return 1;
    char *end;
    errno = 0;
    long long x = strtoll(v, &end, 10);
    if (errno || end == v || *end) return 0;
    long long lo = strtoll(d->range, &end, 10);
    if (x < lo) return 0;
    if (end[0] == '.' && end[1] == '.' && end[2]) {
        errno = 0;
        unsigned long long hi = strtoull(end + 2, NULL, 10);
        if (x > 0 && (unsigned long long)x > hi) return 0;
    }
    return 1;
}

/* The unknown-option error for arg, suggesting the closest option of the table ("-x" and
 * "--name" of every entry, in table order). */
static int unknown(struct pc_opts *s, const char *arg, struct pc_error *err)
{
    size_t n = 0;
    for (const struct pc_opt *o = s->c->opts; o->id; o++) n += 2;
    char(*spelled)[52] = malloc((n ? n : 1) * sizeof *spelled);
    const char **cands = malloc((n ? n : 1) * sizeof *cands);
    size_t k = 0;
    for (const struct pc_opt *o = s->c->opts; spelled && cands && o->id; o++) {
        if (o->letter) snprintf(spelled[k], sizeof spelled[k], "-%c", o->letter), k++;
        if (o->name) snprintf(spelled[k], sizeof spelled[k], "--%s", o->name), k++;
    }
    for (size_t i = 0; cands && i < k; i++) cands[i] = spelled[i];
    unknown_among(arg, cands, cands ? k : 0, err);
    free(spelled);
    free(cands);
    return PC_OPTS_ERROR;
}

/* PC_OPTS_ERROR, after the error code (PC_EINVAL) was set with the message. */
static int fail(int code)
{
    (void)code;
    return PC_OPTS_ERROR;
}

static int take_value(struct pc_opts *s, const struct pc_opt *o, const char *inline_v,
                      struct pc_error *err)
{
    s->opt = o;
    if (o->kind == PC_OPT_OPTIONAL) {
        s->value = inline_v;
        return o->id;
    }
    if (o->kind == PC_OPT_FLAG) {
        if (inline_v)
            return fail(pc_error_set(err, PC_EINVAL, "option '%s' takes no value", s->spelled));
        s->value = NULL;
        return o->id;
    }
    if (!inline_v) {
        if (s->i >= s->argc ||
            (o->kind == PC_OPT_LIST && s->argv[s->i][0] == '-' && s->argv[s->i][1] != '\0'))
            return fail(pc_error_set(err, PC_EINVAL, "option '%s' needs a value", s->spelled));
        inline_v = s->argv[s->i++];
    }
    s->value = inline_v;
    if (o->kind == PC_OPT_LIST) s->list_id = o->id;
    const struct pc_runopt_def *d = pc_opt_setting(o);
    if (!in_range(d, inline_v))
        return fail(pc_error_set(err, PC_EINVAL, "bad value for '%s': '%s' (an integer in %s)",
                                 s->spelled, inline_v, d->range));
    return o->id;
}

static int short_opt(struct pc_opts *s, struct pc_error *err)
{
    char c = *s->group++;
    snprintf(s->spelled, sizeof s->spelled, "-%c", c);
    for (const struct pc_opt *o = s->c->opts; o->id; o++) {
        if (o->letter != c) continue;
        const char *rest = s->group;
        if (!*s->group) s->group = NULL;
        if (o->kind == PC_OPT_VALUE || o->kind == PC_OPT_LIST) {
            s->group = NULL;
            return take_value(s, o, *rest ? rest : NULL, err);
        }
        return take_value(s, o, NULL, err);
    }
    s->group = NULL;
    return unknown(s, s->spelled, err);
}

int pc_opts_read(struct pc_opts *s, struct pc_error *err)
{
    s->opt = NULL;
    if (s->group) return short_opt(s, err);
    if (s->i >= s->argc) return PC_OPTS_END;
    /* a list option's values run to the next option ('-' alone is a value: standard input) */
    if (s->list_id && !s->only_operands && (s->argv[s->i][0] != '-' || s->argv[s->i][1] == '\0')) {
        s->value = s->argv[s->i++];
        return s->list_id;
    }
    s->list_id = 0;
    const char *a = s->argv[s->i++];
    if (s->only_operands || a[0] != '-' || a[1] == '\0') {
        s->value = a;
        return PC_OPTS_OPERAND;
    }
    if (a[1] != '-') {
        s->group = a + 1;
        return short_opt(s, err);
    }
    if (a[2] == '\0') {
        s->only_operands = 1;
        return pc_opts_read(s, err);
    }
    size_t n = strcspn(a + 2, "=");
    snprintf(s->spelled, sizeof s->spelled, "--%.*s", (int)(n < 60 ? n : 60), a + 2);
    for (const struct pc_opt *o = s->c->opts; o->id; o++)
        if (o->name && strlen(o->name) == n && !memcmp(o->name, a + 2, n))
            return take_value(s, o, a[2 + n] == '=' ? a + 3 + n : NULL, err);
    return unknown(s, a, err);
}

int pc_opts_bad_value_error(const struct pc_opts *s, struct pc_error *err)
{
    return pc_error_set(err, PC_EINVAL, "bad value for '%s': '%s'", s->spelled,
                        s->value ? s->value : "");
}
