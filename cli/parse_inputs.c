#include "parse_inputs.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int pc_inputs_open(struct pc_inputs *ins, char **paths, int n, const char *category,
                   const char *cmd)
{
    memset(ins, 0, sizeof *ins);
    ins->inputs = calloc((size_t)n, sizeof *ins->inputs);
    ins->categories = calloc((size_t)n, sizeof *ins->categories);
    ins->readers = calloc((size_t)n, sizeof *ins->readers);
    if (!ins->inputs || !ins->categories || !ins->readers) {
        pc_inputs_close(ins);
        return pc_cli_fail("out of memory");
    }
    ins->n = n;
    for (int i = 0; i < n; i++) {
        const char *path = paths[i];
        ins->categories[i] = category ? strdup(category) : pc_category_from_path(path);
        if (!ins->categories[i]) {
            pc_inputs_close(ins);
            return pc_cli_usage(cmd,
                                "cannot tell the category of '%s' (not meta_<Category>.jsonl); "
                                "use --category",
                                path);
        }
        struct pc_error err;
        pc_error_clear(&err);
        if (pc_reader_open(&ins->readers[i], path, &err) != PC_OK) {
            pc_inputs_close(ins);
            return pc_cli_report(&err);
        }
        int64_t size = pc_reader_size(ins->readers[i]);
        if (size > 0) ins->total_bytes += (uint64_t)size;
        ins->inputs[i].name = path;
        ins->inputs[i].category = ins->categories[i];
        ins->inputs[i].reader = ins->readers[i];
    }
    return PC_EXIT_OK;
}

void pc_inputs_close(struct pc_inputs *ins)
{
    for (int i = 0; i < ins->n; i++) {
        if (ins->readers) pc_reader_free(ins->readers[i]);
        if (ins->categories) free(ins->categories[i]);
    }
    free(ins->inputs);
    free(ins->categories);
    free(ins->readers);
    memset(ins, 0, sizeof *ins);
}

static const char *pct(uint64_t a, uint64_t b, char *buf)
{
    if (!b)
        snprintf(buf, 16, "-");
    else
        snprintf(buf, 16, "%.1f%%", 100.0 * (double)a / (double)b);
    return buf;
}

static void summary_row(FILE *f, const char *name, const struct pc_parse_stats *s)
{
    char a[32], b[32], c[32], d[32], e[32], g[32], h[32], p[16];
    size_t nl = strlen(name);
    if (nl > 34) name += nl - 34; /* keep the end of long paths: the file name */
    fprintf(f, "  %-34.34s %11s %8s %11s %7s %11s %10s %10s %10s\n", name,
            pc_cli_commas(s->lines, a), pc_cli_commas(pc_parse_stats_invalid(s), b),
            pc_cli_commas(s->priced, c), pct(s->priced, s->lines, p),
            pc_cli_commas(s->in_window, d), pc_cli_commas(s->outcome[PC_OUT_TOO_SHORT], e),
            pc_cli_commas(s->outcome[PC_OUT_FEW_TOKENS], g),
            pc_cli_commas(s->outcome[PC_OUT_KEPT], h));
}

void pc_inputs_summary(const struct pc_inputs *ins, const struct pc_parse_stats *st, FILE *f,
                       const char *note)
{
    struct pc_parse_stats tot;
    memset(&tot, 0, sizeof tot);
    for (int i = 0; i < ins->n; i++) pc_parse_stats_add(&tot, &st[i]);
    fprintf(f, "pricer parse: summary%s%s\n", note ? " " : "", note ? note : "");
    fprintf(f, "  %-34s %11s %8s %11s %7s %11s %10s %10s %10s\n", "input", "rows", "invalid",
            "priced", "%", "in window", "too short", "few tokens", "kept");
    for (int i = 0; i < ins->n; i++) summary_row(f, ins->inputs[i].name, &st[i]);
    if (ins->n > 1) summary_row(f, "total", &tot);
    uint64_t inv = pc_parse_stats_invalid(&tot);
    if (inv) {
        fprintf(f, "  invalid lines by reason:");
        char a[32];
        for (int o = 0; o < PC_OUT_COUNT; o++)
            if (pc_outcome_invalid(o) && tot.outcome[o])
                fprintf(f, " %s %s", pc_outcome_key(o), pc_cli_commas(tot.outcome[o], a));
        fputc('\n', f);
    }
    char a[32];
    uint64_t kept = tot.outcome[PC_OUT_KEPT];
    fprintf(f, "  skipped: no price %s, price out of window %s\n",
            pc_cli_commas(tot.outcome[PC_OUT_NO_PRICE], a),
            pc_cli_commas(tot.outcome[PC_OUT_PRICE_WINDOW], (char[32]){0}));
    if (kept)
        fprintf(f, "  kept items: token count avg %.1f max %llu; price avg %.2f max %.2f\n",
                (double)tot.tokens_sum / (double)kept, (unsigned long long)tot.tokens_max,
                tot.price_sum / (double)kept, tot.price_max);
}

int pc_inputs_stats_json(const struct pc_inputs *ins, const struct pc_parse_stats *st,
                         const struct pc_item_opts *opts, const char *path, struct pc_error *err)
{
    struct pc_buf b;
    pc_buf_init(&b, 0);
    const char **names = calloc((size_t)ins->n + 1, sizeof *names);
    const char **cats = calloc((size_t)ins->n + 1, sizeof *cats);
    int rc = names && cats ? PC_OK : PC_ENOMEM;
    for (int i = 0; !rc && i < ins->n; i++) {
        names[i] = ins->inputs[i].name;
        cats[i] = ins->inputs[i].category;
    }
    if (!rc) rc = pc_parse_stats_json(&b, names, cats, st, (size_t)ins->n);
    if (rc)
        rc = pc_error_set(err, rc, "out of memory");
    else
        rc = pc_atomic_write(path, b.data, b.len, err);
    free(names);
    free(cats);
    pc_buf_release(&b);
    return rc;
}
