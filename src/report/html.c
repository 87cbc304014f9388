#include "report/html.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "chart/svg.h"
#include "report/chartfit.h"

static const char g_css[] =
    "body{font-family:'DejaVu Sans',Verdana,Arial,sans-serif;margin:0;background:#f4f5f7;"
    "color:#222}\n"
    "main{max-width:980px;margin:0 auto;padding:24px}\n"
    "h1{font-size:26px;margin:8px 0 4px}h2{font-size:20px;margin:36px 0 10px;border-bottom:"
    "2px solid #ccd;padding-bottom:4px}h3{font-size:16px;margin:22px 0 8px}\n"
    ".sub{color:#666;margin:0 0 16px}\n"
    "figure{background:#fff;margin:14px 0;padding:8px;border-radius:6px;box-shadow:0 1px 3px "
    "rgba(0,0,0,.12)}\n"
    "figure svg{display:block;max-width:100%;height:auto}\n"
    "figcaption{font-size:12px;color:#666;padding:4px 8px}figcaption a{color:#557}\n"
    "table{border-collapse:collapse;background:#fff;margin:8px 0 16px;font-size:13px;"
    "box-shadow:0 1px 3px rgba(0,0,0,.12)}\n"
    "th,td{padding:5px 10px;border-bottom:1px solid #e5e5ea;text-align:left;vertical-align:"
    "top}\nth{background:#eef0f4}\ntd.num{text-align:right;font-variant-numeric:tabular-nums;"
    "white-space:nowrap}\n"
    "td.ex{font-size:12px;color:#444;min-width:300px;max-width:440px;overflow-wrap:break-word}\n"
    "td.ex ul{margin:0;padding-left:14px}td.ex li{margin:0 0 4px}td.ex code{font-size:11px}\n"
    "td.ex q{color:#555;font-style:italic}tr.expected td:first-child{border-left:4px solid "
    "#9aa}\n.sw{display:inline-block;width:10px;height:10px;margin-right:6px;border-radius:2px}"
    "\n"
    "tr.problem td:first-child{border-left:4px solid #d62728}\n"
    ".verdict{font-size:15px}.verdict.good b{color:#2a7a2a}.verdict.bad b{color:#c0392b}\n"
    ".note{font-size:12px;color:#666}\ncode{background:#eef0f4;padding:0 3px;border-radius:3px}"
    "\nnav a{margin-right:14px;color:#335}\n";

static int add_chart(struct pc_report_out *out, const char *files_dir, const char *name,
                     const struct pc_buf *svg, const char *caption)
{
    struct pc_report_chart *c = realloc(out->charts, (out->n + 1) * sizeof *c);
    if (!c) return PC_ENOMEM;
    out->charts = c;
    c = &out->charts[out->n];
    snprintf(c->name, sizeof c->name, "%s", name);
    c->svg = malloc(svg->len + 1);
    if (!c->svg) return PC_ENOMEM;
    memcpy(c->svg, svg->data, svg->len + 1);
    c->len = svg->len;
    out->n++;
    int rc = pc_buf_printf(&out->html, "<figure id=\"chart-%s\">\n", name);
    rc = rc ? rc : pc_buf_append(&out->html, svg->data, svg->len);
    rc = rc ? rc : pc_buf_puts(&out->html, "<figcaption>");
    if (!rc && caption) rc = pc_xml_escape(&out->html, caption);
    rc = rc ? rc
            : pc_buf_printf(&out->html,
                            " <a href=\"%s/%s.svg\">%s.svg</a></figcaption>\n"
                            "</figure>\n",
                            files_dir, name, name);
    return rc;
}

static int hist_chart(struct pc_report_out *out, const char *dir, const char *name,
                      const char *title, const char *xl, const char *color, const struct pc_hist *h,
                      const char *prefix, const char *caption)
{
    struct pc_buf b;
    pc_buf_init(&b, 0);
    struct pc_svg_hist_spec s = {name, title, xl, "Count", color, h, prefix};
    int rc = pc_svg_hist(&b, &s);
    rc = rc ? rc : add_chart(out, dir, name, &b, caption);
    pc_buf_release(&b);
    return rc;
}

