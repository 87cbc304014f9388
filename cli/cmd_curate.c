/* pricer curate: balance items over price slots (SPEC §4). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char curate_usage[] =
    "usage: pricer curate ITEMS... -o SAMPLE [options]\n"
    "\n"
    "Balances items (JSONL from 'pricer parse', read in the order given) over price slots\n"
    "exactly as the reference does (numpy's legacy generator, SPEC §4) and writes the sample\n"
    "as items JSONL, lines unchanged, in sample order.\n"
    "\n"
    "  -o, --output FILE       the sample (required; '-' = standard output)\n"
    "      --seed N            numpy seed (default 42)\n"
    "      --slot-min N        lowest slot taken (default 1)\n"
    "      --slot-max N        highest slot taken (default 999)\n"
    "      --all-above N       slots >= N are taken whole (default 240)\n"
    "      --slot-cap N        bigger slots below --all-above are drawn down to N (default 1200)\n"
    "      --weight CAT=W      weight of category CAT in the draw (repeatable; default\n"
    "                          Automotive=1); W is a non-negative integer\n"
    "      --default-weight W  weight of the other categories (default 5)\n"
    "      --no-balance        keep every item, in input order (the 'lite' variant)\n"
    "      --dedup KEY         keep only the first item (load order) of each group of items\n"
    "                          sharing KEY, before balancing: prompt (the prompt text before\n"
    "                          'Price is $'), title or parent_asin; off by default (the\n"
    "                          reference keeps duplicates)\n"
    "      --stats FILE        also write the summary as JSON to FILE\n"
    "  -j, --jobs N            threads reading the items (default: one per core; the\n"
    "                          output is the same for any N)\n"
    "  -h, --help              this help\n"
    "\n"
    "A slot is the price rounded half to even; items outside --slot-min..--slot-max are\n"
    "left out (and counted). Memory: about 24 bytes per input item.\n";

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
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        int missing = 0;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(curate_usage, stdout);
            goto out;
        } else if (!strcmp(a, "--no-balance")) {
            o.no_balance = 1;
        } else if ((v = pc_cli_opt_value(argc, argv, &i, "--output", &missing)) ||
                   (v = pc_cli_opt_value(argc, argv, &i, "-o", &missing))) {
            output = v;
        } else if ((v = pc_cli_opt_value(argc, argv, &i, "--seed", &missing))) {
            if (parse_u32(v, &o.seed)) goto bad_value;
        } else if ((v = pc_cli_opt_value(argc, argv, &i, "--dedup", &missing))) {
            int g = pc_group_by_parse(v);
            if (g < 0) {
                rc = pc_cli_usage("curate",
                                  "--dedup wants prompt, title, parent_asin or off, not "
                                  "'%s'",
                                  v);
                goto out;
            }
            o.dedup = g;
        } else if ((v = pc_cli_opt_value(argc, argv, &i, "--stats", &missing))) {
            stats_path = v;
        } else if ((v = pc_cli_opt_value(argc, argv, &i, "--jobs", &missing)) ||
                   (v = pc_cli_opt_value(argc, argv, &i, "-j", &missing))) {
            uint32_t j;
            if (parse_u32(v, &j) || j > 16) goto bad_value;
            o.jobs = j;
        } else if ((v = pc_cli_opt_value(argc, argv, &i, "--slot-cap", &missing))) {
            if (parse_u32(v, &o.slot_cap)) goto bad_value;
        } else if ((v = pc_cli_opt_value(argc, argv, &i, "--all-above", &missing))) {
            if (parse_int(v, &o.all_above)) goto bad_value;
        } else if ((v = pc_cli_opt_value(argc, argv, &i, "--slot-min", &missing))) {
            if (parse_int(v, &o.slot_min)) goto bad_value;
        } else if ((v = pc_cli_opt_value(argc, argv, &i, "--slot-max", &missing))) {
            if (parse_int(v, &o.slot_max)) goto bad_value;
        } else if ((v = pc_cli_opt_value(argc, argv, &i, "--default-weight", &missing))) {
            if (parse_u32(v, &o.default_weight)) goto bad_value;
        } else if ((v = pc_cli_opt_value(argc, argv, &i, "--weight", &missing))) {
            const char *eq = strrchr(v, '=');
            if (!eq || eq == v || parse_u32(eq + 1, &weights[n_weights].weight)) {
                rc = pc_cli_usage("curate",
                                  "--weight wants CATEGORY=W (W a non-negative "
                                  "integer), not '%s'",
                                  v);
                goto out;
            }
            weights[n_weights++].category = strndup(v, (size_t)(eq - v));
        } else if (missing) {
            rc = pc_cli_usage("curate", "option '%s' needs a value", a);
            goto out;
        } else if (a[0] == '-' && a[1] != '\0') {
            rc = pc_cli_unknown_option("curate", a, curate_usage);
            goto out;
        } else {
            inputs[n_inputs++] = a;
        }
        continue;
    bad_value:
        rc = pc_cli_usage("curate", "bad value for '%s': '%s'", a, v);
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
    fprintf(stderr, "curate: %s items -> %s in the sample (%s out of slot range %d..%d, ",
            pc_cli_commas(st.items, a), pc_cli_commas(st.selected, b),
            pc_cli_commas(st.out_of_range, c), o.slot_min, o.slot_max);
    fprintf(stderr, "%llu slots drawn down to %u) in %.2f s\n", (unsigned long long)st.slots_drawn,
            o.slot_cap, pc_cli_now() - t0);
    if (o.dedup)
        fprintf(stderr, "curate: --dedup %s removed %s items (later items of a group)\n",
                pc_group_by_name(o.dedup), pc_cli_commas(st.dedup_removed, a));
    if (stats_path && (rc = write_stats(stats_path, &o, &st)) != PC_EXIT_OK) {
        pc_curate_stats_release(&st);
        goto out;
    }
    if (!pc_cli_quiet) {
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
