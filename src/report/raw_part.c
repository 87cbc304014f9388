/* Raw statistics one batch at a time, and their statistics-file form (see collect.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/collect.h"

void pc_raw_part_reset(struct pc_raw_part *p)
{
    p->lines = p->rows = p->skipped_json = p->skipped_media = p->priced = p->price_unparsable = 0;
    p->n = 0;
}

void pc_raw_part_release(struct pc_raw_part *p)
{
    free(p->prices);
    free(p->lens);
    memset(p, 0, sizeof *p);
}

int pc_raw_part_add(struct pc_raw_part *p, const struct pc_json_val *root)
{
    p->lines++;
    double price = 0;
    uint64_t len = 0;
    int k = pc_raw_classify(root, &price, &len);
    if (k == PC_RAW_SKIPPED_JSON) {
        p->skipped_json++;
        return PC_OK;
    }
    if (k == PC_RAW_SKIPPED_MEDIA) {
        p->skipped_media++;
        return PC_OK;
    }
    p->rows++;
    if (k == PC_RAW_UNPARSABLE) p->price_unparsable++;
    if (k != PC_RAW_PRICED) return PC_OK;
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 1024;
        double *a = realloc(p->prices, cap * sizeof *a);
        if (!a) return PC_ENOMEM;
        p->prices = a;
        uint64_t *b = realloc(p->lens, cap * sizeof *b);
        if (!b) return PC_ENOMEM;
        p->lens = b;
        p->cap = cap;
    }
    p->prices[p->n] = price;
    p->lens[p->n++] = len;
    p->priced++;
    return PC_OK;
}

int pc_raw_part_merge(struct pc_raw_stats *s, const char *name, const struct pc_raw_part *p)
{
    s->lines += p->lines;
    s->rows += p->rows;
    s->skipped_json += p->skipped_json;
    s->skipped_media += p->skipped_media;
    s->priced += p->priced;
    s->price_unparsable += p->price_unparsable;
    for (size_t i = 0; i < p->n; i++) {
        pc_hist_add(&s->prices, p->prices[i]);
        pc_hist_add(&s->lengths, (double)p->lens[i]);
    }
    return p->rows ? pc_catcount_add(&s->files, name, strlen(name), p->rows) : PC_OK;
}

static void put_d(struct pc_buf *o, double v, int isnull)
{
    if (isnull || !isfinite(v))
        pc_buf_puts(o, "null");
    else
        pc_buf_printf(o, "%.17g", v);
}

static void dump_hist(struct pc_buf *o, const struct pc_hist *h)
{
    pc_buf_printf(o, "{\"n\": %llu, \"below\": %llu, \"above\": %llu, \"nan\": %llu, \"sum\": \"",
                  (unsigned long long)h->n, (unsigned long long)h->below,
                  (unsigned long long)h->above, (unsigned long long)h->nan);
    struct pc_xsum sum = h->sum; /* exact (core/xsum.h): shards merge without rounding */
    pc_xsum_dump(o, &sum);
    pc_buf_putc(o, '"');
    pc_buf_puts(o, ", \"min\": ");
    put_d(o, h->min, h->n == 0);
    pc_buf_puts(o, ", \"max\": ");
    put_d(o, h->max, h->n == 0);
    pc_buf_puts(o, ", \"counts\": [");
    for (size_t i = 0; i < h->bins; i++)
        pc_buf_printf(o, "%s%llu", i ? ", " : "", (unsigned long long)h->counts[i]);
    pc_buf_puts(o, "]}");
}

