/* Shards of the parse stage (see pipeline.h): pc_pipeline_shard parses one shard of one
 * input into RUNDIR/shards/, pl_merge_shards (the parse stage of a run with opts->shards)
 * merges an input's shards into exactly the unsharded outputs, pc_pipeline_plan lists the
 * inputs for a runner. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "io/atomic.h"
#include "io/slurp.h"
#include "json/json.h"
#include "pipe/parse_job.h"
#include "pipe/shard.h"
#include "pipeline/pipeline_int.h"
#include "pipeline/single_pass.h"
#include "run/sha256.h"

/* RUNDIR/shards/<Name>-<k>-of-<n> (Name: the items file's name without folder and .jsonl). */
static void shard_base(const struct pl_ctx *x, int i, unsigned k, unsigned n, char *out, size_t sz)
{
    const char *it = x->in[i].items + 6; /* "items/" */
    snprintf(out, sz, "%s/shards/%.*s-%u-of-%u", x->rundir, (int)strlen(it) - 6, it, k, n);
}

static void shard_file(const char *base, const char *ext, char *out, size_t sz)
{
    snprintf(out, sz, "%s%s", base, ext);
}

/* The shard's fingerprint: the parse stage's, with the input's identity for its hash. */
static void shard_fp(const struct pl_ctx *x, int i, unsigned k, unsigned n, const char *tok_id,
                     char fp[65])
{
    struct pc_strlist argv = {0};
    pl_parse_argv(x, i, &argv);
    char ident[4400], which[64];
    snprintf(ident, sizeof ident, "input %s size %llu mtime %lld", x->in[i].path,
             (unsigned long long)x->in[i].size, (long long)x->in[i].mtime);
    snprintf(which, sizeof which, "shard %u/%u", k, n);
    const char *in[] = {ident, tok_id, PL_PARSE_OUTPUTS, which};
    pc_run_fingerprint(x->rundir, argv.v, argv.n, in, 4, fp);
    pc_strlist_release(&argv);
}

/* A done record as read back. */
struct done {
    char fp[65], worker[256];
    uint64_t bytes, items_bytes, items, rows;
    double seconds, cpu;
    int reused; /* the latest task for the shard found it complete */
};

static uint64_t get_u64(const struct pc_json_val *o, const char *key)
{
    const struct pc_json_val *v = pc_json_get(o, key);
    return v && v->type == PC_JSON_NUMBER && v->u.raw[0] != '-' ? strtoull(v->u.raw, NULL, 10) : 0;
}

static double get_dbl(const struct pc_json_val *o, const char *key)
{
    const struct pc_json_val *v = pc_json_get(o, key);
    return v && v->type == PC_JSON_NUMBER ? v->num : 0;
}

/* 1 when base's done record has fingerprint fp and the three files are intact. */
static int read_done(const char *base, const char *fp, struct done *d)
{
    char path[4400];
    memset(d, 0, sizeof *d);
    shard_file(base, ".done.json", path, sizeof path);
    struct pc_buf b;
    pc_buf_init(&b, 8191); /* a done record is small: anything larger is not one */
    if (pc_read_file(path, &b) != PC_OK) {
        pc_buf_release(&b);
        return 0;
    }
    struct pc_json_doc *doc = pc_json_doc_new();
    const struct pc_json_val *root = NULL;
    int ok = doc && pc_json_parse(doc, b.data ? b.data : "", b.len, &root, NULL) == PC_OK &&
             root->type == PC_JSON_OBJECT;
    const struct pc_json_val *v = ok ? pc_json_get(root, "fingerprint") : NULL;
    ok = ok && v && v->type == PC_JSON_STRING && !strcmp(v->u.str, fp);
    if (ok) {
        snprintf(d->fp, sizeof d->fp, "%s", fp);
        v = pc_json_get(root, "worker");
        snprintf(d->worker, sizeof d->worker, "%s", v && v->type == PC_JSON_STRING ? v->u.str : "");
        d->bytes = get_u64(root, "bytes");
        d->items_bytes = get_u64(root, "items_bytes");
        d->items = get_u64(root, "items");
        d->rows = get_u64(root, "rows");
        d->seconds = get_dbl(root, "seconds");
        d->cpu = get_dbl(root, "cpu_seconds");
        v = pc_json_get(root, "reused");
        d->reused = v && v->type == PC_JSON_TRUE;
    }
    pc_json_doc_free(doc);
    pc_buf_release(&b);
    uint64_t sz;
    shard_file(base, ".jsonl", path, sizeof path);
    ok = ok && pl_file_stat(path, &sz, NULL) == 0 && sz == d->items_bytes;
    shard_file(base, ".stats.json", path, sizeof path);
    ok = ok && pl_file_stat(path, &sz, NULL) == 0;
    shard_file(base, ".raw.json", path, sizeof path);
    return ok && pl_file_stat(path, &sz, NULL) == 0;
}

