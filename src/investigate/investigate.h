/* `pricer investigate` as a library call: a first look at raw catalogue files — rows,
 * invalid lines by reason, usable prices (float > 0, as the reference's first exploration
 * counts them) with mean / median / max / share above the window, content lengths (SPEC §2
 * steps 1-3, code points) and the fill rate of every field. Runs on the parallel pipeline;
 * memory is bounded (histograms, not value lists). */
#ifndef PC_INVESTIGATE_INVESTIGATE_H
#define PC_INVESTIGATE_INVESTIGATE_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/xsum.h"
#include "core/error.h"
#include "json/json.h"
#include "item/outcome.h"
#include "pipe/source.h"

/* The fields of the official line format, in file order. */
#define PC_INV_FIELDS(X)                                                                           \
    X(main_category)                                                                               \
    X(title)                                                                                       \
    X(subtitle)                                                                                    \
    X(author)                                                                                      \
    X(average_rating)                                                                              \
    X(rating_number)                                                                               \
    X(features)                                                                                    \
    X(description)                                                                                 \
    X(price) X(images) X(videos) X(store) X(categories) X(details) X(parent_asin) X(bought_together)

enum pc_inv_field {
#define PC_X_FIELD(name) PC_INV_##name,
    PC_INV_FIELDS(PC_X_FIELD)
#undef PC_X_FIELD
        PC_INV_NFIELDS
};

/* Name of a field ("main_category"). */
const char *pc_inv_field_name(int field);

/* Prices and lengths are kept exactly, in bounded memory for ordinary data: a price on the
 * cent grid below $10,000 is a histogram count, any other price (above, or with more than
 * two decimals) is kept in a list; likewise a content length below 20,000 code points is a
 * count and a longer one is listed. Medians are therefore exact. */
#define PC_INV_CENTS_MAX 1000000u /* price histogram: $0.00 .. $9,999.99 by the cent */
#define PC_INV_LEN_MAX 20000u     /* content-length histogram below this */

struct pc_inv_stats {
    uint64_t rows;
    uint64_t outcome[PC_OUT_COUNT]; /* invalid lines by reason (only invalid outcomes used) */
    uint64_t records;               /* valid JSON objects */
    uint64_t priced;                /* price parses as a float > 0 (finite) */
    uint64_t in_window;             /* ... within [0.5, 999.49] */
    uint64_t above_max;             /* ... above 999.49 */
    struct pc_xsum price_x;         /* the exact sum of the usable prices (core/xsum.h) ... */
    double price_sum;               /* ... as a double, kept in step by every add, merge and load */
    double price_max;
    uint32_t *cents;     /* PC_INV_CENTS_MAX counts of prices c / 100.0 */
    uint64_t price_big;  /* prices not in cents: ... */
    double *price_other; /* ... listed here (price_big of them) */
    uint64_t len_n, len_sum, len_max, len_over_min; /* contents length (records with title) */
    uint32_t *lens;                                 /* PC_INV_LEN_MAX counts */
    uint64_t len_big;                               /* lengths >= PC_INV_LEN_MAX: ... */
    uint32_t *len_other;                            /* ... listed here (len_big of them) */
    uint64_t missing[PC_INV_NFIELDS], null[PC_INV_NFIELDS], empty[PC_INV_NFIELDS];
    uint64_t other_keys; /* records with keys outside the official list */
};

/* Allocates zeroed statistics (with histograms); NULL on allocation failure. */
struct pc_inv_stats *pc_inv_stats_new(void);
void pc_inv_stats_free(struct pc_inv_stats *s); /* accepts NULL */
/* Adds src into dst. PC_ENOMEM (dst then holds a partial sum) or PC_OK. */
int pc_inv_stats_add(struct pc_inv_stats *dst, const struct pc_inv_stats *src);
uint64_t pc_inv_invalid(const struct pc_inv_stats *s);

/* Median usable price and median content length, as numpy.median computes them (the mean
 * of the two middle values for an even count); NAN when there is none (or when the copy of
 * the listed values they sort cannot be allocated). */
double pc_inv_price_median(const struct pc_inv_stats *s);
double pc_inv_len_median(const struct pc_inv_stats *s);

/* The windows investigate measures against: the parse settings (parse.min_price,
 * parse.max_price, parse.min_chars), so "in window" means what parse will keep. */
