/* pricer parse: raw meta_<Category>.jsonl files -> items JSONL with prompts (SPEC §1-§2). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "opts.h"
#include "parse_inputs.h"
#include "pipe/shard.h"

static const char parse_help[] =
    "usage: pricer parse [options] FILE... [-o OUT]\n"
    "\n"
    "Turns raw catalogue lines (meta_<Category>.jsonl, plain, .gz, .zst or .xz, detected by\n"
    "content; '-' is standard input) into items with prompts, exactly as the reference\n"
    "pipeline does (reference profile by default). Output: one JSON object per kept item, in\n"
    "input order, identical at any -j.\n"
    "\n"
    "options:\n";

static const char parse_tail[] =
    "\n"
    "A summary (rows read, invalid lines by reason, priced, in price window, too short, too\n"
    "few tokens, items kept) is printed on standard error unless -q. Invalid lines are skipped\n"
    "and reported with file and line; the exit status is non-zero when an input cannot be\n"
    "read or the output cannot be written.\n";

enum {
    OPT_CATEGORY = 256,
    OPT_TOKENIZER,
    OPT_MIN_CHARS,
    OPT_CEILING,
    OPT_MIN_TOKENS,
    OPT_MAX_TOKENS,
    OPT_MIN_PRICE,
    OPT_MAX_PRICE,
    OPT_QUESTION,
    OPT_PREFIX,
    OPT_CLEANUP,
    OPT_TRUNCATE,
    OPT_NO_SOURCE,
    OPT_STATS,
    OPT_SHARD,
    OPT_MERGE_STATS,
    OPT_SHARD_PLAN,
    OPT_PLAN_SHARDS,
};

enum { OPT_THREADS = 300 };

static const struct pc_opt parse_opts[] = {
    {'o', 'o', "output", PC_OPT_VALUE, "FILE", "write items here (default: standard output)", NULL},
    {OPT_CATEGORY, 0, "category", PC_OPT_VALUE, "NAME",
     "category of every input (default: from meta_<NAME>.jsonl)", NULL},
    {'j', 'j', "jobs", PC_OPT_VALUE, "N", "worker threads (default: all cores)", NULL},
    {OPT_THREADS, 0, "threads", PC_OPT_VALUE, "N", "the same as --jobs", NULL},
    {OPT_TOKENIZER, 0, "tokenizer", PC_OPT_VALUE, "SPEC",
     "tokenizer.json, folder or hub id (default: Llama 3.1)", NULL},
    {OPT_MIN_CHARS, 0, "min-chars", PC_OPT_VALUE, "N",
     "contents must be longer than N code points (300)", NULL},
    {OPT_CEILING, 0, "ceiling-chars", PC_OPT_VALUE, "N", "contents cut to N code points (1120)",
     NULL},
    {OPT_MIN_TOKENS, 0, "min-tokens", PC_OPT_VALUE, "N", "text must have more than N tokens (150)",
     NULL},
    {OPT_MAX_TOKENS, 0, "max-tokens", PC_OPT_VALUE, "N", "text cut to N tokens (160)", NULL},
    {OPT_MIN_PRICE, 0, "min-price", PC_OPT_VALUE, "X", "lowest price kept, inclusive (0.5)", NULL},
    {OPT_MAX_PRICE, 0, "max-price", PC_OPT_VALUE, "X", "highest price kept, inclusive (999.49)",
     NULL},
    {OPT_QUESTION, 0, "question", PC_OPT_VALUE, "TEXT",
     "first line of the prompt\n(\"How much does this cost to the nearest dollar?\")", NULL},
    {OPT_PREFIX, 0, "prefix", PC_OPT_VALUE, "TEXT", "answer prefix (\"Price is $\")", NULL},
    {OPT_CLEANUP, 0, "clean-up", PC_OPT_VALUE, "MODE",
     "decode clean-up: on, off or auto (tokenizer's config; on for\n"
     "Llama 3.1, as the reference)",
     NULL},
    {OPT_TRUNCATE, 0, "truncate", PC_OPT_VALUE, "MODE",
     "tokens (reference: may cut mid-word), words (end at the last\n"
     "whole word) or sentences (at the last sentence end, else words)",
     NULL},
    {OPT_NO_SOURCE, 0, "no-source", PC_OPT_FLAG, NULL,
     "do not add \"source\": \"FILE:LINE\" to items", NULL},
    {OPT_STATS, 0, "stats", PC_OPT_VALUE, "FILE", "also write the summary as JSON to FILE", NULL},
    {OPT_SHARD, 0, "shard", PC_OPT_VALUE, "K/N",
     "only the K-th of N shards (K from 1) of the inputs' bytes:\n"
     "plain files cut at line starts, zstd files at frames, BGZF gzip\n"
     "files at members, other compressed files whole; the N outputs\n"
     "concatenated in K order are the unsharded output",
     NULL},
    {OPT_SHARD_PLAN, 0, "shard-plan", PC_OPT_VALUE, "PLAN",
     "take shard K's ranges from PLAN (made by --plan-shards)", NULL},
    {OPT_PLAN_SHARDS, 0, "plan-shards", PC_OPT_VALUE, "N",
     "write to -o the plan of all N shards of FILE...: one pass\n"
     "instead of each shard counting the lines before it; it says\n"
     "per input what it splits into (\"split\", \"units\")",
     NULL},
    {OPT_MERGE_STATS, 0, "merge-stats", PC_OPT_FLAG, NULL,
     "FILE... are --stats files of the N shards: write their merge\n"
     "(the unsharded run's statistics) to -o",
     NULL},
    {'q', 'q', "quiet", PC_OPT_FLAG, NULL, "no progress bar and no summary", NULL},
    {'v', 'v', "verbose", PC_OPT_FLAG, NULL,
     "also the files read with their sizes, the tokenizer file\nand its image cache, every "
     "outcome's count and the speed",
     NULL},
    {'h', 'h', "help", PC_OPT_FLAG, NULL, "show this help", NULL},
    {0, 0, NULL, 0, NULL, NULL, NULL},
};

static const struct pc_opt_cmd parse_cmd = {"parse", parse_help, parse_tail, parse_opts};

static int parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-') return -1;
    *out = (size_t)v;
    return 0;
}

static int parse_price(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end) return -1;
    *out = v;
    return 0;
}

struct parse_run {
    struct pc_atomic out;
    struct pc_progress progress;
    uint64_t reported;
};

static int sink_write(void *user, const char *data, size_t len, struct pc_error *err)
{
    struct parse_run *r = user;
    if (fwrite(data, 1, len, r->out.fp) != len)
        return pc_error_set(err, PC_EIO, "cannot write '%s': %s", r->out.path, strerror(errno));
    return PC_OK;
}

static void on_progress(void *user, uint64_t pos, uint64_t items)
{
    struct parse_run *r = user;
    pc_progress_update(&r->progress, pos, items);
}

#define REPORT_MAX 20

static void on_invalid(void *user, const char *input, int64_t line_no, int outcome,
                       const char *message)
{
    struct parse_run *r = user;
    if (r->reported++ >= REPORT_MAX) return;
    pc_progress_message(&r->progress, "pricer: %s:%lld: skipped (%s): %s", input,
                        (long long)line_no, pc_outcome_key(outcome), message);
}

/* --merge-stats: the shards' statistics files -> the run's (to output, '-' = stdout). */
static int merge_stats_files(char **files, int n, const char *output)
{
    struct pc_error err;
    pc_error_clear(&err);
    struct pc_buf b;
    pc_buf_init(&b, 0);
    int rc = pc_parse_stats_merge_files((const char *const *)files, (size_t)n, &b, &err);
    if (!rc && strcmp(output, "-"))
        rc = pc_atomic_write(output, b.data, b.len, &err);
    else if (!rc && fwrite(b.data, 1, b.len, stdout) != b.len)
        rc = pc_error_set(&err, PC_EIO, "cannot write the standard output");
    pc_buf_release(&b);
    return rc ? pc_cli_report(&err) : PC_EXIT_OK;
}

