/* The detail `pricer run -v` adds (cli/run_verbose.h): where each setting came from, and after
 * the run what run.json and the parse statistics record. Only reads files the run wrote. */
#include "run_verbose.h"

#include <stdlib.h>
#include <string.h>

#include "json/json.h"

void pc_run_verbose_settings(const struct pc_runcfg *cfg, const char *tok_cache_dir)
{
    if (!pc_cli_verbose || pc_cli_silent) return;
    for (size_t i = 0; pc_runopt_defs[i].key; i++) {
        const struct pc_runval *v = &cfg->vals[i];
        if (v->source == PC_RUNVAL_DEFAULT) continue;
        const char *sec = pc_run_section_name(pc_runopt_defs[i].section);
        fprintf(stderr, "pricer run: setting %s%s%s =", sec, *sec ? "." : "",
                pc_runopt_defs[i].key);
        for (size_t k = 0; k < v->n; k++) fprintf(stderr, "%s%s", k ? "," : " ", v->items[k]);
        if (v->source == PC_RUNVAL_CLI)
            fprintf(stderr, " (command line)\n");
        else
            fprintf(stderr, " (%s:%ld)\n", cfg->config_path ? cfg->config_path : "config", v->line);
    }
    const char *tok = pc_runcfg_str(cfg, pc_runopt_find("", "tokenizer"));
    const struct pc_tok_env *env = pc_cli_tok_env();
    fprintf(stderr, "pricer run: tokenizer %s; compiled-image cache %s\n",
            *tok                                ? tok
            : env->tokenizer && *env->tokenizer ? "from PRICER_TOKENIZER"
                                                : "the default (Llama 3.1)",
            tok_cache_dir ? tok_cache_dir : "off");
}

/* The whole file path into a NUL-terminated malloc'ed buffer (*n bytes), or NULL. */
static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, len = 0;
    char *b = malloc(cap + 1);
    size_t got;
    while (b && (got = fread(b + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            char *nb = realloc(b, 2 * cap + 1);
            if (!nb) free(b);
            b = nb;
            cap *= 2;
        }
    }
    fclose(f);
    if (b) b[len] = '\0';
    *n = len;
    return b;
}

/* Parses path into doc; *text (free it after the last use of the tree) holds the bytes. */
static const struct pc_json_val *parse_file(struct pc_json_doc *doc, const char *path, char **text)
{
    size_t n;
    *text = slurp(path, &n);
    if (!*text) return NULL;
    const struct pc_json_val *root = NULL;
    struct pc_error err;
    pc_error_clear(&err);
    if (pc_json_parse(doc, *text, n, &root, &err)) root = NULL;
    return root;
}

static double num(const struct pc_json_val *o, const char *key)
{
    const struct pc_json_val *v = pc_json_get(o, key);
    return v && v->type == PC_JSON_NUMBER ? v->num : 0;
}

static const char *str(const struct pc_json_val *o, const char *key)
{
    const struct pc_json_val *v = pc_json_get(o, key);
    return v && v->type == PC_JSON_STRING ? v->u.str : "?";
}

/* The nonzero outcomes of RUNDIR/items/<category>.stats.json on one line. */
static void outcomes(struct pc_json_doc *doc, const char *rundir, const char *category)
{
    char path[4400];
    snprintf(path, sizeof path, "%s/items/%s.stats.json", rundir, category);
    char *text;
    const struct pc_json_val *root = parse_file(doc, path, &text);
    const struct pc_json_val *o = pc_json_get(pc_json_get(root, "total"), "outcomes");
    if (!o || o->type != PC_JSON_OBJECT) {
        free(text);
        return;
    }
    fprintf(stderr, "pricer run:   %s lines by outcome:", category);
    char a[32];
    for (uint32_t k = 0; k < o->len; k++)
        if (o->u.members[k].val.type == PC_JSON_NUMBER && o->u.members[k].val.num > 0)
            fprintf(stderr, " %s %s", o->u.members[k].key,
                    pc_cli_commas((uint64_t)o->u.members[k].val.num, a));
    fputc('\n', stderr);
    free(text);
}

void pc_run_verbose_record(const char *rundir)
{
    if (!pc_cli_verbose || pc_cli_silent) return;
    struct pc_json_doc *doc = pc_json_doc_new(), *doc2 = pc_json_doc_new();
    char path[4400];
    snprintf(path, sizeof path, "%s/run.json", rundir);
    char *text = NULL;
    const struct pc_json_val *root = doc && doc2 ? parse_file(doc, path, &text) : NULL;
    if (!root) {
        free(text);
        fprintf(stderr, "pricer run: cannot read '%s' for the details\n", path);
        pc_json_doc_free(doc);
        pc_json_doc_free(doc2);
        return;
    }
    const struct pc_json_val *ins = pc_json_get(root, "inputs");
    for (uint32_t i = 0; ins && ins->type == PC_JSON_ARRAY && i < ins->len; i++) {
        const struct pc_json_val *in = &ins->u.items[i];
        fprintf(stderr, "pricer run: input '%s' (%s, %.2f MB, sha256 %.12s...)\n", str(in, "path"),
                str(in, "category"), num(in, "size") / 1e6, str(in, "sha256"));
        outcomes(doc2, rundir, str(in, "category"));
    }
    const struct pc_json_val *st = pc_json_get(root, "stages");
    for (uint32_t i = 0; st && st->type == PC_JSON_ARRAY && i < st->len; i++) {
        const struct pc_json_val *s = &st->u.items[i];
        fprintf(stderr, "pricer run: stage %-28s %-7s %7.2f s wall %7.2f s CPU %8.1f MB peak\n",
                str(s, "name"), str(s, "status"), num(s, "seconds"), num(s, "cpu_seconds"),
                num(s, "peak_rss_mb"));
    }
    pc_json_doc_free(doc);
    pc_json_doc_free(doc2);
    free(text);
}
