/* pricer curate: balance items over price slots (SPEC §4). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "opts.h"

enum {
    O_OUTPUT = 1,
    O_SEED,
    O_SLOT_MIN,
    O_SLOT_MAX,
    O_ALL_ABOVE,
    O_SLOT_CAP,
    O_WEIGHT,
    O_DEFAULT_WEIGHT,
    O_NO_BALANCE,
    O_DEDUP,
    O_STATS,
    O_JOBS,
    O_THREADS,
    O_QUIET,
    O_VERBOSE,
    O_HELP
};

static const struct pc_opt curate_opts[] = {
    {O_OUTPUT, 'o', "output", PC_OPT_VALUE, "FILE", "the sample (required; '-' = standard output)",
     NULL},
    {O_SEED, 0, "seed", PC_OPT_VALUE, "N", "numpy seed (default 42)", "curate.seed"},
    {O_SLOT_MIN, 0, "slot-min", PC_OPT_VALUE, "N", "lowest slot taken (default 1)", NULL},
    {O_SLOT_MAX, 0, "slot-max", PC_OPT_VALUE, "N", "highest slot taken (default 999)", NULL},
    {O_ALL_ABOVE, 0, "all-above", PC_OPT_VALUE, "N", "slots >= N are taken whole (default 240)",
     NULL},
    {O_SLOT_CAP, 0, "slot-cap", PC_OPT_VALUE, "N",
     "bigger slots below --all-above are drawn down to N (default 1200)", "curate.slot_cap"},
    {O_WEIGHT, 0, "weight", PC_OPT_VALUE, "CAT=W",
     "weight of category CAT in the draw (repeatable; default\n"
     "Automotive=1); W is a non-negative integer",
     NULL},
    {O_DEFAULT_WEIGHT, 0, "default-weight", PC_OPT_VALUE, "W",
     "weight of the other categories (default 5)", "curate.default_weight"},
    {O_NO_BALANCE, 0, "no-balance", PC_OPT_FLAG, NULL,
     "keep every item, in input order (the 'lite' variant)", NULL},
    {O_DEDUP, 0, "dedup", PC_OPT_VALUE, "KEY",
     "keep only the first item (load order) of each group of items\n"
     "sharing KEY, before balancing: prompt (the prompt text before\n"
     "'Price is $'), title or parent_asin; off by default (the\n"
     "reference keeps duplicates)",
     NULL},
    {O_STATS, 0, "stats", PC_OPT_VALUE, "FILE", "also write the summary as JSON to FILE", NULL},
    {O_JOBS, 'j', "jobs", PC_OPT_VALUE, "N",
     "threads reading the items (default: one per core; the\n"
     "output is the same for any N)",
     NULL},
    {O_THREADS, 0, "threads", PC_OPT_VALUE, "N", "the same as --jobs", NULL},
    {O_QUIET, 'q', "quiet", PC_OPT_FLAG, NULL, "no progress bar and no summary (warnings stay)",
     NULL},
    {O_VERBOSE, 'v', "verbose", PC_OPT_FLAG, NULL, "also the seed and the category weights used",
     NULL},
    {O_HELP, 'h', "help", PC_OPT_FLAG, NULL, "this help", NULL},
    {0, 0, NULL, 0, NULL, NULL, NULL},
};

static const struct pc_opt_cmd curate_cmd = {
    "curate",
    "usage: pricer curate ITEMS... -o SAMPLE [options]\n"
    "\n"
    "Balances items (JSONL from 'pricer parse', read in the order given; '-' = standard\n"
    "input) over price slots exactly as the reference does (numpy's legacy generator,\n"
    "SPEC §4) and writes the sample as items JSONL, lines unchanged, in sample order.\n"
    "\n",
    "\n"
    "A slot is the price rounded half to even; items outside --slot-min..--slot-max are\n"
    "left out (and counted). Memory: about 24 bytes per input item.\n",
    curate_opts,
};

static int parse_u32(const char *s, uint32_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || v > UINT32_MAX || s[0] == '-') return -1;
    *out = (uint32_t)v;
    return 0;
}

static int parse_int(const char *s, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < -1000000000 || v > 1000000000) return -1;
    *out = (int)v;
    return 0;
}

static void show_progress(void *ud, uint64_t done, uint64_t total, uint64_t lines)
{
    pc_progress_total(ud, total);
    pc_progress_update(ud, done, lines);
}

/* The summary as JSON (for pricer run's run.json). */
static int write_stats(const char *path, const struct pc_curate_opts *o,
                       const struct pc_curate_stats *st)
{
    struct pc_buf b;
    pc_buf_init(&b, 0);
    pc_curate_stats_json(&b, o, st);
    struct pc_error err;
    pc_error_clear(&err);
    struct pc_atomic w;
    int rc =
        b.data ? pc_atomic_open(&w, path, &err) : pc_error_set(&err, PC_ENOMEM, "out of memory");
    if (!rc) {
        fwrite(b.data, 1, b.len, w.fp);
        rc = pc_atomic_commit(&w, &err);
    }
    pc_buf_release(&b);
    return rc ? pc_cli_report(&err) : PC_EXIT_OK;
}

