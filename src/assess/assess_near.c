/* Near-duplicate and near-leakage search of an assessment (MinHash signatures + LSH
 * banding, see minhash.h), run by pc_assess_finish. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "assess/assess_int.h"
#include "core/clock.h"
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

/* What one task finds, in the order the sequential search meets it. A band task: the near
 * pairs (a bucket member and the first member of its part in the bucket) at least threshold
 * similar, and the test/validation records with a train member of the bucket at least that
 * similar (the first in (signature, index) order). The exact task: adjacent records of one
 * part with equal bodies (s < 0). The union-find, the leaked flags and the examples are then
 * replayed from these lists in band order on the calling thread, so the findings are those of
 * one thread working band after band. */
struct hit {
    uint32_t i, j;
    double s;
};

struct hits {
    struct hit *v;
    size_t n, cap;
};

static int hits_push(struct hits *h, uint32_t i, uint32_t j, double s)
{
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 256;
        struct hit *v = realloc(h->v, cap * sizeof *v);
        if (!v) return PC_ENOMEM;
        h->v = v;
        h->cap = cap;
    }
    h->v[h->n++] = (struct hit){i, j, s};
    return PC_OK;
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

/* One thread's buffers (n entries each) and its task's findings. */
struct task {
    const struct pc_assess *a;
    const uint8_t *leaked; /* as of the round's start: read only while tasks run */
    int band;              /* PC_MH_BANDS: the exact-duplicate task */
    struct band_ent *be, *tmp;
    struct sig_ref *train;
    struct hits pairs, leaks;
    int rc;
    pthread_t th;
};

/* Near leakage in one LSH bucket: every test/validation member not known to leak is verified
 * against every train member of the bucket (train members with equal signatures once), so an
 * identical twin is never missed because another train record came first. */
static int near_leaks(struct task *t, size_t g, size_t e)
{
    const struct pc_assess *a = t->a;
    const struct band_ent *be = t->be;
    struct sig_ref *train = t->train;
    size_t nt = 0, need = 0;
    for (size_t k = g; k < e; k++) {
        uint32_t idx = be[k].idx;
        if (a->sig_part[idx] == PC_PART_MAIN)
            train[nt++] = (struct sig_ref){&a->sigs[idx], idx};
        else
            need += !t->leaked[idx];
    }
    if (!nt || !need) return PC_OK;
    qsort(train, nt, sizeof *train, cmp_sig_ref);
    size_t nu = 1; /* distinct signatures only (a big cluster of copies is one comparison) */
    for (size_t r = 1; r < nt; r++)
        if (memcmp(train[r].sig, train[nu - 1].sig, sizeof *train[r].sig)) train[nu++] = train[r];
    for (size_t k = g; k < e; k++) {
        uint32_t x = be[k].idx;
        if (a->sig_part[x] == PC_PART_MAIN || t->leaked[x]) continue;
        for (size_t r = 0; r < nu; r++) {
            double s = pc_minhash_similarity(&a->sigs[x], train[r].sig);
            if (s < a->o.threshold) continue;
            if (hits_push(&t->leaks, x, train[r].idx, s)) return PC_ENOMEM;
            break;
        }
    }
    return PC_OK;
}

static int run_band(struct task *t)
{
    const struct pc_assess *a = t->a;
    size_t n = a->nsig;
    struct band_ent *be = t->be;
    for (uint32_t i = 0; i < n; i++)
        be[i] = (struct band_ent){pc_minhash_band(&a->sigs[i], t->band), i};
    sort_band(be, t->tmp, n);
    for (size_t g = 0; g < n;) {
        size_t e = g + 1;
        while (e < n && be[e].h == be[g].h) e++;
        if (e - g > 1) {
            /* near duplicates: each member against the first member of its own part */
            int64_t first[PC_PART_COUNT] = {-1, -1, -1};
            for (size_t k = g; k < e; k++) {
                uint32_t idx = be[k].idx;
                uint8_t p = a->sig_part[idx];
                if (first[p] < 0) {
                    first[p] = idx;
                    continue;
                }
                double s = pc_minhash_similarity(&a->sigs[first[p]], &a->sigs[idx]);
                if (s >= a->o.threshold && hits_push(&t->pairs, (uint32_t)first[p], idx, s))
                    return PC_ENOMEM;
            }
            if (a->mode == PC_ASSESS_SPLIT && near_leaks(t, g, e)) return PC_ENOMEM;
        }
        g = e;
    }
    return PC_OK;
}