int pc_raw_stats_dump(struct pc_buf *o, const struct pc_raw_stats *s)
{
    pc_buf_printf(o,
                  "{\"lines\": %llu, \"rows\": %llu, \"skipped_json\": %llu, \"skipped_media\": "
                  "%llu, \"priced\": %llu, \"price_unparsable\": %llu, \"lengths\": ",
                  (unsigned long long)s->lines, (unsigned long long)s->rows,
                  (unsigned long long)s->skipped_json, (unsigned long long)s->skipped_media,
                  (unsigned long long)s->priced, (unsigned long long)s->price_unparsable);
    dump_hist(o, &s->lengths);
    pc_buf_puts(o, ", \"prices\": ");
    dump_hist(o, &s->prices);
    pc_buf_puts(o, ", \"files\": [");
    for (size_t i = 0; i < s->files.n; i++) {
        pc_buf_puts(o, i ? ", [" : "[");
        pc_json_put_str(o, s->files.names[i], strlen(s->files.names[i]), 0);
        pc_buf_printf(o, ", %llu]", (unsigned long long)s->files.counts[i]);
    }
    return pc_buf_puts(o, "]}");
}

static int num(const struct pc_json_val *v, const char *key, uint64_t *out)
{
    const struct pc_json_val *x = pc_json_get(v, key);
    if (!x || x->type != PC_JSON_NUMBER) return PC_EFORMAT;
    *out += strtoull(x->u.raw, NULL, 10);
    return PC_OK;
}

static int load_hist(struct pc_hist *h, const struct pc_json_val *v)
{
    if (!v || v->type != PC_JSON_OBJECT) return PC_EFORMAT;
    int rc = num(v, "n", &h->n);
    if (!rc) rc = num(v, "below", &h->below);
    if (!rc) rc = num(v, "above", &h->above);
    if (!rc) rc = num(v, "nan", &h->nan);
    const struct pc_json_val *sum = pc_json_get(v, "sum"), *mn = pc_json_get(v, "min"),
                             *mx = pc_json_get(v, "max"), *c = pc_json_get(v, "counts");
    if (rc || !sum || sum->type != PC_JSON_STRING || !mn || !mx || !c || c->type != PC_JSON_ARRAY ||
        c->len != h->bins)
        return PC_EFORMAT;
    if (pc_xsum_load_add(&h->sum, sum->u.str, sum->len)) return PC_EFORMAT;
    if (mn->type == PC_JSON_NUMBER) {
        double a = strtod(mn->u.raw, NULL);
        if (a < h->min) h->min = a;
    }
    if (mx->type == PC_JSON_NUMBER) {
        double a = strtod(mx->u.raw, NULL);
        if (a > h->max) h->max = a;
    }
    for (size_t i = 0; i < h->bins; i++) {
        if (c->u.items[i].type != PC_JSON_NUMBER) return PC_EFORMAT;
        h->counts[i] += strtoull(c->u.items[i].u.raw, NULL, 10);
    }
    return PC_OK;
}

int pc_raw_stats_load_add(struct pc_raw_stats *s, const struct pc_json_val *v)
{
    if (!v || v->type != PC_JSON_OBJECT) return PC_EFORMAT;
    int rc = num(v, "lines", &s->lines);
    if (!rc) rc = num(v, "rows", &s->rows);
    if (!rc) rc = num(v, "skipped_json", &s->skipped_json);
    if (!rc) rc = num(v, "skipped_media", &s->skipped_media);
    if (!rc) rc = num(v, "priced", &s->priced);
    if (!rc) rc = num(v, "price_unparsable", &s->price_unparsable);
    if (!rc) rc = load_hist(&s->lengths, pc_json_get(v, "lengths"));
    if (!rc) rc = load_hist(&s->prices, pc_json_get(v, "prices"));
    const struct pc_json_val *f = pc_json_get(v, "files");
    if (!rc && (!f || f->type != PC_JSON_ARRAY)) rc = PC_EFORMAT;
    for (uint32_t i = 0; !rc && i < f->len; i++) {
        const struct pc_json_val *e = &f->u.items[i];
        if (e->type != PC_JSON_ARRAY || e->len != 2 || e->u.items[0].type != PC_JSON_STRING ||
            e->u.items[1].type != PC_JSON_NUMBER)
            return PC_EFORMAT;
        rc = pc_catcount_add(&s->files, e->u.items[0].u.str, e->u.items[0].len,
                             strtoull(e->u.items[1].u.raw, NULL, 10));
    }
    return rc;
}
