/* pc_report_run: the report of `pricer report` and of the pipeline (see report_run.h). */
#include "report/report_run.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "io/atomic.h"
#include "io/lines.h"
#include "io/reader.h"
#include "report/html.h"

struct items_ctx {
    struct pc_items_stats *s;
    struct pc_assess *a;
    const struct pc_report_job *j;
    uint64_t n;
};

static int on_item(void *p, const struct pc_rec *r, int64_t line)
{
    struct items_ctx *c = p;
    if ((++c->n & 1023) == 0 && c->j->progress) c->j->progress(c->j->user, 0, 0, c->n);
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
static int scan_items(const struct pc_report_job *j, const char *const *paths, size_t n,
                      struct pc_items_stats *s, struct pc_assess *a, char **joined,
                      struct pc_error *err)
{
    struct items_ctx c = {s, a, j, 0};
    int rc = 0;
    struct pc_buf names;
    pc_buf_init(&names, 0);
    for (size_t i = 0; i < n && !rc; i++) {
        if (a) pc_assess_set_file(a, PC_PART_MAIN, paths[i]);
        pc_buf_printf(&names, "%s%s", i ? ", " : "", paths[i]);
        rc = pc_rec_scan(paths[i], on_item, on_item_bad, &c, err);
    }
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

int pc_report_scan_raw(const char *path, struct pc_raw_stats *s, void *user,
                       void (*progress)(void *, uint64_t, uint64_t, uint64_t), struct pc_error *err)
{
    struct pc_reader *rd = NULL;
    struct pc_lines *ls = NULL;
    int rc = pc_reader_open(&rd, path, err);
    if (rc) return rc;
    struct pc_json_doc *doc = pc_json_doc_new();
    if (!doc || pc_lines_new(&ls, rd, 0) != PC_OK) {
        pc_json_doc_free(doc);
        pc_reader_free(rd);
        return pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    int64_t size = pc_reader_size(rd);
    const char *name = base_name(path);
    struct pc_line ln;
    while ((rc = pc_lines_next(ls, &ln, err)) == 1) {
        if (ln.too_long) {
            s->lines++;
            s->skipped_json++; /* cannot be a record the loader would keep */
            continue;
        }
        if ((rc = pc_raw_stats_add(s, doc, name, ln.ptr, ln.len)) != PC_OK) {
            pc_error_set(err, rc, "out of memory");
            break;
        }
        if (progress && (ln.line_no & 4095) == 0)
            progress(user, pc_reader_consumed(rd), size > 0 ? (uint64_t)size : 0, s->rows);
    }
    if (rc < 0 && !err->file[0]) pc_error_at(err, path, -1, -1);
    pc_json_doc_free(doc);
    pc_lines_free(ls);
    pc_reader_free(rd);
    return rc < 0 ? rc : PC_OK;
}

int pc_report_run(const struct pc_report_job *j, size_t *ncharts, char *files_dir_out, size_t fdn,
                  struct pc_error *err)
{
    struct pc_raw_stats rs;
    struct pc_items_stats is, ss;
    struct pc_splitfile_stats sp[PC_REPORT_MAX_SPLITS];
    struct pc_assess *a_items = NULL, *a_sample = NULL, *a_split = NULL;
    struct pc_report_input in = {0};
    char *items_names = NULL, *sample_names = NULL;
    int e = pc_raw_stats_init(&rs);
    e = e ? e : pc_items_stats_init(&is);
    e = e ? e : pc_items_stats_init(&ss);
    for (int k = 0; k < PC_REPORT_MAX_SPLITS; k++) e = e ? e : pc_splitfile_stats_init(&sp[k]);
    if (e) pc_error_set(err, e, "out of memory");
    if (!j->raw_stats)
        for (size_t k = 0; !e && k < j->nraw; k++)
            e = pc_report_scan_raw(j->raw_files[k], &rs, j->user, j->progress, err);
    if (!e && (j->nraw || j->raw_stats)) {
        in.raw = j->raw_stats ? j->raw_stats : &rs;
        in.raw_files = j->raw_files;
        in.nraw = j->nraw;
    }
    if (!e && j->nitems) {
        if (j->assess && !(a_items = pc_assess_new(&j->assess_opts, PC_ASSESS_ITEMS)))
            e = pc_error_set(err, PC_ENOMEM, "out of memory");
        e = e ? e : scan_items(j, j->items, j->nitems, &is, a_items, &items_names, err);
        in.items = &is;
        in.items_path = items_names;
        in.assess_items = a_items;
    }
    if (!e && j->nsample) {
        if (j->assess && !(a_sample = pc_assess_new(&j->assess_opts, PC_ASSESS_ITEMS)))
            e = pc_error_set(err, PC_ENOMEM, "out of memory");
        e = e ? e : scan_items(j, j->sample, j->nsample, &ss, a_sample, &sample_names, err);
        if (a_sample && a_items) pc_assess_set_before(a_sample, a_items);
        in.sample = &ss;
        in.sample_path = sample_names;
        in.assess_sample = a_sample;
    }
    if (!e && j->split) {
        static const char *const names[] = {"train", "test", "validation"};
        int found = 0;
        for (int k = 0; !e && k < PC_REPORT_MAX_SPLITS; k++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s.jsonl", j->split, names[k]);
            struct stat st;
            if (stat(path, &st) != 0) continue;
            found++;
            e = pc_rec_scan(path, on_split, on_split_bad, &sp[k], err);
            in.split[k] = &sp[k];
            in.split_names[k] = names[k];
        }
        if (!e && !found)
            e = pc_error_set(err, PC_ENOTFOUND, "'%s' has no train.jsonl or test.jsonl", j->split);
        if (!e && j->assess) e = pc_assess_path(&a_split, j->split, &j->assess_opts, err);
        in.split_dir = j->split;
        in.assess_split = a_split;
    }

    /* the page, then the chart files beside it: <name>_files/CHART.svg */
    struct pc_report_out out = {0};
    char *dir = NULL;
    if (!e) {
        const char *outp = j->output, *b = base_name(outp);
        size_t stem = strlen(b);
        if (stem > 5 && !strcmp(b + stem - 5, ".html")) stem -= 5;
        char files_dir[512];
        snprintf(files_dir, sizeof files_dir, "%.*s_files", (int)stem, b);
        e = pc_report_build(&in, files_dir, &out);
        if (e) pc_error_set(err, e, "cannot build the report: %s", pc_strerror(e));
        size_t dl = (size_t)(b - outp) + strlen(files_dir) + 1;
        dir = malloc(dl);
        if (!e && !dir) e = pc_error_set(err, PC_ENOMEM, "out of memory");
        if (!e) {
            snprintf(dir, dl, "%.*s%s", (int)(b - outp), outp, files_dir);
            if (mkdir(dir, 0777) != 0 && errno != EEXIST)
                e = pc_error_set(err, PC_EIO, "cannot create '%s': %s", dir, strerror(errno));
        }
        for (size_t k = 0; !e && k < out.n; k++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s.svg", dir, out.charts[k].name);
            e = pc_atomic_write(path, out.charts[k].svg, out.charts[k].len, err);
        }
        if (!e) e = pc_atomic_write(outp, out.html.data, out.html.len, err);
        if (!e && ncharts) *ncharts = out.n;
        if (!e && files_dir_out && fdn) snprintf(files_dir_out, fdn, "%s", dir);
    }
    pc_report_out_release(&out);
    free(dir);
    pc_assess_free(a_items);
    pc_assess_free(a_sample);
    if (!e && j->keep_split && a_split) {
        *j->keep_split = a_split;
        a_split = NULL;
    }
    pc_assess_free(a_split);
    pc_raw_stats_release(&rs);
    pc_items_stats_release(&is);
    pc_items_stats_release(&ss);
    for (int k = 0; k < PC_REPORT_MAX_SPLITS; k++) pc_splitfile_stats_release(&sp[k]);
    free(items_names);
    free(sample_names);
    return e;
}
