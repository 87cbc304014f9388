/* The body of the stages of a run other than curate and split (stages_dataset.c): each
 * calls the library function its single-stage command calls (investigate/,
 * pipe/parse_job.h, report/, assess/), with options from the settings table (stage_opts.h).
 * The graph that orders them: graph.c. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess/assess.h"
#include "fetch/official.h"
#include "io/atomic.h"
#include "io/reader.h"
#include "json/json.h"
#include "pipe/parse_job.h"
#include "pipe/pipe.h"
#include "pipeline/pipeline_int.h"
#include "pipeline/single_pass.h"
#include "pipeline/stage_opts.h"
#include "report/report_run.h"
#include "run/sha256.h"

#define INVALID_SHOWN 20

int pl_threads_of(const struct pl_ctx *x)
{
    long j = strtol(pc_runcfg_str(x->cfg, pc_runopt_find("", "jobs")), NULL, 10);
    return j > 0 && j <= 256 ? (int)j : pc_pipe_cpus();
}

/* ---- progress and invalid lines, forwarded to the hooks ---- */

static void on_progress(void *user, uint64_t pos, uint64_t records)
{
    struct pl_watch *w = user;
    const struct pc_pipeline_hooks *h = w->x->h;
    if (h && h->progress) h->progress(h->user, w->x->current, pos, w->total, records);
}

static void on_invalid(void *user, const char *input, int64_t line_no, int outcome,
                       const char *message)
{
    struct pl_watch *w = user;
    const struct pc_pipeline_hooks *h = w->x->h;
    if (w->shown++ >= INVALID_SHOWN || !h || !h->invalid_line) return;
    h->invalid_line(h->user, input, line_no, pc_outcome_key(outcome), message);
}

void pl_on_items_progress(void *user, uint64_t done, uint64_t total, uint64_t lines)
{
    struct pl_watch *w = user;
    const struct pc_pipeline_hooks *h = w->x->h;
    if (h && h->progress) h->progress(h->user, w->x->current, done, total, lines);
}

/* Adds every non-negative integer member of object v as a count, nested objects as dotted
 * names (the stage's statistics file flattened into run.json). */
static int add_counts(struct pc_run_stage *st, const char *prefix, const struct pc_json_val *v,
                      int depth)
{
    int rc = PC_OK;
    for (uint32_t i = 0; i < v->len && depth < 4 && !rc; i++) {
        const struct pc_json_member *m = &v->u.members[i];
        char name[256];
        snprintf(name, sizeof name, "%s%s%s", prefix, *prefix ? "." : "", m->key);
        if (m->val.type == PC_JSON_NUMBER && m->val.num_kind == PC_JSON_INT &&
            m->val.u.raw[0] != '-')
            rc = pc_run_stage_add_count(st, name, strtoull(m->val.u.raw, NULL, 10));
        else if (m->val.type == PC_JSON_OBJECT)
            rc = add_counts(st, name, &m->val, depth + 1);
    }
    return rc;
}

int pl_add_json_counts(struct pc_run_stage *st, const struct pc_buf *b)
{
    struct pc_json_doc *doc = pc_json_doc_new();
    const struct pc_json_val *root;
    int rc = doc ? PC_OK : PC_ENOMEM;
    if (!rc && pc_json_parse(doc, b->data, b->len, &root, NULL) == PC_OK &&
        root->type == PC_JSON_OBJECT)
        rc = add_counts(st, "", root, 0);
    pc_json_doc_free(doc);
    return rc;
}

/* ---- investigate ---- */

/* investigate.json from the per-input statistics files of the single pass. */
static void raw_json_path(const struct pl_ctx *x, int i, char *out, size_t n)
{
    snprintf(out, n, "%s/%.*s.raw.json", x->rundir, (int)strlen(x->in[i].items) - 6,
             x->in[i].items);
}

