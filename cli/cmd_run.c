/* pricer run: the whole pipeline in one command. This file only translates the command line
 * (and YAML config) into settings (src/settings/settings.h) and prints progress; the run itself is
 * the library call pc_pipeline_run (src/pipeline/pipeline.h). The options are one table
 * (run_opts below) read by the shared parser (cli/opts.h); every setting is an option too,
 * generated from the settings table (cli/run_opts.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "opts.h"
#include "run_opts.h"
#include "run_verbose.h"
#include "pipe/shard.h"

enum {
    R_CONFIG = 1,
    R_OUTPUT,
    R_SETTING, /* an entry with `setting`: pc_run_opts_apply */
    R_FORCE,
    R_DRY_RUN,
    R_SET,
    R_HELP_CONFIG,
    R_QUIET,
    R_VERBOSE,
    R_HELP,
    R_SHARD,
    R_SHARDS,
    R_GENERATED, /* the settings options generated from the settings table */
};

/* One line per option; `setting` names the key an option sets (its help and default come
 * from the settings table when help is NULL). */
static const struct pc_opt run_opts[] = {
    {R_CONFIG, 0, "config", PC_OPT_VALUE, "FILE",
     "YAML configuration (relative paths: from its folder;\n'-' = standard input, paths from "
     "the current folder)",
     NULL},
    {R_OUTPUT, 'o', "output", PC_OPT_VALUE, "RUNDIR", "where everything goes (default: pricer-run)",
     NULL},
    {R_SETTING, 0, "data-dir", PC_OPT_VALUE, "DIR", NULL, "data_dir"},
    {R_SETTING, 0, "categories", PC_OPT_VALUE, "A,B,...",
     "categories to load from --data-dir, in load order\n(default: the course's eight)",
     "categories"},
    {R_SETTING, 0, "tokenizer", PC_OPT_VALUE, "SPEC", NULL, "tokenizer"},
    {R_SETTING, 'j', "jobs", PC_OPT_VALUE, "N", NULL, "jobs"},
    {R_SETTING, 0, "threads", PC_OPT_VALUE, "N", "the same as --jobs", "jobs"},
    {R_SETTING, 0, "fetch", PC_OPT_OPTIONAL, "BOOL",
     "download missing categories into --data-dir first\n(verified official files, as 'pricer "
     "fetch' does)",
     "fetch"},
    {R_FORCE, 0, "force", PC_OPT_FLAG, NULL, "rerun every stage even when it could be reused",
     NULL},
    {R_DRY_RUN, 0, "dry-run", PC_OPT_FLAG, NULL, "print the stage commands and stop", NULL},
    {R_SET, 0, "set", PC_OPT_VALUE, "SECTION.KEY=VALUE",
     "any configuration key, e.g. --set parse.min_tokens=150", NULL},
    {R_HELP_CONFIG, 0, "help-config", PC_OPT_OPTIONAL, "markdown",
     "list every setting: default, [range], {stage it feeds}\n(=markdown: the table of "
     "docs/settings.md)",
     NULL},
    {R_QUIET, 'q', "quiet", PC_OPT_FLAG, NULL, "no progress and no stage summaries", NULL},
    {R_VERBOSE, 'v', "verbose", PC_OPT_FLAG, NULL,
     "also each stage's MB/s, the parse outcomes per input\nand the settings' sources", NULL},
    {R_SHARD, 0, "shard", PC_OPT_VALUE, "K/N",
     "only parse shard K of N of every input into\nRUNDIR/shards/ and stop (a task of a job array)",
     NULL},
    {R_SHARDS, 0, "shards", PC_OPT_VALUE, "N",
     "merge the N shards of every input from RUNDIR/shards/\n(parsing missing ones): the unsharded "
     "run's bytes",
     NULL},
    {R_HELP, 'h', "help", PC_OPT_FLAG, NULL, "show this help", NULL},
    {0, 0, NULL, 0, NULL, NULL, NULL},
};

