/* pricer parse: raw meta_<Category>.jsonl files -> items JSONL with prompts (SPEC §1-§2). */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "parse_inputs.h"

static const char parse_help[] =
    "usage: pricer parse [options] FILE... [-o OUT]\n"
    "\n"
    "Turns raw catalogue lines (meta_<Category>.jsonl, plain, .gz, .zst or .xz, detected by\n"
    "content; '-' is standard input) into items with prompts, exactly as the reference\n"
    "pipeline does (reference profile by default). Output: one JSON object per kept item, in\n"
    "input order, identical at any -j.\n"
    "\n"
    "options:\n"
    "  -o, --output FILE      write items here (default: standard output)\n"
    "      --category NAME    category of every input (default: from meta_<NAME>.jsonl)\n"
    "  -j, --jobs N           worker threads (default: all cores)\n"
    "      --tokenizer SPEC   tokenizer.json, folder or hub id (default: Llama 3.1)\n"
    "      --min-chars N      contents must be longer than N code points (300)\n"
    "      --ceiling-chars N  contents cut to N code points (1120)\n"
    "      --min-tokens N     text must have more than N tokens (150)\n"
    "      --max-tokens N     text cut to N tokens (160)\n"
    "      --min-price X      lowest price kept, inclusive (0.5)\n"
    "      --max-price X      highest price kept, inclusive (999.49)\n"
    "      --question TEXT    first line of the prompt\n"
    "                         (\"How much does this cost to the nearest dollar?\")\n"
    "      --prefix TEXT      answer prefix (\"Price is $\")\n"
    "      --clean-up MODE    decode clean-up: on, off or auto (tokenizer's config; on for\n"
    "                         Llama 3.1, as the reference)\n"
    "      --truncate MODE    tokens (reference: may cut mid-word), words (end at the last\n"
    "                         whole word) or sentences (at the last sentence end, else words)\n"
    "      --no-source        do not add \"source\": \"FILE:LINE\" to items\n"
    "      --stats FILE       also write the summary as JSON to FILE\n"
    "  -q, --quiet            no progress bar\n"
    "  -h, --help             show this help\n"
    "\n"
    "A summary (rows read, invalid lines by reason, priced, in price window, too short, too\n"
    "few tokens, items kept) is always printed on standard error. Invalid lines are skipped\n"
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

static const struct option parse_opts[] = {
    {"output", required_argument, NULL, 'o'},
    {"category", required_argument, NULL, OPT_CATEGORY},
    {"jobs", required_argument, NULL, 'j'},
    {"tokenizer", required_argument, NULL, OPT_TOKENIZER},
    {"min-chars", required_argument, NULL, OPT_MIN_CHARS},
    {"ceiling-chars", required_argument, NULL, OPT_CEILING},
    {"min-tokens", required_argument, NULL, OPT_MIN_TOKENS},
    {"max-tokens", required_argument, NULL, OPT_MAX_TOKENS},
    {"min-price", required_argument, NULL, OPT_MIN_PRICE},
    {"max-price", required_argument, NULL, OPT_MAX_PRICE},
    {"question", required_argument, NULL, OPT_QUESTION},
    {"prefix", required_argument, NULL, OPT_PREFIX},
    {"clean-up", required_argument, NULL, OPT_CLEANUP},
    {"truncate", required_argument, NULL, OPT_TRUNCATE},
    {"no-source", no_argument, NULL, OPT_NO_SOURCE},
    {"stats", required_argument, NULL, OPT_STATS},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

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

int cmd_parse(int argc, char **argv)
{
    struct pc_item_opts opts;
    pc_item_opts_init(&opts);
    const char *output = "-", *category = NULL, *tokenizer = NULL, *stats_path = NULL;
    int jobs = 0, with_source = 1, c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:j:qh", parse_opts, NULL)) != -1) {
        size_t n;
        switch (c) {
        case 'o':
            output = optarg;
            break;
        case OPT_CATEGORY:
            category = optarg;
            break;
        case 'j':
            if (parse_size(optarg, &n) || n < 1 || n > 256)
                return pc_cli_usage("parse", "-j wants a number from 1 to 256, not '%s'", optarg);
            jobs = (int)n;
            break;
        case OPT_TOKENIZER:
            tokenizer = optarg;
            break;
        case OPT_MIN_CHARS:
        case OPT_CEILING:
        case OPT_MIN_TOKENS:
        case OPT_MAX_TOKENS:
            if (parse_size(optarg, &n))
                return pc_cli_usage("parse", "'%s' is not a non-negative integer", optarg);
            if (c == OPT_MIN_CHARS) opts.min_chars = n;
            if (c == OPT_CEILING) opts.ceiling_chars = n;
            if (c == OPT_MIN_TOKENS) opts.min_tokens = n;
            if (c == OPT_MAX_TOKENS) opts.max_tokens = n;
            break;
        case OPT_MIN_PRICE:
        case OPT_MAX_PRICE:
            if (parse_price(optarg, c == OPT_MIN_PRICE ? &opts.min_price : &opts.max_price))
                return pc_cli_usage("parse", "'%s' is not a price", optarg);
            break;
        case OPT_QUESTION:
            opts.question = optarg;
            break;
        case OPT_PREFIX:
            if (!optarg[0]) return pc_cli_usage("parse", "--prefix cannot be empty");
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
                return pc_cli_usage("parse", "--clean-up wants on, off or auto, not '%s'", optarg);
            break;
        case OPT_TRUNCATE:
            if ((opts.truncate = pc_truncate_parse(optarg)) < 0)
                return pc_cli_usage(
                    "parse", "--truncate wants tokens, words or sentences, not '%s'", optarg);
            break;
        case OPT_NO_SOURCE:
            with_source = 0;
            break;
        case OPT_STATS:
            stats_path = optarg;
            break;
        case 'q':
            pc_cli_quiet = 1;
            break;
        case 'h':
            fputs(parse_help, stdout);
            return PC_EXIT_OK;
        default:
            return pc_cli_getopt_error("parse", argv, "o:j:qh", parse_help);
        }
    }
    if (optind >= argc) return pc_cli_usage("parse", "no input files");
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

    int nin = argc - optind;
    if (pc_cli_refuse_overwrite("parse", output, 0, (const char *const *)argv + optind,
                                (size_t)nin))
        return PC_EXIT_USAGE;
    struct pc_inputs ins;
    int rc = pc_inputs_open(&ins, argv + optind, nin, category, "parse");
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
