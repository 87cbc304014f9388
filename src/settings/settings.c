/* The one table of settings (every option of every stage: key, type, default, range, help,
 * the stage whose fingerprint it feeds), its values and their JSON/command-line forms. The
 * YAML loader is in settings_yaml.c. */
#include "settings/settings.h"
#include "settings/settings_int.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json/json.h"
#include "run/yaml_guard.h"

#define G PC_RUN_GLOBAL
#define P PC_RUN_PARSE
#define C PC_RUN_CURATE
#define S PC_RUN_SPLIT

const struct pc_runopt_def pc_runopt_defs[] = {
    {G, G, "data_dir", PC_RUNOPT_PATH, NULL, NULL, "", NULL,
     "folder holding meta_<Category>.jsonl[.gz|.zst|.xz]", NULL},
    {G, G, "categories", PC_RUNOPT_LIST, NULL, NULL,
     "Automotive,Electronics,Office_Products,Tools_and_Home_Improvement,"
     "Cell_Phones_and_Accessories,Toys_and_Games,Appliances,Musical_Instruments",
     NULL, "categories to load from data_dir, in load order", NULL},
    {G, G, "files", PC_RUNOPT_PATHS, NULL, NULL, "", NULL,
     "explicit input files instead of data_dir (category from the file name)", NULL},
    {G, G, "fetch", PC_RUNOPT_BOOL, NULL, NULL, "false", NULL,
     "download missing categories into data_dir first (pricer fetch, verified)", NULL},
    {G, P, "tokenizer", PC_RUNOPT_STR, "--tokenizer", NULL, "", NULL,
     "tokenizer.json, folder or hub id (default: Llama 3.1)", NULL},
    {G, P, "jobs", PC_RUNOPT_INT, "-j", NULL, "0", NULL,
     "worker threads of every stage (0 = all cores; the bytes are the same at any N, so N "
     "is in no fingerprint)",
     "0..256"},
    {G, G, "investigate", PC_RUNOPT_BOOL, NULL, NULL, "true", NULL,
     "write investigate.json (from the parse pass's statistics)", NULL},
    {G, G, "report", PC_RUNOPT_BOOL, NULL, NULL, "true", NULL, "write report.html", NULL},
    {G, G, "report_raw", PC_RUNOPT_BOOL, NULL, NULL, "true", NULL,
     "report shows the raw-data (day-1) charts, from the parse pass's statistics", NULL},
    {G, G, "assess", PC_RUNOPT_BOOL, NULL, NULL, "true", NULL, "write assess.json", NULL},

    {P, P, "min_chars", PC_RUNOPT_INT, "--min-chars", NULL, "300", NULL,
     "content must be longer than this", "0..4294967295"},
    {P, P, "ceiling_chars", PC_RUNOPT_INT, "--ceiling-chars", NULL, "1120", NULL,
     "content cut to this many code points", "0..4294967295"},
    {P, P, "min_tokens", PC_RUNOPT_INT, "--min-tokens", NULL, "150", NULL,
     "text must have more tokens than this", "0..4294967295"},
    {P, P, "max_tokens", PC_RUNOPT_INT, "--max-tokens", NULL, "160", NULL,
     "text cut to this many tokens", "1..4294967295"},
    {P, P, "min_price", PC_RUNOPT_NUM, "--min-price", NULL, "0.5", NULL, "lowest price kept",
     "0.."},
    {P, P, "max_price", PC_RUNOPT_NUM, "--max-price", NULL, "999.49", NULL, "highest price kept",
     "0.."},
    {P, P, "question", PC_RUNOPT_STR, "--question", NULL,
     "How much does this cost to the nearest dollar?", NULL, "first line of every prompt", NULL},
    {P, P, "prefix", PC_RUNOPT_STR, "--prefix", NULL, "Price is $", NULL, "answer prefix", NULL},
    {P, P, "clean_up", PC_RUNOPT_STR, "--clean-up", NULL, "auto", "on|off|auto",
     "decode clean-up of tokenization spaces", NULL},
    {P, P, "truncate", PC_RUNOPT_STR, "--truncate", NULL, "tokens", "tokens|words|sentences",
     "where the text is cut", NULL},

    {C, C, "balance", PC_RUNOPT_BOOL, NULL, "--no-balance", "true", NULL,
     "balance over price slots (false: keep every item)", NULL},
    {C, C, "seed", PC_RUNOPT_INT, "--seed", NULL, "42", NULL, "numpy seed", "0..4294967295"},
    {C, C, "slot_cap", PC_RUNOPT_INT, "--slot-cap", NULL, "1200", NULL,
     "items drawn from a crowded slot", "0..4294967295"},
    {C, C, "all_above", PC_RUNOPT_INT, "--all-above", NULL, "240", NULL,
     "slots from this price up are kept whole", "0..1000000000"},
    {C, C, "slot_min", PC_RUNOPT_INT, "--slot-min", NULL, "1", NULL, "lowest slot",
     "0..1000000000"},
    {C, C, "slot_max", PC_RUNOPT_INT, "--slot-max", NULL, "999", NULL, "highest slot",
     "0..1000000000"},
    {C, C, "default_weight", PC_RUNOPT_INT, "--default-weight", NULL, "5", NULL,
     "draw weight of unlisted categories", "0..4294967295"},
    {C, C, "weights", PC_RUNOPT_MAP, "--weight", NULL, "Automotive=1", NULL,
     "draw weight per category (replaces the default)", NULL},
    {C, C, "dedup", PC_RUNOPT_STR, "--dedup", NULL, "off", "off|prompt|title|parent_asin",
     "keep the first item of each group sharing this key, before balancing", NULL},

    {S, S, "seed", PC_RUNOPT_INT, "--seed", NULL, "42", NULL, "CPython shuffle seed",
     "0..18446744073709551615"},
    {S, S, "train", PC_RUNOPT_INT, "--train", NULL, "400000", NULL, "train rows", "0.."},
    {S, S, "test", PC_RUNOPT_INT, "--test", NULL, "2000", NULL, "test rows", "0.."},
    {S, S, "validation", PC_RUNOPT_INT, "--validation", NULL, "0", NULL,
     "validation rows (after test)", "0.."},
    {S, S, "allow_short", PC_RUNOPT_BOOL, "--allow-short", NULL, "false", NULL,
     "write what exists when the sample is too small", NULL},
    {S, S, "group_by", PC_RUNOPT_STR, "--group-by", NULL, "off", "off|prompt|title|parent_asin",
     "whole groups sharing this key go to one side (no test group in train)", NULL},
    {S, S, "formats", PC_RUNOPT_LIST, "--format", NULL, "jsonl", "jsonl|parquet|openai",
     "export formats", NULL},
    {S, S, "openai_train", PC_RUNOPT_INT, "--openai-train", NULL, "200", NULL,
     "rows of openai_train.jsonl", "0.."},
    {S, S, "openai_validation", PC_RUNOPT_INT, "--openai-validation", NULL, "50", NULL,
     "rows of openai_validation.jsonl", "0.."},
    {0, 0, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL},
};

