/* pricer split: shuffle a sample, slice train/test(/validation) and save it (SPEC §5). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char split_usage[] =
    "usage: pricer split SAMPLE -o DIR [options]\n"
    "\n"
    "Shuffles the sample (items JSONL from 'pricer curate') with CPython's random.seed +\n"
    "random.shuffle, as the reference does, then takes train, test and validation in that\n"
    "order. train rows are {\"text\": prompt, \"price\": price}; test and validation rows\n"
    "use test_prompt (the prompt cut after 'Price is $').\n"
    "\n"
    "  -o, --output DIR          output folder (created if missing; required)\n"
    "      --seed N              CPython seed (default 42)\n"
    "      --train N             rows of train (default 400000)\n"
    "      --test N              rows of test (default 2000)\n"
    "      --validation N        rows of validation, taken after test (default 0 = none)\n"
    "      --allow-short         when the sample is smaller, write what exists instead of\n"
    "                            stopping: test and validation keep their sizes as far\n"
    "                            as the sample allows, train takes the rest\n"
    "      --group-by KEY        after the shuffle, keep each group of items sharing KEY on\n"
    "                            one side, so no test/validation item's group is in train:\n"
    "                            prompt (text before 'Price is $'), title or parent_asin;\n"
    "                            off by default (the reference slices the shuffle as is)\n"
    "      --format F            jsonl (default), parquet, openai or pickle; repeatable\n"
    "                              jsonl:   DIR/train.jsonl, DIR/test.jsonl [, validation.jsonl]\n"
    "                              parquet: DIR/data/<split>-0000K-of-0000N.parquet and the\n"
    "                                       dataset card DIR/README.md (Hugging Face Hub layout)\n"
    "                              openai:  DIR/openai_train.jsonl, DIR/openai_validation.jsonl\n"
    "                                       (chat fine-tuning lines of train rows)\n"
    "                              pickle:  DIR/train.pkl, DIR/test.pkl [, validation.pkl]: a\n"
    "                                       list of items.Item objects (the course's pickles)\n"
    "      --openai-train N      train rows for openai_train.jsonl (default 200: train[:200])\n"
    "      --openai-validation M rows after them for openai_validation.jsonl (default 50)\n"
    "      --page-size BYTES     parquet data page size (default 1048576)\n"
    "      --parquet-compression C  snappy (default), gzip, zstd or none\n"
    "      --parquet-row-group N rows per parquet row group (default 100000)\n"
    "      --parquet-shard-size BYTES  start a new parquet shard from this size on\n"
    "                            (default 500000000)\n"
    "      --license ID          dataset card license (default other: the Amazon Reviews\n"
    "                            2023 terms apply)\n"
    "      --title TEXT          dataset card title (default pricer-data)\n"
    "  -j, --jobs N              threads reading the sample (default: one per core)\n"
    "  -h, --help                this help\n";

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
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        int missing = 0;
        size_t n;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(split_usage, stdout);
            return PC_EXIT_OK;
        } else if (!strcmp(a, "--allow-short")) {
            o.allow_short = 1;
        } else if ((v = pc_cli_opt_value(argc, argv, &i, "--output", &missing)) ||
                   (v = pc_cli_opt_value(argc, argv, &i, "-o", &missing))) {
            dir = v;
        } else if ((v = pc_cli_opt_value(argc, argv, &i, "--seed", &missing))) {
            char *end;
            errno = 0;
            o.seed = strtoull(v, &end, 10);
            if (errno || end == v || *end || v[0] == '-') goto bad_value;
        } else if ((v = pc_cli_opt_value(argc, argv, &i, "--jobs", &missing)) ||
                   (v = pc_cli_opt_value(argc, argv, &i, "-j", &missing))) {
            if (parse_size(v, &o.jobs) || o.jobs > 16) goto bad_value;
        } else if ((v = pc_cli_opt_value(argc, argv, &i, "--group-by", &missing))) {
            if ((o.group_by = pc_group_by_parse(v)) < 0)
                return pc_cli_usage(
                    "split", "--group-by wants prompt, title, parent_asin or off, not '%s'", v);
        } else if ((v = pc_cli_opt_value(argc, argv, &i, "--train", &missing))) {
            if (parse_size(v, &o.train)) goto bad_value;
        } else if ((v = pc_cli_opt_value(argc, argv, &i, "--test", &missing))) {
            if (parse_size(v, &o.test)) goto bad_value;
        } else if ((v = pc_cli_opt_value(argc, argv, &i, "--validation", &missing))) {
            if (parse_size(v, &o.validation)) goto bad_value;
        } else if ((v = pc_cli_opt_value(argc, argv, &i, "--openai-train", &missing))) {
            if (parse_size(v, &o.openai_train)) goto bad_value;
        } else if ((v = pc_cli_opt_value(argc, argv, &i, "--openai-validation", &missing))) {
            if (parse_size(v, &o.openai_validation)) goto bad_value;
        } else if ((v = pc_cli_opt_value(argc, argv, &i, "--page-size", &missing))) {
            if (parse_size(v, &n) || n < 64) goto bad_value;
            o.parquet_page_bytes = n;
        } else if ((v = pc_cli_opt_value(argc, argv, &i, "--parquet-compression", &missing))) {
            int c = pc_parquet_codec_parse(v);
            if (c < 0)
                return pc_cli_usage(
                    "split", "unknown parquet compression '%s' (snappy, gzip, zstd, none)", v);
            o.parquet_codec = c;
        } else if ((v = pc_cli_opt_value(argc, argv, &i, "--parquet-row-group", &missing))) {
            if (parse_size(v, &n) || n < 1) goto bad_value;
            o.parquet_group_rows = n;
        } else if ((v = pc_cli_opt_value(argc, argv, &i, "--parquet-shard-size", &missing))) {
            if (parse_size(v, &n) || n < 1) goto bad_value;
            o.parquet_shard_bytes = n;
        } else if ((v = pc_cli_opt_value(argc, argv, &i, "--license", &missing))) {
            o.license = v;
        } else if ((v = pc_cli_opt_value(argc, argv, &i, "--title", &missing))) {
            o.title = v;
        } else if ((v = pc_cli_opt_value(argc, argv, &i, "--format", &missing))) {
            unsigned f = pc_split_format_parse(v);
            if (!f)
                return pc_cli_usage("split", "unknown format '%s' (jsonl, parquet, openai, pickle)",
                                    v);
            formats |= f;
        } else if (missing) {
            return pc_cli_usage("split", "option '%s' needs a value", a);
        } else if (a[0] == '-' && a[1] != '\0') {
            return pc_cli_unknown_option("split", a, split_usage);
        } else if (!sample) {
            sample = a;
        } else {
            return pc_cli_usage("split", "one sample file only ('%s' and '%s')", sample, a);
        }
        continue;
    bad_value:
        return pc_cli_usage("split", "bad value for '%s': '%s'", a, v);
    }
    if (!sample) return pc_cli_usage("split", "no sample file given");
    if (!dir) return pc_cli_usage("split", "no output folder given (-o DIR)");
    if (formats) o.formats = formats;
    if (pc_cli_refuse_overwrite("split", dir, 1, &sample, 1)) return PC_EXIT_USAGE;

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
                sample, pc_cli_commas(st.odd_prices, a), PC_SPLIT_ABSURD_PRICE, st.odd_first_item,
                st.odd_first_price);
    if (st.short_sample)
        fprintf(stderr, "pricer: warning: the sample has only %s items; the splits are short\n",
                pc_cli_commas(st.sample, a));
    fprintf(stderr, "split: %s items -> train %s, test %s", pc_cli_commas(st.sample, a),
            pc_cli_commas(st.train, b), pc_cli_commas(st.test, c));
    if (o.validation) fprintf(stderr, ", validation %s", pc_cli_commas(st.validation, d));
    if (o.group_by)
        fprintf(stderr, " (--group-by %s: %s groups, %s items left out)",
                pc_group_by_name(o.group_by), pc_cli_commas(st.groups, b),
                pc_cli_commas(st.group_skipped, c));
    fprintf(stderr, " in '%s' (%s%s%s%s) in %.2f s\n", dir,
            o.formats & PC_FMT_JSONL ? "jsonl " : "", o.formats & PC_FMT_PARQUET ? "parquet " : "",
            o.formats & PC_FMT_OPENAI ? "openai " : "", o.formats & PC_FMT_PICKLE ? "pickle " : "",
            pc_cli_now() - t0);
    if (o.formats & PC_FMT_OPENAI &&
        (st.openai_train < o.openai_train || st.openai_validation < o.openai_validation))
        fprintf(stderr, "pricer: warning: openai files have %zu and %zu lines (train is short)\n",
                st.openai_train, st.openai_validation);
    return PC_EXIT_OK;
}