/* exact duplicates within a part are near duplicates too, even when their bucket's first
 * member was another record: equal bodies of a part, sorted by (part, body) */
static int run_exact(struct task *t)
{
    const struct pc_assess *a = t->a;
    size_t n = a->nsig;
    struct band_ent *be = t->be;
    for (uint32_t i = 0; i < n; i++)
        be[i] = (struct band_ent){a->sig_key[i] ^ ((uint64_t)a->sig_part[i] << 62), i};
    sort_band(be, t->tmp, n);
    for (size_t k = 1; k < n; k++) {
        uint32_t x = be[k - 1].idx, y = be[k].idx;
        if (be[k].h != be[k - 1].h || a->sig_part[x] != a->sig_part[y] ||
            a->sig_key[x] != a->sig_key[y])
            continue;
        if (hits_push(&t->pairs, x, y, -1)) return PC_ENOMEM;
    }
    return PC_OK;
}

static void *task_main(void *p)
{
    struct task *t = p;
    t->rc = t->band < PC_MH_BANDS ? run_band(t) : run_exact(t);
    return NULL;
}

void pc_as_helper_done(const struct pc_assess *a)
{
    if (a->o.helper_ns)
        __atomic_fetch_add(a->o.helper_ns, pc_clock_ns(CLOCK_THREAD_CPUTIME_ID), __ATOMIC_RELAXED);
}

static void *task_thread(void *p)
{
    task_main(p);
    pc_as_helper_done(((struct task *)p)->a);
    return NULL;
}

static uint32_t uf_find(uint32_t *p, uint32_t x)
{
    while (p[x] != x) {
        p[x] = p[p[x]];
        x = p[x];
    }
    return x;
}

static int uf_union(uint32_t *parent, uint32_t i, uint32_t j)
{
    uint32_t ri = uf_find(parent, i), rj = uf_find(parent, j);
    if (ri == rj) return 0;
    if (ri < rj)
        parent[rj] = ri;
    else
        parent[ri] = rj;
    return 1;
}

/* A task's findings applied as the sequential search applied them. */
static void replay(struct pc_assess *a, const struct task *t, uint32_t *parent, uint8_t *leaked)
{
    for (size_t k = 0; k < t->pairs.n; k++) {
        const struct hit *h = &t->pairs.v[k];
        /* near duplicates within one part: i and j join one group; a new join is an example */
        if (!uf_union(parent, h->i, h->j) || h->s < 0) continue;
        uint32_t later = h->i > h->j ? h->i : h->j, first = h->i > h->j ? h->j : h->i;
        if (a->dup_near.nex < a->o.examples) {
            struct pc_as_ex *e = &a->dup_near.ex[a->dup_near.nex++];
            memset(e, 0, sizeof *e);
            e->part = e->part2 = a->sig_part[h->i];
            e->line = a->sig_line[later];
            e->line2 = a->sig_line[first];
            e->value = h->s;
        }
    }
    for (size_t k = 0; k < t->leaks.n; k++) {
        const struct hit *h = &t->leaks.v[k];
        if (leaked[h->i]) continue;
        leaked[h->i] = 1;
        if (a->leak_near.nex < a->o.examples) {
            struct pc_as_ex *x = &a->leak_near.ex[a->leak_near.nex++];
            memset(x, 0, sizeof *x);
            x->part = a->sig_part[h->i];
            x->line = a->sig_line[h->i];
            x->part2 = PC_PART_MAIN;
            x->line2 = a->sig_line[h->j];
            x->value = h->s;
        }
    }
}

