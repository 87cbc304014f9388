#include "chart/svg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "text/utf8.h"

#define FONT "font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\""
enum { W = 900, H = 440 };

static const char *const g_palette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                        "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
                                        "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5",
                                        "#c49c94", "#f7b6d2", "#c7c7c7", "#dbdb8d", "#9edae5"};

const char *pc_svg_palette(size_t i)
{
    return g_palette[i % (sizeof g_palette / sizeof g_palette[0])];
}

int pc_utf8_clean(struct pc_buf *out, const char *s, size_t n)
{
    int rc = 0;
    for (size_t i = 0; i < n && !rc;) {
        uint32_t cp;
        int valid;
        size_t k = pc_utf8_decode((const unsigned char *)s + i, n - i, &cp, &valid);
        rc = valid > 0 ? pc_buf_append(out, s + i, k) : pc_buf_puts(out, "\xef\xbf\xbd");
        i += k;
    }
    return rc;
}

int pc_xml_escape(struct pc_buf *out, const char *s)
{
    int rc = 0;
    size_t n = strlen(s);
    for (size_t i = 0; i < n && !rc;) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) {
            uint32_t cp;
            int valid;
            size_t k = pc_utf8_decode((const unsigned char *)s + i, n - i, &cp, &valid);
            rc = valid > 0 ? pc_buf_append(out, s + i, k) : pc_buf_puts(out, "\xef\xbf\xbd");
            i += k;
            continue;
        }
        switch (c) {
        case '&':
            rc = pc_buf_puts(out, "&amp;");
            break;
        case '<':
            rc = pc_buf_puts(out, "&lt;");
            break;
        case '>':
            rc = pc_buf_puts(out, "&gt;");
            break;
        case '"':
            rc = pc_buf_puts(out, "&quot;");
            break;
        case '\'':
            rc = pc_buf_puts(out, "&#39;");
            break;
        default:
            /* XML 1.0 forbids most C0 controls even escaped: show them as spaces. */
            rc =
                pc_buf_putc(out, (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f ? ' ' : (char)c);
        }
        i++;
    }
    return rc;
}

/* Estimated rendered width of UTF-8 text at font size fs (average glyph ~0.6 em). */
static double text_w(const char *s, double fs)
{
    size_t cps = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) cps++;
    return 0.6 * fs * (double)cps;
}

/* A step of 1, 2 or 5 x 10^k giving about `target` intervals over [0, range]. */
static double nice_step(double range, int target)
{
    if (!(range > 0)) return 1;
    double raw = range / target;
    double mag = pow(10, floor(log10(raw)));
    double norm = raw / mag;
    double step = norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10;
    return step * mag;
}

/* Tick label: thousands separators for whole numbers, else up to 2 decimals. */
static void tick_label(double v, const char *prefix, int percent, char *out, size_t n)
{
    char num[64];
    if (fabs(v - round(v)) < 1e-9 * (fabs(v) + 1)) {
        pc_fmt_int((int64_t)llround(v), num);
    } else {
        snprintf(num, sizeof num, "%.2f", v);
        size_t l = strlen(num);
        while (l > 0 && num[l - 1] == '0') num[--l] = '\0';
    }
    snprintf(out, n, "%s%s%s", prefix ? prefix : "", num, percent ? "%" : "");
}

struct frame {
    double x0, y0, x1, y1; /* plot area: x0 left, y1 bottom (SVG y grows down) */
    double ymax, ystep;
};

static int open_svg(struct pc_buf *o, const char *id, const char *title, int w, int h)
{
    int rc = pc_buf_printf(o,
                           "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"pc-chart\" "
                           "data-chart=\"%s\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                           "role=\"img\" " FONT ">\n<title>",
                           id, w, h, w, h);
    rc = rc ? rc : pc_xml_escape(o, title);
    rc = rc ? rc
            : pc_buf_printf(o,
                            "</title>\n<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n"
                            "<text x=\"%d\" y=\"26\" text-anchor=\"middle\" font-size=\"17\" "
                            "font-weight=\"bold\" fill=\"#222\" class=\"chart-title\">",
                            w, h, w / 2);
    rc = rc ? rc : pc_xml_escape(o, title);
    return rc ? rc : pc_buf_puts(o, "</text>\n");
}

