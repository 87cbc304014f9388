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

/* Everything a run takes, for pricer_run_ex, pricer_run_plan and pricer_run_shard. Only
 * rundir is required; zero-initialise the rest. */
struct pricer_run_options {
    const char *config;        /* YAML file, NULL = the reference defaults */
    const char *rundir;        /* the run folder */
    const char *const *keys;   /* overrides keys[i] = values[i], i < n, as for pricer_run; a */
    const char *const *values; /* key without a dot is a top-level key, else the one stage */
    size_t n;                  /* key of that name ("min_tokens"; "seed" is ambiguous) */
    int force;                 /* rerun every stage (pricer_run_shard: reparse the shard) */
    const struct pricer_tokenizer_env *env; /* the environment's tokenizer settings, or NULL */
    unsigned shards;         /* pricer_run_ex: > 0 merges N shards per input (below) */
    const char *worker;      /* label recorded for shards parsed by this call (NULL: local) */
    const char *const *argv; /* pricer_run_ex: the command that started the run, recorded in */
    int argc;                /* run.json (argc 0: none) */
};

/* pricer_run with every option: with o->shards = N > 0 the parse stage of each input merges
 * its N shards from RUNDIR/shards/ (made by pricer_run_shard, on any machine sharing the
 * folder), parsing missing or stale ones itself, into exactly the outputs of an unsharded run
 * (same items, statistics and everything downstream, byte for byte); run.json then lists
 * "shards": {input, shard "K/N", worker, bytes, items, seconds, reused} per shard. Errors and
 * what a failure leaves: as pricer_run. */
PRICER_API int pricer_run_ex(const struct pricer_run_options *o, struct pricer_run_result *res,
                             struct pricer_error *err);

/* The inputs of a configuration as a run resolves them, in order: a runner enumerates its
 * shard tasks from it. Free with pricer_run_plan_free. Errors: those of the configuration,
 * PRICER_EIO naming an input that does not exist. */
struct pricer_run_plan {
    int n;
    char **paths;      /* the input files */
    char **categories; /* their categories */
    char **names;      /* their items names ("Appliances", a repeated category "Appliances-2") */
    uint64_t *sizes;   /* their sizes in bytes */
};
PRICER_API int pricer_run_plan(const struct pricer_run_options *o, struct pricer_run_plan *plan,
                               struct pricer_error *err);
PRICER_API void pricer_run_plan_free(struct pricer_run_plan *plan);

/* What one shard task did. */
struct pricer_shard_result {
    int reused;           /* 1: the shard was complete already (nothing parsed) */
    uint64_t bytes;       /* raw bytes of the input in the shard's range */
    uint64_t items_bytes; /* size of the shard's items file */
    uint64_t items, rows;
    double seconds; /* the parse's wall seconds (the recorded ones when reused) */
};

/* Parses shard k of n (1 <= k <= n) of input `input` (index into pricer_run_plan's list)
 * into RUNDIR/shards/<Name>-<k>-of-<n>.{jsonl,stats.json,raw.json} plus the done record
 * <Name>-<k>-of-<n>.done.json (fingerprint, worker o->worker, bytes, seconds), every file
 * written to a temporary name and renamed into place, the record last. A plain input is cut
 * at line starts (pricer parse --shard's rule), a compressed one at its zstd frames or BGZF
 * members when it has several, else it goes whole to shard 1.
 * Idempotent: a shard whose record matches the current settings, tokenizer and input (path,
 * size, mtime) is not parsed again (res->reused), and a retried task writes the same bytes.
 * Takes no lock and does not touch run.json: tasks for different shards may run at once, in
 * threads or processes on several machines. One tokenizer is loaded per call. Errors:
 * PRICER_EINVAL (bad k/n or input), those of the configuration and of the parse; a failure
 * leaves no done record. res may be NULL. */
PRICER_API int pricer_run_shard(const struct pricer_run_options *o, int input, unsigned k,
                                unsigned n, struct pricer_shard_result *res,
                                struct pricer_error *err);

/* Setting i of the settings table (`pricer run --help-config`), for shells that translate
 * their own options: *section ("" for a top-level key, "parse", "curate", "split"), *key, and
 * *type: "text", "path", "integer", "number", "bool", "list", "paths" or "map" (static
 * strings). Returns 1, or 0 past the last setting. Thread-safe. */
PRICER_API int pricer_run_setting(size_t i, const char **section, const char **key,
                                  const char **type);

/* `pricer run`'s command line, read by the library: the same reader as the CLI's (every
 * option of `pricer run --help`, every setting as --KEY / --SECTION-KEY / --no-KEY, --set,
 * grouped short flags, "--", no abbreviations, last value wins), so a shell that takes
 * `pricer run` arguments (the Python package's pricer.run_args, the Dask runner) resolves
 * them exactly as `pricer run` does. Opaque; free with pricer_run_args_free. */
typedef struct pricer_run_args pricer_run_args;

/* What the caller does for the reader (may be NULL, and so may each function). */
struct pricer_run_args_hooks {
    void *user;
    /* `--config -`: the bytes of standard input (*n), kept by the caller until
     * pricer_run_args_parse returns; NULL when they cannot be read. NULL hook: `--config -`
     * is refused (PRICER_EINVAL). */
    const char *(*read_stdin)(void *user, size_t *n);
    /* Called before a config file is read. */
    void (*config_file)(void *user, const char *path);
};

/* Reads argv[1..argc-1] (argv[0] names the command: "run") as `pricer run` does: the configs
 * (--config) first, whatever their place, then the rest in order. *out is set on success
 * (NULL on failure). Errors carry the message `pricer run` prints after "pricer run: ":
 * PRICER_EINVAL for a usage error (unknown option with "did you mean", a bad value, an unknown
 * --set key, no input...), the config's errors (PRICER_EIO, PRICER_EFORMAT naming file and
 * line), PRICER_ENOMEM. Thread-safe (one result per call); argv is not kept. */
PRICER_API int pricer_run_args_parse(int argc, const char *const *argv,
                                     const struct pricer_run_args_hooks *hooks,
                                     pricer_run_args **out, struct pricer_error *err);
PRICER_API void pricer_run_args_free(pricer_run_args *a);

/* The run's options other than settings; strings owned by a. */
struct pricer_run_args_info {
    const char *config;        /* the last --config FILE ("-": standard input), or NULL */
    int configs;               /* how many --config were given (all loaded, in order) */
    const char *rundir;        /* -o RUNDIR ("pricer-run" when not given) */
    int force, dry_run;        /* --force, --dry-run */
    unsigned shard_k, shard_n; /* --shard K/N (0 when not given) */
    unsigned shards;           /* --shards N (0 when not given) */
    int verbosity;             /* 0, 'q' or 'v': the last of -q and -v */
    int help;                  /* 1: -h/--help (the reading stopped there) */
    int help_config;           /* 1: --help-config, 2: --help-config=markdown (stopped) */
};
PRICER_API void pricer_run_args_info(const pricer_run_args *a, struct pricer_run_args_info *info);

/* Setting i (the order of pricer_run_setting) as resolved: its n values (*items; a scalar has
 * one, a list its items, a map "KEY=VALUE" entries), *source "default", "config" or "command
 * line", *line the config's line (0 otherwise). Strings owned by a. Returns 1, or 0 past the
 * last setting. */
PRICER_API int pricer_run_args_setting(const pricer_run_args *a, size_t i,
                                       const char *const **items, size_t *n, const char **source,
                                       long *line);

#ifdef __cplusplus
}
#endif

#endif
