/* pricer split: shuffle a sample, slice train/test(/validation) and save it (SPEC §5). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "opts.h"

enum {
    O_OUTPUT = 1,
    O_SEED,
    O_TRAIN,
    O_TEST,
    O_VALIDATION,
    O_ALLOW_SHORT,
    O_GROUP_BY,
    O_FORMAT,
    O_OPENAI_TRAIN,
    O_OPENAI_VALIDATION,
    O_PAGE_SIZE,
    O_PARQUET_COMPRESSION,
    O_TITLE,
    O_PARQUET_ROW_GROUP,
    O_PARQUET_SHARD_SIZE,
    O_LICENSE,
    O_JOBS,
    O_THREADS,
    O_QUIET,
    O_VERBOSE,
    O_HELP
};

static const struct pc_opt split_opts[] = {
    {O_OUTPUT, 'o', "output", PC_OPT_VALUE, "DIR", "output folder (created if missing; required)",
     NULL},
    {O_SEED, 0, "seed", PC_OPT_VALUE, "N", "CPython seed (default 42)", "split.seed"},
    {O_TRAIN, 0, "train", PC_OPT_VALUE, "N", "rows of train (default 400000)", "split.train"},
    {O_TEST, 0, "test", PC_OPT_VALUE, "N", "rows of test (default 2000)", "split.test"},
    {O_VALIDATION, 0, "validation", PC_OPT_VALUE, "N",
     "rows of validation, taken after test (default 0 = none)", "split.validation"},
    {O_ALLOW_SHORT, 0, "allow-short", PC_OPT_FLAG, NULL,
     "when the sample is smaller, write what exists instead of\n"
     "stopping: test and validation keep their sizes as far\n"
     "as the sample allows, train takes the rest",
     NULL},
    {O_GROUP_BY, 0, "group-by", PC_OPT_VALUE, "KEY",
     "after the shuffle, keep each group of items sharing KEY on\n"
     "one side, so no test/validation item's group is in train:\n"
     "prompt (text before 'Price is $'), title or parent_asin;\n"
     "off by default (the reference slices the shuffle as is)",
     NULL},
    {O_FORMAT, 0, "format", PC_OPT_VALUE, "F",
     "jsonl (default), parquet, openai or pickle; repeatable\n"
     "  jsonl:   DIR/train.jsonl, DIR/test.jsonl [, validation.jsonl]\n"
     "  parquet: DIR/data/<split>-0000K-of-0000N.parquet and the\n"
     "           dataset card DIR/README.md (Hugging Face Hub layout)\n"
     "  openai:  DIR/openai_train.jsonl, DIR/openai_validation.jsonl\n"
     "           (chat fine-tuning lines of train rows)\n"
     "  pickle:  DIR/train.pkl, DIR/test.pkl [, validation.pkl]: a\n"
     "           list of items.Item objects (the course's pickles)",
     NULL},
    {O_OPENAI_TRAIN, 0, "openai-train", PC_OPT_VALUE, "N",
     "train rows for openai_train.jsonl (default 200: train[:200])", NULL},
    {O_OPENAI_VALIDATION, 0, "openai-validation", PC_OPT_VALUE, "M",
     "rows after them for openai_validation.jsonl (default 50)", NULL},
    {O_PAGE_SIZE, 0, "page-size", PC_OPT_VALUE, "BYTES", "parquet data page size (default 1048576)",
     NULL},
    {O_PARQUET_COMPRESSION, 0, "parquet-compression", PC_OPT_VALUE, "C",
     "snappy (default), gzip, zstd or none", NULL},
    {O_PARQUET_ROW_GROUP, 0, "parquet-row-group", PC_OPT_VALUE, "N",
     "rows per parquet row group (default 100000)", NULL},
    {O_PARQUET_SHARD_SIZE, 0, "parquet-shard-size", PC_OPT_VALUE, "BYTES",
     "start a new parquet shard from this size on\n(default 500000000)", NULL},
    {O_LICENSE, 0, "license", PC_OPT_VALUE, "ID",
     "dataset card license (default other: the Amazon Reviews\n2023 terms apply)", NULL},
    {O_TITLE, 0, "title", PC_OPT_VALUE, "TEXT", "dataset card title (default pricer-data)", NULL},
    {O_JOBS, 'j', "jobs", PC_OPT_VALUE, "N", "threads reading the sample (default: one per core)",
     NULL},
    {O_THREADS, 0, "threads", PC_OPT_VALUE, "N", "the same as --jobs", NULL},
    {O_QUIET, 'q', "quiet", PC_OPT_FLAG, NULL, "no progress bar and no summary (warnings stay)",
     NULL},
    {O_VERBOSE, 'v', "verbose", PC_OPT_FLAG, NULL, "more detail in the summary", NULL},
    {O_HELP, 'h', "help", PC_OPT_FLAG, NULL, "this help", NULL},
    {0, 0, NULL, 0, NULL, NULL, NULL},
};

static const struct pc_opt_cmd split_cmd = {
    "split",
    "usage: pricer split SAMPLE -o DIR [options]\n"
    "\n"
    "Shuffles the sample (items JSONL from 'pricer curate'; '-' = standard input) with\n"
    "CPython's random.seed + random.shuffle, as the reference does, then takes train, test\n"
    "and validation in that order. train rows are {\"text\": prompt, \"price\": price}; test\n"
    "and validation rows use test_prompt (the prompt cut after 'Price is $').\n"
    "\n",
    NULL,
    split_opts,
};

static int parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-' || v > UINT32_MAX) return -1;
    *out = (size_t)v;
    return 0;
}

static void show_progress(void *ud, uint64_t done, uint64_t total, uint64_t lines)
{
    pc_progress_total(ud, total);
    pc_progress_update(ud, done, lines);
}

int cmd_split(int argc, char **argv)
{
    struct pc_split_opts o;
    pc_split_opts_init(&o);
    const char *sample = NULL, *dir = NULL;
    unsigned formats = 0;
    int id;
    struct pc_opts p;
    pc_opts_init(&p, &split_cmd, argc, argv);
    while ((id = pc_opts_next(&p)) != PC_OPTS_END) {
        const char *v = p.value;
        size_t n;
        switch (id) {
        case PC_OPTS_ERROR:
            return PC_EXIT_USAGE;
        case O_HELP:
            pc_opts_help(&split_cmd, stdout);
            return PC_EXIT_OK;
        case O_ALLOW_SHORT:
            o.allow_short = 1;
            break;
        case O_QUIET:
            pc_cli_set_quiet();
            break;
        case O_VERBOSE:
            pc_cli_set_verbose();
            break;
        case O_OUTPUT:
            dir = v;
            break;
        case O_SEED: {
            char *end;
            errno = 0;
            o.seed = strtoull(v, &end, 10);
            if (errno || end == v || *end || v[0] == '-') return pc_opts_bad_value(&p);
            break;
        }
        case O_JOBS:
        case O_THREADS:
            if (parse_size(v, &o.jobs) || o.jobs > 16) return pc_opts_bad_value(&p);
            break;
        case O_GROUP_BY:
            if ((o.group_by = pc_group_by_parse(v)) < 0)
                return pc_cli_usage(
                    "split", "--group-by wants prompt, title, parent_asin or off, not '%s'", v);
            break;
        case O_TRAIN:
            if (parse_size(v, &o.train)) return pc_opts_bad_value(&p);
            break;
        case O_TEST:
            if (parse_size(v, &o.test)) return pc_opts_bad_value(&p);
            break;
        case O_VALIDATION:
            if (parse_size(v, &o.validation)) return pc_opts_bad_value(&p);
            break;
        case O_OPENAI_TRAIN:
            if (parse_size(v, &o.openai_train)) return pc_opts_bad_value(&p);
            break;
        case O_OPENAI_VALIDATION:
            if (parse_size(v, &o.openai_validation)) return pc_opts_bad_value(&p);
            break;
        case O_PAGE_SIZE:
            if (parse_size(v, &n) || n < 64) return pc_opts_bad_value(&p);
            o.parquet_page_bytes = n;
            break;
        case O_PARQUET_COMPRESSION: {
            int c = pc_parquet_codec_parse(v);
            if (c < 0)
                return pc_cli_usage(
                    "split", "unknown parquet compression '%s' (snappy, gzip, zstd, none)", v);
            o.parquet_codec = c;
            break;
        }
        case O_PARQUET_ROW_GROUP:
            if (parse_size(v, &n) || n < 1) return pc_opts_bad_value(&p);
            o.parquet_group_rows = n;
            break;
        case O_PARQUET_SHARD_SIZE:
            if (parse_size(v, &n) || n < 1) return pc_opts_bad_value(&p);
            o.parquet_shard_bytes = n;
            break;
        case O_LICENSE:
            o.license = v;
            break;
        case O_TITLE:
            o.title = v;
            break;
        case O_FORMAT: {
            unsigned f = pc_split_format_parse(v);
            if (!f)
                return pc_cli_usage("split", "unknown format '%s' (jsonl, parquet, openai, pickle)",
                                    v);
            formats |= f;
            break;
        }
        case PC_OPTS_OPERAND:
            if (sample)
                return pc_cli_usage("split", "one sample file only ('%s' and '%s')", sample, v);
            sample = v;
            break;
        }
    }
    if (!sample) return pc_cli_usage("split", "no sample file given");
    if (!dir) return pc_cli_usage("split", "no output folder given (-o DIR)");
    if (formats) o.formats = formats;
    if (pc_cli_refuse_overwrite("split", dir, 1, &sample, 1)) return PC_EXIT_USAGE;
    const char *shown = sample; /* the name in messages */
    if (!strcmp(sample, "-") && !(sample = pc_opts_spool_stdin("split"))) return PC_EXIT_FAIL;

    struct pc_progress prog;
    pc_progress_start(&prog, "split", 0);
    struct pc_split_stats st;
    struct pc_error err;
    pc_error_clear(&err);
    double t0 = pc_cli_now();
    int r = pc_split_file(sample, dir, &o, &st, show_progress, &prog, &err);
    pc_progress_finish(&prog);
    char a[32], b[32], c[32], d[32];
    if (r == PC_ESHORT)
        return pc_cli_fail("%s; use --allow-short to write what exists, or smaller "
                           "--train/--test",
                           err.message);
    if (r) return pc_cli_report(&err);
    if (st.odd_prices)
        fprintf(stderr,
                "pricer: warning: %s: %s items have a price that is not positive or above "
                "%.0f (the first: item %zu, price %g)\n",
                shown, pc_cli_commas(st.odd_prices, a), PC_SPLIT_ABSURD_PRICE, st.odd_first_item,
                st.odd_first_price);
    if (st.short_sample)
        fprintf(stderr, "pricer: warning: the sample has only %s items; the splits are short\n",
                pc_cli_commas(st.sample, a));
    if (!pc_cli_silent) {
        fprintf(stderr, "split: %s items -> train %s, test %s", pc_cli_commas(st.sample, a),
                pc_cli_commas(st.train, b), pc_cli_commas(st.test, c));
        if (o.validation) fprintf(stderr, ", validation %s", pc_cli_commas(st.validation, d));
        if (o.group_by)
            fprintf(stderr, " (--group-by %s: %s groups, %s items left out)",
                    pc_group_by_name(o.group_by), pc_cli_commas(st.groups, b),
                    pc_cli_commas(st.group_skipped, c));
        fprintf(stderr, " in '%s' (%s%s%s%s) in %.2f s\n", dir,
                o.formats & PC_FMT_JSONL ? "jsonl " : "",
                o.formats & PC_FMT_PARQUET ? "parquet " : "",
                o.formats & PC_FMT_OPENAI ? "openai " : "",
                o.formats & PC_FMT_PICKLE ? "pickle " : "", pc_cli_now() - t0);
        if (pc_cli_verbose)
            fprintf(stderr, "split: seed %llu, sample '%s', jobs %zu (0 = one per core)\n",
                    (unsigned long long)o.seed, shown, o.jobs);
    }
    if (o.formats & PC_FMT_OPENAI &&
        (st.openai_train < o.openai_train || st.openai_validation < o.openai_validation))
        fprintf(stderr, "pricer: warning: openai files have %zu and %zu lines (train is short)\n",
                st.openai_train, st.openai_validation);
    return PC_EXIT_OK;
}
