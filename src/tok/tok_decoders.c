#define _GNU_SOURCE
/* SentencePiece-style decoders of tokenizer.json (contracts in tok_internal.h), as Hugging
 * Face tokenizers implements them: Replace, ByteFallback, Fuse, Strip, Metaspace, Sequence,
 * each a step over the list of token strings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json/json.h"
#include "text/utf8.h"
#include "tok/tok_internal.h"

#define MAX_OPS 16
/* ---- decoders ---- */

enum { DEC_REPLACE, DEC_BYTEFALLBACK, DEC_FUSE, DEC_STRIP, DEC_METASPACE };
struct dec_op {
    int type;
    char *a, *b; /* REPLACE: a -> b; STRIP: a = content; METASPACE: a = replacement */
    size_t al, bl;
    int start, stop, prepend;
};
struct tok_dec_ops {
    struct dec_op op[MAX_OPS];
    int n;
};

void tok_dec_free(struct tok_dec_ops *ops)
{
    if (!ops) return;
    for (int i = 0; i < ops->n; i++) free(ops->op[i].a), free(ops->op[i].b);
    free(ops);
}

/* A Strip decoder's start/stop: characters to remove, clamped (any count beyond 10^9 strips
 * everything, as HF's does); 0 when absent, not a number, NaN or not positive. */
static int strip_count(const struct pc_json_val *v)
{
    if (!v || v->type != PC_JSON_NUMBER || !(v->num > 0)) return 0;
    return v->num >= 1e9 ? 1000000000 : (int)v->num;
}

static int dec_add(struct tok_dec_ops *ops, const struct pc_json_val *d, const char *path,
                   struct pc_error *err, int depth)
{
    const char *type = tok_jstr(pc_json_get(d, "type"));
    if (!type) return tok_unsupported(err, path, "decoder", "(none)");
    if (!strcmp(type, "Sequence") && depth < 4) {
        const struct pc_json_val *list = pc_json_get(d, "decoders");
        if (!list || list->type != PC_JSON_ARRAY)
            return pc_error_set(err, PC_EFORMAT, "'%s': decoder Sequence without a list", path);
        for (uint32_t i = 0; i < list->len; i++) {
            int rc = dec_add(ops, &list->u.items[i], path, err, depth + 1);
            if (rc) return rc;
        }
        return PC_OK;
    }
    if (ops->n == MAX_OPS) return tok_unsupported(err, path, "decoder", "Sequence longer than 16");
    struct dec_op *op = &ops->op[ops->n];
    memset(op, 0, sizeof *op);
    if (!strcmp(type, "Replace")) {
        const struct pc_json_val *pat = pc_json_get(d, "pattern");
        const struct pc_json_val *lit = pc_json_get(pat, "String");
        const struct pc_json_val *c = pc_json_get(d, "content");
        if (!lit || lit->type != PC_JSON_STRING || lit->len == 0)
            return tok_unsupported(err, path, "decoder", "Replace with a regex or empty pattern");
        if (!c || c->type != PC_JSON_STRING)
            return pc_error_set(err, PC_EFORMAT, "'%s': decoder Replace without content", path);
        op->type = DEC_REPLACE;
        op->a = tok_dupn(lit->u.str, lit->len), op->al = lit->len;
        op->b = tok_dupn(c->u.str, c->len), op->bl = c->len;
        if (!op->a || !op->b) return free(op->a), free(op->b), PC_ENOMEM;
    } else if (!strcmp(type, "ByteFallback")) {
        op->type = DEC_BYTEFALLBACK;
    } else if (!strcmp(type, "Fuse")) {
        op->type = DEC_FUSE;
    } else if (!strcmp(type, "Strip")) {
        const struct pc_json_val *c = pc_json_get(d, "content");
        const struct pc_json_val *st = pc_json_get(d, "start"), *sp = pc_json_get(d, "stop");
        if (!c || c->type != PC_JSON_STRING || c->len == 0 || c->len > 4)
            return tok_unsupported(err, path, "decoder", "Strip without one content character");
        op->type = DEC_STRIP;
        op->a = tok_dupn(c->u.str, c->len), op->al = c->len;
        if (!op->a) return PC_ENOMEM;
        op->start = strip_count(st);
        op->stop = strip_count(sp);
    } else if (!strcmp(type, "Metaspace")) {
        const char *r = tok_jstr(pc_json_get(d, "replacement"));
        if (!r) r = "\xE2\x96\x81";
        const char *sch = tok_jstr(pc_json_get(d, "prepend_scheme"));
        const struct pc_json_val *aps = pc_json_get(d, "add_prefix_space");
        op->type = DEC_METASPACE;
        op->a = tok_dupn(r, strlen(r)), op->al = strlen(r);
        if (!op->a) return PC_ENOMEM;
        op->prepend = sch ? strcmp(sch, "never") != 0 : !(aps && aps->type == PC_JSON_FALSE);
    } else {
        return tok_unsupported(err, path, "decoder", type);
    }
    ops->n++;
    return PC_OK;
}

