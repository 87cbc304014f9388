/* Renderings of an assessment: text (terminal), JSON, HTML. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "assess/assess_int.h"
#include "core/error.h"
#include "json/json.h"
#include "chart/svg.h"
#include "chart/termhist.h"

static const char *const g_state_names[5] = {"ok", "missing", "null", "empty", "wrong type"};

static const char *part_file(const struct pc_assess *a, int part)
{
    if (a->files[part]) return a->files[part];
    static const char *const def[PC_PART_COUNT] = {"train.jsonl", "test.jsonl", "validation.jsonl"};
    return a->mode == PC_ASSESS_SPLIT ? def[part] : "items";
}

struct finding_def {
    const char *key, *label, *explain;
    size_t off;
    int problem;
};

#define F(field) offsetof(struct pc_assess, field)
static const struct finding_def g_findings[] = {
    {"unparseable_lines", "invalid JSON lines", "lines that are not a JSON object", F(bad), 1},
    {"duplicate_products", "duplicate products",
     "records whose parent_asin (the title for records without one) was seen on an earlier line",
     F(dup_asin), 1},
    {"duplicate_prompts", "exact duplicate prompts",
     "records whose prompt text (before \"Price is $\") equals an earlier one in the same file",
     F(dup_exact), 1},
    {"near_duplicate_prompts", "near-duplicate prompts",
     "records in a group of MinHash-similar prompts, beyond the group's first (exact "
     "duplicates included)",
     F(dup_near), 1},
    {"leakage_exact", "train/test leakage (exact)",
     "test/validation prompts whose text (before \"Price is $\") also is in train; share of "
     "all test/validation prompts",
     F(leak_exact), 1},
    {"leakage_near", "train/test leakage (near)",
     "test/validation prompts with a train prompt of MinHash-estimated Jaccard similarity at "
     "least the threshold, every LSH candidate checked (exact leaks included); share of all "
     "test/validation prompts",
     F(leak_near), 1},
    {"cut_replacement_char", "cut inside a character (U+FFFD at the end)",
     "the 160-token cut split a multi-byte character", F(fffd), 1},
    {"cut_mid_word", "cut mid-word",
     "the text ends in letters that never occur as a whole word anywhere in the data", F(midword),
     1},
    {"cut_before_number", "ends in a space",
     "the cut fell after the lone space token the tokenizer emits before digits", F(trailing_space),
     0},
    {"no_closing_punctuation", "ends without closing punctuation",
     "possibly cut mid-sentence (or a details list that never had punctuation)", F(nopunct), 0},
    {"nonpositive_prices", "non-positive prices", "price <= 0", F(nonpos_price), 1},
    {"price_outliers", "price outliers",
     "log(price) beyond Q1 - k*IQR or Q3 + k*IQR within its category (categories of >= 20 "
     "records)",
     F(outliers), 0},
};
#undef F
enum { NFIND = sizeof g_findings / sizeof g_findings[0] };

static const struct pc_as_finding *finding(const struct pc_assess *a, int i)
{
    return (const struct pc_as_finding *)((const char *)a + g_findings[i].off);
}

static int applies(const struct pc_assess *a, int i)
{
    const char *k = g_findings[i].key;
    if (a->mode == PC_ASSESS_SPLIT && !strcmp(k, "duplicate_products")) return 0;
    if (a->mode == PC_ASSESS_ITEMS && !strncmp(k, "leakage", 7)) return 0;
    return 1;
}

/* What a finding's share is taken of: test + validation records for leakage, else all. */
static uint64_t denominator(const struct pc_assess *a, int i)
{
    if (!strncmp(g_findings[i].key, "leakage", 7))
        return a->parts_n[PC_PART_TEST] + a->parts_n[PC_PART_VALIDATION];
    return a->records;
}

/* Which field keyed "duplicate products". */
static const char *dup_key_name(const struct pc_assess *a)
{
    if (a->dup_key_title == 0) return "parent_asin";
    return a->dup_key_asin ? "parent_asin, else title" : "title";
}

/* File of an example line (its index is packed into the line, see assess_int.h). */
static const char *line_file(const struct pc_assess *a, int part, int64_t line)
{
    int f = PC_AS_FILE(line);
    return f > 0 && f <= a->nflist ? a->flist[f - 1] : part_file(a, part);
}