static int write_done(const struct pl_ctx *x, int i, const char *base, unsigned k, unsigned n,
                      const struct done *d, int reused, struct pc_error *err)
{
    struct pc_buf b;
    pc_buf_init(&b, 0);
    pc_buf_printf(&b, "{\"fingerprint\": \"%s\", \"input\": ", d->fp);
    pc_json_put_str(&b, x->in[i].path, strlen(x->in[i].path), 0);
    pc_buf_puts(&b, ", \"category\": ");
    pc_json_put_str(&b, x->in[i].category, strlen(x->in[i].category), 0);
    pc_buf_printf(&b, ", \"shard\": \"%u/%u\", \"worker\": ", k, n);
    pc_json_put_str(&b, d->worker, strlen(d->worker), 0);
    pc_buf_printf(&b,
                  ", \"bytes\": %llu, \"items_bytes\": %llu, \"items\": %llu, \"rows\": %llu, "
                  "\"seconds\": %.3f, \"cpu_seconds\": %.3f, \"reused\": %s}\n",
                  (unsigned long long)d->bytes, (unsigned long long)d->items_bytes,
                  (unsigned long long)d->items, (unsigned long long)d->rows, d->seconds, d->cpu,
                  reused ? "true" : "false");
    char path[4400];
    shard_file(base, ".done.json", path, sizeof path);
    int rc = b.data ? pc_atomic_write(path, b.data, b.len, err)
                    : pc_error_set(err, PC_ENOMEM, "out of memory");
    pc_buf_release(&b);
    return rc;
}

/* Parses shard k/n of input i (reusing a complete one); d receives its record. */
static int do_shard(struct pl_ctx *x, int i, unsigned k, unsigned n, const char *tok_id,
                    const char *worker, struct done *d, int *reused, struct pc_error *err)
{
    char base[4200], fp[65];
    shard_base(x, i, k, n, base, sizeof base);
    shard_fp(x, i, k, n, tok_id, fp);
    if (!x->o->force && read_done(base, fp, d)) {
        *reused = 1;
        return write_done(x, i, base, k, n, d, 1, err);
    }
    *reused = 0;
    memset(d, 0, sizeof *d);
    memcpy(d->fp, fp, sizeof fp);
    snprintf(d->worker, sizeof d->worker, "%s", worker && *worker ? worker : "local");
    double t0 = pc_wall_now(), c0 = pl_now_cpu();
    struct pl_input *in = &x->in[i];
    const char *paths[] = {in->path};
    struct pc_shard_range r;
    struct pc_reader *rd = NULL;
    int rc = pc_shard_plan(paths, 1, k, n, &r, err);
    if (!rc) rc = pc_shard_open(in->path, &r, &rd, err);
    if (rc) return rc;
    d->bytes = !r.take ? 0 : r.whole ? in->size : r.end - r.begin;
    char items[4400], stats[4400], raw[4400], sha[65];
    shard_file(base, ".jsonl", items, sizeof items);
    shard_file(base, ".stats.json", stats, sizeof stats);
    shard_file(base, ".raw.json", raw, sizeof raw);
    struct pc_parse_input pin = {in->path, in->category, rd, r.line_base};
    struct pc_buf b;
    pc_buf_init(&b, 0);
    rc = pl_parse_to(x, i, &pin, items, stats, raw, sha, &b, &d->items, err);
    pc_reader_free(rd);
    if (!rc) {
        struct pc_json_doc *doc = pc_json_doc_new();
        const struct pc_json_val *root = NULL;
        if (doc && pc_json_parse(doc, b.data, b.len, &root, NULL) == PC_OK)
            d->rows = get_u64(pc_json_get(root, "total"), "rows");
        pc_json_doc_free(doc);
        if (pl_file_stat(items, &d->items_bytes, NULL) != 0)
            rc = pc_error_set(err, PC_EIO, "cannot stat '%s': %s", items, strerror(errno));
    }
    pc_buf_release(&b);
    d->seconds = pc_wall_now() - t0;
    d->cpu = pl_now_cpu() - c0;
    return rc ? rc : write_done(x, i, base, k, n, d, 0, err);
}

