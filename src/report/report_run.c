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
#include "report/scan_par.h"

struct items_ctx {
    struct pc_items_stats *s;
    struct pc_assess *a;
    const struct pc_report_job *j;
    uint64_t n;
    const char *const *paths;
    struct pc_buf *names; /* the files' names, comma-separated */
};

static int on_item_prep(void *p, const struct pc_rec *r, int64_t line,
                        const struct pc_assess_prep *prep, int64_t chars)
{
    struct items_ctx *c = p;
    if ((++c->n & 1023) == 0 && c->j->progress) c->j->progress(c->j->user, 0, 0, c->n);
    pc_items_stats_add(c->s, r, chars);
    return c->a ? pc_assess_add_prepared(c->a, PC_PART_MAIN, line, r, prep) : 0;
}

static int on_item(void *p, const struct pc_rec *r, int64_t line)
{
    return on_item_prep(p, r, line, NULL, -1);
}

static int on_item_bad(void *p, int64_t line, const char *msg)
{
    struct items_ctx *c = p;
    c->s->bad++;
    return c->a ? pc_assess_add_bad(c->a, PC_PART_MAIN, line, msg) : 0;
}

static int items_file(void *p, size_t k)
{
    struct items_ctx *c = p;
    pc_buf_printf(c->names, "%s%s", k ? ", " : "", c->paths[k]);
    return c->a ? pc_assess_set_file(c->a, PC_PART_MAIN, c->paths[k]) : 0;
}

/* One part of the report's reading: items or sample files into stats and an assessment,
 * or the split folder. Each part owns its outputs, so parts may run on different threads. */
struct part {
    const struct pc_report_job *j;
    const char *const *paths; /* items / sample files (NULL for the split part) */
    size_t n;
    struct pc_items_stats *s;
    struct pc_assess *a;           /* created here when j->assess */
    const struct pc_assess *reuse; /* signatures to reuse (pc_assess_reuse_sigs), or NULL */
    char *joined;                  /* the files' names, comma-separated */
    struct pc_splitfile_stats *sp; /* split part: per file (train, test, validation) */
    int present[PC_REPORT_MAX_SPLITS];
    int done;      /* already read (pc_report_items_run): run_chain only reuses it */
    size_t expect; /* records expected (pc_assess_opts.expect), 0 = unknown */
    int rc;
    struct pc_error err;
};

static int new_assess(struct part *p, enum pc_assess_mode mode)
{
    if (!p->j->assess) return PC_OK;
    struct pc_assess_opts o = p->j->assess_opts;
    if (p->j->threads > o.threads) o.threads = p->j->threads; /* the finish's bands too */
    if (!o.helper_ns) o.helper_ns = p->j->helper_ns;
    if (p->expect) o.expect = p->expect;
    if (!(p->a = pc_assess_new(&o, mode))) return PC_ENOMEM;
    /* failing to index the reused signatures only costs time: the results are the same */
    if (p->reuse) (void)pc_assess_reuse_sigs(p->a, p->reuse);
    return PC_OK;
}

/* Streams items/sample files into one set of stats (and an assessment when j->assess);
 * with j->threads > 1 through worker threads (scan_par.h), with the same results. */
static int scan_items(struct part *p)
{
    struct pc_buf names;
    pc_buf_init(&names, 0);
    struct items_ctx c = {p->s, NULL, p->j, 0, p->paths, &names};
    int rc = new_assess(p, PC_ASSESS_ITEMS);
    c.a = p->a;
    if (!rc && p->j->threads > 1) {
        struct pc_par_scan ps = {p->paths, p->n,       p->j->threads, p->a,        PC_RF_PROMPT,
                                 &c,       items_file, on_item_prep,  on_item_bad, p->j->helper_ns};
        rc = pc_par_scan_run(&ps, &p->err);
    }
    for (size_t i = 0; !rc && p->j->threads <= 1 && i < p->n; i++) {
        rc = items_file(&c, i);
        if (!rc) rc = pc_rec_scan(p->paths[i], on_item, on_item_bad, &c, &p->err);
    }
    p->joined = pc_buf_detach(&names, NULL);
    if (!rc && p->a) rc = pc_assess_finish(p->a);
    if (rc == PC_ENOMEM && !p->err.message[0]) pc_error_set(&p->err, rc, "out of memory");
    return rc;
}

