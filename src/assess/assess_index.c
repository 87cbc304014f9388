/* The assessment's indexes (see assess_int.h): the open-addressing hash set of keys (ASINs,
 * prompt bodies) and the Bloom filter of the words seen, which tells a cut word from a whole
 * one. */
#include <stdlib.h>
#include <string.h>

#include "assess/assess_int.h"
#include "core/error.h"

/* A key's first slot: the key (a 64-bit hash) scaled to [0, cap), so that cap need not be a
 * power of two and a set takes the memory its keys need (at 0.7 full) rather than up to twice
 * that. */
static size_t home(uint64_t key, size_t cap)
{
    uint64_t h = key * 0x9e3779b97f4a7c15ULL; /* keys are hashes; mixed again all the same, */
    h ^= h >> 32;                             /* so that any key spreads over the slots */
    return (size_t)(((unsigned __int128)h * cap) >> 64);
}

static size_t next(size_t j, size_t cap)
{
    return j + 1 == cap ? 0 : j + 1;
}

/* Slots for n keys at most 0.7 full (a multiple of 64, at least 1024). */
static size_t cap_for(size_t n)
{
    size_t cap = (n + 1) * 10 / 7 + 1;
    cap = (cap + 63) & ~(size_t)63;
    return cap < 1024 ? 1024 : cap;
}

/* Moves s's keys into tables of cap slots. PC_ENOMEM (s unchanged). */
static int set_resize(struct pc_as_set *s, size_t cap)
{
    uint64_t *k = calloc(cap, sizeof *k);
    int64_t *l = malloc(cap * sizeof *l);
    uint8_t *m = malloc(cap);
    uint32_t *t = s->with_tv ? malloc(cap * 2 * sizeof *t) : NULL;
    if (!k || !l || !m || (s->with_tv && !t)) {
        free(k);
        free(l);
        free(m);
        free(t);
        return PC_ENOMEM;
    }
    for (size_t i = 0; i < s->cap; i++) {
        if (!s->keys[i]) continue;
        size_t j = home(s->keys[i], cap);
        while (k[j]) j = next(j, cap);
        k[j] = s->keys[i];
        l[j] = s->lines[i];
        m[j] = s->mask[i];
        if (t) memcpy(t + 2 * j, s->ntv + 2 * i, 2 * sizeof *t);
    }
    size_t n = s->n;
    pc_as_set_release(s);
    s->keys = k;
    s->lines = l;
    s->mask = m;
    s->ntv = t;
    s->cap = cap;
    s->n = n;
    return PC_OK;
}

void pc_as_set_release(struct pc_as_set *s)
{
    free(s->keys);
    free(s->lines);
    free(s->mask);
    free(s->ntv);
    *s = (struct pc_as_set){.with_tv = s->with_tv}; /* empty, of the same kind */
}

int pc_as_set_reserve(struct pc_as_set *s, size_t n)
{
    size_t cap = cap_for(n);
    return s->cap >= cap ? PC_OK : set_resize(s, cap);
}

int pc_as_set_put(struct pc_as_set *s, uint64_t key, size_t *slot, int *found)
{
    if (key == 0) key = 1;
    /* full: grow by half (a set that ends just past a growth wastes less than with doubling) */
    if ((s->n + 1) * 10 > s->cap * 7 && set_resize(s, s->cap ? cap_for(s->n + s->n / 2) : 1024))
        return PC_ENOMEM;
    size_t j = home(key, s->cap);
    while (s->keys[j] && s->keys[j] != key) j = next(j, s->cap);
    *found = s->keys[j] == key;
    if (!*found) {
        s->keys[j] = key;
        s->mask[j] = 0;
        s->lines[j] = 0;
        if (s->ntv) s->ntv[2 * j] = s->ntv[2 * j + 1] = 0;
        s->n++;
    }
    *slot = j;
    return PC_OK;
}

