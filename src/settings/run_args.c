/* `pricer run`'s command line into the run's resolved options (settings/run_args.h). */
#include "settings/run_args.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipe/shard.h"

enum {
    R_CONFIG = 1,
    R_OUTPUT,
    R_SETTING, /* an entry with `setting` */
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

/* run's own options, one line each; `setting` names the key an option sets (its help and
 * default come from the settings table when help is NULL). */
static const struct pc_opt run_fixed[] = {
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

/* ---- the table: run's options, then one or more per setting ---- */

enum { RUN_OPTS_MAX = 400, NAME_MAX_LEN = 48 };

/* Per table entry: the setting it sets (-1: none), whether a key present in several sections
 * sets them all, whether it is the --no-KEY of a boolean. */
struct gen_meta {
    int idx, all, neg;
};

static struct pc_opt table[RUN_OPTS_MAX + 1];
static struct gen_meta meta[RUN_OPTS_MAX + 1];
static char names[RUN_OPTS_MAX][NAME_MAX_LEN];
static int ntable, table_ok;
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static int has_name(const char *name)
{
    for (int i = 0; i < ntable; i++)
        if (table[i].name && !strcmp(table[i].name, name)) return 1;
    return 0;
}

/* Adds --PREFIX-KEY (prefix may be "") for setting idx unless the name exists. */
static int add(const char *prefix, const char *key, int idx, int all, int neg)
{
    if (ntable >= RUN_OPTS_MAX) return -1;
    char *name = names[ntable];
    snprintf(name, NAME_MAX_LEN, "%s%s%s%s", neg ? "no-" : "", prefix, *prefix ? "-" : "", key);
    for (char *p = name; *p; p++)
        if (*p == '_') *p = '-';
    if (has_name(name)) return 0;
    const struct pc_runopt_def *d = &pc_runopt_defs[idx];
    int kind = neg ? PC_OPT_FLAG : d->type == PC_RUNOPT_BOOL ? PC_OPT_OPTIONAL : PC_OPT_VALUE;
    table[ntable] = (struct pc_opt){R_GENERATED, 0, name, kind, "VALUE", pc_opt_unlisted, NULL};
    meta[ntable] = (struct gen_meta){idx, all, neg};
    ntable++;
    return 0;
}

static void build_table(void)
{
    for (const struct pc_opt *f = run_fixed; f->id; f++) {
        if (ntable >= RUN_OPTS_MAX) return;
        table[ntable] = *f;
        meta[ntable] = (struct gen_meta){f->setting ? pc_runopt_find_dotted(f->setting) : -1, 0, 0};
        ntable++;
    }
    for (int i = 0; pc_runopt_defs[i].key; i++) {
        const struct pc_runopt_def *d = &pc_runopt_defs[i];
        const char *sec = pc_run_section_name(d->section);
        /* the singular spelling of the list and map keys: --format parquet, --weight A=1 */
        const char *alias = !strcmp(d->key, "formats")   ? "format"
                            : !strcmp(d->key, "weights") ? "weight"
                                                         : NULL;
        int bool_ = d->type == PC_RUNOPT_BOOL, rc = 0;
        for (int neg = 0; neg <= bool_; neg++) {
            rc |= add("", d->key, i, 1, neg);
            if (alias) rc |= add("", alias, i, 1, neg);
            if (*sec) rc |= add(sec, d->key, i, 0, neg);
            if (*sec && alias) rc |= add(sec, alias, i, 0, neg);
        }
        if (rc) return;
    }
    table[ntable] = (struct pc_opt){0, 0, NULL, 0, NULL, NULL, NULL};
    table_ok = 1;
}

const struct pc_opt *pc_run_args_table(void)
{
    pthread_once(&table_once, build_table);
    return table_ok ? table : NULL;
}

/* ---- reading ---- */

static int usage(struct pc_run_args *a, int rc)
{
    a->usage = 1;
    return rc;
}

/* Sets the setting(s) of the generated or settings option just read by s. */
static int apply(struct pc_run_args *a, const struct pc_opts *s, struct pc_error *err)
{
    const struct gen_meta *m = &meta[s->opt - table];
    const struct pc_runopt_def *d = &pc_runopt_defs[m->idx];
    const char *v = s->value;
    if (!v) v = m->neg ? "false" : "true"; /* a boolean without =VALUE */
    struct pc_error e;
    pc_error_clear(&e);
    for (int j = 0; pc_runopt_defs[j].key; j++) {
        const struct pc_runopt_def *x = &pc_runopt_defs[j];
        if (j != m->idx && !(m->all && !strcmp(x->key, d->key) && x->type == d->type)) continue;
        if (pc_runcfg_set(&a->cfg, j, v, &e))
            return usage(a, pc_error_set(err, PC_EINVAL, "%s: %s", s->spelled, e.message));
    }
    return PC_OK;
}

/* --set SECTION.KEY=VALUE (or KEY=VALUE for top-level keys). */
static int set_kv(struct pc_run_args *a, const char *kv, struct pc_error *err)
{
    const char *eq = strchr(kv, '=');
    char key[160];
    if (!eq || (size_t)(eq - kv) >= sizeof key)
        return usage(a,
                     pc_error_set(err, PC_EINVAL, "--set wants SECTION.KEY=VALUE, not '%s'", kv));
    snprintf(key, sizeof key, "%.*s", (int)(eq - kv), kv);
    int idx = pc_runopt_find_dotted(key);
    if (idx < 0)
        return usage(a, pc_error_set(err, PC_EINVAL, "unknown configuration key '%s'", key));
    struct pc_error e;
    pc_error_clear(&e);
    if (pc_runcfg_set(&a->cfg, idx, eq + 1, &e))
        return usage(a, pc_error_set(err, PC_EINVAL, "%s", e.message));
    return PC_OK;
}

/* Appends an input file (operand) to the setting "files"; the first replaces the config's. */
static int add_file(struct pc_run_args *a, const char *f, int *files_cleared, struct pc_error *err)
{
    if (!strcmp(f, "-"))
        return usage(a, pc_error_set(err, PC_EINVAL,
                                     "an input cannot be standard input ('-'): the category "
                                     "comes from the file name meta_<Category>.jsonl"));
    int fi = pc_runopt_find("", "files");
    if (!*files_cleared) {
        *files_cleared = 1;
        struct pc_error e;
        pc_error_clear(&e);
        if (pc_runcfg_set(&a->cfg, fi, f, &e))
            return usage(a, pc_error_set(err, PC_EINVAL, "%s", e.message));
        return PC_OK;
    }
    struct pc_runval *v = &a->cfg.vals[fi];
    char **items = realloc(v->items, (v->n + 1) * sizeof *items);
    if (!items) return pc_error_set(err, PC_ENOMEM, "out of memory");
    v->items = items;
    if (!(items[v->n] = strdup(f))) return pc_error_set(err, PC_ENOMEM, "out of memory");
    v->n++;
    return PC_OK;
}

/* --shard K/N (one) or --shards N. */
static int shard_opt(struct pc_run_args *a, const char *value, int one, struct pc_error *err)
{
    struct pc_error e;
    pc_error_clear(&e);
    char *end;
    unsigned long n = one ? 0 : strtoul(value, &end, 10);
    if (one ? pc_shard_parse(value, &a->shard_k, &a->shard_n, &e) != PC_OK
            : (*value < '1' || *value > '9' || *end || n > 1000000))
        return usage(a, pc_error_set(err, PC_EINVAL, "--%s: %s", one ? "shard" : "shards",
                                     one ? e.message : "wants 1 to 1000000"));
    if (!one) a->shards = (unsigned)n;
    if (a->shard_n && a->shards)
        return usage(a, pc_error_set(err, PC_EINVAL, "--shard and --shards exclude each other"));
    return PC_OK;
}

/* Loads the config path ("-": standard input, through the hook). */
static int load_config(struct pc_run_args *a, const char *path, const struct pc_run_args_hooks *h,
                       struct pc_error *err)
{
    a->config = path;
    a->configs++;
    if (strcmp(path, "-") != 0) {
        if (h && h->config_file) h->config_file(h->user, path);
        return pc_runcfg_load_file(&a->cfg, path, err);
    }
    if (!h || !h->read_stdin)
        return usage(
            a, pc_error_set(err, PC_EINVAL, "--config -: standard input cannot be read here"));
    size_t n = 0;
    const char *text = h->read_stdin(h->user, &n);
    if (!text) return pc_error_set(err, PC_EIO, "cannot read the config from standard input");
    return pc_runcfg_load_text(&a->cfg, text, n, "(standard input)", NULL, err);
}

int pc_run_args_parse(struct pc_run_args *a, int argc, char **argv,
                      const struct pc_run_args_hooks *hooks, struct pc_error *err)
{
    memset(a, 0, sizeof *a);
    a->rundir = "pricer-run";
    if (pc_runcfg_init(&a->cfg)) return pc_error_set(err, PC_ENOMEM, "out of memory");
    static const struct pc_opt_cmd cmd_template = {"run", NULL, NULL, NULL};
    struct pc_opt_cmd cmd = cmd_template;
    if (!(cmd.opts = pc_run_args_table()))
        return pc_error_set(err, PC_EINVAL, "run: the option table is full");
    /* first pass: the configs (the command line overrides them whatever the order), and
     * --help; every option error shows up here */
    struct pc_opts s;
    int id, rc;
    pc_opts_init(&s, &cmd, argc, argv);
    while ((id = pc_opts_read(&s, err)) != PC_OPTS_END) {
        if (id == PC_OPTS_ERROR) return usage(a, PC_EINVAL);
        if (id == R_HELP) {
            a->help = 1;
            return PC_OK;
        }
        if (id == R_HELP_CONFIG) {
            if (s.value && strcmp(s.value, "markdown") != 0)
                return usage(a, pc_opts_bad_value_error(&s, err));
            a->help_config = s.value ? 2 : 1;
            return PC_OK;
        }
        if (id == R_CONFIG && (rc = load_config(a, s.value, hooks, err)) != PC_OK) return rc;
    }
    /* second pass: everything else, in order */
    int files_cleared = 0;
    pc_opts_init(&s, &cmd, argc, argv);
    while ((id = pc_opts_read(&s, err)) != PC_OPTS_END) {
        rc = PC_OK;
        if (id == PC_OPTS_OPERAND)
            rc = add_file(a, s.value, &files_cleared, err);
        else if (s.opt && meta[s.opt - table].idx >= 0)
            rc = apply(a, &s, err);
        else if (id == R_OUTPUT) {
            if (!strcmp(s.value, "-"))
                return usage(
                    a, pc_error_set(err, PC_EINVAL, "RUNDIR is a folder: '-o -' is not possible"));
            a->rundir = s.value;
        } else if (id == R_FORCE)
            a->force = 1;
        else if (id == R_DRY_RUN)
            a->dry_run = 1;
        else if (id == R_SET)
            rc = set_kv(a, s.value, err);
        else if (id == R_SHARD || id == R_SHARDS)
            rc = shard_opt(a, s.value, id == R_SHARD, err);
        else if (id == R_QUIET)
            a->verbosity = 'q';
        else if (id == R_VERBOSE)
            a->verbosity = 'v';
        if (rc != PC_OK) return rc;
    }
    if (!a->cfg.vals[pc_runopt_find("", "files")].n &&
        !*pc_runcfg_str(&a->cfg, pc_runopt_find("", "data_dir")))
        return usage(a, pc_error_set(err, PC_EINVAL,
                                     "no input: give --config FILE, --data-dir DIR or files"));
    return PC_OK;
}

void pc_run_args_release(struct pc_run_args *a)
{
    pc_runcfg_release(&a->cfg);
}
