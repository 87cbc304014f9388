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

/* The items part of a report read ahead (pc_report_items_run). */
struct pc_report_items;

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
    /* Optional: the records the items, sample and split parts are expected to hold (0 =
     * unknown; the pipeline knows them from its stages' counts): each part's assessment gets
     * its number as assess_opts.expect. */
    size_t expect_items, expect_sample, expect_split;
    /* Optional: receives the split folder's assessment (caller frees with pc_assess_free), so
     * a following assess of the same folder with the same options need not redo it. */
    struct pc_assess **keep_split;
    /* Threads for reading items, sample and split (0 or 1: the calling thread only). With
     * 2 or more, worker threads parse the lines and do the per-record hashing of the
     * assessment while the calling thread adds the records in order (report/scan_par.h):
     * the page is the same at any count. Callbacks stay on the calling thread. */
    int threads;
    /* Optional: the CPU nanoseconds of the threads the job starts (the readers' workers, the
     * assessment's finish) are added here, atomically, as they go; for a caller that
     * charges CPU by its thread's clock (report_ahead.c). */
    uint64_t *helper_ns;
    /* Optional: the items part already read by pc_report_items_run from the same items files
     * and assessment options (used instead of reading them again; the page is the same).
     * pc_report_run takes it over and frees it, whatever its result; a failure recorded in
     * it is returned as reading the items would have returned it. */
    struct pc_report_items *items_pre;
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

/* Reads the items part of job j alone (its items files into statistics and, when j->assess,
 * their assessment with the MinHash signatures a following sample part reuses), so it can
 * run ahead, e.g. on another thread while the sample and split files are still being
 * written. Uses j->items, nitems, assess, assess_opts, threads, helper_ns, user and
 * progress; j need
 * not outlive the call. *out receives the result and any error (free it with
 * pc_report_items_free, or hand it to pc_report_run as items_pre) unless allocating it fails
 * (PC_ENOMEM, *out unchanged); returns that error (PC_OK when read). */
int pc_report_items_run(const struct pc_report_job *j, struct pc_report_items **out);
void pc_report_items_free(struct pc_report_items *it);

/* Reads one raw file into s (rows per file are counted under the file's base name).
 * progress as in struct pc_report_job (may be NULL). Errors as pc_report_run. */
int pc_report_scan_raw(const char *path, struct pc_raw_stats *s, void *user,
                       void (*progress)(void *user, uint64_t done, uint64_t total, uint64_t rows),
                       struct pc_error *err);

#endif