int cmd_curate(int argc, char **argv)
{
    struct pc_curate_opts o;
    pc_curate_opts_init(&o);
    const char *output = NULL, *stats_path = NULL;
    const char **inputs = calloc((size_t)argc, sizeof *inputs);
    struct pc_weight *weights = calloc((size_t)argc + 1, sizeof *weights);
    size_t n_inputs = 0, n_weights = 0;
    int rc = PC_EXIT_OK;
    if (!inputs || !weights) return pc_cli_fail("out of memory");
    weights[n_weights++] = o.weights[0]; /* reference default: Automotive=1 */
    int id;
    struct pc_opts p;
    pc_opts_init(&p, &curate_cmd, argc, argv);
    while ((id = pc_opts_next(&p)) != PC_OPTS_END) {
        const char *v = p.value;
        switch (id) {
        case PC_OPTS_ERROR:
            rc = PC_EXIT_USAGE;
            goto out;
        case O_HELP:
            pc_opts_help(&curate_cmd, stdout);
            goto out;
        case O_NO_BALANCE:
            o.no_balance = 1;
            break;
        case O_QUIET:
            pc_cli_set_quiet();
            break;
        case O_VERBOSE:
            pc_cli_set_verbose();
            break;
        case O_OUTPUT:
            output = v;
            break;
        case O_SEED:
            if (parse_u32(v, &o.seed)) goto bad_value;
            break;
        case O_DEDUP: {
            int g = pc_group_by_parse(v);
            if (g < 0) {
                rc = pc_cli_usage("curate",
                                  "--dedup wants prompt, title, parent_asin or off, not "
                                  "'%s'",
                                  v);
                goto out;
            }
            o.dedup = g;
            break;
        }
        case O_STATS:
            stats_path = v;
            break;
        case O_JOBS:
        case O_THREADS: {
            uint32_t j;
            if (parse_u32(v, &j) || j > 16) goto bad_value;
            o.jobs = j;
            break;
        }
        case O_SLOT_CAP:
            if (parse_u32(v, &o.slot_cap)) goto bad_value;
            break;
        case O_ALL_ABOVE:
            if (parse_int(v, &o.all_above)) goto bad_value;
            break;
        case O_SLOT_MIN:
            if (parse_int(v, &o.slot_min)) goto bad_value;
            break;
        case O_SLOT_MAX:
            if (parse_int(v, &o.slot_max)) goto bad_value;
            break;
        case O_DEFAULT_WEIGHT:
            if (parse_u32(v, &o.default_weight)) goto bad_value;
            break;
        case O_WEIGHT: {
            const char *eq = strrchr(v, '=');
            if (!eq || eq == v || parse_u32(eq + 1, &weights[n_weights].weight)) {
                rc = pc_cli_usage("curate",
                                  "--weight wants CATEGORY=W (W a non-negative "
                                  "integer), not '%s'",
                                  v);
                goto out;
            }
            weights[n_weights++].category = strndup(v, (size_t)(eq - v));
            break;
        }
        case PC_OPTS_OPERAND:
            inputs[n_inputs++] = v;
            break;
        }
        continue;
    bad_value:
        rc = pc_opts_bad_value(&p);
        goto out;
    }
    if (n_inputs == 0) {
        rc = pc_cli_usage("curate", "no items files given");
        goto out;
    }
    if (!output) {
        rc = pc_cli_usage("curate", "no output given (-o SAMPLE)");
        goto out;
    }
    if ((rc = pc_cli_refuse_overwrite("curate", output, 0, inputs, n_inputs))) goto out;
    for (size_t k = 0; k < n_inputs; k++)
        if (!strcmp(inputs[k], "-") && !(inputs[k] = pc_opts_spool_stdin("curate"))) {
            rc = PC_EXIT_FAIL;
            goto out;
        }
    if (o.slot_min > o.slot_max) {
        rc = pc_cli_usage("curate", "--slot-min %d is above --slot-max %d", o.slot_min, o.slot_max);
        goto out;
    }
    o.weights = weights;
    o.n_weights = n_weights;

    struct pc_progress prog;
    pc_progress_start(&prog, "curate", 0);
    struct pc_curate_stats st;
    struct pc_error err;
    pc_error_clear(&err);
    double t0 = pc_cli_now();
    int r = pc_curate_files(inputs, n_inputs, output, &o, &st, show_progress, &prog, &err);
    pc_progress_finish(&prog);
    if (r) {
        rc = pc_cli_report(&err);
        goto out;
    }
    char a[32], b[32], c[32];
    if (!pc_cli_silent) {
        fprintf(stderr, "curate: %s items -> %s in the sample (%s out of slot range %d..%d, ",
                pc_cli_commas(st.items, a), pc_cli_commas(st.selected, b),
                pc_cli_commas(st.out_of_range, c), o.slot_min, o.slot_max);
        fprintf(stderr, "%llu slots drawn down to %u) in %.2f s\n",
                (unsigned long long)st.slots_drawn, o.slot_cap, pc_cli_now() - t0);
        if (o.dedup)
            fprintf(stderr, "curate: --dedup %s removed %s items (later items of a group)\n",
                    pc_group_by_name(o.dedup), pc_cli_commas(st.dedup_removed, a));
    }
    if (pc_cli_verbose && !pc_cli_silent) {
        fprintf(stderr, "curate: seed %u, default weight %u, weights", o.seed, o.default_weight);
        for (size_t k = 0; k < n_weights; k++)
            fprintf(stderr, " %s=%u", weights[k].category, weights[k].weight);
        fputc('\n', stderr);
    }
    if (stats_path && (rc = write_stats(stats_path, &o, &st)) != PC_EXIT_OK) {
        pc_curate_stats_release(&st);
        goto out;
    }
    if (!pc_cli_quiet && !pc_cli_silent) {
        for (size_t k = 0; k < st.n_cats; k++)
            fprintf(stderr, "  %-32s %12s -> %10s\n", st.cats[k].name,
                    pc_cli_commas(st.cats[k].items, a), pc_cli_commas(st.cats[k].selected, b));
    }
    pc_curate_stats_release(&st);
out:
    for (size_t k = 1; k < n_weights; k++) free((char *)weights[k].category);
    free(weights);
    free(inputs);
    return rc;
}
