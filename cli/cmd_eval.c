/* pricer eval: score price predictions on a test split as the course's Tester does. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "opts.h"

enum {
    O_TEST = 1,
    O_PREDICTIONS,
    O_BASELINE,
    O_TRAIN,
    O_ITEMS,
    O_VALUE,
    O_SIZE,
    O_SEED,
    O_NAME,
    O_JSON,
    O_OUTPUT,
    O_COLOR,
    O_QUIET,
    O_VERBOSE,
    O_HELP
};

static const struct pc_opt eval_opts[] = {
    {O_TEST, 0, "test", PC_OPT_VALUE, "TEST",
     "test split: test.jsonl ({\"text\", \"price\"} per line; also\n"
     "\"truth_price\", \"title\", \"category\") or a Parquet split",
     NULL},
    {O_PREDICTIONS, 0, "predictions", PC_OPT_VALUE, "FILE",
     "one prediction per test item, in order: JSONL lines\n"
     "{\"price\": 12.5} or {\"completion\": \"model reply\"} (the price\n"
     "read as the course's get_price does), or a CSV with a price column",
     NULL},
    {O_BASELINE, 0, "baseline", PC_OPT_VALUE, "NAME",
     "random: random.seed(--seed) then randrange(1, 1000) per item;\n"
     "constant: --value V, or the mean train price with --train;\n"
     "category-median: the median --train price of the item's category",
     NULL},
    {O_TRAIN, 0, "train", PC_OPT_VALUE, "TRAIN",
     "train split or items JSONL (for constant and category-median)", NULL},
    {O_ITEMS, 0, "items", PC_OPT_VALUE, "FILE",
     "items or sample JSONL (repeatable): gives TEST and TRAIN rows\n"
     "their category and TEST rows their title, matched by prompt",
     NULL},
    {O_VALUE, 0, "value", PC_OPT_VALUE, "V", "the constant guess", NULL},
    {O_SIZE, 0, "size", PC_OPT_VALUE, "N",
     "items scored, from the start of TEST (default 250; 'all')", NULL},
    {O_SEED, 0, "seed", PC_OPT_VALUE, "N", "seed of the random baseline (default 42)", NULL},
    {O_NAME, 0, "name", PC_OPT_VALUE, "TEXT",
     "the predictor's name in the summary (default from the baseline\n"
     "or the predictions file)",
     NULL},
    {O_JSON, 0, "json", PC_OPT_FLAG, NULL, "print only the summary as one JSON object", NULL},
    {O_OUTPUT, 'o', "output", PC_OPT_VALUE, "FILE",
     "also write a self-contained HTML page with the charts", NULL},
    {O_COLOR, 0, "color", PC_OPT_VALUE, "WHEN", "auto (default: on a terminal), always, never",
     NULL},
    {O_QUIET, 'q', "quiet", PC_OPT_FLAG, NULL, "no notes on standard error", NULL},
    {O_VERBOSE, 'v', "verbose", PC_OPT_FLAG, NULL,
     "also the files read with their sizes and the rows scored", NULL},
    {O_HELP, 'h', "help", PC_OPT_FLAG, NULL, "this help", NULL},
    {0, 0, NULL, 0, NULL, NULL, NULL},
};

static const struct pc_opt_cmd eval_cmd = {
    "eval",
    "usage: pricer eval --test TEST (--predictions FILE | --baseline NAME) [options]\n"
    "\n"
    "Scores price predictions on the first --size items of a test split exactly as the\n"
    "course's Tester does: per item the guess, truth, |error| and squared log error\n"
    "(coloured green / orange / red on a terminal), then the average error, RMSLE and the\n"
    "percentage of green hits (error < $40 or < 20% of the truth).\n"
    "\n",
    "\n"
    "example:\n"
    "  pricer eval --test dataset/test.jsonl --baseline random -o eval.html\n",
    eval_opts,
};

/* "Random Pricer" from "random", "Model Predictions" from "model_predictions.jsonl". */
static void title_case(const char *s, char *out, size_t cap)
{
    const char *base = strrchr(s, '/');
    base = base ? base + 1 : s;
    size_t o = 0;
    int start = 1;
    for (; *base && *base != '.' && o + 1 < cap; base++) {
        char c = *base == '_' || *base == '-' ? ' ' : *base;
        if (c >= 'a' && c <= 'z' && start) c = (char)(c - 'a' + 'A');
        start = c == ' ';
        out[o++] = c;
    }
    out[o] = 0;
}

