/* Byte-pair encoding of one pre-token, plus the two hash tables it needs (vocabulary bytes ->
 * id, merge pair -> rank). */
#include <stdlib.h>
#include <string.h>

#include "core/heap64.h"
#include "tok/tok_internal.h"

static inline uint64_t rd64(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static inline uint64_t mix64(uint64_t h)
{
    h ^= h >> 31;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 29;
    h *= 0x94d049bb133111ebull;
    h ^= h >> 32;
    return h;
}

uint64_t tok_hash(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t h = 0x9E3779B97F4A7C15ull ^ (n * 0xff51afd7ed558ccdull);
    while (n >= 8) {
        h = (h ^ rd64(s)) * 0xbf58476d1ce4e5b9ull;
        h ^= h >> 29;
        s += 8;
        n -= 8;
    }
    uint64_t t = 0;
    memcpy(&t, s, n);
    return mix64(h ^ t);
}

int tok_ids_push(struct pc_ids *v, uint32_t id)
{
    if (v->len == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 64;
        uint32_t *p = realloc(v->ids, cap * sizeof *p);
        if (!p) return PC_ENOMEM;
        v->ids = p;
        v->cap = cap;
    }
    v->ids[v->len++] = id;
    return PC_OK;
}

void pc_ids_release(struct pc_ids *v)
{
    if (!v) return;
    free(v->ids);
    v->ids = NULL;
    v->len = v->cap = 0;
}

/* ---- vocabulary: bytes -> id ---- */

int tok_strmap_build(struct pc_tok *tok)
{
    size_t n = 0;
    for (uint32_t id = 0; id < tok->n_ids; id++) n += tok->enc[id].len != 0;
    size_t cap = 16;
    while (cap < n * 2) cap <<= 1;
    tok->vocab.slots = calloc(cap, sizeof(uint64_t));
    if (!tok->vocab.slots) return PC_ENOMEM;
    tok->vocab.mask = (uint32_t)(cap - 1);
    for (uint32_t id = 0; id < tok->n_ids; id++) {
        uint32_t len = tok->enc[id].len;
        if (!len) continue;
        const char *k = tok->enc_blob + tok->enc[id].off;
        uint64_t h = tok_hash(k, len);
        uint64_t v = (h >> 32) << 32 | (uint64_t)(id + 1);
        /* A byte string seen twice keeps the later id (HF's HashMap from the JSON object). */
        uint32_t old = tok_vocab_find(tok, k, len);
        for (uint32_t i = (uint32_t)h & tok->vocab.mask;; i = (i + 1) & tok->vocab.mask) {
            uint64_t sv = tok->vocab.slots[i];
            if (!sv || (old != TOK_NO_ID && (uint32_t)sv == old + 1)) {
                tok->vocab.slots[i] = v;
                break;
            }
        }
    }
    return PC_OK;
}

uint32_t tok_vocab_find(const struct pc_tok *tok, const void *p, size_t n)
{
    uint32_t mask = tok->vocab.mask;
    uint64_t h = tok_hash(p, n), fp = h >> 32;
    for (uint32_t i = (uint32_t)h & mask;; i = (i + 1) & mask) {
        uint64_t v = tok->vocab.slots[i];
        if (!v) return TOK_NO_ID;
        if (v >> 32 != fp) continue;
        uint32_t id = (uint32_t)v - 1;
        if (tok->enc[id].len == n && memcmp(tok->enc_blob + tok->enc[id].off, p, n) == 0) return id;
    }
}

/* ---- merges: (left, right) -> (rank, merged) ---- */

int tok_mergemap_init(struct tok_mergemap *m, uint32_t n)
{
    uint64_t cap = 16;
    while (cap < (uint64_t)n + n / 2) cap <<= 1;
    m->slots = calloc(cap, sizeof *m->slots);
    m->merged_of_rank = calloc(n ? n : 1, sizeof(uint32_t));
    if (!m->slots || !m->merged_of_rank) {
        tok_mergemap_release(m);
        return PC_ENOMEM;
    }
    m->mask = cap - 1;
    m->n = n;
    return PC_OK;
}

void tok_mergemap_release(struct tok_mergemap *m)
{
    free(m->slots);
    free(m->merged_of_rank);
    m->slots = NULL;
    m->merged_of_rank = NULL;
}

void tok_mergemap_put(struct tok_mergemap *m, uint32_t left, uint32_t right, uint32_t rank,
                      uint32_t merged)
{
    uint64_t key = ((uint64_t)left << 32 | right) + 1;
    m->merged_of_rank[rank] = merged;
    for (uint64_t i = mix64(key) & m->mask;; i = (i + 1) & m->mask) {
        struct tok_merge_slot *s = &m->slots[i];
        if (s->key == 0 || s->key == key) {
            s->key = key;
            s->rank = rank;
            s->merged = merged;
            return;
        }
    }
}

const struct tok_merge_slot *tok_mergemap_get(const struct tok_mergemap *m, uint32_t left,
                                              uint32_t right)
{
    uint64_t key = ((uint64_t)left << 32 | right) + 1;
    for (uint64_t i = mix64(key) & m->mask;; i = (i + 1) & m->mask) {
        const struct tok_merge_slot *s = &m->slots[i];
        if (s->key == key) return s;
        if (s->key == 0) return NULL;
    }
}

/* ---- BPE ---- */

struct tok_sym {
    uint32_t id;
    int32_t prev, next; /* -1 = none */
    uint32_t len;       /* 0 = merged away */
};

void tok_bpe_work_release(struct tok_bpe_work *w)
{
    free(w->sym);
    free(w->heap);
    memset(w, 0, sizeof *w);
}

static int work_reserve(struct tok_bpe_work *w, size_t n)
{
    if (n > w->sym_cap) {
        size_t cap = n < 64 ? 64 : n;
        struct tok_sym *s = realloc(w->sym, cap * sizeof *s);
        if (!s) return PC_ENOMEM;
        w->sym = s;
        w->sym_cap = cap;
    }
    /* Each merge pushes at most two entries; the initial fill pushes n - 1. */
    size_t hneed = 3 * n + 4;
    if (hneed > w->heap_cap) {
        uint64_t *h = realloc(w->heap, hneed * sizeof *h);
        if (!h) return PC_ENOMEM;
        w->heap = h;
        w->heap_cap = hneed;
    }
    return PC_OK;
}

static inline void push_pair(const struct tok_mergemap *mm, struct tok_sym *sym, uint64_t *heap,
                             size_t *nh, int32_t pos)
{
    const struct tok_merge_slot *s = tok_mergemap_get(mm, sym[pos].id, sym[sym[pos].next].id);
    if (s) pc_heap64_push(heap, nh, (uint64_t)s->rank << 32 | (uint32_t)pos);
}

int tok_bpe_piece(const struct pc_tok *tok, struct tok_bpe_work *w, const unsigned char *p,
                  size_t n, struct pc_ids *out)
{
    if (n == 0) return PC_OK;
    if (n == 1) return tok_ids_push(out, tok->byte_id[p[0]]);
    if (tok->ignore_merges) {
        uint32_t id = tok_vocab_find(tok, p, n);
        if (id != TOK_NO_ID) return tok_ids_push(out, id);
    }
    if (n > INT32_MAX / 4) return PC_ETOOBIG;
    int rc = work_reserve(w, n);
    if (rc) return rc;
    struct tok_sym *sym = w->sym;
    uint64_t *heap = w->heap;
    size_t nh = 0;
    for (size_t i = 0; i < n; i++) {
        sym[i].id = tok->byte_id[p[i]];
        sym[i].prev = (int32_t)i - 1;
        sym[i].next = i + 1 < n ? (int32_t)i + 1 : -1;
        sym[i].len = 1;
    }
    const struct tok_mergemap *mm = &tok->merges;
    for (size_t i = 0; i + 1 < n; i++) push_pair(mm, sym, heap, &nh, (int32_t)i);

    /* HF Word::merge_all: pop the lowest (rank, position); skip entries whose symbol was merged
     * away, has no right neighbour any more, or whose current pair no longer yields the same
     * merged token; otherwise merge and queue the two new neighbouring pairs. */
    while (nh) {
        uint64_t top = pc_heap64_pop(heap, &nh);
        uint32_t rank = (uint32_t)(top >> 32);
        int32_t pos = (int32_t)(uint32_t)top;
        struct tok_sym *cur = &sym[pos];
        if (cur->len == 0 || cur->next < 0) continue;
        struct tok_sym *right = &sym[cur->next];
        const struct tok_merge_slot *s = tok_mergemap_get(mm, cur->id, right->id);
        if (!s || s->merged != mm->merged_of_rank[rank]) continue;
        cur->id = s->merged;
        cur->len += right->len;
        cur->next = right->next;
        right->len = 0;
        if (cur->next >= 0) sym[cur->next].prev = pos;
        if (cur->prev >= 0) push_pair(mm, sym, heap, &nh, cur->prev);
        if (cur->next >= 0) push_pair(mm, sym, heap, &nh, pos);
    }
    for (int32_t i = 0; i >= 0; i = sym[i].next)
        if ((rc = tok_ids_push(out, sym[i].id))) return rc;
    return PC_OK;
}
