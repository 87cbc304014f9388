/* Streaming statistics for charts and assessments: fixed-bin histograms with numpy's bin
 * rules, ordered category counters, a deterministic bounded sample of (x, y) points, and
 * Python-style number formatting for chart titles. Memory is bounded by construction: a
 * histogram holds its bins, a counter its distinct names (capped), a point sample its cap.
 * Each object has one owner and is not thread-safe. */
#ifndef PC_CHART_STATS_H
#define PC_CHART_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "core/xsum.h"

/* Equal-width bins over [lo, hi], the last bin closed, exactly as numpy.histogram(values,
 * bins=np.linspace(lo, hi, bins + 1)) counts them (values outside, and NaN, are not binned
 * but counted in below / above / nan). n, sum, min and max cover every finite value added,
 * binned or not (the reference's titles use all values). The sum is exact (core/xsum.h), so
 * histograms filled per batch, thread or shard and merged give the bytes of one sequential
 * fill, and the mean is the exact sum rounded, divided by n. */
struct pc_hist {
    double lo, hi;
    size_t bins;
    uint64_t *counts;
    uint64_t n, below, above, nan;
    struct pc_xsum sum;
    double min, max;
};

/* Allocates the bins (bins >= 1, lo < hi). PC_EINVAL / PC_ENOMEM. */
int pc_hist_init(struct pc_hist *h, double lo, double hi, size_t bins);
void pc_hist_release(struct pc_hist *h);
void pc_hist_add(struct pc_hist *h, double v);
/* Mean of all finite values added: the exact sum as a double over n (0 when none). */
double pc_hist_mean(const struct pc_hist *h);
/* Left edge of bin i, as numpy.linspace computes it. */
double pc_hist_edge(const struct pc_hist *h, size_t i);

/* Counts per name in first-seen order (like Python's Counter keys). At most max_names
 * distinct names are kept; later new names are counted in `other` (max_names 0 = 1024). */
struct pc_catcount {
    size_t n, cap, max_names;
    char **names;
    size_t *lens; /* strlen of each name (compared before its bytes) */
    uint64_t *counts;
    uint64_t other, total;
};
void pc_catcount_init(struct pc_catcount *c, size_t max_names);
void pc_catcount_release(struct pc_catcount *c);
/* Adds k to name[0..len). PC_ENOMEM on allocation failure. */
int pc_catcount_add(struct pc_catcount *c, const char *name, size_t len, uint64_t k);
/* Count of name (0 when absent). */
uint64_t pc_catcount_get(const struct pc_catcount *c, const char *name);

/* A uniform random subset of at most cap points (reservoir sampling with a fixed seed), so
 * the same input always gives the same points. */
struct pc_points {
    size_t cap, n;
    uint64_t seen, rng;
    float *x, *y;
};
int pc_points_init(struct pc_points *p, size_t cap, uint64_t seed);
void pc_points_release(struct pc_points *p);
void pc_points_add(struct pc_points *p, double x, double y);

/* Python format helpers for titles; out must hold >= 48 bytes; each returns out.
 * pc_fmt_int: "{:,}" of an integer ("22,527").
 * pc_fmt_fixed: "{:,.Nf}" (commas != 0) or "{:.Nf}" of a double, correctly rounded.
 * pc_fmt_pyfloat: "{:,}" of a Python float: repr with thousands separators ("999.49",
 *   "21,000.0"). */
const char *pc_fmt_int(int64_t v, char *out);
const char *pc_fmt_fixed(double v, int decimals, int commas, char *out);
const char *pc_fmt_pyfloat(double v, char *out);

#endif
