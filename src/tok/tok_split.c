#define _GNU_SOURCE
/* General pre-tokenizer steps (contract in tok_internal.h): Hugging Face's Split with a regex
 * that has no hand-written scanner (tok_regex.c) or a literal string, with any of its five
 * behaviors and invert; and Metaspace (replacement character, prepend_scheme, split). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json/json.h"
#include "text/utf8.h"
#include "tok/tok_internal.h"
#include "tok/tok_regex.h"

enum { BEH_REMOVED, BEH_ISOLATED, BEH_MERGED_PREV, BEH_MERGED_NEXT, BEH_CONTIGUOUS };
enum { PREPEND_ALWAYS, PREPEND_FIRST, PREPEND_NEVER };

struct tok_gsplit {
    int metaspace;
    /* Split */
    struct tok_regex *re; /* NULL: literal */
    char *lit;
    size_t lit_len;
    int behavior, invert;
    /* Metaspace */
    char rep[5];
    size_t rep_len;
    int prepend, split;
};

void tok_gsplit_free(struct tok_gsplit *g)
{
    if (!g) return;
    tok_regex_free(g->re);
    free(g->lit);
    free(g);
}

int tok_gsplit_rewrites(const struct tok_gsplit *g)
{
    return g->metaspace;
}

static int unsupported(struct pc_error *err, const char *path, const char *what)
{
    return pc_error_set(err, PC_EUNSUPPORTED, "unsupported tokenizer component in '%s': %s", path,
                        what);
}

static const char *jstr(const struct pc_json_val *v)
{
    return v && v->type == PC_JSON_STRING ? v->u.str : NULL;
}

int tok_gsplit_load(const struct pc_json_val *p, const char *type, struct tok_gsplit **out,
                    const char *path, struct pc_error *err)
{
    *out = NULL;
    struct tok_gsplit *g = calloc(1, sizeof *g);
    if (!g) return pc_error_set(err, PC_ENOMEM, "out of memory");
    int rc = PC_OK;
    if (!strcmp(type, "Metaspace")) {
        g->metaspace = 1;
        const struct pc_json_val *r = pc_json_get(p, "replacement");
        const char *rs = jstr(r);
        if (!rs) rs = "\xE2\x96\x81"; /* U+2581 */
        size_t rl = strlen(rs);
        if (rl == 0 || rl > 4 || pc_utf8_valid(rs, rl, NULL) == 0) {
            rc = unsupported(err, path,
                             "pre-tokenizer 'Metaspace replacement of several characters'");
            goto out;
        }
        memcpy(g->rep, rs, rl);
        g->rep_len = rl;
        const char *sch = jstr(pc_json_get(p, "prepend_scheme"));
        const struct pc_json_val *aps = pc_json_get(p, "add_prefix_space");
        if (sch) {
            if (!strcmp(sch, "always"))
                g->prepend = PREPEND_ALWAYS;
            else if (!strcmp(sch, "first"))
                g->prepend = PREPEND_FIRST;
            else if (!strcmp(sch, "never"))
                g->prepend = PREPEND_NEVER;
            else {
                char what[96];
                snprintf(what, sizeof what, "pre-tokenizer 'Metaspace prepend_scheme %.40s'", sch);
                rc = unsupported(err, path, what);
                goto out;
            }
        } else {
            g->prepend = aps && aps->type == PC_JSON_FALSE ? PREPEND_NEVER : PREPEND_ALWAYS;
        }
        const struct pc_json_val *sp = pc_json_get(p, "split");
        g->split = !(sp && sp->type == PC_JSON_FALSE);
        goto out;
    }
    /* Split */
    const struct pc_json_val *pat = pc_json_get(p, "pattern");
    const char *re = jstr(pc_json_get(pat, "Regex"));
    const struct pc_json_val *lit = pc_json_get(pat, "String");
    const char *beh = jstr(pc_json_get(p, "behavior"));
    const struct pc_json_val *inv = pc_json_get(p, "invert");
    g->invert = inv && inv->type == PC_JSON_TRUE;
    static const char *names[] = {"Removed", "Isolated", "MergedWithPrevious", "MergedWithNext",
                                  "Contiguous"};
    g->behavior = -1;
    for (int i = 0; i < 5 && beh; i++)
        if (!strcmp(beh, names[i])) g->behavior = i;
    if (g->behavior < 0) {
        char what[96];
        snprintf(what, sizeof what, "pre-tokenizer 'Split behavior %.40s'", beh ? beh : "(none)");
        rc = unsupported(err, path, what);
        goto out;
    }
    if (re) {
        char why[128], what[320];
        rc = tok_regex_compile(re, &g->re, why, sizeof why);
        if (rc == PC_EUNSUPPORTED) {
            snprintf(what, sizeof what, "pre-tokenizer 'Split regex %.120s%s' (%s)", re,
                     strlen(re) > 120 ? "..." : "", why);
            rc = unsupported(err, path, what);
        } else if (rc) {
            rc = pc_error_set(err, rc, "out of memory");
        }
    } else if (lit && lit->type == PC_JSON_STRING && lit->len > 0) {
        g->lit = malloc(lit->len);
        if (!g->lit)
            rc = pc_error_set(err, PC_ENOMEM, "out of memory");
        else
            memcpy(g->lit, lit->u.str, lit->len), g->lit_len = lit->len;
    } else {
        rc = unsupported(err, path, "pre-tokenizer 'Split without a pattern'");
    }
out:
    if (rc) {
        tok_gsplit_free(g);
        return rc;
    }
    *out = g;
    return PC_OK;
}

