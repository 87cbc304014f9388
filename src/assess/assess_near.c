/* Near-duplicate and near-leakage search of an assessment (MinHash signatures + LSH
 * banding, see minhash.h), run by pc_assess_finish. */
#include <stdlib.h>
#include <string.h>

#include "assess/assess_int.h"
#include "core/error.h"

struct band_ent {
    uint64_t h;
    uint32_t idx;
};

/* Sorts be[0..n) by (h, idx) when the entries come in increasing idx order: a stable LSD
 * radix sort on h (11-bit digits; a digit all entries share is skipped), the order a
 * comparison sort by (h, idx) gives, at a fraction of its cost. tmp holds n entries. */
static void sort_band(struct band_ent *be, struct band_ent *tmp, size_t n)
{
    enum { BITS = 11, RADIX = 1 << BITS };
    size_t count[RADIX];
    struct band_ent *src = be, *dst = tmp;
    for (int shift = 0; shift < 64; shift += BITS) {
        memset(count, 0, sizeof count);
        for (size_t i = 0; i < n; i++) count[(src[i].h >> shift) & (RADIX - 1)]++;
        if (n && count[(src[0].h >> shift) & (RADIX - 1)] == n) continue;
        size_t sum = 0;
        for (size_t d = 0; d < RADIX; d++) {
            size_t c = count[d];
            count[d] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++) dst[count[(src[i].h >> shift) & (RADIX - 1)]++] = src[i];
        struct band_ent *t = src;
        src = dst;
        dst = t;
    }
    if (src != be) memcpy(be, src, n * sizeof *be);
}

static uint32_t uf_find(uint32_t *p, uint32_t x)
{
    while (p[x] != x) {
        p[x] = p[p[x]];
        x = p[x];
    }
    return x;
}

/* Near duplicates within one part: i and j join one group when similar enough. */
static void near_pair(struct pc_assess *a, uint32_t *parent, uint32_t i, uint32_t j)
{
    if (i == j) return;
    double s = pc_minhash_similarity(&a->sigs[i], &a->sigs[j]);
    if (s < a->o.threshold) return;
    uint32_t ri = uf_find(parent, i), rj = uf_find(parent, j);
    if (ri == rj) return;
    if (ri < rj)
        parent[rj] = ri;
    else
        parent[ri] = rj;
    uint32_t later = i > j ? i : j, first = i > j ? j : i;
    if (a->dup_near.nex < a->o.examples) {
        struct pc_as_ex *e = &a->dup_near.ex[a->dup_near.nex++];
        memset(e, 0, sizeof *e);
        e->part = e->part2 = a->sig_part[i];
        e->line = a->sig_line[later];
        e->line2 = a->sig_line[first];
        e->value = s;
    }
}

struct sig_ref {
    const struct pc_minhash *sig;
    uint32_t idx;
};

static int cmp_sig_ref(const void *x, const void *y)
{
    const struct sig_ref *a = x, *b = y;
    int c = memcmp(a->sig, b->sig, sizeof *a->sig);
    return c ? c : (a->idx < b->idx ? -1 : a->idx > b->idx);
}

/* Near leakage in one LSH bucket: every test/validation member not yet known to leak is
 * verified against every train member of the bucket (train members with equal signatures
 * once), so an identical twin is never missed because another train record came first. */
static void near_leaks(struct pc_assess *a, const struct band_ent *be, size_t g, size_t e,
                       struct sig_ref *train, uint8_t *leaked)
{
    size_t nt = 0, need = 0;
    for (size_t k = g; k < e; k++) {
        uint32_t idx = be[k].idx;
        if (a->sig_part[idx] == PC_PART_MAIN)
            train[nt++] = (struct sig_ref){&a->sigs[idx], idx};
        else
            need += !leaked[idx];
    }
    if (!nt || !need) return;
    qsort(train, nt, sizeof *train, cmp_sig_ref);
    size_t nu = 1; /* distinct signatures only (a big cluster of copies is one comparison) */
    for (size_t r = 1; r < nt; r++)
        if (memcmp(train[r].sig, train[nu - 1].sig, sizeof *train[r].sig)) train[nu++] = train[r];
    for (size_t k = g; k < e; k++) {
        uint32_t t = be[k].idx;
        if (a->sig_part[t] == PC_PART_MAIN || leaked[t]) continue;
        for (size_t r = 0; r < nu; r++) {
            double s = pc_minhash_similarity(&a->sigs[t], train[r].sig);
            if (s < a->o.threshold) continue;
            leaked[t] = 1;
            if (a->leak_near.nex < a->o.examples) {
                struct pc_as_ex *x = &a->leak_near.ex[a->leak_near.nex++];
                memset(x, 0, sizeof *x);
                x->part = a->sig_part[t];
                x->line = a->sig_line[t];
                x->part2 = PC_PART_MAIN;
                x->line2 = a->sig_line[train[r].idx];
                x->value = s;
            }
            break;
        }
    }
}

