/* Deterministic synthetic catalogue generator: writes meta_<Category>.jsonl files in the
 * OFFICIAL Amazon Reviews 2023 line format (SPEC §1: Python json.dumps defaults, fixed key
 * order, every code point >= 0x7F as a lowercase \uXXXX escape, astral characters as
 * surrogate pairs) for the eight course categories. Used by the README's demo, by tests
 * and by the benchmarks, which need gigabytes of realistic input.
 *
 * Determinism: record i of category c depends only on (seed, c, i), so the same seed gives
 * the same bytes at any size, thread count or category selection; a larger --records or
 * --size run starts with the bytes of a smaller one (prefix property per file).
 *
 * Realism: plausible titles, descriptions, features and details per category (details with
 * a nested "Best Sellers Rank", "Date First Available", batteries fields, part numbers with
 * digits), some non-ASCII text (™ é – °, rarely CJK and emoji), long-tailed log-normal
 * prices per category (a few above $999.49), about 45% null prices, a few string prices
 * ("—"), many descriptions too short to be kept, and about 1 line in 4,000 malformed
 * (truncated JSON, missing "images", trailing garbage), as the real files have. */
#ifndef PC_SYNTH_SYNTH_H
#define PC_SYNTH_SYNTH_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/error.h"

/* Number of built-in categories (the eight course categories, in course order). */
#define PC_SYNTH_NCAT 8

/* Name of built-in category i (0 <= i < PC_SYNTH_NCAT), e.g. "Automotive"; NULL otherwise. */
const char *pc_synth_category_name(int i);

/* Index of a category by name (exact, case-sensitive), or -1 when it is not built in. */
int pc_synth_category_find(const char *name);

/* Share of the whole catalogue generated for category i (proportional to the real file
 * sizes of SPEC §1; the shares of all eight sum to 1). */
double pc_synth_category_share(int i);

/* Kinds of line the generator writes (for tests and statistics). */
enum pc_synth_kind {
    PC_SYNTH_OK = 0,    /* a valid record */
    PC_SYNTH_TRUNCATED, /* invalid JSON: the record cut short */
    PC_SYNTH_NO_IMAGES, /* valid JSON without the "images" key (the loader skips it) */
    PC_SYNTH_GARBAGE,   /* invalid JSON: a valid record followed by stray characters */
    PC_SYNTH_NKIND
};

/* Appends line i of category cat (without the final '\n') for the given seed to out and
 * stores its kind in *kind (may be NULL). Pure function of (seed, cat, i). Errors: PC_EINVAL
 * for an unknown cat, PC_ETOOBIG / PC_ENOMEM from out. */
int pc_synth_line(uint64_t seed, int cat, uint64_t i, struct pc_buf *out, int *kind);

struct pc_synth_opts {
    uint64_t seed;    /* default 42 */
    uint64_t records; /* total records over the chosen categories (split by share); 0 = use bytes */
    uint64_t bytes;   /* total size target when records == 0 (each file stops at its share) */
    int cats[PC_SYNTH_NCAT]; /* chosen category indexes, in the order to write */
    int ncats;               /* 0 = all eight */
    int threads;             /* worker threads, default 2 (files are generated in parallel) */
    /* Optional progress callback: called from worker threads (serialised by the generator)
     * with the total bytes written so far. */
    void (*progress)(void *ctx, uint64_t bytes_done, uint64_t bytes_total);
    void *progress_ctx;
};

/* Per-category result of a run. */
struct pc_synth_stats {
    uint64_t lines[PC_SYNTH_NCAT];
    uint64_t bytes[PC_SYNTH_NCAT];
    uint64_t kinds[PC_SYNTH_NCAT][PC_SYNTH_NKIND];
};

/* Reference defaults: seed 42, 50,000 records, all eight categories, 2 threads. */
void pc_synth_opts_init(struct pc_synth_opts *o);

/* Writes DIR/meta_<Category>.jsonl for every chosen category, each through an atomic
 * writer (temporary file renamed when complete). dir must exist. Fills st (may be NULL).
 * Errors: PC_EINVAL (bad options), PC_EIO (with err naming the file), PC_ENOMEM. */
int pc_synth_write(const struct pc_synth_opts *o, const char *dir, struct pc_synth_stats *st,
                   struct pc_error *err);

/* Records of category cat that a run with o writes (records mode only; 0 in bytes mode). */
uint64_t pc_synth_records_for(const struct pc_synth_opts *o, int cat);

#endif
