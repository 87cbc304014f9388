/* Internals shared by pipeline.c (bookkeeping) and stages.c (the stage graph and bodies). */
#ifndef PC_PIPELINE_PIPELINE_INT_H
#define PC_PIPELINE_PIPELINE_INT_H

#include <stdint.h>

#include "pipeline/pipeline.h"
#include "pipeline/rundir.h"
#include "run/runstate.h"
#include "assess/assess.h"
#include "pipe/source.h"
#include "tok/tok.h"

struct pl_input {
    char path[4096];
    char category[256];
    char items[512]; /* relative to the run folder: items/<Category>.jsonl */
    char sha256[65]; /* "" until known (recorded, or hashed while read) */
    uint64_t size;
    int64_t mtime;
};

struct pl_ctx {
    const struct pc_runcfg *cfg;
    const struct pc_pipeline_opts *o;
    const struct pc_pipeline_hooks *h;
    const char *rundir;
    int lock_fd;
    struct pl_input *in;
    int nin;
    struct pc_run_state prev, cur;
    char *head, *totals;
    double t_start, c_start; /* wall and process CPU seconds at the start */
    int stage_no, stage_total;
    const char *current;            /* name of the running stage (progress) */
    struct pc_tok *tok;             /* loaded once, on first use, shared by every parse thread */
    struct pc_assess *split_assess; /* the report's assessment of dataset/, for assess */
    char tok_spec[4096];            /* the tokenizer as resolved (config, else environment) */
    struct {
        uint64_t rows, items, sample, train, test, validation;
    } totals_v;
    struct pc_buf shard_recs; /* run.json's "shards": the records of the merged shards */
    struct pl_ahead *ahead;   /* the report's items part running ahead (report_ahead.c) */
    double ahead_cpu;         /* its thread's CPU seconds once joined */
    double ahead_credit;      /* CPU seconds the report stage adds to its own (then 0) */
    /* CPU seconds of the running stage's busiest serial thread other than the calling one
     * (parse: the reader's or the hasher's; report: the in-order items part's); set by the
     * stage, 0 at its start; see pc_run_stage.serial_cpu_seconds */
    double stage_serial;
    /* The next parse stage's input, opened by the one before with its SHA-256 already running
     * (pc_reader_hash_ahead), so that at many cores a file's hash does not set its stage's
     * pace; input next_i; NULL when none. Taken by its stage, freed by pl_release. */
    struct pc_reader *next_rd;
    int next_i;
    /* A parse stage whose input's hash (on a thread that reads the file itself) had not
     * finished when its parse had: its record waits for it without a fingerprint while the
     * next parse stage runs, which finishes it after its own parse; any other stage finishes
     * it before it runs (pl_pending_finish). sp NULL: none. Freed by pl_release. */
    struct {
        struct pl_stage *sp;
        struct pc_reader *rd;
        int i;
    } pending;
    /* The index of RUNDIR/sample.jsonl as curate wrote it in this process (NULL when curate
     * was reused), with the file's size and mtime then: split takes it instead of reading
     * the sample again when the file is still that one. Freed by split and pl_release. */
    struct pc_items_index *sample_ix;
    uint64_t sample_size;
    int64_t sample_mtime;
};

/* One stage as the runner sees it. argv: the equivalent single-stage command (fingerprinted,
 * recorded); inputs: SHA-256 of every input ("" or NULL while unknown: the stage cannot be
 * reused and fills them as it reads); outputs relative to the run folder ('?' = optional). */
struct pl_stage {
    const char *name;
    struct pc_strlist argv;
    char **inputs;
    size_t ninputs;
    const char *outputs[4];
    size_t noutputs;
    const char *stdout_to; /* shown as "> FILE" in the command (investigate, assess) */
    int (*run)(struct pl_ctx *x, struct pl_stage *sp, struct pc_run_stage *rec,
               struct pc_error *err);
    int arg; /* e.g. the input index of a parse stage */
    /* an output whose SHA-256 the stage computed while writing it (not read back) */
    const char *hashed_rel;
    char hashed_sha[65];
};