static int write_file(const char *path, const char *data, size_t len, struct pc_error *err)
{
    struct pc_atomic w;
    int rc = pc_atomic_open(&w, path, err);
    if (rc) return rc;
    if (fwrite(data, 1, len, w.fp) != len) {
        pc_atomic_abort(&w);
        return pc_error_set(err, PC_EIO, "cannot write '%s': %s", path, strerror(errno));
    }
    return pc_atomic_commit(&w, err);
}

struct opts {
    const char *test, *preds, *baseline, *train, *value, *out, *name, *color;
    const char **items; /* argc entries */
    size_t nitems;
    size_t size; /* 0 = all */
    uint64_t seed;
    int json;
};

static int parse_args(int argc, char **argv, struct opts *o)
{
    int id;
    struct pc_opts p;
    pc_opts_init(&p, &eval_cmd, argc, argv);
    while ((id = pc_opts_next(&p)) != PC_OPTS_END) {
        const char *v = p.value;
        switch (id) {
        case PC_OPTS_ERROR:
            return PC_EXIT_USAGE;
        case PC_OPTS_OPERAND:
            return pc_cli_usage("eval",
                                "unexpected argument '%s' (name files with --test, "
                                "--predictions, --train, --items)",
                                v);
        case O_HELP:
            pc_opts_help(&eval_cmd, stdout);
            return -1;
        case O_JSON:
            o->json = 1;
            break;
        case O_QUIET:
            pc_cli_set_quiet();
            break;
        case O_VERBOSE:
            pc_cli_set_verbose();
            break;
        case O_TEST:
            o->test = v;
            break;
        case O_PREDICTIONS:
            o->preds = v;
            break;
        case O_BASELINE:
            o->baseline = v;
            break;
        case O_TRAIN:
            o->train = v;
            break;
        case O_ITEMS:
            o->items[o->nitems++] = v;
            break;
        case O_VALUE:
            o->value = v;
            break;
        case O_NAME:
            o->name = v;
            break;
        case O_COLOR:
            o->color = v;
            break;
        case O_OUTPUT:
            o->out = v;
            break;
        case O_SIZE: {
            char *end;
            errno = 0;
            unsigned long long n = strtoull(v, &end, 10);
            if (!strcmp(v, "all"))
                o->size = 0;
            else if (*v < '0' || *v > '9' || *end || errno || n == 0)
                return pc_cli_usage("eval", "--size wants a positive integer or 'all', not '%s'",
                                    v);
            else
                o->size = (size_t)n;
            break;
        }
        case O_SEED: {
            char *end;
            errno = 0;
            unsigned long long n = strtoull(v, &end, 10);
            if (*v < '0' || *v > '9' || *end || errno)
                return pc_cli_usage("eval", "--seed wants a non-negative integer, not '%s'", v);
            o->seed = n;
            break;
        }
        }
    }
    if (!o->test) return pc_cli_usage("eval", "--test TEST is required");
    if (!o->preds == !o->baseline)
        return pc_cli_usage("eval", "give one of --predictions FILE and --baseline NAME");
    if (o->baseline && strcmp(o->baseline, "random") && strcmp(o->baseline, "constant") &&
        strcmp(o->baseline, "category-median"))
        return pc_cli_usage("eval", "unknown baseline '%s' (random, constant, category-median)",
                            o->baseline);
    if (o->baseline && !strcmp(o->baseline, "constant") && !o->value && !o->train)
        return pc_cli_usage("eval", "the constant baseline needs --value V or --train TRAIN");
    if (o->baseline && !strcmp(o->baseline, "category-median") && !o->train)
        return pc_cli_usage("eval", "the category-median baseline needs --train TRAIN");
    if (strcmp(o->color, "auto") && strcmp(o->color, "always") && strcmp(o->color, "never"))
        return pc_cli_usage("eval", "--color wants auto, always or never, not '%s'", o->color);
    /* '-': standard input, copied to a temporary file (the readers take paths) */
    const char **from_stdin[] = {&o->test, &o->preds, &o->train};
    int dashes = 0;
    for (size_t i = 0; i < 3; i++) dashes += *from_stdin[i] && !strcmp(*from_stdin[i], "-");
    if (dashes > 1)
        return pc_cli_usage("eval", "only one of --test, --predictions and --train can be '-'");
    if (o->preds && !strcmp(o->preds, "-") && !o->name) o->name = "Predictions";
    for (size_t i = 0; i < 3; i++)
        if (*from_stdin[i] && !strcmp(*from_stdin[i], "-") &&
            !(*from_stdin[i] = pc_opts_spool_stdin("eval")))
            return PC_EXIT_FAIL;
    return 0;
}

