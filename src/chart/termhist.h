/* Compact Unicode histograms for terminals ("▁▂▃▅█▇▅▃▂▁"), used by investigate and assess. */
#ifndef PC_CHART_TERMHIST_H
#define PC_CHART_TERMHIST_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

/* Appends one line: label, then one block character per bin scaled to the largest count
 * (an empty bin is a space, a non-empty bin at least "▁"), then "  lo .. hi (max N)".
 * lo_label / hi_label are printed as given (e.g. "$0", "$1,000"). */
int pc_termhist(struct pc_buf *out, const char *label, const uint64_t *counts, size_t bins,
                const char *lo_label, const char *hi_label);

/* Bins value into one of bins equal-width bins over [lo, hi); values outside are clamped to
 * the first/last bin. */
size_t pc_termhist_bin(double value, double lo, double hi, size_t bins);

#endif