/* The categories of cc in the page's order (those cc has), "(other)" last; with colours. */
static int ordered_cats(const struct pc_catcount *cc, const struct pc_catorder *ord,
                        const char ***labels, double **v, const char ***colors, size_t *n)
{
    *n = 0;
    size_t cap = cc->n + 1;
    *labels = malloc(cap * sizeof **labels);
    *v = malloc(cap * sizeof **v);
    *colors = malloc(cap * sizeof **colors);
    if (!*labels || !*v || !*colors) return PC_ENOMEM;
    for (size_t i = 0; i < ord->n; i++) {
        uint64_t c = pc_catcount_get(cc, ord->names[i]);
        if (!c) continue;
        (*labels)[*n] = ord->names[i];
        (*v)[*n] = (double)c;
        (*colors)[(*n)++] = pc_catorder_color(ord, ord->names[i]);
    }
    if (cc->other) {
        (*labels)[*n] = "(other)";
        (*v)[*n] = (double)cc->other;
        (*colors)[(*n)++] = pc_catorder_color(ord, "(other)");
    }
    return PC_OK;
}

static int cat_charts(struct pc_report_out *out, const char *dir, const char *stem,
                      const struct pc_catcount *cc, const struct pc_catorder *ord)
{
    if (cc->n == 0 && !cc->other) return PC_OK;
    const char **labels = NULL, **colors = NULL;
    double *v = NULL;
    size_t n;
    int rc = ordered_cats(cc, ord, &labels, &v, &colors, &n);
    char name[48];
    struct pc_buf b;
    pc_buf_init(&b, 0);
    if (!rc) {
        snprintf(name, sizeof name, "%s_categories", stem);
        struct pc_svg_bars_spec s = {name,
                                     "How many in each category",
                                     "Categories",
                                     "Count",
                                     n,
                                     labels,
                                     1,
                                     {v, NULL},
                                     {"#888", NULL},
                                     {NULL, NULL},
                                     1,
                                     0,
                                     colors};
        rc = pc_svg_bars(&b, &s);
        rc = rc ? rc
                : add_chart(out, dir, name, &b,
                            "Items per category (the page's category order and colours: largest "
                            "category of the items first).");
    }
    if (!rc) {
        pc_buf_reset(&b);
        snprintf(name, sizeof name, "%s_share", stem);
        struct pc_svg_donut_spec d = {name, "Categories", n, labels, v, colors};
        rc = pc_svg_donut(&b, &d);
        rc = rc ? rc : add_chart(out, dir, name, &b, "Share of each category.");
    }
    pc_buf_release(&b);
    free(labels);
    free(v);
    free(colors);
    return rc;
}

static int row(struct pc_buf *o, const char *k, const char *v)
{
    int rc = pc_buf_puts(o, "<tr><th>");
    rc = rc ? rc : pc_xml_escape(o, k);
    rc = rc ? rc : pc_buf_puts(o, "</th><td class=\"num\">");
    rc = rc ? rc : pc_xml_escape(o, v);
    return rc ? rc : pc_buf_puts(o, "</td></tr>\n");
}

static int row_n(struct pc_buf *o, const char *k, uint64_t v)
{
    char c[48];
    return row(o, k, pc_fmt_int((int64_t)v, c));
}

static int row_avgmax(struct pc_buf *o, const char *k, const struct pc_hist *h, int dec)
{
    char a[48], m[48], t[128];
    if (!h->n) return row(o, k, "-");
    snprintf(t, sizeof t, "avg %s, min %s, max %s", pc_fmt_fixed(pc_hist_mean(h), dec, 1, a),
             pc_fmt_fixed(h->min, dec, 1, m), pc_fmt_fixed(h->max, dec, 1, (char[48]){0}));
    return row(o, k, t);
}