/* Y axis with grid lines and labels, axis titles. */
static int draw_yaxis(struct pc_buf *o, const struct frame *f, const char *ylabel, int percent)
{
    int rc = 0;
    for (double v = 0; v <= f->ymax * (1 + 1e-9) && !rc; v += f->ystep) {
        double y = f->y1 - (v / f->ymax) * (f->y1 - f->y0);
        char lab[64];
        tick_label(v, NULL, percent, lab, sizeof lab);
        rc = pc_buf_printf(
            o,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e3e3\"/>"
            "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" font-size=\"11\" "
            "fill=\"#444\" class=\"ytick\">%s</text>\n",
            f->x0, y, f->x1, y, f->x0 - 6, y + 4, lab);
    }
    if (!rc && ylabel) {
        rc = pc_buf_printf(o,
                           "<text transform=\"translate(16 %.1f) rotate(-90)\" "
                           "text-anchor=\"middle\" font-size=\"13\" fill=\"#333\">",
                           (f->y0 + f->y1) / 2);
        rc = rc ? rc : pc_xml_escape(o, ylabel);
        rc = rc ? rc : pc_buf_puts(o, "</text>\n");
    }
    if (!rc)
        rc = pc_buf_printf(o,
                           "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>"
                           "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                           "stroke=\"#333\"/>\n",
                           f->x0, f->y0, f->x0, f->y1, f->x0, f->y1, f->x1, f->y1);
    return rc;
}

static int draw_xlabel(struct pc_buf *o, double x, double y, const char *xlabel)
{
    if (!xlabel) return 0;
    int rc = pc_buf_printf(o,
                           "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"13\" "
                           "fill=\"#333\">",
                           x, y);
    rc = rc ? rc : pc_xml_escape(o, xlabel);
    return rc ? rc : pc_buf_puts(o, "</text>\n");
}

static void set_y(struct frame *f, double maxv, double headroom)
{
    double m = maxv * headroom;
    if (!(m > 0)) m = 1;
    f->ystep = nice_step(m, 5);
    f->ymax = ceil(m / f->ystep - 1e-9) * f->ystep;
}

/* Numeric x axis over [lo, hi] with nice ticks. */
static int draw_xaxis_num(struct pc_buf *o, const struct frame *f, double lo, double hi,
                          const char *prefix)
{
    double step = nice_step(hi - lo, 10);
    int rc = 0;
    for (double v = ceil(lo / step - 1e-9) * step; v <= hi + 1e-9 * (fabs(hi) + 1) && !rc;
         v += step) {
        double x = f->x0 + (v - lo) / (hi - lo) * (f->x1 - f->x0);
        char lab[64];
        tick_label(v, prefix, 0, lab, sizeof lab);
        rc = pc_buf_printf(o,
                           "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>"
                           "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"11\" "
                           "fill=\"#444\" class=\"xtick\">%s</text>\n",
                           x, f->y1, x, f->y1 + 5, x, f->y1 + 18, lab);
    }
    return rc;
}

