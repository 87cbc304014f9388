/* MinHash signatures of texts for near-duplicate search (Broder 1997), computed in one
 * pass with one-permutation hashing and rotation densification (Li, Owen & Zhang 2012;
 * Shrivastava 2017): each word shingle is hashed once, its hash picks one of K buckets and
 * competes for that bucket's minimum; empty buckets borrow from the next non-empty one.
 * The fraction of equal buckets estimates the Jaccard similarity of the shingle sets.
 * Words are maximal runs of non-whitespace bytes, ASCII letters folded to lower case.
 * Pure functions, thread-safe. */
#ifndef PC_ASSESS_MINHASH_H
#define PC_ASSESS_MINHASH_H

#include <stddef.h>
#include <stdint.h>

enum { PC_MH_K = 64, PC_MH_BANDS = 16, PC_MH_ROWS = 4 };

struct pc_minhash {
    uint16_t v[PC_MH_K]; /* 16 bits of each bucket's minimum: 128 bytes per text */
};

/* Signature of text[0..len) over shingles of `words` consecutive words (>= 1), hashed with
 * seed. A text with fewer words than `words` is one shingle. Returns the number of
 * shingles (0 for a text without words: then every bucket is 0xFFFF). */
size_t pc_minhash_sig(const char *text, size_t len, int words, uint64_t seed,
                      struct pc_minhash *out);

/* Estimated Jaccard similarity: fraction of equal buckets, in [0, 1]. */
double pc_minhash_similarity(const struct pc_minhash *a, const struct pc_minhash *b);

/* Hash of band b (0..PC_MH_BANDS-1): PC_MH_ROWS consecutive buckets. Two texts are LSH
 * candidates when any band hash is equal; with 16 bands of 4 rows a pair of similarity s is
 * a candidate with probability 1 - (1 - s^4)^16 (0.9998 at s = 0.8, 0.64 at s = 0.5). */
uint64_t pc_minhash_band(const struct pc_minhash *m, int b);

/* 64-bit hash of bytes with a seed (also used for exact-duplicate keys). */
uint64_t pc_hash64(const void *p, size_t n, uint64_t seed);

/* pc_hash64 of a word of ASCII letters folded to lower case (each byte | 0x20), for words of
 * at most PC_WORDHASH_MAX bytes (longer ones: their first PC_WORDHASH_MAX), with the
 * seed-dependent first step precomputed: the same values as hashing a lower-cased copy with
 * pc_hash64, without the copy and one mixing step fewer. */
enum { PC_WORDHASH_MAX = 64 };
struct pc_wordhash {
    uint64_t start[PC_WORDHASH_MAX + 1];
};
void pc_wordhash_init(struct pc_wordhash *w, uint64_t seed);
uint64_t pc_wordhash_letters(const struct pc_wordhash *w, const char *s, size_t n);

#endif
