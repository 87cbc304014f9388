/* A binary min-heap of uint64_t keys in a caller-owned array (the BPE merge loops keep
 * rank << 32 | position in it, so the lowest rank, then the leftmost position, comes first).
 * The caller sizes h; n is the number of keys held. Not thread-safe; no allocation. */
#ifndef PC_CORE_HEAP64_H
#define PC_CORE_HEAP64_H

#include <stddef.h>
#include <stdint.h>

/* Adds v. h must have room for *n + 1 keys. */
static inline void pc_heap64_push(uint64_t *h, size_t *n, uint64_t v)
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

/* Removes and returns the smallest key. *n must be > 0. */
static inline uint64_t pc_heap64_pop(uint64_t *h, size_t *n)
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

#endif
