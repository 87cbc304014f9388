/* The whole pipeline as one call, as `pricer run` does it: parse -> investigate -> curate ->
 * split -> report -> assess into a run folder, resumable (stages whose inputs and settings
 * are unchanged are reused). Settings come from a YAML config and overrides, the keys of
 * `pricer run --help-config`. One call per run folder at a time (a lock file enforces it). */
#ifndef PRICER_RUN_H
#define PRICER_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "pricer/error.h"
#include "pricer/tokenizer.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What a run produced. */
struct pricer_run_result {
    int inputs;
    uint64_t rows, items, sample, train, test, validation;
    int stages, reused;
    double seconds;
};

/* Runs (or resumes) the pipeline into rundir (required). config: a YAML file (NULL = the
 * reference defaults). keys[i] / values[i], i < n: overrides like `pricer run --set
 * KEY=VALUE` ("parse.min_tokens" / "150"; a key without a dot is a top-level key such as
 * "data_dir" or "jobs"; lists as "a,b,c", map entries as "K=V"). force: rerun every stage.
 * env: the environment's tokenizer settings (may be NULL). res may be NULL. Errors: those of
 * the config (PRICER_EFORMAT naming file and line), PRICER_EINVAL (unknown key, bad value),
 * the pipeline's (an input that cannot be read names its file; a short sample is
 * PRICER_ESHORT). Completed stages stay recorded for the next run. Progress is not reported
 * (use the CLI for a progress bar). */
PRICER_API int pricer_run(const char *config, const char *rundir, const char *const *keys,
                          const char *const *values, size_t n, int force,
                          const struct pricer_tokenizer_env *env, struct pricer_run_result *res,
                          struct pricer_error *err);

#ifdef __cplusplus
}
#endif

#endif
