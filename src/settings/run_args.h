/* `pricer run`'s command line turned into the run's resolved options, in the library so that
 * every shell reads it the same way: the CLI's `pricer run` (cli/cmd_run.c), the Python
 * package's pricer.run_args and through it the Dask runner (python/pricer/dask.py).
 *
 * The options are one table read by the shared reader (settings/optparse.h): run's own
 * options (--config, -o, --force, --dry-run, --set, --shard, --shards, -q, -v, -h,
 * --help-config) followed by options generated from the one settings table
 * (settings/settings.h), so every setting is an option without a hand-written line:
 *   --KEY VALUE           KEY with '-' for '_' (--min-chars 300); a key found in several
 *                         sections sets all of them (--seed: curate.seed and split.seed)
 *   --SECTION-KEY VALUE   one section only (--curate-seed 7, --split-seed 7)
 *   --format, --weight    the singular spellings of formats and weights
 *   --KEY[=BOOL], --no-KEY  booleans (--no-balance, --allow-short, --report=false)
 * An entry of run's own table whose `setting` names a key ("jobs", "data_dir") is a settings
 * option too; its name is then not generated again.
 *
 * Rules: the configs (--config FILE, '-' = standard input) are read first, whatever their
 * place, so the command line overrides them; then the rest in order, the last value of a
 * setting winning (a list too: --format jsonl --format parquet is [parquet]; a MAP adds
 * entries: --weight A=1 --weight B=2); operands are input files
 * (the first replaces the config's `files`, later ones are added); -q and -v: the last one
 * wins. -h/--help and --help-config stop the reading where they stand. */
#ifndef PC_SETTINGS_RUN_ARGS_H
#define PC_SETTINGS_RUN_ARGS_H

#include <stddef.h>

#include "core/error.h"
#include "settings/optparse.h"
#include "settings/settings.h"

/* What the command line asks for. Strings (config, rundir) point into argv: argv must outlive
 * the struct. cfg is owned (pc_run_args_release). Not thread-safe (one struct per call). */
struct pc_run_args {
    struct pc_runcfg cfg; /* every setting with its value and source (default/config/CLI) */
    const char *config;   /* the last --config given ("-": standard input), or NULL */
    int configs;          /* how many --config were given (each is loaded, in order) */
    const char *rundir;   /* -o/--output RUNDIR, "pricer-run" when not given */
    int force;            /* --force */
    int dry_run;          /* --dry-run */
    unsigned shard_k;     /* --shard K/N: K (1..N), 0 when not given */
    unsigned shard_n;     /* --shard K/N: N, 0 when not given */
    unsigned shards;      /* --shards N, 0 when not given */
    int verbosity;        /* 0, or the last of -q ('q') and -v ('v') */
    int help;             /* 1: -h/--help was met (the reading stopped there) */
    int help_config;      /* 1: --help-config, 2: --help-config=markdown (reading stopped) */
    int usage;            /* after a failure: 1 for a usage error (the CLI's exit 2) */
};

/* What the library cannot do itself for the caller (may be NULL, and so may each function). */
struct pc_run_args_hooks {
    void *user;
    /* `--config -`: the bytes of standard input (*n of them), which the caller keeps until
     * pc_run_args_parse returns; NULL when they cannot be read ("cannot read the config from
     * standard input"). Without this hook, `--config -` is a usage error. */
    const char *(*read_stdin)(void *user, size_t *n);
    /* Called before the config file path is read (the CLI names it under -v). */
    void (*config_file)(void *user, const char *path);
};

/* Reads argv[1..argc-1] (argv[0] is the command, "run") into a (initialised here; release it
 * with pc_run_args_release whatever the result). PC_OK, or an error with the message the CLI
 * prints: a usage error (a->usage = 1, PC_EINVAL: "unknown option '--slot-cp'; did you mean
 * '--slot-cap'?", "--train: split.train: 'x' is not a non-negative integer", "unknown
 * configuration key 'parse.x'", "RUNDIR is a folder: '-o -' is not possible", "no input:
 * give --config FILE, --data-dir DIR or files"...), or one
 * of a config (PC_EIO, PC_EFORMAT naming file and line), PC_ENOMEM. */
int pc_run_args_parse(struct pc_run_args *a, int argc, char **argv,
                      const struct pc_run_args_hooks *hooks, struct pc_error *err);

void pc_run_args_release(struct pc_run_args *a);

/* run's option table (its own options, then the generated settings options; ends with id 0)
 * for --help; NULL if it does not fit (a programming error). Built once, thread-safe. */
const struct pc_opt *pc_run_args_table(void);

#endif