static struct pc_opt_cmd run_cmd = {
    "run",
    "usage: pricer run [--config FILE] [options] [FILE...] [-o RUNDIR]\n"
    "\n"
    "Runs the whole pipeline: parse (one items file per category; the same single pass over\n"
    "each raw file gathers the statistics of investigate and of the report's raw-data\n"
    "charts) -> investigate -> curate -> split and save -> report -> assess, with the\n"
    "options of every stage taken from a YAML config (see examples/*.yaml and --help-config)\n"
    "and overridden on the command line. A second run into a busy RUNDIR fails at once.\n"
    "Re-running the same command reuses every stage whose inputs, options and outputs are\n"
    "unchanged (fingerprints in RUNDIR/run.json) and gives identical bytes.\n"
    "\n"
    "FILE...: input files meta_<Category>.jsonl[.gz|.zst|.xz] (instead of data_dir +\n"
    "categories; not '-': the category comes from the file name).\n"
    "\n"
    "RUNDIR (default: pricer-run) receives:\n"
    "  items/<Category>.jsonl   parsed items, one file per category, in load order (with\n"
    "                           .stats.json and .raw.json: the parse and raw statistics)\n"
    "  sample.jsonl             the curated sample\n"
    "  dataset/                 train/test (+validation) in the chosen formats\n"
    "  report.html              charts of every stage;  investigate.json, assess.json\n"
    "  run.json                 resolved configuration, input sizes and SHA-256, command,\n"
    "                           outputs, counts, wall and CPU seconds of every stage\n"
    "\n"
    "options:\n",
    "\n"
    "Every setting (--help-config) is also an option, generated from the settings table:\n"
    "  --KEY VALUE              with '-' for '_': --train 25000, --min-chars 300,\n"
    "                           --slot-cap 1200, --format jsonl,parquet, --weight\n"
    "                           Automotive=1 (repeatable); a key of several stages sets\n"
    "                           them all: --seed N (curate and split)\n"
    "  --SECTION-KEY VALUE      one stage only: --curate-seed 7, --split-seed 7\n"
    "  --KEY[=BOOL], --no-KEY   booleans: --no-balance, --allow-short, --no-investigate,\n"
    "                           --no-report, --no-assess, --report-raw=false\n"
    "The config is read first, whatever its place: the command line overrides it.\n"
    "Option rules (every command): --name VALUE, --name=VALUE, -oDIR, -qj2; '--' ends the\n"
    "options; names are spelled in full (no abbreviations); -q and -v: the last one wins.\n",
    NULL,
};

/* Loads the YAML config path ("-": standard input). Returns an exit code. */
static int load_config(struct pc_runcfg *cfg, const char *path)
{
    struct pc_error err;
    pc_error_clear(&err);
    if (strcmp(path, "-") != 0) {
        pc_cli_verbose_file("run", "config", path);
        return pc_runcfg_load_file(cfg, path, &err) ? pc_cli_report(&err) : PC_EXIT_OK;
    }
    struct pc_buf b;
    pc_buf_init(&b, 0);
    char chunk[65536];
    size_t n;
    int rc = PC_OK;
    while (!rc && (n = fread(chunk, 1, sizeof chunk, stdin)) > 0) rc = pc_buf_append(&b, chunk, n);
    if (rc || ferror(stdin))
        rc = pc_cli_fail("cannot read the config from standard input");
    else if (pc_runcfg_load_text(cfg, b.data ? b.data : "", b.len, "(standard input)", NULL, &err))
        rc = pc_cli_report(&err);
    pc_buf_release(&b);
    return rc;
}

/* Appends an input file (operand) to the setting "files"; the first replaces the config's. */
static int add_file(struct pc_runcfg *cfg, const char *a, int *files_cleared)
{
    if (!strcmp(a, "-"))
        return pc_cli_usage("run", "an input cannot be standard input ('-'): the category "
                                   "comes from the file name meta_<Category>.jsonl");
    struct pc_error err;
    pc_error_clear(&err);
    int fi = pc_runopt_find("", "files");
    if (!*files_cleared) {
        *files_cleared = 1;
        return pc_runcfg_set(cfg, fi, a, &err) ? pc_cli_usage("run", "%s", err.message)
                                               : PC_EXIT_OK;
    }
    struct pc_runval *v = &cfg->vals[fi];
    char **items = realloc(v->items, (v->n + 1) * sizeof *items);
    if (!items) return pc_cli_fail("out of memory");
    v->items = items;
    if (!(items[v->n] = strdup(a))) return pc_cli_fail("out of memory");
    v->n++;
    return PC_EXIT_OK;
}

