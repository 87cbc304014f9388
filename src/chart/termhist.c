#include "chart/termhist.h"

#include <inttypes.h>

static const char *const g_blocks[8] = {"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83",
                                        "\xe2\x96\x84", "\xe2\x96\x85", "\xe2\x96\x86",
                                        "\xe2\x96\x87", "\xe2\x96\x88"};

int pc_termhist(struct pc_buf *out, const char *label, const uint64_t *counts, size_t bins,
                const char *lo_label, const char *hi_label)
{
    uint64_t max = 0;
    for (size_t i = 0; i < bins; i++)
        if (counts[i] > max) max = counts[i];
    int rc = pc_buf_printf(out, "%s", label);
    for (size_t i = 0; !rc && i < bins; i++) {
        if (counts[i] == 0) {
            rc = pc_buf_putc(out, ' ');
            continue;
        }
        size_t level = (size_t)((double)counts[i] * 8.0 / (double)max);
        if (level > 7) level = 7;
        rc = pc_buf_puts(out, g_blocks[level]);
    }
    if (!rc) rc = pc_buf_printf(out, "  %s .. %s (max %" PRIu64 ")\n", lo_label, hi_label, max);
    return rc;
}

size_t pc_termhist_bin(double value, double lo, double hi, size_t bins)
{
    if (!(value > lo)) return 0;
    double f = (value - lo) / (hi - lo) * (double)bins;
    if (!(f < (double)bins)) return bins - 1;
    return (size_t)f;
}