/* Fills guesses[0..n) from the predictions file or the baseline. */
static int make_guesses(const struct opts *o, const struct pc_eval_set *test,
                        const struct pc_eval_set *train, size_t n, double *guesses,
                        struct pc_eval_preds *preds, struct pc_error *err)
{
    if (o->preds) {
        int rc = pc_eval_preds_load(preds, o->preds, err);
        if (rc) return rc;
        if (preds->n != test->n && preds->n != n) {
            int64_t line = preds->n < n ? (preds->n ? preds->line[preds->n - 1] + 1 : 1)
                                        : preds->line[preds->n > test->n ? test->n : n];
            pc_error_at(err, o->preds, line, -1);
            return pc_error_set(err, PC_EFORMAT,
                                "%zu predictions, but '%s' has %zu items (%zu scored): "
                                "predictions must be aligned line by line with the test file",
                                preds->n, o->test, test->n, n);
        }
        memcpy(guesses, preds->guess, n * sizeof *guesses);
        return PC_OK;
    }
    if (!strcmp(o->baseline, "random")) {
        pc_eval_baseline_random(guesses, n, o->seed);
        return PC_OK;
    }
    int rc = PC_OK;
    if (!strcmp(o->baseline, "constant")) {
        double v = 0;
        if (o->value) {
            if (pc_py_float_parse(o->value, strlen(o->value), &v) != PC_OK)
                rc = pc_error_set(err, PC_EINVAL, "--value '%s' is not a number", o->value);
        } else if (train->n == 0) {
            rc = pc_error_set(err, PC_EINVAL, "'%s' has no rows", o->train);
        } else {
            v = pc_eval_train_mean(train);
            if (!pc_cli_quiet && !o->json) {
                char buf[48];
                fprintf(stderr, "pricer eval: constant guess = mean train price %s over %zu rows\n",
                        pc_fmt_fixed(v, 4, 1, buf), train->n);
            }
        }
        for (size_t i = 0; !rc && i < n; i++) guesses[i] = v;
    } else if (!rc) {
        size_t unknown = 0;
        rc = pc_eval_baseline_category_median(guesses, test, n, train, &unknown, err);
        if (!rc && unknown && !pc_cli_quiet)
            fprintf(stderr,
                    "pricer eval: %zu of %zu test items have no category seen in '%s'; they got "
                    "the overall median\n",
                    unknown, n, o->train);
    }
    return rc;
}