int pl_run_stage(struct pl_ctx *x, struct pl_stage *sp, struct pc_run_stage **out,
                 struct pc_error *err);
int pl_write_state(struct pl_ctx *x, int complete, struct pc_error *err);
/* Appends "pricer ARG..." with shell quoting where needed. */
void pl_put_cmdline(struct pc_buf *b, const struct pc_strlist *a);
uint64_t pl_count_of(const struct pc_run_stage *st, const char *name);

/* graph.c: builds and runs the graph. */
int pl_run_graph(struct pl_ctx *x, struct pc_error *err);
/* The tokenizer as resolved (x->tok_spec) and its identity for fingerprints (tok_id). */
void pl_tok_setup(struct pl_ctx *x, char *tok_id, size_t n);
/* The parse stage of input i as its single-stage command ("parse ... -o ITEMS FILE"). */
void pl_parse_argv(const struct pl_ctx *x, int i, struct pc_strlist *argv);
/* What a parse stage writes besides the items (an input of its fingerprint: run folders of
 * earlier versions, whose statistics files differ, are not reused). */
#define PL_PARSE_OUTPUTS "outputs: items, stats, raw statistics v2 (exact sums)"

/* pipeline.c: the inputs of the configuration (x->in, x->nin) and their run.json records. */
int pl_resolve_inputs(struct pl_ctx *x, struct pc_error *err);
/* stages.c: the stage bodies (struct pl_stage.run); pl_release frees what they keep in x
 * (the tokenizer, the report's assessment of the dataset). */
int pl_run_investigate(struct pl_ctx *x, struct pl_stage *sp, struct pc_run_stage *rec,
                       struct pc_error *err);
/* The raw inputs of the parse stages (inputs.c). pl_input_open: input i for its parse stage,
 * opened ahead by the stage before or now, hashed unless its hash is known (at -j1 inline;
 * with threads on a thread that reads the file itself, pc_reader_hash_ahead); with threads
 * the next input that still needs its hash is opened too, so that its hash runs beside this
 * stage's parse (a file's SHA-256, ~1.8 GB/s on one core, would otherwise bound a parse stage
 * on many cores; an error opening it is left to its own stage). pl_input_done, after the
 * parse of sp's input (rc: how it went): finishes the stage before's pending hash, then
 * this input's hash, or leaves it pending for the next stage (keeping rd); else frees rd.
 * pl_pending_finish waits for the pending hash (x->pending) and fills the input's SHA-256
 * and the stage record's fingerprint and hash_cpu_seconds: PC_OK when none is pending; a
 * failed hash (a read error, the file changed) is returned naming the file.
 * pl_pending_drop drops the pending hash (its record keeps no fingerprint); pl_inputs_release
 * drops it and the opened-ahead reader (stopping their hashes). */
int pl_input_open(struct pl_ctx *x, int i, struct pc_reader **r, struct pc_error *err);
int pl_input_done(struct pl_ctx *x, struct pl_stage *sp, struct pc_reader *rd, int rc,
                  struct pc_error *err);
int pl_pending_finish(struct pl_ctx *x, struct pc_error *err);
void pl_pending_drop(struct pl_ctx *x);
void pl_inputs_release(struct pl_ctx *x);
int pl_run_parse(struct pl_ctx *x, struct pl_stage *sp, struct pc_run_stage *rec,
                 struct pc_error *err);
int pl_run_curate(struct pl_ctx *x, struct pl_stage *sp, struct pc_run_stage *rec,
                  struct pc_error *err);
int pl_run_split(struct pl_ctx *x, struct pl_stage *sp, struct pc_run_stage *rec,
                 struct pc_error *err);
int pl_run_report(struct pl_ctx *x, struct pl_stage *sp, struct pc_run_stage *rec,
                  struct pc_error *err);
int pl_run_assess(struct pl_ctx *x, struct pl_stage *sp, struct pc_run_stage *rec,
                  struct pc_error *err);
