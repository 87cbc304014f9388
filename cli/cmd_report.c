/* pricer report: one self-contained HTML page with charts, tables and the assessment. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static const char g_help[] =
    "usage: pricer report [--raw FILE...] [--items ITEMS...] [--sample SAMPLE...] [--split DIR]\n"
    "                     -o report.html [options]\n"
    "\n"
    "Writes one self-contained HTML page (inline SVG and CSS, no scripts, no network) with\n"
    "the charts of every stage given, their summary tables and the data-quality assessment,\n"
    "and each chart also as its own file in <name>_files/CHART.svg beside the page.\n"
    "\n"
    "  --raw FILE...     raw meta_<Category>.jsonl files (.gz too): content lengths and\n"
    "                    prices of priced rows (the reference's day-1 charts)\n"
    "  --items ITEMS...  items from pricer parse (one or more files, e.g. one per category):\n"
    "                    token counts, prices, categories, prompt size vs price\n"
    "  --sample SAMPLE   the curated sample: prices, categories; with --items also\n"
    "                    before/after curation side by side\n"
    "  --split DIR       a pricer split folder: train/test prices and leakage\n"
    "  -o FILE           the page to write (required)\n"
    "  --no-assess       leave the assessment out (faster on huge inputs)\n"
    "  --threshold X     near-duplicate Jaccard threshold for the assessment (default 0.8)\n"
    "  --near-max N      records indexed for near-duplicates (default 500000)\n"
    "  -h, --help        this help\n"
    "\n"
    "example:\n"
    "  pricer report --raw data/meta_Appliances.jsonl --items items.jsonl \\\n"
    "                --sample sample.jsonl --split out -o report.html\n";

struct items_ctx {
    struct pc_items_stats *s;
    struct pc_assess *a;
    struct pc_progress *pg;
    uint64_t n;
};

static void on_records(void *ud, uint64_t records)
{
    pc_progress_update(ud, 0, records);
}

static int on_item(void *p, const struct pc_rec *r, int64_t line)
{
    struct items_ctx *c = p;
    if ((++c->n & 1023) == 0) pc_progress_update(c->pg, 0, c->n);
    pc_items_stats_add(c->s, r);
    return c->a ? pc_assess_add(c->a, PC_PART_MAIN, line, r) : 0;
}

static int on_item_bad(void *p, int64_t line, const char *msg)
{
    struct items_ctx *c = p;
    c->s->bad++;
    return c->a ? pc_assess_add_bad(c->a, PC_PART_MAIN, line, msg) : 0;
}

static int on_split(void *p, const struct pc_rec *r, int64_t line)
{
    pc_splitfile_stats_add(p, r);
    return 0;
}

static int on_split_bad(void *p, int64_t line, const char *msg)
{
    ((struct pc_splitfile_stats *)p)->bad++;
    return 0;
}

/* Streams items/sample files into one set of stats (and an assessment unless a is NULL);
 * *joined gets their names, comma-separated (caller frees). */