/* the first slot pc_as_set_put / pc_as_set_get probe for key */
static void set_prefetch(const struct pc_as_set *s, uint64_t key)
{
    if (!s->cap) return;
    size_t j = home(key ? key : 1, s->cap);
    __builtin_prefetch(&s->keys[j], 1);
    __builtin_prefetch(&s->lines[j], 1);
    __builtin_prefetch(&s->mask[j], 1);
    if (s->ntv) __builtin_prefetch(&s->ntv[2 * j], 1);
}

void pc_assess_prefetch(const struct pc_assess *a, const struct pc_assess_prep *p)
{
    if (a->mode == PC_ASSESS_ITEMS && p->key_f >= 0) set_prefetch(&a->asins, p->key_hash);
    if (p->has_body) set_prefetch(&a->bodies, p->body_hash);
}

int64_t pc_as_set_get(const struct pc_as_set *s, uint64_t key)
{
    if (key == 0) key = 1;
    if (!s->cap) return -1;
    size_t j = home(key, s->cap);
    while (s->keys[j] && s->keys[j] != key) j = next(j, s->cap);
    return s->keys[j] == key ? (int64_t)j : -1;
}

static void bloom_hashes(uint64_t h, uint64_t idx[4])
{
    uint64_t h2 = (h >> 32) | (h << 32);
    for (int i = 0; i < 4; i++)
        idx[i] = (h + (uint64_t)i * (h2 | 1)) & (((uint64_t)1 << PC_AS_BLOOM_BITS_LOG2) - 1);
}

/* shared: several threads may add to one filter at once (pc_assess_prepare), so the bits
 * are set atomically; the result is the same in any order */
static void bloom_add(uint8_t *b, uint64_t h, int shared)
{
    uint64_t idx[4];
    bloom_hashes(h, idx);
    for (int i = 0; i < 4; i++) {
        uint8_t bit = (uint8_t)(1u << (idx[i] & 7));
        if (shared) { /* a locked OR only when the bit is not set yet */
            if (!(__atomic_load_n(&b[idx[i] >> 3], __ATOMIC_RELAXED) & bit))
                __atomic_fetch_or(&b[idx[i] >> 3], bit, __ATOMIC_RELAXED);
        } else
            b[idx[i] >> 3] |= bit;
    }
}

int pc_as_bloom_has(const uint8_t *b, uint64_t h)
{
    uint64_t idx[4];
    bloom_hashes(h, idx);
    for (int i = 0; i < 4; i++)
        if (!(b[idx[i] >> 3] & (1u << (idx[i] & 7)))) return 0;
    return 1;
}

uint64_t pc_as_word_hash(const struct pc_assess *a, const char *s, size_t n)
{
    return pc_wordhash_letters(&a->wordhash, s, n); /* pc_hash64 of the lower-cased word, seed 7 */
}

/* Adds a whole word to the Bloom filter. Words repeat: a short word added recently (a
 * direct-mapped table of words, by bytes and length, that stays in cache) is neither hashed
 * nor added again, which saves the hashing and the filter's cache misses and changes
 * nothing (adding is idempotent). */
static void bloom_add_word(const struct pc_assess *a, uint64_t *recent, int shared, const char *s,
                           size_t n)
{
    uint64_t key = 0, *r = NULL;
    if (n <= 7) {
        for (size_t k = 0; k < n; k++) key |= (uint64_t)(unsigned char)s[k] << (8 * k);
        key |= (uint64_t)n << 56;
        r = &recent[(key * 0x9e3779b97f4a7c15ULL) >> (64 - PC_AS_RECENT_LOG2)];
        if (*r == key) return;
    }
    bloom_add(a->bloom, pc_as_word_hash(a, s, n), shared);
    if (r) *r = key;
}

void pc_as_bloom_words(const struct pc_assess *a, uint64_t *recent, int shared, const char *b,
                       size_t n)
{
    size_t i = 0;
    while (i < n) {
        while (i < n && !pc_as_is_letter((unsigned char)b[i])) i++;
        size_t st = i;
        while (i < n && pc_as_is_letter((unsigned char)b[i])) i++;
        if (i > st && i < n) bloom_add_word(a, recent, shared, b + st, i - st);
    }
}
