/* `pricer investigate` as a library call: a first look at raw catalogue files — rows,
 * invalid lines by reason, usable prices (float > 0, as the reference's first exploration
 * counts them) with mean / median / max / share above the window, content lengths (SPEC §2
 * steps 1-3, code points) and the fill rate of every field. Runs on the parallel pipeline;
 * memory is bounded (histograms, not value lists). */
#ifndef PC_INVESTIGATE_INVESTIGATE_H
#define PC_INVESTIGATE_INVESTIGATE_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "item/outcome.h"
#include "pipe/source.h"

/* The fields of the official line format, in file order. */
#define PC_INV_FIELDS(X)                                                                           \
    X(main_category)                                                                               \
    X(title)                                                                                       \
    X(subtitle)                                                                                    \
    X(author)                                                                                      \
    X(average_rating)                                                                              \
    X(rating_number) X(features) X(description) X(price) X(images) X(videos) X(store)              \
        X(categories) X(details) X(parent_asin) X(bought_together)

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
    double price_sum, price_max;
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

/* Runs over inputs (category is ignored). per_input: n_inputs stats from pc_inv_stats_new.
 * on_progress / on_invalid as in struct pc_parse_cfg (may be NULL). */
int pc_investigate_run(const struct pc_parse_input *inputs, size_t n_inputs, int threads,
                       struct pc_inv_stats **per_input, void *user,
                       void (*on_progress)(void *user, uint64_t position, uint64_t rows),
                       void (*on_invalid)(void *user, const char *input, int64_t line_no,
                                          int outcome, const char *message),
                       struct pc_error *err);

#endif
