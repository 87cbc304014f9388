/* Curation: balancing items over price slots with numpy's legacy generator, exactly as the
 * reference does (SPEC §4), from items JSONL files to a sample items JSONL file.
 * Reentrant; one call may use several threads (jobs) with the same result for any count. */
#ifndef PRICER_CURATE_H
#define PRICER_CURATE_H

#include <stddef.h>
#include <stdint.h>

#include "pricer/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Options; reference values by pricer_curate_options_init. */
struct pricer_curate_options {
    uint32_t seed;          /* 42: numpy np.random.seed */
    int slot_min, slot_max; /* 1, 999: slots (price rounded half to even) taken */
    int all_above;          /* 240: slots >= this are taken whole */
    uint32_t slot_cap;      /* 1200: bigger slots below all_above drawn down to this */
    const char *const *weight_categories; /* categories with their own weight (not owned) */
    const uint32_t *weights;              /* their weights; default Automotive = 1 */
    size_t n_weights;
    uint32_t default_weight; /* 5: weight of the other categories */
    int no_balance;          /* 1: keep every item, in input order (the "lite" variant) */
    size_t jobs;             /* threads reading the items; 0 = one per core */
    const char *dedup;       /* NULL/"off" (reference) or "prompt", "title", "parent_asin":
                                only the first item of each group is kept, before balancing */
};

PRICER_API void pricer_curate_options_init(struct pricer_curate_options *o);

struct pricer_curate_stats {
    uint64_t items;         /* lines read */
    uint64_t selected;      /* lines written */
    uint64_t out_of_range;  /* items whose slot is outside slot_min..slot_max */
    uint64_t dedup_removed; /* items dropped by dedup */
};

/* Reads the items files inputs[0..n) (in this order), selects the sample and writes its
 * lines, byte for byte, in sample order to output (temporary file renamed on success; "-" =
 * standard output). st may be NULL. Errors name the file and line of a bad items line
 * (PRICER_EFORMAT), or the file that cannot be read or written (PRICER_EIO); PRICER_EINVAL
 * for bad options. Nothing is left at output on failure. */
PRICER_API int pricer_curate_files(const char *const *inputs, size_t n, const char *output,
                                   const struct pricer_curate_options *o,
                                   struct pricer_curate_stats *st, struct pricer_error *err);

#ifdef __cplusplus
}
#endif

#endif
