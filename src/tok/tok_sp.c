#define _GNU_SOURCE
/* SentencePiece-style tokenizer.json components (contracts in tok_internal.h), as Hugging Face
 * tokenizers implements them:
 *  - normalizers Prepend, Replace (string or regex), NFC, Sequence;
 *  - decoders Replace, ByteFallback, Fuse, Strip, Metaspace, Sequence;
 *  - character-level BPE with byte_fallback, unk_token and fuse_unk (BPE::merge_word, then
 *    Word::merge_all over the merge ranks). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json/json.h"
#include "text/ucd.h"
#include "text/utf8.h"
#include "text/nfc.h"
#include "tok/tok_internal.h"
#include "tok/tok_regex.h"

static int unsupported(struct pc_error *err, const char *path, const char *what, const char *name)
{
    return pc_error_set(err, PC_EUNSUPPORTED, "unsupported tokenizer component in '%s': %s '%s'",
                        path, what, name);
}

static const char *jstr(const struct pc_json_val *v)
{
    return v && v->type == PC_JSON_STRING ? v->u.str : NULL;
}

static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) memcpy(d, s, n), d[n] = 0;
    return d;
}

/* ---- normalizers ---- */

enum { NORM_NFC, NORM_PREPEND, NORM_REPLACE };
#define MAX_OPS 16
struct norm_op {
    int type;
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
    const char *type = jstr(pc_json_get(n, "type"));
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
    if (ops->n == MAX_OPS) return unsupported(err, path, "normalizer", "Sequence longer than 16");
    struct norm_op *op = &ops->op[ops->n];
    memset(op, 0, sizeof *op);
    if (!strcmp(type, "NFC")) {
        op->type = NORM_NFC;
    } else if (!strcmp(type, "Prepend")) {
        const struct pc_json_val *p = pc_json_get(n, "prepend");
        if (!p || p->type != PC_JSON_STRING)
            return pc_error_set(err, PC_EFORMAT, "'%s': Prepend without a string", path);
        op->type = NORM_PREPEND;
        if (!(op->a = dup_n(p->u.str, p->len))) return PC_ENOMEM;
        op->al = p->len;
    } else if (!strcmp(type, "Replace")) {
        const struct pc_json_val *pat = pc_json_get(n, "pattern");
        const struct pc_json_val *lit = pc_json_get(pat, "String");
        const char *re = jstr(pc_json_get(pat, "Regex"));
        const struct pc_json_val *c = pc_json_get(n, "content");
        if (!c || c->type != PC_JSON_STRING || (!re && !(lit && lit->type == PC_JSON_STRING)))
            return pc_error_set(err, PC_EFORMAT, "'%s': Replace without pattern/content", path);
        op->type = NORM_REPLACE;
        if (!(op->b = dup_n(c->u.str, c->len))) return PC_ENOMEM;
        op->bl = c->len;
        if (re) {
            char why[128], what[256];
            int rc = tok_regex_compile(re, &op->re, why, sizeof why);
            if (rc == PC_EUNSUPPORTED) {
                free(op->b);
                snprintf(what, sizeof what, "Replace regex %.100s (%s)", re, why);
                return unsupported(err, path, "normalizer", what);
            }
            if (rc) {
                free(op->b);
                return rc;
            }
        } else {
            if (lit->len == 0) {
                free(op->b);
                return unsupported(err, path, "normalizer", "Replace with an empty pattern");
            }
            if (!(op->a = dup_n(lit->u.str, lit->len))) return PC_ENOMEM;
            op->al = lit->len;
        }
    } else {
        return unsupported(err, path, "normalizer", type);
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
            int r = pc_nfc(out->data ? out->data : "", out->len, &tmp);
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

static int dec_add(struct tok_dec_ops *ops, const struct pc_json_val *d, const char *path,
                   struct pc_error *err, int depth)
{
    const char *type = jstr(pc_json_get(d, "type"));
    if (!type) return unsupported(err, path, "decoder", "(none)");
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
    if (ops->n == MAX_OPS) return unsupported(err, path, "decoder", "Sequence longer than 16");
    struct dec_op *op = &ops->op[ops->n];
    memset(op, 0, sizeof *op);
    if (!strcmp(type, "Replace")) {
        const struct pc_json_val *pat = pc_json_get(d, "pattern");
        const struct pc_json_val *lit = pc_json_get(pat, "String");
        const struct pc_json_val *c = pc_json_get(d, "content");
        if (!lit || lit->type != PC_JSON_STRING || lit->len == 0)
            return unsupported(err, path, "decoder", "Replace with a regex or empty pattern");
        if (!c || c->type != PC_JSON_STRING)
            return pc_error_set(err, PC_EFORMAT, "'%s': decoder Replace without content", path);
        op->type = DEC_REPLACE;
        op->a = dup_n(lit->u.str, lit->len), op->al = lit->len;
        op->b = dup_n(c->u.str, c->len), op->bl = c->len;
        if (!op->a || !op->b) return free(op->a), free(op->b), PC_ENOMEM;
    } else if (!strcmp(type, "ByteFallback")) {
        op->type = DEC_BYTEFALLBACK;
    } else if (!strcmp(type, "Fuse")) {
        op->type = DEC_FUSE;
    } else if (!strcmp(type, "Strip")) {
        const struct pc_json_val *c = pc_json_get(d, "content");
        const struct pc_json_val *st = pc_json_get(d, "start"), *sp = pc_json_get(d, "stop");
        if (!c || c->type != PC_JSON_STRING || c->len == 0 || c->len > 4)
            return unsupported(err, path, "decoder", "Strip without one content character");
        op->type = DEC_STRIP;
        op->a = dup_n(c->u.str, c->len), op->al = c->len;
        if (!op->a) return PC_ENOMEM;
        op->start = st && st->type == PC_JSON_NUMBER && st->num > 0 ? (int)st->num : 0;
        op->stop = sp && sp->type == PC_JSON_NUMBER && sp->num > 0 ? (int)sp->num : 0;
    } else if (!strcmp(type, "Metaspace")) {
        const char *r = jstr(pc_json_get(d, "replacement"));
        if (!r) r = "\xE2\x96\x81";
        const char *sch = jstr(pc_json_get(d, "prepend_scheme"));
        const struct pc_json_val *aps = pc_json_get(d, "add_prefix_space");
        op->type = DEC_METASPACE;
        op->a = dup_n(r, strlen(r)), op->al = strlen(r);
        if (!op->a) return PC_ENOMEM;
        op->prepend = sch ? strcmp(sch, "never") != 0 : !(aps && aps->type == PC_JSON_FALSE);
    } else {
        return unsupported(err, path, "decoder", type);
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

static int utf8_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
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
                    int l = utf8_len((unsigned char)s[k]);
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

/* ---- character-level BPE ---- */

struct csym {
    uint32_t id;
    int32_t prev, next;
    uint32_t alive;
};
#define WCACHE_BITS 14
#define WCACHE_IDS 3
struct wcache_ent {
    uint64_t k0, k1;
    uint32_t ids[WCACHE_IDS];
    uint8_t len, nids; /* len 0 = empty */
};
struct tok_char_work {
    struct csym *sym;
    uint64_t *heap;
    size_t cap, hcap;
    const struct pc_tok *owner; /* the cache belongs to this tokenizer */
    struct wcache_ent *cache;
};

void tok_char_work_free(struct tok_char_work *w)
{
    if (!w) return;
    free(w->sym);
    free(w->heap);
    free(w->cache);
    free(w);
}

static void hpush(uint64_t *h, size_t *n, uint64_t v)
{
    size_t i = (*n)++;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (h[p] <= v) break;
        h[i] = h[p];
        i = p;
    }
    h[i] = v;
}

static uint64_t hpop(uint64_t *h, size_t *n)
{
    uint64_t top = h[0], v = h[--*n];
    size_t i = 0, len = *n;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= len) break;
        if (c + 1 < len && h[c + 1] < h[c]) c++;
        if (v <= h[c]) break;
        h[i] = h[c];
        i = c;
    }
    if (len) h[i] = v;
    return top;
}

static void cpair(const struct tok_mergemap *mm, struct csym *sym, uint64_t *heap, size_t *nh,
                  int32_t pos)
{
    const struct tok_merge_slot *s = tok_mergemap_get(mm, sym[pos].id, sym[sym[pos].next].id);
    if (s) hpush(heap, nh, (uint64_t)s->rank << 32 | (uint32_t)pos);
}

int tok_bpe_char_piece(const struct pc_tok *tok, struct tok_char_work **wp, const char *p, size_t n,
                       struct pc_ids *out)
{
    if (n == 0) return PC_OK;
    if (tok->ignore_merges) {
        uint32_t id = tok_vocab_find(tok, p, n);
        if (id != TOK_NO_ID) return tok_ids_push(out, id);
    }
    if (n > INT32_MAX / 4) return PC_ETOOBIG;
    struct tok_char_work *w = *wp;
    if (!w && !(w = *wp = calloc(1, sizeof *w))) return PC_ENOMEM;
    if (n > w->cap) { /* at most one symbol per byte */
        struct csym *s = realloc(w->sym, n * sizeof *s);
        if (!s) return PC_ENOMEM;
        w->sym = s;
        w->cap = n;
    }
    if (3 * n + 4 > w->hcap) {
        uint64_t *h = realloc(w->heap, (3 * n + 4) * sizeof *h);
        if (!h) return PC_ENOMEM;
        w->heap = h;
        w->hcap = 3 * n + 4;
    }
    struct csym *sym = w->sym;
    size_t ns = 0;
    uint32_t unk = TOK_NO_ID;
#define ADD(x)                                                                                     \
    do {                                                                                           \
        sym[ns].id = (x);                                                                          \
        sym[ns].alive = 1;                                                                         \
        ns++;                                                                                      \
    } while (0)
    for (size_t i = 0; i < n;) {
        size_t l = (size_t)utf8_len((unsigned char)p[i]);
        if (l > n - i) l = n - i;
        uint32_t id = tok_vocab_find(tok, p + i, l);
        if (id != TOK_NO_ID) {
            if (unk != TOK_NO_ID) {
                ADD(unk);
                unk = TOK_NO_ID;
            }
            ADD(id);
        } else {
            int fb = tok->byte_fallback;
            for (size_t k = 0; k < l && fb; k++)
                if (tok->fallback_id[(unsigned char)p[i + k]] == TOK_NO_ID) fb = 0;
            if (fb) {
                /* HF leaves a pending unk in place here: it is added after these bytes. */
                for (size_t k = 0; k < l; k++) ADD(tok->fallback_id[(unsigned char)p[i + k]]);
            } else if (tok->unk_id != TOK_NO_ID) {
                if (unk != TOK_NO_ID && !tok->fuse_unk) ADD(unk);
                unk = tok->unk_id;
            }
        }
        i += l;
    }
    if (unk != TOK_NO_ID) ADD(unk);
#undef ADD
    if (ns == 0) return PC_OK;
    for (size_t i = 0; i < ns; i++) {
        sym[i].prev = (int32_t)i - 1;
        sym[i].next = i + 1 < ns ? (int32_t)i + 1 : -1;
    }
    const struct tok_mergemap *mm = &tok->merges;
    uint64_t *heap = w->heap;
    size_t nh = 0;
    for (size_t i = 0; i + 1 < ns; i++) cpair(mm, sym, heap, &nh, (int32_t)i);
    while (nh) { /* as tok_bpe_piece: lowest (rank, position), stale entries skipped */
        uint64_t top = hpop(heap, &nh);
        uint32_t rank = (uint32_t)(top >> 32);
        int32_t pos = (int32_t)(uint32_t)top;
        struct csym *cur = &sym[pos];
        if (!cur->alive || cur->next < 0) continue;
        struct csym *right = &sym[cur->next];
        const struct tok_merge_slot *s = tok_mergemap_get(mm, cur->id, right->id);
        if (!s || s->merged != mm->merged_of_rank[rank]) continue;
        cur->id = s->merged;
        cur->next = right->next;
        right->alive = 0;
        if (cur->next >= 0) sym[cur->next].prev = pos;
        if (cur->prev >= 0) cpair(mm, sym, heap, &nh, cur->prev);
        if (cur->next >= 0) cpair(mm, sym, heap, &nh, pos);
    }
    int rc = PC_OK;
    for (int32_t i = 0; i >= 0 && !rc; i = sym[i].next) rc = tok_ids_push(out, sym[i].id);
    return rc;
}

/* ---- added-token options ---- */

static uint32_t cp_at(const char *s, size_t n, size_t i, size_t *len)
{
    uint32_t cp;
    int valid;
    *len = pc_utf8_decode((const unsigned char *)s + i, n - i, &cp, &valid);
    return cp;
}

static size_t cp_start_before(const char *s, size_t i) /* start of the character ending at i */
{
    do i--;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80);
    return i;
}

