/* The stage graph of a run and the body of every stage: each calls the library function its
 * single-stage command calls (investigate/, pipe/parse_job.h, curate/, report/, assess/),
 * with options from the settings table (stage_opts.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

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

#define INVALID_SHOWN 20

static int pushf(struct pc_strlist *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int pushf(struct pc_strlist *a, const char *fmt, ...)
{
    char buf[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return pc_strlist_push(a, buf);
}

/* Appends the options of settings section `section` (only those not at their default). */
static void push_stage_args(const struct pc_runcfg *c, int section, struct pc_strlist *a)
{
    struct pc_buf b;
    pc_buf_init(&b, 0);
    int n = pc_runcfg_stage_args(c, section, &b);
    const char *p = b.data;
    for (int i = 0; i < n; i++) {
        pc_strlist_push(a, p);
        p += strlen(p) + 1;
    }
    pc_buf_release(&b);
}

static int threads_of(const struct pl_ctx *x)
{
    long j = strtol(pc_runcfg_str(x->cfg, pc_runopt_find("", "jobs")), NULL, 10);
    return j > 0 && j <= 256 ? (int)j : pc_pipe_cpus();
}

/* ---- progress and invalid lines, forwarded to the hooks ---- */

struct pl_watch {
    struct pl_ctx *x;
    uint64_t total, shown;
};

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

static void on_items_progress(void *user, uint64_t done, uint64_t total, uint64_t lines)
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

static int add_json_counts(struct pc_run_stage *st, const struct pc_buf *b)
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

/* Opens input i for reading, hashing its raw bytes when its SHA-256 is not known yet. */
static int open_input(struct pl_ctx *x, int i, struct pc_reader **r, struct pc_error *err)
{
    int rc = pc_reader_open(r, x->in[i].path, err);
    if (!rc && !x->in[i].sha256[0]) rc = pc_reader_hash_start(*r, err);
    return rc;
}

/* After reading input i to its end: its hash, when it was being computed. */
static int finish_input(struct pl_ctx *x, int i, struct pc_reader *r, struct pc_error *err)
{
    if (x->in[i].sha256[0]) return PC_OK;
    return pc_reader_sha256(r, x->in[i].sha256, err);
}

/* ---- investigate ---- */

/* investigate.json from the per-input statistics files of the single pass. */
static void raw_json_path(const struct pl_ctx *x, int i, char *out, size_t n)
{
    snprintf(out, n, "%s/%.*s.raw.json", x->rundir, (int)strlen(x->in[i].items) - 6,
             x->in[i].items);
}

static int run_investigate(struct pl_ctx *x, struct pl_stage *sp, struct pc_run_stage *rec,
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
        for (int i = 0; i < n; i++) pc_inv_stats_add(tot, st[i]);
        if (pc_inv_json(&b, names, (const struct pc_inv_stats *const *)st, (size_t)n, tot, off,
                        checked))
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
    EVP_MD_CTX *sha;
};

static int sink_write(void *user, const char *data, size_t len, struct pc_error *err)
{
    struct parse_sink *s = user;
    if (fwrite(data, 1, len, s->out.fp) != len)
        return pc_error_set(err, PC_EIO, "cannot write '%s': %s", s->out.path, strerror(errno));
    if (s->sha) EVP_DigestUpdate(s->sha, data, len);
    return PC_OK;
}

static void sink_hex(struct parse_sink *s, char out[65])
{
    unsigned char d[32];
    unsigned int n = 0;
    out[0] = '\0';
    if (!s->sha || EVP_DigestFinal_ex(s->sha, d, &n) != 1 || n != 32) return;
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        out[2 * i] = hex[d[i] >> 4];
        out[2 * i + 1] = hex[d[i] & 15];
    }
    out[64] = '\0';
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

