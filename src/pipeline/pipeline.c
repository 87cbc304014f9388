/* pc_pipeline_run: the stage graph, resume and run.json (see pipeline.h). The stage bodies
 * are in stages.c; settings become stage options in stage_opts.c. */
#define _GNU_SOURCE
#include "item/category.h"
#include "pipeline/pipeline.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "core/clock.h"
#include "core/version.h"
#include "json/json.h"
#include "pipeline/pipeline_int.h"
#include "pipeline/rundir.h"

double pl_now_cpu(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0) return 0;
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
}

int pl_file_stat(const char *p, uint64_t *size, int64_t *mtime)
{
    struct stat sb;
    if (stat(p, &sb) != 0 || !S_ISREG(sb.st_mode)) return -1;
    *size = (uint64_t)sb.st_size;
    if (mtime) *mtime = (int64_t)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec;
    return 0;
}

/* Inputs from `files`, else from data_dir + categories. */
int pl_resolve_inputs(struct pl_ctx *x, struct pc_error *err)
{
    const struct pc_runcfg *c = x->cfg;
    int ifiles = pc_runopt_find("", "files"), idir = pc_runopt_find("", "data_dir");
    int icats = pc_runopt_find("", "categories");
    const struct pc_runval *files = &c->vals[ifiles], *cats = &c->vals[icats];
    const char *dir = pc_runcfg_str(c, idir);
    int n = files->n ? (int)files->n : (int)cats->n;
    if (!files->n && !*dir)
        return pc_error_set(err, PC_EINVAL, "no input: give a config file, data_dir or files");
    x->in = calloc((size_t)(n ? n : 1), sizeof *x->in);
    if (!x->in) return pc_error_set(err, PC_ENOMEM, "out of memory");
    x->nin = n;
    for (int i = 0; i < n; i++) {
        struct pl_input *in = &x->in[i];
        if (files->n) {
            snprintf(in->path, sizeof in->path, "%s", files->items[i]);
            if (pc_category_of(in->path, in->category, sizeof in->category) != 0)
                return pc_error_set(err, PC_EINVAL,
                                    "cannot tell the category of '%s': name it "
                                    "meta_<Category>.jsonl[.gz|.zst|.xz]",
                                    files->items[i]);
            if (pl_file_stat(in->path, &in->size, &in->mtime) != 0)
                return pc_error_set(err, PC_EIO, "cannot open '%s': No such file or directory",
                                    in->path);
        } else {
            snprintf(in->category, sizeof in->category, "%s", cats->items[i]);
            static const char *const ext[] = {".jsonl", ".jsonl.gz", ".jsonl.zst", ".jsonl.xz"};
            int ok = 0;
            for (int k = 0; k < 4 && !ok; k++) {
                snprintf(in->path, sizeof in->path, "%s/meta_%s%s", dir, cats->items[i], ext[k]);
                ok = pl_file_stat(in->path, &in->size, &in->mtime) == 0;
            }
            int fetch = pc_runcfg_bool(c, pc_runopt_find("", "fetch"));
            if (!ok && fetch && x->o->dry_run) /* the shell fetches it before a real run */
                snprintf(in->path, sizeof in->path, "%s/meta_%s.jsonl", dir, cats->items[i]);
            else if (!ok)
                return pc_error_set(
                    err, PC_EIO, "cannot open '%s/meta_%s.jsonl': No such file or directory%s", dir,
                    cats->items[i], fetch ? "" : " (--fetch downloads missing categories)");
        }
        int dup = 0;
        for (int k = 0; k < i; k++) dup += !strcmp(x->in[k].category, in->category);
        if (dup)
            snprintf(in->items, sizeof in->items, "items/%s-%d.jsonl", in->category, dup + 1);
        else
            snprintf(in->items, sizeof in->items, "items/%s.jsonl", in->category);
        /* a recorded hash is reused while size and mtime are unchanged */
        const struct pc_run_file *k = pc_run_state_input(&x->prev, in->path);
        if (k && k->size == in->size && k->mtime_ns == in->mtime && strlen(k->sha256) == 64)
            memcpy(in->sha256, k->sha256, 65);
        if (pc_run_add_input_known(&x->cur, in->path, in->category, in->size, in->mtime,
                                   in->sha256))
            return pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    return PC_OK;
}

static char *build_head(const struct pl_ctx *x)
{
    struct pc_buf b;
    pc_buf_init(&b, 0);
    char when[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    pc_buf_printf(&b, "\"pricer_version\": \"%s\",\n \"started_at\": \"%s\",\n \"command\": [",
                  PRICER_VERSION, when);
    for (int i = 0; i < x->o->argc; i++) {
        if (i) pc_buf_puts(&b, ", ");
        pc_json_put_str(&b, x->o->argv[i], strlen(x->o->argv[i]), 1);
    }
    pc_buf_puts(&b, "],\n \"rundir\": ");
    pc_json_put_str(&b, x->rundir, strlen(x->rundir), 1);
    pc_buf_puts(&b, ",\n \"config_file\": ");
    if (x->cfg->config_path)
        pc_json_put_str(&b, x->cfg->config_path, strlen(x->cfg->config_path), 1);
    else
        pc_buf_puts(&b, "null");
    pc_buf_puts(&b, ",\n \"config\": ");
    pc_runcfg_to_json(x->cfg, &b);
    return pc_buf_detach(&b, NULL);
}

int pl_write_state(struct pl_ctx *x, int complete, struct pc_error *err)
{
    for (int i = 0; i < x->nin && (size_t)i < x->cur.ninputs; i++)
        memcpy(x->cur.inputs[i].sha256, x->in[i].sha256, 65);
    struct pc_buf tail;
    pc_buf_init(&tail, 0);
    char when[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    double cpu = pl_now_cpu() - x->c_start; /* everything: stages and bookkeeping */
    if (x->totals) pc_buf_printf(&tail, "%s, ", x->totals);
    if (x->shard_recs.len) pc_buf_printf(&tail, "\"shards\": [%s\n ], ", x->shard_recs.data);
    pc_buf_printf(&tail,
                  "\"finished_at\": \"%s\", \"total_seconds\": %.3f, \"total_cpu_seconds\": %.3f, "
                  "\"complete\": %s",
                  when, pc_wall_now() - x->t_start, cpu, complete ? "true" : "false");
    char path[4200];
    snprintf(path, sizeof path, "%s/run.json", x->rundir);
    int rc = pc_run_state_write(&x->cur, path, x->head, tail.data, err);
    pc_buf_release(&tail);
    return rc;
}

uint64_t pl_count_of(const struct pc_run_stage *st, const char *name)
{
    for (size_t i = 0; st && i < st->ncounts; i++)
        if (!strcmp(st->counts[i].name, name)) return st->counts[i].value;
    return 0;
}

/* "pricer ARG..." with shell quoting where needed. */
void pl_put_cmdline(struct pc_buf *b, const struct pc_strlist *a)
{
    pc_buf_puts(b, "pricer");
    for (size_t i = 0; i < a->n; i++) {
        const char *s = a->v[i];
        int plain = *s != '\0';
        for (const char *p = s; *p; p++)
            if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=,:+",
                        *p))
                plain = 0;
        if (plain)
            pc_buf_printf(b, " %s", s);
        else {
            pc_buf_puts(b, " '");
            for (const char *p = s; *p; p++)
                if (*p == '\'')
                    pc_buf_puts(b, "'\\''");
                else
                    pc_buf_putc(b, *p);
            pc_buf_putc(b, '\'');
        }
    }
}

int pl_run_stage(struct pl_ctx *x, struct pl_stage *sp, struct pc_run_stage **out,
                 struct pc_error *err)
{
    /* a parse stage's input hash still running: a parse stage finishes it after its parse,
     * any other stage now (investigate, for one, judges the inputs by their hashes) */
    if (sp->run != pl_run_parse) {
        int prc = pl_pending_finish(x, err);
        if (prc) return prc;
    }
    x->stage_no++;
    struct pc_buf cmd;
    pc_buf_init(&cmd, 0);
    pl_put_cmdline(&cmd, &sp->argv);
    if (sp->stdout_to) pc_buf_printf(&cmd, " > %s/%s", x->rundir, sp->stdout_to);
    int known = 1;
    for (size_t i = 0; i < sp->ninputs; i++) known &= sp->inputs[i] && sp->inputs[i][0];
    char fp[65] = "";
    if (known)
        pc_run_fingerprint(x->rundir, sp->argv.v, sp->argv.n, (const char *const *)sp->inputs,
                           sp->ninputs, fp);
    struct pc_run_stage *prev = pc_run_state_stage(&x->prev, sp->name);
    struct pc_run_stage *st = pc_run_state_add_stage(&x->cur, sp->name, sp->argv.v, sp->argv.n);
    if (!st) {
        pc_buf_release(&cmd);
        return pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    if (known && !x->o->force && prev && !strcmp(prev->fingerprint, fp) &&
        pc_run_stage_outputs_intact(prev, x->rundir)) {
        st->status = PC_STAGE_REUSED;
        if (x->h && x->h->stage_start)
            x->h->stage_start(x->h->user, x->stage_no, x->stage_total, sp->name, cmd.data, 1);
        pc_buf_release(&cmd);
        if (pc_run_stage_copy_results(st, prev))
            return pc_error_set(err, PC_ENOMEM, "out of memory");
        *out = st;
        return pl_write_state(x, 0, err);
    }
    if (x->h && x->h->stage_start)
        x->h->stage_start(x->h->user, x->stage_no, x->stage_total, sp->name, cmd.data, 0);
    pc_buf_release(&cmd);
    x->current = sp->name;
    double t0 = pc_wall_now(), c0 = pl_now_cpu(), a0 = pl_ahead_cpu(x);
    double m0 = pc_thread_cpu() - pc_par_share();
    x->stage_serial = 0;
    int rc = sp->run(x, sp, st, err);
    int deferred = rc == PC_OK && x->pending.sp == sp; /* fingerprinted by pl_pending_finish */
    if (rc == PC_OK && !deferred) {
        /* inputs hashed while the stage read them: the fingerprint can be made now */
        for (size_t i = 0; i < sp->ninputs && rc == PC_OK; i++)
            if (!sp->inputs[i] || !sp->inputs[i][0])
                rc = pc_error_set(err, PC_EINVAL, "stage '%s': an input was not hashed", sp->name);
    }
    if (rc == PC_OK) {
        if (!deferred)
            pc_run_fingerprint(x->rundir, sp->argv.v, sp->argv.n, (const char *const *)sp->inputs,
                               sp->ninputs, st->fingerprint);
        for (size_t i = 0; i < sp->noutputs && rc == PC_OK; i++) {
            struct pc_strlist files = {0};
            const char *rel = sp->outputs[i];
            int optional = rel[0] == '?';
            if (optional) rel++;
            if (pc_rundir_list(x->rundir, rel, &files) != 0) {
                pc_strlist_release(&files);
                if (optional) continue;
                rc = pc_error_set(err, PC_EIO, "stage '%s' did not write '%s/%s'", sp->name,
                                  x->rundir, rel);
                break;
            }
            for (size_t k = 0; k < files.n && rc == PC_OK; k++)
                if (sp->hashed_rel && sp->hashed_sha[0] && !strcmp(files.v[k], sp->hashed_rel))
                    rc = pc_run_stage_add_output_hashed(st, x->rundir, files.v[k], sp->hashed_sha,
                                                        err);
                else
                    rc = pc_run_stage_add_output(st, x->rundir, files.v[k], err);
            pc_strlist_release(&files);
        }
    }
    /* the stage's time includes hashing its outputs for run.json */
    st->seconds = pc_wall_now() - t0;
    /* without the report's items part running ahead meanwhile; the report stage counts it */
    st->cpu_seconds = pl_now_cpu() - c0 - (pl_ahead_cpu(x) - a0) + x->ahead_credit;
    /* a running thread's CPU clock (the read-ahead's) is more current than the process's,
     * which lags by up to a scheduler tick per running thread: a short stage can come out a
     * few milliseconds below zero */
    if (st->cpu_seconds < 0) st->cpu_seconds = 0;
    x->ahead_credit = 0;
    st->main_cpu_seconds = pc_thread_cpu() - pc_par_share() - m0;
    if (st->main_cpu_seconds < 0) st->main_cpu_seconds = 0;
    st->serial_cpu_seconds =
        x->stage_serial > st->main_cpu_seconds ? x->stage_serial : st->main_cpu_seconds;
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) == 0) st->peak_rss_mb = (double)ru.ru_maxrss / 1024.0;
    if (rc != PC_OK) {
        st->status = PC_STAGE_FAILED;
        st->fingerprint[0] = '\0';
        struct pc_error e2;
        pc_error_clear(&e2);
        /* the stage before's input hash, still running: finished, so that its stage can be
         * reused by the next run (a failed hash only leaves it without a fingerprint); this
         * stage's own, when it failed after its parse: dropped (it keeps no fingerprint) */
        if (x->pending.sp == sp)
            pl_pending_drop(x);
        else
            (void)pl_pending_finish(x, &e2);
        pc_error_clear(&e2);
        pl_write_state(x, 0, &e2);
        return rc;
    }
    if (x->h && x->h->stage_done)
        x->h->stage_done(x->h->user, sp->name, st->seconds, st->cpu_seconds);
    *out = st;
    return pl_write_state(x, 0, err);
}

