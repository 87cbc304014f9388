/* pricer run: the whole pipeline in one command. Each stage is the real stage command,
 * called in-process through the command table with an argv built from the configuration
 * (src/run/runcfg.h), so there is one implementation of every stage. Bookkeeping and
 * resume: src/run/runstate.h and cli/run_stage.c. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "run_stage.h"

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
    "  --fetch                  download missing categories into --data-dir first (verified\n"
    "                           official files, as 'pricer fetch' does; HF_ENDPOINT, HF_TOKEN)\n"
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

/* Category of meta_<Category>.jsonl[.gz|.zst|.xz] into out; -1 when the name differs. */
static int category_of(const char *path, char *out, size_t n)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (strncmp(base, "meta_", 5) != 0) return -1;
    const char *s = base + 5, *e = strstr(s, ".jsonl");
    if (!e || e == s ||
        (e[6] && strcmp(e + 6, ".gz") && strcmp(e + 6, ".zst") && strcmp(e + 6, ".xz")))
        return -1;
    snprintf(out, n, "%.*s", (int)(e - s), s);
    return 0;
}

static int mkdir_p(const char *dir)
{
    char tmp[4096];
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof tmp) return -1;
    memcpy(tmp, dir, n + 1);
    for (size_t i = 1; i <= n; i++)
        if (tmp[i] == '/' || tmp[i] == '\0') {
            char c = tmp[i];
            tmp[i] = '\0';
            if (mkdir(tmp, 0777) != 0 && errno != EEXIST) return -1;
            tmp[i] = c;
        }
    return 0;
}

static int file_exists(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
}

struct input {
    char path[4096];
    char category[256];
    char items[512]; /* relative to rundir */
};

/* Inputs from `files`, else from data_dir + categories. */
static int resolve_inputs(const struct pc_runcfg *c, struct input **out, int *nout, int dry)
{
    int fetch = pc_runcfg_bool(c, pc_runopt_find("", "fetch"));
    const char **missing = NULL;
    int nmissing = 0;
    int ifiles = pc_runopt_find("", "files"), idir = pc_runopt_find("", "data_dir");
    int icats = pc_runopt_find("", "categories");
    const struct pc_runval *files = &c->vals[ifiles], *cats = &c->vals[icats];
    const char *dir = pc_runcfg_str(c, idir);
    int n = files->n ? (int)files->n : (int)cats->n;
    if (!files->n && !*dir)
        return pc_cli_usage("run", "no input: give --config FILE, --data-dir DIR or files");
    struct input *in = calloc((size_t)(n ? n : 1), sizeof *in);
    if (!in) return pc_cli_fail("out of memory");
    for (int i = 0; i < n; i++) {
        if (files->n) {
            snprintf(in[i].path, sizeof in[i].path, "%s", files->items[i]);
            if (category_of(in[i].path, in[i].category, sizeof in[i].category) != 0) {
                free(in);
                return pc_cli_fail("cannot tell the category of '%s': name it "
                                   "meta_<Category>.jsonl[.gz|.zst|.xz]",
                                   files->items[i]);
            }
            if (!file_exists(in[i].path)) {
                int r = pc_cli_fail("cannot open '%s': No such file or directory", in[i].path);
                free(in);
                return r;
            }
        } else {
            snprintf(in[i].category, sizeof in[i].category, "%s", cats->items[i]);
            static const char *const ext[] = {".jsonl", ".jsonl.gz", ".jsonl.zst", ".jsonl.xz"};
            int ok = 0;
            for (int k = 0; k < 4 && !ok; k++) {
                snprintf(in[i].path, sizeof in[i].path, "%s/meta_%s%s", dir, cats->items[i],
                         ext[k]);
                ok = file_exists(in[i].path);
            }
            if (!ok && fetch) { /* pricer fetch puts the verified file here below */
                snprintf(in[i].path, sizeof in[i].path, "%s/meta_%s.jsonl", dir, cats->items[i]);
                const char **m = realloc(missing, (size_t)(nmissing + 1) * sizeof *m);
                if (m) (missing = m)[nmissing++] = cats->items[i];
                ok = m != NULL;
            }
            if (!ok) {
                int r = pc_cli_fail("cannot open '%s/meta_%s.jsonl': No such file or directory%s",
                                    dir, cats->items[i],
                                    fetch ? "" : " (--fetch downloads missing categories)");
                free(in);
                free(missing);
                return r;
            }
        }
        int dup = 0;
        for (int k = 0; k < i; k++) dup += !strcmp(in[k].category, in[i].category);
        if (dup)
            snprintf(in[i].items, sizeof in[i].items, "items/%s-%d.jsonl", in[i].category, dup + 1);
        else
            snprintf(in[i].items, sizeof in[i].items, "items/%s.jsonl", in[i].category);
    }
    if (nmissing && !dry) {
        if (!pc_cli_quiet)
            fprintf(stderr, "pricer run: fetching %d missing categor%s into '%s'\n", nmissing,
                    nmissing == 1 ? "y" : "ies", dir);
        int r = pc_cli_fetch(dir, missing, nmissing, 4, 1, NULL, -1, -1);
        if (r != PC_EXIT_OK) {
            free(in);
            free(missing);
            return r;
        }
    }
    free(missing);
    *out = in;
    *nout = n;
    return PC_EXIT_OK;
}