/* --plan-shards N: the plan of every shard of the inputs, to output ('-' = stdout). */
static int write_plan(char **paths, int count, unsigned n, const char *output)
{
    struct pc_error err;
    pc_error_clear(&err);
    struct pc_buf b;
    pc_buf_init(&b, 0);
    struct pc_shard_range *all = calloc((size_t)count * n + 1, sizeof *all);
    int rc = all ? PC_OK : pc_error_set(&err, PC_ENOMEM, "out of memory");
    if (!rc) rc = pc_shard_plan_all((const char *const *)paths, (size_t)count, n, all, &err);
    if (!rc && pc_shard_plan_dump(&b, (const char *const *)paths, (size_t)count, n, all))
        rc = pc_error_set(&err, PC_ENOMEM, "out of memory");
    if (!rc && strcmp(output, "-"))
        rc = pc_atomic_write(output, b.data, b.len, &err);
    else if (!rc && fwrite(b.data, 1, b.len, stdout) != b.len)
        rc = pc_error_set(&err, PC_EIO, "cannot write the standard output");
    free(all);
    pc_buf_release(&b);
    return rc ? pc_cli_report(&err) : PC_EXIT_OK;
}

/* --shard K/N: replaces each input's reader by its part of shard K (pipe/shard.h). */
static int shard_inputs(struct pc_inputs *ins, unsigned k, unsigned n, const char *plan,
                        struct pc_error *err)
{
    const char **paths = calloc((size_t)ins->n + 1, sizeof *paths);
    struct pc_shard_range *rs = calloc((size_t)ins->n + 1, sizeof *rs);
    int rc = paths && rs ? PC_OK : pc_error_set(err, PC_ENOMEM, "out of memory");
    for (int i = 0; !rc && i < ins->n; i++) paths[i] = ins->inputs[i].name;
    if (!rc && plan) rc = pc_shard_plan_load(plan, paths, (size_t)ins->n, k, n, rs, err);
    if (!rc && !plan) rc = pc_shard_plan(paths, (size_t)ins->n, k, n, rs, err);
    ins->total_bytes = 0;
    for (int i = 0; !rc && i < ins->n; i++) {
        if (rs[i].take && rs[i].whole) { /* compressed, read whole: keep the open reader */
            ins->total_bytes += (uint64_t)pc_reader_size(ins->readers[i]);
            continue;
        }
        struct pc_reader *r = NULL;
        if ((rc = pc_shard_open(paths[i], &rs[i], &r, err))) break;
        pc_reader_free(ins->readers[i]);
        ins->readers[i] = ins->inputs[i].reader = r;
        ins->inputs[i].line_base = rs[i].line_base;
        ins->total_bytes += (uint64_t)pc_reader_size(r);
    }
    free(paths);
    free(rs);
    return rc;
}