int pc_svg_hist(struct pc_buf *o, const struct pc_svg_hist_spec *s)
{
    const struct pc_hist *h = s->h;
    uint64_t maxc = 0;
    for (size_t i = 0; i < h->bins; i++)
        if (h->counts[i] > maxc) maxc = h->counts[i];
    struct frame f = {82, 48, W - 24, H - 58, 0, 0};
    set_y(&f, (double)maxc, 1.05);
    int rc = open_svg(o, s->id, s->title, W, H);
    rc = rc ? rc : draw_yaxis(o, &f, s->ylabel, 0);
    double bw = (f.x1 - f.x0) / (double)h->bins;
    for (size_t i = 0; i < h->bins && !rc; i++) {
        double c = (double)h->counts[i];
        double bh = c / f.ymax * (f.y1 - f.y0);
        char lo[64], hi[64], cnt[48];
        tick_label(pc_hist_edge(h, i), s->xprefix, 0, lo, sizeof lo);
        tick_label(pc_hist_edge(h, i + 1), s->xprefix, 0, hi, sizeof hi);
        /* rwidth 0.7 like the reference's matplotlib calls */
        rc = pc_buf_printf(o,
                           "<rect class=\"bar\" data-bin=\"%zu\" data-count=\"%llu\" "
                           "x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\">"
                           "<title>%s to %s: %s</title></rect>\n",
                           i, (unsigned long long)h->counts[i], f.x0 + bw * (i + 0.15), f.y1 - bh,
                           bw * 0.7, bh, s->color, lo, hi, pc_fmt_int((int64_t)h->counts[i], cnt));
    }
    rc = rc ? rc : draw_xaxis_num(o, &f, h->lo, h->hi, s->xprefix);
    rc = rc ? rc : draw_xlabel(o, (f.x0 + f.x1) / 2, H - 14, s->xlabel);
    if (!rc && (h->below || h->above)) {
        char a[48], b[48];
        rc = pc_buf_printf(o,
                           "<text x=\"%d\" y=\"44\" text-anchor=\"end\" font-size=\"11\" "
                           "fill=\"#777\">outside the axis: %s below, %s above</text>\n",
                           W - 24, pc_fmt_int((int64_t)h->below, a),
                           pc_fmt_int((int64_t)h->above, b));
    }
    return rc ? rc : pc_buf_puts(o, "</svg>\n");
}

/* Copies label into out, cut to max_cp code points with "…" when longer; underscores
 * become spaces so long names can be read. */
static void short_label(const char *label, size_t max_cp, char *out, size_t n)
{
    size_t o = 0, cps = 0;
    for (const char *p = label; *p && o + 5 < n; p++) {
        if (((unsigned char)*p & 0xC0) != 0x80) {
            if (cps == max_cp) {
                /* back up one code point to make room for the ellipsis */
                while (o > 0 && ((unsigned char)out[o - 1] & 0xC0) == 0x80) o--;
                if (o > 0) o--;
                memcpy(out + o, "\xe2\x80\xa6", 3);
                o += 3;
                break;
            }
            cps++;
        }
        out[o++] = *p == '_' ? ' ' : *p;
    }
    out[o] = '\0';
}

static void value_text(double v, int percent, char *out, size_t n)
{
    char tmp[64];
    if (percent)
        snprintf(out, n, "%.1f%%", v);
    else if (fabs(v - round(v)) < 1e-9)
        snprintf(out, n, "%s", pc_fmt_int((int64_t)llround(v), tmp));
    else
        snprintf(out, n, "%.2f", v);
}

