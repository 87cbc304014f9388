/* Compiler of the general Split-regex engine (contract in tok_regex.h): the syntax tree of
 * tok_regex_parse.c becomes the backtracking program tok_regex.c runs; repetitions that could
 * backtrack exponentially are refused with their name. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "tok/tok_regex.h"
#include "tok/tok_regex_impl.h"

static int nullable(const struct tok_re_node *n)
{
    switch (n->type) {
    case N_CHAR:
    case N_CLASS:
    case N_ANY:
        return 0;
    case N_CAT:
        for (int i = 0; i < n->nkids; i++)
            if (!nullable(n->kids[i])) return 0;
        return 1;
    case N_ALT:
        for (int i = 0; i < n->nkids; i++)
            if (nullable(n->kids[i])) return 1;
        return 0;
    case N_REP:
        return n->min == 0 || nullable(n->kids[0]);
    default:
        return 1;
    }
}

/* 1 if n holds an alternation or an unbounded repetition: repeating it could backtrack
 * exponentially, so such patterns are refused. */
static int complex_node(const struct tok_re_node *n)
{
    if (n->type == N_ALT && n->nkids > 1) return 1;
    if (n->type == N_REP && (n->max < 0 || n->max > 1)) return 1;
    if (n->type == N_LOOK) return 0;
    for (int i = 0; i < n->nkids; i++)
        if (complex_node(n->kids[i])) return 1;
    return 0;
}

static int emit(struct tok_re_parser *ps, int op, uint32_t a, uint32_t b, uint32_t *at)
{
    struct tok_regex *re = ps->re;
    if (re->n >= 200000) return tok_re_fail(ps, PC_EUNSUPPORTED, "pattern too large");
    if (re->n == re->cap) {
        uint32_t cap = re->cap ? re->cap * 2 : 64;
        struct inst *v = realloc(re->code, cap * sizeof *v);
        if (!v) return tok_re_fail(ps, PC_ENOMEM, "out of memory");
        re->code = v;
        re->cap = cap;
    }
    if (at) *at = re->n;
    re->code[re->n++] = (struct inst){(uint8_t)op, 0, a, b};
    return PC_OK;
}

static int compile(struct tok_re_parser *ps, const struct tok_re_node *n)
{
    struct tok_regex *re = ps->re;
    switch (n->type) {
    case N_EMPTY:
        return PC_OK;
    case N_CHAR:
        return emit(ps, n->icase ? OP_CHARI : OP_CHAR, n->cp, 0, NULL);
    case N_CLASS:
        return emit(ps, OP_CLASS, n->cls, 0, NULL);
    case N_ANY:
        return emit(ps, OP_ANY, 0, 0, NULL);
    case N_CAT:
        for (int i = 0; i < n->nkids; i++)
            if (compile(ps, n->kids[i])) return ps->err;
        return PC_OK;
    case N_ALT: {
        if (n->nkids == 1) return compile(ps, n->kids[0]);
        uint32_t jumps[256];
        if (n->nkids > 256) return tok_re_fail(ps, PC_EUNSUPPORTED, "over 256 alternatives");
        for (int i = 0; i < n->nkids; i++) {
            uint32_t split = 0;
            if (i + 1 < n->nkids && emit(ps, OP_SPLIT, 0, 0, &split)) return ps->err;
            if (i + 1 < n->nkids) re->code[split].a = re->n;
            if (compile(ps, n->kids[i])) return ps->err;
            if (i + 1 < n->nkids) {
                if (emit(ps, OP_JMP, 0, 0, &jumps[i])) return ps->err;
                re->code[split].b = re->n;
            }
        }
        for (int i = 0; i + 1 < n->nkids; i++) re->code[jumps[i]].a = re->n;
        return PC_OK;
    }
    case N_LOOK: {
        uint32_t look;
        if (emit(ps, OP_LOOK, 0, 0, &look)) return ps->err;
        re->code[look].neg = (uint8_t)n->neg;
        re->code[look].a = re->n;
        if (compile(ps, n->kids[0]) || emit(ps, OP_MATCH, 0, 0, NULL)) return ps->err;
        re->code[look].b = re->n;
        return PC_OK;
    }
    case N_REP: {
        const struct tok_re_node *k = n->kids[0];
        if (n->max != 0 && nullable(k) && (n->max < 0 || n->max > 1))
            return tok_re_fail(ps, PC_EUNSUPPORTED,
                               "repetition of an expression that can be empty");
        if ((n->max < 0 || n->max > 1) && complex_node(k))
            return tok_re_fail(ps, PC_EUNSUPPORTED,
                               "repetition of a group with alternatives or repetitions");
        for (int i = 0; i < n->min; i++)
            if (compile(ps, k)) return ps->err;
        if (n->max < 0) {
            uint32_t split, top = re->n;
            if (emit(ps, OP_SPLIT, 0, 0, &split)) return ps->err;
            uint32_t body = re->n;
            if (compile(ps, k) || emit(ps, OP_JMP, top, 0, NULL)) return ps->err;
            re->code[split].a = n->greedy ? body : re->n;
            re->code[split].b = n->greedy ? re->n : body;
            return PC_OK;
        }
        int opt = n->max - n->min;
        uint32_t *splits = malloc(((size_t)opt + 1) * sizeof *splits);
        if (!splits) return tok_re_fail(ps, PC_ENOMEM, "out of memory");
        for (int i = 0; i < opt; i++) {
            if (emit(ps, OP_SPLIT, 0, 0, &splits[i]) || compile(ps, k)) {
                free(splits);
                return ps->err;
            }
        }
        for (int i = 0; i < opt; i++) {
            uint32_t body = splits[i] + 1;
            re->code[splits[i]].a = n->greedy ? body : re->n;
            re->code[splits[i]].b = n->greedy ? re->n : body;
        }
        free(splits);
        return PC_OK;
    }
    }
    return tok_re_fail(ps, PC_EUNSUPPORTED, "internal: unknown node");
}

void tok_regex_free(struct tok_regex *re)
{
    if (!re) return;
    for (uint32_t i = 0; i < re->ncls; i++) free(re->cls[i].r);
    free(re->cls);
    free(re->code);
    free(re);
}

int tok_regex_compile(const char *pattern, struct tok_regex **out, char *why, size_t whylen)
{
    *out = NULL;
    struct tok_regex *re = calloc(1, sizeof *re);
    if (!re) return PC_ENOMEM;
    struct tok_re_parser ps = {pattern, pattern + strlen(pattern), re, why, whylen, 0, 0, NULL, 0,
                               0};
    struct tok_re_node *root = tok_re_parse(&ps);
    if (root && ps.p < ps.end) tok_re_fail(&ps, PC_EUNSUPPORTED, "unbalanced )");
    if (root && !ps.err) compile(&ps, root);
    if (!ps.err) emit(&ps, OP_MATCH, 0, 0, NULL);
    for (size_t i = 0; i < ps.nall; i++) {
        free(ps.all[i]->kids);
        free(ps.all[i]);
    }
    free(ps.all);
    if (ps.err) {
        tok_regex_free(re);
        return ps.err;
    }
    *out = re;
    return PC_OK;
}