static int parse_files(char **files, int nin, const char *output, const char *category,
                       const char *tokenizer, const char *stats_path, int jobs, int with_source,
                       struct pc_item_opts opts, unsigned shard_k, unsigned shard_n,
                       const char *shard_plan);

int cmd_parse(int argc, char **argv)
{
    struct pc_item_opts opts;
    pc_item_opts_init(&opts);
    const char *output = "-", *category = NULL, *tokenizer = NULL, *stats_path = NULL;
    int jobs = 0, with_source = 1, merge_stats = 0, c;
    unsigned shard_k = 0, shard_n = 0, plan_shards = 0;
    const char *shard_plan = NULL;
    char **files = calloc((size_t)argc + 1, sizeof *files);
    int nin = 0;
    if (!files) return pc_cli_fail("out of memory");
    struct pc_opts p;
    pc_opts_init(&p, &parse_cmd, argc, argv);
    int urc = -1; /* set when the loop ends with an exit code */
    while (urc < 0 && (c = pc_opts_next(&p)) != PC_OPTS_END) {
        const char *optarg = p.value;
        size_t n;
        switch (c) {
        case PC_OPTS_OPERAND:
            files[nin++] = (char *)optarg;
            break;
        case PC_OPTS_ERROR:
            urc = PC_EXIT_USAGE;
            break;
        case 'o':
            output = optarg;
            break;
        case OPT_CATEGORY:
            category = optarg;
            break;
        case 'j':
        case OPT_THREADS:
            if (parse_size(optarg, &n) || n < 1 || n > 256) {
                urc = pc_cli_usage("parse", "%s wants a number from 1 to 256, not '%s'", p.spelled,
                                   optarg);
                break;
            }
            jobs = (int)n;
            break;
        case OPT_TOKENIZER:
            tokenizer = optarg;
            break;
        case OPT_MIN_CHARS:
        case OPT_CEILING:
        case OPT_MIN_TOKENS:
        case OPT_MAX_TOKENS:
            if (parse_size(optarg, &n)) {
                urc = pc_cli_usage("parse", "'%s' is not a non-negative integer", optarg);
                break;
            }
            if (c == OPT_MIN_CHARS) opts.min_chars = n;
            if (c == OPT_CEILING) opts.ceiling_chars = n;
            if (c == OPT_MIN_TOKENS) opts.min_tokens = n;
            if (c == OPT_MAX_TOKENS) opts.max_tokens = n;
            break;
        case OPT_MIN_PRICE:
        case OPT_MAX_PRICE:
            if (parse_price(optarg, c == OPT_MIN_PRICE ? &opts.min_price : &opts.max_price)) {
                urc = pc_cli_usage("parse", "'%s' is not a price", optarg);
                break;
            }
            break;
        case OPT_QUESTION:
            opts.question = optarg;
            break;
        case OPT_PREFIX:
            if (!optarg[0]) {
                urc = pc_cli_usage("parse", "--prefix cannot be empty");
                break;
            }
            opts.prefix = optarg;
            break;
        case OPT_CLEANUP:
            if (!strcmp(optarg, "on"))
                opts.cleanup = 1;
            else if (!strcmp(optarg, "off"))
                opts.cleanup = 0;
            else if (!strcmp(optarg, "auto"))
                opts.cleanup = -1;
            else
                urc = pc_cli_usage("parse", "--clean-up wants on, off or auto, not '%s'", optarg);
            break;
        case OPT_TRUNCATE:
            if ((opts.truncate = pc_truncate_parse(optarg)) < 0) {
                urc = pc_cli_usage("parse", "--truncate wants tokens, words or sentences, not '%s'",
                                   optarg);
                break;
            }
            break;
        case OPT_NO_SOURCE:
            with_source = 0;
            break;
        case OPT_STATS:
            stats_path = optarg;
            break;
        case OPT_SHARD: {
            struct pc_error e;
            pc_error_clear(&e);
            if (pc_shard_parse(optarg, &shard_k, &shard_n, &e)) {
                urc = pc_cli_usage("parse", "%s", e.message);
                break;
            }
            break;
        }
        case OPT_MERGE_STATS:
            merge_stats = 1;
            break;
        case OPT_SHARD_PLAN:
            shard_plan = optarg;
            break;
        case OPT_PLAN_SHARDS:
            if (parse_size(optarg, &n) || n < 1 || n > 1000000) {
                urc = pc_cli_usage("parse", "--plan-shards wants 1 to 1000000, not '%s'", optarg);
                break;
            }
            plan_shards = (unsigned)n;
            break;
        case 'q':
            pc_cli_set_quiet();
            break;
        case 'v':
            pc_cli_set_verbose();
            break;
        case 'h':
            pc_opts_help(&parse_cmd, stdout);
            urc = PC_EXIT_OK;
            break;
        }
    }
    if (urc < 0 && nin == 0) urc = pc_cli_usage("parse", "no input files");
    if (urc < 0 && merge_stats) urc = merge_stats_files(files, nin, output);
    if (urc < 0 && plan_shards) urc = write_plan(files, nin, plan_shards, output);
    if (urc >= 0) {
        free(files);
        return urc;
    }
    int rc = parse_files(files, nin, output, category, tokenizer, stats_path, jobs, with_source,
                         opts, shard_k, shard_n, shard_plan);
    free(files);
    return rc;
}