static int ex_where(struct pc_buf *o, const struct pc_assess *a, int part, int64_t line)
{
    return pc_buf_printf(o, "%s:%lld", line_file(a, part, line), (long long)PC_AS_LINE(line));
}

static int ex_text(struct pc_buf *o, const struct pc_assess *a, int i, const struct pc_as_ex *e)
{
    const char *k = g_findings[i].key;
    int rc = ex_where(o, a, e->part, e->line);
    if (!rc && (strstr(k, "duplicate") || strstr(k, "leakage"))) {
        rc = pc_buf_puts(o, strstr(k, "leakage") ? " ~ " : " repeats ");
        rc = rc ? rc : ex_where(o, a, e->part2, e->line2);
        if (!rc && strstr(k, "near")) rc = pc_buf_printf(o, " (similarity %.2f)", e->value);
    }
    if (!rc && (!strcmp(k, "price_outliers") || !strcmp(k, "nonpositive_prices")))
        rc = pc_buf_printf(o, " $%.2f", e->value);
    if (!rc && e->text[0]) rc = pc_buf_printf(o, " \"%s\"", e->text);
    return rc;
}

/* largest / smallest category count (0 when fewer than two categories) */
static double cat_ratio(const struct pc_assess *a)
{
    const struct pc_catcount *cc = &a->catcount;
    uint64_t mx = 0, mn = UINT64_MAX;
    for (size_t i = 0; i < cc->n; i++) {
        if (cc->counts[i] > mx) mx = cc->counts[i];
        if (cc->counts[i] < mn) mn = cc->counts[i];
    }
    return cc->n > 1 && mn ? (double)mx / (double)mn : 0.0;
}

static uint64_t prange_total(const struct pc_assess *a)
{
    uint64_t t = 0;
    for (int k = 0; k < PC_AS_PRANGES; k++) t += a->prange[k];
    return t;
}

/* One balance row: label, count and share after (a), and before (b, may be NULL). */
static int balance_row(struct pc_buf *o, int html, const char *label, uint64_t na, uint64_t ta,
                       const struct pc_assess *b, uint64_t nb, uint64_t tb)
{
    char c1[48], c2[48];
    double sa = ta ? 100.0 * na / ta : 0, sb = tb ? 100.0 * nb / tb : 0;
    int rc;
    if (html) {
        rc = pc_buf_puts(o, "<tr><td>");
        rc = rc ? rc : pc_xml_escape(o, label);
        if (!rc && b)
            rc = pc_buf_printf(o, "</td><td class=\"num\">%s</td><td class=\"num\">%.1f%%",
                               pc_fmt_int((int64_t)nb, c2), sb);
        rc = rc ? rc
                : pc_buf_printf(o, "</td><td class=\"num\">%s</td><td class=\"num\">%.1f%%",
                                pc_fmt_int((int64_t)na, c1), sa);
        if (!rc && b) rc = pc_buf_printf(o, "</td><td class=\"num\">%+.1f", sa - sb);
        return rc ? rc : pc_buf_puts(o, "</td></tr>\n");
    }
    rc = pc_buf_printf(o, "    %-30s", label);
    if (!rc && b) rc = pc_buf_printf(o, " %12s %6.1f%%  ->", pc_fmt_int((int64_t)nb, c2), sb);
    rc = rc ? rc : pc_buf_printf(o, " %12s %6.1f%%", pc_fmt_int((int64_t)na, c1), sa);
    if (!rc && b) rc = pc_buf_printf(o, "  (%+.1f points)", sa - sb);
    return rc ? rc : pc_buf_putc(o, '\n');
}

