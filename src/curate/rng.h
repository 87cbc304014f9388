/* Random streams that reproduce numpy's legacy global generator and CPython's `random`
 * module bit for bit (SPEC §8). Both are the 32-bit Mersenne Twister MT19937; they differ in
 * seeding and in how outputs become integers, doubles and choices.
 *
 * A struct pc_mt is a plain value (no allocation): copy it to fork a stream. Not
 * thread-safe; one owner at a time. */
#ifndef PC_CURATE_RNG_H
#define PC_CURATE_RNG_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

struct pc_mt {
    uint32_t state[624];
    int index; /* next word of state to temper; 624 = regenerate first */
};

/* numpy `np.random.seed(seed)` (legacy RandomState): init_genrand(seed), Knuth's
 * single-integer initialisation (SPEC §8.1). */
void pc_mt_seed_np(struct pc_mt *mt, uint32_t seed);

/* MT19937 init_by_array(key[0..n)) (n >= 1). */
void pc_mt_seed_array(struct pc_mt *mt, const uint32_t *key, size_t n);

/* CPython `random.seed(seed)` for a non-negative integer seed: init_by_array over the
 * 32-bit words of seed, least significant first ([0] for 0). */
void pc_mt_seed_py(struct pc_mt *mt, uint64_t seed);

/* Next tempered 32-bit output. */
uint32_t pc_mt_next(struct pc_mt *mt);

/* A double in [0, 1) from two outputs: numpy random_sample() and CPython random() agree:
 * ((a >> 5) * 67108864 + (b >> 6)) / 2^53. */
double pc_mt_double(struct pc_mt *mt);

/* CPython getrandbits(k), 1 <= k <= 64: 32-bit words least significant first, the last
 * (most significant) word shifted right to keep k bits. */
uint64_t pc_py_getrandbits(struct pc_mt *mt, int k);

/* CPython Random._randbelow(n) for n >= 1: rejection sampling on getrandbits(bit_length(n)).
 * Returns 0 for n == 0 without consuming output (CPython would raise; callers check). */
uint64_t pc_py_randbelow(struct pc_mt *mt, uint64_t n);

/* CPython randrange(start, stop) with stop > start: start + randbelow(stop - start). */
int64_t pc_py_randrange(struct pc_mt *mt, int64_t start, int64_t stop);

/* CPython random.shuffle(x) on x[0..n): for i = n-1 down to 1, swap x[i] and
 * x[randbelow(i + 1)]. Modifies x in place. */
void pc_py_shuffle_u32(struct pc_mt *mt, uint32_t *x, size_t n);

/* numpy legacy `choice(n, k, replace=False, p=p)` (SPEC §8.2): writes k distinct indices
 * into out[0..k) in the order drawn. p[0..n) are probabilities (numpy expects them to sum to
 * 1; we do not check that); p is copied, not modified. Consumes exactly what numpy consumes,
 * so the stream continues identically. Errors: PC_EINVAL when k > n, when a p is negative or
 * not finite, or when fewer than k entries of p are non-zero (numpy raises ValueError);
 * PC_ENOMEM. */
int pc_np_choice(struct pc_mt *mt, const double *p, size_t n, size_t k, uint32_t *out,
                 struct pc_error *err);

#endif
