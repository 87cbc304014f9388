#define _GNU_SOURCE
/* Normalizers of tokenizer.json (contracts in tok_internal.h), as Hugging Face tokenizers
 * implements them: Prepend, Replace (string or regex), NFC, NFD, NFKC, NFKD (ICU, through
 * text/nfc.h), Sequence; and the
 * added tokens with normalized true, matched in the normalized text. Also the small JSON
 * helpers shared with tok_decoders.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json/json.h"
#include "text/nfc.h"
#include "tok/tok_internal.h"
#include "tok/tok_regex.h"

const char *tok_jstr(const struct pc_json_val *v)
{
    return v && v->type == PC_JSON_STRING ? v->u.str : NULL;
}

char *tok_dupn(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) memcpy(d, s, n), d[n] = 0;
    return d;
}

/* ---- normalizers ---- */

enum { NORM_UNICODE, NORM_PREPEND, NORM_REPLACE };
#define MAX_OPS 16
struct norm_op {
    int type;
    int form;    /* UNICODE: enum pc_norm_form */
    char *a, *b; /* PREPEND: a; REPLACE: a = literal pattern (or re), b = content */
    size_t al, bl;
    struct tok_regex *re;
};
struct tok_norm_ops {
    struct norm_op op[MAX_OPS];
    int n;
};

void tok_norm_free(struct tok_norm_ops *ops)
{
    if (!ops) return;
    for (int i = 0; i < ops->n; i++) {
        free(ops->op[i].a);
        free(ops->op[i].b);
        tok_regex_free(ops->op[i].re);
    }
    free(ops);
}

static int norm_add(struct tok_norm_ops *ops, const struct pc_json_val *n, const char *path,
                    struct pc_error *err, int depth)
{
    const char *type = tok_jstr(pc_json_get(n, "type"));
    if (!type) return pc_error_set(err, PC_EFORMAT, "'%s': normalizer without a type", path);
    if (!strcmp(type, "Sequence") && depth < 4) {
        const struct pc_json_val *list = pc_json_get(n, "normalizers");
        if (!list || list->type != PC_JSON_ARRAY)
            return pc_error_set(err, PC_EFORMAT, "'%s': normalizer Sequence without a list", path);
        for (uint32_t i = 0; i < list->len; i++) {
            int rc = norm_add(ops, &list->u.items[i], path, err, depth + 1);
            if (rc) return rc;
        }
        return PC_OK;
    }
    if (ops->n == MAX_OPS)
        return tok_unsupported(err, path, "normalizer", "Sequence longer than 16");
    struct norm_op *op = &ops->op[ops->n];
    memset(op, 0, sizeof *op);
    static const char *const forms[] = {"NFC", "NFD", "NFKC", "NFKD"}; /* enum pc_norm_form */
    int form = -1;
    for (int f = 0; f < 4; f++)
        if (!strcmp(type, forms[f])) form = f;
    if (form >= 0) {
        op->type = NORM_UNICODE;
        op->form = form;
    } else if (!strcmp(type, "Prepend")) {
        const struct pc_json_val *p = pc_json_get(n, "prepend");
        if (!p || p->type != PC_JSON_STRING)
            return pc_error_set(err, PC_EFORMAT, "'%s': Prepend without a string", path);
        op->type = NORM_PREPEND;
        if (!(op->a = tok_dupn(p->u.str, p->len))) return PC_ENOMEM;
        op->al = p->len;
    } else if (!strcmp(type, "Replace")) {
        const struct pc_json_val *pat = pc_json_get(n, "pattern");
        const struct pc_json_val *lit = pc_json_get(pat, "String");
        const char *re = tok_jstr(pc_json_get(pat, "Regex"));
        const struct pc_json_val *c = pc_json_get(n, "content");
        if (!c || c->type != PC_JSON_STRING || (!re && !(lit && lit->type == PC_JSON_STRING)))
            return pc_error_set(err, PC_EFORMAT, "'%s': Replace without pattern/content", path);
        op->type = NORM_REPLACE;
        if (!(op->b = tok_dupn(c->u.str, c->len))) return PC_ENOMEM;
        op->bl = c->len;
        if (re) {
            char why[128], what[256];
            int rc = tok_regex_compile(re, &op->re, why, sizeof why);
            if (rc == PC_EUNSUPPORTED) {
                free(op->b);
                snprintf(what, sizeof what, "Replace regex %.100s (%s)", re, why);
                return tok_unsupported(err, path, "normalizer", what);
            }
            if (rc) {
                free(op->b);
                return rc;
            }
        } else {
            if (lit->len == 0) {
                free(op->b);
                return tok_unsupported(err, path, "normalizer", "Replace with an empty pattern");
            }
            if (!(op->a = tok_dupn(lit->u.str, lit->len))) return PC_ENOMEM;
            op->al = lit->len;
        }
    } else {
        return tok_unsupported(err, path, "normalizer", type);
    }
    ops->n++;
    return PC_OK;
}