/* Category and price-range balance of a, side by side with a->before when set. */
static int balance(struct pc_buf *o, const struct pc_assess *a, int html)
{
    const struct pc_assess *b = a->before;
    const struct pc_catcount *ca = &a->catcount, *cb = b ? &b->catcount : NULL;
    int rc = 0;
    if (html) {
        rc = pc_buf_printf(o, "<h4>Balance%s%s</h4>\n<p>Largest/smallest category: ",
                           b ? " before and after curation" : "",
                           a->mode == PC_ASSESS_SPLIT ? " (train records)" : "");
        if (!rc && b) rc = pc_buf_printf(o, "%.1fx before, ", cat_ratio(b));
        rc = rc ? rc
                : pc_buf_printf(o,
                                "%.1fx%s.</p>\n<table class=\"balance\"><tr><th></th>%s"
                                "<th>%s</th><th>share</th>%s</tr>\n",
                                cat_ratio(a), b ? " after" : "",
                                b ? "<th>before</th><th>share</th>" : "", b ? "after" : "records",
                                b ? "<th>change (points)</th>" : "");
    } else {
        rc = pc_buf_printf(o, "balance%s%s: largest/smallest category ",
                           b ? " (before -> after curation)" : "",
                           a->mode == PC_ASSESS_SPLIT ? " (train records)" : "");
        if (!rc && b) rc = pc_buf_printf(o, "%.1fx -> ", cat_ratio(b));
        rc = rc ? rc : pc_buf_printf(o, "%.1fx\n", cat_ratio(a));
    }
    /* categories: those of "before" first (its order), then new ones */
    if (cb)
        for (size_t i = 0; i < cb->n && !rc; i++)
            rc = balance_row(o, html, cb->names[i], pc_catcount_get(ca, cb->names[i]), ca->total, b,
                             cb->counts[i], cb->total);
    for (size_t i = 0; i < ca->n && !rc; i++)
        if (!cb || !pc_catcount_get(cb, ca->names[i]))
            rc = balance_row(o, html, ca->names[i], ca->counts[i], ca->total, b, 0,
                             cb ? cb->total : 0);
    uint64_t ta = prange_total(a), tb = b ? prange_total(b) : 0;
    for (int k = 0; k < PC_AS_PRANGES && !rc; k++) {
        char lab[48];
        snprintf(lab, sizeof lab, "price $%g-%g", pc_as_prange_edges[k], pc_as_prange_edges[k + 1]);
        rc = balance_row(o, html, lab, a->prange[k], ta, b, b ? b->prange[k] : 0, tb);
    }
    if (!rc && html) rc = pc_buf_puts(o, "</table>\n");
    return rc;
}