int pc_svg_bars(struct pc_buf *o, const struct pc_svg_bars_spec *s)
{
    size_t ns = s->nseries == 2 ? 2 : 1;
    double maxv = 0;
    size_t maxlab = 0, maxval = 0;
    for (size_t i = 0; i < s->n; i++) {
        char lab[128], vt[64];
        short_label(s->labels[i], 22, lab, sizeof lab);
        size_t l = (size_t)(text_w(lab, 11) + 0.5);
        if (l > maxlab) maxlab = l;
        for (size_t k = 0; k < ns; k++) {
            double v = s->values[k][i];
            if (v > maxv) maxv = v;
            value_text(v, s->percent, vt, sizeof vt);
            if (strlen(vt) > maxval) maxval = strlen(vt);
        }
    }
    double plot_w = W - 82 - 24;
    double slot = s->n ? plot_w / (double)s->n : plot_w;
    int rotate = (double)maxlab > slot - 4;
    /* rotated by 35 degrees: vertical extent ~ sin(35) * width */
    double bottom = rotate ? 34 + 0.58 * (double)maxlab + 8 : 58;
    if (bottom > 190) bottom = 190;
    int h = rotate ? (int)(H - 58 + bottom) : H;
    struct frame f = {82, s->legends[0] ? 64 : 48, W - 24, h - bottom, 0, 0};
    /* value labels: horizontal when they fit over the bar group, else vertical */
    double bar_w = slot * 0.8 / (double)ns;
    double vfs = 11;
    int vrot = 0;
    if (s->value_labels && 0.6 * vfs * (double)maxval > bar_w + (ns == 1 ? slot * 0.2 : 0)) {
        vfs = (bar_w + (ns == 1 ? slot * 0.2 : 0)) / (0.6 * (double)maxval);
        if (vfs < 8) {
            vfs = 10;
            vrot = 1;
        }
    }
    double headroom = !s->value_labels ? 1.05
                      : vrot           ? 1.0 + 0.6 * 10 * maxval / 300.0 + 0.05
                                       : 1.12;
    set_y(&f, maxv, headroom);
    int rc = open_svg(o, s->id, s->title, W, h);
    rc = rc ? rc : draw_yaxis(o, &f, s->ylabel, s->percent);
    for (size_t i = 0; i < s->n && !rc; i++) {
        double gx = f.x0 + slot * i + slot * 0.1;
        for (size_t k = 0; k < ns && !rc; k++) {
            double v = s->values[k][i];
            double bh = v > 0 ? v / f.ymax * (f.y1 - f.y0) : 0;
            double x = gx + bar_w * k;
            char vt[64];
            value_text(v, s->percent, vt, sizeof vt);
            rc = pc_buf_puts(o, "<rect class=\"bar\" data-label=\"");
            rc = rc ? rc : pc_xml_escape(o, s->labels[i]);
            rc = rc ? rc
                    : pc_buf_printf(
                          o,
                          "\" data-series=\"%zu\" data-value=\"%.17g\" x=\"%.2f\" "
                          "y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"%s><title>",
                          k, v, x, f.y1 - bh, bar_w, bh,
                          s->bar_colors ? s->bar_colors[i] : s->colors[k],
                          s->bar_colors && ns == 2 && k == 0 ? " fill-opacity=\"0.45\"" : "");
            rc = rc ? rc : pc_xml_escape(o, s->labels[i]);
            rc = rc ? rc : pc_buf_printf(o, ": %s</title></rect>\n", vt);
            if (!rc && s->value_labels) {
                double cx = x + bar_w / 2, cy = f.y1 - bh - 4;
                if (vrot)
                    rc = pc_buf_printf(o,
                                       "<text class=\"vlabel\" transform=\"translate(%.1f %.1f) "
                                       "rotate(-90)\" font-size=\"%.1f\" fill=\"#222\" "
                                       "dominant-baseline=\"middle\">%s</text>\n",
                                       cx, cy, vfs, vt);
                else
                    rc = pc_buf_printf(o,
                                       "<text class=\"vlabel\" x=\"%.1f\" y=\"%.1f\" "
                                       "text-anchor=\"middle\" font-size=\"%.1f\" "
                                       "fill=\"#222\">%s</text>\n",
                                       cx, cy, vfs, vt);
            }
        }
        char lab[128];
        short_label(s->labels[i], 22, lab, sizeof lab);
        double cx = f.x0 + slot * (i + 0.5);
        if (rotate)
            rc = rc ? rc
                    : pc_buf_printf(o,
                                    "<text class=\"xtick\" transform=\"translate(%.1f %.1f) "
                                    "rotate(-35)\" text-anchor=\"end\" font-size=\"11\" "
                                    "fill=\"#333\">",
                                    cx + 3, f.y1 + 14);
        else
            rc = rc ? rc
                    : pc_buf_printf(o,
                                    "<text class=\"xtick\" x=\"%.1f\" y=\"%.1f\" "
                                    "text-anchor=\"middle\" font-size=\"11\" fill=\"#333\">",
                                    cx, f.y1 + 17);
        rc = rc ? rc : pc_xml_escape(o, lab);
        rc = rc ? rc : pc_buf_puts(o, "<title>");
        rc = rc ? rc : pc_xml_escape(o, s->labels[i]);
        rc = rc ? rc : pc_buf_puts(o, "</title></text>\n");
    }
    for (size_t k = 0; k < ns && !rc && s->legends[0]; k++) {
        double lx = f.x0 + 10 + 220 * k;
        rc = pc_buf_printf(o,
                           "<rect class=\"legend\" x=\"%.1f\" y=\"38\" width=\"14\" height=\"14\" "
                           "fill=\"%s\"%s/><text x=\"%.1f\" y=\"50\" font-size=\"12\" "
                           "fill=\"#333\">",
                           lx, s->bar_colors ? "#555" : s->colors[k],
                           s->bar_colors && ns == 2 && k == 0 ? " fill-opacity=\"0.45\"" : "",
                           lx + 20);
        rc = rc ? rc : pc_xml_escape(o, s->legends[k] ? s->legends[k] : "");
        rc = rc ? rc : pc_buf_puts(o, "</text>\n");
    }
    rc = rc ? rc : draw_xlabel(o, (f.x0 + f.x1) / 2, h - 12, s->xlabel);
    return rc ? rc : pc_buf_puts(o, "</svg>\n");
}

