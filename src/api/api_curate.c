/* Public API shims: curate and split (include/pricer/curate.h, split.h) over src/curate. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "curate/balance.h"
#include "curate/group.h"
#include "curate/split.h"
#include "out/parquet.h"
#include "out/writer.h"
#include "pricer/curate.h"
#include "pricer/split.h"

/* A group key option (dedup, group_by) into *out; PC_EINVAL with the message otherwise. */
static int parse_group(const char *what, const char *v, int *out, struct pc_error *e)
{
    if ((*out = pc_group_by_parse(v)) >= 0) return PC_OK;
    return pc_error_set(e, PC_EINVAL, "%s wants prompt, title, parent_asin or off, not '%s'", what,
                        v);
}

void pricer_curate_options_init(struct pricer_curate_options *o)
{
    struct pc_curate_opts d;
    pc_curate_opts_init(&d);
    memset(o, 0, sizeof *o);
    o->seed = d.seed;
    o->slot_min = d.slot_min;
    o->slot_max = d.slot_max;
    o->all_above = d.all_above;
    o->slot_cap = d.slot_cap;
    o->default_weight = d.default_weight;
    o->no_balance = d.no_balance;
    o->jobs = d.jobs;
}

int pricer_curate_files(const char *const *inputs, size_t n, const char *output,
                        const struct pricer_curate_options *o, struct pricer_curate_stats *st,
                        struct pricer_error *err)
{
    struct pc_error e;
    pc_error_clear(&e);
    if (st) memset(st, 0, sizeof *st);
    struct pc_curate_opts c;
    pc_curate_opts_init(&c);
    struct pc_weight *w = NULL;
    if (o) {
        c.seed = o->seed;
        c.slot_min = o->slot_min;
        c.slot_max = o->slot_max;
        c.all_above = o->all_above;
        c.slot_cap = o->slot_cap;
        c.default_weight = o->default_weight;
        c.no_balance = o->no_balance;
        c.jobs = o->jobs;
        if (o->dedup && parse_group("dedup", o->dedup, &c.dedup, &e))
            return pc_api_error(err, &e, PC_EINVAL);
        if (o->n_weights) {
            if (!(w = calloc(o->n_weights, sizeof *w))) return pc_api_error(err, &e, PC_ENOMEM);
            for (size_t i = 0; i < o->n_weights; i++) {
                w[i].category = o->weight_categories[i];
                w[i].weight = o->weights[i];
            }
            c.weights = w;
            c.n_weights = o->n_weights;
        }
    }
    if (!n || !output || c.slot_min > c.slot_max) {
        free(w);
        return pc_api_error(err, &e, pc_error_set(&e, PC_EINVAL, "invalid curate arguments"));
    }
    struct pc_curate_stats s = {0};
    int rc = pc_curate_files(inputs, n, output, &c, &s, NULL, NULL, &e);
    if (!rc && st) {
        st->items = s.items;
        st->selected = s.selected;
        st->out_of_range = s.out_of_range;
        st->dedup_removed = s.dedup_removed;
    }
    pc_curate_stats_release(&s);
    free(w);
    return rc ? pc_api_error(err, &e, rc) : PRICER_OK;
}

void pricer_split_options_init(struct pricer_split_options *o)
{
    struct pc_split_opts d;
    pc_split_opts_init(&d);
    memset(o, 0, sizeof *o);
    o->seed = d.seed;
    o->train = d.train;
    o->test = d.test;
    o->validation = d.validation;
    o->allow_short = d.allow_short;
    o->jobs = d.jobs;
}

static char format_names[256];

static void list_formats(void)
{
    size_t at = 0;
    for (int i = 0; pc_formats[i]; i++)
        at += (size_t)snprintf(format_names + at, sizeof format_names - at, "%s%s", i ? "," : "",
                               pc_formats[i]->name);
}

const char *pricer_split_formats(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, list_formats);
    return format_names;
}

/* "jsonl,parquet" -> format bits, or 0 naming the bad one in e. */
static unsigned parse_formats(const char *s, struct pc_error *e)
{
    unsigned bits = 0;
    while (*s) {
        size_t n = strcspn(s, ",");
        char name[32];
        if (n && n < sizeof name) {
            memcpy(name, s, n);
            name[n] = '\0';
            unsigned b = pc_split_format_parse(name);
            if (!b) {
                pc_error_set(e, PC_EINVAL, "unknown format '%s' (known: %s)", name,
                             pricer_split_formats());
                return 0;
            }
            bits |= b;
        } else if (n) {
            pc_error_set(e, PC_EINVAL, "unknown format '%.*s'", (int)n, s);
            return 0;
        }
        s += n;
        if (*s == ',') s++;
    }
    if (!bits) pc_error_set(e, PC_EINVAL, "no format given");
    return bits;
}

int pricer_split_file(const char *sample, const char *dir, const struct pricer_split_options *o,
                      struct pricer_split_stats *st, struct pricer_error *err)
{
    struct pc_error e;
    pc_error_clear(&e);
    if (st) memset(st, 0, sizeof *st);
    struct pc_split_opts s;
    pc_split_opts_init(&s);
    if (o) {
        s.seed = o->seed;
        s.train = o->train;
        s.test = o->test;
        s.validation = o->validation;
        s.allow_short = o->allow_short;
        s.title = o->title;
        s.license = o->license;
        s.parquet_group_rows = o->parquet_row_group;
        s.parquet_shard_bytes = o->parquet_shard_bytes;
        if (o->group_by && parse_group("group_by", o->group_by, &s.group_by, &e))
            return pc_api_error(err, &e, PC_EINVAL);
        s.jobs = o->jobs;
        if (o->formats && !(s.formats = parse_formats(o->formats, &e)))
            return pc_api_error(err, &e, PC_EINVAL);
        if (o->parquet_codec) {
            int c = pc_parquet_codec_parse(o->parquet_codec);
            if (c < 0)
                return pc_api_error(
                    err, &e,
                    pc_error_set(&e, PC_EINVAL, "unknown parquet codec '%s'", o->parquet_codec));
            s.parquet_codec = c;
        }
    }
    if (!sample || !dir)
        return pc_api_error(err, &e, pc_error_set(&e, PC_EINVAL, "no sample or folder given"));
    struct pc_split_stats ss = {0};
    int rc = pc_split_file(sample, dir, &s, &ss, NULL, NULL, &e);
    if (st) {
        st->sample = ss.sample;
        st->train = ss.train;
        st->test = ss.test;
        st->validation = ss.validation;
        st->short_sample = ss.short_sample;
        st->bytes_written = ss.bytes_written;
        st->groups = ss.groups;
        st->group_skipped = ss.group_skipped;
    }
    return rc ? pc_api_error(err, &e, rc) : PRICER_OK;
}
