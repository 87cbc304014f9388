/* pricer synth: writes a deterministic synthetic catalogue (src/synth/synth.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "opts.h"

enum {
    O_OUTPUT = 1,
    O_SEED,
    O_RECORDS,
    O_SIZE,
    O_CATEGORIES,
    O_JOBS,
    O_THREADS,
    O_QUIET,
    O_VERBOSE,
    O_HELP
};

static const struct pc_opt synth_opts[] = {
    {O_OUTPUT, 'o', "output", PC_OPT_VALUE, "DIR", "folder to write (created if missing)", NULL},
    {O_SEED, 0, "seed", PC_OPT_VALUE, "N", "random seed (default 42)", NULL},
    {O_RECORDS, 0, "records", PC_OPT_VALUE, "N",
     "total records over the categories (default 50000), split in\n"
     "proportion to the real file sizes",
     NULL},
    {O_SIZE, 0, "size", PC_OPT_VALUE, "SIZE",
     "total size instead of a record count, e.g. 500M, 1G, 64K", NULL},
    {O_CATEGORIES, 0, "categories", PC_OPT_VALUE, "LIST",
     "comma-separated subset, e.g. Appliances,Musical_Instruments\n"
     "(default: all eight)",
     NULL},
    {O_JOBS, 'j', "jobs", PC_OPT_VALUE, "N", "files generated in parallel (default 2)", NULL},
    {O_THREADS, 0, "threads", PC_OPT_VALUE, "N", "the same as --jobs", NULL},
    {O_QUIET, 'q', "quiet", PC_OPT_FLAG, NULL, "no progress bar and no summary", NULL},
    {O_VERBOSE, 'v', "verbose", PC_OPT_FLAG, NULL, "also the seed and the threads used", NULL},
    {O_HELP, 'h', "help", PC_OPT_FLAG, NULL, "show this help", NULL},
    {0, 0, NULL, 0, NULL, NULL, NULL},
};

static const struct pc_opt_cmd synth_cmd = {
    "synth",
    "usage: pricer synth [--seed N] [--records N | --size SIZE] [--categories LIST] -o DIR\n"
    "\n"
    "Writes DIR/meta_<Category>.jsonl, a realistic synthetic catalogue in the official\n"
    "Amazon Reviews 2023 line format (Python json.dumps, ASCII escapes), for the eight\n"
    "course categories: plausible titles, descriptions, features and details, long-tailed\n"
    "prices per category (about 45% missing), and a few malformed lines. The same seed\n"
    "always gives the same bytes.\n"
    "\n"
    "options:\n",
    NULL,
    synth_opts,
};

/* Parses "500M", "1G", "1.5G", "64K", "1000" (bytes). Returns 0 on error. */
static uint64_t parse_size(const char *s)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || v <= 0) return 0;
    double mul = 1;
    switch (*end) {
    case 'k':
    case 'K':
        mul = 1e3;
        end++;
        break;
    case 'm':
    case 'M':
        mul = 1e6;
        end++;
        break;
    case 'g':
    case 'G':
        mul = 1e9;
        end++;
        break;
    case 't':
    case 'T':
        mul = 1e12;
        end++;
        break;
    case '\0':
        break;
    default:
        return 0;
    }
    if (*end == 'B' || *end == 'b') end++;
    if (*end) return 0;
    return (uint64_t)(v * mul);
}

static int parse_u64(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    if (!*s || *s == '-') return -1;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end) return -1;
    *out = v;
    return 0;
}

struct synth_progress {
    struct pc_progress bar;
};

static void on_progress(void *ctx, uint64_t done, uint64_t total)
{
    struct synth_progress *p = ctx;
    pc_progress_update(&p->bar, done, 0);
}

static int mkdir_p(const char *dir)
{
    char tmp[4096];
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof tmp) return -1;
    memcpy(tmp, dir, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (tmp[i] == '/' || tmp[i] == '\0') {
            char c = tmp[i];
            tmp[i] = '\0';
            if (mkdir(tmp, 0777) != 0 && errno != EEXIST) return -1;
            tmp[i] = c;
        }
    }
    return 0;
}