int pc_pipeline_run(const struct pc_runcfg *cfg, const struct pc_pipeline_opts *opts,
                    const struct pc_pipeline_hooks *hooks, struct pc_pipeline_result *res,
                    struct pc_error *err)
{
    struct pl_ctx x;
    memset(&x, 0, sizeof x);
    x.cfg = cfg;
    x.o = opts;
    x.h = hooks;
    x.rundir = opts->rundir && *opts->rundir ? opts->rundir : "pricer-run";
    x.t_start = pc_wall_now();
    x.c_start = pl_now_cpu();
    x.lock_fd = -1;
    pc_buf_init(&x.shard_recs, 0);
    pc_run_state_init(&x.prev);
    pc_run_state_init(&x.cur);
    char path[4200];
    int rc = PC_OK;
    if (!opts->dry_run) {
        snprintf(path, sizeof path, "%s/items", x.rundir);
        rc = pc_rundir_mkdir_p(path, err);
        if (!rc) rc = pc_rundir_lock(x.rundir, &x.lock_fd, err);
        if (!rc) pc_rundir_remove_stale(x.rundir);
        snprintf(path, sizeof path, "%s/run.json", x.rundir);
        if (!rc && pc_run_state_load(&x.prev, path, NULL) == PC_EFORMAT && hooks && hooks->note)
            hooks->note(hooks->user, "ignoring an unreadable run.json; running every stage");
    }
    if (!rc) rc = pl_resolve_inputs(&x, err);
    if (!rc) {
        x.head = build_head(&x);
        if (!x.head) rc = pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    if (!rc) rc = pl_run_graph(&x, err);
    if (!rc && !opts->dry_run) {
        rc = pl_pending_finish(&x, err); /* when no stage followed the last parse */
        if (!rc) rc = pl_write_state(&x, 1, err);
        if (!rc && res) {
            memset(res, 0, sizeof *res);
            res->inputs = x.nin;
            res->rows = x.totals_v.rows;
            res->items = x.totals_v.items;
            res->sample = x.totals_v.sample;
            res->train = x.totals_v.train;
            res->test = x.totals_v.test;
            res->validation = x.totals_v.validation;
            res->stages = (int)x.cur.nstages;
            for (size_t k = 0; k < x.cur.nstages; k++)
                res->reused += x.cur.stages[k].status == PC_STAGE_REUSED;
            res->seconds = pc_wall_now() - x.t_start;
        }
    }
    pl_release(&x);
    if (x.lock_fd >= 0) pc_rundir_unlock(x.rundir, x.lock_fd);
    free(x.in);
    free(x.head);
    free(x.totals);
    pc_buf_release(&x.shard_recs);
    pc_run_state_release(&x.prev);
    pc_run_state_release(&x.cur);
    return rc;
}