int cmd_eval(int argc, char **argv)
{
    struct opts o = {.size = 250, .seed = 42, .color = "auto"};
    o.items = calloc((size_t)argc + 1, sizeof *o.items);
    if (!o.items) return pc_cli_fail("out of memory");
    int rc = parse_args(argc, argv, &o);
    if (rc) {
        free(o.items);
        return rc < 0 ? PC_EXIT_OK : rc;
    }

    struct pc_error err;
    pc_error_clear(&err);
    struct pc_eval_set test = {0}, train = {0};
    struct pc_eval_preds preds = {0};
    struct pc_eval_result res = {0};
    struct pc_buf out;
    pc_buf_init(&out, 0);
    double *guesses = NULL;
    int exit_code = PC_EXIT_OK;

    pc_cli_verbose_file("eval", "test", o.test);
    pc_cli_verbose_file("eval", "predictions", o.preds);
    if (o.baseline && strcmp(o.baseline, "random")) pc_cli_verbose_file("eval", "train", o.train);
    for (size_t i = 0; i < o.nitems; i++) pc_cli_verbose_file("eval", "items", o.items[i]);
    rc = pc_eval_set_load(&test, o.test, PC_EVAL_LOAD_TEXT, &err);
    if (rc) {
        exit_code = pc_cli_report(&err);
        goto done;
    }
    size_t n = o.size ? o.size : test.n;
    if (n > test.n || test.n == 0) {
        exit_code = pc_cli_fail("'%s' has %zu items, fewer than --size %zu (use --size %zu or "
                                "--size all)",
                                o.test, test.n, n, test.n);
        goto done;
    }
    guesses = malloc(n * sizeof *guesses);
    if (!guesses) {
        exit_code = pc_cli_fail("out of memory");
        goto done;
    }
    if (o.train && o.baseline && strcmp(o.baseline, "random")) {
        rc = pc_eval_set_load(&train, o.train, 0, &err);
        if (rc) {
            exit_code = pc_cli_report(&err);
            goto done;
        }
    }
    if (o.nitems) {
        struct pc_eval_set *sets[2] = {&test, &train};
        int titles[2] = {1, 0};
        size_t matched = 0;
        rc = pc_eval_join_items(sets, titles, 2, o.items, o.nitems, &matched, &err);
        if (rc) {
            exit_code = pc_cli_report(&err);
            goto done;
        }
        if (!pc_cli_quiet && !o.json)
            fprintf(stderr, "pricer eval: %zu of %zu rows matched an item of --items\n", matched,
                    test.n + train.n);
    }
    rc = make_guesses(&o, &test, &train, n, guesses, &preds, &err);
    if (!rc) rc = pc_eval_score(&res, &test, guesses, n, &err);
    if (rc == PC_ERANGE && o.preds) {
        err.line_no = preds.line[err.line_no - 1];
        snprintf(err.file, sizeof err.file, "%s", o.preds);
    } else if (rc == PC_ERANGE) {
        char msg[sizeof err.message];
        snprintf(msg, sizeof msg, "item %lld: %.400s", (long long)err.line_no, err.message);
        snprintf(err.message, sizeof err.message, "%s", msg);
        err.line_no = 0;
    }
    if (rc) {
        exit_code = pc_cli_report(&err);
        goto done;
    }

    if (pc_cli_verbose && !pc_cli_silent)
        fprintf(stderr, "pricer eval: scoring the first %zu of %zu test items with %s%s\n", n,
                test.n, o.preds ? "the predictions of " : "the baseline ",
                o.preds ? o.preds : o.baseline);
    char name[256];
    if (o.name)
        snprintf(name, sizeof name, "%s", o.name);
    else if (o.baseline)
        title_case(!strcmp(o.baseline, "category-median") ? "category_median_pricer"
                   : !strcmp(o.baseline, "random")        ? "random_pricer"
                                                          : "constant_pricer",
                   name, sizeof name);
    else
        title_case(o.preds, name, sizeof name);

    int color = !strcmp(o.color, "always") || (!strcmp(o.color, "auto") && isatty(1));
    static const char *const ansi[] = {"\033[92m", "\033[93m", "\033[91m"}; /* the course's */
    if (o.json) {
        rc = pc_eval_json(&out, &res);
    } else {
        for (size_t i = 0; !rc && i < n; i++) {
            if (color) rc = pc_buf_puts(&out, ansi[res.items[i].color]);
            if (!rc) rc = pc_eval_item_line(&out, &res, i, &test.rows[i]);
            if (!rc) rc = pc_buf_puts(&out, color ? "\033[0m\n" : "\n");
        }
        if (!rc) rc = pc_eval_summary_line(&out, name, &res);
        if (!rc)
            rc = pc_buf_printf(&out, "\ncolors: green %zu, orange %zu, red %zu of %zu\n",
                               res.colors[0], res.colors[1], res.colors[2], n);
    }
    if (rc) {
        exit_code = pc_cli_fail("out of memory");
        goto done;
    }
    fwrite(out.data, 1, out.len, stdout);
    if (fflush(stdout) != 0) {
        exit_code = pc_cli_fail("cannot write to standard output: %s", strerror(errno));
        goto done;
    }
    if (o.out) {
        pc_buf_reset(&out);
        char src[1200];
        if (o.preds)
            snprintf(src, sizeof src, "%s on %s", o.preds, o.test);
        else
            snprintf(src, sizeof src, "baseline %s%s on %s", o.baseline,
                     !strcmp(o.baseline, "random") ? " (CPython random, seed given by --seed)" : "",
                     o.test);
        rc = pc_eval_html(&out, name, src, &res, &test);
        if (rc) {
            exit_code = pc_cli_fail("out of memory");
            goto done;
        }
        rc = write_file(o.out, out.data, out.len, &err);
        if (rc) exit_code = pc_cli_report(&err);
    }
done:
    free(guesses);
    pc_buf_release(&out);
    pc_eval_result_release(&res);
    pc_eval_preds_release(&preds);
    pc_eval_set_release(&test);
    pc_eval_set_release(&train);
    free(o.items);
    return exit_code;
}