/* Appends the NUL-separated stage options of section to a. */
static void push_stage_args(const struct pc_runcfg *c, int section, struct run_argv *a)
{
    struct pc_buf b;
    pc_buf_init(&b, 0);
    int n = pc_runcfg_stage_args(c, section, &b);
    const char *p = b.data;
    for (int i = 0; i < n; i++) {
        run_argv_push(a, p);
        p += strlen(p) + 1;
    }
    pc_buf_release(&b);
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
                return pc_cli_unknown_option("run", a, run_help);
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
            return pc_cli_unknown_option("run", a, run_help);
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

static char *build_head(const struct pc_runcfg *cfg, int argc, char **argv, const char *rundir)
{
    struct pc_buf b;
    pc_buf_init(&b, 0);
    char when[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    pc_buf_printf(&b, "\"pricer_version\": \"%s\",\n \"started_at\": \"%s\",\n \"command\": [",
                  PRICER_VERSION, when);
    for (int i = 0; i < argc; i++) {
        if (i) pc_buf_puts(&b, ", ");
        pc_json_put_str(&b, argv[i], strlen(argv[i]), 1);
    }
    pc_buf_puts(&b, "],\n \"rundir\": ");
    pc_json_put_str(&b, rundir, strlen(rundir), 1);
    pc_buf_puts(&b, ",\n \"config_file\": ");
    if (cfg->config_path)
        pc_json_put_str(&b, cfg->config_path, strlen(cfg->config_path), 1);
    else
        pc_buf_puts(&b, "null");
    pc_buf_puts(&b, ",\n \"config\": ");
    pc_runcfg_to_json(cfg, &b);
    return pc_buf_detach(&b, NULL);
}

int cmd_run(int argc, char **argv)
{
    struct pc_runcfg cfg;
    if (pc_runcfg_init(&cfg)) return pc_cli_fail("out of memory");
    const char *rundir = "pricer-run";
    int force = 0, dry = 0;
    int rc = parse_run_args(argc, argv, &cfg, &rundir, &force, &dry);
    struct input *in = NULL;
    int nin = 0;
    if (rc < 0)
        rc = resolve_inputs(&cfg, &in, &nin, dry);
    else {
        pc_runcfg_release(&cfg);
        return rc; /* --help, or an error in the options */
    }
    if (rc != PC_EXIT_OK) {
        pc_runcfg_release(&cfg);
        return rc;
    }
    int do_inv = pc_runcfg_bool(&cfg, pc_runopt_find("", "investigate"));
    int do_rep = pc_runcfg_bool(&cfg, pc_runopt_find("", "report"));
    int do_ass = pc_runcfg_bool(&cfg, pc_runopt_find("", "assess"));

    struct run_ctx x;
    memset(&x, 0, sizeof x);
    x.rundir = rundir;
    x.force = force;
    x.quiet = pc_cli_quiet;
    x.t_start = pc_cli_now();
    x.stage_total = do_inv + nin + 2 + do_rep + do_ass;
    pc_run_state_init(&x.prev);
    pc_run_state_init(&x.cur);
    struct pc_error err;
    pc_error_clear(&err);
    char path[4096];

    /* the stage command lines (recorded and fingerprinted with the final paths) */
    struct run_argv inv = {0}, *parse = calloc((size_t)nin + 1, sizeof *parse), cur = {0},
                    spl = {0}, rep = {0}, ass = {0};
    if (!parse) return pc_cli_fail("out of memory");
    run_argv_push(&inv, "investigate");
    run_argv_push(&inv, "--json");
    for (int i = 0; i < nin; i++) run_argv_push(&inv, in[i].path);
    for (int i = 0; i < nin; i++) {
        run_argv_push(&parse[i], "parse");
        push_stage_args(&cfg, PC_RUN_PARSE, &parse[i]);
        run_argv_push(&parse[i], "--stats");
        run_argv_pushf(&parse[i], "%s/%.*s.stats.json", rundir, (int)strlen(in[i].items) - 6,
                       in[i].items);
        run_argv_push(&parse[i], "-o");
        run_argv_pushf(&parse[i], "%s/%s", rundir, in[i].items);
        run_argv_push(&parse[i], in[i].path);
    }
    run_argv_push(&cur, "curate");
    push_stage_args(&cfg, PC_RUN_CURATE, &cur);
    /* --dedup: the number removed goes into run.json through the curate stats file */
    int dedup = strcmp(pc_runcfg_str(&cfg, pc_runopt_find("curate", "dedup")), "off") != 0;
    if (dedup) {
        run_argv_push(&cur, "--stats");
        run_argv_pushf(&cur, "%s/sample.stats.json", rundir);
    }
    for (int i = 0; i < nin; i++) run_argv_pushf(&cur, "%s/%s", rundir, in[i].items);
    run_argv_push(&cur, "-o");
    run_argv_pushf(&cur, "%s/sample.jsonl", rundir);
    run_argv_push(&spl, "split");
    push_stage_args(&cfg, PC_RUN_SPLIT, &spl);
    run_argv_pushf(&spl, "%s/sample.jsonl", rundir);
    run_argv_push(&spl, "-o");
    run_argv_pushf(&spl, "%s/dataset", rundir);
    run_argv_push(&rep, "report");
    int rep_raw = pc_runcfg_bool(&cfg, pc_runopt_find("", "report_raw"));
    for (int i = 0; i < nin && rep_raw; i++) {
        run_argv_push(&rep, "--raw");
        run_argv_push(&rep, in[i].path);
    }
    for (int i = 0; i < nin; i++) {
        run_argv_push(&rep, "--items");
        run_argv_pushf(&rep, "%s/%s", rundir, in[i].items);
    }
    run_argv_push(&rep, "--sample");
    run_argv_pushf(&rep, "%s/sample.jsonl", rundir);
    run_argv_push(&rep, "--split");
    run_argv_pushf(&rep, "%s/dataset", rundir);
    run_argv_push(&rep, "-o");
    run_argv_pushf(&rep, "%s/report.html", rundir);
    run_argv_push(&ass, "assess");
    run_argv_push(&ass, "--json");
    run_argv_pushf(&ass, "%s/dataset", rundir);

    if (dry) {
        struct run_argv *all[] = {&inv, &cur, &spl, &rep, &ass};
        int on[] = {do_inv, 1, 1, do_rep, do_ass};
        for (int s = 0; s < 5; s++) {
            if (s == 1)
                for (int i = 0; i < nin; i++) {
                    struct pc_buf b;
                    pc_buf_init(&b, 0);
                    run_put_cmdline(&b, &parse[i]);
                    printf("%s\n", b.data);
                    pc_buf_release(&b);
                }
            if (!on[s]) continue;
            struct pc_buf b;
            pc_buf_init(&b, 0);
            run_put_cmdline(&b, all[s]);
            if (s == 0 || s == 4)
                printf("%s > %s/%s\n", b.data, rundir, s ? "assess.json" : "investigate.json");
            else
                printf("%s\n", b.data);
            pc_buf_release(&b);
        }
        rc = PC_EXIT_OK;
        goto done;
    }

    snprintf(path, sizeof path, "%s/items", rundir);
    if (mkdir_p(path) != 0) {
        rc = pc_cli_fail("cannot create folder '%s': %s", path, strerror(errno));
        goto done;
    }
    snprintf(path, sizeof path, "%s/run.json", rundir);
    if (pc_run_state_load(&x.prev, path, &err) == PC_EFORMAT && !x.quiet)
        fprintf(stderr, "pricer run: ignoring unreadable '%s'; running every stage\n", path);
    x.head = build_head(&cfg, argc, argv, rundir);
    if (!x.quiet)
        fprintf(stderr, "pricer run: %d input file%s, run folder '%s'\n", nin, nin == 1 ? "" : "s",
                rundir);
    double th = pc_cli_now();
    for (int i = 0; i < nin; i++) {
        if (pc_run_add_input(&x.cur, in[i].path, in[i].category, &x.prev, &err)) {
            rc = pc_cli_report(&err);
            goto done;
        }
    }
    if (!x.quiet)
        fprintf(stderr, "      %-34s %.2f s\n", "input sizes and SHA-256", pc_cli_now() - th);

    const char **hashes = calloc((size_t)nin + 1, sizeof *hashes);
    const char **items_h = calloc((size_t)nin + 1, sizeof *items_h);
    if (!hashes || !items_h) {
        rc = pc_cli_fail("out of memory");
        goto done;
    }
    for (int i = 0; i < nin; i++) hashes[i] = x.cur.inputs[i].sha256;
    struct pc_run_stage *st = NULL;
    if (do_inv) {
        const char *outs[] = {"investigate.json"};
        struct run_stage_spec sp = {"investigate",      &inv, hashes, (size_t)nin, outs, 1,
                                    "investigate.json", NULL};
        if ((rc = run_stage(&x, &sp, &st))) goto free_hashes;
    }
    uint64_t total_items = 0, total_rows = 0;
    char tok_id[9000];
    pc_run_tokenizer_identity(pc_runcfg_str(&cfg, pc_runopt_find("", "tokenizer")), tok_id,
                              sizeof tok_id);
    static char outbuf[2][512];
    for (int i = 0; i < nin; i++) {
        char name[300];
        snprintf(name, sizeof name, "parse:%s", in[i].items + 6);
        name[strlen(name) - 6] = '\0';
        snprintf(outbuf[0], sizeof outbuf[0], "%s", in[i].items);
        snprintf(outbuf[1], sizeof outbuf[1], "?%.*s.stats.json", (int)strlen(in[i].items) - 6,
                 in[i].items);
        const char *outs[] = {outbuf[0], outbuf[1]};
        const char *pin[] = {hashes[i], tok_id};
        struct run_stage_spec sp = {name, &parse[i], pin, 2, outs, 2, NULL, NULL};
        if ((rc = run_stage(&x, &sp, &st))) goto free_hashes;
        if (st->status == PC_STAGE_RAN) {
            pc_run_stage_add_count(st, "items", run_count_lines(rundir, in[i].items));
            snprintf(path, sizeof path, "%s/%s", rundir, outbuf[1] + 1);
            run_add_stats_counts(st, path);
        }
        total_items += run_count_of(st, "items");
        total_rows += run_count_of(st, "total.rows");
        items_h[i] = st->outputs[0].sha256;
    }
    {
        const char *outs[] = {"sample.jsonl", "?sample.stats.json"};
        struct run_stage_spec sp = {"curate",        &cur, items_h, (size_t)nin, outs,
                                    dedup ? 2u : 1u, NULL, NULL};
        if ((rc = run_stage(&x, &sp, &st))) goto free_hashes;
        if (st->status == PC_STAGE_RAN) {
            snprintf(path, sizeof path, "%s/sample.jsonl", rundir);
            run_add_category_counts(st, path);
            if (dedup) {
                snprintf(path, sizeof path, "%s/sample.stats.json", rundir);
                run_add_stats_counts(st, path); /* input_items, dedup_removed, ... */
            }
        }
    }
    uint64_t sample = run_count_of(st, "items");
    char sample_h[65];
    memcpy(sample_h, st->outputs[0].sha256, 65);
    const char *sh[] = {sample_h};
    {
        const char *outs[] = {"dataset"};
        struct run_stage_spec sp = {"split", &spl, sh, 1, outs, 1, NULL, "dataset"};
        if ((rc = run_stage(&x, &sp, &st))) goto free_hashes;
        if (st->status == PC_STAGE_RAN) {
            static const char *const parts[] = {"train", "test", "validation"};
            for (int k = 0; k < 3; k++) {
                snprintf(path, sizeof path, "dataset/%s.jsonl", parts[k]);
                pc_run_stage_add_count(st, parts[k], run_count_lines(rundir, path));
            }
        }
    }
    struct pc_run_stage *split_st = st;
    /* the dataset's own fingerprint: hashes of every file it holds */
    const char **ds_h = calloc(split_st->noutputs + 2, sizeof *ds_h);
    size_t nds = 0;
    for (size_t k = 0; ds_h && k < split_st->noutputs; k++)
        ds_h[nds++] = split_st->outputs[k].sha256;
    uint64_t train = run_count_of(split_st, "train"), test = run_count_of(split_st, "test"),
             valid = run_count_of(split_st, "validation");
    if (do_rep && ds_h) {
        const char *outs[] = {"report.html", "?report_files"}; /* charts beside the page */
        const char **all_h = calloc((size_t)nin * 2 + nds + 2, sizeof *all_h);
        size_t na = 0;
        for (int i = 0; all_h && i < nin; i++) all_h[na++] = hashes[i];
        for (int i = 0; all_h && i < nin; i++) all_h[na++] = items_h[i];
        if (all_h) all_h[na++] = sample_h;
        for (size_t k = 0; all_h && k < nds; k++) all_h[na++] = ds_h[k];
        struct run_stage_spec sp = {"report", &rep, all_h, na, outs, 2, NULL, NULL};
        rc = all_h ? run_stage(&x, &sp, &st) : pc_cli_fail("out of memory");
        free(all_h);
        if (rc) goto free_ds;
    }
    if (do_ass && ds_h) {
        const char *outs[] = {"assess.json"};
        struct run_stage_spec sp = {"assess", &ass, ds_h, nds, outs, 1, "assess.json", NULL};
        if ((rc = run_stage(&x, &sp, &st))) goto free_ds;
    }
    {
        struct pc_buf t;
        pc_buf_init(&t, 0);
        pc_buf_printf(
            &t,
            "\"counts\": {\"inputs\": %d, \"rows\": %llu, \"items\": %llu, \"sample\": %llu, "
            "\"train\": %llu, \"test\": %llu, \"validation\": %llu}",
            nin, (unsigned long long)total_rows, (unsigned long long)total_items,
            (unsigned long long)sample, (unsigned long long)train, (unsigned long long)test,
            (unsigned long long)valid);
        x.totals = pc_buf_detach(&t, NULL);
        rc = run_write_state(&x, 1);
    }
    if (rc == 0) {
        char a[32], b[32], c[32], d[32];
        int reused = 0;
        for (size_t k = 0; k < x.cur.nstages; k++)
            reused += x.cur.stages[k].status == PC_STAGE_REUSED;
        fprintf(stderr,
                "pricer run: %s items -> sample %s -> train %s, test %s in %.1f s (%d of %zu "
                "stages reused)\n",
                pc_cli_commas(total_items, a), pc_cli_commas(sample, b), pc_cli_commas(train, c),
                pc_cli_commas(test, d), pc_cli_now() - x.t_start, reused, x.cur.nstages);
        fprintf(stderr, "  dataset: %s/dataset/\n", rundir);
        if (do_rep) fprintf(stderr, "  report:  %s/report.html\n", rundir);
        fprintf(stderr, "  record:  %s/run.json\n", rundir);
    }
free_ds:
    free(ds_h);
free_hashes:
    free(hashes);
    free(items_h);
done:
    run_argv_release(&inv);
    for (int i = 0; i < nin; i++) run_argv_release(&parse[i]);
    free(parse);
    run_argv_release(&cur);
    run_argv_release(&spl);
    run_argv_release(&rep);
    run_argv_release(&ass);
    free(in);
    free(x.head);
    free(x.totals);
    pc_run_state_release(&x.prev);
    pc_run_state_release(&x.cur);
    pc_runcfg_release(&cfg);
    return rc;
}
