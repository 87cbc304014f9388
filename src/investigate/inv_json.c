/* investigate.json: the statistics of pc_investigate_run as JSON (see investigate.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fetch/official.h"
#include "investigate/investigate.h"
#include "json/json.h"

static double pct(uint64_t a, uint64_t b)
{
    return b ? 100.0 * (double)a / (double)b : 0.0;
}

static void put_float(struct pc_buf *o, double x)
{
    char t[40];
    if (isnan(x)) {
        pc_buf_puts(o, "null");
        return;
    }
    t[pc_py_float_repr(x, t)] = '\0';
    pc_buf_puts(o, t);
}

static void put_stats(struct pc_buf *o, const struct pc_inv_stats *s)
{
    pc_buf_printf(o,
                  "{\"rows\": %llu, \"records\": %llu, \"invalid\": %llu, \"invalid_by_reason\": {",
                  (unsigned long long)s->rows, (unsigned long long)s->records,
                  (unsigned long long)pc_inv_invalid(s));
    int first = 1;
    for (int r = 0; r < PC_OUT_COUNT; r++)
        if (pc_outcome_invalid(r)) {
            pc_buf_printf(o, "%s\"%s\": %llu", first ? "" : ", ", pc_outcome_key(r),
                          (unsigned long long)s->outcome[r]);
            first = 0;
        }
    /* mean, median (numpy's: the mean of the two middle values) and max are null when
     * there is no value; the median is exact (see investigate.h) */
    pc_buf_printf(o,
                  "}, \"priced\": %llu, \"priced_pct\": %.4f, \"in_window\": %llu, "
                  "\"price_mean\": ",
                  (unsigned long long)s->priced, pct(s->priced, s->rows),
                  (unsigned long long)s->in_window);
    put_float(o, s->priced ? s->price_sum / (double)s->priced : NAN);
    pc_buf_puts(o, ", \"price_median\": ");
    put_float(o, pc_inv_price_median(s));
    pc_buf_puts(o, ", \"price_max\": ");
    put_float(o, s->priced ? s->price_max : NAN);
    pc_buf_printf(o, ", \"above_max\": %llu, \"above_max_pct\": %.4f, ",
                  (unsigned long long)s->above_max, pct(s->above_max, s->priced));
    pc_buf_printf(o, "\"content_length\": {\"n\": %llu, \"mean\": ", (unsigned long long)s->len_n);
    put_float(o, s->len_n ? (double)s->len_sum / (double)s->len_n : NAN);
    pc_buf_puts(o, ", \"median\": ");
    put_float(o, pc_inv_len_median(s));
    if (s->len_n)
        pc_buf_printf(o, ", \"max\": %llu", (unsigned long long)s->len_max);
    else
        pc_buf_puts(o, ", \"max\": null");
    pc_buf_printf(o, ", \"over_300\": %llu}, \"fields\": {", (unsigned long long)s->len_over_min);
    for (int f = 0; f < PC_INV_NFIELDS; f++)
        pc_buf_printf(o, "%s\"%s\": {\"missing\": %llu, \"null\": %llu, \"empty\": %llu}",
                      f ? ", " : "", pc_inv_field_name(f), (unsigned long long)s->missing[f],
                      (unsigned long long)s->null[f], (unsigned long long)s->empty[f]);
    pc_buf_printf(o, "}, \"other_keys\": %llu}", (unsigned long long)s->other_keys);
}

static void put_official(struct pc_buf *o, const struct pc_official_check *c, int checked)
{
    static const char *const v[] = {"official", "name", "size", "sha256"};
    char why[512];
    if (!c || !checked) {
        pc_buf_puts(o, ", \"official\": null");
        return;
    }
    pc_official_describe(c, why, sizeof why);
    pc_buf_printf(o, ", \"official\": {\"verdict\": \"%s\", \"message\": ", v[c->verdict]);
    pc_json_put_str(o, why, strlen(why), 1);
    pc_buf_printf(o, ", \"category\": %s%s%s}", c->entry ? "\"" : "",
                  c->entry ? c->entry->category : "null", c->entry ? "\"" : "");
}