#undef G
#undef P
#undef C
#undef S

size_t pc_runopt_count(void)
{
    size_t n = 0;
    while (pc_runopt_defs[n].key) n++;
    return n;
}

const char *pc_run_section_name(int section)
{
    static const char *const names[] = {"", "parse", "curate", "split"};
    return section >= 0 && section < PC_RUN_NSECTION ? names[section] : NULL;
}

int pc_runopt_find(const char *section, const char *key)
{
    for (int i = 0; pc_runopt_defs[i].key; i++)
        if (!strcmp(pc_run_section_name(pc_runopt_defs[i].section), section) &&
            !strcmp(pc_runopt_defs[i].key, key))
            return i;
    return -1;
}

int pc_runopt_find_dotted(const char *name)
{
    const char *dot = strchr(name, '.');
    if (!dot) return pc_runopt_find("", name);
    char sec[32];
    size_t n = (size_t)(dot - name);
    if (n >= sizeof sec) return -1;
    memcpy(sec, name, n);
    sec[n] = '\0';
    return pc_runopt_find(sec, dot + 1);
}

/* ---- values ---- */

void pc_runval_clear(struct pc_runval *v)
{
    for (size_t i = 0; i < v->n; i++) free(v->items[i]);
    free(v->items);
    v->items = NULL;
    v->n = 0;
}

static int val_push(struct pc_runval *v, const char *s, size_t n)
{
    char **items = realloc(v->items, (v->n + 1) * sizeof *items);
    if (!items) return PC_ENOMEM;
    v->items = items;
    char *copy = malloc(n + 1);
    if (!copy) return PC_ENOMEM;
    memcpy(copy, s, n);
    copy[n] = '\0';
    v->items[v->n++] = copy;
    return PC_OK;
}

/* Pushes each comma-separated part of s (empty parts skipped). */
static int val_push_split(struct pc_runval *v, const char *s)
{
    while (*s) {
        const char *e = strchr(s, ',');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (n && val_push(v, s, n)) return PC_ENOMEM;
        s += n;
        if (*s == ',') s++;
    }
    return PC_OK;
}

