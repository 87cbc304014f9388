/* The parse summary as JSON (`pricer parse --stats`, items/<Category>.stats.json). */
#include <string.h>

#include "json/json.h"
#include "pipe/parse_job.h"

static void stats_obj(struct pc_buf *b, const struct pc_parse_stats *s)
{
    struct pc_xsum px = s->price_x;
    double price_sum = pc_xsum_value(&px);
    pc_buf_printf(b, "{\"rows\": %llu, \"invalid\": %llu, \"priced\": %llu, \"in_window\": %llu",
                  (unsigned long long)s->lines, (unsigned long long)pc_parse_stats_invalid(s),
                  (unsigned long long)s->priced, (unsigned long long)s->in_window);
    pc_buf_puts(b, ", \"outcomes\": {");
    for (int o = 0; o < PC_OUT_COUNT; o++)
        pc_buf_printf(b, "%s\"%s\": %llu", o ? ", " : "", pc_outcome_key(o),
                      (unsigned long long)s->outcome[o]);
    uint64_t kept = s->outcome[PC_OUT_KEPT];
    pc_buf_printf(b,
                  "}, \"kept\": %llu, \"token_count_avg\": %.3f, \"token_count_max\": %llu, "
                  "\"price_avg\": %.4f, \"price_max\": %.2f",
                  (unsigned long long)kept, kept ? (double)s->tokens_sum / (double)kept : 0.0,
                  (unsigned long long)s->tokens_max, kept ? price_sum / (double)kept : 0.0,
                  s->price_max);
    pc_buf_printf(b, ", \"tokens_sum\": %llu, \"price_sum_exact\": \"",
                  (unsigned long long)s->tokens_sum);
    pc_xsum_dump(b, &px);
    pc_buf_puts(b, "\"}");
}

int pc_parse_stats_json(struct pc_buf *b, const char *const *names, const char *const *cats,
                        const struct pc_parse_stats *st, size_t n)
{
    struct pc_parse_stats tot;
    memset(&tot, 0, sizeof tot);
    pc_buf_puts(b, "{\"inputs\": [");
    for (size_t i = 0; i < n; i++) {
        pc_parse_stats_add(&tot, &st[i]);
        pc_buf_puts(b, i ? ", {\"file\": " : "{\"file\": ");
        pc_json_put_str(b, names[i], strlen(names[i]), 0);
        pc_buf_puts(b, ", \"category\": ");
        pc_json_put_str(b, cats[i], strlen(cats[i]), 0);
        pc_buf_puts(b, ", \"stats\": ");
        stats_obj(b, &st[i]);
        pc_buf_puts(b, "}");
    }
    pc_buf_puts(b, "], \"total\": ");
    stats_obj(b, &tot);
    return pc_buf_puts(b, "}\n");
}