int pc_inv_json(struct pc_buf *o, const char *const *names, const struct pc_inv_stats *const *per,
                size_t n, const struct pc_inv_stats *total, const struct pc_official_check *off,
                const int *checked)
{
    pc_buf_puts(o, "{\"inputs\": [");
    for (size_t i = 0; i < n; i++) {
        pc_buf_puts(o, i ? ", {\"file\": " : "{\"file\": ");
        pc_json_put_str(o, names[i], strlen(names[i]), 0);
        put_official(o, off ? &off[i] : NULL, checked ? checked[i] : 0);
        pc_buf_puts(o, ", \"stats\": ");
        put_stats(o, per[i]);
        pc_buf_putc(o, '}');
    }
    pc_buf_puts(o, "], \"total\": ");
    put_stats(o, total);
    return pc_buf_puts(o, "}\n");
}

/* ---- complete statistics, for the per-input statistics files ---- */

static void put_u64s(struct pc_buf *o, const char *key, const uint64_t *v, int n)
{
    pc_buf_printf(o, ", \"%s\": [", key);
    for (int i = 0; i < n; i++) pc_buf_printf(o, "%s%llu", i ? ", " : "", (unsigned long long)v[i]);
    pc_buf_putc(o, ']');
}

static void put_hist(struct pc_buf *o, const char *key, const uint32_t *h, uint32_t n)
{
    pc_buf_printf(o, ", \"%s\": [", key);
    int first = 1;
    for (uint32_t i = 0; i < n; i++)
        if (h[i]) {
            pc_buf_printf(o, "%s[%u, %u]", first ? "" : ", ", i, h[i]);
            first = 0;
        }
    pc_buf_putc(o, ']');
}

int pc_inv_stats_dump(struct pc_buf *o, const struct pc_inv_stats *s)
{
    struct pc_xsum x = s->price_x;
    struct pc_buf exact;
    pc_buf_init(&exact, 0);
    int rc = pc_xsum_dump(&exact, &x);
    if (rc) return rc;
    pc_buf_printf(o,
                  "{\"rows\": %llu, \"records\": %llu, \"priced\": %llu, \"in_window\": %llu, "
                  "\"above_max\": %llu, \"price_sum\": %.17g, \"price_sum_exact\": \"%s\", "
                  "\"price_max\": %.17g, "
                  "\"len_n\": %llu, \"len_sum\": %llu, \"len_max\": %llu, "
                  "\"len_over_min\": %llu, \"other_keys\": %llu",
                  (unsigned long long)s->rows, (unsigned long long)s->records,
                  (unsigned long long)s->priced, (unsigned long long)s->in_window,
                  (unsigned long long)s->above_max, s->price_sum, exact.data ? exact.data : "0",
                  s->price_max, (unsigned long long)s->len_n, (unsigned long long)s->len_sum,
                  (unsigned long long)s->len_max, (unsigned long long)s->len_over_min,
                  (unsigned long long)s->other_keys);
    pc_buf_release(&exact);
    put_u64s(o, "outcome", s->outcome, PC_OUT_COUNT);
    put_u64s(o, "missing", s->missing, PC_INV_NFIELDS);
    put_u64s(o, "null", s->null, PC_INV_NFIELDS);
    put_u64s(o, "empty", s->empty, PC_INV_NFIELDS);
    put_hist(o, "cents", s->cents, PC_INV_CENTS_MAX);
    put_hist(o, "lens", s->lens, PC_INV_LEN_MAX);
    pc_buf_puts(o, ", \"price_other\": [");
    for (uint64_t i = 0; i < s->price_big; i++)
        pc_buf_printf(o, "%s%.17g", i ? ", " : "", s->price_other[i]);
    pc_buf_puts(o, "], \"len_other\": [");
    for (uint64_t i = 0; i < s->len_big; i++)
        pc_buf_printf(o, "%s%u", i ? ", " : "", s->len_other[i]);
    return pc_buf_puts(o, "]}");
}

static int get_u64(const struct pc_json_val *v, const char *key, uint64_t *out)
{
    const struct pc_json_val *x = pc_json_get(v, key);
    if (!x || x->type != PC_JSON_NUMBER) return PC_EFORMAT;
    *out = strtoull(x->u.raw, NULL, 10);
    return PC_OK;
}

static int get_dbl(const struct pc_json_val *v, const char *key, double *out)
{
    const struct pc_json_val *x = pc_json_get(v, key);
    if (!x || x->type != PC_JSON_NUMBER) return PC_EFORMAT;
    *out = strtod(x->u.raw, NULL);
    return PC_OK;
}

