/* Encoding: added tokens matched in the raw text, normalizer, pre-tokenizer steps, then BPE per
 * piece through a per-scratch piece -> ids cache. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "text/nfc.h"
#include "text/utf8.h"
#include "tok/pretok.h"
#include "tok/pretok_scan.h"
#include "tok/tok_internal.h"

/* Piece caches, per scratch, in front of the BPE.
 * Short: two-way set-associative, for pieces of 2..16 bytes giving at most 3 ids (nearly every
 * piece of product text). The key is the piece zero-padded to two 64-bit words plus its length,
 * so a probe is two compares and no memcmp; 65,536 entries of 32 bytes = 2 MB, the pair of ways
 * sharing one 64-byte line.
 * Wide: direct-mapped, pieces of 2..32 bytes giving at most 7 ids (long words, runs of
 * spaces, short pieces the short cache cannot hold); 8,192 entries of 64 bytes = 512 KB. */
#define CACHE_BITS 16
#define CACHE_KEY 16
#define CACHE_IDS 3
struct tok_cache_ent {
    uint64_t k0, k1;
    uint32_t ids[CACHE_IDS];
    uint8_t len, nids; /* len 0 = empty */
};
#define WIDE_BITS 13
#define WIDE_KEY 32
#define WIDE_IDS 7
struct tok_wide_ent {
    uint64_t k[4];
    uint32_t ids[WIDE_IDS];
    uint8_t len, nids;
};

struct tok_span {
    size_t off, len;
};

struct tok_spans {
    struct tok_span *v;
    size_t n, cap;
};

struct pc_tok_scratch {
    const struct pc_tok *owner; /* the caches belong to this tokenizer */
    uint64_t owner_serial;      /* (and this load of it: the address may be reused) */
    struct tok_cache_ent *cache;
    struct tok_wide_ent *wide;
    struct tok_bpe_work bpe;
    struct pc_buf norm, text2; /* normalized segment; text rebuilt by add_prefix_space */
    struct tok_spans sp[2];
    struct pc_ids count_ids;
    struct tok_char_work *cw; /* SentencePiece-style BPE (tok_sp.c) */
    struct pc_buf norm2;      /* text after tok->norm_ops */
    int seg_first;            /* the segment being encoded starts the input */
};

struct pc_tok_scratch *pc_tok_scratch_new(void)
{
    struct pc_tok_scratch *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    /* 2 MB aligned with transparent huge pages asked for: one TLB entry for the whole cache. */
    s->cache = aligned_alloc((size_t)2 << 20, ((size_t)1 << CACHE_BITS) * sizeof *s->cache);
#ifdef MADV_HUGEPAGE
    if (s->cache) madvise(s->cache, ((size_t)1 << CACHE_BITS) * sizeof *s->cache, MADV_HUGEPAGE);
#endif
    s->wide = aligned_alloc(64, ((size_t)1 << WIDE_BITS) * sizeof *s->wide);
    if (!s->cache || !s->wide) {
        free(s->cache);
        free(s->wide);
        free(s);
        return NULL;
    }
    memset(s->cache, 0, ((size_t)1 << CACHE_BITS) * sizeof *s->cache);
    memset(s->wide, 0, ((size_t)1 << WIDE_BITS) * sizeof *s->wide);
    pc_buf_init(&s->norm, 0);
    pc_buf_init(&s->text2, 0);
    pc_buf_init(&s->norm2, 0);
    return s;
}

void pc_tok_scratch_free(struct pc_tok_scratch *s)
{
    if (!s) return;
    free(s->cache);
    free(s->wide);
    tok_bpe_work_release(&s->bpe);
    pc_buf_release(&s->norm);
    pc_buf_release(&s->text2);
    free(s->sp[0].v);
    free(s->sp[1].v);
    pc_ids_release(&s->count_ids);
    tok_char_work_free(s->cw);
    pc_buf_release(&s->norm2);
    free(s);
}

/* ---- one piece ---- */