int pc_svg_donut(struct pc_buf *o, const struct pc_svg_donut_spec *s)
{
    double total = 0;
    for (size_t i = 0; i < s->n; i++)
        if (s->values[i] > 0) total += s->values[i];
    int h = H;
    if (s->n * 22 + 80 > (size_t)h) h = (int)(s->n * 22 + 80);
    double cx = 250, cy = h / 2.0 + 14, r = 160, r0 = 0.70 * 160; /* reference: 0.70 hole */
    int rc = open_svg(o, s->id, s->title, W, h);
    /* start at 90 degrees (top), counter-clockwise, like matplotlib startangle=90 */
    double a = M_PI / 2;
    for (size_t i = 0; i < s->n && !rc && total > 0; i++) {
        double v = s->values[i] > 0 ? s->values[i] : 0;
        double frac = v / total;
        if (frac <= 0) continue;
        const char *col = s->colors ? s->colors[i] : pc_svg_palette(i);
        double b = a + frac * 2 * M_PI;
        char pct[32];
        snprintf(pct, sizeof pct, "%.0f%%", frac * 100); /* autopct '%1.0f%%' */
        rc = pc_buf_puts(o, "<path class=\"slice\" data-label=\"");
        rc = rc ? rc : pc_xml_escape(o, s->labels[i]);
        if (rc) break;
        if (frac >= 0.999999) {
            rc = pc_buf_printf(o,
                               "\" d=\"M %.2f %.2f A %.2f %.2f 0 1 0 %.2f %.2f "
                               "A %.2f %.2f 0 1 0 %.2f %.2f Z M %.2f %.2f A %.2f %.2f 0 1 1 %.2f "
                               "%.2f A %.2f %.2f 0 1 1 %.2f %.2f Z\" fill-rule=\"evenodd\" "
                               "fill=\"%s\" stroke=\"#fff\"><title>",
                               cx, cy - r, r, r, cx, cy + r, r, r, cx, cy - r, cx, cy - r0, r0, r0,
                               cx, cy + r0, r0, r0, cx, cy - r0, col);
        } else {
            int large = frac > 0.5;
            /* SVG y grows downwards: a point at angle t is (cx + r cos t, cy - r sin t) */
            rc = pc_buf_printf(
                o,
                "\" d=\"M %.2f %.2f A %.2f %.2f 0 %d 0 %.2f %.2f L %.2f %.2f "
                "A %.2f %.2f 0 %d 1 %.2f %.2f Z\" fill=\"%s\" stroke=\"#fff\"><title>",
                cx + r * cos(a), cy - r * sin(a), r, r, large, cx + r * cos(b), cy - r * sin(b),
                cx + r0 * cos(b), cy - r0 * sin(b), r0, r0, large, cx + r0 * cos(a),
                cy - r0 * sin(a), col);
        }
        rc = rc ? rc : pc_xml_escape(o, s->labels[i]);
        rc = rc ? rc : pc_buf_printf(o, ": %s</title></path>\n", pct);
        if (!rc && frac >= 0.03) {
            double m = (a + b) / 2, rm = (r + r0) / 2;
            rc = pc_buf_printf(o,
                               "<text class=\"pct\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                               "dominant-baseline=\"middle\" font-size=\"12\" font-weight=\"bold\" "
                               "fill=\"#fff\">%s</text>\n",
                               cx + rm * cos(m), cy - rm * sin(m), pct);
        }
        a = b;
    }
    /* legend with full names, counts and shares */
    double ly = cy - (double)s->n * 22 / 2;
    for (size_t i = 0; i < s->n && !rc; i++) {
        double v = s->values[i] > 0 ? s->values[i] : 0;
        char cnt[48], lab[160];
        short_label(s->labels[i], 40, lab, sizeof lab);
        rc = pc_buf_printf(o,
                           "<rect class=\"legend\" x=\"470\" y=\"%.1f\" width=\"14\" height=\"14\" "
                           "fill=\"%s\"/><text x=\"492\" y=\"%.1f\" font-size=\"12\" "
                           "fill=\"#333\">",
                           ly + 22 * i, s->colors ? s->colors[i] : pc_svg_palette(i),
                           ly + 22 * i + 11.5);
        rc = rc ? rc : pc_xml_escape(o, lab);
        rc = rc ? rc
                : pc_buf_printf(o, " — %s (%.1f%%)</text>\n", pc_fmt_int((int64_t)llround(v), cnt),
                                total > 0 ? v / total * 100 : 0.0);
    }
    return rc ? rc : pc_buf_puts(o, "</svg>\n");
}

