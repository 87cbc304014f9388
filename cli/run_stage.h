/* Stage runner of `pricer run` (cli/cmd_run.c): runs one stage command in-process through
 * the command table, with resume (reuse when the fingerprint and outputs match), timing,
 * output hashing, counts, and run.json rewritten atomically after the stage. */
#ifndef PC_CLI_RUN_STAGE_H
#define PC_CLI_RUN_STAGE_H

#include <stddef.h>

#include "cli.h"

struct run_ctx {
    const char *rundir;
    int force, quiet;
    struct pc_run_state prev; /* the earlier run.json (empty when none) */
    struct pc_run_state cur;
    char *head;   /* leading run.json members (version, command, config) */
    char *totals; /* extra trailing members (totals), or NULL */
    int stage_no, stage_total;
    double t_start;
};

/* A command line being built: argv[argc] is NULL. Owns its strings. */
struct run_argv {
    char **v;
    int n, cap;
};
int run_argv_push(struct run_argv *a, const char *s);
int run_argv_pushf(struct run_argv *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void run_argv_release(struct run_argv *a);

/* What one stage reads and writes. */
struct run_stage_spec {
    const char *name;          /* record name, e.g. "parse:Appliances" */
    struct run_argv *argv;     /* the command as recorded and fingerprinted */
    const char *const *inputs; /* sha256 of every input (hex) */
    size_t ninputs;
    const char *const *outputs; /* output files or folders relative to rundir; a leading '?'
                                   marks an optional one */
    size_t noutputs;
    const char *stdout_to;  /* relative path that receives the command's stdout, or NULL */
    const char *dir_output; /* relative folder the command writes with -o; it is written
                               to a temporary folder and renamed when complete */
};

/* Runs or reuses a stage; on success *out_stage points at its record (for counts).
 * Returns PC_EXIT_OK or PC_EXIT_FAIL (after printing a message). */
int run_stage(struct run_ctx *x, const struct run_stage_spec *sp, struct pc_run_stage **out_stage);

/* Writes run.json now (tail = totals, complete flag). */
int run_write_state(struct run_ctx *x, int complete);

/* Counts lines of a file under rundir (0 when missing). */
uint64_t run_count_lines(const char *rundir, const char *rel);

/* Adds the non-negative integer members of a JSON stats file (nested objects as dotted
 * names; arrays skipped) as counts of st. Missing or invalid files add nothing. */
void run_add_stats_counts(struct pc_run_stage *st, const char *path);

/* Counts the lines of an items file ("items") and per "category" ("category.NAME"). */
void run_add_category_counts(struct pc_run_stage *st, const char *path);

/* A count of st by name (0 when absent or st is NULL). */
uint64_t run_count_of(const struct pc_run_stage *st, const char *name);

/* Appends "pricer ARG..." with shell quoting where needed. */
void run_put_cmdline(struct pc_buf *b, const struct run_argv *a);

#endif
