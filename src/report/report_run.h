/* `pricer report` as a library call: streams the given stage files into statistics, builds
 * the page (report/html.h) and writes it with its chart files beside it
 * (<name>_files/CHART.svg), each through a temporary file renamed into place. The CLI's
 * `pricer report` and the pipeline's report stage both call pc_report_run. */
#ifndef PC_REPORT_REPORT_RUN_H
#define PC_REPORT_REPORT_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "assess/assess.h"
#include "core/error.h"
#include "report/collect.h"

struct pc_report_job {
    /* Raw catalogue files read for the day-1 charts (plain/.gz/.zst/.xz), or, when raw_stats
     * is set, statistics already gathered by the parse pass (raw_files then only names them
     * in the page). */
    const char *const *raw_files;
    size_t nraw;
    const struct pc_raw_stats *raw_stats;
    const char *const *items; /* parse outputs */
    size_t nitems;
    const char *const *sample; /* curated sample(s) */
    size_t nsample;
    const char *split;  /* split folder, or NULL */
    const char *output; /* the page to write (required) */
    int assess;         /* include the assessment */
    struct pc_assess_opts assess_opts;
    /* Optional: receives the split folder's assessment (caller frees with pc_assess_free), so
     * a following assess of the same folder with the same options need not redo it. */
    struct pc_assess **keep_split;
    /* Threads for reading items, sample and split (0 or 1: the calling thread only). With
     * 2 or more, worker threads parse the lines and do the per-record hashing of the
     * assessment while the calling thread adds the records in order (report/scan_par.h):
     * the page is the same at any count. Callbacks stay on the calling thread. */
    int threads;
    void *user;
    /* Optional: raw bytes read of the current raw file (total 0 when unknown) and rows. */
    void (*progress)(void *user, uint64_t done, uint64_t total, uint64_t rows);
};

/* Runs the job. *ncharts (may be NULL) receives the number of chart files and files_dir (may
 * be NULL, n bytes) the folder they were written to. Errors: PC_EIO / PC_EFORMAT (a file that
 * cannot be read, or truncated / corrupt compressed data) with err->file naming it,
 * PC_ENOTFOUND (a split folder without train.jsonl / test.jsonl), PC_ENOMEM. A failure
 * leaves no partial page. */
int pc_report_run(const struct pc_report_job *job, size_t *ncharts, char *files_dir, size_t n,
                  struct pc_error *err);

/* Reads one raw file into s (rows per file are counted under the file's base name).
 * progress as in struct pc_report_job (may be NULL). Errors as pc_report_run. */
int pc_report_scan_raw(const char *path, struct pc_raw_stats *s, void *user,
                       void (*progress)(void *user, uint64_t done, uint64_t total, uint64_t rows),
                       struct pc_error *err);

#endif