int pc_as_near_dups(struct pc_assess *a)
{
    size_t n = a->nsig;
    int nt = a->o.threads < 1                    ? 1
             : a->o.threads > PC_AS_NEAR_THREADS ? PC_AS_NEAR_THREADS
                                                 : a->o.threads;
    if (n < 2) nt = 1;
    size_t per = n * (2 * sizeof(struct band_ent) + sizeof(struct sig_ref));
    while (nt > 1 && (size_t)nt * per > PC_AS_NEAR_BUDGET) nt--;
    struct task *ts = calloc((size_t)nt, sizeof *ts);
    uint32_t *parent = malloc((n ? n : 1) * sizeof *parent);
    uint8_t *leaked = calloc(n ? n : 1, 1);
    int rc = ts && parent && leaked ? PC_OK : PC_ENOMEM;
    for (int k = 0; !rc && k < nt; k++) {
        ts[k].a = a;
        ts[k].leaked = leaked;
        ts[k].be = malloc((n ? n : 1) * sizeof *ts[k].be);
        ts[k].tmp = malloc((n ? n : 1) * sizeof *ts[k].tmp);
        ts[k].train = a->mode == PC_ASSESS_SPLIT ? malloc((n ? n : 1) * sizeof *ts[k].train) : NULL;
        if (!ts[k].be || !ts[k].tmp || (a->mode == PC_ASSESS_SPLIT && !ts[k].train)) rc = PC_ENOMEM;
    }
    for (uint32_t i = 0; !rc && i < n; i++) parent[i] = i;
    /* rounds of nt tasks (the bands, then the exact task), each round's findings replayed in
     * task order before the next starts (its tasks then skip records known to leak) */
    int ntask = n > 1 ? PC_MH_BANDS + 1 : 0;
    for (int b0 = 0; !rc && b0 < ntask; b0 += nt) {
        int nr = ntask - b0 < nt ? ntask - b0 : nt, started = 0;
        for (int k = 0; k < nr; k++) {
            ts[k].band = b0 + k;
            ts[k].pairs.n = ts[k].leaks.n = 0;
            ts[k].rc = PC_OK;
        }
        for (int k = 1; k < nr; k++, started++)
            if (pthread_create(&ts[k].th, NULL, task_thread, &ts[k]) != 0) break;
        for (int k = 1 + started; k < nr; k++) task_main(&ts[k]); /* no thread: run here */
        double c0 = pc_thread_cpu();
        task_main(&ts[0]);
        if (started) pc_par_share_add(pc_thread_cpu() - c0); /* a part of divided work */
        for (int k = 1; k <= started; k++) pthread_join(ts[k].th, NULL);
        for (int k = 0; k < nr && !rc; k++) rc = ts[k].rc;
        for (int k = 0; k < nr && !rc; k++) replay(a, &ts[k], parent, leaked);
    }
    for (uint32_t i = 0; !rc && i < n; i++)
        if (uf_find(parent, i) != i) a->dup_near.count++;
    /* near leakage includes every exact leak: an indexed test/validation record whose body
     * is in train counts even when its signature was never compared; exact leaks among
     * records beyond --near-max count too */
    uint64_t exact_indexed = 0;
    for (uint32_t i = 0; !rc && i < n && a->mode == PC_ASSESS_SPLIT; i++) {
        if (a->sig_part[i] == PC_PART_MAIN) continue;
        int64_t slot = pc_as_set_get(&a->bodies, a->sig_key[i]);
        if (slot >= 0 && (a->bodies.mask[slot] & 1)) {
            exact_indexed++;
            leaked[i] = 1;
        }
        a->leak_near.count += leaked[i];
    }
    if (!rc) a->leak_near.count += a->leak_exact.count - exact_indexed;
    for (int k = 0; ts && k < nt; k++) {
        free(ts[k].be);
        free(ts[k].tmp);
        free(ts[k].train);
        free(ts[k].pairs.v);
        free(ts[k].leaks.v);
    }
    free(ts);
    free(parent);
    free(leaked);
    return rc;
}