/* ---- running ---- */

struct seg {
    size_t off, len;
    int match;
};
struct segs {
    struct seg *v, local[32];
    size_t n, cap;
};

static int segs_push(struct segs *s, size_t off, size_t len, int match)
{
    if (s->n == s->cap) {
        size_t cap = s->cap * 2;
        struct seg *v;
        if (s->v == s->local) {
            v = malloc(cap * sizeof *v);
            if (v) memcpy(v, s->local, sizeof s->local);
        } else {
            v = realloc(s->v, cap * sizeof *v);
        }
        if (!v) return PC_ENOMEM;
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = (struct seg){off, len, match};
    return PC_OK;
}

/* HF Pattern::find_matches: matches and the gaps between them, in order. */
static int find_matches(const struct tok_gsplit *g, const char *t, size_t n, struct segs *out)
{
    size_t prev = 0, at = 0;
    for (;;) {
        size_t ms, me;
        int found;
        if (g->re) {
            found = tok_regex_find(g->re, t, n, at, &ms, &me);
            if (found < 0) return found;
        } else {
            const char *p = at < n ? memmem(t + at, n - at, g->lit, g->lit_len) : NULL;
            found = p != NULL;
            if (p) ms = (size_t)(p - t), me = ms + g->lit_len;
        }
        if (!found) break;
        int rc = PC_OK;
        if (ms > prev) rc = segs_push(out, prev, ms - prev, 0);
        if (!rc) rc = segs_push(out, ms, me - ms, 1);
        if (rc) return rc;
        prev = at = me;
    }
    if (prev < n) return segs_push(out, prev, n - prev, 0);
    return PC_OK;
}

/* HF SplitDelimiterBehavior applied to the (match-flagged) segments, in place. */
static void apply_behavior(int beh, struct segs *s)
{
    size_t k = 0;
    int prev = 0;
    switch (beh) {
    case BEH_REMOVED:
        for (size_t i = 0; i < s->n; i++)
            if (!s->v[i].match) s->v[k++] = s->v[i];
        break;
    case BEH_ISOLATED:
        k = s->n;
        break;
    case BEH_MERGED_PREV:
        for (size_t i = 0; i < s->n; i++) {
            if (s->v[i].match && !prev && k)
                s->v[k - 1].len = s->v[i].off + s->v[i].len - s->v[k - 1].off;
            else
                s->v[k++] = s->v[i];
            prev = s->v[i].match;
        }
        break;
    case BEH_MERGED_NEXT: /* right to left */
        for (size_t i = s->n; i-- > 0;) {
            struct seg cur = s->v[i];
            if (cur.match && !prev && k) {
                struct seg *last = &s->v[s->n - k]; /* most recently kept, stored at the tail */
                last->len = last->off + last->len - cur.off;
                last->off = cur.off;
            } else {
                s->v[s->n - 1 - k] = cur;
                k++;
            }
            prev = cur.match;
        }
        memmove(s->v, s->v + (s->n - k), k * sizeof *s->v);
        break;
    case BEH_CONTIGUOUS:
        for (size_t i = 0; i < s->n; i++) {
            if (k && s->v[i].match == prev)
                s->v[k - 1].len = s->v[i].off + s->v[i].len - s->v[k - 1].off;
            else
                s->v[k++] = s->v[i];
            prev = s->v[i].match;
        }
        break;
    }
    s->n = k;
}

static int run_split(const struct tok_gsplit *g, const char *t, size_t n, tok_emit_fn emit,
                     void *ctx)
{
    struct segs s;
    s.v = s.local;
    s.n = 0;
    s.cap = sizeof s.local / sizeof s.local[0];
    int rc = find_matches(g, t, n, &s);
    if (!rc) {
        if (g->invert)
            for (size_t i = 0; i < s.n; i++) s.v[i].match = !s.v[i].match;
        apply_behavior(g->behavior, &s);
        for (size_t i = 0; i < s.n && !rc; i++)
            if (s.v[i].len) rc = emit(ctx, t, s.v[i].off, s.v[i].len);
    }
    if (s.v != s.local) free(s.v);
    return rc;
}

/* Metaspace: ' ' -> replacement, prefix per prepend_scheme, then (split) MergedWithNext on
 * the replacement. The rewritten piece is appended to buf; pieces are offsets into buf. */
static int run_metaspace(const struct tok_gsplit *g, const char *t, size_t n, int first,
                         struct pc_buf *buf, tok_emit_fn emit, void *ctx)
{
    size_t start = buf->len;
    int rc = PC_OK;
    /* HF prepends unless the text (spaces already replaced) starts with the replacement. */
    int starts_rep = (n >= g->rep_len && !memcmp(t, g->rep, g->rep_len)) || t[0] == ' ';
    if ((g->prepend == PREPEND_ALWAYS || (g->prepend == PREPEND_FIRST && first)) && !starts_rep)
        rc = pc_buf_append(buf, g->rep, g->rep_len);
    for (size_t i = 0; i < n && !rc; i++)
        rc = t[i] == ' ' ? pc_buf_append(buf, g->rep, g->rep_len) : pc_buf_putc(buf, t[i]);
    if (rc) return rc;
    size_t len = buf->len - start;
    if (!g->split) return emit(ctx, NULL, start, len);
    /* MergedWithNext on the replacement: every piece starts at a replacement character. */
    const char *b = buf->data + start;
    size_t piece = 0;
    for (size_t i = 1; i + g->rep_len <= len; i++) {
        if (!memcmp(b + i, g->rep, g->rep_len)) {
            if ((rc = emit(ctx, NULL, start + piece, i - piece))) return rc;
            piece = i;
            i += g->rep_len - 1;
        }
    }
    return len > piece ? emit(ctx, NULL, start + piece, len - piece) : PC_OK;
}

int tok_gsplit_run(const struct tok_gsplit *g, const char *t, size_t n, int first,
                   struct pc_buf *buf, tok_emit_fn emit, void *ctx)
{
    if (n == 0) return PC_OK;
    if (g->metaspace) return run_metaspace(g, t, n, first, buf, emit, ctx);
    return run_split(g, t, n, emit, ctx);
}