/* The tokenizer of the shards of this process: loaded by the first shard call and kept, so
 * a worker that runs many shards loads it once. Shared read-only by the calls using it
 * (refs); replaced only when no call uses it and another tokenizer (identity) is asked. */
static pthread_mutex_t g_tok_mu = PTHREAD_MUTEX_INITIALIZER;
static struct pc_tok *g_tok;
static int g_tok_refs;
static char g_tok_id[9000];

static struct pc_tok *tok_borrow(const char *id)
{
    pthread_mutex_lock(&g_tok_mu);
    struct pc_tok *t = g_tok && !strcmp(g_tok_id, id) ? g_tok : NULL;
    if (t) g_tok_refs++;
    pthread_mutex_unlock(&g_tok_mu);
    return t;
}

/* Gives back t (borrowed, or loaded by the call: then kept when the slot is free). */
static void tok_return(struct pc_tok *t, int borrowed, const char *id)
{
    if (!t) return;
    pthread_mutex_lock(&g_tok_mu);
    if (borrowed) {
        g_tok_refs--;
        t = NULL;
    } else if (!g_tok_refs) {
        struct pc_tok *old = g_tok;
        g_tok = t;
        snprintf(g_tok_id, sizeof g_tok_id, "%s", id);
        t = old;
    }
    pthread_mutex_unlock(&g_tok_mu);
    pc_tok_free(t);
}

int pc_pipeline_shard(const struct pc_runcfg *cfg, const struct pc_pipeline_opts *opts, int input,
                      unsigned k, unsigned n, const struct pc_pipeline_hooks *hooks,
                      struct pc_pipeline_shard_result *res, struct pc_error *err)
{
    if (res) memset(res, 0, sizeof *res);
    if (n < 1 || n > 1000000 || k < 1 || k > n)
        return pc_error_set(err, PC_EINVAL, "shard %u/%u: want 1 <= K <= N <= 1000000", k, n);
    struct pl_ctx x;
    memset(&x, 0, sizeof x);
    x.cfg = cfg;
    x.o = opts;
    x.h = hooks;
    x.rundir = opts->rundir && *opts->rundir ? opts->rundir : "pricer-run";
    x.lock_fd = -1;
    pc_run_state_init(&x.prev);
    pc_run_state_init(&x.cur);
    int rc = pl_resolve_inputs(&x, err);
    if (!rc && (input < 0 || input >= x.nin))
        rc = pc_error_set(err, PC_EINVAL, "no input %d: the configuration has %d", input, x.nin);
    char path[4200];
    snprintf(path, sizeof path, "%s/shards", x.rundir);
    if (!rc) rc = pc_rundir_mkdir_p(path, err);
    char tok_id[9000];
    struct done d;
    int reused = 0;
    int borrowed = 0;
    if (!rc) {
        pl_tok_setup(&x, tok_id, sizeof tok_id);
        x.current = "parse-shard";
        borrowed = (x.tok = tok_borrow(tok_id)) != NULL;
        rc = do_shard(&x, input, k, n, tok_id, opts->worker, &d, &reused, err);
        tok_return(x.tok, borrowed, tok_id);
        x.tok = NULL;
    }
    if (!rc && res) {
        res->reused = reused;
        res->bytes = d.bytes;
        res->items_bytes = d.items_bytes;
        res->items = d.items;
        res->rows = d.rows;
        res->seconds = d.seconds;
    }
    pl_release(&x);
    free(x.in);
    pc_run_state_release(&x.prev);
    pc_run_state_release(&x.cur);
    return rc;
}