static int get_u64s(const struct pc_json_val *v, const char *key, uint64_t *out, uint32_t n)
{
    const struct pc_json_val *x = pc_json_get(v, key);
    if (!x || x->type != PC_JSON_ARRAY || x->len != n) return PC_EFORMAT;
    for (uint32_t i = 0; i < n; i++) {
        if (x->u.items[i].type != PC_JSON_NUMBER) return PC_EFORMAT;
        out[i] = strtoull(x->u.items[i].u.raw, NULL, 10);
    }
    return PC_OK;
}

static int get_hist(const struct pc_json_val *v, const char *key, uint32_t *h, uint32_t n)
{
    const struct pc_json_val *x = pc_json_get(v, key);
    if (!x || x->type != PC_JSON_ARRAY) return PC_EFORMAT;
    for (uint32_t i = 0; i < x->len; i++) {
        const struct pc_json_val *p = &x->u.items[i];
        if (p->type != PC_JSON_ARRAY || p->len != 2 || p->u.items[0].type != PC_JSON_NUMBER ||
            p->u.items[1].type != PC_JSON_NUMBER)
            return PC_EFORMAT;
        unsigned long b = strtoul(p->u.items[0].u.raw, NULL, 10);
        if (b >= n) return PC_EFORMAT;
        h[b] += (uint32_t)strtoul(p->u.items[1].u.raw, NULL, 10);
    }
    return PC_OK;
}

int pc_inv_stats_load(struct pc_inv_stats *s, const struct pc_json_val *v)
{
    if (!v || v->type != PC_JSON_OBJECT) return PC_EFORMAT;
    int rc = get_u64(v, "rows", &s->rows);
    if (!rc) rc = get_u64(v, "records", &s->records);
    if (!rc) rc = get_u64(v, "priced", &s->priced);
    if (!rc) rc = get_u64(v, "in_window", &s->in_window);
    if (!rc) rc = get_u64(v, "above_max", &s->above_max);
    const struct pc_json_val *px = rc ? NULL : pc_json_get(v, "price_sum_exact");
    if (!rc && (!px || px->type != PC_JSON_STRING)) rc = PC_EFORMAT;
    if (!rc) rc = pc_xsum_load_add(&s->price_x, px->u.str, px->len);
    if (!rc) s->price_sum = pc_xsum_value(&s->price_x);
    if (!rc) rc = get_dbl(v, "price_max", &s->price_max);
    if (!rc) rc = get_u64(v, "len_n", &s->len_n);
    if (!rc) rc = get_u64(v, "len_sum", &s->len_sum);
    if (!rc) rc = get_u64(v, "len_max", &s->len_max);
    if (!rc) rc = get_u64(v, "len_over_min", &s->len_over_min);
    if (!rc) rc = get_u64(v, "other_keys", &s->other_keys);
    if (!rc) rc = get_u64s(v, "outcome", s->outcome, PC_OUT_COUNT);
    if (!rc) rc = get_u64s(v, "missing", s->missing, PC_INV_NFIELDS);
    if (!rc) rc = get_u64s(v, "null", s->null, PC_INV_NFIELDS);
    if (!rc) rc = get_u64s(v, "empty", s->empty, PC_INV_NFIELDS);
    if (!rc) rc = get_hist(v, "cents", s->cents, PC_INV_CENTS_MAX);
    if (!rc) rc = get_hist(v, "lens", s->lens, PC_INV_LEN_MAX);
    const struct pc_json_val *po = rc ? NULL : pc_json_get(v, "price_other");
    const struct pc_json_val *lo = rc ? NULL : pc_json_get(v, "len_other");
    if (!rc && (!po || po->type != PC_JSON_ARRAY || !lo || lo->type != PC_JSON_ARRAY))
        rc = PC_EFORMAT;
    for (uint32_t i = 0; !rc && i < po->len; i++)
        rc = po->u.items[i].type != PC_JSON_NUMBER
                 ? PC_EFORMAT
                 : pc_inv_push_other(s, strtod(po->u.items[i].u.raw, NULL), 1, 0);
    for (uint32_t i = 0; !rc && i < lo->len; i++)
        rc = lo->u.items[i].type != PC_JSON_NUMBER
                 ? PC_EFORMAT
                 : pc_inv_push_other(s, 0, 0, (uint32_t)strtoul(lo->u.items[i].u.raw, NULL, 10));
    return rc;
}