int pc_as_near_dups(struct pc_assess *a)
{
    size_t n = a->nsig;
    struct band_ent *be = malloc((n ? n : 1) * sizeof *be);
    struct band_ent *tmp = malloc((n ? n : 1) * sizeof *tmp);
    struct sig_ref *train = malloc((n ? n : 1) * sizeof *train);
    uint32_t *parent = malloc((n ? n : 1) * sizeof *parent);
    uint8_t *leaked = calloc(n ? n : 1, 1);
    if (!be || !tmp || !train || !parent || !leaked) {
        free(be);
        free(tmp);
        free(train);
        free(parent);
        free(leaked);
        return PC_ENOMEM;
    }
    for (uint32_t i = 0; i < n; i++) parent[i] = i;
    for (int b = 0; b < PC_MH_BANDS && n > 1; b++) {
        for (uint32_t i = 0; i < n; i++)
            be[i] = (struct band_ent){pc_minhash_band(&a->sigs[i], b), i};
        sort_band(be, tmp, n);
        for (size_t g = 0; g < n;) {
            size_t e = g + 1;
            while (e < n && be[e].h == be[g].h) e++;
            if (e - g > 1) {
                /* near duplicates: each member against the first member of its own part */
                int64_t first[PC_PART_COUNT] = {-1, -1, -1};
                for (size_t k = g; k < e; k++) {
                    uint32_t idx = be[k].idx;
                    uint8_t p = a->sig_part[idx];
                    if (first[p] < 0)
                        first[p] = idx;
                    else
                        near_pair(a, parent, (uint32_t)first[p], idx);
                }
                if (a->mode == PC_ASSESS_SPLIT) near_leaks(a, be, g, e, train, leaked);
            }
            g = e;
        }
    }
    /* exact duplicates within a part are near duplicates too, even when their bucket's first
     * member was another record: join equal bodies (be[] reused as (part, body) order) */
    for (uint32_t i = 0; i < n; i++)
        be[i] = (struct band_ent){a->sig_key[i] ^ ((uint64_t)a->sig_part[i] << 62), i};
    sort_band(be, tmp, n);
    for (size_t k = 1; k < n; k++) {
        uint32_t x = be[k - 1].idx, y = be[k].idx;
        if (be[k].h != be[k - 1].h || a->sig_part[x] != a->sig_part[y] ||
            a->sig_key[x] != a->sig_key[y])
            continue;
        uint32_t rx = uf_find(parent, x), ry = uf_find(parent, y);
        if (rx < ry)
            parent[ry] = rx;
        else if (ry < rx)
            parent[rx] = ry;
    }
    for (uint32_t i = 0; i < n; i++)
        if (uf_find(parent, i) != i) a->dup_near.count++;
    /* near leakage includes every exact leak: an indexed test/validation record whose body
     * is in train counts even when its signature was never compared; exact leaks among
     * records beyond --near-max count too */
    uint64_t exact_indexed = 0;
    for (uint32_t i = 0; i < n && a->mode == PC_ASSESS_SPLIT; i++) {
        if (a->sig_part[i] == PC_PART_MAIN) continue;
        int64_t slot = pc_as_set_get(&a->bodies, a->sig_key[i]);
        if (slot >= 0 && (a->bodies.mask[slot] & 1)) {
            exact_indexed++;
            leaked[i] = 1;
        }
        a->leak_near.count += leaked[i];
    }
    a->leak_near.count += a->leak_exact.count - exact_indexed;
    free(be);
    free(tmp);
    free(train);
    free(parent);
    free(leaked);
    return PC_OK;
}