static int set_default(struct pc_runval *v, const struct pc_runopt_def *d)
{
    pc_runval_clear(v);
    v->source = PC_RUNVAL_DEFAULT;
    v->line = 0;
    if (d->type == PC_RUNOPT_LIST || d->type == PC_RUNOPT_PATHS || d->type == PC_RUNOPT_MAP)
        return val_push_split(v, d->def);
    return val_push(v, d->def, strlen(d->def));
}

int pc_runcfg_init(struct pc_runcfg *c)
{
    memset(c, 0, sizeof *c);
    c->nvals = pc_runopt_count();
    c->vals = calloc(c->nvals, sizeof *c->vals);
    if (!c->vals) return PC_ENOMEM;
    for (size_t i = 0; i < c->nvals; i++)
        if (set_default(&c->vals[i], &pc_runopt_defs[i])) {
            pc_runcfg_release(c);
            return PC_ENOMEM;
        }
    return PC_OK;
}

void pc_runcfg_release(struct pc_runcfg *c)
{
    for (size_t i = 0; c->vals && i < c->nvals; i++) pc_runval_clear(&c->vals[i]);
    free(c->vals);
    free(c->config_path);
    memset(c, 0, sizeof *c);
}

static int is_true(const char *s)
{
    return !strcmp(s, "true") || !strcmp(s, "yes") || !strcmp(s, "on") || !strcmp(s, "True") ||
           !strcmp(s, "TRUE") || !strcmp(s, "1");
}

static int is_false(const char *s)
{
    return !strcmp(s, "false") || !strcmp(s, "no") || !strcmp(s, "off") || !strcmp(s, "False") ||
           !strcmp(s, "FALSE") || !strcmp(s, "0");
}

static int in_choices(const char *choices, const char *s)
{
    size_t n = strlen(s);
    for (const char *p = choices; *p;) {
        const char *e = strchr(p, '|');
        size_t k = e ? (size_t)(e - p) : strlen(p);
        if (k == n && !strncmp(p, s, n)) return 1;
        p += k;
        if (*p == '|') p++;
    }
    return 0;
}

/* Checks one scalar s for option d; writes a message into err on failure. */
static int check_scalar(const struct pc_runopt_def *d, const char *s, struct pc_error *err)
{
    const char *sec = pc_run_section_name(d->section);
    const char *dot = *sec ? "." : "";
    char *end;
    errno = 0;
    switch (d->type) {
    case PC_RUNOPT_INT: {
        unsigned long long v = strtoull(s, &end, 10);
        if (!*s || *end || errno || s[0] == '-' || s[0] == ' ') /* '+': the YAML guard */
            return pc_error_set(err, PC_EFORMAT, "%s%s%s: '%s' is not a non-negative integer", sec,
                                dot, d->key, s);
        unsigned long long lo = 0, hi = ULLONG_MAX;
        if (d->range) {
            lo = strtoull(d->range, &end, 10);
            if (end[0] == '.' && end[1] == '.' && end[2]) hi = strtoull(end + 2, NULL, 10);
        }
        if (v < lo || v > hi)
            return pc_error_set(err, PC_EFORMAT, "%s%s%s: %s is out of range %s", sec, dot, d->key,
                                s, d->range);
        break;
    }
    case PC_RUNOPT_NUM: {
        double v = strtod(s, &end);
        if (!*s || *end || errno || !isfinite(v))
            return pc_error_set(err, PC_EFORMAT, "%s%s%s: '%s' is not a number", sec, dot, d->key,
                                s);
        double lo = -INFINITY, hi = INFINITY;
        if (d->range) {
            lo = strtod(d->range, &end);
            if (end[0] == '.' && end[1] == '.' && end[2]) hi = strtod(end + 2, NULL);
        }
        if (v < lo || v > hi)
            return pc_error_set(err, PC_EFORMAT, "%s%s%s: %s is out of range %s", sec, dot, d->key,
                                s, d->range);
        break;
    }
    case PC_RUNOPT_BOOL:
        if (!is_true(s) && !is_false(s))
            return pc_error_set(err, PC_EFORMAT, "%s%s%s: '%s' is not true or false", sec, dot,
                                d->key, s);
        break;
    case PC_RUNOPT_MAP: {
        const char *eq = strchr(s, '=');
        if (eq) strtoull(eq + 1, &end, 10);
        if (!eq || eq == s || !eq[1] || *end || errno || eq[1] == '-' || eq[1] == '+' ||
            eq[1] == ' ')
            return pc_error_set(err, PC_EFORMAT, "%s%s%s: '%s' is not CATEGORY=INTEGER", sec, dot,
                                d->key, s);
        break;
    }
    default:
        break;
    }
    const char *amb = d->type == PC_RUNOPT_INT   ? pc_yaml_guard_int(s)
                      : d->type == PC_RUNOPT_NUM ? pc_yaml_guard_num(s)
                      : d->type == PC_RUNOPT_MAP && strchr(s, '=')
                          ? pc_yaml_guard_int(strchr(s, '=') + 1)
                          : NULL; /* issue 10 */
    if (amb)
        return pc_error_set(err, PC_EFORMAT, "%s%s%s: '%s' is refused: %s", sec, dot, d->key, s,
                            amb);
    if (d->choices && !in_choices(d->choices, s))
        return pc_error_set(err, PC_EFORMAT, "%s%s%s: '%s' is not one of %s", sec, dot, d->key, s,
                            d->choices);
    return PC_OK;
}

