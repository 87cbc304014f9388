/* pricer run: the whole pipeline in one command. This file only translates the command line
 * (and YAML config) into settings (src/run/runcfg.h) and prints progress; the run itself is
 * the library call pc_pipeline_run (src/pipeline/pipeline.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static const char run_help[] =
    "usage: pricer run [--config FILE] [options] [FILE...] [-o RUNDIR]\n"
    "\n"
    "Runs the whole pipeline: investigate -> parse (one items file per category) -> curate\n"
    "-> split and save -> report -> assess, with the options of every stage taken from a\n"
    "YAML config (see examples/*.yaml and --help-config) and overridden on the command line.\n"
    "Re-running the same command reuses every stage whose inputs, options and outputs are\n"
    "unchanged (fingerprints in RUNDIR/run.json) and gives identical bytes.\n"
    "\n"
    "RUNDIR (default: pricer-run) receives:\n"
    "  items/<Category>.jsonl   parsed items, one file per category, in load order\n"
    "  sample.jsonl             the curated sample\n"
    "  dataset/                 train/test (+validation) in the chosen formats\n"
    "  report.html              charts of every stage;  investigate.json, assess.json\n"
    "  run.json                 resolved configuration, input sizes and SHA-256, command,\n"
    "                           outputs, counts and timings of every stage, pricer version\n"
    "\n"
    "options:\n"
    "  --config FILE            YAML configuration (relative paths: from its folder)\n"
    "  -o, --output RUNDIR      where everything goes (default: pricer-run)\n"
    "  FILE...                  input files meta_<Category>.jsonl[.gz|.zst|.xz] (instead of\n"
    "                           data_dir + categories)\n"
    "  --data-dir DIR           folder with meta_<Category>.jsonl files\n"
    "  --categories A,B,...     categories to load from --data-dir, in load order\n"
    "  --tokenizer SPEC, -j N   tokenizer and parse threads\n"
    "  --force                  rerun every stage even when it could be reused\n"
    "  --dry-run                print the stage commands and stop\n"
    "  --no-investigate, --no-report, --no-assess   skip those stages\n"
    "  --set SECTION.KEY=VALUE  any configuration key, e.g. --set parse.min_tokens=150\n"
    "  --KEY VALUE              any stage option by its key, with '-' for '_': --train 25000,\n"
    "                           --min-chars 300, --slot-cap 1200, --no-balance, --allow-short,\n"
    "                           --format parquet (repeatable), --weight Automotive=1\n"
    "                           (repeatable), --seed N (curate and split); prefix with the\n"
    "                           stage to be explicit: --curate-seed 7, --split-seed 7\n"
    "  --help-config            list every configuration key with its default\n"
    "  -h, --help               show this help\n";

static void help_config(void)
{
    printf("configuration keys (YAML; command line: --KEY or --SECTION-KEY, '_' as '-'):\n\n");
    for (size_t i = 0; pc_runopt_defs[i].key; i++) {
        const struct pc_runopt_def *d = &pc_runopt_defs[i];
        const char *sec = pc_run_section_name(d->section);
        char full[96];
        snprintf(full, sizeof full, "%s%s%s", sec, *sec ? "." : "", d->key);
        printf("  %-24s %s", full, d->help);
        if (d->def[0]) printf(" (default: %s)", d->def);
        if (d->choices) printf(" [%s]", d->choices);
        putchar('\n');
    }
}

/* Matches a command-line option name (without "--") to table entries. Sets idx (and idx2
 * for --seed, which is both curate.seed and split.seed) and *negated for "no-KEY". */
static int find_cli_option(const char *name, int *idx, int *idx2, int *negated)
{
    *idx = *idx2 = -1;
    *negated = 0;
    if (!strncmp(name, "no-", 3)) {
        *negated = 1;
        name += 3;
    }
    char key[128];
    snprintf(key, sizeof key, "%s", name);
    for (char *p = key; *p; p++)
        if (*p == '-') *p = '_';
    if (!strcmp(key, "format")) strcpy(key, "formats");
    if (!strcmp(key, "weight")) strcpy(key, "weights");
    if (!strcmp(key, "j")) strcpy(key, "jobs");
    /* SECTION_KEY */
    for (int s = 1; s < PC_RUN_NSECTION; s++) {
        size_t n = strlen(pc_run_section_name(s));
        if (!strncmp(key, pc_run_section_name(s), n) && key[n] == '_') {
            const char *k = key + n + 1;
            if (!strcmp(k, "format")) k = "formats";
            if (!strcmp(k, "weight")) k = "weights";
            *idx = pc_runopt_find(pc_run_section_name(s), k);
            if (*idx >= 0) return 0;
        }
    }
    /* KEY, unique over all sections (seed: both curate and split) */
    int found = 0;
    for (int i = 0; pc_runopt_defs[i].key; i++)
        if (!strcmp(pc_runopt_defs[i].key, key)) {
            if (found == 0)
                *idx = i;
            else
                *idx2 = i;
            found++;
        }
    if (found == 2 && strcmp(key, "seed") != 0) return -1;
    return found ? 0 : -1;
}

/* Parses run's own command line into cfg and the flags below. Returns -1 to continue, or
 * an exit code. */