int pc_assess_text(const struct pc_assess *a, struct pc_buf *o)
{
    char c[48];
    int rc = pc_buf_printf(o, "records          %s", pc_fmt_int((int64_t)a->records, c));
    rc = rc ? rc : pc_buf_putc(o, '\n');
    if (a->mode == PC_ASSESS_SPLIT || a->nflist > 1)
        for (int f = 0; f < a->nflist && !rc; f++)
            rc = pc_buf_printf(o, "  %-40s %12s\n", a->flist[f],
                               pc_fmt_int((int64_t)a->fcount[f], c));
    /* fields */
    int any = 0;
    for (int f = 0; f < PC_RF_COUNT && !rc; f++) {
        if (!a->field_ex[f].count) continue;
        any = 1;
        rc = pc_buf_printf(o, "field %-11s", pc_rec_field_names[f]);
        for (int s = 1; s < 5 && !rc; s++)
            if (a->field[f][s])
                rc = pc_buf_printf(o, "  %s %s", pc_fmt_int((int64_t)a->field[f][s], c),
                                   g_state_names[s]);
        rc = rc ? rc : pc_buf_puts(o, "   e.g.");
        for (size_t e = 0; e < a->field_ex[f].nex && !rc; e++) {
            rc = pc_buf_putc(o, ' ');
            rc = rc ? rc : ex_where(o, a, a->field_ex[f].ex[e].part, a->field_ex[f].ex[e].line);
        }
        rc = rc ? rc : pc_buf_putc(o, '\n');
    }
    if (!any && !rc) rc = pc_buf_puts(o, "fields           all present and non-empty\n");
    for (int i = 0; i < NFIND && !rc; i++) {
        if (!applies(a, i)) continue;
        const struct pc_as_finding *f = finding(a, i);
        const char *k = g_findings[i].key;
        uint64_t d = denominator(a, i);
        rc = pc_buf_printf(o, "%-44s %s", g_findings[i].label, pc_fmt_int((int64_t)f->count, c));
        if (!rc && !strncmp(k, "leakage", 7))
            rc = pc_buf_printf(o, " of %s test/validation prompts", pc_fmt_int((int64_t)d, c));
        if (!rc && f->count && d) rc = pc_buf_printf(o, " (%.2f%%)", 100.0 * f->count / d);
        if (!rc && !strcmp(k, "leakage_exact") && f->count)
            rc = pc_buf_printf(o, ", %s distinct texts", pc_fmt_int((int64_t)a->leak_bodies, c));
        if (!rc && (!strcmp(k, "near_duplicate_prompts") || !strcmp(k, "leakage_near")))
            rc = pc_buf_printf(o, "  [Jaccard >= %.2f, %d-word shingles, seed %llu%s]",
                               a->o.threshold, a->o.shingle, (unsigned long long)a->o.seed,
                               a->near_skipped ? ", first records only" : "");
        if (!rc && !strcmp(k, "duplicate_products"))
            rc = pc_buf_printf(o, "  [key: %s]", dup_key_name(a));
        rc = rc ? rc : pc_buf_putc(o, '\n');
        for (size_t e = 0; e < f->nex && !rc; e++) {
            rc = pc_buf_puts(o, "    ");
            rc = rc ? rc : ex_text(o, a, i, &f->ex[e]);
            rc = rc ? rc : pc_buf_putc(o, '\n');
        }
    }
    if (!rc && a->near_skipped)
        rc = pc_buf_printf(o,
                           "note: near-duplicate search covered the first %s records "
                           "(--near-max); exact checks covered all\n",
                           pc_fmt_int((int64_t)a->nsig, c));
    /* shapes */
    if (!rc && a->prices.n)
        rc = pc_termhist(o, "prices     ", a->prices.counts, a->prices.bins, "$0", "$1,000");
    if (!rc && a->tokens.n)
        rc = pc_termhist(o, "tokens     ", a->tokens.counts, a->tokens.bins, "0", "300");
    if (!rc && a->catcount.n > 1) {
        uint64_t counts[64];
        size_t n = a->catcount.n < 64 ? a->catcount.n : 64;
        for (size_t i = 0; i < n; i++) counts[i] = a->catcount.counts[i];
        rc = pc_termhist(o, "categories ", counts, n, a->catcount.names[0],
                         a->catcount.names[n - 1]);
    }
    rc = rc ? rc : balance(o, a, 0);
    if (!rc) {
        uint64_t p = pc_assess_problems(a);
        rc =
            pc_buf_printf(o, "problems         %s\n", p ? pc_fmt_int((int64_t)p, c) : "none found");
    }
    return rc;
}

static int jstr(struct pc_buf *o, const char *s)
{
    struct pc_buf t;
    pc_buf_init(&t, 0);
    int rc = pc_utf8_clean(&t, s, strlen(s));
    rc = rc ? rc : pc_json_put_str(o, t.data ? t.data : "", t.len, 0);
    pc_buf_release(&t);
    return rc;
}

static int balance_json(struct pc_buf *o, const struct pc_assess *a)
{
    int rc = pc_buf_puts(o, "{\"categories\": {");
    for (size_t i = 0; i < a->catcount.n && !rc; i++) {
        rc = pc_buf_puts(o, i ? ", " : "");
        rc = rc ? rc : jstr(o, a->catcount.names[i]);
        rc = rc ? rc : pc_buf_printf(o, ": %llu", (unsigned long long)a->catcount.counts[i]);
    }
    rc = rc ? rc : pc_buf_puts(o, "}, \"price_ranges\": {");
    for (int k = 0; k < PC_AS_PRANGES && !rc; k++)
        rc = pc_buf_printf(o, "%s\"%g-%g\": %llu", k ? ", " : "", pc_as_prange_edges[k],
                           pc_as_prange_edges[k + 1], (unsigned long long)a->prange[k]);
    return rc ? rc : pc_buf_puts(o, "}}");
}

