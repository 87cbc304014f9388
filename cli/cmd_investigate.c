/* pricer investigate: a first look at raw meta_<Category>.jsonl files. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "opts.h"
#include "parse_inputs.h"

static const char investigate_help[] =
    "usage: pricer investigate [options] FILE...\n"
    "\n"
    "A first look at raw catalogue files (plain, .gz, .zst or .xz; '-' is standard input):\n"
    "per file and in total, rows, invalid lines by reason, rows with a usable price (a float\n"
    "> 0) with mean, median, max and share above $999.49, a price histogram, content length\n"
    "statistics (description + features + details, in code points, as the item rules build\n"
    "it), the fill rate of every field (missing / null / empty), and whether the file is an\n"
    "official Amazon Reviews 2023 file (name, size and SHA-256; see 'pricer fetch').\n"
    "\n"
    "options:\n";

enum {
    O_JSON = 1,
    O_JOBS,
    O_THREADS,
    O_MIN_PRICE,
    O_MAX_PRICE,
    O_MIN_CHARS,
    O_QUIET,
    O_VERBOSE,
    O_HELP
};

static const struct pc_opt inv_opts[] = {
    {O_JSON, 0, "json", PC_OPT_FLAG, NULL, "machine-readable output on standard output", NULL},
    {O_JOBS, 'j', "jobs", PC_OPT_VALUE, "N", "worker threads (default: all cores)", NULL},
    {O_THREADS, 0, "threads", PC_OPT_VALUE, "N", "the same as --jobs", NULL},
    {O_MIN_PRICE, 0, "min-price", PC_OPT_VALUE, "X",
     "the price window measured against, as in pricer parse (0.5)", NULL},
    {O_MAX_PRICE, 0, "max-price", PC_OPT_VALUE, "X", "its upper end (999.49)", NULL},
    {O_MIN_CHARS, 0, "min-chars", PC_OPT_VALUE, "N", "the content length measured against (300)",
     NULL},
    {O_QUIET, 'q', "quiet", PC_OPT_FLAG, NULL, "no progress bar", NULL},
    {O_VERBOSE, 'v', "verbose", PC_OPT_FLAG, NULL,
     "also the files read with their sizes, the threads and the speed", NULL},
    {O_HELP, 'h', "help", PC_OPT_FLAG, NULL, "show this help", NULL},
    {0, 0, NULL, 0, NULL, NULL, NULL},
};

static const struct pc_opt_cmd inv_cmd = {"investigate", investigate_help, NULL, inv_opts};

struct inv_cli {
    struct pc_progress progress;
    uint64_t reported;
};

static void on_progress(void *user, uint64_t pos, uint64_t rows)
{
    struct inv_cli *c = user;
    pc_progress_update(&c->progress, pos, rows);
}

static void on_invalid(void *user, const char *input, int64_t line_no, int outcome,
                       const char *message)
{
    struct inv_cli *c = user;
    if (c->reported++ >= 20) return;
    pc_progress_message(&c->progress, "pricer: %s:%lld: invalid (%s): %s", input,
                        (long long)line_no, pc_outcome_key(outcome), message);
}

static double pct(uint64_t a, uint64_t b)
{
    return b ? 100.0 * (double)a / (double)b : 0.0;
}

/* A float as JSON: Python's repr, or null for NAN (no value). */