/* -v: every outcome's count over all inputs, and the speed. */
static void print_outcomes(const struct pc_inputs *ins, const struct pc_parse_stats *st,
                           double seconds)
{
    struct pc_parse_stats tot;
    memset(&tot, 0, sizeof tot);
    for (int i = 0; i < ins->n; i++) pc_parse_stats_add(&tot, &st[i]);
    char a[32];
    fprintf(stderr, "pricer parse: lines by outcome:");
    for (int o = 0; o < PC_OUT_COUNT; o++)
        if (tot.outcome[o])
            fprintf(stderr, " %s %s", pc_outcome_key(o), pc_cli_commas(tot.outcome[o], a));
    fprintf(stderr, "\npricer parse: %s lines in %.2f s", pc_cli_commas(tot.lines, a), seconds);
    if (ins->total_bytes && seconds > 0)
        fprintf(stderr, " (%.1f MB/s)", ins->total_bytes / 1e6 / seconds);
    fputc('\n', stderr);
}

/* The run after the options: nin input files. */
static int parse_files(char **files, int nin, const char *output, const char *category,
                       const char *tokenizer, const char *stats_path, int jobs, int with_source,
                       struct pc_item_opts opts, unsigned shard_k, unsigned shard_n,
                       const char *shard_plan)
{
    if (shard_plan && !shard_n) return pc_cli_usage("parse", "--shard-plan needs --shard K/N");
    if (opts.max_tokens == 0) return pc_cli_usage("parse", "--max-tokens must be at least 1");
    if (opts.min_price > opts.max_price)
        return pc_cli_usage("parse", "--min-price is above --max-price");
    if (opts.max_tokens < opts.min_tokens)
        fprintf(stderr,
                "pricer parse: warning: --max-tokens %zu is below --min-tokens %zu: items are "
                "cut to %zu tokens but must have %zu\n",
                (size_t)opts.max_tokens, (size_t)opts.min_tokens, (size_t)opts.max_tokens,
                (size_t)opts.min_tokens);
    if (jobs == 0) jobs = pc_pipe_cpus();

    if (pc_cli_refuse_overwrite("parse", output, 0, (const char *const *)files, (size_t)nin))
        return PC_EXIT_USAGE;
    struct pc_inputs ins;
    int rc = pc_inputs_open(&ins, files, nin, category, "parse");
    if (rc != PC_EXIT_OK) return rc;

    struct pc_error err;
    pc_error_clear(&err);
    if (shard_n && shard_inputs(&ins, shard_k, shard_n, shard_plan, &err) != PC_OK) {
        pc_inputs_close(&ins);
        return pc_cli_report(&err);
    }
    struct pc_tok *tok = NULL;
    char cache_buf[4096];
    struct pc_tok_load_opts lo = {pc_cli_tok_cache_dir(NULL, cache_buf, sizeof cache_buf),
                                  pc_cli_tok_env()};
    if (pc_tok_load_ex(tokenizer, &lo, &tok, &err) != PC_OK) {
        pc_inputs_close(&ins);
        return pc_cli_report(&err);
    }

    int verbose = pc_cli_verbose && !pc_cli_silent;
    if (verbose) {
        static const char *const image[] = {"no image cache", "image loaded", "image written",
                                            "invalid image replaced", "image not saved"};
        int is = pc_tok_image_state(tok);
        for (int i = 0; i < nin; i++) pc_cli_verbose_file("parse", "reading", files[i]);
        fprintf(stderr, "pricer parse: tokenizer '%s' (vocabulary %zu; %s%s%s), %d thread%s\n",
                pc_tok_path(tok), pc_tok_vocab_size(tok), is >= 0 && is <= 4 ? image[is] : "?",
                lo.cache_dir ? " in " : "", lo.cache_dir ? lo.cache_dir : "", jobs,
                jobs == 1 ? "" : "s");
    }
    double t0 = pc_cli_now();
    struct parse_run run;
    memset(&run, 0, sizeof run);
    if (pc_atomic_open(&run.out, output, &err) != PC_OK) {
        pc_tok_free(tok);
        pc_inputs_close(&ins);
        return pc_cli_report(&err);
    }
    struct pc_parse_stats *st = calloc((size_t)nin, sizeof *st);
    struct pc_parse_cfg cfg = {
        .inputs = ins.inputs,
        .n_inputs = (size_t)nin,
        .tok = tok,
        .opts = opts,
        .threads = jobs,
        .with_source = with_source,
        .user = &run,
        .write = sink_write,
        .on_progress = on_progress,
        .on_invalid = on_invalid,
    };
    pc_progress_start(&run.progress, "parse", ins.total_bytes);
    rc = st ? pc_parse_run(&cfg, st, &err) : pc_error_set(&err, PC_ENOMEM, "out of memory");
    pc_progress_finish(&run.progress);
    int exit_code = PC_EXIT_OK;
    if (rc != PC_OK) {
        pc_atomic_abort(&run.out);
        exit_code = pc_cli_report(&err);
    } else if (pc_atomic_commit(&run.out, &err) != PC_OK) {
        exit_code = pc_cli_report(&err);
    }
    if (st) {
        /* counted from the statistics: the lines detailed per batch are capped, so the
         * number of messages depends on how lines were batched */
        uint64_t invalid = 0;
        for (int i = 0; i < nin; i++) invalid += pc_parse_stats_invalid(&st[i]);
        if (invalid > REPORT_MAX)
            fprintf(stderr, "pricer: ... %llu more invalid lines not shown\n",
                    (unsigned long long)(invalid - REPORT_MAX));
        char note[64];
        snprintf(note, sizeof note, "(shard %u/%u%s)", shard_k, shard_n,
                 rc == PC_OK ? "" : ", incomplete");
        if (!pc_cli_silent || rc != PC_OK)
            pc_inputs_summary(&ins, st, stderr,
                              shard_n       ? note
                              : rc == PC_OK ? NULL
                                            : "(incomplete)");
        if (verbose && rc == PC_OK) print_outcomes(&ins, st, pc_cli_now() - t0);
        if (stats_path && rc == PC_OK &&
            pc_inputs_stats_json(&ins, st, &opts, stats_path, &err) != PC_OK)
            exit_code = pc_cli_report(&err);
    }
    free(st);
    pc_tok_free(tok);
    pc_inputs_close(&ins);
    return exit_code;
}