int tok_dec_load(struct pc_tok *tok, const struct pc_json_val *d, const char *path,
                 struct pc_error *err)
{
    struct tok_dec_ops *ops = calloc(1, sizeof *ops);
    if (!ops) return pc_error_set(err, PC_ENOMEM, "out of memory");
    int rc = dec_add(ops, d, path, err, 0);
    if (rc == PC_ENOMEM) pc_error_set(err, rc, "out of memory");
    if (rc) {
        tok_dec_free(ops);
        return rc;
    }
    tok->dec_ops = ops;
    return PC_OK;
}

/* A list of strings: bytes in buf, piece i is buf[off[i] .. off[i+1]). */
struct strlist {
    struct pc_buf buf;
    size_t *off, n, cap;
};

static int sl_end(struct strlist *l) /* closes the current string */
{
    if (l->n + 2 > l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        size_t *v = realloc(l->off, cap * sizeof *v);
        if (!v) return PC_ENOMEM;
        l->off = v;
        l->cap = cap;
    }
    if (l->n == 0) l->off[0] = 0;
    l->off[++l->n] = l->buf.len;
    return PC_OK;
}

static void sl_reset(struct strlist *l)
{
    pc_buf_reset(&l->buf);
    l->n = 0;
}

static int hexv(int c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* One decoder over the list in -> out. */
static int dec_step(const struct dec_op *op, const struct strlist *in, struct strlist *out)
{
    int rc = PC_OK;
    size_t pending = 0; /* ByteFallback: bytes collected in out->buf since pend_at */
    size_t pend_at = out->buf.len;
    for (size_t i = 0; i < in->n && !rc; i++) {
        const char *s = in->buf.data ? in->buf.data + in->off[i] : ""; /* all empty so far */
        size_t n = in->off[i + 1] - in->off[i];
        switch (op->type) {
        case DEC_REPLACE: {
            size_t k = 0;
            while (!rc) {
                const char *p = k < n ? memmem(s + k, n - k, op->a, op->al) : NULL;
                if (!p) break;
                if (!(rc = pc_buf_append(&out->buf, s + k, (size_t)(p - s) - k)))
                    rc = pc_buf_append(&out->buf, op->b, op->bl);
                k = (size_t)(p - s) + op->al;
            }
            if (!rc) rc = pc_buf_append(&out->buf, s + k, n - k);
            if (!rc) rc = sl_end(out);
            break;
        }
        case DEC_FUSE:
            rc = pc_buf_append(&out->buf, s, n);
            break;
        case DEC_STRIP: {
            size_t b = 0, e = n;
            for (int k = 0; k < op->start && e - b >= op->al && !memcmp(s + b, op->a, op->al); k++)
                b += op->al;
            for (int k = 0;
                 k < op->stop && e - b >= op->al && !memcmp(s + e - op->al, op->a, op->al); k++)
                e -= op->al;
            if (!(rc = pc_buf_append(&out->buf, s + b, e - b))) rc = sl_end(out);
            break;
        }
        case DEC_METASPACE: {
            size_t k = 0;
            while (k < n && !rc) {
                if (n - k >= op->al && !memcmp(s + k, op->a, op->al)) {
                    if (!(i == 0 && op->prepend)) rc = pc_buf_putc(&out->buf, ' ');
                    k += op->al;
                } else {
                    int l = tok_utf8_len((unsigned char)s[k]);
                    rc = pc_buf_append(&out->buf, s + k, (size_t)l);
                    k += (size_t)l;
                }
            }
            if (!rc) rc = sl_end(out);
            break;
        }
        case DEC_BYTEFALLBACK: {
            int byte = -1;
            if (n == 6 && !memcmp(s, "<0x", 3) && s[5] == '>' && hexv(s[3]) >= 0 && hexv(s[4]) >= 0)
                byte = hexv(s[3]) * 16 + hexv(s[4]);
            if (byte >= 0) {
                if (!pending) pend_at = out->buf.len;
                rc = pc_buf_putc(&out->buf, (char)byte);
                pending++;
                break;
            }
            if (pending) { /* flush: one string if valid UTF-8, else one U+FFFD per byte */
                if (!pc_utf8_valid(out->buf.data + pend_at, pending, NULL)) {
                    out->buf.len = pend_at;
                    for (size_t k = 0; k < pending && !rc; k++) {
                        rc = pc_buf_append(&out->buf, "\xEF\xBF\xBD", 3);
                        if (!rc) rc = sl_end(out);
                    }
                } else {
                    rc = sl_end(out);
                }
                pending = 0;
                if (rc) break;
            }
            if (!(rc = pc_buf_append(&out->buf, s, n))) rc = sl_end(out);
            break;
        }
        }
    }
    if (!rc && op->type == DEC_FUSE) rc = sl_end(out);
    if (!rc && op->type == DEC_BYTEFALLBACK && pending) {
        if (!pc_utf8_valid(out->buf.data + pend_at, pending, NULL)) {
            out->buf.len = pend_at;
            for (size_t k = 0; k < pending && !rc; k++) {
                rc = pc_buf_append(&out->buf, "\xEF\xBF\xBD", 3);
                if (!rc) rc = sl_end(out);
            }
        } else {
            rc = sl_end(out);
        }
    }
    return rc;
}

int tok_dec_run(const struct pc_tok *tok, const uint32_t *ids, size_t n, struct pc_buf *out,
                struct pc_error *err)
{
    struct strlist a = {0}, b = {0};
    pc_buf_init(&a.buf, 0);
    pc_buf_init(&b.buf, 0);
    int rc = PC_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        uint32_t id = ids[i];
        if (id >= tok->n_ids || !tok->present[id]) {
            rc = pc_error_set(err, PC_ERANGE, "unknown token id %u (vocabulary has ids 0..%u)", id,
                              tok->n_ids ? tok->n_ids - 1 : 0);
            break;
        }
        rc = pc_buf_append(&a.buf, tok->dec_blob + tok->dec_off[id],
                           tok->dec_off[id + 1] - tok->dec_off[id]);
        if (!rc) rc = sl_end(&a);
    }
    for (int k = 0; k < tok->dec_ops->n && !rc; k++) {
        sl_reset(&b);
        rc = dec_step(&tok->dec_ops->op[k], &a, &b);
        struct strlist t = a;
        a = b;
        b = t;
    }
    if (!rc && a.n && a.off[a.n]) rc = pc_buf_append(out, a.buf.data, a.off[a.n]);
    pc_buf_release(&a.buf);
    pc_buf_release(&b.buf);
    free(a.off);
    free(b.off);
    if (rc && rc != PC_ERANGE) pc_error_set(err, rc, "cannot decode: %s", pc_strerror(rc));
    return rc;
}