static int scan_items(const char **paths, size_t n, struct pc_items_stats *s, struct pc_assess *a,
                      char **joined, struct pc_error *err)
{
    struct pc_progress pg;
    pc_progress_start(&pg, "report", 0);
    struct items_ctx c = {s, a, &pg, 0};
    int rc = 0;
    struct pc_buf names;
    pc_buf_init(&names, 0);
    for (size_t i = 0; i < n && !rc; i++) {
        if (a) pc_assess_set_file(a, PC_PART_MAIN, paths[i]);
        pc_buf_printf(&names, "%s%s", i ? ", " : "", paths[i]);
        rc = pc_rec_scan(paths[i], on_item, on_item_bad, &c, err);
    }
    pc_progress_finish(&pg);
    *joined = pc_buf_detach(&names, NULL);
    if (!rc && a) rc = pc_assess_finish(a);
    if (rc == PC_ENOMEM && !err->message[0]) pc_error_set(err, rc, "out of memory");
    return rc;
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static int scan_raw(const char *path, struct pc_raw_stats *s, struct pc_error *err)
{
    struct pc_rlines rl;
    int rc = pc_rlines_open(&rl, path, 0, err);
    if (rc) return rc;
    struct pc_json_doc *doc = pc_json_doc_new();
    if (!doc) rc = pc_error_set(err, PC_ENOMEM, "out of memory");
    struct pc_progress pg;
    struct stat st;
    pc_progress_start(&pg, "report", stat(path, &st) == 0 ? (uint64_t)st.st_size : 0);
    const char *line;
    size_t len;
    while (!rc && (rc = pc_rlines_next(&rl, &line, &len, err)) == 1) {
        rc = pc_raw_stats_add(s, doc, base_name(path), line, len);
        if ((rl.line_no & 4095) == 0) pc_progress_update(&pg, rl.bytes, s->rows);
    }
    pc_progress_finish(&pg);
    pc_json_doc_free(doc);
    pc_rlines_close(&rl);
    if (rc == PC_ENOMEM && !err->message[0]) pc_error_set(err, rc, "out of memory");
    return rc < 0 ? rc : 0;
}

/* Writes data to path through a temporary file. */
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

int cmd_report(int argc, char **argv)
{
    const char **raw = calloc((size_t)argc + 1, sizeof *raw);
    if (!raw) return pc_cli_fail("out of memory");
    size_t nraw = 0;
    const char **items = calloc((size_t)argc + 1, sizeof *items);
    const char **sample = calloc((size_t)argc + 1, sizeof *sample);
    size_t nitems = 0, nsample = 0;
    char *items_names = NULL, *sample_names = NULL;
    const char *split = NULL, *outp = NULL;
    if (!items || !sample) {
        free(raw);
        free(items);
        free(sample);
        return pc_cli_fail("out of memory");
    }
    int assess = 1;
    struct pc_assess_opts ao;
    pc_assess_opts_default(&ao);
    int rc = PC_EXIT_OK;
    for (int i = 1; i < argc && rc == PC_EXIT_OK; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(g_help, stdout);
            free(raw);
            free(items);
            free(sample);
            return PC_EXIT_OK;
        } else if (!strcmp(a, "--raw") || !strcmp(a, "--items") || !strcmp(a, "--sample")) {
            /* each takes one or more files and may be repeated */
            const char **list = a[2] == 'r' ? raw : a[2] == 'i' ? items : sample;
            size_t *n = a[2] == 'r' ? &nraw : a[2] == 'i' ? &nitems : &nsample;
            if (!v || v[0] == '-') rc = pc_cli_usage("report", "option '%s' needs files", a);
            while (i + 1 < argc && argv[i + 1][0] != '-') list[(*n)++] = argv[++i];
        } else if (!strcmp(a, "--split") || !strcmp(a, "-o") || !strcmp(a, "--output")) {
            if (!v) {
                rc = pc_cli_usage("report", "option '%s' needs a value", a);
                break;
            }
            if (!strcmp(a, "--split"))
                split = v;
            else
                outp = v;
            i++;
        } else if (!strcmp(a, "--no-assess")) {
            assess = 0;
        } else if (!strcmp(a, "--threshold") || !strcmp(a, "--near-max")) {
            char *end;
            double x = v ? strtod(v, &end) : 0;
            if (!v || *end || end == v || x < 0 ||
                (!strcmp(a, "--threshold") && (x <= 0 || x > 1))) {
                rc = pc_cli_usage("report", "option '%s' needs a number", a);
                break;
            }
            if (!strcmp(a, "--threshold"))
                ao.threshold = x;
            else
                ao.near_max = (size_t)x;
            i++;
        } else {
            rc = pc_cli_unknown_option("report", a, g_help);
        }
    }
    if (rc == PC_EXIT_OK && !outp) rc = pc_cli_usage("report", "no output given (-o report.html)");
    if (rc == PC_EXIT_OK && !nraw && !nitems && !nsample && !split)
        rc = pc_cli_usage("report", "nothing to report: give --raw, --items, --sample or --split");
    if (rc == PC_EXIT_OK)
        rc = pc_cli_refuse_overwrite("report", outp, 0, raw, nraw) ||
                     pc_cli_refuse_overwrite("report", outp, 0, items, nitems) ||
                     pc_cli_refuse_overwrite("report", outp, 0, sample, nsample)
                 ? PC_EXIT_USAGE
                 : PC_EXIT_OK;
    if (rc != PC_EXIT_OK) {
        free(raw);
        free(items);
        free(sample);
        return rc;
    }

    struct pc_error err;
    pc_error_clear(&err);
    struct pc_raw_stats rs;
    struct pc_items_stats is, ss;
    struct pc_splitfile_stats sp[PC_REPORT_MAX_SPLITS];
    struct pc_assess *a_items = NULL, *a_sample = NULL, *a_split = NULL;
    struct pc_report_input in = {0};
    int e = pc_raw_stats_init(&rs);
    e = e ? e : pc_items_stats_init(&is);
    e = e ? e : pc_items_stats_init(&ss);
    for (int k = 0; k < PC_REPORT_MAX_SPLITS; k++) e = e ? e : pc_splitfile_stats_init(&sp[k]);
    if (e) pc_error_set(&err, e, "out of memory");
    for (size_t k = 0; !e && k < nraw; k++) e = scan_raw(raw[k], &rs, &err);
    if (!e && nraw) {
        in.raw = &rs;
        in.raw_files = raw;
        in.nraw = nraw;
    }
    if (!e && nitems) {
        if (assess && !(a_items = pc_assess_new(&ao, PC_ASSESS_ITEMS)))
            e = pc_error_set(&err, PC_ENOMEM, "out of memory");
        e = e ? e : scan_items(items, nitems, &is, a_items, &items_names, &err);
        in.items = &is;
        in.items_path = items_names;
        in.assess_items = a_items;
    }
    if (!e && nsample) {
        if (assess && !(a_sample = pc_assess_new(&ao, PC_ASSESS_ITEMS)))
            e = pc_error_set(&err, PC_ENOMEM, "out of memory");
        e = e ? e : scan_items(sample, nsample, &ss, a_sample, &sample_names, &err);
        if (a_sample && a_items) pc_assess_set_before(a_sample, a_items);
        in.sample = &ss;
        in.sample_path = sample_names;
        in.assess_sample = a_sample;
    }
    if (!e && split) {
        static const char *const names[] = {"train", "test", "validation"};
        int found = 0;
        for (int k = 0; !e && k < PC_REPORT_MAX_SPLITS; k++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s.jsonl", split, names[k]);
            struct stat st;
            if (stat(path, &st) != 0) continue;
            found++;
            e = pc_rec_scan(path, on_split, on_split_bad, &sp[k], &err);
            in.split[k] = &sp[k];
            in.split_names[k] = names[k];
        }
        if (!e && !found) {
            e = pc_error_set(&err, PC_ENOTFOUND, "'%s' has no train.jsonl or test.jsonl", split);
        }
        struct pc_progress pg;
        pc_progress_start(&pg, "report", 0);
        ao.progress = on_records;
        ao.progress_ud = &pg;
        if (!e && assess) e = pc_assess_path(&a_split, split, &ao, &err);
        pc_progress_finish(&pg);
        in.split_dir = split;
        in.assess_split = a_split;
    }

    /* the page, then the chart files beside it: <name>_files/CHART.svg */
    struct pc_report_out out = {0};
    char *dir = NULL;
    if (!e) {
        const char *b = base_name(outp);
        size_t stem = strlen(b);
        if (stem > 5 && !strcmp(b + stem - 5, ".html")) stem -= 5;
        char files_dir[512];
        snprintf(files_dir, sizeof files_dir, "%.*s_files", (int)stem, b);
        e = pc_report_build(&in, files_dir, &out);
        if (e) pc_error_set(&err, e, "cannot build the report: %s", pc_strerror(e));
        size_t dl = (size_t)(b - outp) + strlen(files_dir) + 1;
        dir = malloc(dl);
        if (!e && !dir) e = pc_error_set(&err, PC_ENOMEM, "out of memory");
        if (!e) {
            snprintf(dir, dl, "%.*s%s", (int)(b - outp), outp, files_dir);
            if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
                e = pc_error_set(&err, PC_EIO, "cannot create '%s': %s", dir, strerror(errno));
            }
        }
        for (size_t k = 0; !e && k < out.n; k++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s.svg", dir, out.charts[k].name);
            e = write_file(path, out.charts[k].svg, out.charts[k].len, &err);
        }
        if (!e) e = write_file(outp, out.html.data, out.html.len, &err);
    }
    if (!e && !pc_cli_quiet) {
        char c[32];
        fprintf(stderr, "pricer: wrote %s (%s charts in %s/)\n", outp, pc_cli_commas(out.n, c),
                dir);
    }
    pc_report_out_release(&out);
    free(dir);
    pc_assess_free(a_items);
    pc_assess_free(a_sample);
    pc_assess_free(a_split);
    pc_raw_stats_release(&rs);
    pc_items_stats_release(&is);
    pc_items_stats_release(&ss);
    for (int k = 0; k < PC_REPORT_MAX_SPLITS; k++) pc_splitfile_stats_release(&sp[k]);
    free(raw);
    free(items);
    free(sample);
    free(items_names);
    free(sample_names);
    return e ? pc_cli_report(&err) : PC_EXIT_OK;
}
