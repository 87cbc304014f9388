/* investigate.json: the statistics of pc_investigate_run as JSON (see investigate.h). */
#include <string.h>

#include "investigate/investigate.h"
#include "json/json.h"

static double pct(uint64_t a, uint64_t b)
{
    return b ? 100.0 * (double)a / (double)b : 0.0;
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
    pc_buf_printf(o,
                  "}, \"priced\": %llu, \"priced_pct\": %.4f, \"in_window\": %llu, "
                  "\"price_mean\": %.6f, \"price_median\": %.2f, \"price_max\": %.2f, "
                  "\"above_max\": %llu, \"above_max_pct\": %.4f, ",
                  (unsigned long long)s->priced, pct(s->priced, s->rows),
                  (unsigned long long)s->in_window,
                  s->priced ? s->price_sum / (double)s->priced : 0.0, pc_inv_price_median(s),
                  s->price_max, (unsigned long long)s->above_max, pct(s->above_max, s->priced));
    pc_buf_printf(o,
                  "\"content_length\": {\"n\": %llu, \"mean\": %.3f, \"median\": %.0f, \"max\": "
                  "%llu, \"over_300\": %llu}, \"fields\": {",
                  (unsigned long long)s->len_n,
                  s->len_n ? (double)s->len_sum / (double)s->len_n : 0.0, pc_inv_len_median(s),
                  (unsigned long long)s->len_max, (unsigned long long)s->len_over_min);
    for (int f = 0; f < PC_INV_NFIELDS; f++)
        pc_buf_printf(o, "%s\"%s\": {\"missing\": %llu, \"null\": %llu, \"empty\": %llu}",
                      f ? ", " : "", pc_inv_field_name(f), (unsigned long long)s->missing[f],
                      (unsigned long long)s->null[f], (unsigned long long)s->empty[f]);
    pc_buf_printf(o, "}, \"other_keys\": %llu}", (unsigned long long)s->other_keys);
}

int pc_inv_json(struct pc_buf *o, const char *const *names, const struct pc_inv_stats *const *per,
                size_t n, const struct pc_inv_stats *total)
{
    pc_buf_puts(o, "{\"inputs\": [");
    for (size_t i = 0; i < n; i++) {
        pc_buf_puts(o, i ? ", {\"file\": " : "{\"file\": ");
        pc_json_put_str(o, names[i], strlen(names[i]), 0);
        pc_buf_puts(o, ", \"stats\": ");
        put_stats(o, per[i]);
        pc_buf_putc(o, '}');
    }
    pc_buf_puts(o, "], \"total\": ");
    put_stats(o, total);
    return pc_buf_puts(o, "}\n");
}