int pc_assess_json(const struct pc_assess *a, struct pc_buf *o)
{
    int rc = pc_buf_printf(o,
                           "{\"mode\": \"%s\", \"records\": %llu, \"problems\": %llu, "
                           "\"options\": {\"seed\": %llu, \"threshold\": %g, \"shingle\": %d, "
                           "\"near_max\": %zu, \"iqr_k\": %g}, \"near_indexed\": %zu, "
                           "\"files\": {",
                           a->mode == PC_ASSESS_SPLIT ? "split" : "items",
                           (unsigned long long)a->records,
                           (unsigned long long)pc_assess_problems(a), (unsigned long long)a->o.seed,
                           a->o.threshold, a->o.shingle, a->o.near_max, a->o.iqr_k, a->nsig);
    int first = 1;
    for (int f = 0; f < a->nflist && !rc; f++) {
        rc = pc_buf_puts(o, first ? "" : ", ");
        first = 0;
        rc = rc ? rc : jstr(o, a->flist[f]);
        rc = rc ? rc : pc_buf_printf(o, ": %llu", (unsigned long long)a->fcount[f]);
    }
    rc = rc ? rc : pc_buf_puts(o, "}, \"fields\": {");
    first = 1;
    for (int f = 0; f < PC_RF_COUNT && !rc; f++) {
        if (a->mode == PC_ASSESS_SPLIT ? (f != PC_RF_TEXT && f != PC_RF_PRICE) : f == PC_RF_TEXT)
            continue;
        rc = pc_buf_printf(o, "%s\"%s\": {", first ? "" : ", ", pc_rec_field_names[f]);
        first = 0;
        for (int s = 1; s < 5 && !rc; s++)
            rc = pc_buf_printf(o, "%s\"%s\": %llu", s > 1 ? ", " : "",
                               s == 4 ? "wrong_type" : g_state_names[s],
                               (unsigned long long)a->field[f][s]);
        rc = rc ? rc : pc_buf_puts(o, "}");
    }
    rc = rc ? rc : pc_buf_puts(o, "}, \"findings\": {");
    first = 1;
    for (int i = 0; i < NFIND && !rc; i++) {
        if (!applies(a, i)) continue;
        const struct pc_as_finding *f = finding(a, i);
        const char *k = g_findings[i].key;
        rc = pc_buf_printf(o, "%s\"%s\": {\"count\": %llu, \"denominator\": %llu, ",
                           first ? "" : ", ", k, (unsigned long long)f->count,
                           (unsigned long long)denominator(a, i));
        first = 0;
        if (!rc && !strcmp(k, "leakage_exact"))
            rc = pc_buf_printf(o,
                               "\"test\": %llu, \"validation\": %llu, \"distinct_bodies\": %llu, ",
                               (unsigned long long)a->leak_part[PC_PART_TEST],
                               (unsigned long long)a->leak_part[PC_PART_VALIDATION],
                               (unsigned long long)a->leak_bodies);
        if (!rc && (!strcmp(k, "leakage_near") || !strcmp(k, "near_duplicate_prompts")))
            rc = pc_buf_printf(o, "\"threshold\": %g, ", a->o.threshold);
        if (!rc && !strcmp(k, "duplicate_products"))
            rc = pc_buf_printf(o,
                               "\"key\": \"%s\", \"keyed_by_parent_asin\": %llu, "
                               "\"keyed_by_title\": %llu, ",
                               dup_key_name(a), (unsigned long long)a->dup_key_asin,
                               (unsigned long long)a->dup_key_title);
        rc = rc ? rc : pc_buf_puts(o, "\"examples\": [");
        for (size_t e = 0; e < f->nex && !rc; e++) {
            const struct pc_as_ex *x = &f->ex[e];
            rc = pc_buf_printf(o, "%s{\"file\": ", e ? ", " : "");
            rc = rc ? rc : jstr(o, line_file(a, x->part, x->line));
            rc = rc ? rc : pc_buf_printf(o, ", \"line\": %lld", (long long)PC_AS_LINE(x->line));
            if (!rc && x->line2) {
                rc = pc_buf_puts(o, ", \"other_file\": ");
                rc = rc ? rc : jstr(o, line_file(a, x->part2, x->line2));
                rc = rc ? rc
                        : pc_buf_printf(o, ", \"other_line\": %lld",
                                        (long long)PC_AS_LINE(x->line2));
            }
            if (!rc && x->value != 0) rc = pc_buf_printf(o, ", \"value\": %.17g", x->value);
            if (!rc && x->text[0]) {
                rc = pc_buf_puts(o, ", \"text\": ");
                rc = rc ? rc : jstr(o, x->text);
            }
            rc = rc ? rc : pc_buf_puts(o, "}");
        }
        rc = rc ? rc : pc_buf_puts(o, "]}");
    }
    rc = rc ? rc : pc_buf_puts(o, "}, \"price_outliers_by_category\": {");
    first = 1;
    for (size_t c = 0; c < a->ncats && !rc; c++) {
        const struct pc_as_cat *k = &a->cats[c];
        rc = pc_buf_puts(o, first ? "" : ", ");
        first = 0;
        rc = rc ? rc : jstr(o, k->name);
        rc = rc ? rc
                : pc_buf_printf(o,
                                ": {\"priced\": %zu, \"outliers\": %llu, \"q1\": %.4f, "
                                "\"q3\": %.4f}",
                                k->n, (unsigned long long)k->outliers, exp(k->q1), exp(k->q3));
    }
    rc = rc ? rc : pc_buf_puts(o, "}, \"balance\": ");
    rc = rc ? rc : balance_json(o, a);
    if (!rc && a->before) {
        rc = pc_buf_puts(o, ", \"balance_before\": ");
        rc = rc ? rc : balance_json(o, a->before);
    }
    return rc ? rc : pc_buf_puts(o, "}\n");
}

