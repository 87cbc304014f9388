/* Leakage-free options of curate and split (issue 14): items that share a group key
 *  - prompt:      the prompt body (the text between the question line and "Price is $",
 *                 as assess compares it, see pc_rec_body),
 *  - title:       the "title" field,
 *  - parent_asin: the "parent_asin" field (null or missing: the item is its own group),
 * are one group. `curate --dedup KEY` keeps the first item of each group (load order);
 * `split --group-by KEY` puts whole groups on one side, so no test or validation item's group
 * has an item in train. Keys are 64-bit hashes of the key text (two different texts share a
 * hash with probability about n^2 / 2^65: then they are treated as one group, which never
 * causes a leak). Pure functions, thread-safe. */
#ifndef PC_CURATE_GROUP_H
#define PC_CURATE_GROUP_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

enum pc_group_by { PC_GROUP_NONE = 0, PC_GROUP_PROMPT, PC_GROUP_TITLE, PC_GROUP_PARENT_ASIN };

/* "prompt" / "title" / "parent_asin" -> its value; "off" / "none" -> PC_GROUP_NONE;
 * anything else -> -1. */
int pc_group_by_parse(const char *s);
/* The name of a key ("off" for PC_GROUP_NONE). */
const char *pc_group_by_name(int by);

/* Key of one item: hash of the chosen field (prompt: the prompt's body). text may be NULL
 * (field missing or null): returns 0, meaning "a group of its own". Never returns 0 for a
 * present text. */
uint64_t pc_group_key(int by, const char *text, size_t len);

/* Dedup: keep[i] = 1 for the first item of each key (keys[i] == 0 is always kept), 0 for the
 * others. Returns the number removed via *removed. PC_ENOMEM only. */
int pc_group_first(const uint64_t *keys, size_t n, uint8_t *keep, size_t *removed);

/* What the group assignment did. */
struct pc_group_stats {
    size_t groups;  /* distinct groups among the n items (keyless items count one each) */
    size_t skipped; /* items left out because their group is on a side that is full */
};

/* Group-aware slicing of a shuffled order. perm[0..n) is the shuffled order; sides are
 * filled in order train (want[0]), test (want[1]), validation (want[2]) exactly as the
 * reference slices perm, except that a group belongs to the side its first item (in perm
 * order) went to: a later item of that group goes there too while it has room, and is left
 * out otherwise. With all groups of size 1 the result is the reference's slicing. Writes the
 * chosen items to out[] (train rows, then test rows, then validation rows, each in perm
 * order; out needs n entries) and their counts to got[3]. PC_ENOMEM only. */
int pc_group_assign(const uint32_t *perm, size_t n, const uint64_t *keys, const size_t want[3],
                    uint32_t *out, size_t got[3], struct pc_group_stats *st);

#endif