/* --shard K/N (shard[0] = K, shard[1] = N) or --shards N (shard[2] = N). An exit code. */
static int parse_shard_opt(const struct pc_opts *s, int one, unsigned shard[3])
{
    struct pc_error err;
    pc_error_clear(&err);
    char *end;
    unsigned long n = one ? 0 : strtoul(s->value, &end, 10);
    if (one ? pc_shard_parse(s->value, &shard[0], &shard[1], &err) != PC_OK
            : (*s->value < '1' || *s->value > '9' || *end || n > 1000000))
        return pc_cli_usage("run", "--%s: %s", one ? "shard" : "shards",
                            one ? err.message : "wants 1 to 1000000");
    if (!one) shard[2] = (unsigned)n;
    if (shard[1] && shard[2]) return pc_cli_usage("run", "--shard and --shards exclude each other");
    return PC_EXIT_OK;
}

/* --shard K/N: shard K of every input into RUNDIR/shards/ (pc_pipeline_shard), labelled with
 * the host name. An exit code. */
static int run_shard(const struct pc_runcfg *cfg, const struct pc_pipeline_opts *opts,
                     const struct pc_pipeline_hooks *hooks, unsigned k, unsigned n)
{
    struct pc_pipeline_plan plan;
    struct pc_error err;
    pc_error_clear(&err);
    if (pc_pipeline_plan(cfg, opts, &plan, &err)) return pc_cli_report(&err);
    char host[256] = "local";
    gethostname(host, sizeof host - 1);
    struct pc_pipeline_opts o = *opts;
    o.worker = host;
    int rc = PC_EXIT_OK;
    for (int i = 0; i < plan.n && rc == PC_EXIT_OK; i++) {
        struct pc_pipeline_shard_result r;
        if (pc_pipeline_shard(cfg, &o, i, k, n, hooks, &r, &err)) {
            rc = pc_cli_report(&err);
            break;
        }
        char a[32];
        if (!pc_cli_quiet)
            fprintf(stderr, "pricer run: shard %u/%u of %s: %s items from %.1f MB in %.2f s%s\n", k,
                    n, plan.paths[i], pc_cli_commas(r.items, a), (double)r.bytes / 1e6, r.seconds,
                    r.reused ? " (reused: already complete)" : "");
    }
    pc_pipeline_plan_free(&plan);
    return rc;
}

/* Parses run's command line into cfg and the flags below, in two passes over the one table:
 * the first loads the config (so the command line overrides it whatever the order) and
 * answers --help; the second applies everything else. Returns -1 to continue, or an exit
 * code. */
static int parse_run_args(int argc, char **argv, struct pc_runcfg *cfg, const char **rundir,
                          int *force, int *dry_run, unsigned shard[3])
{
    if (!run_cmd.opts && !(run_cmd.opts = pc_run_opts_table(run_opts, R_GENERATED)))
        return pc_cli_fail("run: the option table is full");
    struct pc_opts s;
    int id, rc;
    pc_opts_init(&s, &run_cmd, argc, argv);
    while ((id = pc_opts_next(&s)) != PC_OPTS_END) {
        if (id == PC_OPTS_ERROR) return PC_EXIT_USAGE;
        if (id == R_HELP) {
            pc_opts_help(&run_cmd, stdout);
            return PC_EXIT_OK;
        }
        if (id == R_HELP_CONFIG) {
            if (s.value && strcmp(s.value, "markdown") != 0) return pc_opts_bad_value(&s);
            pc_run_help_config(s.value != NULL);
            return PC_EXIT_OK;
        }
        if (id == R_CONFIG && (rc = load_config(cfg, s.value)) != PC_EXIT_OK) return rc;
    }
    int files_cleared = 0;
    pc_opts_init(&s, &run_cmd, argc, argv);
    while ((id = pc_opts_next(&s)) != PC_OPTS_END) {
        rc = PC_EXIT_OK;
        if (id == PC_OPTS_OPERAND)
            rc = add_file(cfg, s.value, &files_cleared);
        else if (pc_run_opts_is_setting(s.opt))
            rc = pc_run_opts_apply(cfg, &s);
        else if (id == R_OUTPUT) {
            if (!strcmp(s.value, "-"))
                return pc_cli_usage("run", "RUNDIR is a folder: '-o -' is not possible");
            *rundir = s.value;
        } else if (id == R_FORCE)
            *force = 1;
        else if (id == R_DRY_RUN)
            *dry_run = 1;
        else if (id == R_SET)
            rc = pc_run_opts_set_kv(cfg, s.value);
        else if (id == R_SHARD || id == R_SHARDS)
            rc = parse_shard_opt(&s, id == R_SHARD, shard);
        else if (id == R_QUIET)
            pc_cli_set_quiet();
        else if (id == R_VERBOSE)
            pc_cli_set_verbose();
        if (rc != PC_EXIT_OK) return rc;
    }
    return -1;
}

