#include "assess/minhash.h"

#include <string.h>

static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 33)) * 0xff51afd7ed558ccdULL;
    z = (z ^ (z >> 33)) * 0xc4ceb9fe1a85ec53ULL;
    return z ^ (z >> 33);
}

uint64_t pc_hash64(const void *p, size_t n, uint64_t seed)
{
    /* FNV-1a over 8-byte words, finished with a strong mixer */
    const unsigned char *s = p;
    uint64_t h = 0xcbf29ce484222325ULL ^ mix64(seed + n);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = (h ^ mix64(w)) * 0x100000001b3ULL;
    }
    uint64_t w = 0;
    for (size_t k = 0; i < n; i++, k++) w |= (uint64_t)s[i] << (8 * k);
    h = (h ^ mix64(w ^ 0x9e3779b97f4a7c15ULL)) * 0x100000001b3ULL;
    return mix64(h);
}

/* ASCII upper-case letters of the 8 bytes in x turned to lower case, every other byte kept */
static uint64_t lower8(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
    uint64_t h7 = x & ~high;
    uint64_t ge_a = h7 + ones * (0x80 - 'A'); /* bit 7 set where the byte is >= 'A' */
    uint64_t gt_z = h7 + ones * (0x80 - 'Z' - 1);
    uint64_t upper = ge_a & ~gt_z & ~x & high;
    return x | (upper >> 2);
}

/* pc_hash64 of the lower-cased s[0..n) (ASCII letters folded, as the callers' copies did),
 * start = its first step for (seed, n): 0xcbf29ce484222325 ^ mix64(seed + n). */
static uint64_t hash_lower(const unsigned char *s, size_t n, uint64_t start, int letters_only)
{
    uint64_t h = start;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        w = letters_only ? w | 0x2020202020202020ULL : lower8(w);
        h = (h ^ mix64(w)) * 0x100000001b3ULL;
    }
    uint64_t w = 0;
    for (size_t k = 0; i < n; i++, k++) {
        unsigned char c = s[i];
        if (letters_only)
            c |= 0x20;
        else if (c >= 'A' && c <= 'Z')
            c += 32;
        w |= (uint64_t)c << (8 * k);
    }
    h = (h ^ mix64(w ^ 0x9e3779b97f4a7c15ULL)) * 0x100000001b3ULL;
    return mix64(h);
}

void pc_wordhash_init(struct pc_wordhash *w, uint64_t seed)
{
    for (size_t n = 0; n <= PC_WORDHASH_MAX; n++)
        w->start[n] = 0xcbf29ce484222325ULL ^ mix64(seed + n);
}

uint64_t pc_wordhash_letters(const struct pc_wordhash *w, const char *s, size_t n)
{
    if (n > PC_WORDHASH_MAX) n = PC_WORDHASH_MAX;
    return hash_lower((const unsigned char *)s, n, w->start[n], 1);
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static void offer(uint64_t *mins, uint64_t h)
{
    size_t b = (size_t)(h >> 58); /* top 6 bits: bucket of 64 */
    uint64_t v = h & 0x03FFFFFFFFFFFFFFULL;
    if (v < mins[b]) mins[b] = v;
}

size_t pc_minhash_sig(const char *text, size_t len, int words, uint64_t seed,
                      struct pc_minhash *out)
{
    if (words < 1) words = 1;
    if (words > 16) words = 16;
    uint64_t mins[PC_MH_K];
    for (int i = 0; i < PC_MH_K; i++) mins[i] = UINT64_MAX;
    uint64_t ring[16];
    size_t nwords = 0, shingles = 0, pos = 0;
    const unsigned char *s = (const unsigned char *)text;
    /* the first step of each word's hash, by length (the seed is the same for every word) */
    static _Thread_local struct pc_wordhash starts;
    static _Thread_local uint64_t starts_seed;
    static _Thread_local int starts_ok;
    const uint64_t wh0 = mix64(seed ^ 0x5bd1e995ULL);
    /* hashes of recent short words (key: the word's bytes and length; 0 = empty): words
     * repeat, and a table look-up is cheaper than hashing */
    enum { CACHE = 4096 };
    static _Thread_local struct {
        uint64_t key, h;
    } cache[CACHE];
    if (!starts_ok || starts_seed != wh0) {
        pc_wordhash_init(&starts, wh0);
        memset(cache, 0, sizeof cache);
        starts_seed = wh0;
        starts_ok = 1;
    }
    for (size_t i = 0; i < len;) {
        while (i < len && is_space(s[i])) i++;
        if (i >= len) break;
        size_t st = i;
        while (i < len && !is_space(s[i])) i++;
        /* hash the lower-cased word in chunks of 256 bytes, each seeded with the last */
        uint64_t wh = wh0, key = 0;
        size_t slot = 0;
        if (i - st <= 7) {
            for (size_t k = st; k < i; k++) key |= (uint64_t)s[k] << (8 * (k - st));
            key |= (uint64_t)(i - st) << 56;
            slot = (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 52);
            if (cache[slot].key == key) {
                wh = cache[slot].h;
                goto hashed;
            }
        }
        for (size_t k = st; k < i; k += 256) {
            size_t m = i - k < 256 ? i - k : 256;
            uint64_t start = k == st && m <= PC_WORDHASH_MAX
                                 ? starts.start[m]
                                 : 0xcbf29ce484222325ULL ^ mix64(wh + m);
            wh = hash_lower(s + k, m, start, 0);
        }
        if (key) {
            cache[slot].key = key;
            cache[slot].h = wh;
        }
    hashed:
        ring[pos] = wh; /* pos == nwords % words, kept without a division */
        if (++pos == (size_t)words) pos = 0;
        nwords++;
        if (nwords >= (size_t)words) {
            /* the last `words` hashes, oldest first: the oldest sits where the next goes */
            uint64_t h = seed * 0x9e3779b97f4a7c15ULL;
            size_t at = pos;
            for (size_t t = 0; t < (size_t)words; t++) {
                h = mix64(h ^ ring[at]) + t;
                if (++at == (size_t)words) at = 0;
            }
            offer(mins, mix64(h));
            shingles++;
        }
    }
    if (shingles == 0 && nwords > 0) {
        uint64_t h = seed * 0x9e3779b97f4a7c15ULL;
        for (size_t k = 0; k < nwords; k++) h = mix64(h ^ ring[k]) + k;
        offer(mins, mix64(h));
        shingles = 1;
    }
    if (shingles == 0) {
        for (int i = 0; i < PC_MH_K; i++) out->v[i] = 0xFFFF;
        return 0;
    }
    /* densify: an empty bucket takes the next non-empty bucket's value (circularly), mixed
     * with the distance so different empty buckets do not all agree by construction */
    for (int b = 0; b < PC_MH_K; b++) {
        uint64_t v = mins[b];
        int d = 0;
        while (v == UINT64_MAX) {
            d++;
            v = mins[(b + d) % PC_MH_K];
        }
        out->v[b] = (uint16_t)(mix64(v + (uint64_t)d * 0x9e3779b97f4a7c15ULL) >> 48);
    }
    return shingles;
}

double pc_minhash_similarity(const struct pc_minhash *a, const struct pc_minhash *b)
{
    int eq = 0;
    for (int i = 0; i < PC_MH_K; i++) eq += a->v[i] == b->v[i];
    return (double)eq / PC_MH_K;
}

uint64_t pc_minhash_band(const struct pc_minhash *m, int b)
{
    return pc_hash64(m->v + b * PC_MH_ROWS, PC_MH_ROWS * sizeof m->v[0], (uint64_t)b + 1);
}