int pc_svg_scatter(struct pc_buf *o, const struct pc_svg_scatter_spec *s)
{
    const struct pc_points *p = s->p;
    double xmax = 0, ymax = 0;
    for (size_t i = 0; i < p->n; i++) {
        if (p->x[i] > xmax) xmax = p->x[i];
        if (p->y[i] > ymax) ymax = p->y[i];
    }
    struct frame f = {82, 48, W - 24, H - 58, 0, 0};
    set_y(&f, ymax, 1.02);
    double xstep = nice_step(xmax > 0 ? xmax : 1, 10);
    double xm = ceil((xmax > 0 ? xmax : 1) / xstep - 1e-9) * xstep;
    int rc = open_svg(o, s->id, s->title, W, H);
    rc = rc ? rc : draw_yaxis(o, &f, s->ylabel, 0);
    if (!rc && s->subtitle) {
        rc = pc_buf_printf(o,
                           "<text x=\"%d\" y=\"44\" text-anchor=\"end\" font-size=\"11\" "
                           "fill=\"#777\">",
                           W - 24);
        rc = rc ? rc : pc_xml_escape(o, s->subtitle);
        rc = rc ? rc : pc_buf_puts(o, "</text>\n");
    }
    rc = rc ? rc : pc_buf_printf(o, "<g fill=\"%s\" fill-opacity=\"0.55\">\n", s->color);
    for (size_t i = 0; i < p->n && !rc; i++)
        rc = pc_buf_printf(o, "<circle class=\"pt\" cx=\"%.1f\" cy=\"%.1f\" r=\"1.6\"/>\n",
                           f.x0 + p->x[i] / xm * (f.x1 - f.x0),
                           f.y1 - p->y[i] / f.ymax * (f.y1 - f.y0));
    rc = rc ? rc : pc_buf_puts(o, "</g>\n");
    rc = rc ? rc : draw_xaxis_num(o, &f, 0, xm, NULL);
    rc = rc ? rc : draw_xlabel(o, (f.x0 + f.x1) / 2, H - 14, s->xlabel);
    return rc ? rc : pc_buf_puts(o, "</svg>\n");
}

