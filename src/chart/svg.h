/* Charts as standalone SVG elements, drawn by our own code (no scripts, no fonts to fetch):
 * histograms, categorical bars (one or two series, with value labels and a legend), a
 * donut, and a scatter. Each appends one "<svg ...>...</svg>" element to out that works
 * both inline in HTML and as a file of its own.
 *
 * Every chart carries machine-checkable data for tests and tools: the root has
 * class="pc-chart" and data-chart="<id>"; histogram bars are <rect class="bar"
 * data-bin="i" data-count="N">, category bars <rect class="bar" data-label="..."
 * data-value="...">, donut slices <path class="slice">, scatter points <circle class="pt">.
 * Axes get "nice" ticks (1, 2, 5 x 10^k); long category labels are rotated and abbreviated
 * (full text in a <title> tooltip). Functions only append; errors are PC_ENOMEM/ETOOBIG. */
#ifndef PC_CHART_SVG_H
#define PC_CHART_SVG_H

#include <stddef.h>

#include "core/buf.h"
#include "chart/stats.h"

struct pc_svg_hist_spec {
    const char *id, *title, *xlabel, *ylabel, *color;
    const struct pc_hist *h;
    const char *xprefix; /* printed before x tick values, e.g. "$" (may be NULL) */
};
int pc_svg_hist(struct pc_buf *out, const struct pc_svg_hist_spec *s);

struct pc_svg_bars_spec {
    const char *id, *title, *xlabel, *ylabel;
    size_t n;                  /* number of categories */
    const char *const *labels; /* n labels */
    size_t nseries;            /* 1 or 2 (side by side) */
    const double *values[2];   /* n values per series */
    const char *colors[2];     /* fill per series */
    const char *legends[2];    /* legend text per series (NULL: no legend) */
    int value_labels;          /* print each value above its bar */
    int percent;               /* values are percentages: "12.3%" labels and ticks */
    /* per-category fills (n entries; NULL: colors[k] per series). With two series, series 0
     * is drawn lighter (fill-opacity 0.45) and the legend shows grey swatches. */
    const char *const *bar_colors;
};
int pc_svg_bars(struct pc_buf *out, const struct pc_svg_bars_spec *s);

struct pc_svg_donut_spec {
    const char *id, *title;
    size_t n;
    const char *const *labels;
    const double *values;
    const char *const *colors; /* n slice colours (NULL: the palette in order) */
};
int pc_svg_donut(struct pc_buf *out, const struct pc_svg_donut_spec *s);

struct pc_svg_scatter_spec {
    const char *id, *title, *xlabel, *ylabel, *color;
    const struct pc_points *p;
    const char *subtitle; /* e.g. "5,000 of 408,635 items, sampled uniformly" (may be NULL) */
};
int pc_svg_scatter(struct pc_buf *out, const struct pc_svg_scatter_spec *s);

/* Several distributions on one axis as densities (numpy.histogram(..., density=True): count
 * / (binned count * bin width)), one step line per series over the same bins (the series'
 * histograms must share lo, hi and bins). Each line is <path class="series"
 * data-series="NAME" data-density="d0 d1 ..."> (%.6g values); the y axis shows the same
 * shape as the percentage of each series per bin (density * bin width * 100). */
struct pc_svg_density_spec {
    const char *id, *title, *xlabel, *ylabel;
    size_t n; /* series, at most 8 */
    const struct pc_hist *const *h;
    const char *const *names, *const *colors;
    const char *xprefix;
};
int pc_svg_density(struct pc_buf *out, const struct pc_svg_density_spec *s);

/* Appends s[0..n) with every invalid UTF-8 sequence (also WTF-8 lone surrogates) replaced
 * by one U+FFFD, so the result is valid UTF-8 for HTML, SVG and JSON. */
int pc_utf8_clean(struct pc_buf *out, const char *s, size_t n);

/* Appends s with the five XML special characters escaped, invalid UTF-8 as U+FFFD and
 * control characters as spaces. */
int pc_xml_escape(struct pc_buf *out, const char *s);

/* The i-th colour of the chart palette (cycles). */
const char *pc_svg_palette(size_t i);

#endif
