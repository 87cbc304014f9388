/* The whole pricer run as one library call: parse (one items file per input, one pass over
 * each raw file that also gathers investigate's and the report's raw statistics: see
 * single_pass.h) -> investigate -> curate -> split -> report -> assess, driven by a resolved
 * configuration (settings/settings.h: the one table of settings). Every stage calls the same
 * library functions the single-stage commands call; nothing here parses an argv, prints or exits.
 * Shells (the CLI's `pricer run`, the Python package, a distributed runner) translate their inputs
 * into a struct pc_runcfg and struct pc_pipeline_opts and call pc_pipeline_run.
 *
 * The run folder (RUNDIR) receives items/<Category>.jsonl (+ .stats.json, .raw.json), sample.jsonl,
 * dataset/, investigate.json, report.html (+ report_files/), assess.json and run.json.
 *
 * Resume: a stage is reused when the previous run.json has a record with the same name and
 * fingerprint (SHA-256 over the pricer version, the stage's settings written as the
 * equivalent single-stage command line with RUNDIR as $RUNDIR, and the SHA-256 of each input)
 * and its outputs are intact (size and mtime). run.json is rewritten atomically after every
 * stage with the stage's counts, wall and CPU seconds, so after any interruption it states
 * exactly what is complete.
 *
 * Inputs are hashed (SHA-256 of the raw bytes) while the first stage that needs them reads
 * them; a file whose size and mtime match the previous run.json reuses its recorded hash.
 * One tokenizer is loaded once per run (only when a parse stage runs) and shared read-only by
 * every parse thread.
 *
 * Concurrency: RUNDIR/.lock is held (flock) for the whole run; a second run into the same
 * RUNDIR fails at once with PC_EBUSY naming the holder's PID. Stale "*.tmp.*" files left by a
 * killed run are removed at the start.
 *
 * Thread-safety: one call per RUNDIR at a time (enforced by the lock); the hooks are called
 * from the calling thread only. */
#ifndef PC_PIPELINE_PIPELINE_H
#define PC_PIPELINE_PIPELINE_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "settings/settings.h"
#include "tok/tok.h"

/* Progress and messages of a run; every member may be NULL. Called on the calling thread. */
struct pc_pipeline_hooks {
    void *user;
    /* A stage begins: no-th of total ("parse:Appliances"); cmdline is the equivalent
     * single-stage command ("pricer parse ..."), reused 1 when its outputs are reused. */
    void (*stage_start)(void *user, int no, int total, const char *name, const char *cmdline,
                        int reused);
    /* A stage that ran is complete: wall and CPU (user + system) seconds. */
    void (*stage_done)(void *user, const char *name, double wall, double cpu);
    /* Bytes done of total (0 = unknown) and records so far, within the current stage. */
    void (*progress)(void *user, const char *stage, uint64_t done, uint64_t total,
                     uint64_t records);
    /* A skipped raw line (at most 20 per stage are reported; all are counted). */
    void (*invalid_line)(void *user, const char *file, int64_t line_no, const char *reason,
                         const char *message);
    /* A note worth showing (e.g. "ignoring unreadable run.json"). */
    void (*note)(void *user, const char *message);
};

struct pc_pipeline_opts {
    const char *rundir;               /* required */
    int force;                        /* rerun every stage even when it could be reused */
    int dry_run;                      /* only report the stage command lines through stage_start */
    char *const *argv;                /* the command that started the run, recorded in run.json */
    int argc;                         /* (may be 0) */
    const struct pc_tok_env *tok_env; /* the environment's tokenizer settings (may be NULL):
                                         the library never reads the environment itself */
    const char *tok_cache_dir;        /* compiled tokenizer images (pc_tok_load_ex); NULL: none */
};

/* What the run produced (filled on success). */
struct pc_pipeline_result {
    int inputs;
    uint64_t rows, items, sample, train, test, validation;
    int stages, reused;
    double seconds;
};

/* Runs (or resumes) the whole pipeline into opts->rundir. Returns PC_OK, or a negative
 * pc_code with err filled: PC_EINVAL (bad configuration: no inputs, an input named without
 * meta_<Category>.jsonl), PC_EIO (an input cannot be read: err->file names it), PC_EFORMAT
 * (corrupt or truncated compressed input), PC_EBUSY (RUNDIR locked by another run),
 * PC_ESHORT (the sample is smaller than train + test and split.allow_short is false), or the
 * failing stage's error. A failure leaves the completed stages recorded in run.json (reused
 * by the next run) and no partial output file (outputs are written to temporary names and
 * renamed into place). res may be NULL. */
int pc_pipeline_run(const struct pc_runcfg *cfg, const struct pc_pipeline_opts *opts,
                    const struct pc_pipeline_hooks *hooks, struct pc_pipeline_result *res,
                    struct pc_error *err);

#endif
