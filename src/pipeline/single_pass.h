/* The single pass over a raw file: while parse turns its lines into items, the same workers
 * gather investigate's statistics and the report's raw-data statistics from the same lines
 * (a pc_line_observer, pipe/parse_job.h), and the reader hashes the raw bytes. The result is
 * written as a small per-input statistics file that the investigate and report stages read
 * instead of the raw file:
 *   {"file": PATH, "category": C, "investigate": {...pc_inv_stats_dump...},
 *    "raw": {...pc_raw_stats_dump...}} */
#ifndef PC_PIPELINE_SINGLE_PASS_H
#define PC_PIPELINE_SINGLE_PASS_H

#include "core/buf.h"
#include "investigate/investigate.h"
#include "pipe/parse_job.h"
#include "report/collect.h"

struct pc_single_pass {
    struct pc_inv_opts win;
    struct pc_inv_stats *inv; /* of the input */
    struct pc_raw_stats raw;
    const char *name; /* base name of the input (rows per file in the report) */
    struct pc_line_observer obs;
};

/* Sets up sp for one input (name: its path). PC_ENOMEM. */
int pc_single_pass_init(struct pc_single_pass *sp, const struct pc_inv_opts *win, const char *name);
void pc_single_pass_release(struct pc_single_pass *sp);

/* Appends the statistics file's JSON (with a final newline). */
int pc_single_pass_dump(const struct pc_single_pass *sp, const char *path, const char *category,
                        struct pc_buf *out);

/* Reads a statistics file: adds its investigate part into inv (may be NULL) and its raw part
 * into raw (may be NULL). PC_EIO / PC_EFORMAT with err naming the file. */
int pc_single_pass_load(const char *file, struct pc_inv_stats *inv, struct pc_raw_stats *raw,
                        struct pc_error *err);

/* Merges the statistics files of the shards of one input (files[0..n), in shard order:
 * pipe/shard.h) into the file the unsharded single pass writes for path and category,
 * appended to out: counters and histograms add, listed values are concatenated in order,
 * sums are exact, so the bytes are the unsharded ones. Errors as pc_single_pass_load. */
int pc_single_pass_merge_files(const char *const *files, size_t n, const char *path,
                               const char *category, struct pc_buf *out, struct pc_error *err);

#endif