static int html_esc(struct pc_buf *o, const char *s)
{
    return pc_xml_escape(o, s);
}

/* Findings that are the reference's 160-token cut working as designed: shown, not flagged. */
static int expected_cut(int i)
{
    return !strcmp(g_findings[i].key, "cut_replacement_char") ||
           !strcmp(g_findings[i].key, "cut_mid_word");
}

/* One example as a list item: where in <code>, the other line, the value, the text quoted. */
static int ex_html(struct pc_buf *o, const struct pc_assess *a, int i, const struct pc_as_ex *e)
{
    const char *k = g_findings[i].key;
    struct pc_buf t;
    pc_buf_init(&t, 0);
    int rc = pc_buf_puts(o, "<li><code>");
    rc = rc ? rc : ex_where(&t, a, e->part, e->line);
    rc = rc ? rc : html_esc(o, t.data);
    rc = rc ? rc : pc_buf_puts(o, "</code>");
    if (!rc && (strstr(k, "duplicate") || strstr(k, "leakage"))) {
        pc_buf_reset(&t);
        rc = pc_buf_puts(o, strstr(k, "leakage") ? " ~ <code>" : " repeats <code>");
        rc = rc ? rc : ex_where(&t, a, e->part2, e->line2);
        rc = rc ? rc : html_esc(o, t.data);
        rc = rc ? rc : pc_buf_puts(o, "</code>");
        if (!rc && strstr(k, "near")) rc = pc_buf_printf(o, " (similarity %.2f)", e->value);
    }
    if (!rc && (!strcmp(k, "price_outliers") || !strcmp(k, "nonpositive_prices")))
        rc = pc_buf_printf(o, " $%.2f", e->value);
    if (!rc && e->text[0]) {
        rc = pc_buf_puts(o, !strcmp(k, "unparseable_lines") ? ": " : " <q>");
        rc = rc ? rc : html_esc(o, e->text);
        rc = rc ? rc : pc_buf_puts(o, !strcmp(k, "unparseable_lines") ? "" : "</q>");
    }
    pc_buf_release(&t);
    return rc ? rc : pc_buf_puts(o, "</li>");
}

