/* Group keys, first-of-group dedup and group-aware slicing (see group.h). */
#include "curate/group.h"

#include <stdlib.h>
#include <string.h>

#include "assess/minhash.h"
#include "dataset/records.h"

int pc_group_by_parse(const char *s)
{
    if (!strcmp(s, "off") || !strcmp(s, "none")) return PC_GROUP_NONE;
    if (!strcmp(s, "prompt")) return PC_GROUP_PROMPT;
    if (!strcmp(s, "title")) return PC_GROUP_TITLE;
    if (!strcmp(s, "parent_asin")) return PC_GROUP_PARENT_ASIN;
    return -1;
}

const char *pc_group_by_name(int by)
{
    switch (by) {
    case PC_GROUP_PROMPT:
        return "prompt";
    case PC_GROUP_TITLE:
        return "title";
    case PC_GROUP_PARENT_ASIN:
        return "parent_asin";
    default:
        return "off";
    }
}

uint64_t pc_group_key(int by, const char *text, size_t len)
{
    if (!text || by == PC_GROUP_NONE) return 0;
    if (by == PC_GROUP_PROMPT) pc_rec_body(text, len, &text, &len);
    uint64_t h = pc_hash64(text, len, 0x6772u + (uint64_t)by);
    return h ? h : 1;
}

/* Open-addressing map key -> small value; key 0 is the empty slot. */
struct kmap {
    uint64_t *keys;
    uint8_t *vals;
    size_t mask;
};

static int kmap_init(struct kmap *m, size_t n)
{
    size_t cap = 16;
    while (cap < n * 2) cap *= 2;
    m->keys = calloc(cap, sizeof *m->keys);
    m->vals = malloc(cap);
    m->mask = cap - 1;
    if (m->keys && m->vals) return PC_OK;
    free(m->keys);
    free(m->vals);
    return PC_ENOMEM;
}

static void kmap_release(struct kmap *m)
{
    free(m->keys);
    free(m->vals);
}

/* Slot of key: *found = 1 when present; otherwise the empty slot where it goes. */
static size_t kmap_slot(const struct kmap *m, uint64_t key, int *found)
{
    size_t j = (size_t)(key ^ (key >> 29)) & m->mask;
    while (m->keys[j] && m->keys[j] != key) j = (j + 1) & m->mask;
    *found = m->keys[j] == key;
    return j;
}

int pc_group_first(const uint64_t *keys, size_t n, uint8_t *keep, size_t *removed)
{
    struct kmap m;
    if (kmap_init(&m, n)) return PC_ENOMEM;
    size_t gone = 0;
    for (size_t i = 0; i < n; i++) {
        keep[i] = 1;
        if (!keys[i]) continue;
        int found;
        size_t j = kmap_slot(&m, keys[i], &found);
        if (found) {
            keep[i] = 0;
            gone++;
        } else {
            m.keys[j] = keys[i];
        }
    }
    kmap_release(&m);
    *removed = gone;
    return PC_OK;
}

int pc_group_assign(const uint32_t *perm, size_t n, const uint64_t *keys, const size_t want[3],
                    uint32_t *out, size_t got[3], struct pc_group_stats *st)
{
    struct kmap m;
    uint8_t *side = malloc(n ? n : 1);
    if (!side || kmap_init(&m, n)) {
        free(side);
        return PC_ENOMEM;
    }
    struct pc_group_stats s = {0, 0};
    size_t cnt[3] = {0, 0, 0};
    int cur = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t k = keys[perm[i]];
        while (cur < 3 && cnt[cur] >= want[cur]) cur++;
        int found = 0;
        size_t j = 0;
        if (k) j = kmap_slot(&m, k, &found);
        if (found) {
            /* a later item of a known group: its group's side, or nowhere */
            int g = m.vals[j];
            if (g < 3 && cnt[g] < want[g]) {
                side[i] = (uint8_t)g;
                cnt[g]++;
            } else {
                side[i] = 3;
                if (cur < 3) s.skipped++;
            }
            continue;
        }
        s.groups++;
        side[i] = (uint8_t)cur; /* 3 when every side is full */
        if (cur < 3) cnt[cur]++;
        if (k) {
            m.keys[j] = k;
            m.vals[j] = (uint8_t)cur;
        }
    }
    size_t at = 0;
    for (int sd = 0; sd < 3; sd++) {
        got[sd] = cnt[sd];
        for (size_t i = 0; i < n; i++)
            if (side[i] == sd) out[at++] = perm[i];
    }
    free(side);
    kmap_release(&m);
    if (st) *st = s;
    return PC_OK;
}
