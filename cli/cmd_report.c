/* pricer report: one self-contained HTML page with charts, tables and the assessment. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static const char g_help[] =
    "usage: pricer report [--raw FILE...] [--items ITEMS...] [--sample SAMPLE...] [--split DIR]\n"
    "                     -o report.html [options]\n"
    "\n"
    "Writes one self-contained HTML page (inline SVG and CSS, no scripts, no network) with\n"
    "the charts of every stage given, their summary tables and the data-quality assessment,\n"
    "and each chart also as its own file in <name>_files/CHART.svg beside the page.\n"
    "\n"
    "  --raw FILE...     raw meta_<Category>.jsonl files (.gz too): content lengths and\n"
    "                    prices of priced rows (the reference's day-1 charts)\n"
    "  --items ITEMS...  items from pricer parse (one or more files, e.g. one per category):\n"
    "                    token counts, prices, categories, prompt size vs price\n"
    "  --sample SAMPLE   the curated sample: prices, categories; with --items also\n"
    "                    before/after curation side by side\n"
    "  --split DIR       a pricer split folder: train/test prices and leakage\n"
    "  -o FILE           the page to write (required)\n"
    "  --no-assess       leave the assessment out (faster on huge inputs)\n"
    "  --threshold X     near-duplicate Jaccard threshold for the assessment (default 0.8)\n"
    "  --near-max N      records indexed for near-duplicates (default 500000)\n"
    "  -h, --help        this help\n"
    "\n"
    "example:\n"
    "  pricer report --raw data/meta_Appliances.jsonl --items items.jsonl \\\n"
    "                --sample sample.jsonl --split out -o report.html\n";

static void on_raw_progress(void *user, uint64_t done, uint64_t total, uint64_t rows)
{
    struct pc_progress *pg = user;
    if (!pg->label) pc_progress_start(pg, "report", total);
    pc_progress_update(pg, done, rows);
}

/* records read by the split's assessment */
static void on_records(void *user, uint64_t records)
{
    on_raw_progress(user, 0, 0, records);
}

int cmd_report(int argc, char **argv)
{
    const char **raw = calloc((size_t)argc + 1, sizeof *raw);
    if (!raw) return pc_cli_fail("out of memory");
    size_t nraw = 0;
    const char **items = calloc((size_t)argc + 1, sizeof *items);
    const char **sample = calloc((size_t)argc + 1, sizeof *sample);
    size_t nitems = 0, nsample = 0;
    const char *split = NULL, *outp = NULL;
    if (!items || !sample) {
        free(raw);
        free(items);
        free(sample);
        return pc_cli_fail("out of memory");
    }
    int assess = 1;
    struct pc_assess_opts ao;
    pc_assess_opts_default(&ao);
    int rc = PC_EXIT_OK;
    for (int i = 1; i < argc && rc == PC_EXIT_OK; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(g_help, stdout);
            free(raw);
            free(items);
            free(sample);
            return PC_EXIT_OK;
        } else if (!strcmp(a, "--raw") || !strcmp(a, "--items") || !strcmp(a, "--sample")) {
            /* each takes one or more files and may be repeated */
            const char **list = a[2] == 'r' ? raw : a[2] == 'i' ? items : sample;
            size_t *n = a[2] == 'r' ? &nraw : a[2] == 'i' ? &nitems : &nsample;
            if (!v || v[0] == '-') rc = pc_cli_usage("report", "option '%s' needs files", a);
            while (i + 1 < argc && argv[i + 1][0] != '-') list[(*n)++] = argv[++i];
        } else if (!strcmp(a, "--split") || !strcmp(a, "-o") || !strcmp(a, "--output")) {
            if (!v) {
                rc = pc_cli_usage("report", "option '%s' needs a value", a);
                break;
            }
            if (!strcmp(a, "--split"))
                split = v;
            else
                outp = v;
            i++;
        } else if (!strcmp(a, "--no-assess")) {
            assess = 0;
        } else if (!strcmp(a, "--threshold") || !strcmp(a, "--near-max")) {
            char *end;
            double x = v ? strtod(v, &end) : 0;
            if (!v || *end || end == v || x < 0 ||
                (!strcmp(a, "--threshold") && (x <= 0 || x > 1))) {
                rc = pc_cli_usage("report", "option '%s' needs a number", a);
                break;
            }
            if (!strcmp(a, "--threshold"))
                ao.threshold = x;
            else
                ao.near_max = (size_t)x;
            i++;
        } else {
            rc = pc_cli_unknown_option("report", a, g_help);
        }
    }
    if (rc == PC_EXIT_OK && !outp) rc = pc_cli_usage("report", "no output given (-o report.html)");
    if (rc == PC_EXIT_OK && !nraw && !nitems && !nsample && !split)
        rc = pc_cli_usage("report", "nothing to report: give --raw, --items, --sample or --split");
    if (rc == PC_EXIT_OK)
        rc = pc_cli_refuse_overwrite("report", outp, 0, raw, nraw) ||
                     pc_cli_refuse_overwrite("report", outp, 0, items, nitems) ||
                     pc_cli_refuse_overwrite("report", outp, 0, sample, nsample)
                 ? PC_EXIT_USAGE
                 : PC_EXIT_OK;
    if (rc != PC_EXIT_OK) {
        free(raw);
        free(items);
        free(sample);
        return rc;
    }

    struct pc_error err;
    pc_error_clear(&err);
    struct pc_progress pg;
    memset(&pg, 0, sizeof pg);
    ao.progress = on_records;
    ao.progress_ud = &pg;
    struct pc_report_job job = {
        .raw_files = raw,
        .nraw = nraw,
        .items = items,
        .nitems = nitems,
        .sample = sample,
        .nsample = nsample,
        .split = split,
        .output = outp,
        .assess = assess,
        .assess_opts = ao,
        .user = &pg,
        .progress = on_raw_progress,
    };
    size_t ncharts = 0;
    char dir[4096] = "";
    int e = pc_report_run(&job, &ncharts, dir, sizeof dir, &err);
    if (pg.label) pc_progress_finish(&pg);
    if (!e && !pc_cli_quiet) {
        char c[32];
        fprintf(stderr, "pricer: wrote %s (%s charts in %s/)\n", outp, pc_cli_commas(ncharts, c),
                dir);
    }
    free(raw);
    free(items);
    free(sample);
    return e ? pc_cli_report(&err) : PC_EXIT_OK;
}
