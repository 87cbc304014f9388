/* Settings -> stage options (see stage_opts.h). */
#include "pipeline/stage_opts.h"

#include <stdlib.h>
#include <string.h>

#include "curate/group.h"

static const char *val(const struct pc_runcfg *c, const char *sec, const char *key)
{
    int i = pc_runopt_find(sec, key);
    return i < 0 ? "" : pc_runcfg_str(c, i);
}

static int uval(const struct pc_runcfg *c, const char *sec, const char *key, uint64_t max,
                uint64_t *out, struct pc_error *err)
{
    const char *s = val(c, sec, key);
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (!*s || *end || s[0] == '-' || v > max)
        return pc_error_set(err, PC_EINVAL, "%s%s%s: '%s' is not an integer from 0 to %llu", sec,
                            *sec ? "." : "", key, s, (unsigned long long)max);
    *out = v;
    return PC_OK;
}

/* The run's -j: 1 to 16 threads for curate's and split's readers; 0 (unset or "0") = one
 * per core, as those stages count it. */
static size_t run_jobs(const struct pc_runcfg *c)
{
    long j = strtol(val(c, "", "jobs"), NULL, 10);
    return j < 1 ? 0 : j > 16 ? 16 : (size_t)j;
}

int pc_stage_item_opts(const struct pc_runcfg *c, struct pc_item_opts *o, struct pc_error *err)
{
    pc_item_opts_init(o);
    uint64_t v;
    int rc;
    if ((rc = uval(c, "parse", "min_chars", UINT32_MAX, &v, err))) return rc;
    o->min_chars = (size_t)v;
    if ((rc = uval(c, "parse", "ceiling_chars", UINT32_MAX, &v, err))) return rc;
    o->ceiling_chars = (size_t)v;
    if ((rc = uval(c, "parse", "min_tokens", UINT32_MAX, &v, err))) return rc;
    o->min_tokens = (size_t)v;
    if ((rc = uval(c, "parse", "max_tokens", UINT32_MAX, &v, err))) return rc;
    if (v == 0) return pc_error_set(err, PC_EINVAL, "parse.max_tokens must be at least 1");
    o->max_tokens = (size_t)v;
    o->min_price = strtod(val(c, "parse", "min_price"), NULL);
    o->max_price = strtod(val(c, "parse", "max_price"), NULL);
    if (o->min_price > o->max_price)
        return pc_error_set(err, PC_EINVAL, "parse.min_price is above parse.max_price");
    o->question = val(c, "parse", "question");
    o->prefix = val(c, "parse", "prefix");
    if (!o->prefix[0]) return pc_error_set(err, PC_EINVAL, "parse.prefix cannot be empty");
    const char *cu = val(c, "parse", "clean_up");
    o->cleanup = !strcmp(cu, "on") ? 1 : !strcmp(cu, "off") ? 0 : -1;
    if ((o->truncate = pc_truncate_parse(val(c, "parse", "truncate"))) < 0)
        return pc_error_set(err, PC_EINVAL, "parse.truncate: unknown mode '%s'",
                            val(c, "parse", "truncate"));
    return PC_OK;
}

void pc_stage_inv_opts(const struct pc_item_opts *item, struct pc_inv_opts *o)
{
    pc_inv_opts_init(o);
    o->min_price = item->min_price;
    o->max_price = item->max_price;
    o->min_chars = item->min_chars;
}