static int run_parse(struct pl_ctx *x, struct pl_stage *sp, struct pc_run_stage *rec,
                     struct pc_error *err)
{
    int i = sp->arg;
    struct pl_input *in = &x->in[i];
    struct pc_item_opts io;
    int rc = pc_stage_item_opts(x->cfg, &io, err);
    if (rc) return rc;
    if (!x->tok && (rc = pc_tok_load_env(x->tok_spec, x->o->tok_env, &x->tok, err)) != PC_OK)
        return rc;
    struct pc_reader *rd = NULL;
    if ((rc = open_input(x, i, &rd, err))) return rc;
    struct parse_user u;
    memset(&u, 0, sizeof u);
    u.w.x = x;
    u.w.total = in->size;
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", x->rundir, in->items);
    if ((rc = pc_atomic_open(&u.sink.out, path, err))) {
        pc_reader_free(rd);
        return rc;
    }
    u.sink.sha = EVP_MD_CTX_new();
    if (u.sink.sha && EVP_DigestInit_ex(u.sink.sha, EVP_sha256(), NULL) != 1) {
        EVP_MD_CTX_free(u.sink.sha);
        u.sink.sha = NULL; /* run.json then reads the file back to hash it */
    }
    struct pc_inv_opts win;
    pc_stage_inv_opts(&io, &win);
    struct pc_single_pass pass;
    if (pc_single_pass_init(&pass, &win, in->path)) {
        pc_atomic_abort(&u.sink.out);
        EVP_MD_CTX_free(u.sink.sha);
        pc_reader_free(rd);
        return pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    struct pc_parse_input pin = {in->path, in->category, rd, 0};
    struct pc_parse_stats st;
    struct pc_parse_cfg cfg = {
        .inputs = &pin,
        .n_inputs = 1,
        .tok = x->tok,
        .opts = io,
        .threads = threads_of(x),
        .with_source = 1,
        .user = &u,
        .write = parse_write,
        .on_progress = parse_progress,
        .on_invalid = parse_invalid,
        .observer = &pass.obs,
    };
    rc = pc_parse_run(&cfg, &st, err);
    if (!rc) rc = finish_input(x, i, rd, err);
    pc_reader_free(rd);
    struct pc_buf b;
    pc_buf_init(&b, 0);
    if (!rc && pc_single_pass_dump(&pass, in->path, in->category, &b))
        rc = pc_error_set(err, PC_ENOMEM, "out of memory");
    pc_single_pass_release(&pass);
    raw_json_path(x, i, path, sizeof path);
    if (!rc) rc = pc_atomic_write(path, b.data, b.len, err);
    pc_buf_reset(&b);
    if (rc) {
        pc_atomic_abort(&u.sink.out);
        EVP_MD_CTX_free(u.sink.sha);
        pc_buf_release(&b);
        return rc;
    }
    sink_hex(&u.sink, sp->hashed_sha);
    EVP_MD_CTX_free(u.sink.sha);
    u.sink.sha = NULL;
    sp->hashed_rel = in->items;
    if ((rc = pc_atomic_commit(&u.sink.out, err))) {
        pc_buf_release(&b);
        return rc;
    }
    const char *name = in->path, *cat = in->category;
    if (pc_parse_stats_json(&b, &name, &cat, &st, 1))
        rc = pc_error_set(err, PC_ENOMEM, "out of memory");
    snprintf(path, sizeof path, "%s/%.*s.stats.json", x->rundir, (int)strlen(in->items) - 6,
             in->items);
    if (!rc) rc = pc_atomic_write(path, b.data, b.len, err);
    if (!rc &&
        (pc_run_stage_add_count(rec, "items", st.outcome[PC_OUT_KEPT]) || add_json_counts(rec, &b)))
        rc = pc_error_set(err, PC_ENOMEM, "out of memory");
    pc_buf_release(&b);
    return rc;
}

/* ---- curate, split ---- */

static int run_curate(struct pl_ctx *x, struct pl_stage *sp, struct pc_run_stage *rec,
                      struct pc_error *err)
{
    struct pc_curate_opts o;
    struct pc_weight *ws = NULL;
    int rc = pc_stage_curate_opts(x->cfg, &o, &ws, err);
    const char **paths = calloc((size_t)x->nin + 1, sizeof *paths);
    char **owned = calloc((size_t)x->nin + 1, sizeof *owned);
    if (!rc && (!paths || !owned)) rc = pc_error_set(err, PC_ENOMEM, "out of memory");
    for (int i = 0; !rc && i < x->nin; i++) {
        if (asprintf(&owned[i], "%s/%s", x->rundir, x->in[i].items) < 0) {
            owned[i] = NULL;
            rc = pc_error_set(err, PC_ENOMEM, "out of memory");
        }
        paths[i] = owned[i];
    }
    char out[4200];
    snprintf(out, sizeof out, "%s/sample.jsonl", x->rundir);
    struct pc_curate_stats st;
    memset(&st, 0, sizeof st);
    struct pl_watch w = {x, 0, 0};
    if (!rc) rc = pc_curate_files(paths, (size_t)x->nin, out, &o, &st, on_items_progress, &w, err);
    if (!rc) {
        rc = pc_run_stage_add_count(rec, "items", st.selected);
        for (size_t k = 0; !rc && k < st.n_cats; k++) {
            char name[300];
            snprintf(name, sizeof name, "category.%s", st.cats[k].name);
            if (st.cats[k].selected) rc = pc_run_stage_add_count(rec, name, st.cats[k].selected);
        }
        if (rc) rc = pc_error_set(err, rc, "out of memory");
        pc_curate_stats_release(&st);
    }
    for (int i = 0; owned && i < x->nin; i++) free(owned[i]);
    free(owned);
    free(paths);
    pc_stage_weights_free(ws, o.n_weights);
    return rc;
}

static int run_split(struct pl_ctx *x, struct pl_stage *sp, struct pc_run_stage *rec,
                     struct pc_error *err)
{
    struct pc_split_opts o;
    int rc = pc_stage_split_opts(x->cfg, &o, err);
    if (rc) return rc;
    char sample[4200], fin[4200], tmp[4300];
    snprintf(sample, sizeof sample, "%s/sample.jsonl", x->rundir);
    snprintf(fin, sizeof fin, "%s/dataset", x->rundir);
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", fin, (long)getpid());
    pc_rundir_rm_rf(tmp);
    struct pc_split_stats st;
    memset(&st, 0, sizeof st);
    struct pl_watch w = {x, 0, 0};
    rc = pc_split_file(sample, tmp, &o, &st, on_items_progress, &w, err);
    if (rc == PC_ESHORT)
        rc = pc_error_set(err, PC_ESHORT,
                          "%s; set split.allow_short (--allow-short) to write what exists, or "
                          "smaller train/test",
                          err->message);
    if (!rc) {
        pc_rundir_rm_rf(fin);
        if (rename(tmp, fin) != 0)
            rc = pc_error_set(err, PC_EIO, "cannot rename '%s' to '%s': %s", tmp, fin,
                              strerror(errno));
    }
    if (rc) {
        pc_rundir_rm_rf(tmp);
        return rc;
    }
    if (pc_run_stage_add_count(rec, "train", st.train) ||
        pc_run_stage_add_count(rec, "test", st.test) ||
        pc_run_stage_add_count(rec, "validation", st.validation))
        return pc_error_set(err, PC_ENOMEM, "out of memory");
    return PC_OK;
}

/* ---- report, assess ---- */

static int run_report(struct pl_ctx *x, struct pl_stage *sp, struct pc_run_stage *rec,
                      struct pc_error *err)
{
    int raw = pc_runcfg_bool(x->cfg, pc_runopt_find("", "report_raw"));
    const char **rawf = calloc((size_t)x->nin + 1, sizeof *rawf);
    const char **items = calloc((size_t)x->nin + 1, sizeof *items);
    char **owned = calloc((size_t)x->nin + 1, sizeof *owned);
    int rc = rawf && items && owned ? PC_OK : pc_error_set(err, PC_ENOMEM, "out of memory");
    for (int i = 0; !rc && i < x->nin; i++) {
        rawf[i] = x->in[i].path;
        if (asprintf(&owned[i], "%s/%s", x->rundir, x->in[i].items) < 0) {
            owned[i] = NULL;
            rc = pc_error_set(err, PC_ENOMEM, "out of memory");
        }
        items[i] = owned[i];
    }
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
        .items = items,
        .nitems = (size_t)x->nin,
        .sample = samples,
        .nsample = 1,
        .split = split,
        .output = out,
        .assess = 1,
        .user = &w,
        .progress = on_items_progress,
    };
    pc_assess_opts_default(&job.assess_opts);
    size_t ncharts = 0;
    if (!rc) rc = pc_report_run(&job, &ncharts, NULL, 0, err);
    if (!rc && pc_run_stage_add_count(rec, "charts", ncharts))
        rc = pc_error_set(err, PC_ENOMEM, "out of memory");
    for (int i = 0; owned && i < x->nin; i++) free(owned[i]);
    free(owned);
    free(items);
    free(rawf);
    if (rs_ok) pc_raw_stats_release(&rs);
    return rc;
}

