/* pricer run: the whole pipeline in one command. This file only prints: the command line (and
 * YAML config) becomes the run's options in the library (pc_run_args_parse,
 * src/settings/run_args.h: the same reader the Python package and the Dask runner use), the run
 * itself is the library call pc_pipeline_run (src/pipeline/pipeline.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "io/slurp.h"
#include "opts.h"
#include "run_opts.h"
#include "run_verbose.h"
#include "settings/run_args.h"

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

/* The hooks of pc_run_args_parse: standard input for `--config -`, -v's line for a config. */
struct args_io {
    struct pc_buf in;
};

static const char *read_stdin(void *user, size_t *n)
{
    struct args_io *io = user;
    pc_buf_release(&io->in);
    pc_buf_init(&io->in, 0);
    if (pc_read_stream(stdin, &io->in)) return NULL;
    *n = io->in.len;
    return io->in.data ? io->in.data : "";
}

static void config_file(void *user, const char *path)
{
    (void)user;
    pc_cli_verbose_file("run", "config", path);
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

/* Reads run's command line into a (pc_run_args_parse) and answers --help and
 * --help-config. Returns -1 to continue, or an exit code. */
static int parse_run_args(int argc, char **argv, struct pc_run_args *a)
{
    struct args_io io;
    pc_buf_init(&io.in, 0);
    struct pc_run_args_hooks hooks = {&io, read_stdin, config_file};
    struct pc_error err;
    pc_error_clear(&err);
    int rc = pc_run_args_parse(a, argc, argv, &hooks, &err);
    pc_buf_release(&io.in);
    if (rc) return a->usage ? pc_cli_usage("run", "%s", err.message) : pc_cli_report(&err);
    if (a->help) {
        run_cmd.opts = pc_run_args_table();
        pc_opts_help(&run_cmd, stdout);
        return PC_EXIT_OK;
    }
    if (a->help_config) {
        pc_run_help_config(a->help_config == 2);
        return PC_EXIT_OK;
    }
    if (a->verbosity == 'q') pc_cli_set_quiet();
    if (a->verbosity == 'v') pc_cli_set_verbose();
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
    struct pc_run_args args;
    int rc = parse_run_args(argc, argv, &args);
    if (rc >= 0) {
        pc_run_args_release(&args);
        return rc; /* --help, or an error in the options */
    }
    const struct pc_runcfg *cfg = &args.cfg;
    if ((rc = fetch_missing(cfg, args.dry_run)) != PC_EXIT_OK) {
        pc_run_args_release(&args);
        return rc;
    }
    struct run_view view;
    memset(&view, 0, sizeof view);
    view.quiet = pc_cli_quiet;
    struct pc_pipeline_hooks hooks = {
        .user = &view,
        .stage_start = args.dry_run ? v_dry : v_stage_start,
        .stage_done = v_stage_done,
        .progress = v_progress,
        .invalid_line = v_invalid,
        .note = v_note,
        .detail = v_detail,
    };
    char cache_buf[4096];
    struct pc_pipeline_opts opts = {
        .rundir = args.rundir,
        .force = args.force,
        .dry_run = args.dry_run,
        .argv = argv,
        .argc = argc,
        .tok_env = pc_cli_tok_env(),
        .tok_cache_dir = pc_cli_tok_cache_dir(NULL, cache_buf, sizeof cache_buf),
        .shards = args.shards,
    };
    if (args.shard_n && !args.dry_run) {
        rc = run_shard(cfg, &opts, &hooks, args.shard_k, args.shard_n);
        if (view.progress_on) pc_progress_finish(&view.progress);
        pc_run_args_release(&args);
        return rc;
    }
    struct pc_pipeline_result res;
    struct pc_error err;
    pc_error_clear(&err);
    if (!args.dry_run && !view.quiet) fprintf(stderr, "pricer run: run folder '%s'\n", args.rundir);
    if (!args.dry_run) pc_run_verbose_settings(cfg, opts.tok_cache_dir);
    int e = pc_pipeline_run(cfg, &opts, &hooks, &res, &err);
    if (view.progress_on) pc_progress_finish(&view.progress);
    pc_run_args_release(&args);
    if (e) {
        pc_cli_report(&err);
        if (e != PC_EBUSY && !args.dry_run)
            fprintf(stderr,
                    "pricer: completed stages are kept in '%s/run.json' and reused by "
                    "the next run\n",
                    args.rundir);
        return PC_EXIT_FAIL;
    }
    if (args.dry_run || pc_cli_silent) return PC_EXIT_OK;
    pc_run_verbose_record(args.rundir);
    char a[32], b[32], c[32], d[32];
    fprintf(stderr,
            "pricer run: %s items -> sample %s -> train %s, test %s in %.1f s (%d of %d "
            "stages reused)\n",
            pc_cli_commas(res.items, a), pc_cli_commas(res.sample, b), pc_cli_commas(res.train, c),
            pc_cli_commas(res.test, d), res.seconds, res.reused, res.stages);
    fprintf(stderr, "  dataset: %s/dataset/\n", args.rundir);
    fprintf(stderr, "  record:  %s/run.json\n", args.rundir);
    return PC_EXIT_OK;
}
