/* Histogram fitting and the page's category order and colours. */
#include "report/chartfit.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "chart/svg.h"

int pc_hist_fit(const struct pc_hist *fine, size_t max_bins, struct pc_hist *out)
{
    size_t a = fine->bins, b = 0;
    for (size_t i = 0; i < fine->bins; i++)
        if (fine->counts[i]) {
            if (a == fine->bins) a = i;
            b = i;
        }
    if (max_bins == 0) max_bins = 1;
    double width = (fine->hi - fine->lo) / (double)fine->bins;
    size_t m = 1, lo_i = 0, nb = fine->bins;
    if (a < fine->bins) {
        static const size_t mant[3] = {1, 2, 5};
        for (size_t k = 0;; k++) {
            size_t p = 1;
            for (size_t j = 0; j < k / 3; j++) p *= 10;
            m = mant[k % 3] * p;
            if (b / m - a / m + 1 <= max_bins || m >= fine->bins) break;
        }
        lo_i = a / m * m;
        nb = b / m - a / m + 1;
    } else {
        m = 1;
    }
    double lo = fine->lo + (double)lo_i * width;
    double hi = fine->lo + (double)(lo_i + nb * m) * width;
    int rc = pc_hist_init(out, lo, hi, nb);
    if (rc) return rc;
    for (size_t i = 0; i < fine->bins; i++) {
        if (!fine->counts[i]) continue;
        size_t d = (i - lo_i) / m;
        out->counts[d < nb ? d : nb - 1] += fine->counts[i];
    }
    out->n = fine->n;
    out->below = fine->below;
    out->above = fine->above;
    out->nan = fine->nan;
    out->sum = fine->sum;
    out->min = fine->min;
    out->max = fine->max;
    return PC_OK;
}

struct ranked {
    const char *name;
    uint64_t count;
    size_t seen; /* first-seen position */
};

static int cmp_ranked(const void *x, const void *y)
{
    const struct ranked *a = x, *b = y;
    if (a->count != b->count) return a->count > b->count ? -1 : 1;
    return a->seen < b->seen ? -1 : a->seen > b->seen;
}

int pc_catorder_build(struct pc_catorder *o, const struct pc_catcount *const *counts, size_t k)
{
    size_t total = 0;
    memset(o, 0, sizeof *o);
    for (size_t c = 0; c < k; c++)
        if (counts[c]) total += counts[c]->n;
    o->names = malloc((total ? total : 1) * sizeof *o->names);
    struct ranked *r = malloc((total ? total : 1) * sizeof *r);
    if (!o->names || !r) {
        free(r);
        pc_catorder_release(o);
        return PC_ENOMEM;
    }
    for (size_t c = 0; c < k; c++) {
        if (!counts[c]) continue;
        size_t nr = 0;
        for (size_t i = 0; i < counts[c]->n; i++) {
            const char *name = counts[c]->names[i];
            if (pc_catorder_index(o, name) < o->n) continue;
            r[nr++] = (struct ranked){name, counts[c]->counts[i], i};
        }
        qsort(r, nr, sizeof *r, cmp_ranked);
        for (size_t i = 0; i < nr; i++) o->names[o->n++] = r[i].name;
    }
    free(r);
    return PC_OK;
}

void pc_catorder_release(struct pc_catorder *o)
{
    free(o->names);
    memset(o, 0, sizeof *o);
}

size_t pc_catorder_index(const struct pc_catorder *o, const char *name)
{
    for (size_t i = 0; i < o->n; i++)
        if (strcmp(o->names[i], name) == 0) return i;
    return o->n;
}

const char *pc_catorder_color(const struct pc_catorder *o, const char *name)
{
    size_t i = pc_catorder_index(o, name);
    return i < o->n ? pc_svg_palette(i) : "#b0b0b0";
}
