/* Reading the report's JSONL files (items, sample, split) with worker threads
 * (pipe/pipe.h): workers parse lines into records and do each record's assessment work that
 * needs no order (pc_assess_prepare: body hash, MinHash signature, Bloom filter words, and
 * a field's length in code points); the
 * calling thread gets the records in input order, so whatever it adds is added as a plain
 * sequential scan (pc_rec_scan) would add it: the same results at any thread count. */
#ifndef PC_REPORT_SCAN_PAR_H
#define PC_REPORT_SCAN_PAR_H

#include <stddef.h>
#include <stdint.h>

#include "assess/assess.h"
#include "core/error.h"
#include "dataset/records.h"

struct pc_par_scan {
    const char *const *paths; /* files read one after the other */
    size_t n;
    int threads; /* worker threads (>= 1) */
    /* assessment whose pc_assess_prepare the workers run (NULL: none; prep is then NULL) */
    const struct pc_assess *a;
    /* field whose length in code points the workers count (a PC_RF_* string field; -1:
     * none): rec's chars, -1 when the record's field is not a string */
    int count_field;
    void *ctx;
    /* Calling thread, in order: file k is about to be read (every file, empty ones too). */
    int (*file_start)(void *ctx, size_t k);
    /* Calling thread, in input order, like pc_rec_scan's callbacks (blank lines skipped);
     * a non-zero return stops the scan and is returned. */
    int (*rec)(void *ctx, const struct pc_rec *r, int64_t line_no,
               const struct pc_assess_prep *prep, int64_t chars);
    int (*bad)(void *ctx, int64_t line_no, const char *message);
    /* Optional: the CPU nanoseconds the reader and worker threads spend filling and working
     * batches are added here, atomically, as they go (with threads >= 2). */
    uint64_t *helper_ns;
};

/* Runs the scan. Errors as pc_rec_scan (PC_EIO / PC_EFORMAT / PC_ETOOBIG with err naming
 * file and line), or a callback's. */
int pc_par_scan_run(const struct pc_par_scan *s, struct pc_error *err);

#endif
