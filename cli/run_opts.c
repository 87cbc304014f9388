/* pricer run's options generated from the settings table (cli/run_opts.h). */
#include "run_opts.h"

#include <string.h>

enum { RUN_OPTS_MAX = 400, NAME_MAX_LEN = 48 };

/* Per table entry: the setting it sets (-1: none), whether a key present in several sections
 * sets them all, whether it is the --no-KEY of a boolean. */
struct gen_meta {
    int idx, all, neg;
};

static struct pc_opt table[RUN_OPTS_MAX + 1];
static struct gen_meta meta[RUN_OPTS_MAX + 1];
static char names[RUN_OPTS_MAX][NAME_MAX_LEN];
static int ntable;

/* Index of the setting "section.key" ("key" for top-level keys), or -1. */
static int setting_index(const char *setting)
{
    const char *dot = strchr(setting, '.');
    if (!dot) return pc_runopt_find("", setting);
    char sec[32];
    size_t n = (size_t)(dot - setting);
    if (n >= sizeof sec) return -1;
    memcpy(sec, setting, n);
    sec[n] = '\0';
    return pc_runopt_find(sec, dot + 1);
}

static int has_name(const char *name)
{
    for (int i = 0; i < ntable; i++)
        if (table[i].name && !strcmp(table[i].name, name)) return 1;
    return 0;
}

/* Adds --PREFIX-KEY (prefix may be "") for setting idx unless the name exists. */
static int add(const char *prefix, const char *key, int idx, int all, int neg, int id)
{
    if (ntable >= RUN_OPTS_MAX) return -1;
    char *name = names[ntable];
    snprintf(name, NAME_MAX_LEN, "%s%s%s%s", neg ? "no-" : "", prefix, *prefix ? "-" : "", key);
    for (char *p = name; *p; p++)
        if (*p == '_') *p = '-';
    if (has_name(name)) return 0;
    const struct pc_runopt_def *d = &pc_runopt_defs[idx];
    int kind = neg ? PC_OPT_FLAG : d->type == PC_RUNOPT_BOOL ? PC_OPT_OPTIONAL : PC_OPT_VALUE;
    table[ntable] = (struct pc_opt){id, 0, name, kind, "VALUE", pc_opt_unlisted, NULL};
    meta[ntable] = (struct gen_meta){idx, all, neg};
    ntable++;
    return 0;
}

const struct pc_opt *pc_run_opts_table(const struct pc_opt *fixed, int gen_id)
{
    if (ntable) return table;
    for (; fixed->id; fixed++) {
        if (ntable >= RUN_OPTS_MAX) return NULL;
        table[ntable] = *fixed;
        meta[ntable] = (struct gen_meta){fixed->setting ? setting_index(fixed->setting) : -1, 0, 0};
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
            rc |= add("", d->key, i, 1, neg, gen_id);
            if (alias) rc |= add("", alias, i, 1, neg, gen_id);
            if (*sec) rc |= add(sec, d->key, i, 0, neg, gen_id);
            if (*sec && alias) rc |= add(sec, alias, i, 0, neg, gen_id);
        }
        if (rc) return NULL;
    }
    table[ntable] = (struct pc_opt){0, 0, NULL, 0, NULL, NULL, NULL};
    return table;
}

int pc_run_opts_is_setting(const struct pc_opt *o)
{
    return o && o >= table && o < table + ntable && meta[o - table].idx >= 0;
}

int pc_run_opts_apply(struct pc_runcfg *cfg, const struct pc_opts *s)
{
    const struct gen_meta *m = &meta[s->opt - table];
    const struct pc_runopt_def *d = &pc_runopt_defs[m->idx];
    const char *v = s->value;
    if (!v) v = m->neg ? "false" : "true"; /* a boolean without =VALUE */
    struct pc_error err;
    pc_error_clear(&err);
    for (int j = 0; pc_runopt_defs[j].key; j++) {
        const struct pc_runopt_def *e = &pc_runopt_defs[j];
        if (j != m->idx && !(m->all && !strcmp(e->key, d->key) && e->type == d->type)) continue;
        if (pc_runcfg_set(cfg, j, v, &err))
            return pc_cli_usage("run", "%s: %s", s->spelled, err.message);
    }
    return PC_EXIT_OK;
}

int pc_run_opts_set_kv(struct pc_runcfg *cfg, const char *kv)
{
    const char *eq = strchr(kv, '=');
    char key[160];
    if (!eq || (size_t)(eq - kv) >= sizeof key)
        return pc_cli_usage("run", "--set wants SECTION.KEY=VALUE, not '%s'", kv);
    snprintf(key, sizeof key, "%.*s", (int)(eq - kv), kv);
    int idx = setting_index(key);
    if (idx < 0) return pc_cli_usage("run", "unknown configuration key '%s'", key);
    struct pc_error err;
    pc_error_clear(&err);
    if (pc_runcfg_set(cfg, idx, eq + 1, &err)) return pc_cli_usage("run", "%s", err.message);
    return PC_EXIT_OK;
}

/* s with '|' escaped for a markdown table cell. */
static const char *md(const char *s, char *buf, size_t n)
{
    size_t k = 0;
    for (; *s && k + 3 < n; s++) {
        if (*s == '|') buf[k++] = '\\';
        buf[k++] = *s;
    }
    buf[k] = '\0';
    return buf;
}

void pc_run_help_config(int markdown)
{
    static const char *const stage_names[] = {"(run)", "parse", "curate", "split"};
    if (markdown)
        printf(
            "<!-- generated by `pricer run --help-config=markdown`; do not edit -->\n"
            "# Settings\n\nEvery setting of `pricer run`, from the one settings table "
            "(`src/settings/settings.c`).\nYAML: `KEY` at the top level or `SECTION: {KEY: ...}`; "
            "command line: `--set SECTION.KEY=VALUE`\nor `--KEY VALUE`. *Stage*: whose "
            "fingerprint the setting feeds (changing it reruns that\nstage and what follows) "
            "and whose single-stage command takes *option*.\n\n"
            "| key | type | default | range / choices | stage | option | meaning |\n"
            "|---|---|---|---|---|---|---|\n");
    else
        printf("configuration keys (YAML; command line: --KEY or --SECTION-KEY, '_' as '-'):\n\n");
    static const char *const types[] = {"text", "path", "integer", "number",
                                        "bool", "list", "paths",   "map"};
    for (size_t i = 0; pc_runopt_defs[i].key; i++) {
        const struct pc_runopt_def *d = &pc_runopt_defs[i];
        const char *sec = pc_run_section_name(d->section);
        char full[96];
        snprintf(full, sizeof full, "%s%s%s", sec, *sec ? "." : "", d->key);
        const char *rng = d->range ? d->range : d->choices ? d->choices : "";
        if (markdown) {
            char b1[512], b2[512];
            printf("| `%s` | %s | %s%s%s | %s | %s | %s%s%s | %s |\n", full, types[d->type],
                   d->def[0] ? "`" : "", d->def, d->def[0] ? "`" : "", md(rng, b1, sizeof b1),
                   stage_names[d->stage], d->flag ? "`" : "",
                   d->flag       ? d->flag
                   : d->flag_off ? d->flag_off
                                 : "",
                   d->flag ? "`" : "", md(d->help, b2, sizeof b2));
            continue;
        }
        printf("  %-24s %s", full, d->help);
        if (d->def[0]) printf(" (default: %s)", d->def);
        if (*rng) printf(" [%s]", rng);
        if (d->stage) printf(" {%s}", stage_names[d->stage]);
        putchar('\n');
    }
}
