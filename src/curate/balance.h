/* Curation (SPEC §4): balance items over price slots with numpy's legacy generator, and
 * `pricer curate` as a library call (index the items files, select, copy the selected lines
 * in sample order). */
#ifndef PC_CURATE_BALANCE_H
#define PC_CURATE_BALANCE_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "curate/items.h"

/* A category's weight in the weighted draw. */
struct pc_weight {
    const char *category;
    uint32_t weight;
};

struct pc_curate_opts {
    uint32_t seed;                   /* 42: numpy np.random.seed */
    int slot_min, slot_max;          /* 1, 999: slots taken, in increasing order */
    int all_above;                   /* 240: slots >= this are taken whole */
    uint32_t slot_cap;               /* 1200: bigger slots below all_above are drawn down to this */
    const struct pc_weight *weights; /* default {"Automotive", 1}; not owned */
    size_t n_weights;
    uint32_t default_weight; /* 5: weight of categories not in weights */
    int no_balance;          /* 1: keep every item in input order (the "lite" variant) */
    size_t jobs;             /* threads reading the items; 0 = one per core (same output) */
    int dedup; /* enum pc_group_by (curate/group.h): 0 = off (reference); else only the first
                  item of each group (load order) is kept, before balancing */
};

/* Fills o with the reference profile (SPEC §4). */
void pc_curate_opts_init(struct pc_curate_opts *o);

/* Weight of a category under o. */
uint32_t pc_curate_weight(const struct pc_curate_opts *o, const char *category);

/* The slot of a price: round half to even (C rint), as Python round(price) (SPEC §4 step 1).
 * Prices beyond the int range give INT32_MIN. */
int32_t pc_curate_slot(double price);

/* The selection itself, on plain arrays: slot[i] and weight[i] of item i (input order).
 * Writes the indices of the sample, in sample order, into a malloc'd *sel (caller frees) of
 * *n_sel entries. Items whose slot is outside slot_min..slot_max are not selected (unless
 * no_balance). Errors: PC_EINVAL (options, or a slot's weights all zero where a draw is
 * needed), PC_ENOMEM. */
int pc_balance_select(const struct pc_curate_opts *o, const int32_t *slot, const uint32_t *weight,
                      size_t n, uint32_t **sel, size_t *n_sel, struct pc_error *err);

/* What pc_curate_files did. Owns cats (names + counts); release with
 * pc_curate_stats_release. */
struct pc_curate_cat {
    char *name;
    uint64_t items;    /* in the input */
    uint64_t selected; /* in the sample */
};
struct pc_curate_stats {
    uint64_t items;        /* lines read */
    uint64_t selected;     /* lines written */
    uint64_t out_of_range; /* items whose slot is outside slot_min..slot_max */
    uint64_t slots_drawn;  /* slots thinned by the weighted draw */
    uint64_t bytes_in, bytes_out;
    struct pc_curate_cat *cats;
    size_t n_cats;

    uint64_t dedup_removed; /* items dropped by o->dedup (later items of a group) */
};
void pc_curate_stats_release(struct pc_curate_stats *st);

/* `pricer curate`: reads the items files inputs[0..n_inputs) (concatenated in this order),
 * selects the sample and writes its lines, byte for byte as in the input, in sample order to
 * output (atomically: a temporary file renamed on success; "-" = stdout). Memory: 24 bytes
 * per item plus the longest line. st (may be NULL) is filled on success. Errors name the
 * file and line (see pc_items_index_files) or the output. */
int pc_curate_files(const char *const *inputs, size_t n_inputs, const char *output,
                    const struct pc_curate_opts *o, struct pc_curate_stats *st,
                    pc_items_progress_fn progress, void *ud, struct pc_error *err);

/* What pc_curate_files_ix hands back besides the sample file, for a split of it in the same
 * process (which then need not read the sample again) and for run.json. */
struct pc_curate_keep {
    int keys_by; /* in: enum pc_group_by whose keys the index should carry (0 = none) */
    /* in, may be NULL: called on the calling thread with the output's bytes in order, every
     * byte once (e.g. to hash the sample while it is written) */
    void (*written)(void *user, const void *data, size_t len);
    void *user;
    /* out, on success: what pc_items_index_files would make of the output file (release
     * with pc_items_index_release): one ref per line (offset within the output, len, price,
     * file 0), category ids in order of first appearance in the sample, bytes_read = the
     * output's size, blank_lines 0, jobs = o->jobs; with keys_by, index.group_by = keys_by
     * and index.keys filled, unless o->dedup groups by another field (then group_by 0 and
     * no keys). For output "-" the offsets are those of the stream written. */
    struct pc_items_index index;
};

/* pc_curate_files, filling keep (may be NULL: then exactly pc_curate_files). keep->index is
 * initialised here, and empty after a failure. */
int pc_curate_files_ix(const char *const *inputs, size_t n_inputs, const char *output,
                       const struct pc_curate_opts *o, struct pc_curate_stats *st,
                       struct pc_curate_keep *keep, pc_items_progress_fn progress, void *ud,
                       struct pc_error *err);

#endif