/* Appends the files in k order to path (atomically), hashing them into sha. */
static int concat(char *const *files, unsigned n, const char *path, char sha[65],
                  struct pc_error *err)
{
    struct pc_atomic out;
    int rc = pc_atomic_open(&out, path, err);
    if (rc) return rc;
    struct pc_sha256_stream *h = pc_sha256_stream_new();
    char *chunk = malloc((size_t)1 << 16);
    if (!h || !chunk) rc = PC_ENOMEM;
    for (unsigned k = 0; !rc && k < n; k++) {
        FILE *f = fopen(files[k], "rb");
        if (!f) {
            rc = pc_error_set(err, PC_EIO, "cannot open '%s': %s", files[k], strerror(errno));
            break;
        }
        size_t got;
        while (!rc && (got = fread(chunk, 1, (size_t)1 << 16, f)) > 0) {
            if (fwrite(chunk, 1, got, out.fp) != got)
                rc = pc_error_set(err, PC_EIO, "cannot write '%s': %s", path, strerror(errno));
            pc_sha256_stream_update(h, chunk, got);
        }
        if (!rc && ferror(f)) rc = pc_error_set(err, PC_EIO, "cannot read '%s'", files[k]);
        fclose(f);
    }
    if (rc == PC_ENOMEM) pc_error_set(err, rc, "out of memory");
    if (!rc) (void)pc_sha256_stream_hex(h, sha);
    pc_sha256_stream_free(h);
    free(chunk);
    if (rc) {
        pc_atomic_abort(&out);
        return rc;
    }
    return pc_atomic_commit(&out, err);
}

/* The SHA-256 of input i's raw bytes (read, not parsed), unless known. */
static int hash_input(struct pl_ctx *x, int i, struct pc_error *err)
{
    if (x->in[i].sha256[0]) return PC_OK;
    return pc_sha256_file(x->in[i].path, x->in[i].sha256, NULL, err);
}

static void put_record(struct pl_ctx *x, int i, unsigned k, unsigned n, const struct done *d,
                       int reused)
{
    struct pc_buf *b = &x->shard_recs;
    pc_buf_puts(b, b->len ? ",\n  {\"input\": " : "\n  {\"input\": ");
    pc_json_put_str(b, x->in[i].path, strlen(x->in[i].path), 1);
    pc_buf_printf(b, ", \"shard\": \"%u/%u\", \"worker\": ", k, n);
    pc_json_put_str(b, d->worker, strlen(d->worker), 1);
    pc_buf_printf(b, ", \"bytes\": %llu, \"items\": %llu, \"seconds\": %.3f, \"reused\": %s}",
                  (unsigned long long)d->bytes, (unsigned long long)d->items, d->seconds,
                  reused ? "true" : "false");
}

void pl_shard_records_reused(struct pl_ctx *x, int i)
{
    char tok_id[9000];
    pl_tok_setup(x, tok_id, sizeof tok_id);
    for (unsigned k = 1; k <= x->o->shards; k++) {
        char base[4200], fp[65];
        struct done d;
        shard_base(x, i, k, x->o->shards, base, sizeof base);
        shard_fp(x, i, k, x->o->shards, tok_id, fp);
        if (read_done(base, fp, &d)) put_record(x, i, k, x->o->shards, &d, 1);
    }
}