/* The split folder's files in the order the assessment reads them (test, validation,
 * train), each with its stats and part. */
struct split_ctx {
    const char *const *paths;
    struct pc_splitfile_stats **stats;
    const int *parts;
    struct pc_splitfile_stats *s; /* of the current file */
    struct pc_assess *a;
    int part;
    const struct pc_assess_opts *o;
    uint64_t records;
};

static int on_split_prep(void *p, const struct pc_rec *r, int64_t line,
                         const struct pc_assess_prep *prep, int64_t chars)
{
    struct split_ctx *c = p;
    pc_splitfile_stats_add(c->s, r, chars);
    if (!c->a) return 0;
    if ((++c->records & 4095) == 0 && c->o->progress) c->o->progress(c->o->progress_ud, c->records);
    return pc_assess_add_prepared(c->a, c->part, line, r, prep);
}

static int on_split(void *p, const struct pc_rec *r, int64_t line)
{
    return on_split_prep(p, r, line, NULL, -1);
}

static int on_split_bad(void *p, int64_t line, const char *msg)
{
    struct split_ctx *c = p;
    c->s->bad++;
    return c->a ? pc_assess_add_bad(c->a, c->part, line, msg) : 0;
}

static int split_file(void *p, size_t k)
{
    struct split_ctx *c = p;
    c->s = c->stats[k];
    c->part = c->parts[k];
    return c->a ? pc_assess_set_file(c->a, c->part, c->paths[k]) : 0;
}

/* The split folder read once: each file's stats and, when j->assess, the folder's
 * assessment as pc_assess_path makes it (test and validation before train). */
static int scan_split(struct part *p)
{
    static const char *const names[] = {"train", "test", "validation"};
    static const int order[] = {1, 2, 0},
                     parts[] = {PC_PART_MAIN, PC_PART_TEST, PC_PART_VALIDATION};
    const struct pc_report_job *j = p->j;
    char paths[3][4096];
    const char *pp[3];
    struct pc_splitfile_stats *stats[3];
    int fparts[3];
    size_t n = 0;
    for (int i = 0; i < 3; i++) {
        int k = order[i];
        snprintf(paths[n], sizeof paths[n], "%s/%s.jsonl", j->split, names[k]);
        struct stat st;
        if (stat(paths[n], &st) != 0) continue;
        p->present[k] = 1;
        pp[n] = paths[n];
        stats[n] = &p->sp[k];
        fparts[n++] = parts[k];
    }
    int rc = new_assess(p, PC_ASSESS_SPLIT);
    struct split_ctx c = {pp, stats, fparts, NULL, p->a, 0, &j->assess_opts, 0};
    if (!rc && !n)
        rc = pc_error_set(&p->err, PC_ENOTFOUND, "'%s' has no train.jsonl or test.jsonl", j->split);
    if (!rc && j->threads > 1) {
        struct pc_par_scan ps = {pp, n,          j->threads,    p->a,         PC_RF_TEXT,
                                 &c, split_file, on_split_prep, on_split_bad, j->helper_ns};
        rc = pc_par_scan_run(&ps, &p->err);
    }
    for (size_t i = 0; !rc && j->threads <= 1 && i < n; i++) {
        rc = split_file(&c, i);
        if (!rc) rc = pc_rec_scan(pp[i], on_split, on_split_bad, &c, &p->err);
    }
    if (!rc && p->a && j->assess_opts.progress)
        j->assess_opts.progress(j->assess_opts.progress_ud, c.records);
    if (!rc && p->a) rc = pc_assess_finish(p->a);
    if (rc == PC_ENOMEM && !p->err.message[0]) pc_error_set(&p->err, rc, "out of memory");
    return rc;
}

/* Parts read one after the other, each reusing the signatures of the part before it. */
struct chain {
    struct part *parts[3];
    int n;
};