struct pc_inv_opts {
    double min_price, max_price; /* 0.5, 999.49 */
    uint64_t min_chars;          /* 300: content_length.over_300 counts lengths above it */
};
void pc_inv_opts_init(struct pc_inv_opts *o);

/* Runs over inputs (category is ignored). opts NULL = pc_inv_opts_init. per_input: n_inputs stats
 * from pc_inv_stats_new. on_progress / on_invalid as in struct pc_parse_cfg (may be NULL). */
int pc_investigate_run(const struct pc_parse_input *inputs, size_t n_inputs,
                       const struct pc_inv_opts *opts, int threads, struct pc_inv_stats **per_input,
                       void *user,
                       void (*on_progress)(void *user, uint64_t position, uint64_t rows),
                       void (*on_invalid)(void *user, const char *input, int64_t line_no,
                                          int outcome, const char *message),
                       struct pc_error *err);

/* Appends the investigate JSON document (`pricer investigate --json`): {"inputs": [{"file",
 * "official", "stats"}...], "total": {...}} and a newline. off[i] is input i's comparison with
 * the official files when checked[i] (fetch/official.h), else "official" is null; off and
 * checked may be NULL. PC_ENOMEM when the buffer cannot grow. */
struct pc_official_check;
int pc_inv_json(struct pc_buf *o, const char *const *names, const struct pc_inv_stats *const *per,
                size_t n, const struct pc_inv_stats *total, const struct pc_official_check *off,
                const int *checked);

/* The same statistics one batch at a time, for a pass that also does other work on each
 * line (the pipeline's single pass over the raw data). A part holds one batch's counters and
 * values (bounded by the batch); merging parts into a pc_inv_stats in input order gives the
 * bytes pc_investigate_run gives. Scratch: per thread. Parts and scratch are not
 * thread-safe; NULL on allocation failure. */
struct pc_inv_part;
struct pc_inv_scratch;
struct pc_inv_scratch *pc_inv_scratch_new(void);
void pc_inv_scratch_free(struct pc_inv_scratch *w); /* accepts NULL */
struct pc_inv_part *pc_inv_part_new(void);
void pc_inv_part_free(struct pc_inv_part *r); /* accepts NULL */
void pc_inv_part_reset(struct pc_inv_part *r);
/* One line (line_no from 1). known_chars: the content length when the caller already
 * measured it (the item rules did), else (size_t)-1. parsed: the line already parsed as
 * JSON by the caller (the item rules' pc_line_info.root), or NULL to parse it here. *root
 * (may be NULL) receives the parsed record, or NULL when the line is not a JSON object; valid
 * until the next call with w (or, when parsed was given, as long as parsed is).
 * Returns PC_OK or PC_ENOMEM. */
int pc_inv_part_line(const struct pc_inv_opts *o, struct pc_inv_scratch *w, struct pc_inv_part *r,
                     const char *line, size_t len, int64_t line_no, size_t known_chars,
                     const struct pc_json_val *parsed, const struct pc_json_val **root);
/* A line longer than the reader's limit. */
void pc_inv_part_too_long(struct pc_inv_part *r, int64_t line_no, uint64_t len);
/* Adds the part into dst. PC_ENOMEM or PC_OK. */
int pc_inv_part_merge(const struct pc_inv_opts *o, struct pc_inv_stats *dst,
                      const struct pc_inv_part *r);
/* Appends one listed value (a price off the cent grid, is_price; else a long length). */
int pc_inv_push_other(struct pc_inv_stats *s, double price, int is_price, uint32_t len);

/* Serialises s completely (histograms as [bin, count] pairs of the non-empty bins, the listed
 * values in order) as one JSON object, and reads it back into fresh statistics. Reading:
 * PC_EFORMAT when the text is not such an object. The price sum is exact ("price_sum_exact",
 * pc_xsum_dump text; "price_sum" is only informative), other doubles have 17 significant
 * digits, so a round trip is exact and the dumps of shards add up (pc_inv_stats_add) to
 * exactly the unsharded statistics. */
int pc_inv_stats_dump(struct pc_buf *o, const struct pc_inv_stats *s);
int pc_inv_stats_load(struct pc_inv_stats *s, const struct pc_json_val *v);

#endif