int pl_merge_shards(struct pl_ctx *x, struct pl_stage *sp, struct pc_run_stage *rec,
                    struct pc_error *err)
{
    int i = sp->arg;
    unsigned n = x->o->shards;
    if (n > 1000000) return pc_error_set(err, PC_EINVAL, "%u shards: at most 1000000", n);
    char tok_id[9000], path[4200];
    pl_tok_setup(x, tok_id, sizeof tok_id);
    snprintf(path, sizeof path, "%s/shards", x->rundir);
    int rc = pc_rundir_mkdir_p(path, err);
    char **items = calloc(n, sizeof *items), **stats = calloc(n, sizeof *stats),
         **raws = calloc(n, sizeof *raws);
    if (!rc && (!items || !stats || !raws)) rc = pc_error_set(err, PC_ENOMEM, "out of memory");
    for (unsigned k = 1; !rc && k <= n; k++) {
        char base[4200];
        shard_base(x, i, k, n, base, sizeof base);
        struct done d;
        char fp[65];
        shard_fp(x, i, k, n, tok_id, fp);
        int reused = 0;
        if (read_done(base, fp, &d))
            reused = d.reused;
        else /* missing or stale: parsed here */
            rc = do_shard(x, i, k, n, tok_id, x->o->worker, &d, &reused, err);
        if (rc) break;
        put_record(x, i, k, n, &d, reused);
        if (asprintf(&items[k - 1], "%s.jsonl", base) < 0 ||
            asprintf(&stats[k - 1], "%s.stats.json", base) < 0 ||
            asprintf(&raws[k - 1], "%s.raw.json", base) < 0)
            rc = pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    struct pl_input *in = &x->in[i];
    struct pc_buf b;
    pc_buf_init(&b, 0);
    if (!rc) {
        snprintf(path, sizeof path, "%s/%s", x->rundir, in->items);
        rc = concat(items, n, path, sp->hashed_sha, err);
        sp->hashed_rel = in->items;
    }
    if (!rc)
        rc = pc_single_pass_merge_files((const char *const *)raws, n, in->path, in->category, &b,
                                        err);
    snprintf(path, sizeof path, "%s/%.*s.raw.json", x->rundir, (int)strlen(in->items) - 6,
             in->items);
    if (!rc) rc = pc_atomic_write(path, b.data, b.len, err);
    pc_buf_reset(&b);
    if (!rc) rc = pc_parse_stats_merge_files((const char *const *)stats, n, &b, err);
    snprintf(path, sizeof path, "%s/%.*s.stats.json", x->rundir, (int)strlen(in->items) - 6,
             in->items);
    if (!rc) rc = pc_atomic_write(path, b.data, b.len, err);
    if (!rc) {
        uint64_t kept = 0;
        struct pc_json_doc *doc = pc_json_doc_new();
        const struct pc_json_val *root = NULL;
        if (doc && pc_json_parse(doc, b.data, b.len, &root, NULL) == PC_OK)
            kept = get_u64(pc_json_get(pc_json_get(root, "total"), "outcomes"),
                           pc_outcome_key(PC_OUT_KEPT));
        pc_json_doc_free(doc);
        if (pl_add_parse_counts(rec, kept, &b)) rc = pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    pc_buf_release(&b);
    if (!rc) rc = hash_input(x, i, err);
    for (unsigned k = 0; k < n; k++) {
        if (items) free(items[k]);
        if (stats) free(stats[k]);
        if (raws) free(raws[k]);
    }
    free(items);
    free(stats);
    free(raws);
    return rc;
}

int pc_pipeline_plan(const struct pc_runcfg *cfg, const struct pc_pipeline_opts *opts,
                     struct pc_pipeline_plan *plan, struct pc_error *err)
{
    memset(plan, 0, sizeof *plan);
    struct pl_ctx x;
    memset(&x, 0, sizeof x);
    x.cfg = cfg;
    x.o = opts;
    x.rundir = opts->rundir && *opts->rundir ? opts->rundir : "pricer-run";
    pc_run_state_init(&x.prev);
    pc_run_state_init(&x.cur);
    int rc = pl_resolve_inputs(&x, err);
    if (!rc) {
        size_t m = (size_t)x.nin + 1;
        plan->paths = calloc(m, sizeof *plan->paths);
        plan->categories = calloc(m, sizeof *plan->categories);
        plan->names = calloc(m, sizeof *plan->names);
        plan->sizes = calloc(m, sizeof *plan->sizes);
        if (!plan->paths || !plan->categories || !plan->names || !plan->sizes)
            rc = pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    for (int i = 0; !rc && i < x.nin; i++) {
        const char *it = x.in[i].items + 6;
        plan->n = i + 1;
        plan->sizes[i] = x.in[i].size;
        if (!(plan->paths[i] = strdup(x.in[i].path)) ||
            !(plan->categories[i] = strdup(x.in[i].category)) ||
            !(plan->names[i] = strndup(it, strlen(it) - 6)))
            rc = pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    free(x.in);
    pc_run_state_release(&x.prev);
    pc_run_state_release(&x.cur);
    if (rc) pc_pipeline_plan_free(plan);
    return rc;
}

void pc_pipeline_plan_free(struct pc_pipeline_plan *plan)
{
    for (int i = 0; i < plan->n; i++) {
        if (plan->paths) free(plan->paths[i]);
        if (plan->categories) free(plan->categories[i]);
        if (plan->names) free(plan->names[i]);
    }
    free(plan->paths);
    free(plan->categories);
    free(plan->names);
    free(plan->sizes);
    memset(plan, 0, sizeof *plan);
}