/* The same for integer statistics (token counts): min and max print as integers. */
static int row_avgmax_int(struct pc_buf *o, const char *k, const struct pc_hist *h)
{
    char a[48], m[48], x[48], t[128];
    if (!h->n) return row(o, k, "-");
    snprintf(t, sizeof t, "avg %s, min %s, max %s", pc_fmt_fixed(pc_hist_mean(h), 1, 1, a),
             pc_fmt_int((int64_t)h->min, m), pc_fmt_int((int64_t)h->max, x));
    return row(o, k, t);
}

static int cat_table(struct pc_buf *o, const struct pc_items_stats *s,
                     const struct pc_catorder *ord)
{
    int rc = pc_buf_puts(o, "<table><tr><th>category</th><th>items</th><th>share</th>"
                            "<th>avg price</th></tr>\n");
    for (size_t k = 0; k < ord->n && !rc; k++) {
        char c[48], p[48];
        size_t i = 0;
        while (i < s->cats.n && strcmp(s->cats.names[i], ord->names[k])) i++;
        if (i == s->cats.n) continue;
        uint64_t cents = pc_catcount_get(&s->cat_price_sum_x100, s->cats.names[i]);
        rc = pc_buf_printf(o, "<tr><td><span class=\"sw\" style=\"background:%s\"></span>",
                           pc_catorder_color(ord, ord->names[k]));
        rc = rc ? rc : pc_xml_escape(o, s->cats.names[i]);
        rc = rc ? rc
                : pc_buf_printf(
                      o,
                      "</td><td class=\"num\">%s</td><td class=\"num\">%.1f%%</td>"
                      "<td class=\"num\">$%s</td></tr>\n",
                      pc_fmt_int((int64_t)s->cats.counts[i], c),
                      s->cats.total ? 100.0 * s->cats.counts[i] / s->cats.total : 0.0,
                      pc_fmt_fixed(s->cats.counts[i] ? cents / 100.0 / s->cats.counts[i] : 0.0, 2,
                                   1, p));
    }
    return rc ? rc : pc_buf_puts(o, "</table>\n");
}

