/* pricer parse: raw meta_<Category>.jsonl files -> items JSONL with prompts (SPEC §1-§2). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "opts.h"
#include "parse_inputs.h"

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
    {'q', 'q', "quiet", PC_OPT_FLAG, NULL, "no progress bar and no summary", NULL},
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

static int parse_files(char **files, int nin, const char *output, const char *category,
                       const char *tokenizer, const char *stats_path, int jobs, int with_source,
                       struct pc_item_opts opts);

int cmd_parse(int argc, char **argv)
{
    struct pc_item_opts opts;
    pc_item_opts_init(&opts);
    const char *output = "-", *category = NULL, *tokenizer = NULL, *stats_path = NULL;
    int jobs = 0, with_source = 1, c;
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
        case 'q':
            pc_cli_quiet = pc_cli_silent = 1;
            break;
        case 'h':
            pc_opts_help(&parse_cmd, stdout);
            urc = PC_EXIT_OK;
            break;
        }
    }
    if (urc < 0 && nin == 0) urc = pc_cli_usage("parse", "no input files");
    if (urc >= 0) {
        free(files);
        return urc;
    }
    int rc =
        parse_files(files, nin, output, category, tokenizer, stats_path, jobs, with_source, opts);
    free(files);
    return rc;
}

/* The run after the options: nin input files. */
static int parse_files(char **files, int nin, const char *output, const char *category,
                       const char *tokenizer, const char *stats_path, int jobs, int with_source,
                       struct pc_item_opts opts)
{
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
    struct pc_tok *tok = NULL;
    if (pc_tok_load_env(tokenizer, pc_cli_tok_env(), &tok, &err) != PC_OK) {
        pc_inputs_close(&ins);
        return pc_cli_report(&err);
    }

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
        if (run.reported > REPORT_MAX)
            fprintf(stderr, "pricer: ... %llu more invalid lines not shown\n",
                    (unsigned long long)(run.reported - REPORT_MAX));
        if (!pc_cli_silent || rc != PC_OK)
            pc_inputs_summary(&ins, st, stderr, rc == PC_OK ? NULL : "(incomplete)");
        if (stats_path && rc == PC_OK &&
            pc_inputs_stats_json(&ins, st, &opts, stats_path, &err) != PC_OK)
            exit_code = pc_cli_report(&err);
    }
    free(st);
    pc_tok_free(tok);
    pc_inputs_close(&ins);
    return exit_code;
}
