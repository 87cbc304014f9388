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
    /* A detail worth showing with -v (e.g. "split: sample index from curate"). */
    void (*detail)(void *user, const char *message);
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
    unsigned shards;                  /* > 0: the reduce of a sharded run (see below) */
    const char *worker;               /* label of shards parsed by this call (NULL: "local") */
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

/* ---- shards: the parse stage spread over processes or machines ----
 *
 * Shard k of n (k from 1) of one input is pipe/shard.h's shard k/n of that input alone: a
 * byte range of a plain file cut at line starts (a compressed file: at its zstd frames or BGZF
 * members when it has several, else whole to shard 1).
 * pc_pipeline_shard parses it with the run's resolved settings (cfg: the same configuration
 * as the run) into RUNDIR/shards/<Name>-<k>-of-<n>.jsonl, .stats.json and .raw.json (Name:
 * the input's items name, e.g. "Appliances" or "Appliances-2"), then writes the done record
 * RUNDIR/shards/<Name>-<k>-of-<n>.done.json: {"fingerprint", "input", "category", "shard":
 * "k/n", "worker", "bytes" (raw bytes of the range), "items_bytes", "items", "rows",
 * "seconds", "cpu_seconds", "reused"}. Every file goes to a temporary name renamed into place,
 * the done record last. The fingerprint is the parse stage's (pricer version, the stage's
 * settings as its command line, tokenizer identity) with the input's path, size and mtime in
 * place of its SHA-256 (a shard reads only its range) and "k/n". A call whose done record
 * has the current fingerprint and whose files are intact parses nothing (res->reused = 1; the
 * record is rewritten with "reused": true, the files are untouched); a retried call gives the
 * same bytes. No lock is taken (shards of one RUNDIR run concurrently; each writes only its
 * own files) and run.json is not touched. The tokenizer is loaded by the first shard call of
 * the process and kept for the next ones (a worker running many shards loads it once; a
 * different tokenizer identity replaces it when no call uses it).
 *
 * pc_pipeline_run with opts->shards = n: the parse stage of an input (when it is not reused)
 * takes its n shards: those whose done record has the current fingerprint and whose files are
 * intact are merged; the others are parsed here first (worker opts->worker). Merging
 * concatenates the items in k order and merges the parse statistics
 * (pc_parse_stats_merge_files) and the single pass's statistics
 * (pc_single_pass_merge_files): the outputs are byte for byte those of an unsharded run, and
 * so is everything downstream. The input's SHA-256 is then computed by reading it (without
 * parsing) unless run.json recorded it for the same size and mtime. run.json gets "shards":
 * one record per shard merged ({"input", "shard", "worker", "bytes", "seconds", "reused"}). */

struct pc_pipeline_shard_result {
    int reused;           /* 1: the shard's outputs were already complete */
    uint64_t bytes;       /* raw bytes of the input in the shard's range */
    uint64_t items_bytes; /* size of the shard's items file */
    uint64_t items, rows;
    double seconds; /* of the parse (the recorded one when reused) */
};

/* Parses shard k of n (1 <= k <= n <= 1000000) of input `input` (index into the resolved
 * inputs, in configuration order) into opts->rundir/shards/ as described above; worker
 * labels the done record (NULL: "local"). Returns PC_OK or a negative pc_code with err
 * filled: PC_EINVAL (bad k/n or input index, bad configuration), PC_EIO (unreadable input or
 * unwritable folder), the parse's errors. A failure leaves no done record (and no partial
 * file) for the shard. res may be NULL. Thread-safety: calls for different shards may run at
 * once (in threads or processes); hooks as for pc_pipeline_run. */
int pc_pipeline_shard(const struct pc_runcfg *cfg, const struct pc_pipeline_opts *opts, int input,
                      unsigned k, unsigned n, const struct pc_pipeline_hooks *hooks,
                      struct pc_pipeline_shard_result *res, struct pc_error *err);

/* The inputs of a configuration as a run resolves them, in order (for a runner that enumerates
 * shard tasks): for input i, paths[i], categories[i], names[i] (its items name: "Appliances",
 * a repeated category "Appliances-2") and sizes[i] in bytes. The plan owns its strings (free
 * with pc_pipeline_plan_free; a failed call leaves it empty). Reads only the inputs' sizes;
 * takes no lock. PC_EINVAL / PC_EIO as pc_pipeline_run, PC_ENOMEM. */
struct pc_pipeline_plan {
    int n;
    char **paths, **categories, **names;
    uint64_t *sizes;
};
int pc_pipeline_plan(const struct pc_runcfg *cfg, const struct pc_pipeline_opts *opts,
                     struct pc_pipeline_plan *plan, struct pc_error *err);
void pc_pipeline_plan_free(struct pc_pipeline_plan *plan);

#endif