static int items_section(struct pc_report_out *out, const char *dir, const char *stem,
                         const char *path, const struct pc_items_stats *s, int is_sample,
                         const struct pc_catorder *ord)
{
    struct pc_buf *o = &out->html;
    char t[256], a[48], m[48];
    int rc = pc_buf_printf(o, "<h2 id=\"%s\">%s</h2>\n<p class=\"sub\">", stem,
                           is_sample ? "Curated sample" : "Items");
    rc = rc ? rc : pc_xml_escape(o, path);
    rc = rc ? rc : pc_buf_puts(o, "</p>\n<table>\n");
    rc = rc ? rc : row_n(o, is_sample ? "sampled items" : "items", s->n);
    if (!rc && s->bad) rc = row_n(o, "invalid JSON lines (skipped)", s->bad);
    rc = rc ? rc : row_avgmax_int(o, "token count", &s->tokens);
    rc = rc ? rc : row_avgmax(o, "price ($)", &s->prices, 2);
    rc = rc ? rc : row_avgmax(o, "prompt length (characters)", &s->plen, 0);
    rc = rc ? rc : pc_buf_puts(o, "</table>\n");
    rc = rc ? rc : cat_table(o, s, ord);
    char name[48];
    if (!rc && !is_sample) {
        snprintf(t, sizeof t, "Token counts: Avg %s and highest %s",
                 pc_fmt_fixed(pc_hist_mean(&s->tokens), 1, 1, a),
                 pc_fmt_int(s->tokens.n ? (int64_t)s->tokens.max : 0, m));
        snprintf(name, sizeof name, "%s_tokens", stem);
        struct pc_hist fit;
        rc = pc_hist_fit(&s->tokens, 40, &fit);
        char cap[160];
        snprintf(cap, sizeof cap,
                 "Tokens per prompt, bins of %g from the smallest to the largest "
                 "count.",
                 fit.bins ? (fit.hi - fit.lo) / (double)fit.bins : 1.0);
        rc = rc ? rc : hist_chart(out, dir, name, t, "Length (tokens)", "skyblue", &fit, NULL, cap);
        pc_hist_release(&fit);
    }
    if (!rc) {
        if (is_sample)
            snprintf(t, sizeof t, "Avg %s and highest %s",
                     pc_fmt_fixed(pc_hist_mean(&s->prices), 2, 0, a),
                     pc_fmt_fixed(s->prices.n ? s->prices.max : 0, 2, 1, m));
        else
            snprintf(t, sizeof t, "Prices: Avg %s and highest %s",
                     pc_fmt_fixed(pc_hist_mean(&s->prices), 1, 1, a),
                     pc_fmt_pyfloat(s->prices.n ? s->prices.max : 0, m));
        snprintf(name, sizeof name, "%s_prices", stem);
        rc = hist_chart(out, dir, name, t, "Price ($)", is_sample ? "darkblue" : "blueviolet",
                        &s->prices, "$", "Prices, $0-1000 in bins of $10.");
    }
    rc = rc ? rc : cat_charts(out, dir, stem, &s->cats, ord);
    if (!rc && s->scatter.n) {
        struct pc_buf b;
        pc_buf_init(&b, 0);
        char sub[128], c1[48], c2[48];
        snprintf(sub, sizeof sub, "%s of %s items%s", pc_fmt_int((int64_t)s->scatter.n, c1),
                 pc_fmt_int((int64_t)s->scatter.seen, c2),
                 s->scatter.seen > s->scatter.n ? ", sampled uniformly (seed 42)" : "");
        snprintf(name, sizeof name, "%s_scatter", stem);
        struct pc_svg_scatter_spec sp = {
            name, "Is there a simple correlation?", "Size", "Price", "red", &s->scatter, sub};
        rc = pc_svg_scatter(&b, &sp);
        rc = rc ? rc : add_chart(out, dir, name, &b, "Prompt size (characters) against price.");
        pc_buf_release(&b);
    }
    return rc;
}

/* Before/after curation: shares per price range and per category, side by side. */
static int curation_section(struct pc_report_out *out, const char *dir,
                            const struct pc_items_stats *before, const struct pc_items_stats *after,
                            const struct pc_catorder *ord)
{
    struct pc_buf *o = &out->html;
    int rc = pc_buf_puts(o, "<h2 id=\"curation\">Before and after curation</h2>\n");
    enum { NR = 10 };
    const char *labels[NR];
    char lab[NR][32];
    double vb[NR] = {0}, va[NR] = {0};
    for (int k = 0; k < NR; k++) {
        snprintf(lab[k], sizeof lab[k], "$%d-%d", k * 100, (k + 1) * 100);
        labels[k] = lab[k];
    }
    uint64_t tb = 0, ta = 0;
    for (size_t i = 0; i < before->prices.bins; i++) tb += before->prices.counts[i];
    for (size_t i = 0; i < after->prices.bins; i++) ta += after->prices.counts[i];
    for (size_t i = 0; i < before->prices.bins; i++)
        vb[i * NR / before->prices.bins] += tb ? 100.0 * before->prices.counts[i] / tb : 0;
    for (size_t i = 0; i < after->prices.bins; i++)
        va[i * NR / after->prices.bins] += ta ? 100.0 * after->prices.counts[i] / ta : 0;
    struct pc_buf b;
    pc_buf_init(&b, 0);
    struct pc_svg_bars_spec s = {"curation_prices",
                                 "Price ranges before and after curation",
                                 "Price range",
                                 "Share of items (%)",
                                 NR,
                                 labels,
                                 2,
                                 {vb, va},
                                 {"blueviolet", "darkblue"},
                                 {"items (before)", "sample (after)"},
                                 1,
                                 1,
                                 NULL};
    rc = rc ? rc : pc_svg_bars(&b, &s);
    rc = rc ? rc
            : add_chart(out, dir, "curation_prices", &b,
                        "Share of items per $100 range, before and after curation.");
    /* categories: the page's order and colours */
    size_t n = ord->n;
    const char **cl = malloc((n + 1) * sizeof *cl), **cc = malloc((n + 1) * sizeof *cc);
    double *cb = calloc(n + 1, sizeof *cb), *ca = calloc(n + 1, sizeof *ca);
    if (!cl || !cc || !cb || !ca) rc = rc ? rc : PC_ENOMEM;
    for (size_t i = 0; !rc && i < n; i++) {
        cl[i] = ord->names[i];
        cc[i] = pc_catorder_color(ord, cl[i]);
    }
    for (size_t i = 0; !rc && i < n; i++) {
        cb[i] = before->cats.total
                    ? 100.0 * pc_catcount_get(&before->cats, cl[i]) / before->cats.total
                    : 0;
        ca[i] = after->cats.total ? 100.0 * pc_catcount_get(&after->cats, cl[i]) / after->cats.total
                                  : 0;
    }
    if (!rc && n) {
        pc_buf_reset(&b);
        struct pc_svg_bars_spec c = {"curation_categories",
                                     "Categories before and after curation",
                                     "Categories",
                                     "Share of items (%)",
                                     n,
                                     cl,
                                     2,
                                     {cb, ca},
                                     {"goldenrod", "lightgreen"},
                                     {"items (before, lighter)", "sample (after)"},
                                     1,
                                     1,
                                     cc};
        rc = pc_svg_bars(&b, &c);
        rc = rc ? rc
                : add_chart(out, dir, "curation_categories", &b,
                            "Share of each category, before (lighter) and after curation.");
    }
    free(cl);
    free(cc);
    free(cb);
    free(ca);
    pc_buf_release(&b);
    return rc;
}

