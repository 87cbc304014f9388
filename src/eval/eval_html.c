/* pricer eval's HTML page: the Tester's scatter, an error histogram and the item table, as
 * one self-contained document (inline SVG and CSS). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval/eval.h"
#include "chart/stats.h"
#include "chart/svg.h"

#define TRY(x)                                                                                     \
    do {                                                                                           \
        int rc_ = (x);                                                                             \
        if (rc_) return rc_;                                                                       \
    } while (0)

#define FONT "font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\""

/* matplotlib's named colours, which the course's scatter uses (c=self.colors) */
static const char *const g_fill[] = {"#008000", "#ffa500", "#ff0000"};

/* A "nice" tick step (1, 2, 5 x 10^k) giving at most about `ticks` intervals over span. */
static double nice_step(double span, int ticks)
{
    if (!(span > 0) || !isfinite(span)) return 1;
    double raw = span / ticks, p = pow(10, floor(log10(raw)));
    double m = raw / p;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

static const char *money(double v, char *buf)
{
    char tmp[48];
    snprintf(buf, 48, "$%s", pc_fmt_fixed(v, fabs(v) >= 100 || v == floor(v) ? 0 : 2, 1, tmp));
    return buf;
}

enum { W = 880, H = 620, ML = 80, MR = 30, MT = 50, MB = 60 };

static int scatter(struct pc_buf *o, const char *title, const struct pc_eval_result *r)
{
    double max_val = 0;
    size_t skipped = 0;
    for (size_t i = 0; i < r->n; i++) {
        if (!isfinite(r->items[i].guess) || r->items[i].guess < 0) {
            skipped++;
            continue;
        }
        if (r->items[i].truth > max_val) max_val = r->items[i].truth;
        if (r->items[i].guess > max_val) max_val = r->items[i].guess;
    }
    if (!(max_val > 0)) max_val = 1;
    double pw = W - ML - MR, ph = H - MT - MB;
#define SX(v) (ML + (v) / max_val * pw)
#define SY(v) (MT + ph - (v) / max_val * ph)
    TRY(pc_buf_printf(o,
                      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"pc-chart\" "
                      "data-chart=\"eval_scatter\" viewBox=\"0 0 %d %d\" width=\"%d\" "
                      "height=\"%d\" %s>\n<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n"
                      "<text x=\"%d\" y=\"28\" text-anchor=\"middle\" font-size=\"17\" "
                      "font-weight=\"bold\" fill=\"#222\" class=\"chart-title\">",
                      W, H, W, H, FONT, W, H, W / 2));
    TRY(pc_xml_escape(o, title));
    TRY(pc_buf_puts(o, "</text>\n"));
    double step = nice_step(max_val, 8);
    char b[48];
    for (double v = 0; v <= max_val * (1 + 1e-9); v += step) {
        TRY(pc_buf_printf(o,
                          "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>"
                          "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>\n",
                          SX(v), MT, SX(v), MT + (int)ph, ML, SY(v), W - MR, SY(v)));
        money(v, b);
        TRY(pc_buf_printf(o,
                          "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"11\" "
                          "fill=\"#444\">%s</text><text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" "
                          "font-size=\"11\" fill=\"#444\">%s</text>\n",
                          SX(v), MT + ph + 16, b, ML - 6, SY(v) + 4, b));
    }
    TRY(pc_buf_printf(o,
                      "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"none\" "
                      "stroke=\"#888\"/>\n<line class=\"diag\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                      "y2=\"%.1f\" stroke=\"deepskyblue\" stroke-width=\"2\" opacity=\"0.6\"/>\n",
                      ML, MT, pw, ph, SX(0.0), SY(0.0), SX(max_val), SY(max_val)));
    for (size_t i = 0; i < r->n; i++) {
        const struct pc_eval_item *it = &r->items[i];
        if (!isfinite(it->guess) || it->guess < 0) continue;
        TRY(pc_buf_printf(o,
                          "<circle class=\"pt\" data-color=\"%s\" cx=\"%.2f\" cy=\"%.2f\" r=\"3\" "
                          "fill=\"%s\"><title>%zu: guess %.2f, truth %.2f</title></circle>\n",
                          pc_eval_color_name(it->color), SX(it->truth), SY(it->guess),
                          g_fill[it->color], i + 1, it->guess, it->truth));
    }
    TRY(pc_buf_printf(o,
                      "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"13\" "
                      "fill=\"#333\">Ground Truth</text>\n<text x=\"18\" y=\"%.1f\" "
                      "transform=\"rotate(-90 18 %.1f)\" text-anchor=\"middle\" font-size=\"13\" "
                      "fill=\"#333\">Model Estimate</text>\n",
                      ML + pw / 2, H - 16, MT + ph / 2, MT + ph / 2));
    if (skipped)
        TRY(pc_buf_printf(o,
                          "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"11\" "
                          "fill=\"#a00\">%zu negative or non-finite guesses not drawn</text>\n",
                          W - MR, MT - 6, skipped));
#undef SX
#undef SY
    return pc_buf_puts(o, "</svg>\n");
}

/* Absolute errors in bins of a nice width, each bar stacked green / orange / red. */
static int error_hist(struct pc_buf *o, const struct pc_eval_result *r)
{
    double max_err = 0;
    for (size_t i = 0; i < r->n; i++)
        if (isfinite(r->items[i].error) && r->items[i].error > max_err) max_err = r->items[i].error;
    double width = nice_step(max_err > 0 ? max_err : 1, 20);
    size_t nb = (size_t)floor(max_err / width) + 1;
    if (nb > 200) nb = 200;
    size_t(*cnt)[3] = calloc(nb, sizeof *cnt);
    if (!cnt) return PC_ENOMEM;
    size_t top = 1, over = 0;
    for (size_t i = 0; i < r->n; i++) {
        const struct pc_eval_item *it = &r->items[i];
        if (!isfinite(it->error)) {
            over++;
            continue;
        }
        size_t b = (size_t)floor(it->error / width);
        if (b >= nb) b = nb - 1;
        cnt[b][it->color]++;
    }
    for (size_t b = 0; b < nb; b++) {
        size_t t = cnt[b][0] + cnt[b][1] + cnt[b][2];
        if (t > top) top = t;
    }
    int rc = PC_OK;
    const int h = 420;
    double pw = W - ML - MR, ph = h - MT - MB, bw = pw / (double)nb;
    double ystep = nice_step((double)top, 6), ymax = ceil((double)top / ystep) * ystep;
    rc = pc_buf_printf(o,
                       "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"pc-chart\" "
                       "data-chart=\"eval_errors\" viewBox=\"0 0 %d %d\" width=\"%d\" "
                       "height=\"%d\" %s>\n<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n"
                       "<text x=\"%d\" y=\"28\" text-anchor=\"middle\" font-size=\"17\" "
                       "font-weight=\"bold\" fill=\"#222\" class=\"chart-title\">Absolute error "
                       "per item (bins of $%g)</text>\n",
                       W, h, W, h, FONT, W, h, W / 2, width);
    for (double v = 0; !rc && v <= ymax * (1 + 1e-9); v += ystep) {
        double y = MT + ph - v / ymax * ph;
        rc = pc_buf_printf(o,
                           "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
                           "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" font-size=\"11\" "
                           "fill=\"#444\">%.0f</text>\n",
                           ML, y, W - MR, y, ML - 6, y + 4, v);
    }
    for (size_t b = 0; !rc && b < nb; b++) {
        double base = 0;
        size_t total = cnt[b][0] + cnt[b][1] + cnt[b][2];
        for (int c = 0; !rc && c < 3; c++) {
            if (!cnt[b][c]) continue;
            double hgt = (double)cnt[b][c] / ymax * ph;
            rc = pc_buf_printf(o,
                               "<rect class=\"bar\" data-bin=\"%zu\" data-color=\"%s\" "
                               "data-count=\"%zu\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" "
                               "height=\"%.2f\" fill=\"%s\"><title>$%g-$%g: %zu %s of %zu</title>"
                               "</rect>\n",
                               b, pc_eval_color_name(c), cnt[b][c], ML + b * bw + 0.5,
                               MT + ph - base - hgt, bw > 2 ? bw - 1 : bw, hgt, g_fill[c],
                               b * width, (b + 1) * width, cnt[b][c], pc_eval_color_name(c), total);
            base += hgt;
        }
    }
    /* x ticks at bin edges, thinned so labels do not collide */
    size_t every = nb > 10 ? (nb + 9) / 10 : 1;
    char mb[48];
    for (size_t b = 0; !rc && b <= nb; b += every)
        rc = pc_buf_printf(o,
                           "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"11\" "
                           "fill=\"#444\">%s</text>\n",
                           ML + b * bw, MT + ph + 16, money(b * width, mb));
    if (!rc)
        rc = pc_buf_printf(o,
                           "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"13\" "
                           "fill=\"#333\">|guess - truth|%s</text>\n<text x=\"18\" y=\"%.1f\" "
                           "transform=\"rotate(-90 18 %.1f)\" text-anchor=\"middle\" "
                           "font-size=\"13\" fill=\"#333\">Items</text>\n</svg>\n",
                           ML + pw / 2, h - 16, over ? " (non-finite errors left out)" : "",
                           MT + ph / 2, MT + ph / 2);
    free(cnt);
    return rc;
}

struct ranked {
    double error;
    size_t i;
};

/* Largest error first (NaN last), then item order. */
static int cmp_err_desc(const void *a, const void *b)
{
    const struct ranked *x = a, *y = b;
    int xn = isnan(x->error), yn = isnan(y->error);
    if (xn != yn) return xn - yn;
    if (!xn && x->error != y->error) return x->error > y->error ? -1 : 1;
    return x->i < y->i ? -1 : 1;
}

static int item_row(struct pc_buf *o, const struct pc_eval_result *r, size_t i,
                    const struct pc_eval_set *test, struct pc_buf *tmp)
{
    const struct pc_eval_item *it = &r->items[i];
    char g[48], t[48], e[48], s[48];
    pc_buf_reset(tmp);
    TRY(pc_eval_title(tmp, &test->rows[i]));
    TRY(pc_buf_putc(tmp, 0));
    TRY(pc_buf_printf(o,
                      "<tr class=\"%s\"><td>%zu</td><td>$%s</td><td>$%s</td><td>$%s</td>"
                      "<td>%s</td><td>",
                      pc_eval_color_name(it->color), i + 1, pc_fmt_fixed(it->guess, 2, 1, g),
                      pc_fmt_fixed(it->truth, 2, 1, t), pc_fmt_fixed(it->error, 2, 1, e),
                      pc_fmt_fixed(it->sle, 2, 1, s)));
    TRY(pc_xml_escape(o, tmp->data));
    return pc_buf_puts(o, "</td></tr>\n");
}

static const char g_css[] =
    "body{font-family:DejaVu Sans,Verdana,Arial,sans-serif;margin:24px auto;max-width:920px;"
    "color:#222}h1{font-size:22px}table{border-collapse:collapse;font-size:13px;margin:8px 0}"
    "td,th{padding:3px 8px;border-bottom:1px solid #ddd;text-align:right}"
    "td:last-child,th:last-child{text-align:left;overflow-wrap:anywhere}"
    "tr.green td:first-child{border-left:6px solid #008000}"
    "tr.orange td:first-child{border-left:6px solid #ffa500}"
    "tr.red td:first-child{border-left:6px solid #ff0000}svg{max-width:100%;height:auto}"
    ".sum td{text-align:left}.muted{color:#666;font-size:13px}\n";

int pc_eval_html(struct pc_buf *o, const char *name, const char *source,
                 const struct pc_eval_result *r, const struct pc_eval_set *test)
{
    struct pc_buf title, tmp;
    pc_buf_init(&title, 0);
    pc_buf_init(&tmp, 0);
    struct ranked *order = malloc((r->n ? r->n : 1) * sizeof *order);
    int rc = order ? pc_eval_summary_line(&title, name, r) : PC_ENOMEM;
    if (!rc) rc = pc_buf_putc(&title, 0);
    if (!rc)
        rc = pc_buf_puts(o, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                            "<title>pricer eval: ");
    if (!rc) rc = pc_xml_escape(o, title.data);
    if (!rc) rc = pc_buf_printf(o, "</title><style>%s</style></head><body>\n<h1>", g_css);
    if (!rc) rc = pc_xml_escape(o, title.data);
    if (!rc) rc = pc_buf_puts(o, "</h1>\n<p class=\"muted\">Predictions: ");
    if (!rc) rc = pc_xml_escape(o, source);
    char e[48], l[48], h[48];
    if (!rc)
        rc = pc_buf_printf(
            o,
            "</p>\n<table class=\"sum\"><tr><td>items</td><td>%zu</td></tr><tr><td>average "
            "error</td><td>$%s</td></tr><tr><td>RMSLE</td><td>%s</td></tr><tr><td>hits "
            "(green)</td><td>%s%%</td></tr><tr><td>colours</td><td>green %zu, orange %zu, red "
            "%zu</td></tr></table>\n<p class=\"muted\">green: error &lt; $40 or &lt; 20%% of the "
            "truth; orange: &lt; $80 or &lt; 40%%; red otherwise (the course's Tester)</p>\n",
            r->n, pc_fmt_fixed(r->average_error, 2, 1, e), pc_fmt_fixed(r->rmsle, 4, 0, l),
            pc_fmt_fixed(r->hit_percent, 1, 0, h), r->colors[0], r->colors[1], r->colors[2]);
    if (!rc) rc = scatter(o, title.data, r);
    if (!rc) rc = error_hist(o, r);
    if (!rc) {
        for (size_t i = 0; i < r->n; i++) order[i] = (struct ranked){r->items[i].error, i};
        qsort(order, r->n, sizeof *order, cmp_err_desc);
        rc = pc_buf_puts(o, "<h2>Largest errors</h2>\n<table><tr><th>#</th><th>guess</th>"
                            "<th>truth</th><th>error</th><th>SLE</th><th>item</th></tr>\n");
    }
    for (size_t k = 0; !rc && k < r->n && k < 10; k++) rc = item_row(o, r, order[k].i, test, &tmp);
    if (!rc)
        rc = pc_buf_printf(o,
                           "</table>\n<details><summary>All %zu items</summary><table><tr>"
                           "<th>#</th><th>guess</th><th>truth</th><th>error</th><th>SLE</th>"
                           "<th>item</th></tr>\n",
                           r->n);
    for (size_t i = 0; !rc && i < r->n; i++) rc = item_row(o, r, i, test, &tmp);
    if (!rc) rc = pc_buf_puts(o, "</table></details>\n</body></html>\n");
    free(order);
    pc_buf_release(&title);
    pc_buf_release(&tmp);
    return rc;
}