static inline uint64_t load64(const char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static inline uint64_t low_bytes(uint64_t v, size_t n)
{
    return n >= 8 ? v : v & (((uint64_t)1 << (8 * n)) - 1);
}

/* Key words of p[0..n) zero-padded to 8 * words bytes (n <= 8 * words); bytes up to end may
 * be read (not used). */
static inline void piece_key(const char *p, size_t n, const char *end, uint64_t *k, int words)
{
    if (words == 2 && end - p >= 16) { /* branch-free: two loads, two masks from a table */
        static const uint64_t lo[17] = {0,
                                        0xFFull,
                                        0xFFFFull,
                                        0xFFFFFFull,
                                        0xFFFFFFFFull,
                                        0xFFFFFFFFFFull,
                                        0xFFFFFFFFFFFFull,
                                        0xFFFFFFFFFFFFFFull,
                                        ~0ull,
                                        ~0ull,
                                        ~0ull,
                                        ~0ull,
                                        ~0ull,
                                        ~0ull,
                                        ~0ull,
                                        ~0ull,
                                        ~0ull};
        k[0] = load64(p) & lo[n];
        k[1] = load64(p + 8) & lo[n > 8 ? n - 8 : 0]; /* lo[0] = 0 */
        return;
    }
    if ((size_t)(end - p) >= (size_t)8 * words) { /* unaligned loads and masks, no memcpy */
        for (int w = 0; w < words; w++)
            k[w] = n > (size_t)8 * w ? low_bytes(load64(p + 8 * w), n - 8 * w) : 0;
    } else {
        memset(k, 0, (size_t)8 * words);
        memcpy(k, p, n);
    }
}

static inline uint64_t key_hash(uint64_t k0, uint64_t k1, size_t n)
{
    uint64_t h = (k0 ^ (k1 << 29 | k1 >> 35) ^ n) * 0x9E3779B97F4A7C15ull;
    return h ^ (h << 23);
}

static inline int ids_room(struct pc_ids *out, size_t need)
{
    if (out->cap - out->len >= need) return PC_OK;
    size_t cap = out->cap ? out->cap * 2 : 256;
    while (cap - out->len < need) cap *= 2;
    uint32_t *v = realloc(out->ids, cap * sizeof *v);
    if (!v) return PC_ENOMEM;
    out->ids = v;
    out->cap = cap;
    return PC_OK;
}

/* Wide cache, then BPE, for p[0..n) (2 <= n): fills the wide cache (or returns the BPE result
 * count in *m so the caller can fill the short cache). */
static int piece_wide(const struct pc_tok *tok, struct pc_tok_scratch *s, const char *p, size_t n,
                      const char *end, struct pc_ids *out, size_t *m)
{
    *m = 0;
    struct tok_wide_ent *w = NULL;
    uint64_t k[4];
    if (n <= WIDE_KEY) {
        piece_key(p, n, end, k, 4);
        uint64_t h = key_hash(k[0] ^ k[2], k[1] ^ k[3], n);
        w = &s->wide[h >> (64 - WIDE_BITS)];
        if (w->len == n && w->k[0] == k[0] && w->k[1] == k[1] && w->k[2] == k[2] &&
            w->k[3] == k[3]) {
            memcpy(out->ids + out->len, w->ids, WIDE_IDS * sizeof(uint32_t));
            out->len += w->nids;
            return PC_OK;
        }
    }
    size_t before = out->len;
    int rc = tok_bpe_piece(tok, &s->bpe, (const unsigned char *)p, n, out);
    if (rc) return rc;
    *m = out->len - before;
    if (w && *m > CACHE_IDS && *m <= WIDE_IDS) {
        memcpy(w->k, k, sizeof k);
        w->len = (uint8_t)n;
        w->nids = (uint8_t)*m;
        memcpy(w->ids, out->ids + before, *m * sizeof(uint32_t));
    }
    if (*m + WIDE_IDS > out->cap - out->len) return ids_room(out, WIDE_IDS);
    return PC_OK;
}

/* Encodes one piece whose short-cache key (k0, k1, h) is known, 2 <= n <= CACHE_KEY. out has
 * room for WIDE_IDS more ids, and still has after. */
static inline int piece_cached(const struct pc_tok *tok, struct pc_tok_scratch *s, const char *p,
                               size_t n, const char *end, uint64_t k0, uint64_t k1, uint64_t h,
                               struct pc_ids *out)
{
    /* Two-way: the pair of entries {i, i ^ 1} shares one 64-byte line. Both ways are compared
     * without a branch (which way hits is unpredictable); only hit or miss is branched on. */
    struct tok_cache_ent *e = &s->cache[h >> (64 - CACHE_BITS)];
    struct tok_cache_ent *f = (struct tok_cache_ent *)((uintptr_t)e ^ sizeof *e);
    int me = (e->k0 == k0) & (e->k1 == k1) & (e->len == n);
    int mf = (f->k0 == k0) & (f->k1 == k1) & (f->len == n);
    if (__builtin_expect(me | mf, 1)) {
        const struct tok_cache_ent *g = mf ? f : e;
        uint32_t *o = out->ids + out->len;
        o[0] = g->ids[0];
        o[1] = g->ids[1];
        o[2] = g->ids[2];
        out->len += g->nids;
        return PC_OK;
    }
    if (f->len == 0 || (h & 0x100)) e = f; /* the slot to fill */
    size_t before = out->len, m;
    int rc = piece_wide(tok, s, p, n, end, out, &m);
    if (rc) return rc;
    if (m && m <= CACHE_IDS) {
        e->k0 = k0;
        e->k1 = k1;
        e->len = (uint8_t)n;
        e->nids = (uint8_t)m;
        memcpy(e->ids, out->ids + before, m * sizeof(uint32_t));
    }
    return PC_OK;
}

/* Encodes the piece p[0..n); bytes up to end may be read (not used) for the cache key. */
static int encode_piece(const struct pc_tok *tok, struct pc_tok_scratch *s, const char *p, size_t n,
                        const char *end, struct pc_ids *out)
{
    if (tok->char_mode) return tok_sp_encode_piece(tok, &s->cw, p, n, out); /* tok_sp.c */
    int rc = ids_room(out, WIDE_IDS);
    if (rc) return rc;
    if (n == 1) {
        out->ids[out->len++] = tok->byte_id[(unsigned char)p[0]];
        return PC_OK;
    }
    if (n > CACHE_KEY || n == 0) {
        size_t m;
        return n ? piece_wide(tok, s, p, n, end, out, &m) : PC_OK;
    }
    uint64_t k[2];
    piece_key(p, n, end, k, 2);
    return piece_cached(tok, s, p, n, end, k[0], k[1], key_hash(k[0], k[1], n), out);
}

/* ---- fused fast path for the Llama 3 / Qwen 2 patterns ---- */

/* Pre-tokenizes (pk_next_cl100k) and encodes text[0..len) in one loop. With 16 bytes ahead,
 * the pieces of ASCII text are found from one 16-byte load's class masks (pk_fast_cl100k); a
 * piece that may reach a non-ASCII character, and every other piece, goes through the scalar
 * scanner, so the pieces are exactly pretok.c's. (A ring of pieces whose cache lines were
 * prefetched was measured slower: the probes are mostly cache hits.) */
static int encode_cl100k(const struct pc_tok *tok, struct pc_tok_scratch *s, const char *text,
                         size_t len, unsigned max_digits, struct pc_ids *out)
{
    const unsigned char *u = (const unsigned char *)text;
    const char *end = text + len;
    for (size_t i = 0, j; i < len; i = j) {
        int rc = ids_room(out, WIDE_IDS);
        if (rc) return rc;
        j = len - i >= 16 ? pk_fast_cl100k(u, i, max_digits) : 0;
        if (!j) {
            j = pk_next_cl100k(u, len, i, max_digits);
            /* UTF-8 validation folded in: fast pieces are ASCII; a valid text is never split
             * inside a character, so the text is valid iff every other piece is. */
            for (size_t k = i; k < j; k++)
                if (u[k] >= 0x80) {
                    if (!pc_utf8_valid(text + i, j - i, NULL)) return PC_EINVAL;
                    break;
                }
        }
        size_t n = j - i;
        if (n == 1) {
            out->ids[out->len++] = tok->byte_id[u[i]];
        } else if (n <= CACHE_KEY) {
            uint64_t k[2];
            piece_key(text + i, n, end, k, 2);
            rc = piece_cached(tok, s, text + i, n, end, k[0], k[1], key_hash(k[0], k[1], n), out);
        } else {
            size_t m;
            rc = piece_wide(tok, s, text + i, n, end, out, &m);
        }
        if (rc) return rc;
    }
    return PC_OK;
}

/* ---- pre-tokenizer steps ---- */

struct piece_ctx {
    const struct pc_tok *tok;
    struct pc_tok_scratch *s;
    const char *text;
    size_t base; /* offset of the split input within text */
    struct pc_ids *out;
    struct tok_spans *collect; /* non-NULL: collect spans instead of encoding */
    const char *end;           /* end of the readable text */
};

static int on_piece(void *vctx, size_t off, size_t len)
{
    struct piece_ctx *c = vctx;
    if (len == 0) return PC_OK;
    if (c->collect) {
        struct tok_spans *sp = c->collect;
        if (sp->n == sp->cap) {
            size_t cap = sp->cap ? sp->cap * 2 : 256;
            struct tok_span *v = realloc(sp->v, cap * sizeof *v);
            if (!v) return PC_ENOMEM;
            sp->v = v;
            sp->cap = cap;
        }
        sp->v[sp->n].off = c->base + off;
        sp->v[sp->n].len = len;
        sp->n++;
        return PC_OK;
    }
    return encode_piece(c->tok, c->s, c->text + c->base + off, len, c->end, c->out);
}

/* Piece of a general split step (tok_split.c): base NULL = offset into the rewritten text. */
struct gsplit_ctx {
    struct tok_spans *collect;
    size_t shift; /* offset of base within the current text */
};
static int on_gpiece(void *vctx, const char *base, size_t off, size_t len)
{
    struct gsplit_ctx *g = vctx;
    struct piece_ctx c = {NULL, NULL, NULL, base ? g->shift : 0, NULL, g->collect, NULL};
    return on_piece(&c, off, len);
}

/* 1 when the pre-tokenizer is the Llama 3 or Qwen 2 Split alone (encode_cl100k's case). */
static int takes_cl100k(const struct pc_tok *tok)
{
    return !tok->char_mode && tok->n_steps == 1 && tok->steps[0].type == TOK_STEP_SPLIT &&
           (tok->steps[0].kind == PC_PRETOK_LLAMA3 || tok->steps[0].kind == PC_PRETOK_QWEN2);
}

/* Runs the pre-tokenizer steps over text[0..len) and encodes every resulting piece. */
static int encode_segment(const struct pc_tok *tok, struct pc_tok_scratch *s, const char *text,
                          size_t len, struct pc_ids *out)
{
    if (len == 0) return PC_OK;
    struct piece_ctx c = {tok, s, text, 0, out, NULL, text + len};
    /* Fast paths: a single split step (Llama 3, GPT-4o, Qwen: Split + ByteLevel without regex). */
    if (takes_cl100k(tok))
        return encode_cl100k(tok, s, text, len, tok->steps[0].kind == PC_PRETOK_LLAMA3 ? 3 : 1,
                             out);
    if (tok->n_steps == 1 && tok->steps[0].type == TOK_STEP_SPLIT)
        return pc_pretok_split((enum pc_pretok_kind)tok->steps[0].kind, text, len, on_piece, &c);
    if (tok->n_steps == 0) return encode_piece(tok, s, text, len, text + len, out);

    /* General path: spans over the current text, refined step by step. */
    struct tok_spans *cur = &s->sp[0], *nxt = &s->sp[1];
    cur->n = 0;
    c.collect = cur;
    int rc = on_piece(&c, 0, len);
    const char *t = text;
    for (int k = 0; k < tok->n_steps && !rc; k++) {
        const struct tok_step *st = &tok->steps[k];
        nxt->n = 0;
        if (st->type == TOK_STEP_PREFIX_SPACE) {
            /* HF ByteLevel add_prefix_space: each piece not starting with ' ' gets one. */
            struct pc_buf *nb = t == s->text2.data ? &s->norm : &s->text2;
            struct pc_buf tmp;
            pc_buf_init(&tmp, 0);
            for (size_t i = 0; i < cur->n && !rc; i++) {
                size_t at = tmp.len;
                if (t[cur->v[i].off] != ' ') rc = pc_buf_putc(&tmp, ' ');
                if (!rc) rc = pc_buf_append(&tmp, t + cur->v[i].off, cur->v[i].len);
                struct piece_ctx cc = {tok, s, NULL, 0, out, nxt, NULL};
                if (!rc) rc = on_piece(&cc, at, tmp.len - at);
            }
            pc_buf_release(nb);
            *nb = tmp;
            t = nb->data;
        } else if (st->type == TOK_STEP_SPLIT_GENERAL) {
            struct gsplit_ctx g = {nxt, 0};
            if (tok_gsplit_rewrites(st->arg)) { /* Metaspace: pieces rebuilt in a new buffer */
                struct pc_buf *nb = t == s->text2.data ? &s->norm : &s->text2;
                struct pc_buf tmp;
                pc_buf_init(&tmp, 0);
                for (size_t i = 0; i < cur->n && !rc; i++)
                    rc = tok_gsplit_run(st->arg, t + cur->v[i].off, cur->v[i].len,
                                        s->seg_first && cur->v[i].off == 0, &tmp, on_gpiece, &g);
                pc_buf_release(nb);
                *nb = tmp;
                t = nb->data;
            } else {
                for (size_t i = 0; i < cur->n && !rc; i++) {
                    g.shift = cur->v[i].off;
                    rc = tok_gsplit_run(st->arg, t + cur->v[i].off, cur->v[i].len, 0, NULL,
                                        on_gpiece, &g);
                }
            }
        } else {
            for (size_t i = 0; i < cur->n && !rc; i++) {
                struct piece_ctx cc = {tok, s, t, cur->v[i].off, out, nxt, NULL};
                rc = pc_pretok_split((enum pc_pretok_kind)st->kind, t + cur->v[i].off,
                                     cur->v[i].len, on_piece, &cc);
            }
        }
        struct tok_spans *sw = cur;
        cur = nxt;
        nxt = sw;
    }
    for (size_t i = 0; i < cur->n && !rc; i++)
        rc = encode_piece(tok, s, t + cur->v[i].off, cur->v[i].len,
                          t + cur->v[i].off + cur->v[i].len, out);
    return rc;
}

static int encode_plain(const struct pc_tok *tok, struct pc_tok_scratch *s, const char *text,
                        size_t len, struct pc_ids *out)
{
    if (len == 0) return PC_OK;
    if (tok->norm_ops) { /* Prepend / Replace / NFC / NFKC... sequence (tok_norm.c) */
        int rc = tok_norm_apply(tok, text, len, &s->norm2);
        if (rc || !tok->nadded)
            return rc ? rc : encode_segment(tok, s, s->norm2.data, s->norm2.len, out);
        /* then the added tokens that match normalized text (HF's second pass) */
        const char *t = s->norm2.data;
        size_t n = s->norm2.len, seg = 0, i = 0;
        while (i < n && !rc) {
            const struct tok_added *a = tok_nadded_at(tok, t, i, n);
            if (!a) {
                i++;
                continue;
            }
            size_t ms = i, me = i + a->len;
            if ((a->lstrip || a->rstrip || a->single_word) &&
                !tok_added_adjust(a, t, n, seg, &ms, &me)) {
                i = me;
                continue;
            }
            if (!(rc = encode_segment(tok, s, t + seg, ms - seg, out)))
                rc = tok_ids_push(out, a->id);
            s->seg_first = 0;
            i = seg = me;
        }
        return rc ? rc : encode_segment(tok, s, t + seg, n - seg, out);
    }
    if (tok->normalizer == TOK_NORM_NFC) {
        pc_buf_reset(&s->norm);
        int rc = pc_nfc(text, len, &s->norm);
        if (rc < 0) return rc;
        if (rc == 0) {
            /* norm may be reused by the prefix-space step: copy out of it. */
            struct pc_buf own = s->norm;
            pc_buf_init(&s->norm, 0);
            rc = encode_segment(tok, s, own.data, own.len, out);
            pc_buf_release(&s->norm);
            s->norm = own;
            return rc;
        }
    }
    return encode_segment(tok, s, text, len, out);
}

/* Leftmost-longest match of an added token at text[i..len), or NULL. */
static const struct tok_added *added_at(const struct pc_tok *tok, const char *text, size_t i,
                                        size_t len)
{
    unsigned char b = (unsigned char)text[i];
    for (uint32_t k = tok->added_first[b]; k < tok->added_first[b + 1]; k++) {
        const struct tok_added *a = &tok->added[k];
        if (a->len <= len - i && memcmp(a->bytes, text + i, a->len) == 0) return a;
    }
    return NULL;
}

/* 1 when encode_segment takes encode_cl100k, which validates UTF-8 itself. */
static int validates_itself(const struct pc_tok *tok)
{
    return tok->normalizer == TOK_NORM_NONE && !tok->norm_ops && takes_cl100k(tok);
}

static int encode_all(const struct pc_tok *tok, struct pc_tok_scratch *s, const char *text,
                      size_t len, struct pc_ids *out);

int pc_tok_encode(const struct pc_tok *tok, struct pc_tok_scratch *s, const char *text, size_t len,
                  struct pc_ids *out)
{
    if (!validates_itself(tok) && !pc_utf8_valid(text, len, NULL)) return PC_EINVAL;
    size_t start = out->len;
    int rc = encode_all(tok, s, text, len, out);
    if (rc == PC_EINVAL) out->len = start; /* invalid UTF-8 found on the way: nothing appended */
    return rc;
}

static int encode_all(const struct pc_tok *tok, struct pc_tok_scratch *s, const char *text,
                      size_t len, struct pc_ids *out)
{
    if (s->owner != tok || s->owner_serial != tok->serial) {
        memset(s->cache, 0, ((size_t)1 << CACHE_BITS) * sizeof *s->cache);
        memset(s->wide, 0, ((size_t)1 << WIDE_BITS) * sizeof *s->wide);
        s->owner = tok;
        s->owner_serial = tok->serial;
    }
    size_t seg = 0, i = 0;
    int one_first = tok->added_one_first, nfirst = tok->added_nfirst;
    while (i < len) {
        if (nfirst == 0) {
            i = len;
            break;
        }
        if (nfirst == 1) {
            const char *p = memchr(text + i, one_first, len - i);
            if (!p) {
                i = len;
                break;
            }
            i = (size_t)(p - text);
        } else if (!tok->added_start[(unsigned char)text[i]]) {
            i++;
            continue;
        }
        const struct tok_added *a = added_at(tok, text, i, len);
        if (!a) {
            i++;
            continue;
        }
        size_t ms = i, me = i + a->len;
        if ((a->lstrip || a->rstrip || a->single_word) &&
            !tok_added_adjust(a, text, len, seg, &ms, &me)) {
            i = me; /* not a single word: the text stays ordinary text */
            continue;
        }
        s->seg_first = seg == 0;
        int rc = encode_plain(tok, s, text + seg, ms - seg, out);
        if (rc || (rc = tok_ids_push(out, a->id))) return rc;
        i = me;
        seg = i;
    }
    s->seg_first = seg == 0;
    return encode_plain(tok, s, text + seg, len - seg, out);
}

int pc_tok_count(const struct pc_tok *tok, struct pc_tok_scratch *s, const char *text, size_t len,
                 size_t *count)
{
    s->count_ids.len = 0;
    int rc = pc_tok_encode(tok, s, text, len, &s->count_ids);
    *count = rc ? 0 : s->count_ids.len;
    return rc;
}