static int parse_run_args(int argc, char **argv, struct pc_runcfg *cfg, const char **rundir,
                          int *force, int *dry_run)
{
    struct pc_error err;
    pc_error_clear(&err);
    /* the config first, so the command line overrides it whatever the order */
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(run_help, stdout);
            return PC_EXIT_OK;
        }
        if (!strcmp(a, "--help-config")) {
            help_config();
            return PC_EXIT_OK;
        }
        const char *path = NULL;
        if (!strcmp(a, "--config") && i + 1 < argc)
            path = argv[++i];
        else if (!strncmp(a, "--config=", 9))
            path = a + 9;
        else if (!strcmp(a, "--config"))
            return pc_cli_usage("run", "--config needs a FILE");
        if (path && pc_runcfg_load_file(cfg, path, &err)) return pc_cli_report(&err);
    }
    int files_cleared = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--config")) {
            i++;
            continue;
        }
        if (!strncmp(a, "--config=", 9)) continue;
        if (!strcmp(a, "--force"))
            *force = 1;
        else if (!strcmp(a, "--dry-run"))
            *dry_run = 1;
        else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
            if (i + 1 >= argc) return pc_cli_usage("run", "%s needs a folder", a);
            *rundir = argv[++i];
        } else if (!strncmp(a, "--output=", 9))
            *rundir = a + 9;
        else if (!strcmp(a, "--set")) {
            if (i + 1 >= argc) return pc_cli_usage("run", "--set needs SECTION.KEY=VALUE");
            const char *kv = argv[++i], *eq = strchr(kv, '=');
            char key[160];
            if (!eq || (size_t)(eq - kv) >= sizeof key)
                return pc_cli_usage("run", "--set wants SECTION.KEY=VALUE, not '%s'", kv);
            snprintf(key, sizeof key, "%.*s", (int)(eq - kv), kv);
            char *dot = strchr(key, '.');
            int idx = dot ? (*dot = '\0', pc_runopt_find(key, dot + 1)) : pc_runopt_find("", key);
            if (idx < 0)
                return pc_cli_usage("run", "unknown configuration key '%.*s'", (int)(eq - kv), kv);
            if (pc_runcfg_set(cfg, idx, eq + 1, &err))
                return pc_cli_usage("run", "%s", err.message);
        } else if (!strcmp(a, "-j")) {
            if (i + 1 >= argc) return pc_cli_usage("run", "-j needs a number");
            if (pc_runcfg_set(cfg, pc_runopt_find("", "jobs"), argv[++i], &err))
                return pc_cli_usage("run", "%s", err.message);
        } else if (!strncmp(a, "--", 2) && a[2]) {
            char name[128];
            const char *eq = strchr(a, '=');
            snprintf(name, sizeof name, "%.*s", (int)(eq ? eq - a - 2 : (long)strlen(a) - 2),
                     a + 2);
            int idx, idx2, neg;
            if (find_cli_option(name, &idx, &idx2, &neg) != 0)
                return pc_cli_usage("run", "unknown option '%s'", a);
            int is_bool = pc_runopt_defs[idx].type == PC_RUNOPT_BOOL;
            if (neg && !is_bool) return pc_cli_usage("run", "unknown option '%s'", a);
            const char *val;
            if (is_bool)
                val = eq ? eq + 1 : neg ? "false" : "true";
            else if (eq)
                val = eq + 1;
            else if (i + 1 < argc)
                val = argv[++i];
            else
                return pc_cli_usage("run", "option '%s' needs a value", a);
            if (pc_runcfg_set(cfg, idx, val, &err) ||
                (idx2 >= 0 && pc_runcfg_set(cfg, idx2, val, &err)))
                return pc_cli_usage("run", "%s: %s", a, err.message);
        } else if (a[0] == '-' && a[1]) {
            return pc_cli_usage("run", "unknown option '%s'", a);
        } else {
            int fi = pc_runopt_find("", "files");
            if (!files_cleared) {
                if (pc_runcfg_set(cfg, fi, a, &err)) return pc_cli_usage("run", "%s", err.message);
                files_cleared = 1;
            } else {
                struct pc_runval *v = &cfg->vals[fi];
                char **items = realloc(v->items, (v->n + 1) * sizeof *items);
                if (!items || !(items[v->n] = strdup(a))) return pc_cli_fail("out of memory");
                v->items = items;
                v->n++;
            }
        }
    }
    return -1;
}

struct run_view {
    struct pc_progress progress;
    int progress_on;
    int quiet;
};

static void v_stage_start(void *user, int no, int total, const char *name, const char *cmdline,
                          int reused)
{
    struct run_view *v = user;
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
    if (!v->quiet) fprintf(stderr, "      %-34s done in %.2f s (CPU %.2f s)\n", name, wall, cpu);
}

static void v_progress(void *user, const char *stage, uint64_t done, uint64_t total,
                       uint64_t records)
{
    struct run_view *v = user;
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
    int rc = parse_run_args(argc, argv, &cfg, &rundir, &force, &dry);
    if (rc >= 0) {
        pc_runcfg_release(&cfg);
        return rc; /* --help, or an error in the options */
    }
    if (!cfg.vals[pc_runopt_find("", "files")].n &&
        !*pc_runcfg_str(&cfg, pc_runopt_find("", "data_dir"))) {
        pc_runcfg_release(&cfg);
        return pc_cli_usage("run", "no input: give --config FILE, --data-dir DIR or files");
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
    };
    struct pc_pipeline_opts opts = {
        .rundir = rundir,
        .force = force,
        .dry_run = dry,
        .argv = argv,
        .argc = argc,
        .tok_env = pc_cli_tok_env(),
    };
    struct pc_pipeline_result res;
    struct pc_error err;
    pc_error_clear(&err);
    if (!dry && !view.quiet) fprintf(stderr, "pricer run: run folder '%s'\n", rundir);
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
    if (dry) return PC_EXIT_OK;
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