int cmd_synth(int argc, char **argv)
{
    struct pc_synth_opts o;
    pc_synth_opts_init(&o);
    const char *dir = NULL;
    int size_given = 0, records_given = 0;
    int id;
    struct pc_opts p;
    pc_opts_init(&p, &synth_cmd, argc, argv);
    while ((id = pc_opts_next(&p)) != PC_OPTS_END) {
        const char *v = p.value;
        if (id == PC_OPTS_ERROR) return PC_EXIT_USAGE;
        if (id == O_HELP) {
            pc_opts_help(&synth_cmd, stdout);
            return PC_EXIT_OK;
        }
        if (id == PC_OPTS_OPERAND)
            return pc_cli_usage("synth", "unexpected argument '%s' (synth reads no file)", v);
        if (id == O_QUIET) {
            pc_cli_set_quiet();
        } else if (id == O_VERBOSE) {
            pc_cli_set_verbose();
        } else if (id == O_OUTPUT) {
            dir = v;
        } else if (id == O_SEED) {
            if (parse_u64(v, &o.seed)) return pc_cli_usage("synth", "bad --seed '%s'", v);
        } else if (id == O_RECORDS) {
            if (parse_u64(v, &o.records) || o.records == 0)
                return pc_cli_usage("synth", "bad --records '%s' (want a positive number)", v);
            records_given = 1;
        } else if (id == O_SIZE) {
            o.bytes = parse_size(v);
            if (!o.bytes) return pc_cli_usage("synth", "bad --size '%s' (e.g. 500M, 1G)", v);
            size_given = 1;
        } else if (id == O_CATEGORIES) {
            char *list = strdup(v), *save = NULL;
            if (!list) return pc_cli_fail("out of memory");
            o.ncats = 0;
            for (char *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
                int c = pc_synth_category_find(t);
                if (c < 0) {
                    int r = pc_cli_usage("synth",
                                         "unknown category '%s' (known: Automotive, Electronics, "
                                         "Office_Products, Tools_and_Home_Improvement, "
                                         "Cell_Phones_and_Accessories, Toys_and_Games, "
                                         "Appliances, Musical_Instruments)",
                                         t);
                    free(list);
                    return r;
                }
                int dup = 0;
                for (int k = 0; k < o.ncats; k++) dup |= o.cats[k] == c;
                if (!dup) o.cats[o.ncats++] = c;
            }
            free(list);
            if (!o.ncats) return pc_cli_usage("synth", "--categories is empty");
        } else { /* O_JOBS, O_THREADS */
            uint64_t t;
            if (parse_u64(v, &t) || t < 1 || t > 16)
                return pc_cli_usage("synth", "bad %s '%s' (1-16)", p.spelled, v);
            o.threads = (int)t;
        }
    }
    if (!dir) return pc_cli_usage("synth", "missing -o DIR");
    if (size_given && records_given)
        return pc_cli_usage("synth", "give --records or --size, not both");
    if (size_given) o.records = 0;
    if (mkdir_p(dir) != 0)
        return pc_cli_fail("cannot create folder '%s': %s", dir, strerror(errno));

    struct synth_progress prog;
    pc_progress_start(&prog.bar, "synth", o.bytes);
    o.progress = on_progress;
    o.progress_ctx = &prog;
    struct pc_synth_stats st;
    struct pc_error err;
    pc_error_clear(&err);
    double t0 = pc_cli_now();
    int rc = pc_synth_write(&o, dir, &st, &err);
    pc_progress_finish(&prog.bar);
    if (rc) return pc_cli_report(&err);
    double el = pc_cli_now() - t0;

    uint64_t lines = 0, bytes = 0, bad = 0;
    char c1[32], c2[32];
    int n = o.ncats ? o.ncats : PC_SYNTH_NCAT;
    for (int k = 0; k < n; k++) {
        int c = o.ncats ? o.cats[k] : k;
        lines += st.lines[c];
        bytes += st.bytes[c];
        bad += st.lines[c] - st.kinds[c][PC_SYNTH_OK];
        if (!pc_cli_quiet && !pc_cli_silent)
            fprintf(stderr, "  %-28s %12s lines %10.1f MB\n", pc_synth_category_name(c),
                    pc_cli_commas(st.lines[c], c1), st.bytes[c] / 1e6);
    }
    if (!pc_cli_silent)
        fprintf(stderr,
                "pricer synth: wrote %s lines (%s malformed on purpose), %.1f MB to '%s' in "
                "%.2f s (%.0f MB/s)\n",
                pc_cli_commas(lines, c1), pc_cli_commas(bad, c2), bytes / 1e6, dir, el,
                el > 0 ? bytes / 1e6 / el : 0.0);
    if (pc_cli_verbose && !pc_cli_silent)
        fprintf(stderr, "pricer synth: seed %llu, %d threads\n", (unsigned long long)o.seed,
                o.threads);
    return PC_EXIT_OK;
}
