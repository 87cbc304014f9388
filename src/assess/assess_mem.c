/* What an assessment keeps in memory: reusing another assessment's MinHash signatures
 * (pc_assess_reuse_sigs) and dropping what a finished one no longer needs (pc_assess_trim). */
#include <stdlib.h>
#include <string.h>

#include "assess/assess_int.h"
#include "core/error.h"

void pc_assess_trim(struct pc_assess *a, int keep_sigs)
{
    pc_as_set_release(&a->asins);
    pc_as_set_release(&a->bodies);
    free(a->sig_line);
    free(a->sig_part);
    a->sig_line = NULL;
    a->sig_part = NULL;
    if (!keep_sigs) {
        free(a->sigs);
        free(a->sig_key);
        a->sigs = NULL;
        a->sig_key = NULL;
        a->sig_cap = 0; /* nsig stays: the renderings report it */
    }
    free(a->sig_map);
    a->sig_map = NULL;
    a->sig_map_cap = 0;
    a->sig_src = NULL;
    free(a->bloom);
    a->bloom = NULL;
    free(a->finals);
    a->finals = NULL;
    a->nfinal = a->final_cap = 0;
    for (size_t i = 0; i < a->ncats; i++) {
        free(a->cats[i].lp);
        a->cats[i].lp = NULL;
        a->cats[i].cap = 0;
    }
}

static size_t map_slot(uint64_t h, size_t cap)
{
    return (size_t)((h ^ (h >> 29)) & (cap - 1));
}

int pc_assess_reuse_sigs(struct pc_assess *a, const struct pc_assess *src)
{
    free(a->sig_map);
    a->sig_map = NULL;
    a->sig_map_cap = 0;
    a->sig_src = NULL;
    if (!src || src->o.shingle != a->o.shingle || src->o.seed != a->o.seed || !src->nsig ||
        !src->sig_key)
        return PC_OK;
    size_t cap = 1024;
    while (cap < src->nsig * 2) cap *= 2;
    uint32_t *m = calloc(cap, sizeof *m);
    if (!m) return PC_ENOMEM;
    for (size_t i = 0; i < src->nsig; i++) {
        size_t j = map_slot(src->sig_key[i], cap);
        while (m[j] && src->sig_key[m[j] - 1] != src->sig_key[i]) j = (j + 1) & (cap - 1);
        if (!m[j]) m[j] = (uint32_t)i + 1;
    }
    a->sig_map = m;
    a->sig_map_cap = cap;
    a->sig_src = src;
    return PC_OK;
}

const struct pc_minhash *pc_as_reused_sig(const struct pc_assess *a, uint64_t h)
{
    if (!a->sig_map) return NULL;
    const struct pc_assess *src = a->sig_src;
    size_t j = map_slot(h, a->sig_map_cap);
    for (; a->sig_map[j]; j = (j + 1) & (a->sig_map_cap - 1))
        if (src->sig_key[a->sig_map[j] - 1] == h) return &src->sigs[a->sig_map[j] - 1];
    return NULL;
}
