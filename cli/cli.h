/* Shared pieces of the pricer command-line program: the command table, messages in git's
 * style, and the progress bar. Only the CLI prints and picks exit codes. */
#ifndef PC_CLI_CLI_H
#define PC_CLI_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "pricer.h"

/* Exit codes: 0 success, 1 the run could not do what was asked (bad input, failed
 * write...), 2 usage error. */
enum { PC_EXIT_OK = 0, PC_EXIT_FAIL = 1, PC_EXIT_USAGE = 2 };

/* One subcommand: argv[0] is the command name; returns an exit code. */
struct pc_command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary; /* one line for `pricer --help` */
};

/* The table of all subcommands (cli/main.c), terminated by a {NULL} entry. */
extern const struct pc_command pc_commands[];

/* Looks a command up by name; NULL when unknown. */
const struct pc_command *pc_cli_find(const char *name);

/* "pricer: <message>" on stderr (lowercase, no full stop); returns PC_EXIT_FAIL. */
int pc_cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "pricer <cmd>: <message>\n" + "see 'pricer <cmd> --help'"; returns PC_EXIT_USAGE. */
int pc_cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints err in git style: "pricer: FILE:LINE: message" (position parts only when set);
 * returns PC_EXIT_FAIL. */
int pc_cli_report(const struct pc_error *err);

/* Global flag set by --quiet (or PRICER_QUIET=1): suppresses progress bars. */
extern int pc_cli_quiet;

/* Set by -q/--quiet (global or a command's): summaries are silenced too, not only progress
 * (warnings and errors stay). Implies pc_cli_quiet. PRICER_QUIET=1 alone does not set it. */
extern int pc_cli_silent;

/* Set by -v/--verbose (global or a command's): summaries carry more detail (files read with
 * their sizes, settings used, timings). -q and -v: the last one given wins (pricer -q run -v
 * is verbose; run -v -q is quiet). */
extern int pc_cli_verbose;

/* -q/--quiet: pc_cli_quiet = pc_cli_silent = 1, pc_cli_verbose = 0. */
void pc_cli_set_quiet(void);
/* -v/--verbose: pc_cli_verbose = 1; undoes -q (progress stays off under PRICER_QUIET=1). */
void pc_cli_set_verbose(void);

/* With -v (and not -q): "pricer CMD: ROLE 'PATH' (SIZE)" on stderr, SIZE from stat ("standard
 * input" for "-"; a folder is named as such). For the files a command reads. */
void pc_cli_verbose_file(const char *cmd, const char *role, const char *path);

/* A progress bar on stderr (cli/progress.c), drawn only when stderr is a terminal and not
 * quiet: "label  [#####.....]  45%  123.4 MB/s  12,345 items  ETA 0:12". total may be 0
 * (unknown): then no percentage or ETA. Redraws at most every 0.1 s ($PRICER_PROGRESS_INTERVAL
 * seconds when set, for tests). The drawing does not care who calls it: a command's loop, a
 * library progress callback, or a pipeline's; one thread at a time. Nothing is printed on a
 * non-terminal. */
struct pc_progress {
    const char *label;
    uint64_t total;
    double start, last_draw;
    int enabled;
    uint64_t done, items; /* last values given to update */
    int drawn;            /* the bar is on screen now */
    double interval;
};
void pc_progress_start(struct pc_progress *p, const char *label, uint64_t total_bytes);
/* Sets the total once it is known (0 leaves it unknown). */
void pc_progress_total(struct pc_progress *p, uint64_t total_bytes);
void pc_progress_update(struct pc_progress *p, uint64_t done_bytes, uint64_t items);
/* Prints one message line ("pricer: FILE:LINE: ...", newline added) on stderr ABOVE the
 * bar: the bar is cleared, the message printed, the bar drawn again. Without a bar (not a
 * terminal, quiet, finished) it is just the message. */
void pc_progress_message(struct pc_progress *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Clears the bar for good (later updates draw nothing). */
void pc_progress_finish(struct pc_progress *p);

/* Option argv[*i] as "--name VALUE" or "--name=VALUE": returns the value (advancing *i past
 * a separate VALUE), or NULL when argv[*i] is another option; sets *missing when "--name"
 * is the last argument. */
const char *pc_cli_opt_value(int argc, char **argv, int *i, const char *name, int *missing);

/* The process environment the library may use (PRICER_TOKENIZER, HF_HUB_CACHE, HF_HOME,
 * HOME), read here because the library never calls getenv. */
const struct pc_tok_env *pc_cli_tok_env(void);

/* Refuses to let an output overwrite one of its inputs (checked by device and inode, so
 * links and other spellings of the same file are caught), before anything is read: prints
 * "pricer CMD: refusing to write 'OUT': it is the input 'IN'" and returns PC_EXIT_USAGE,
 * else PC_EXIT_OK. With out_is_dir, refuses when an input lies directly in the folder out
 * (the folder is replaced). "-" and paths that do not exist yet are never refused. */
int pc_cli_refuse_overwrite(const char *cmd, const char *out, int out_is_dir,
                            const char *const *inputs, size_t n_inputs);

/* Usage error for an unknown option arg of cmd, with "did you mean '--output'?" when an
 * option named in the command's help text is close. Returns PC_EXIT_USAGE. */
int pc_cli_unknown_option(const char *cmd, const char *arg, const char *help);

/* For getopt_long loops run with opterr = 0: the usage error for the '?' just returned
 * (unknown option with a suggestion, or a missing value). Returns PC_EXIT_USAGE. */
int pc_cli_getopt_error(const char *cmd, char **argv, const char *optstring, const char *help);

/* pricer fetch of the n official categories cats into dir with jobs parallel downloads
 * (cli/cmd_fetch.c; also used by `pricer run --fetch`). use_cache: look in the
 * huggingface_hub cache; revision NULL = main; retries / backoff < 0 = defaults. Prints a
 * summary; returns an exit code. */
int pc_cli_fetch(const char *dir, const char *const *cats, int n, int jobs, int use_cache,
                 const char *revision, int retries, double backoff);

/* Monotonic seconds. */
double pc_cli_now(void);

/* Formats n with thousands separators ("1,234,567") into buf (>= 32 bytes); returns buf. */
const char *pc_cli_commas(uint64_t n, char *buf);

/* Folder of compiled tokenizer images (cli/tok_cache.c): opt (--tokenizer-cache) if given,
 * else $PRICER_TOKENIZER_CACHE, else $XDG_CACHE_HOME/pricer (absolute paths only), else
 * ~/.cache/pricer. The value "off" (option or variable) disables the cache: returns NULL.
 * The result is in buf (cap bytes); NULL too when no folder can be named. */
const char *pc_cli_tok_cache_dir(const char *opt, char *buf, size_t cap);

#endif
