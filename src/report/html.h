/* The report page: one self-contained HTML document (inline CSS and SVG, no scripts, no
 * network) with charts and summary tables of every stage given, and the assessments.
 * Each chart is also returned on its own so the caller can write NAME.svg files. */
#ifndef PC_REPORT_HTML_H
#define PC_REPORT_HTML_H

#include <stddef.h>

#include "assess/assess.h"
#include "core/buf.h"
#include "report/collect.h"

enum { PC_REPORT_MAX_SPLITS = 3 };

/* What the page shows; every pointer may be NULL (that stage is left out). Not owned. */
struct pc_report_input {
    const struct pc_raw_stats *raw;
    const struct pc_items_stats *items, *sample;
    const struct pc_splitfile_stats *split[PC_REPORT_MAX_SPLITS];
    const char *split_names[PC_REPORT_MAX_SPLITS]; /* "train", "test", "validation" */
    const struct pc_assess *assess_items, *assess_sample, *assess_split;
    const char *const *raw_files;
    size_t nraw;
    const char *items_path, *sample_path, *split_dir;
};

struct pc_report_chart {
    char name[48]; /* file stem, e.g. "items_prices" */
    char *svg;     /* owned, NUL-terminated */
    size_t len;
};

struct pc_report_out {
    struct pc_buf html;
    struct pc_report_chart *charts;
    size_t n;
};

/* Builds the page into out (initialised here; release with pc_report_out_release).
 * files_dir is the relative folder the chart files will be written to (links only).
 * PC_ENOMEM on failure. */
int pc_report_build(const struct pc_report_input *in, const char *files_dir,
                    struct pc_report_out *out);
void pc_report_out_release(struct pc_report_out *out);

#endif
