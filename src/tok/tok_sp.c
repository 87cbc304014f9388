#define _GNU_SOURCE
/* SentencePiece-style BPE (contracts in tok_internal.h), as Hugging Face tokenizers does it:
 * character-level BPE with byte_fallback, unk_token and fuse_unk (BPE::merge_word, then
 * Word::merge_all over the merge ranks); pieces cut into words where no vocabulary token can
 * span, with a per-thread word cache; and the added-token options lstrip / rstrip /
 * single_word. Normalizers are in tok_norm.c, decoders in tok_decoders.c. */
#include <stdlib.h>
#include <string.h>

#include "core/heap64.h"
#include "text/ucd.h"
#include "text/utf8.h"
#include "tok/tok_internal.h"

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
    uint64_t owner_serial;      /* (and this load of it: the address may be reused) */
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

static void cpair(const struct tok_mergemap *mm, struct csym *sym, uint64_t *heap, size_t *nh,
                  int32_t pos)
{
    const struct tok_merge_slot *s = tok_mergemap_get(mm, sym[pos].id, sym[sym[pos].next].id);
    if (s) pc_heap64_push(heap, nh, (uint64_t)s->rank << 32 | (uint32_t)pos);
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
        size_t l = (size_t)tok_utf8_len((unsigned char)p[i]);
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
        uint64_t top = pc_heap64_pop(heap, &nh);
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

/* One word through the cache (words of at most 16 bytes giving at most 3 ids). */
static int encode_word(const struct pc_tok *tok, struct tok_char_work **wp, const char *p, size_t n,
                       struct pc_ids *out)
{
    struct tok_char_work *w = *wp;
    if (n > 16) return tok_bpe_char_piece(tok, wp, p, n, out);
    if (!w && !(w = *wp = calloc(1, sizeof *w))) return PC_ENOMEM;
    if (!w->cache || w->owner != tok || w->owner_serial != tok->serial) {
        if (!w->cache && !(w->cache = malloc(((size_t)1 << WCACHE_BITS) * sizeof *w->cache)))
            return tok_bpe_char_piece(tok, wp, p, n, out);
        memset(w->cache, 0, ((size_t)1 << WCACHE_BITS) * sizeof *w->cache);
        w->owner = tok;
        w->owner_serial = tok->serial;
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