/* Rust regex \w: Alphabetic, marks, digits, connector punctuation, join controls (numbers of
 * class No are counted as word characters here). */
static int is_word(uint32_t cp)
{
    unsigned c = pc_ucd_class(cp);
    if ((c >= PC_UCD_LU && c <= PC_UCD_LO) || c == PC_UCD_M || c == PC_UCD_N) return 1;
    return cp == '_' || cp == 0x203F || cp == 0x2040 || cp == 0x2054 || cp == 0xFE33 ||
           cp == 0xFE34 || (cp >= 0xFE4D && cp <= 0xFE4F) || cp == 0xFF3F || cp == 0x200C ||
           cp == 0x200D;
}

int tok_added_adjust(const struct tok_added *a, const char *text, size_t len, size_t seg,
                     size_t *ms, size_t *me)
{
    size_t l;
    if (a->single_word) {
        if (*ms > 0 && is_word(cp_at(text, len, cp_start_before(text, *ms), &l))) return 0;
        if (*me < len && is_word(cp_at(text, len, *me, &l))) return 0;
    }
    if (a->lstrip) {
        size_t s = *ms;
        while (s > 0) {
            size_t p = cp_start_before(text, s);
            if (!pc_ucd_is_space(cp_at(text, len, p, &l))) break;
            s = p;
        }
        *ms = s > seg ? s : seg;
    }
    if (a->rstrip)
        while (*me < len && pc_ucd_is_space(cp_at(text, len, *me, &l))) *me += l;
    return 1;
}