int tok_norm_load(struct pc_tok *tok, const struct pc_json_val *n, const char *path,
                  struct pc_error *err)
{
    struct tok_norm_ops *ops = calloc(1, sizeof *ops);
    if (!ops) return pc_error_set(err, PC_ENOMEM, "out of memory");
    int rc = norm_add(ops, n, path, err, 0);
    if (rc == PC_ENOMEM) pc_error_set(err, rc, "out of memory");
    if (rc || ops->n == 0) {
        tok_norm_free(ops);
        return rc;
    }
    tok->norm_ops = ops;
    return PC_OK;
}

static int replace_op(const struct norm_op *op, const char *s, size_t n, struct pc_buf *out)
{
    size_t i = 0;
    int rc = PC_OK;
    while (i < n && !rc) {
        size_t ms, me;
        if (op->re) {
            int f = tok_regex_find(op->re, s, n, i, &ms, &me);
            if (f < 0) return f;
            if (!f) break;
        } else {
            const char *p = memmem(s + i, n - i, op->a, op->al);
            if (!p) break;
            ms = (size_t)(p - s), me = ms + op->al;
        }
        if (!(rc = pc_buf_append(out, s + i, ms - i))) rc = pc_buf_append(out, op->b, op->bl);
        i = me;
    }
    if (!rc) rc = pc_buf_append(out, s + i, n - i);
    return rc;
}

int tok_norm_apply(const struct pc_tok *tok, const char *text, size_t len, struct pc_buf *out)
{
    const struct tok_norm_ops *ops = tok->norm_ops;
    struct pc_buf tmp;
    pc_buf_init(&tmp, 0);
    pc_buf_reset(out);
    int rc = pc_buf_append(out, text, len);
    for (int i = 0; i < ops->n && !rc; i++) {
        const struct norm_op *op = &ops->op[i];
        pc_buf_reset(&tmp);
        if (op->type == NORM_PREPEND) {
            if (!out->len) continue; /* HF: only a non-empty string gets the prefix */
            rc = pc_buf_append(&tmp, op->a, op->al);
            if (!rc) rc = pc_buf_append(&tmp, out->data, out->len);
        } else if (op->type == NORM_REPLACE) {
            rc = replace_op(op, out->data ? out->data : "", out->len, &tmp);
        } else {
            int r =
                pc_unorm((enum pc_norm_form)op->form, out->data ? out->data : "", out->len, &tmp);
            if (r == PC_NFC_UNCHANGED) continue;
            rc = r;
        }
        if (!rc) {
            struct pc_buf t = *out;
            *out = tmp;
            tmp = t;
        }
    }
    pc_buf_release(&tmp);
    return rc;
}

/* ---- added tokens matched in normalized text ---- */

struct tok_nadded {
    struct tok_added *v; /* bytes = normalized content (owned) */
    uint32_t n;
};

void tok_nadded_free(struct tok_nadded *na)
{
    if (!na) return;
    for (uint32_t i = 0; i < na->n; i++) free((char *)na->v[i].bytes);
    free(na->v);
    free(na);
}

int tok_nadded_build(struct pc_tok *tok)
{
    uint32_t cnt = 0;
    for (uint32_t i = 0; i < tok->n_added; i++)
        cnt += tok->added[i].normalized && tok->added[i].len;
    if (!cnt) return PC_OK;
    struct tok_nadded *na = calloc(1, sizeof *na);
    if (!na || !(na->v = calloc(cnt, sizeof *na->v))) {
        free(na);
        return PC_ENOMEM;
    }
    struct pc_buf b;
    pc_buf_init(&b, 0);
    int rc = PC_OK;
    for (uint32_t i = 0; i < tok->n_added && !rc; i++) {
        const struct tok_added *a = &tok->added[i];
        if (!a->normalized || !a->len) continue;
        if ((rc = tok_norm_apply(tok, a->bytes, a->len, &b))) break;
        if (!b.len) continue; /* normalizes to nothing: never matches */
        char *p = malloc(b.len);
        if (!p) {
            rc = PC_ENOMEM;
            break;
        }
        memcpy(p, b.data, b.len);
        struct tok_added *d = &na->v[na->n++];
        *d = *a;
        d->bytes = p;
        d->len = (uint32_t)b.len;
    }
    pc_buf_release(&b);
    if (rc) {
        tok_nadded_free(na);
        return rc;
    }
    tok->nadded = na;
    return PC_OK;
}

const struct tok_added *tok_nadded_at(const struct pc_tok *tok, const char *text, size_t i,
                                      size_t len)
{
    const struct tok_added *best = NULL;
    for (uint32_t k = 0; k < tok->nadded->n; k++) {
        const struct tok_added *a = &tok->nadded->v[k];
        if (a->len <= len - i && (!best || a->len > best->len) && a->bytes[0] == text[i] &&
            !memcmp(a->bytes, text + i, a->len))
            best = a;
    }
    return best;
}