static int raw_section(struct pc_report_out *out, const char *dir, const struct pc_report_input *in)
{
    const struct pc_raw_stats *r = in->raw;
    struct pc_buf *o = &out->html;
    char t[256], a[48], m[48];
    int rc = pc_buf_puts(o, "<h2 id=\"raw\">Raw data</h2>\n<p class=\"sub\">");
    for (size_t i = 0; i < in->nraw && !rc; i++) {
        rc = pc_buf_puts(o, i ? ", " : "");
        rc = rc ? rc : pc_xml_escape(o, in->raw_files[i]);
    }
    rc = rc ? rc : pc_buf_puts(o, "</p>\n<table>\n");
    rc = rc ? rc : row_n(o, "lines", r->lines);
    rc = rc ? rc : row_n(o, "rows loaded", r->rows);
    if (!rc && r->skipped_json) rc = row_n(o, "skipped: not a JSON object", r->skipped_json);
    if (!rc && r->skipped_media)
        rc = row_n(o, "skipped: images/videos not a list of objects", r->skipped_media);
    snprintf(t, sizeof t, "%s (%.1f%% of rows)", pc_fmt_int((int64_t)r->priced, a),
             r->rows ? 100.0 * r->priced / r->rows : 0.0);
    rc = rc ? rc : row(o, "rows with a price > 0", t);
    if (!rc && r->price_unparsable) rc = row_n(o, "price not a number", r->price_unparsable);
    rc = rc ? rc : row_avgmax(o, "price of priced rows ($)", &r->prices, 2);
    rc = rc ? rc : row_avgmax(o, "content length (characters)", &r->lengths, 0);
    rc = rc ? rc : pc_buf_puts(o, "</table>\n");
    if (!rc && r->files.n > 1) {
        rc = pc_buf_puts(o, "<table><tr><th>file</th><th>rows</th></tr>\n");
        for (size_t i = 0; i < r->files.n && !rc; i++) {
            rc = pc_buf_puts(o, "<tr><td>");
            rc = rc ? rc : pc_xml_escape(o, r->files.names[i]);
            rc = rc ? rc
                    : pc_buf_printf(o, "</td><td class=\"num\">%s</td></tr>\n",
                                    pc_fmt_int((int64_t)r->files.counts[i], a));
        }
        rc = rc ? rc : pc_buf_puts(o, "</table>\n");
    }
    if (!rc && r->priced) {
        snprintf(t, sizeof t, "Lengths: Avg %s and highest %s",
                 pc_fmt_fixed(pc_hist_mean(&r->lengths), 0, 1, a),
                 pc_fmt_int((int64_t)r->lengths.max, m));
        struct pc_hist fit;
        rc = pc_hist_fit(&r->lengths, 40, &fit);
        char cap[200];
        snprintf(cap, sizeof cap,
                 "Characters of title + description + features + details of priced rows, bins "
                 "of %g, axis fitted to the data.",
                 fit.bins ? (fit.hi - fit.lo) / (double)fit.bins : 100.0);
        rc = rc ? rc
                : hist_chart(out, dir, "raw_lengths", t, "Length (chars)", "lightblue", &fit, NULL,
                             cap);
        pc_hist_release(&fit);
        snprintf(t, sizeof t, "Prices: Avg %s and highest %s",
                 pc_fmt_fixed(pc_hist_mean(&r->prices), 2, 1, a), pc_fmt_pyfloat(r->prices.max, m));
        rc = rc ? rc
                : hist_chart(out, dir, "raw_prices", t, "Price ($)", "orange", &r->prices, "$",
                             "Prices of priced rows, $0-1000 in bins of $10.");
    }
    return rc;
}