static void run_chain(struct chain *c)
{
    for (int i = 0; i < c->n; i++) {
        struct part *p = c->parts[i];
        if (i > 0) {
            if (c->parts[i - 1]->rc) break;
            p->reuse = c->parts[i - 1]->a;
        }
        if (!p->done) p->rc = p->paths ? scan_items(p) : scan_split(p);
        if (p->done && p->rc) break;
        /* memory: a part keeps only its signatures while the next part may reuse them, and
         * the part before is now done with them */
        if (p->a) pc_assess_trim(p->a, i + 1 < c->n);
        if (i > 0 && c->parts[i - 1]->a) pc_assess_trim(c->parts[i - 1]->a, 0);
    }
    if (c->n && c->parts[c->n - 1]->a) pc_assess_trim(c->parts[c->n - 1]->a, 0);
}

struct pc_report_items {
    struct part p;
    struct pc_items_stats s;
    int s_ok;
};

void pc_report_items_free(struct pc_report_items *it)
{
    if (!it) return;
    pc_assess_free(it->p.a);
    free(it->p.joined);
    if (it->s_ok) pc_items_stats_release(&it->s);
    free(it);
}

int pc_report_items_run(const struct pc_report_job *j, struct pc_report_items **out)
{
    struct pc_report_items *it = calloc(1, sizeof *it);
    if (!it) return PC_ENOMEM;
    *out = it;
    pc_error_clear(&it->p.err);
    it->p.j = j;
    it->p.paths = j->items;
    it->p.n = j->nitems;
    it->p.s = &it->s;
    it->p.expect = j->expect_items;
    it->p.done = 1;
    if (pc_items_stats_init(&it->s) != PC_OK)
        it->p.rc = pc_error_set(&it->p.err, PC_ENOMEM, "out of memory");
    else {
        it->s_ok = 1;
        it->p.rc = scan_items(&it->p);
    }
    /* a following sample part reuses the signatures (run_chain trims them after it) */
    if (it->p.a) pc_assess_trim(it->p.a, 1);
    it->p.j = NULL; /* j need not outlive this call */
    return it->p.rc;
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
    /* items, sample and split, one after the other (each reusing the signatures of the
     * one before), each read with j->threads worker threads */
    struct pc_report_items *pre = j->items_pre;
    struct part pi = {
        .j = j, .paths = j->items, .n = j->nitems, .s = &is, .expect = j->expect_items};
    struct part ps = {
        .j = j, .paths = j->sample, .n = j->nsample, .s = &ss, .expect = j->expect_sample};
    struct part pt = {.j = j, .sp = sp, .expect = j->expect_split};
    pc_error_clear(&pi.err);
    pc_error_clear(&ps.err);
    pc_error_clear(&pt.err);
    if (!e) {
        struct chain c = {{0}, 0};
        if (pre)
            c.parts[c.n++] = &pre->p;
        else if (j->nitems)
            c.parts[c.n++] = &pi;
        if (j->nsample) c.parts[c.n++] = &ps;
        if (j->split) c.parts[c.n++] = &pt;
        run_chain(&c);
        for (int i = 0; i < c.n && !e; i++)
            if (c.parts[i]->rc) {
                e = c.parts[i]->rc;
                *err = c.parts[i]->err;
            }
    }
    if (!e && pre) { /* the page reads the items part from pre, freed with it */
        in.items = &pre->s;
        in.items_path = pre->p.joined;
        in.assess_items = pre->p.a;
    }
    items_names = pi.joined;
    sample_names = ps.joined;
    a_items = pre ? pre->p.a : pi.a;
    a_sample = ps.a;
    a_split = pt.a;
    if (!e && j->nitems && !pre) {
        in.items = &is;
        in.items_path = items_names;
        in.assess_items = a_items;
    }
    if (!e && j->nsample) {
        if (a_sample && a_items) pc_assess_set_before(a_sample, a_items);
        in.sample = &ss;
        in.sample_path = sample_names;
        in.assess_sample = a_sample;
    }
    if (!e && j->split) {
        static const char *const names[] = {"train", "test", "validation"};
        for (int k = 0; k < PC_REPORT_MAX_SPLITS; k++)
            if (pt.present[k]) {
                in.split[k] = &sp[k];
                in.split_names[k] = names[k];
            }
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
    if (pre)
        pc_report_items_free(pre);
    else
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