static int run_assess(struct pl_ctx *x, struct pl_stage *sp, struct pc_run_stage *rec,
                      struct pc_error *err)
{
    struct pc_assess_opts o;
    pc_assess_opts_default(&o);
    char dir[4200], out[4200];
    snprintf(dir, sizeof dir, "%s/dataset", x->rundir);
    snprintf(out, sizeof out, "%s/assess.json", x->rundir);
    struct pc_assess *a = NULL;
    int rc = pc_assess_path(&a, dir, &o, err);
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

/* ---- the graph ---- */

static void stage_release(struct pl_stage *s)
{
    pc_strlist_release(&s->argv);
    free(s->inputs);
}

int pl_run_graph(struct pl_ctx *x, struct pc_error *err)
{
    const struct pc_runcfg *c = x->cfg;
    const char *R = x->rundir;
    int n = x->nin;
    int do_inv = pc_runcfg_bool(c, pc_runopt_find("", "investigate"));
    int do_rep = pc_runcfg_bool(c, pc_runopt_find("", "report"));
    int do_ass = pc_runcfg_bool(c, pc_runopt_find("", "assess"));
    int rep_raw = pc_runcfg_bool(c, pc_runopt_find("", "report_raw"));
    x->stage_total = do_inv + n + 2 + do_rep + do_ass;
    const char *spec = pc_runcfg_str(c, pc_runopt_find("", "tokenizer"));
    if (!*spec && x->o->tok_env && x->o->tok_env->tokenizer) spec = x->o->tok_env->tokenizer;
    snprintf(x->tok_spec, sizeof x->tok_spec, "%s", spec);
    char tok_id[9000];
    pc_run_tokenizer_identity(x->tok_spec, tok_id, sizeof tok_id);
    struct pc_item_opts io;
    int rc = pc_stage_item_opts(c, &io, err);
    if (rc) return rc;

    /* stage records: the equivalent single-stage commands, with the final paths */
    struct pl_stage inv = {.name = "investigate"}, cur = {.name = "curate"},
                    spl = {.name = "split"}, rep = {.name = "report"}, ass = {.name = "assess"};
    struct pl_stage *parse = calloc((size_t)n + 1, sizeof *parse);
    char(*items_h)[65] = calloc((size_t)n + 1, sizeof *items_h);
    char sample_h[65] = "", **ds_h = NULL;
    char(*names)[300] = calloc((size_t)n + 1, sizeof *names);
    char(*outs)[3][540] = calloc((size_t)n + 1, sizeof *outs);
    char(*raw_h)[65] = calloc((size_t)n + 1, sizeof *raw_h);
    if (!parse || !items_h || !names || !outs || !raw_h) {
        free(raw_h);
        free(parse);
        free(items_h);
        free(names);
        free(outs);
        return pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    pc_strlist_push(&inv.argv, "investigate");
    pc_strlist_push(&inv.argv, "--json");
    {
        /* investigate measures against the parse windows when they are not the default */
        struct pc_inv_opts d;
        pc_inv_opts_init(&d);
        if (io.min_price != d.min_price)
            pushf(&inv.argv, "--min-price"),
                pc_strlist_push(&inv.argv, pc_runcfg_str(c, pc_runopt_find("parse", "min_price")));
        if (io.max_price != d.max_price)
            pushf(&inv.argv, "--max-price"),
                pc_strlist_push(&inv.argv, pc_runcfg_str(c, pc_runopt_find("parse", "max_price")));
        if (io.min_chars != d.min_chars)
            pushf(&inv.argv, "--min-chars"), pushf(&inv.argv, "%zu", io.min_chars);
    }
    for (int i = 0; i < n; i++) pc_strlist_push(&inv.argv, x->in[i].path);
    inv.stdout_to = "investigate.json";
    inv.outputs[inv.noutputs++] = "investigate.json";
    inv.run = run_investigate;
    inv.inputs = calloc((size_t)n + 1, sizeof *inv.inputs);
    for (int i = 0; inv.inputs && i < n; i++) inv.inputs[i] = raw_h[i];
    inv.ninputs = (size_t)n;

    for (int i = 0; i < n; i++) {
        struct pl_stage *p = &parse[i];
        const char *it = x->in[i].items;
        snprintf(names[i], sizeof names[i], "parse:%.*s", (int)strlen(it) - 12, it + 6);
        p->name = names[i];
        pc_strlist_push(&p->argv, "parse");
        push_stage_args(c, PC_RUN_PARSE, &p->argv);
        pc_strlist_push(&p->argv, "--stats");
        pushf(&p->argv, "%s/%.*s.stats.json", R, (int)strlen(it) - 6, it);
        pc_strlist_push(&p->argv, "-o");
        pushf(&p->argv, "%s/%s", R, it);
        pc_strlist_push(&p->argv, x->in[i].path);
        p->inputs = calloc(3, sizeof *p->inputs);
        if (p->inputs) {
            p->inputs[0] = x->in[i].sha256;
            p->inputs[1] = tok_id;
        }
        p->ninputs = 2;
        snprintf(outs[i][0], sizeof outs[i][0], "%s", it);
        snprintf(outs[i][1], sizeof outs[i][1], "?%.*s.stats.json", (int)strlen(it) - 6, it);
        snprintf(outs[i][2], sizeof outs[i][2], "%.*s.raw.json", (int)strlen(it) - 6, it);
        p->outputs[0] = outs[i][0];
        p->outputs[1] = outs[i][1];
        p->outputs[2] = outs[i][2];
        p->noutputs = 3;
        p->run = run_parse;
        p->arg = i;
    }
    pc_strlist_push(&cur.argv, "curate");
    push_stage_args(c, PC_RUN_CURATE, &cur.argv);
    for (int i = 0; i < n; i++) pushf(&cur.argv, "%s/%s", R, x->in[i].items);
    pc_strlist_push(&cur.argv, "-o");
    pushf(&cur.argv, "%s/sample.jsonl", R);
    cur.outputs[cur.noutputs++] = "sample.jsonl";
    cur.run = run_curate;
    cur.inputs = calloc((size_t)n + 1, sizeof *cur.inputs);
    for (int i = 0; cur.inputs && i < n; i++) cur.inputs[i] = items_h[i];
    cur.ninputs = (size_t)n;

    pc_strlist_push(&spl.argv, "split");
    push_stage_args(c, PC_RUN_SPLIT, &spl.argv);
    pushf(&spl.argv, "%s/sample.jsonl", R);
    pc_strlist_push(&spl.argv, "-o");
    pushf(&spl.argv, "%s/dataset", R);
    spl.outputs[spl.noutputs++] = "dataset";
    spl.run = run_split;
    spl.inputs = calloc(2, sizeof *spl.inputs);
    if (spl.inputs) spl.inputs[0] = sample_h;
    spl.ninputs = 1;

    pc_strlist_push(&rep.argv, "report");
    for (int i = 0; i < n && rep_raw; i++) {
        pc_strlist_push(&rep.argv, "--raw");
        pc_strlist_push(&rep.argv, x->in[i].path);
    }
    for (int i = 0; i < n; i++) {
        pc_strlist_push(&rep.argv, "--items");
        pushf(&rep.argv, "%s/%s", R, x->in[i].items);
    }
    pc_strlist_push(&rep.argv, "--sample");
    pushf(&rep.argv, "%s/sample.jsonl", R);
    pc_strlist_push(&rep.argv, "--split");
    pushf(&rep.argv, "%s/dataset", R);
    pc_strlist_push(&rep.argv, "-o");
    pushf(&rep.argv, "%s/report.html", R);
    rep.outputs[rep.noutputs++] = "report.html";
    rep.outputs[rep.noutputs++] = "?report_files";
    rep.run = run_report;

    pc_strlist_push(&ass.argv, "assess");
    pc_strlist_push(&ass.argv, "--json");
    pushf(&ass.argv, "%s/dataset", R);
    ass.stdout_to = "assess.json";
    ass.outputs[ass.noutputs++] = "assess.json";
    ass.run = run_assess;

    if (!inv.inputs || !cur.inputs || !spl.inputs)
        rc = pc_error_set(err, PC_ENOMEM, "out of memory");
    for (int i = 0; !rc && i < n; i++)
        if (!parse[i].inputs) rc = pc_error_set(err, PC_ENOMEM, "out of memory");

    if (!rc && x->o->dry_run) {
        /* the stage commands only */
        struct pl_stage *all[] = {NULL, &inv, &cur, &spl, &rep, &ass};
        int on[] = {0, do_inv, 1, 1, do_rep, do_ass};
        for (int s = 0; s < 6; s++) {
            if (s == 0)
                for (int i = 0; i < n; i++) {
                    x->stage_no++;
                    if (x->h && x->h->stage_start) {
                        struct pc_buf b;
                        pc_buf_init(&b, 0);
                        pl_put_cmdline(&b, &parse[i].argv);
                        x->h->stage_start(x->h->user, x->stage_no, x->stage_total, parse[i].name,
                                          b.data, 0);
                        pc_buf_release(&b);
                    }
                }
            if (!on[s]) continue;
            x->stage_no++;
            if (x->h && x->h->stage_start) {
                struct pc_buf b;
                pc_buf_init(&b, 0);
                pl_put_cmdline(&b, &all[s]->argv);
                if (all[s]->stdout_to) pc_buf_printf(&b, " > %s/%s", R, all[s]->stdout_to);
                x->h->stage_start(x->h->user, x->stage_no, x->stage_total, all[s]->name, b.data, 0);
                pc_buf_release(&b);
            }
        }
        goto done;
    }

    struct pc_run_stage *st = NULL;
    for (int i = 0; !rc && i < n; i++) {
        rc = pl_run_stage(x, &parse[i], &st, err);
        if (rc) break;
        x->totals_v.items += pl_count_of(st, "items");
        x->totals_v.rows += pl_count_of(st, "total.rows");
        memcpy(items_h[i], st->outputs[0].sha256, 65);
        for (size_t k = 0; k < st->noutputs; k++)
            if (!strcmp(st->outputs[k].path, outs[i][2]))
                memcpy(raw_h[i], st->outputs[k].sha256, 65);
    }
    /* investigate: from the statistics the parse pass gathered (no second read) */
    if (!rc && do_inv) rc = pl_run_stage(x, &inv, &st, err);
    if (!rc) rc = pl_run_stage(x, &cur, &st, err);
    if (!rc) {
        x->totals_v.sample = pl_count_of(st, "items");
        memcpy(sample_h, st->outputs[0].sha256, 65);
        rc = pl_run_stage(x, &spl, &st, err);
    }
    size_t nds = 0;
    if (!rc) {
        x->totals_v.train = pl_count_of(st, "train");
        x->totals_v.test = pl_count_of(st, "test");
        x->totals_v.validation = pl_count_of(st, "validation");
        /* the dataset's own fingerprint: hashes of every file it holds */
        ds_h = calloc(st->noutputs + 1, sizeof *ds_h);
        if (!ds_h) rc = pc_error_set(err, PC_ENOMEM, "out of memory");
        for (size_t k = 0; ds_h && k < st->noutputs; k++)
            if (!(ds_h[nds++] = strdup(st->outputs[k].sha256)))
                rc = pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    if (!rc && do_rep) {
        rep.inputs = calloc((size_t)n * 2 + nds + 2, sizeof *rep.inputs);
        if (!rep.inputs) rc = pc_error_set(err, PC_ENOMEM, "out of memory");
        for (int i = 0; !rc && rep_raw && i < n; i++) rep.inputs[rep.ninputs++] = raw_h[i];
        for (int i = 0; !rc && i < n; i++) rep.inputs[rep.ninputs++] = items_h[i];
        if (!rc) rep.inputs[rep.ninputs++] = sample_h;
        for (size_t k = 0; !rc && k < nds; k++) rep.inputs[rep.ninputs++] = ds_h[k];
        if (!rc) rc = pl_run_stage(x, &rep, &st, err);
    }
    if (!rc && do_ass) {
        ass.inputs = calloc(nds + 1, sizeof *ass.inputs);
        if (!ass.inputs) rc = pc_error_set(err, PC_ENOMEM, "out of memory");
        for (size_t k = 0; !rc && k < nds; k++) ass.inputs[ass.ninputs++] = ds_h[k];
        if (!rc) rc = pl_run_stage(x, &ass, &st, err);
    }
    if (!rc) {
        struct pc_buf t;
        pc_buf_init(&t, 0);
        pc_buf_printf(
            &t,
            "\"counts\": {\"inputs\": %d, \"rows\": %llu, \"items\": %llu, \"sample\": %llu, "
            "\"train\": %llu, \"test\": %llu, \"validation\": %llu}",
            n, (unsigned long long)x->totals_v.rows, (unsigned long long)x->totals_v.items,
            (unsigned long long)x->totals_v.sample, (unsigned long long)x->totals_v.train,
            (unsigned long long)x->totals_v.test, (unsigned long long)x->totals_v.validation);
        x->totals = pc_buf_detach(&t, NULL);
    }
done:
    for (size_t k = 0; ds_h && k < nds; k++) free(ds_h[k]);
    free(ds_h);
    stage_release(&inv);
    for (int i = 0; i < n; i++) stage_release(&parse[i]);
    stage_release(&cur);
    stage_release(&spl);
    stage_release(&rep);
    stage_release(&ass);
    free(parse);
    free(items_h);
    free(names);
    free(outs);
    free(raw_h);
    return rc;
}

void pl_release(struct pl_ctx *x)
{
    pc_tok_free(x->tok);
    x->tok = NULL;
}