static int split_section(struct pc_report_out *out, const char *dir,
                         const struct pc_report_input *in)
{
    struct pc_buf *o = &out->html;
    int rc = pc_buf_puts(o, "<h2 id=\"split\">Train / test split</h2>\n<p class=\"sub\">");
    rc = rc ? rc : pc_xml_escape(o, in->split_dir ? in->split_dir : "");
    rc = rc ? rc
            : pc_buf_puts(o, "</p>\n<table><tr><th>file</th><th>rows</th><th>avg price</th>"
                             "<th>max price</th><th>avg text length</th></tr>\n");
    for (int i = 0; i < PC_REPORT_MAX_SPLITS && !rc; i++) {
        const struct pc_splitfile_stats *s = in->split[i];
        if (!s) continue;
        char a[48], b[48], c[48], d[48];
        rc = pc_buf_printf(o,
                           "<tr><td>%s</td><td class=\"num\">%s</td><td class=\"num\">$%s</td>"
                           "<td class=\"num\">$%s</td><td class=\"num\">%s</td></tr>\n",
                           in->split_names[i], pc_fmt_int((int64_t)s->n, a),
                           pc_fmt_fixed(pc_hist_mean(&s->prices), 2, 1, b),
                           pc_fmt_fixed(s->prices.n ? s->prices.max : 0, 2, 1, c),
                           pc_fmt_fixed(pc_hist_mean(&s->tlen), 0, 1, d));
    }
    rc = rc ? rc : pc_buf_puts(o, "</table>\n");
    const struct pc_hist *hs[PC_REPORT_MAX_SPLITS];
    const char *names[PC_REPORT_MAX_SPLITS], *colors[PC_REPORT_MAX_SPLITS];
    static const char *const split_colors[PC_REPORT_MAX_SPLITS] = {"#00897b", "#e65100", "#6a1b9a"};
    size_t ns = 0;
    for (int i = 0; i < PC_REPORT_MAX_SPLITS; i++) {
        const struct pc_splitfile_stats *s = in->split[i];
        if (!s || !s->n) continue;
        hs[ns] = &s->prices;
        names[ns] = in->split_names[i];
        colors[ns++] = split_colors[i];
    }
    if (!rc && ns) {
        struct pc_buf b;
        pc_buf_init(&b, 0);
        struct pc_svg_density_spec d = {"split_prices",
                                        "Price distributions of the splits",
                                        "Price ($)",
                                        "Share of the split per $10 bin",
                                        ns,
                                        hs,
                                        names,
                                        colors,
                                        "$"};
        rc = pc_svg_density(&b, &d);
        rc = rc ? rc
                : add_chart(out, dir, "split_prices", &b,
                            "Each split's prices as a density over $0-1000 in bins of $10, "
                            "overlaid: the lines coincide when the split is unbiased.");
        pc_buf_release(&b);
    }
    return rc;
}