void pl_release(struct pl_ctx *x);
/* pipeline.c: CPU seconds (user + system) of the process (wall seconds: pc_wall_now,
 * core/clock.h); size and mtime (ns; mtime may be NULL) of a regular file (-1 when it is not
 * one or cannot be read). */
double pl_now_cpu(void);
int pl_file_stat(const char *p, uint64_t *size, int64_t *mtime);
/* The run's -j: threads for the stages (the option, else one per core). */
int pl_threads_of(const struct pl_ctx *x);

/* stages.c: a stage's progress forwarded to the hooks (pc_items_progress_fn; user: a
 * pl_watch); a statistics file's integer members added to a stage record as counts
 * (nested objects as dotted names). */
struct pl_watch {
    struct pl_ctx *x;
    uint64_t total, shown;
};
void pl_on_items_progress(void *user, uint64_t done, uint64_t total, uint64_t lines);
int pl_add_json_counts(struct pc_run_stage *st, const struct pc_buf *b);
/* stages_dataset.c: drops curate's index of the sample kept for split. */
void pl_sample_ix_drop(struct pl_ctx *x);

/* The paths of the items files (RUNDIR/items/<Category>.jsonl), in input order, as a
 * NULL-terminated list to free with pl_paths_free; NULL when out of memory. */
char **pl_items_paths(const struct pl_ctx *x);
void pl_paths_free(char **p); /* accepts NULL */

/* report_ahead.c: with -j > 1, the report's items part (items/<Category>.jsonl into the
 * report's statistics and items assessment, whose MinHash signatures the sample and split
 * parts reuse) depends only on the parse outputs, so it runs on one background thread while
 * curate and split run; the report stage then reads only sample and split. It only reads
 * and computes in memory: nothing is written until the report stage, whose record is
 * written when it completes (a killed run leaves no part of a report).
 * pl_ahead_start: starts it before curate (cur: the curate stage, for guessing whether the
 * report will be reused: then nothing starts); does nothing at -j1, when already started or
 * when it cannot start (the report then reads the items itself).
 * pl_ahead_cpu: the thread's CPU seconds so far (after it was joined: its total), so each
 * stage's cpu_seconds counts only its own work; the report stage adds the whole of it
 * (ahead_credit).
 * pl_ahead_take: waits for it and hands over its result (NULL when none was started).
 * pl_ahead_cancel: waits for it and drops its result (an earlier failure, a reused report;
 * pl_release calls it). */
struct pc_report_items;
void pl_ahead_start(struct pl_ctx *x, const struct pl_stage *cur);
double pl_ahead_cpu(const struct pl_ctx *x);
struct pc_report_items *pl_ahead_take(struct pl_ctx *x);
void pl_ahead_cancel(struct pl_ctx *x);

/* The parse of one input (or of one shard of it: pin's reader and line_base) into
 * items_path (its SHA-256 computed while writing, into items_sha), raw_path (the single
 * pass's statistics) and stats_path (the parse statistics, whose text is left in
 * stats_json). Loads the run's tokenizer on first use. *kept: the items written. Every
 * file is written to a temporary name and renamed into place. */
int pl_parse_to(struct pl_ctx *x, int i, const struct pc_parse_input *pin, const char *items_path,
                const char *stats_path, const char *raw_path, char items_sha[65],
                struct pc_buf *stats_json, uint64_t *kept, struct pc_error *err);

/* The parse stage's run.json counts: "items" (kept) and the statistics file's numbers. */
int pl_add_parse_counts(struct pc_run_stage *rec, uint64_t kept, const struct pc_buf *stats_json);

/* shard_stage.c: the parse stage of input i (sp->arg) from its x->o->shards shards in
 * RUNDIR/shards/ (missing or stale ones are parsed here first), merged into exactly the
 * unsharded outputs; shard records appended to x->shard_recs. */
int pl_merge_shards(struct pl_ctx *x, struct pl_stage *sp, struct pc_run_stage *rec,
                    struct pc_error *err);
/* The records of input i's shards (those still intact) when its parse stage is reused. */
void pl_shard_records_reused(struct pl_ctx *x, int i);

#endif