/* fetch: true: downloads the categories missing from data_dir (pricer fetch) before the run,
 * so the pipeline finds them. Returns an exit code. */
static int fetch_missing(const struct pc_runcfg *c, int dry)
{
    if (!pc_runcfg_bool(c, pc_runopt_find("", "fetch")) || dry) return PC_EXIT_OK;
    const struct pc_runval *files = &c->vals[pc_runopt_find("", "files")];
    const struct pc_runval *cats = &c->vals[pc_runopt_find("", "categories")];
    const char *dir = pc_runcfg_str(c, pc_runopt_find("", "data_dir"));
    if (files->n || !*dir) return PC_EXIT_OK;
    const char **missing = calloc(cats->n + 1, sizeof *missing);
    if (!missing) return pc_cli_fail("out of memory");
    int nmissing = 0;
    for (size_t i = 0; i < cats->n; i++) {
        static const char *const ext[] = {".jsonl", ".jsonl.gz", ".jsonl.zst", ".jsonl.xz"};
        int ok = 0;
        for (int k = 0; k < 4 && !ok; k++) {
            char path[4400];
            struct stat sb;
            snprintf(path, sizeof path, "%s/meta_%s%s", dir, cats->items[i], ext[k]);
            ok = stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
        }
        if (!ok) missing[nmissing++] = cats->items[i];
    }
    int r = PC_EXIT_OK;
    if (nmissing) {
        if (!pc_cli_quiet)
            fprintf(stderr, "pricer run: fetching %d missing categor%s into '%s'\n", nmissing,
                    nmissing == 1 ? "y" : "ies", dir);
        r = pc_cli_fetch(dir, missing, nmissing, 4, 1, NULL, -1, -1);
    }
    free(missing);
    return r;
}

struct run_view {
    struct pc_progress progress;
    int progress_on;
    int quiet;
    uint64_t bytes; /* bytes the current stage reported done (for -v: MB/s) */
};

static void v_stage_start(void *user, int no, int total, const char *name, const char *cmdline,
                          int reused)
{
    struct run_view *v = user;
    v->bytes = 0;
    if (v->quiet) return;
    if (reused)
        fprintf(stderr, "[%d/%d] %-34s reused (same inputs and options, outputs intact)\n", no,
                total, name);
    else
        fprintf(stderr, "[%d/%d] %-34s %s\n", no, total, name, cmdline);
}

static void v_stage_done(void *user, const char *name, double wall, double cpu)
{
    struct run_view *v = user;
    if (v->progress_on) {
        pc_progress_finish(&v->progress);
        v->progress_on = 0;
    }
    if (v->quiet) return;
    fprintf(stderr, "      %-34s done in %.2f s (CPU %.2f s)", name, wall, cpu);
    if (pc_cli_verbose && v->bytes && wall > 0)
        fprintf(stderr, ", %.1f MB at %.1f MB/s", v->bytes / 1e6, v->bytes / 1e6 / wall);
    fputc('\n', stderr);
}

static void v_progress(void *user, const char *stage, uint64_t done, uint64_t total,
                       uint64_t records)
{
    struct run_view *v = user;
    if (done > v->bytes) v->bytes = done;
    if (v->quiet) return;
    if (!v->progress_on || v->progress.label != stage) {
        if (v->progress_on) pc_progress_finish(&v->progress);
        pc_progress_start(&v->progress, stage, total);
        v->progress_on = 1;
    }
    pc_progress_update(&v->progress, done, records);
}

