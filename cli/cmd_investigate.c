/* pricer investigate: a first look at raw meta_<Category>.jsonl files. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
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
    "options:\n"
    "      --json       machine-readable output on standard output\n"
    "  -j, --jobs N     worker threads (default: all cores)\n"
    "      --min-price X, --max-price X, --min-chars N\n"
    "                   the windows measured against, as in pricer parse (0.5, 999.49, 300)\n"
    "  -q, --quiet      no progress bar\n"
    "  -h, --help       show this help\n";

static const struct option inv_opts[] = {
    {"json", no_argument, NULL, 'J'},
    {"jobs", required_argument, NULL, 'j'},
    {"min-price", required_argument, NULL, 'P'},
    {"max-price", required_argument, NULL, 'M'},
    {"min-chars", required_argument, NULL, 'C'},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

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
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "j:qh", inv_opts, NULL)) != -1) {
        switch (c) {
        case 'J':
            json = 1;
            break;
        case 'j': {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (*end || n < 1 || n > 256)
                return pc_cli_usage("investigate", "-j wants a number from 1 to 256, not '%s'",
                                    optarg);
            jobs = (int)n;
            break;
        }
        case 'P':
        case 'M':
        case 'C': {
            char *end;
            errno = 0;
            double x = strtod(optarg, &end);
            if (errno || end == optarg || *end || x < 0 || (c == 'C' && x != (double)(uint64_t)x))
                return pc_cli_usage("investigate", "bad value for '%s': '%s'",
                                    c == 'P'   ? "--min-price"
                                    : c == 'M' ? "--max-price"
                                               : "--min-chars",
                                    optarg);
            if (c == 'P') win.min_price = x;
            if (c == 'M') win.max_price = x;
            if (c == 'C') win.min_chars = (uint64_t)x;
            break;
        }
        case 'q':
            pc_cli_quiet = 1;
            break;
        case 'h':
            fputs(investigate_help, stdout);
            return PC_EXIT_OK;
        default:
            return pc_cli_getopt_error("investigate", argv, "j:qh", investigate_help);
        }
    }
    if (optind >= argc) return pc_cli_usage("investigate", "no input files");
    if (jobs == 0) jobs = pc_pipe_cpus();
    int n = argc - optind;
    struct pc_inputs ins;
    int rc = pc_inputs_open(&ins, argv + optind, n, "-", "investigate");
    if (rc != PC_EXIT_OK) return rc;
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
    struct pc_official_check *off = calloc((size_t)n, sizeof *off);
    int *checked = calloc((size_t)n, sizeof *checked);
    if (!off || !checked) {
        free(off);
        free(checked);
        rc = pc_cli_fail("out of memory");
        goto out;
    }
    for (int i = 0; i < n; i++) official_of(argv[optind + i], &off[i], &checked[i]);
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
    return rc;
}
