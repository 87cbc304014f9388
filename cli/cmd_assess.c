/* pricer assess: data-quality findings of an items file or a split folder. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static const char g_help[] =
    "usage: pricer assess ITEMS|SPLITDIR [options]\n"
    "\n"
    "Data-quality findings, with counts and examples (file:line), of an items JSONL file\n"
    "(pricer parse / pricer curate output) or a split folder (train.jsonl, test.jsonl,\n"
    "validation.jsonl from pricer split):\n"
    "  missing/empty fields, duplicate products (parent_asin), exact and near-duplicate\n"
    "  prompts (MinHash over word shingles + LSH), train/test leakage (same or near-same\n"
    "  text before \"Price is $\" in both splits), price outliers per category (log price\n"
    "  beyond Q1 - k*IQR / Q3 + k*IQR), prompts cut mid-word or inside a character (U+FFFD),\n"
    "  category and price-range balance (before/after curation with --before).\n"
    "\n"
    "options:\n"
    "  --json            one JSON object instead of text\n"
    "  -o FILE           write there instead of standard output\n"
    "  --before ITEMS    items before curation: compare category and price balance\n"
    "  --threshold X     near-duplicate Jaccard threshold (default 0.8)\n"
    "  --shingle N       words per shingle (default 5)\n"
    "  --seed N          MinHash seed (default 42)\n"
    "  --near-max N      records indexed for near-duplicates (default 500000; 0 = off)\n"
    "  --examples N      examples per finding (default 3, at most 10)\n"
    "  --iqr K           outlier fence factor (default 3)\n"
    "  --strict          exit 1 when any problem is found\n"
    "  -h, --help        this help\n"
    "\n"
    "examples:\n"
    "  pricer assess items.jsonl\n"
    "  pricer assess out/split --json -o findings.json\n"
    "  pricer assess sample.jsonl --before items.jsonl\n";

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
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        double x;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(g_help, stdout);
            return PC_EXIT_OK;
        } else if (!strcmp(a, "--json")) {
            json = 1;
        } else if (!strcmp(a, "--strict")) {
            strict = 1;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
            if (!v) return pc_cli_usage("assess", "option '%s' needs a file", a);
            outp = v;
            i++;
        } else if (!strcmp(a, "--before")) {
            if (!v) return pc_cli_usage("assess", "option '--before' needs an items file");
            before = v;
            i++;
        } else if (!strcmp(a, "--threshold")) {
            if (num_arg("assess", a, v, 0.01, 1, &x)) return PC_EXIT_USAGE;
            o.threshold = x;
            i++;
        } else if (!strcmp(a, "--shingle")) {
            if (num_arg("assess", a, v, 1, 16, &x)) return PC_EXIT_USAGE;
            o.shingle = (int)x;
            i++;
        } else if (!strcmp(a, "--seed")) {
            if (num_arg("assess", a, v, 0, 1.8e19, &x)) return PC_EXIT_USAGE;
            o.seed = strtoull(v, NULL, 10);
            i++;
        } else if (!strcmp(a, "--near-max")) {
            if (num_arg("assess", a, v, 0, 1e9, &x)) return PC_EXIT_USAGE;
            o.near_max = (size_t)x;
            i++;
        } else if (!strcmp(a, "--examples")) {
            if (num_arg("assess", a, v, 0, 10, &x)) return PC_EXIT_USAGE;
            o.examples = (size_t)x;
            i++;
        } else if (!strcmp(a, "--iqr")) {
            if (num_arg("assess", a, v, 0, 100, &x)) return PC_EXIT_USAGE;
            o.iqr_k = x;
            i++;
        } else if (a[0] == '-' && a[1]) {
            return pc_cli_unknown_option("assess", a, g_help);
        } else if (!input) {
            input = a;
        } else {
            return pc_cli_usage("assess", "one input only ('%s' and '%s')", input, a);
        }
    }
    if (!input) return pc_cli_usage("assess", "no ITEMS file or SPLIT folder given");
    const char *ins[2] = {input, before};
    if (pc_cli_refuse_overwrite("assess", outp, 0, ins, 2)) return PC_EXIT_USAGE;
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
    return strict && problems ? PC_EXIT_FAIL : PC_EXIT_OK;
}
