/* pricer assess: data-quality findings of an items file or a split folder. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "opts.h"

enum {
    O_JSON = 1,
    O_OUTPUT,
    O_BEFORE,
    O_THRESHOLD,
    O_SHINGLE,
    O_SEED,
    O_NEAR_MAX,
    O_EXAMPLES,
    O_IQR,
    O_JOBS,
    O_STRICT,
    O_QUIET,
    O_VERBOSE,
    O_HELP
};

static const struct pc_opt assess_opts[] = {
    {O_JSON, 0, "json", PC_OPT_FLAG, NULL, "one JSON object instead of text", NULL},
    {O_OUTPUT, 'o', "output", PC_OPT_VALUE, "FILE", "write there instead of standard output", NULL},
    {O_BEFORE, 0, "before", PC_OPT_VALUE, "ITEMS",
     "items before curation: compare category and price balance", NULL},
    {O_THRESHOLD, 0, "threshold", PC_OPT_VALUE, "X",
     "near-duplicate Jaccard threshold (default 0.8)", NULL},
    {O_SHINGLE, 0, "shingle", PC_OPT_VALUE, "N", "words per shingle (default 5)", NULL},
    {O_SEED, 0, "seed", PC_OPT_VALUE, "N", "MinHash seed (default 42)", NULL},
    {O_NEAR_MAX, 0, "near-max", PC_OPT_VALUE, "N",
     "records indexed for near-duplicates (default 500000; 0 = off)", NULL},
    {O_EXAMPLES, 0, "examples", PC_OPT_VALUE, "N", "examples per finding (default 3, at most 10)",
     NULL},
    {O_IQR, 0, "iqr", PC_OPT_VALUE, "K", "outlier fence factor (default 3)", NULL},
    {O_JOBS, 'j', "jobs", PC_OPT_VALUE, "N",
     "threads for the near-duplicate search (default 1; the findings are\nthe same for any N)",
     NULL},
    {O_STRICT, 0, "strict", PC_OPT_FLAG, NULL, "exit 1 when any problem is found", NULL},
    {O_QUIET, 'q', "quiet", PC_OPT_FLAG, NULL, "no progress bar", NULL},
    {O_VERBOSE, 'v', "verbose", PC_OPT_FLAG, NULL,
     "also the files read with their sizes, the time and the\nproblems found", NULL},
    {O_HELP, 'h', "help", PC_OPT_FLAG, NULL, "this help", NULL},
    {0, 0, NULL, 0, NULL, NULL, NULL},
};

static const struct pc_opt_cmd assess_cmd = {
    "assess",
    "usage: pricer assess ITEMS|SPLITDIR [options]\n"
    "\n"
    "Data-quality findings, with counts and examples (file:line), of an items JSONL file\n"
    "(pricer parse / pricer curate output; '-' = standard input) or a split folder\n"
    "(train.jsonl, test.jsonl, validation.jsonl from pricer split):\n"
    "  missing/empty fields, duplicate products (parent_asin), exact and near-duplicate\n"
    "  prompts (MinHash over word shingles + LSH), train/test leakage (same or near-same\n"
    "  text before \"Price is $\" in both splits), price outliers per category (log price\n"
    "  beyond Q1 - k*IQR / Q3 + k*IQR), prompts cut mid-word or inside a character (U+FFFD),\n"
    "  category and price-range balance (before/after curation with --before).\n"
    "\n"
    "options:\n",
    "\n"
    "examples:\n"
    "  pricer assess items.jsonl\n"
    "  pricer assess out/split --json -o findings.json\n"
    "  pricer assess sample.jsonl --before items.jsonl\n",
    assess_opts,
};

static int num_arg(const char *cmd, const char *opt, const char *v, double lo, double hi,
                   double *out)
{
    char *end;
    errno = 0;
    double x = v ? strtod(v, &end) : 0;
    if (!v || errno || *end || end == v || !(x >= lo && x <= hi))
        return pc_cli_usage(cmd, "option '%s' needs a number from %g to %g", opt, lo, hi);
    *out = x;
    return 0;
}

static void on_records(void *ud, uint64_t records)
{
    pc_progress_update(ud, 0, records);
}

int cmd_assess(int argc, char **argv)
{
    struct pc_assess_opts o;
    pc_assess_opts_default(&o);
    const char *input = NULL, *before = NULL, *outp = "-";
    int json = 0, strict = 0;
    int id;
    struct pc_opts p;
    pc_opts_init(&p, &assess_cmd, argc, argv);
    while ((id = pc_opts_next(&p)) != PC_OPTS_END) {
        const char *a = p.spelled, *v = p.value;
        double x;
        switch (id) {
        case PC_OPTS_ERROR:
            return PC_EXIT_USAGE;
        case O_HELP:
            pc_opts_help(&assess_cmd, stdout);
            return PC_EXIT_OK;
        case O_JSON:
            json = 1;
            break;
        case O_STRICT:
            strict = 1;
            break;
        case O_QUIET:
            pc_cli_set_quiet();
            break;
        case O_VERBOSE:
            pc_cli_set_verbose();
            break;
        case O_OUTPUT:
            outp = v;
            break;
        case O_BEFORE:
            before = v;
            break;
        case O_THRESHOLD:
            if (num_arg("assess", a, v, 0.01, 1, &x)) return PC_EXIT_USAGE;
            o.threshold = x;
            break;
        case O_JOBS:
            if (num_arg("assess", a, v, 1, 256, &x)) return PC_EXIT_USAGE;
            o.threads = (int)x;
            break;
        case O_SHINGLE:
            if (num_arg("assess", a, v, 1, 16, &x)) return PC_EXIT_USAGE;
            o.shingle = (int)x;
            break;
        case O_SEED:
            if (num_arg("assess", a, v, 0, 1.8e19, &x)) return PC_EXIT_USAGE;
            o.seed = strtoull(v, NULL, 10);
            break;
        case O_NEAR_MAX:
            if (num_arg("assess", a, v, 0, 1e9, &x)) return PC_EXIT_USAGE;
            o.near_max = (size_t)x;
            break;
        case O_EXAMPLES:
            if (num_arg("assess", a, v, 0, 10, &x)) return PC_EXIT_USAGE;
            o.examples = (size_t)x;
            break;
        case O_IQR:
            if (num_arg("assess", a, v, 0, 100, &x)) return PC_EXIT_USAGE;
            o.iqr_k = x;
            break;
        case PC_OPTS_OPERAND:
            if (input) return pc_cli_usage("assess", "one input only ('%s' and '%s')", input, v);
            input = v;
            break;
        }
    }
    if (!input) return pc_cli_usage("assess", "no ITEMS file or SPLIT folder given");
    const char *ins[2] = {input, before};
    if (pc_cli_refuse_overwrite("assess", outp, 0, ins, 2)) return PC_EXIT_USAGE;
    if (before && !strcmp(before, "-") && !strcmp(input, "-"))
        return pc_cli_usage("assess", "standard input ('-') can be read only once");
    pc_cli_verbose_file("assess", "reading", input);
    pc_cli_verbose_file("assess", "before", before);
    double t0 = pc_cli_now();
    if (!strcmp(input, "-") && !(input = pc_opts_spool_stdin("assess"))) return PC_EXIT_FAIL;
    if (before && !strcmp(before, "-") && !(before = pc_opts_spool_stdin("assess")))
        return PC_EXIT_FAIL;
    struct pc_error err;
    pc_error_clear(&err);
    struct pc_assess *a = NULL, *b = NULL;
    struct pc_assess_opts bo = o;
    bo.near_max = 0; /* the "before" file only feeds the balance comparison */
    struct pc_progress prog;
    pc_progress_start(&prog, "assess", 0);
    o.progress = bo.progress = on_records;
    o.progress_ud = bo.progress_ud = &prog;
    if (before && pc_assess_path(&b, before, &bo, &err)) {
        pc_progress_finish(&prog);
        return pc_cli_report(&err);
    }
    int arc = pc_assess_path(&a, input, &o, &err);
    pc_progress_finish(&prog);
    if (arc) {
        pc_assess_free(b);
        return pc_cli_report(&err);
    }
    if (b) pc_assess_set_before(a, b);
    struct pc_buf out;
    pc_buf_init(&out, 0);
    int rc = json ? pc_assess_json(a, &out) : pc_assess_text(a, &out);
    uint64_t problems = pc_assess_problems(a);
    pc_assess_free(a);
    pc_assess_free(b);
    if (rc) {
        pc_buf_release(&out);
        return pc_cli_fail("cannot render the assessment: %s", pc_strerror(rc));
    }
    struct pc_atomic w;
    if (pc_atomic_open(&w, outp, &err)) {
        pc_buf_release(&out);
        return pc_cli_report(&err);
    }
    fwrite(out.data, 1, out.len, w.fp);
    pc_buf_release(&out);
    if (pc_atomic_commit(&w, &err)) return pc_cli_report(&err);
    if (pc_cli_verbose && !pc_cli_silent) {
        char c[32];
        fprintf(stderr, "pricer assess: %s problem%s found in %.2f s; written to %s\n",
                pc_cli_commas(problems, c), problems == 1 ? "" : "s", pc_cli_now() - t0,
                strcmp(outp, "-") ? outp : "standard output");
    }
    return strict && problems ? PC_EXIT_FAIL : PC_EXIT_OK;
}