/* Lexically removes "./" segments and "DIR/.." pairs from a relative or absolute path. */
static void clean_path(char *p)
{
    char *seg[512];
    int n = 0, abs_ = p[0] == '/', up = 0;
    char *save = NULL, *copy = strdup(p);
    if (!copy) return;
    for (char *t = strtok_r(copy, "/", &save); t && n < 512; t = strtok_r(NULL, "/", &save)) {
        if (!strcmp(t, ".")) continue;
        if (!strcmp(t, "..") && n > up)
            n--;
        else if (!strcmp(t, "..") && abs_)
            continue;
        else {
            seg[n++] = t;
            if (!strcmp(t, "..")) up = n;
        }
    }
    char *o = p;
    if (abs_) *o++ = '/';
    for (int i = 0; i < n; i++) {
        size_t k = strlen(seg[i]);
        memmove(o, seg[i], k);
        o += k;
        if (i + 1 < n) *o++ = '/';
    }
    if (o == p) *o++ = '.';
    *o = '\0';
    free(copy);
}

int pc_runval_push_checked(struct pc_runval *v, const struct pc_runopt_def *d, const char *s,
                           const char *base_dir, struct pc_error *err)
{
    int rc = check_scalar(d, s, err);
    if (rc) return rc;
    if (d->type == PC_RUNOPT_BOOL) s = is_true(s) ? "true" : "false";
    if ((d->type == PC_RUNOPT_PATH || d->type == PC_RUNOPT_PATHS) && base_dir && *base_dir &&
        s[0] != '/' && s[0]) {
        struct pc_buf b;
        pc_buf_init(&b, 0);
        if (strcmp(base_dir, ".") != 0) pc_buf_printf(&b, "%s/", base_dir);
        pc_buf_puts(&b, s);
        if (!b.data) return PC_ENOMEM;
        clean_path(b.data);
        rc = val_push(v, b.data, strlen(b.data));
        pc_buf_release(&b);
        return rc;
    }
    return val_push(v, s, strlen(s));
}

int pc_runcfg_set(struct pc_runcfg *c, int idx, const char *text, struct pc_error *err)
{
    if (idx < 0 || (size_t)idx >= c->nvals) return pc_error_set(err, PC_EINVAL, "no such option");
    const struct pc_runopt_def *d = &pc_runopt_defs[idx];
    struct pc_runval *v = &c->vals[idx];
    struct pc_runval nv = {PC_RUNVAL_CLI, 0, NULL, 0};
    int rc = PC_OK;
    if (d->type == PC_RUNOPT_MAP && v->source == PC_RUNVAL_CLI) {
        /* later --weight options add to the earlier ones */
        for (size_t i = 0; i < v->n && !rc; i++)
            rc = val_push(&nv, v->items[i], strlen(v->items[i]));
    }
    if (!rc && (d->type == PC_RUNOPT_LIST || d->type == PC_RUNOPT_PATHS)) {
        struct pc_runval parts = {0, 0, NULL, 0};
        rc = val_push_split(&parts, text);
        for (size_t i = 0; i < parts.n && !rc; i++)
            rc = pc_runval_push_checked(&nv, d, parts.items[i], NULL, err);
        pc_runval_clear(&parts);
    } else if (!rc) {
        rc = pc_runval_push_checked(&nv, d, text, NULL, err);
    }
    if (rc) {
        pc_runval_clear(&nv);
        if (rc == PC_EFORMAT) err->code = rc = PC_EINVAL;
        return rc;
    }
    pc_runval_clear(v);
    *v = nv;
    return PC_OK;
}

const char *pc_runcfg_str(const struct pc_runcfg *c, int idx)
{
    if (idx < 0 || (size_t)idx >= c->nvals || c->vals[idx].n == 0) return "";
    return c->vals[idx].items[0];
}