int pc_stage_curate_opts(const struct pc_runcfg *c, struct pc_curate_opts *o,
                         struct pc_weight **weights, struct pc_error *err)
{
    pc_curate_opts_init(o);
    *weights = NULL;
    uint64_t v;
    int rc;
    o->jobs = run_jobs(c);
    const char *b = val(c, "curate", "balance");
    o->no_balance = !(!strcmp(b, "true") || !strcmp(b, "yes") || !strcmp(b, "on"));
    if ((rc = uval(c, "curate", "seed", UINT32_MAX, &v, err))) return rc;
    o->seed = (uint32_t)v;
    if ((rc = uval(c, "curate", "slot_cap", UINT32_MAX, &v, err))) return rc;
    o->slot_cap = (uint32_t)v;
    if ((rc = uval(c, "curate", "all_above", 1000000000, &v, err))) return rc;
    o->all_above = (int)v;
    if ((rc = uval(c, "curate", "slot_min", 1000000000, &v, err))) return rc;
    o->slot_min = (int)v;
    if ((rc = uval(c, "curate", "slot_max", 1000000000, &v, err))) return rc;
    o->slot_max = (int)v;
    if (o->slot_min > o->slot_max)
        return pc_error_set(err, PC_EINVAL, "curate.slot_min %d is above curate.slot_max %d",
                            o->slot_min, o->slot_max);
    if ((rc = uval(c, "curate", "default_weight", UINT32_MAX, &v, err))) return rc;
    o->default_weight = (uint32_t)v;
    const char *dd = val(c, "curate", "dedup");
    if ((o->dedup = pc_group_by_parse(dd)) < 0)
        return pc_error_set(err, PC_EINVAL, "curate.dedup: unknown key '%s'", dd);
    /* as `pricer curate`: the reference weight (Automotive=1) first, then the configured
     * ones, a later entry winning */
    const struct pc_runval *w = &c->vals[pc_runopt_find("curate", "weights")];
    struct pc_weight *ws = calloc(w->n + 2, sizeof *ws);
    if (!ws) return pc_error_set(err, PC_ENOMEM, "out of memory");
    ws[0] = o->weights[0];
    *weights = ws;
    o->n_weights = w->n + 1; /* zeroed entries until filled: freeing them is safe */
    for (size_t i = 0; i < w->n; i++) {
        const char *eq = strrchr(w->items[i], '=');
        if (!eq)
            return pc_error_set(err, PC_EINVAL, "curate.weights: '%s' is not CATEGORY=WEIGHT",
                                w->items[i]);
        char *name = strndup(w->items[i], (size_t)(eq - w->items[i]));
        if (!name) return pc_error_set(err, PC_ENOMEM, "out of memory");
        ws[i + 1].category = name;
        ws[i + 1].weight = (uint32_t)strtoul(eq + 1, NULL, 10);
    }
    o->weights = ws;
    return PC_OK;
}

void pc_stage_weights_free(struct pc_weight *ws, size_t n)
{
    for (size_t i = 1; ws && i < n; i++) free((char *)ws[i].category);
    free(ws);
}

int pc_stage_split_opts(const struct pc_runcfg *c, struct pc_split_opts *o, struct pc_error *err)
{
    pc_split_opts_init(o);
    uint64_t v;
    int rc;
    o->jobs = run_jobs(c);
    if ((rc = uval(c, "split", "seed", UINT64_MAX, &v, err))) return rc;
    o->seed = v;
    if ((rc = uval(c, "split", "train", SIZE_MAX, &v, err))) return rc;
    o->train = (size_t)v;
    if ((rc = uval(c, "split", "test", SIZE_MAX, &v, err))) return rc;
    o->test = (size_t)v;
    if ((rc = uval(c, "split", "validation", SIZE_MAX, &v, err))) return rc;
    o->validation = (size_t)v;
    if ((rc = uval(c, "split", "openai_train", SIZE_MAX, &v, err))) return rc;
    o->openai_train = (size_t)v;
    if ((rc = uval(c, "split", "openai_validation", SIZE_MAX, &v, err))) return rc;
    o->openai_validation = (size_t)v;
    o->allow_short = pc_runcfg_bool(c, pc_runopt_find("split", "allow_short"));
    const char *gb = val(c, "split", "group_by");
    if ((o->group_by = pc_group_by_parse(gb)) < 0)
        return pc_error_set(err, PC_EINVAL, "split.group_by: unknown key '%s'", gb);
    const struct pc_runval *f = &c->vals[pc_runopt_find("split", "formats")];
    unsigned bits = 0;
    for (size_t i = 0; i < f->n; i++) {
        unsigned b = pc_split_format_parse(f->items[i]);
        if (!b)
            return pc_error_set(err, PC_EINVAL, "split.formats: unknown format '%s'", f->items[i]);
        bits |= b;
    }
    if (bits) o->formats = bits;
    return PC_OK;
}