static void print_human(struct pc_buf *o, const char *name, const struct pc_inv_stats *s,
                        const struct pc_inv_opts *w)
{
    char a[32], b[32], c[32];
    pc_buf_printf(o, "%s\n", name);
    pc_buf_printf(o, "  rows            %s   valid records %s   invalid %s\n",
                  pc_cli_commas(s->rows, a), pc_cli_commas(s->records, b),
                  pc_cli_commas(pc_inv_invalid(s), c));
    if (pc_inv_invalid(s)) {
        pc_buf_puts(o, "  invalid by reason:");
        for (int r = 0; r < PC_OUT_COUNT; r++)
            if (pc_outcome_invalid(r) && s->outcome[r])
                pc_buf_printf(o, " %s %s", pc_outcome_key(r), pc_cli_commas(s->outcome[r], a));
        pc_buf_putc(o, '\n');
    }
    pc_buf_printf(o, "  usable price    %s (%.1f%%)   in window $%.2f-$%.2f: %s\n",
                  pc_cli_commas(s->priced, a), pct(s->priced, s->rows), w->min_price, w->max_price,
                  pc_cli_commas(s->in_window, b));
    if (s->priced) {
        pc_buf_printf(o,
                      "  price           mean $%.2f   median $%.2f   max $%.2f   above $%.2f: "
                      "%.2f%%\n",
                      s->price_sum / (double)s->priced, pc_inv_price_median(s), s->price_max,
                      w->max_price, pct(s->above_max, s->priced));
        uint64_t bins[50] = {0};
        for (uint32_t i = 0; i < 100000; i++) bins[i / 2000] += s->cents[i];
        pc_termhist(o, "  price hist      ", bins, 50, "$0", "$1,000");
    }
    if (s->len_n) {
        pc_buf_printf(o,
                      "  content length  mean %.0f   median %.*f   max %s   over %llu chars: "
                      "%.1f%%\n",
                      (double)s->len_sum / (double)s->len_n,
                      pc_inv_len_median(s) == floor(pc_inv_len_median(s)) ? 0 : 1,
                      pc_inv_len_median(s), pc_cli_commas(s->len_max, a),
                      (unsigned long long)w->min_chars, pct(s->len_over_min, s->len_n));
        uint64_t bins[50] = {0};
        for (uint32_t i = 0; i < 5000; i++) bins[i / 100] += s->lens[i];
        pc_termhist(o, "  length hist     ", bins, 50, "0", "5,000 chars");
    }
    pc_buf_printf(o, "  %-18s %9s %9s %9s\n", "field fill", "missing", "null", "empty");
    for (int f = 0; f < PC_INV_NFIELDS; f++)
        pc_buf_printf(o, "  %-18s %8.1f%% %8.1f%% %8.1f%%\n", pc_inv_field_name(f),
                      pct(s->missing[f], s->records), pct(s->null[f], s->records),
                      pct(s->empty[f], s->records));
    if (s->other_keys)
        pc_buf_printf(o, "  records with other keys: %s\n", pc_cli_commas(s->other_keys, a));
}

/* Whether an input is an official file (size, then SHA-256 only when name and size match an
 * entry of the official table). *checked is 0 for standard input or an unreadable path. */
static void official_of(const char *path, struct pc_official_check *c, int *checked)
{
    struct pc_error err;
    pc_error_clear(&err);
    *checked = strcmp(path, "-") != 0 && pc_official_verify(path, c, NULL, &err) == PC_OK;
}

static void print_official(struct pc_buf *o, const struct pc_official_check *c, int checked)
{
    char why[512];
    if (checked && c->verdict == PC_OFFICIAL_OK)
        pc_buf_printf(o, "  official file   yes: %s, sha256 %s\n", c->entry->category,
                      c->entry->sha256);
    else if (checked)
        pc_buf_printf(o, "  official file   no: %s\n", pc_official_describe(c, why, sizeof why));
}

