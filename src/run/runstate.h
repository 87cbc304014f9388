/* Bookkeeping of `pricer run`: inputs with sizes and SHA-256, one record per stage
 * (command, fingerprint, outputs with sizes and SHA-256, counts, timing), and run.json,
 * which is rewritten atomically after every stage so an interrupted run leaves a truthful
 * record of what is complete.
 *
 * Resume rule: a stage is reused when the previous run.json has a record with the same
 * name and fingerprint (SHA-256 over the pricer version, the stage's command line with the
 * run folder written as $RUNDIR, and the SHA-256 of every input file) and every output it
 * lists still exists with the recorded size and modification time.
 *
 * The fingerprint of a stage covers its settings: the "command" recorded for each stage is the
 * equivalent single-stage command line (running it alone gives the same bytes).
 *
 * Ownership: a struct pc_run_state owns all its strings; not thread-safe. */
#ifndef PC_RUN_RUNSTATE_H
#define PC_RUN_RUNSTATE_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/error.h"

struct pc_run_file {
    char *path;     /* as given (inputs) or relative to the run folder (outputs) */
    char *category; /* inputs only, else NULL */
    uint64_t size;
    int64_t mtime_ns;
    char sha256[65];
};

struct pc_run_count {
    char *name;
    uint64_t value;
};

enum pc_stage_status { PC_STAGE_RAN, PC_STAGE_REUSED, PC_STAGE_FAILED };

struct pc_run_stage {
    char *name;     /* "investigate", "parse:Appliances", "curate", "split", "report", "assess" */
    int status;     /* enum pc_stage_status */
    double seconds; /* wall seconds of the stage (0 when reused) */
    double cpu_seconds; /* user + system CPU seconds of every thread (0 when reused) */
    double peak_rss_mb; /* the process's peak resident memory when the stage ended (0 reused) */
    /* CPU seconds of the calling thread outside its shares of divided work (core/clock.h:
     * main_cpu_seconds) and of the busiest serial thread, that one included
     * (serial_cpu_seconds): the parts more cores do not shorten (0 when reused) */
    double main_cpu_seconds, serial_cpu_seconds;
    /* a parse stage whose input was hashed by a thread reading the file itself, from the
     * stage before on: that thread's CPU seconds (a chain of its own); else 0 */
    double hash_cpu_seconds;
    char fingerprint[65];
    char **argv; /* the stage command as run (with real paths) */
    size_t argc;
    struct pc_run_file *outputs;
    size_t noutputs;
    struct pc_run_count *counts;
    size_t ncounts;
};

struct pc_run_state {
    struct pc_run_file *inputs;
    size_t ninputs;
    struct pc_run_stage *stages;
    size_t nstages;
};

void pc_run_state_init(struct pc_run_state *s);
void pc_run_state_release(struct pc_run_state *s);

/* Loads the stages and inputs of an earlier run.json. A missing file is PC_ENOTFOUND; an
 * unreadable or invalid one PC_EFORMAT (callers then simply run every stage). */
int pc_run_state_load(struct pc_run_state *s, const char *path, struct pc_error *err);

/* Finds a stage / an input by name / path; NULL when absent. */
struct pc_run_stage *pc_run_state_stage(struct pc_run_state *s, const char *name);
const struct pc_run_file *pc_run_state_input(const struct pc_run_state *s, const char *path);

/* Adds a new stage record (status RAN, no outputs) and returns it (NULL: out of memory). A
 * record with the same name is replaced. argv is copied. */
struct pc_run_stage *pc_run_state_add_stage(struct pc_run_state *s, const char *name,
                                            char *const *argv, size_t argc);

/* Copies outputs, counts and fingerprint of src into dst (for a reused stage). */
int pc_run_stage_copy_results(struct pc_run_stage *dst, const struct pc_run_stage *src);

/* Appends a file record: stats and hashes path (rundir + "/" + rel when rundir is given).
 * For inputs, known (may be NULL) is an earlier record: when size and mtime match, its hash
 * is reused instead of reading the file again. */
int pc_run_add_input(struct pc_run_state *s, const char *path, const char *category,
                     const struct pc_run_state *known, struct pc_error *err);
/* Appends an input record with what is known of it: sha256 may be "" while the file has not
 * been read yet (fill s->inputs[i].sha256 later). */
int pc_run_add_input_known(struct pc_run_state *s, const char *path, const char *category,
                           uint64_t size, int64_t mtime_ns, const char *sha256);
int pc_run_stage_add_output(struct pc_run_stage *st, const char *rundir, const char *rel,
                            struct pc_error *err);
/* As pc_run_stage_add_output with the SHA-256 already known (computed while writing). */
int pc_run_stage_add_output_hashed(struct pc_run_stage *st, const char *rundir, const char *rel,
                                   const char *sha256, struct pc_error *err);
int pc_run_stage_add_count(struct pc_run_stage *st, const char *name, uint64_t value);

/* Fingerprint of a stage: SHA-256 over the version, argv (but "-j N": the bytes are the same
 * at any thread count; each occurrence of rundir as a
 * prefix of an argument replaced by "$RUNDIR") and the hashes of the inputs. */
void pc_run_fingerprint(const char *rundir, char *const *argv, size_t argc,
                        const char *const *input_hashes, size_t ninputs, char out[65]);

/* Identity of the tokenizer a parse stage will use, for its fingerprint: spec as
 * pc_tok_load resolves the default ("" -> the installed Llama 3.1 file; the caller resolves
 * the environment's PRICER_TOKENIZER first), plus size and mtime of the tokenizer.json (and
 * tokenizer_config.json of a folder) when they exist locally, so replacing the file reruns parse.
 * Writes into out (n bytes). */
void pc_run_tokenizer_identity(const char *spec, char *out, size_t n);

/* 1 when every output of st exists under rundir with its recorded size and mtime. */
int pc_run_stage_outputs_intact(const struct pc_run_stage *st, const char *rundir);

/* Writes run.json atomically. head is a JSON fragment of leading members (without braces,
 * e.g. "\"pricer_version\": \"0.1.0\", \"config\": {...}") and tail one of trailing members
 * (totals); either may be NULL. */
int pc_run_state_write(const struct pc_run_state *s, const char *path, const char *head,
                       const char *tail, struct pc_error *err);

#endif
