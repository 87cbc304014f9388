/* MT19937 with numpy's and CPython's seeding and sampling rules (SPEC §8). */
#include "curate/rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { MT_N = 624, MT_M = 397 };

void pc_mt_seed_np(struct pc_mt *mt, uint32_t seed)
{
    mt->state[0] = seed;
    for (int i = 1; i < MT_N; i++) {
        uint32_t prev = mt->state[i - 1];
        mt->state[i] = 1812433253u * (prev ^ (prev >> 30)) + (uint32_t)i;
    }
    mt->index = MT_N;
}

void pc_mt_seed_array(struct pc_mt *mt, const uint32_t *key, size_t n)
{
    pc_mt_seed_np(mt, 19650218u);
    uint32_t *s = mt->state;
    size_t i = 1, j = 0;
    for (size_t k = (MT_N > n ? MT_N : n); k; k--) {
        s[i] = (s[i] ^ ((s[i - 1] ^ (s[i - 1] >> 30)) * 1664525u)) + key[j] + (uint32_t)j;
        i++;
        j++;
        if (i >= MT_N) {
            s[0] = s[MT_N - 1];
            i = 1;
        }
        if (j >= n) j = 0;
    }
    for (size_t k = MT_N - 1; k; k--) {
        s[i] = (s[i] ^ ((s[i - 1] ^ (s[i - 1] >> 30)) * 1566083941u)) - (uint32_t)i;
        i++;
        if (i >= MT_N) {
            s[0] = s[MT_N - 1];
            i = 1;
        }
    }
    s[0] = 0x80000000u; /* MSB is 1, assuring a non-zero initial array */
    mt->index = MT_N;
}

void pc_mt_seed_py(struct pc_mt *mt, uint64_t seed)
{
    uint32_t key[2] = {(uint32_t)seed, (uint32_t)(seed >> 32)};
    pc_mt_seed_array(mt, key, key[1] ? 2 : 1);
}

static void mt_generate(struct pc_mt *mt)
{
    uint32_t *s = mt->state;
    for (int i = 0; i < MT_N; i++) {
        uint32_t y = (s[i] & 0x80000000u) | (s[(i + 1) % MT_N] & 0x7fffffffu);
        s[i] = s[(i + MT_M) % MT_N] ^ (y >> 1) ^ ((y & 1u) ? 0x9908b0dfu : 0u);
    }
    mt->index = 0;
}

uint32_t pc_mt_next(struct pc_mt *mt)
{
    if (mt->index >= MT_N) mt_generate(mt);
    uint32_t y = mt->state[mt->index++];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= y >> 18;
    return y;
}

double pc_mt_double(struct pc_mt *mt)
{
    uint32_t a = pc_mt_next(mt) >> 5, b = pc_mt_next(mt) >> 6;
    return ((double)a * 67108864.0 + (double)b) / 9007199254740992.0;
}

uint64_t pc_py_getrandbits(struct pc_mt *mt, int k)
{
    if (k <= 0) return 0;
    if (k > 64) k = 64;
    uint64_t r = 0;
    for (int shift = 0; k > 0; shift += 32, k -= 32) {
        uint32_t w = pc_mt_next(mt);
        if (k < 32) w >>= 32 - k;
        r |= (uint64_t)w << shift;
    }
    return r;
}

uint64_t pc_py_randbelow(struct pc_mt *mt, uint64_t n)
{
    if (n == 0) return 0;
    int k = 0;
    for (uint64_t v = n; v; v >>= 1) k++;
    uint64_t r = pc_py_getrandbits(mt, k);
    while (r >= n) r = pc_py_getrandbits(mt, k);
    return r;
}

int64_t pc_py_randrange(struct pc_mt *mt, int64_t start, int64_t stop)
{
    return start + (int64_t)pc_py_randbelow(mt, (uint64_t)(stop - start));
}

void pc_py_shuffle_u32(struct pc_mt *mt, uint32_t *x, size_t n)
{
    for (size_t i = n; i-- > 1;) {
        size_t j = (size_t)pc_py_randbelow(mt, (uint64_t)i + 1);
        uint32_t t = x[i];
        x[i] = x[j];
        x[j] = t;
    }
}

/* First index i with cdf[i] > x (numpy searchsorted side='right'); cdf is non-decreasing. */
static size_t search_right(const double *cdf, size_t n, double x)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cdf[mid] <= x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int pc_np_choice(struct pc_mt *mt, const double *p, size_t n, size_t k, uint32_t *out,
                 struct pc_error *err)
{
    if (k > n)
        return pc_error_set(err, PC_EINVAL,
                            "cannot take a larger sample (%zu) than population (%zu)", k, n);
    if (n > UINT32_MAX) return pc_error_set(err, PC_EINVAL, "population too large (%zu)", n);
    size_t nonzero = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(p[i] >= 0) || !isfinite(p[i]))
            return pc_error_set(err, PC_EINVAL, "probabilities are not non-negative");
        nonzero += p[i] > 0;
    }
    if (nonzero < k)
        return pc_error_set(err, PC_EINVAL, "fewer non-zero entries in p (%zu) than size (%zu)",
                            nonzero, k);
    if (k == 0) return PC_OK;

    double *q = malloc(n * sizeof *q), *cdf = malloc(n * sizeof *cdf);
    double *x = malloc(k * sizeof *x);
    uint32_t *round_of = calloc(n, sizeof *round_of); /* round that last drew index, 0 = never */
    if (!q || !cdf || !x || !round_of) {
        free(q), free(cdf), free(x), free(round_of);
        return pc_error_set(err, PC_ENOMEM, "out of memory drawing %zu of %zu items", k, n);
    }
    memcpy(q, p, n * sizeof *q);
    size_t found = 0;
    for (uint32_t round = 1; found < k; round++) {
        size_t m = k - found;
        for (size_t j = 0; j < m; j++) x[j] = pc_mt_double(mt); /* drawn before zeroing */
        for (size_t f = 0; f < found; f++) q[out[f]] = 0.0;
        double acc = 0.0;
        for (size_t i = 0; i < n; i++) {
            acc += q[i];
            cdf[i] = acc;
        }
        double last = cdf[n - 1];
        for (size_t i = 0; i < n; i++) cdf[i] /= last;
        for (size_t j = 0; j < m; j++) {
            size_t idx = search_right(cdf, n, x[j]);
            if (idx >= n) idx = n - 1; /* unreachable: cdf[n-1] == 1.0 > x */
            if (round_of[idx] == round) continue;
            /* an index drawn in an earlier round has q == 0 and cannot be hit again */
            round_of[idx] = round;
            out[found++] = (uint32_t)idx;
        }
    }
    free(q), free(cdf), free(x), free(round_of);
    return PC_OK;
}
