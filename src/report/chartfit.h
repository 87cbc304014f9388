/* Chart helpers of the report's rendering layer: histogram bins fitted to the data, and one
 * order and one colour per category shared by every chart and table of a page. Pure
 * functions over collected statistics; they never change what was collected. */
#ifndef PC_REPORT_CHARTFIT_H
#define PC_REPORT_CHARTFIT_H

#include <stddef.h>

#include "chart/stats.h"

/* A display histogram for fine (equal-width bins starting at fine->lo): the range runs from
 * the first to the last non-empty fine bin, and m consecutive fine bins make one display bin,
 * with m the smallest of 1, 2, 5, 10, 20, 50, ... giving at most max_bins bins; display
 * edges are fine->lo + k * m * width (so the counts equal numpy.histogram over those edges).
 * n, sum, min, max, below, above and nan are kept. With no binned value, out is a copy of
 * fine. out is initialised here (release with pc_hist_release). PC_ENOMEM / PC_EINVAL. */
int pc_hist_fit(const struct pc_hist *fine, size_t max_bins, struct pc_hist *out);

/* The category order of a page: the categories of counts[0] by decreasing count (ties in
 * first-seen order), then those only in counts[1..k) the same way, in the order of the
 * counters. Names are borrowed from the counters (keep them alive). */
struct pc_catorder {
    size_t n;
    const char **names;
};
int pc_catorder_build(struct pc_catorder *o, const struct pc_catcount *const *counts, size_t k);
void pc_catorder_release(struct pc_catorder *o);

/* Position of name in the order (o->n when absent). */
size_t pc_catorder_index(const struct pc_catorder *o, const char *name);

/* The colour of a category: the palette colour of its position; grey for a name not in the
 * order (e.g. "(other)"). */
const char *pc_catorder_color(const struct pc_catorder *o, const char *name);

#endif