/* ---- words and the word cache ---- */

#define U2581 "\xE2\x96\x81"

void tok_sp_prepare(struct pc_tok *tok)
{
    tok->sp_split = 0;
    if (tok->ignore_merges || tok_vocab_find(tok, U2581, 3) == TOK_NO_ID) return;
    tok->sp_nglue = 0;
    for (uint32_t id = 0; id < tok->n_ids; id++) {
        const char *k = tok->enc_blob + tok->enc[id].off;
        size_t n = tok->enc[id].len;
        for (size_t i = 1; i + 3 <= n; i++) {
            if (memcmp(k + i, U2581, 3) != 0) continue;
            size_t p = cp_start_before(k, i), l;
            if (p + 3 == i && !memcmp(k + p, U2581, 3)) continue;
            uint32_t c = cp_at(k, n, p, &l);
            int seen = 0;
            for (int g = 0; g < tok->sp_nglue; g++) seen |= tok->sp_glue[g] == c;
            if (seen) continue;
            if (tok->sp_nglue == 16) return; /* too many: no cutting */
            tok->sp_glue[tok->sp_nglue++] = c;
        }
    }
    tok->sp_split = 1;
}

static inline uint64_t rd64(const char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

/* One word through the cache (words of at most 16 bytes giving at most 3 ids). */
static int encode_word(const struct pc_tok *tok, struct tok_char_work **wp, const char *p, size_t n,
                       struct pc_ids *out)
{
    struct tok_char_work *w = *wp;
    if (n > 16) return tok_bpe_char_piece(tok, wp, p, n, out);
    if (!w && !(w = *wp = calloc(1, sizeof *w))) return PC_ENOMEM;
    if (!w->cache || w->owner != tok) {
        if (!w->cache && !(w->cache = malloc(((size_t)1 << WCACHE_BITS) * sizeof *w->cache)))
            return tok_bpe_char_piece(tok, wp, p, n, out);
        memset(w->cache, 0, ((size_t)1 << WCACHE_BITS) * sizeof *w->cache);
        w->owner = tok;
    }
    uint64_t k[2] = {0, 0};
    memcpy(k, p, n);
    uint64_t h = (k[0] * 0x9E3779B97F4A7C15ull) ^ ((k[1] + n) * 0xC2B2AE3D27D4EB4Full);
    h ^= h >> 29;
    struct wcache_ent *e = &w->cache[(h * 0xbf58476d1ce4e5b9ull) >> (64 - WCACHE_BITS)];
    if (e->len == n && e->k0 == k[0] && e->k1 == k[1]) {
        for (int i = 0; i < e->nids; i++) {
            int rc = tok_ids_push(out, e->ids[i]);
            if (rc) return rc;
        }
        return PC_OK;
    }
    size_t before = out->len;
    int rc = tok_bpe_char_piece(tok, wp, p, n, out);
    if (rc) return rc;
    size_t m = out->len - before;
    if (m <= WCACHE_IDS && m > 0) {
        e->k0 = k[0], e->k1 = k[1], e->len = (uint8_t)n, e->nids = (uint8_t)m;
        memcpy(e->ids, out->ids + before, m * sizeof(uint32_t));
    }
    return PC_OK;
}

int tok_sp_encode_piece(const struct pc_tok *tok, struct tok_char_work **w, const char *p, size_t n,
                        struct pc_ids *out)
{
    if (!tok->sp_split) return tok_bpe_char_piece(tok, w, p, n, out);
    size_t word = 0;
    for (size_t i = 1; i + 3 <= n; i++) {
        if (memcmp(p + i, U2581, 3) != 0) continue;
        size_t prev = cp_start_before(p, i), l;
        if (prev + 3 == i && !memcmp(p + prev, U2581, 3)) continue; /* inside a U+2581 run */
        uint32_t c = cp_at(p, n, prev, &l);
        int glue = 0;
        for (int g = 0; g < tok->sp_nglue; g++) glue |= tok->sp_glue[g] == c;
        if (glue) continue;
        int rc = encode_word(tok, w, p + word, i - word, out);
        if (rc) return rc;
        word = i;
        i += 2;
    }
    return encode_word(tok, w, p + word, n - word, out);
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