int pl_run_investigate(struct pl_ctx *x, struct pl_stage *sp, struct pc_run_stage *rec,
                       struct pc_error *err)
{
    int n = x->nin, rc = PC_OK;
    struct pc_inv_stats **st = calloc((size_t)n + 1, sizeof *st);
    const char **names = calloc((size_t)n + 1, sizeof *names);
    struct pc_inv_stats *tot = pc_inv_stats_new();
    if (!st || !names || !tot) rc = pc_error_set(err, PC_ENOMEM, "out of memory");
    for (int i = 0; !rc && i < n; i++) {
        char path[4200];
        raw_json_path(x, i, path, sizeof path);
        names[i] = x->in[i].path;
        if (!(st[i] = pc_inv_stats_new()))
            rc = pc_error_set(err, PC_ENOMEM, "out of memory");
        else
            rc = pc_single_pass_load(path, st[i], NULL, err);
    }
    /* official or not: judged from name, size and the SHA-256 the single pass computed */
    struct pc_official_check *off = calloc((size_t)n + 1, sizeof *off);
    int *checked = calloc((size_t)n + 1, sizeof *checked);
    if (!rc && (!off || !checked)) rc = pc_error_set(err, PC_ENOMEM, "out of memory");
    for (int i = 0; !rc && i < n; i++)
        checked[i] =
            pc_official_judge(x->in[i].path, x->in[i].size, x->in[i].sha256, &off[i]) == PC_OK;
    struct pc_buf b;
    pc_buf_init(&b, 0);
    if (!rc) {
        for (int i = 0; i < n && !rc; i++)
            if (pc_inv_stats_add(tot, st[i])) rc = pc_error_set(err, PC_ENOMEM, "out of memory");
        if (!rc && pc_inv_json(&b, names, (const struct pc_inv_stats *const *)st, (size_t)n, tot,
                               off, checked))
            rc = pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    free(off);
    free(checked);
    char path[4200];
    snprintf(path, sizeof path, "%s/investigate.json", x->rundir);
    if (!rc) rc = pc_atomic_write(path, b.data, b.len, err);
    if (!rc) {
        rc = pc_run_stage_add_count(rec, "rows", tot->rows);
        if (!rc) rc = pc_run_stage_add_count(rec, "records", tot->records);
        if (!rc) rc = pc_run_stage_add_count(rec, "invalid", pc_inv_invalid(tot));
        if (!rc) rc = pc_run_stage_add_count(rec, "priced", tot->priced);
        if (rc) rc = pc_error_set(err, rc, "out of memory");
    }
    pc_buf_release(&b);
    for (int i = 0; st && i < n; i++) pc_inv_stats_free(st[i]);
    pc_inv_stats_free(tot);
    free(st);
    free(names);
    return rc;
}

/* ---- parse (one per input) ---- */

/* The items file, hashed as it is written (run.json needs its SHA-256: no second read). */
struct parse_sink {
    struct pc_atomic out;
    struct pc_sha256_stream *sha; /* NULL: run.json reads the file back to hash it */
};

static int sink_write(void *user, const char *data, size_t len, struct pc_error *err)
{
    struct parse_sink *s = user;
    if (fwrite(data, 1, len, s->out.fp) != len)
        return pc_error_set(err, PC_EIO, "cannot write '%s': %s", s->out.path, strerror(errno));
    if (s->sha) pc_sha256_stream_update(s->sha, data, len);
    return PC_OK;
}

struct parse_user {
    struct pl_watch w;
    struct parse_sink sink;
};

static void parse_progress(void *user, uint64_t pos, uint64_t items)
{
    on_progress(&((struct parse_user *)user)->w, pos, items);
}

static void parse_invalid(void *user, const char *input, int64_t line_no, int outcome,
                          const char *message)
{
    on_invalid(&((struct parse_user *)user)->w, input, line_no, outcome, message);
}

static int parse_write(void *user, const char *data, size_t len, struct pc_error *err)
{
    return sink_write(&((struct parse_user *)user)->sink, data, len, err);
}

/* Writes data[0..len) to a new atomic writer of path and, with sync, starts its fsync on a
 * thread; the caller commits it (or aborts: w is released on failure). */
static int write_synced(struct pc_atomic *w, const char *path, const void *data, size_t len,
                        int sync, struct pc_error *err)
{
    int rc = pc_atomic_open(w, path, err);
    if (rc) return rc;
    if (len && fwrite(data, 1, len, w->fp) != len)
        rc = pc_error_set(err, PC_EIO, "cannot write '%s': %s", path, strerror(errno));
    if (!rc && sync) rc = pc_atomic_sync_start(w, err);
    if (rc) pc_atomic_abort(w);
    return rc;
}

int pl_parse_to(struct pl_ctx *x, int i, const struct pc_parse_input *pin, const char *items_path,
                const char *stats_path, const char *raw_path, char items_sha[65],
                struct pc_buf *stats_json, uint64_t *kept, struct pc_error *err)
{
    struct pl_input *in = &x->in[i];
    struct pc_item_opts io;
    int rc = pc_stage_item_opts(x->cfg, &io, err);
    if (rc) return rc;
    struct pc_tok_load_opts lo = {x->o->tok_cache_dir, x->o->tok_env};
    if (!x->tok && (rc = pc_tok_load_ex(x->tok_spec, &lo, &x->tok, err)) != PC_OK) return rc;
    struct parse_user u;
    memset(&u, 0, sizeof u);
    u.w.x = x;
    u.w.total = in->size;
    if ((rc = pc_atomic_open(&u.sink.out, items_path, err))) return rc;
    u.sink.sha = pc_sha256_stream_new();
    struct pc_inv_opts win;
    pc_stage_inv_opts(&io, &win);
    struct pc_single_pass pass;
    if (pc_single_pass_init(&pass, &win, in->path)) {
        pc_atomic_abort(&u.sink.out);
        pc_sha256_stream_free(u.sink.sha);
        return pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    struct pc_parse_stats st;
    double reader_cpu = 0;
    struct pc_parse_cfg cfg = {
        .inputs = pin,
        .n_inputs = 1,
        .tok = x->tok,
        .opts = io,
        .threads = pl_threads_of(x),
        .with_source = 1,
        .user = &u,
        .write = parse_write,
        .on_progress = parse_progress,
        .on_invalid = parse_invalid,
        .observer = &pass.obs,
        .reader_cpu = &reader_cpu,
    };
    rc = pc_parse_run(&cfg, &st, err);
    if (reader_cpu > x->stage_serial) x->stage_serial = reader_cpu;
    /* With threads (-j > 1), the three outputs' fsyncs run at once, and the items' while the
     * others are made; -j1 starts no thread. */
    int sync = cfg.threads > 1;
    if (!rc && sync) rc = pc_atomic_sync_start(&u.sink.out, err);
    struct pc_atomic raw_out, stats_out;
    memset(&raw_out, 0, sizeof raw_out);
    memset(&stats_out, 0, sizeof stats_out);
    struct pc_buf b;
    pc_buf_init(&b, 0);
    if (!rc && pc_single_pass_dump(&pass, in->path, in->category, &b))
        rc = pc_error_set(err, PC_ENOMEM, "out of memory");
    pc_single_pass_release(&pass);
    if (!rc) rc = write_synced(&raw_out, raw_path, b.data, b.len, sync, err);
    pc_buf_release(&b);
    const char *name = in->path, *cat = in->category;
    if (!rc && pc_parse_stats_json(stats_json, &name, &cat, &st, 1))
        rc = pc_error_set(err, PC_ENOMEM, "out of memory");
    if (!rc)
        rc = write_synced(&stats_out, stats_path, stats_json->data, stats_json->len, sync, err);
    items_sha[0] = '\0';
    if (!rc && u.sink.sha) (void)pc_sha256_stream_hex(u.sink.sha, items_sha);
    pc_sha256_stream_free(u.sink.sha);
    u.sink.sha = NULL;
    /* committed in the order they were written before: raw, items, statistics */
    if (!rc) rc = pc_atomic_commit(&raw_out, err);
    if (!rc) rc = pc_atomic_commit(&u.sink.out, err);
    if (!rc) rc = pc_atomic_commit(&stats_out, err);
    if (rc) {
        pc_atomic_abort(&raw_out);
        pc_atomic_abort(&u.sink.out);
        pc_atomic_abort(&stats_out);
        return rc;
    }
    *kept = st.outcome[PC_OUT_KEPT];
    return PC_OK;
}

int pl_run_parse(struct pl_ctx *x, struct pl_stage *sp, struct pc_run_stage *rec,
                 struct pc_error *err)
{
    if (x->o->shards) return pl_merge_shards(x, sp, rec, err);
    int i = sp->arg;
    struct pl_input *in = &x->in[i];
    struct pc_reader *rd = NULL;
    int rc = pl_input_open(x, i, &rd, err);
    if (rc) return rc;
    char items[4200], stats[4200], raw[4200];
    snprintf(items, sizeof items, "%s/%s", x->rundir, in->items);
    snprintf(stats, sizeof stats, "%s/%.*s.stats.json", x->rundir, (int)strlen(in->items) - 6,
             in->items);
    raw_json_path(x, i, raw, sizeof raw);
    struct pc_parse_input pin = {in->path, in->category, rd, 0};
    struct pc_buf b;
    pc_buf_init(&b, 0);
    uint64_t kept = 0;
    rc = pl_parse_to(x, i, &pin, items, stats, raw, sp->hashed_sha, &b, &kept, err);
    rc = pl_input_done(x, sp, rd, rc, err);
    sp->hashed_rel = in->items;
    if (!rc && (pc_run_stage_add_count(rec, "items", kept) || pl_add_json_counts(rec, &b)))
        rc = pc_error_set(err, PC_ENOMEM, "out of memory");
    pc_buf_release(&b);
    return rc;
}

int pl_add_parse_counts(struct pc_run_stage *rec, uint64_t kept, const struct pc_buf *stats_json)
{
    return pc_run_stage_add_count(rec, "items", kept) || pl_add_json_counts(rec, stats_json)
               ? PC_ENOMEM
               : PC_OK;
}

/* ---- report, assess ---- */

char **pl_items_paths(const struct pl_ctx *x)
{
    char **p = calloc((size_t)x->nin + 1, sizeof *p);
    for (int i = 0; p && i < x->nin; i++)
        if (asprintf(&p[i], "%s/%s", x->rundir, x->in[i].items) < 0) {
            p[i] = NULL;
            pl_paths_free(p);
            return NULL;
        }
    return p;
}

void pl_paths_free(char **p)
{
    for (size_t i = 0; p && p[i]; i++) free(p[i]);
    free(p);
}

int pl_run_report(struct pl_ctx *x, struct pl_stage *sp, struct pc_run_stage *rec,
                  struct pc_error *err)
{
    int raw = pc_runcfg_bool(x->cfg, pc_runopt_find("", "report_raw"));
    const char **rawf = calloc((size_t)x->nin + 1, sizeof *rawf);
    char **items = pl_items_paths(x);
    int rc = rawf && items ? PC_OK : pc_error_set(err, PC_ENOMEM, "out of memory");
    for (int i = 0; !rc && i < x->nin; i++) rawf[i] = x->in[i].path;
    struct pc_raw_stats rs;
    int rs_ok = !rc && pc_raw_stats_init(&rs) == PC_OK;
    if (!rc && !rs_ok) rc = pc_error_set(err, PC_ENOMEM, "out of memory");
    for (int i = 0; !rc && raw && i < x->nin; i++) {
        char path[4200];
        raw_json_path(x, i, path, sizeof path);
        rc = pc_single_pass_load(path, NULL, &rs, err);
    }
    char sample[4200], split[4200], out[4200];
    snprintf(sample, sizeof sample, "%s/sample.jsonl", x->rundir);
    snprintf(split, sizeof split, "%s/dataset", x->rundir);
    snprintf(out, sizeof out, "%s/report.html", x->rundir);
    const char *samples[] = {sample};
    struct pl_watch w = {x, 0, 0};
    struct pc_report_job job = {
        .raw_files = rawf,
        .nraw = raw ? (size_t)x->nin : 0,
        .raw_stats = raw && rs_ok ? &rs : NULL,
        .items = (const char *const *)items,
        .nitems = (size_t)x->nin,
        .sample = samples,
        .nsample = 1,
        .split = split,
        .output = out,
        .assess = 1,
        .keep_split = &x->split_assess,
        .threads = pl_threads_of(x),
        .user = &w,
        .progress = pl_on_items_progress,
    };
    pc_assess_opts_default(&job.assess_opts);
    /* the assessments' sizes (the run's totals so far: a hint, never used for results) */
    job.expect_items = (size_t)x->totals_v.items;
    job.expect_sample = (size_t)x->totals_v.sample;
    job.expect_split = (size_t)(x->totals_v.train + x->totals_v.test + x->totals_v.validation);
    /* the items part, when it ran ahead during curate and split (report_ahead.c, whose job
     * must read the same items with the same assessment options as this one) */
    job.items_pre = pl_ahead_take(x);
    size_t ncharts = 0;
    if (!rc)
        rc = pc_report_run(&job, &ncharts, NULL, 0, err);
    else
        pc_report_items_free(job.items_pre);
    if (!rc && pc_run_stage_add_count(rec, "charts", ncharts))
        rc = pc_error_set(err, PC_ENOMEM, "out of memory");
    pl_paths_free(items);
    free(rawf);
    if (rs_ok) pc_raw_stats_release(&rs);
    return rc;
}

int pl_run_assess(struct pl_ctx *x, struct pl_stage *sp, struct pc_run_stage *rec,
                  struct pc_error *err)
{
    struct pc_assess_opts o;
    pc_assess_opts_default(&o);
    o.threads = pl_threads_of(x); /* the findings are the same at any count */
    char dir[4200], out[4200];
    snprintf(dir, sizeof dir, "%s/dataset", x->rundir);
    snprintf(out, sizeof out, "%s/assess.json", x->rundir);
    /* the report of this run already assessed dataset/ with the same options */
    struct pc_assess *a = x->split_assess;
    x->split_assess = NULL;
    int rc = a ? PC_OK : pc_assess_path(&a, dir, &o, err);
    struct pc_buf b;
    pc_buf_init(&b, 0);
    if (!rc && (rc = pc_assess_json(a, &b)))
        rc = pc_error_set(err, rc, "cannot render the assessment: %s", pc_strerror(rc));
    if (!rc) rc = pc_atomic_write(out, b.data, b.len, err);
    if (!rc && pc_run_stage_add_count(rec, "problems", pc_assess_problems(a)))
        rc = pc_error_set(err, PC_ENOMEM, "out of memory");
    pc_buf_release(&b);
    pc_assess_free(a);
    return rc;
}

void pl_release(struct pl_ctx *x)
{
    pl_inputs_release(x);
    pl_sample_ix_drop(x);
    pl_ahead_cancel(x);
    pc_tok_free(x->tok);
    x->tok = NULL;
    pc_assess_free(x->split_assess);
    x->split_assess = NULL;
}
