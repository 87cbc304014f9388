/* pricer report: one self-contained HTML page with charts, tables and the assessment. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "opts.h"

enum {
    O_RAW = 1,
    O_ITEMS,
    O_SAMPLE,
    O_SPLIT,
    O_OUTPUT,
    O_NO_ASSESS,
    O_THRESHOLD,
    O_NEAR_MAX,
    O_JOBS,
    O_QUIET,
    O_VERBOSE,
    O_HELP
};

static const struct pc_opt report_opts[] = {
    {O_RAW, 0, "raw", PC_OPT_LIST, "FILE",
     "raw meta_<Category>.jsonl files (.gz too): content lengths and\n"
     "prices of priced rows (the reference's day-1 charts)",
     NULL},
    {O_ITEMS, 0, "items", PC_OPT_LIST, "ITEMS",
     "items from pricer parse (one or more files, e.g. one per category):\n"
     "token counts, prices, categories, prompt size vs price",
     NULL},
    {O_SAMPLE, 0, "sample", PC_OPT_LIST, "SAMPLE",
     "the curated sample: prices, categories; with --items also\n"
     "before/after curation side by side",
     NULL},
    {O_SPLIT, 0, "split", PC_OPT_VALUE, "DIR",
     "a pricer split folder: train/test prices and leakage", NULL},
    {O_OUTPUT, 'o', "output", PC_OPT_VALUE, "FILE", "the page to write (required)", NULL},
    {O_NO_ASSESS, 0, "no-assess", PC_OPT_FLAG, NULL,
     "leave the assessment out (faster on huge inputs)", NULL},
    {O_THRESHOLD, 0, "threshold", PC_OPT_VALUE, "X",
     "near-duplicate Jaccard threshold for the assessment (default 0.8)", NULL},
    {O_NEAR_MAX, 0, "near-max", PC_OPT_VALUE, "N",
     "records indexed for near-duplicates (default 500000)", NULL},
    {O_JOBS, 'j', "jobs", PC_OPT_VALUE, "N",
     "threads reading the files (default 1; with 2 or more, worker threads\n"
     "parse the lines and hash the prompts, and the assessment's near-duplicate\n"
     "search runs on threads; the page is the same for any N)",
     NULL},
    {O_QUIET, 'q', "quiet", PC_OPT_FLAG, NULL, "no progress bar and no summary", NULL},
    {O_VERBOSE, 'v', "verbose", PC_OPT_FLAG, NULL,
     "also the files read with their sizes and the time", NULL},
    {O_HELP, 'h', "help", PC_OPT_FLAG, NULL, "this help", NULL},
    {0, 0, NULL, 0, NULL, NULL, NULL},
};

static const struct pc_opt_cmd report_cmd = {
    "report",
    "usage: pricer report [--raw FILE...] [--items ITEMS...] [--sample SAMPLE...] [--split DIR]\n"
    "                     -o report.html [options]\n"
    "\n"
    "Writes one self-contained HTML page (inline SVG and CSS, no scripts, no network) with\n"
    "the charts of every stage given, their summary tables and the data-quality assessment,\n"
    "and each chart also as its own file in <name>_files/CHART.svg beside the page.\n"
    "\n",
    "\n"
    "example:\n"
    "  pricer report --raw data/meta_Appliances.jsonl --items items.jsonl \\\n"
    "                --sample sample.jsonl --split out -o report.html\n",
    report_opts,
};

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
    int assess = 1, jobs = 1;
    struct pc_assess_opts ao;
    pc_assess_opts_default(&ao);
    int rc = PC_EXIT_OK;
    int id;
    struct pc_opts p;
    pc_opts_init(&p, &report_cmd, argc, argv);
    while (rc == PC_EXIT_OK && (id = pc_opts_next(&p)) != PC_OPTS_END) {
        const char *v = p.value;
        switch (id) {
        case O_HELP:
            pc_opts_help(&report_cmd, stdout);
            free(raw);
            free(items);
            free(sample);
            return PC_EXIT_OK;
        case PC_OPTS_ERROR:
            rc = PC_EXIT_USAGE;
            break;
        case PC_OPTS_OPERAND:
            rc = pc_cli_usage("report", "'%s': name the files with --raw, --items or --sample", v);
            break;
        case O_RAW:
            raw[nraw++] = v;
            break;
        case O_ITEMS:
            items[nitems++] = v;
            break;
        case O_SAMPLE:
            sample[nsample++] = v;
            break;
        case O_SPLIT:
            split = v;
            break;
        case O_OUTPUT:
            outp = v;
            break;
        case O_NO_ASSESS:
            assess = 0;
            break;
        case O_QUIET:
            pc_cli_set_quiet();
            break;
        case O_VERBOSE:
            pc_cli_set_verbose();
            break;
        case O_JOBS: {
            char *end;
            long x = strtol(v, &end, 10);
            if (*end || end == v || x < 1 || x > 256) {
                rc = pc_cli_usage("report", "option '%s' needs a number from 1 to 256", p.spelled);
                break;
            }
            jobs = (int)x;
            break;
        }
        case O_THRESHOLD:
        case O_NEAR_MAX: {
            char *end;
            double x = strtod(v, &end);
            if (*end || end == v || x < 0 || (id == O_THRESHOLD && (x <= 0 || x > 1))) {
                rc = pc_cli_usage("report", "option '%s' needs a number", p.spelled);
                break;
            }
            if (id == O_THRESHOLD)
                ao.threshold = x;
            else
                ao.near_max = (size_t)x;
            break;
        }
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
        .threads = jobs,
        .user = &pg,
        .progress = on_raw_progress,
    };
    for (size_t i = 0; i < nraw; i++) pc_cli_verbose_file("report", "raw", raw[i]);
    for (size_t i = 0; i < nitems; i++) pc_cli_verbose_file("report", "items", items[i]);
    for (size_t i = 0; i < nsample; i++) pc_cli_verbose_file("report", "sample", sample[i]);
    pc_cli_verbose_file("report", "split", split);
    double t0 = pc_cli_now();
    size_t ncharts = 0;
    char dir[4096] = "";
    int e = pc_report_run(&job, &ncharts, dir, sizeof dir, &err);
    if (pg.label) pc_progress_finish(&pg);
    if (!e && pc_cli_verbose && !pc_cli_silent)
        fprintf(stderr, "pricer report: %s made in %.2f s\n",
                assess ? "charts and assessment" : "charts", pc_cli_now() - t0);
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