int cmd_investigate(int argc, char **argv)
{
    int json = 0, jobs = 0, c;
    struct pc_inv_opts win;
    pc_inv_opts_init(&win);
    char **files = calloc((size_t)argc + 1, sizeof *files);
    int n = 0;
    if (!files) return pc_cli_fail("out of memory");
    struct pc_opts p;
    pc_opts_init(&p, &inv_cmd, argc, argv);
    while ((c = pc_opts_next(&p)) != PC_OPTS_END) {
        const char *optarg = p.value;
        switch (c) {
        case PC_OPTS_OPERAND:
            files[n++] = (char *)optarg;
            break;
        case O_JSON:
            json = 1;
            break;
        case O_JOBS:
        case O_THREADS: {
            char *end;
            long j = strtol(optarg, &end, 10);
            if (*end || end == optarg || j < 1 || j > 256) {
                free(files);
                return pc_cli_usage("investigate", "%s wants a number from 1 to 256, not '%s'",
                                    p.spelled, optarg);
            }
            jobs = (int)j;
            break;
        }
        case O_MIN_PRICE:
        case O_MAX_PRICE:
        case O_MIN_CHARS: {
            char *end;
            errno = 0;
            double x = strtod(optarg, &end);
            if (errno || end == optarg || *end || x < 0 ||
                (c == O_MIN_CHARS && x != (double)(uint64_t)x)) {
                free(files);
                return pc_opts_bad_value(&p);
            }
            if (c == O_MIN_PRICE) win.min_price = x;
            if (c == O_MAX_PRICE) win.max_price = x;
            if (c == O_MIN_CHARS) win.min_chars = (uint64_t)x;
            break;
        }
        case O_QUIET:
            pc_cli_set_quiet();
            break;
        case O_VERBOSE:
            pc_cli_set_verbose();
            break;
        case O_HELP:
            free(files);
            pc_opts_help(&inv_cmd, stdout);
            return PC_EXIT_OK;
        default:
            free(files);
            return PC_EXIT_USAGE;
        }
    }
    if (n == 0) {
        free(files);
        return pc_cli_usage("investigate", "no input files");
    }
    if (jobs == 0) jobs = pc_pipe_cpus();
    struct pc_inputs ins;
    int rc = pc_inputs_open(&ins, files, n, "-", "investigate");
    if (rc != PC_EXIT_OK) {
        free(files);
        return rc;
    }
    struct pc_inv_stats **st = calloc((size_t)n, sizeof *st);
    struct pc_inv_stats *tot = pc_inv_stats_new();
    int ok = st && tot;
    for (int i = 0; ok && i < n; i++) ok = (st[i] = pc_inv_stats_new()) != NULL;
    if (!ok) {
        rc = pc_cli_fail("out of memory");
        goto out;
    }
    struct inv_cli cli;
    memset(&cli, 0, sizeof cli);
    struct pc_error err;
    pc_error_clear(&err);
    for (int i = 0; i < n; i++) pc_cli_verbose_file("investigate", "reading", files[i]);
    double t0 = pc_cli_now();
    pc_progress_start(&cli.progress, "investigate", ins.total_bytes);
    int prc = pc_investigate_run(ins.inputs, (size_t)n, &win, jobs, st, &cli, on_progress,
                                 on_invalid, &err);
    pc_progress_finish(&cli.progress);
    if (cli.reported > 20)
        fprintf(stderr, "pricer: ... %llu more invalid lines not shown\n",
                (unsigned long long)(cli.reported - 20));
    if (prc != PC_OK) {
        rc = pc_cli_report(&err);
        goto out;
    }
    for (int i = 0; i < n; i++)
        if (pc_inv_stats_add(tot, st[i])) {
            rc = pc_cli_fail("out of memory");
            goto out;
        }
    if (pc_cli_verbose && !pc_cli_silent) {
        double dt = pc_cli_now() - t0;
        char a[32];
        fprintf(stderr, "pricer investigate: %s records in %.2f s with %d thread%s",
                pc_cli_commas(tot->records, a), dt, jobs, jobs == 1 ? "" : "s");
        if (ins.total_bytes && dt > 0) fprintf(stderr, " (%.1f MB/s)", ins.total_bytes / 1e6 / dt);
        fputc('\n', stderr);
    }
    struct pc_official_check *off = calloc((size_t)n, sizeof *off);
    int *checked = calloc((size_t)n, sizeof *checked);
    if (!off || !checked) {
        free(off);
        free(checked);
        rc = pc_cli_fail("out of memory");
        goto out;
    }
    for (int i = 0; i < n; i++) official_of(files[i], &off[i], &checked[i]);
    struct pc_buf o;
    pc_buf_init(&o, 0);
    if (json) {
        const char **names = calloc((size_t)n, sizeof *names);
        for (int i = 0; names && i < n; i++) names[i] = ins.inputs[i].name;
        if (!names || pc_inv_json(&o, names, (const struct pc_inv_stats *const *)st, (size_t)n, tot,
                                  off, checked) != PC_OK) {
            free(names);
            free(off);
            free(checked);
            pc_buf_release(&o);
            rc = pc_cli_fail("out of memory");
            goto out;
        }
        free(names);
    } else {
        for (int i = 0; i < n; i++) {
            print_human(&o, ins.inputs[i].name, st[i], &win);
            print_official(&o, &off[i], checked[i]);
            pc_buf_putc(&o, '\n');
        }
        if (n > 1) print_human(&o, "total", tot, &win);
    }
    fwrite(o.data, 1, o.len, stdout);
    pc_buf_release(&o);
    free(off);
    free(checked);
    rc = fflush(stdout) == 0 ? PC_EXIT_OK
                             : pc_cli_fail("cannot write the output: %s", strerror(errno));
out:
    if (st)
        for (int i = 0; i < n; i++) pc_inv_stats_free(st[i]);
    free(st);
    pc_inv_stats_free(tot);
    pc_inputs_close(&ins);
    free(files);
    return rc;
}