static int assess_section(struct pc_buf *o, const char *what, const struct pc_assess *a)
{
    int rc = pc_buf_puts(o, "<h3>");
    rc = rc ? rc : pc_xml_escape(o, what);
    rc = rc ? rc : pc_buf_puts(o, "</h3>\n");
    return rc ? rc : pc_assess_html(a, o);
}

int pc_report_build(const struct pc_report_input *in, const char *dir, struct pc_report_out *out)
{
    memset(out, 0, sizeof *out);
    pc_buf_init(&out->html, 0);
    struct pc_buf *o = &out->html;
    int rc = pc_buf_printf(o,
                           "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                           "<meta name=\"viewport\" content=\"width=device-width, "
                           "initial-scale=1\">\n<title>pricer report</title>\n<style>\n%s"
                           "</style></head>\n<body><main>\n<h1>pricer report</h1>\n"
                           "<p class=\"sub\">Charts and data-quality findings of every stage "
                           "given.</p>\n<nav>",
                           g_css);
    if (!rc && in->raw) rc = pc_buf_puts(o, "<a href=\"#raw\">Raw data</a>");
    if (!rc && in->items) rc = pc_buf_puts(o, "<a href=\"#items\">Items</a>");
    if (!rc && in->sample) rc = pc_buf_puts(o, "<a href=\"#sample\">Sample</a>");
    if (!rc && in->items && in->sample) rc = pc_buf_puts(o, "<a href=\"#curation\">Curation</a>");
    if (!rc && (in->split[0] || in->split[1])) rc = pc_buf_puts(o, "<a href=\"#split\">Split</a>");
    rc = rc ? rc : pc_buf_puts(o, "<a href=\"#assessment\">Assessment</a></nav>\n");
    if (!rc && in->raw) rc = raw_section(out, dir, in);
    struct pc_catorder ord = {0};
    const struct pc_catcount *cats[2] = {in->items ? &in->items->cats : NULL,
                                         in->sample ? &in->sample->cats : NULL};
    if (!rc) rc = pc_catorder_build(&ord, cats, 2);
    if (!rc && in->items) rc = items_section(out, dir, "items", in->items_path, in->items, 0, &ord);
    if (!rc && in->sample)
        rc = items_section(out, dir, "sample", in->sample_path, in->sample, 1, &ord);
    if (!rc && in->items && in->sample)
        rc = curation_section(out, dir, in->items, in->sample, &ord);
    pc_catorder_release(&ord);
    if (!rc && (in->split[0] || in->split[1] || in->split[2])) rc = split_section(out, dir, in);
    rc = rc ? rc : pc_buf_puts(o, "<h2 id=\"assessment\">Assessment</h2>\n");
    if (!rc && !in->assess_items && !in->assess_sample && !in->assess_split)
        rc = pc_buf_puts(o, "<p>No items, sample or split given: nothing to assess.</p>\n");
    if (!rc && in->assess_items) rc = assess_section(o, "Items", in->assess_items);
    if (!rc && in->assess_sample)
        rc = assess_section(o, "Curated sample (balance compared with the items)",
                            in->assess_sample);
    if (!rc && in->assess_split)
        rc = assess_section(o, "Split (train/test leakage)", in->assess_split);
    rc = rc ? rc
            : pc_buf_puts(o, "<p class=\"note\">Made by pricer "
                             "</p>\n</main></body></html>\n");
    return rc;
}

void pc_report_out_release(struct pc_report_out *out)
{
    for (size_t i = 0; i < out->n; i++) free(out->charts[i].svg);
    free(out->charts);
    pc_buf_release(&out->html);
    memset(out, 0, sizeof *out);
}