int pc_svg_density(struct pc_buf *o, const struct pc_svg_density_spec *s)
{
    size_t ns = s->n < 8 ? s->n : 8;
    if (ns == 0) return PC_OK;
    const struct pc_hist *h0 = s->h[0];
    double width = (h0->hi - h0->lo) / (double)h0->bins, maxd = 0;
    double *d = calloc(ns * h0->bins, sizeof *d);
    if (!d) return PC_ENOMEM;
    for (size_t k = 0; k < ns; k++) {
        const struct pc_hist *h = s->h[k];
        uint64_t total = 0;
        for (size_t i = 0; i < h->bins && i < h0->bins; i++) total += h->counts[i];
        for (size_t i = 0; i < h->bins && i < h0->bins && total; i++) {
            d[k * h0->bins + i] = (double)h->counts[i] / ((double)total * width);
            if (d[k * h0->bins + i] > maxd) maxd = d[k * h0->bins + i];
        }
    }
    /* drawn as the share of the split per bin, in percent (density * width * 100): the same
     * shape, with tick labels a reader can use */
    double scale = width * 100;
    struct frame f = {82, 64, W - 24, H - 58, 0, 0};
    set_y(&f, maxd * scale, 1.05);
    int rc = open_svg(o, s->id, s->title, W, H);
    rc = rc ? rc : draw_yaxis(o, &f, s->ylabel, 1);
    double bw = (f.x1 - f.x0) / (double)h0->bins;
    for (size_t k = 0; k < ns && !rc; k++) {
        rc = pc_buf_puts(o, "<path class=\"series\" data-series=\"");
        rc = rc ? rc : pc_xml_escape(o, s->names[k]);
        rc = rc ? rc : pc_buf_puts(o, "\" data-density=\"");
        for (size_t i = 0; i < h0->bins && !rc; i++)
            rc = pc_buf_printf(o, "%s%.6g", i ? " " : "", d[k * h0->bins + i]);
        rc = rc ? rc : pc_buf_printf(o, "\" d=\"M %.2f %.2f", f.x0, f.y1);
        for (size_t i = 0; i < h0->bins && !rc; i++) { /* a step line over the bins */
            double y = f.y1 - d[k * h0->bins + i] * scale / f.ymax * (f.y1 - f.y0);
            rc = pc_buf_printf(o, " L %.2f %.2f L %.2f %.2f", f.x0 + bw * i, y, f.x0 + bw * (i + 1),
                               y);
        }
        rc = rc ? rc
                : pc_buf_printf(o,
                                " L %.2f %.2f\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
                                "stroke-opacity=\"0.85\"><title>",
                                f.x1, f.y1, s->colors[k]);
        rc = rc ? rc : pc_xml_escape(o, s->names[k]);
        rc = rc ? rc : pc_buf_puts(o, "</title></path>\n");
        double lx = f.x0 + 10 + 160 * k;
        rc = rc ? rc
                : pc_buf_printf(o,
                                "<rect class=\"legend\" x=\"%.1f\" y=\"40\" width=\"18\" "
                                "height=\"4\" fill=\"%s\"/><text x=\"%.1f\" y=\"46\" "
                                "font-size=\"12\" fill=\"#333\">",
                                lx, s->colors[k], lx + 24);
        rc = rc ? rc : pc_xml_escape(o, s->names[k]);
        rc = rc ? rc : pc_buf_puts(o, "</text>\n");
    }
    rc = rc ? rc : draw_xaxis_num(o, &f, h0->lo, h0->hi, s->xprefix);
    rc = rc ? rc : draw_xlabel(o, (f.x0 + f.x1) / 2, H - 14, s->xlabel);
    free(d);
    return rc ? rc : pc_buf_puts(o, "</svg>\n");
}