int pc_runcfg_bool(const struct pc_runcfg *c, int idx)
{
    if (idx < 0 || (size_t)idx >= c->nvals || pc_runopt_defs[idx].type != PC_RUNOPT_BOOL) return 0;
    return is_true(pc_runcfg_str(c, idx));
}

/* ---- output ---- */

static int arg(struct pc_buf *out, const char *s)
{
    return pc_buf_append(out, s, strlen(s) + 1);
}

int pc_runcfg_stage_args(const struct pc_runcfg *c, int section, struct pc_buf *out)
{
    int count = 0, rc = PC_OK;
    for (size_t i = 0; i < c->nvals && !rc; i++) {
        const struct pc_runopt_def *d = &pc_runopt_defs[i];
        const struct pc_runval *v = &c->vals[i];
        if (d->stage != section || v->source == PC_RUNVAL_DEFAULT) continue;
        if (d->type == PC_RUNOPT_BOOL) {
            const char *f = is_true(pc_runcfg_str(c, (int)i)) ? d->flag : d->flag_off;
            if (f) rc = arg(out, f), count++;
            continue;
        }
        if (!d->flag) continue;
        if (!strcmp(d->flag, "-j") && !strcmp(pc_runcfg_str(c, (int)i), "0"))
            continue; /* jobs 0 = all cores: the stage's own default */
        for (size_t k = 0; k < v->n && !rc; k++) {
            rc = arg(out, d->flag);
            if (!rc) rc = arg(out, v->items[k]);
            count += 2;
            if (d->type != PC_RUNOPT_LIST && d->type != PC_RUNOPT_MAP && d->type != PC_RUNOPT_PATHS)
                break;
        }
    }
    return rc ? rc : count;
}

/* Shortest %.Ng form that reads back as the same double, made JSON-valid. */
static int put_number(struct pc_buf *out, const char *text)
{
    double v = strtod(text, NULL);
    char tmp[40];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*g", prec, v);
        if (strtod(tmp, NULL) == v) break;
    }
    return pc_buf_puts(out, tmp);
}

static int put_value(struct pc_buf *out, const struct pc_runopt_def *d, const struct pc_runval *v)
{
    int rc = PC_OK;
    switch (d->type) {
    case PC_RUNOPT_INT:
        return pc_buf_puts(out, v->n ? v->items[0] : "0");
    case PC_RUNOPT_NUM:
        return put_number(out, v->n ? v->items[0] : "0");
    case PC_RUNOPT_BOOL:
        return pc_buf_puts(out, v->n && is_true(v->items[0]) ? "true" : "false");
    case PC_RUNOPT_LIST:
    case PC_RUNOPT_PATHS:
        rc = pc_buf_putc(out, '[');
        for (size_t i = 0; i < v->n && !rc; i++) {
            if (i) rc = pc_buf_puts(out, ", ");
            if (!rc) rc = pc_json_put_str(out, v->items[i], strlen(v->items[i]), 1);
        }
        return rc ? rc : pc_buf_putc(out, ']');
    case PC_RUNOPT_MAP:
        rc = pc_buf_putc(out, '{');
        for (size_t i = 0; i < v->n && !rc; i++) {
            const char *eq = strchr(v->items[i], '=');
            if (i) rc = pc_buf_puts(out, ", ");
            if (!rc) rc = pc_json_put_str(out, v->items[i], (size_t)(eq - v->items[i]), 1);
            if (!rc) rc = pc_buf_puts(out, ": ");
            if (!rc) rc = put_number(out, eq + 1);
        }
        return rc ? rc : pc_buf_putc(out, '}');
    default: {
        const char *s = v->n ? v->items[0] : "";
        return pc_json_put_str(out, s, strlen(s), 1);
    }
    }
}

int pc_runcfg_to_json(const struct pc_runcfg *c, struct pc_buf *out)
{
    int rc = pc_buf_putc(out, '{');
    int first = 1;
    for (int s = 0; s < PC_RUN_NSECTION && !rc; s++) {
        if (s > 0) {
            rc = pc_buf_printf(out, ", \"%s\": {", pc_run_section_name(s));
            first = 1;
        }
        for (size_t i = 0; i < c->nvals && !rc; i++) {
            const struct pc_runopt_def *d = &pc_runopt_defs[i];
            if (d->section != s) continue;
            rc = pc_buf_printf(out, "%s\"%s\": ", first ? "" : ", ", d->key);
            if (!rc) rc = put_value(out, d, &c->vals[i]);
            first = 0;
        }
        if (s > 0 && !rc) rc = pc_buf_putc(out, '}');
        if (s == 0) first = 0;
    }
    return rc ? rc : pc_buf_putc(out, '}');
}