int pc_assess_html(const struct pc_assess *a, struct pc_buf *o)
{
    char c[48];
    /* the page does not count the expected cuts of the 160-token truncation as problems */
    uint64_t p = pc_assess_problems(a) - a->fffd.count - a->midword.count;
    int rc = pc_buf_printf(o,
                           "<p class=\"verdict %s\">%s records assessed: <b>%s</b></p>\n"
                           "<table class=\"findings\"><tr><th>finding</th><th>count</th>"
                           "<th>share</th><th>what it means</th><th>examples</th></tr>\n",
                           p ? "bad" : "good", pc_fmt_int((int64_t)a->records, c),
                           p ? "problems found" : "no problems found");
    for (int f = 0; f < PC_RF_COUNT && !rc; f++) {
        if (!a->field_ex[f].count) continue;
        rc = pc_buf_printf(o,
                           "<tr class=\"problem\"><td>field <code>%s</code> unusable</td>"
                           "<td class=\"num\">%s</td><td class=\"num\">%.2f%%</td>"
                           "<td>missing, null, empty or wrong type</td><td class=\"ex\"><ul>",
                           pc_rec_field_names[f], pc_fmt_int((int64_t)a->field_ex[f].count, c),
                           a->records ? 100.0 * a->field_ex[f].count / a->records : 0.0);
        for (size_t e = 0; e < a->field_ex[f].nex && !rc; e++) {
            struct pc_buf t;
            pc_buf_init(&t, 0);
            rc = ex_where(&t, a, a->field_ex[f].ex[e].part, a->field_ex[f].ex[e].line);
            rc = rc ? rc : pc_buf_puts(o, "<li><code>");
            rc = rc ? rc : html_esc(o, t.data);
            pc_buf_release(&t);
            rc = rc ? rc : pc_buf_puts(o, "</code></li>");
        }
        rc = rc ? rc : pc_buf_puts(o, "</ul></td></tr>\n");
    }
    for (int i = 0; i < NFIND && !rc; i++) {
        if (!applies(a, i)) continue;
        const struct pc_as_finding *f = finding(a, i);
        rc = pc_buf_printf(o, "<tr class=\"%s\"><td>",
                           expected_cut(i)                     ? "expected"
                           : f->count && g_findings[i].problem ? "problem"
                                                               : "");
        rc = rc ? rc : html_esc(o, g_findings[i].label);
        if (!rc && expected_cut(i))
            rc = pc_buf_puts(o, " <span class=\"note\">(expected: the 160-token cut)</span>");
        uint64_t d = denominator(a, i);
        rc =
            rc ? rc
               : pc_buf_printf(o, "</td><td class=\"num\">%s</td><td class=\"num\">%.2f%%</td><td>",
                               pc_fmt_int((int64_t)f->count, c), d ? 100.0 * f->count / d : 0.0);
        rc = rc ? rc : html_esc(o, g_findings[i].explain);
        if (!rc && !strncmp(g_findings[i].key, "leakage", 7))
            rc = pc_buf_printf(o, " (%s)", pc_fmt_int((int64_t)d, c));
        if (!rc && !strcmp(g_findings[i].key, "leakage_exact") && f->count)
            rc = pc_buf_printf(o, "; %s distinct texts", pc_fmt_int((int64_t)a->leak_bodies, c));
        if (!rc && !strcmp(g_findings[i].key, "leakage_near"))
            rc = pc_buf_printf(o, "; threshold %.2f", a->o.threshold);
        if (!rc && !strcmp(g_findings[i].key, "duplicate_products"))
            rc = pc_buf_printf(o, "; key used: %s", dup_key_name(a));
        rc = rc ? rc : pc_buf_puts(o, "</td><td class=\"ex\">");
        if (!rc && f->nex) rc = pc_buf_puts(o, "<ul>");
        for (size_t e = 0; e < f->nex && !rc; e++) rc = ex_html(o, a, i, &f->ex[e]);
        if (!rc && f->nex) rc = pc_buf_puts(o, "</ul>");
        rc = rc ? rc : pc_buf_puts(o, "</td></tr>\n");
    }
    rc = rc ? rc : pc_buf_puts(o, "</table>\n");
    rc = rc ? rc : balance(o, a, 1);
    if (!rc && a->near_skipped)
        rc = pc_buf_printf(o,
                           "<p class=\"note\">Near-duplicate search covered the first %s "
                           "records (<code>--near-max</code>); exact checks covered all.</p>\n",
                           pc_fmt_int((int64_t)a->nsig, c));
    if (!rc)
        rc = pc_buf_printf(o,
                           "<p class=\"note\">Near duplicates: MinHash with 64 buckets over "
                           "%d-word shingles (seed %llu), LSH 16 bands x 4 rows, Jaccard &ge; "
                           "%.2f. Outliers: log price beyond Q1 &minus; %g&middot;IQR or Q3 + "
                           "%g&middot;IQR per category.</p>\n",
                           a->o.shingle, (unsigned long long)a->o.seed, a->o.threshold, a->o.iqr_k,
                           a->o.iqr_k);
    return rc;
}