static void v_invalid(void *user, const char *file, int64_t line_no, const char *reason,
                      const char *message)
{
    struct run_view *v = user;
    if (v->progress_on) pc_progress_finish(&v->progress), v->progress_on = 0;
    fprintf(stderr, "pricer: %s:%lld: skipped (%s): %s\n", file, (long long)line_no, reason,
            message);
}

static void v_note(void *user, const char *message)
{
    (void)user;
    fprintf(stderr, "pricer run: %s\n", message);
}

static void v_detail(void *user, const char *message)
{
    (void)user;
    if (pc_cli_verbose && !pc_cli_silent) fprintf(stderr, "pricer run: %s\n", message);
}

static void v_dry(void *user, int no, int total, const char *name, const char *cmdline, int reused)
{
    printf("%s\n", cmdline);
}

int cmd_run(int argc, char **argv)
{
    struct pc_runcfg cfg;
    if (pc_runcfg_init(&cfg)) return pc_cli_fail("out of memory");
    const char *rundir = "pricer-run";
    int force = 0, dry = 0;
    unsigned shard[3] = {0, 0, 0}; /* --shard K/N, --shards N */
    int rc = parse_run_args(argc, argv, &cfg, &rundir, &force, &dry, shard);
    if (rc >= 0) {
        pc_runcfg_release(&cfg);
        return rc; /* --help, or an error in the options */
    }
    if (!cfg.vals[pc_runopt_find("", "files")].n &&
        !*pc_runcfg_str(&cfg, pc_runopt_find("", "data_dir"))) {
        pc_runcfg_release(&cfg);
        return pc_cli_usage("run", "no input: give --config FILE, --data-dir DIR or files");
    }
    if ((rc = fetch_missing(&cfg, dry)) != PC_EXIT_OK) {
        pc_runcfg_release(&cfg);
        return rc;
    }
    struct run_view view;
    memset(&view, 0, sizeof view);
    view.quiet = pc_cli_quiet;
    struct pc_pipeline_hooks hooks = {
        .user = &view,
        .stage_start = dry ? v_dry : v_stage_start,
        .stage_done = v_stage_done,
        .progress = v_progress,
        .invalid_line = v_invalid,
        .note = v_note,
        .detail = v_detail,
    };
    char cache_buf[4096];
    struct pc_pipeline_opts opts = {
        .rundir = rundir,
        .force = force,
        .dry_run = dry,
        .argv = argv,
        .argc = argc,
        .tok_env = pc_cli_tok_env(),
        .tok_cache_dir = pc_cli_tok_cache_dir(NULL, cache_buf, sizeof cache_buf),
        .shards = shard[2],
    };
    if (shard[1] && !dry) {
        rc = run_shard(&cfg, &opts, &hooks, shard[0], shard[1]);
        if (view.progress_on) pc_progress_finish(&view.progress);
        pc_runcfg_release(&cfg);
        return rc;
    }
    struct pc_pipeline_result res;
    struct pc_error err;
    pc_error_clear(&err);
    if (!dry && !view.quiet) fprintf(stderr, "pricer run: run folder '%s'\n", rundir);
    if (!dry) pc_run_verbose_settings(&cfg, opts.tok_cache_dir);
    int e = pc_pipeline_run(&cfg, &opts, &hooks, &res, &err);
    if (view.progress_on) pc_progress_finish(&view.progress);
    pc_runcfg_release(&cfg);
    if (e) {
        pc_cli_report(&err);
        if (e != PC_EBUSY && !dry)
            fprintf(stderr,
                    "pricer: completed stages are kept in '%s/run.json' and reused by "
                    "the next run\n",
                    rundir);
        return PC_EXIT_FAIL;
    }
    if (dry || pc_cli_silent) return PC_EXIT_OK;
    pc_run_verbose_record(rundir);
    char a[32], b[32], c[32], d[32];
    fprintf(stderr,
            "pricer run: %s items -> sample %s -> train %s, test %s in %.1f s (%d of %d "
            "stages reused)\n",
            pc_cli_commas(res.items, a), pc_cli_commas(res.sample, b), pc_cli_commas(res.train, c),
            pc_cli_commas(res.test, d), res.seconds, res.reused, res.stages);
    fprintf(stderr, "  dataset: %s/dataset/\n", rundir);
    fprintf(stderr, "  record:  %s/run.json\n", rundir);
    return PC_EXIT_OK;
}
