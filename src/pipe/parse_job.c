#include "pipe/parse_job.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipe/pipe.h"

#define DETAIL_MAX 20

struct invalid_line {
    int64_t line_no;
    int outcome;
    char message[160];
};

struct batch_result {
    void *obs; /* the observer's part */
    struct pc_parse_stats st;
    struct invalid_line inv[DETAIL_MAX];
    int n_inv;
};

struct job {
    const struct pc_parse_cfg *cfg;
    struct pc_parse_stats *per_input;
    struct pc_pipe_source src;
    uint64_t items;
};

void pc_parse_stats_add(struct pc_parse_stats *d, const struct pc_parse_stats *s)
{
    d->lines += s->lines;
    for (int i = 0; i < PC_OUT_COUNT; i++) d->outcome[i] += s->outcome[i];
    d->priced += s->priced;
    d->in_window += s->in_window;
    d->tokens_sum += s->tokens_sum;
    if (s->tokens_max > d->tokens_max) d->tokens_max = s->tokens_max;
    pc_xsum_merge(&d->price_x, &s->price_x);
    d->price_sum = pc_xsum_value(&d->price_x);
    if (s->price_max > d->price_max) d->price_max = s->price_max;
}

uint64_t pc_parse_stats_invalid(const struct pc_parse_stats *s)
{
    uint64_t n = 0;
    for (int i = 0; i < PC_OUT_COUNT; i++)
        if (pc_outcome_invalid(i)) n += s->outcome[i];
    return n;
}

static int job_fill(void *user, struct pc_pipe_batch *b, struct pc_error *err)
{
    return pc_pipe_source_fill(&((struct job *)user)->src, b, err);
}

struct worker {
    void *obs; /* the observer's scratch */
    struct pc_item_ctx *ctx;
    char source[1024];
};

static void *job_worker_new(void *user)
{
    struct job *j = user;
    struct worker *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    const struct pc_line_observer *ob = j->cfg->observer;
    w->ctx = pc_item_ctx_new(j->cfg->tok, &j->cfg->opts);
    if (w->ctx && ob && !(w->obs = ob->scratch_new(ob->user))) {
        pc_item_ctx_free(w->ctx);
        w->ctx = NULL;
    }
    if (!w->ctx) {
        free(w);
        return NULL;
    }
    return w;
}

static void job_worker_free(void *user, void *worker)
{
    struct job *j = user;
    struct worker *w = worker;
    if (!w) return;
    if (w->obs) j->cfg->observer->scratch_free(j->cfg->observer->user, w->obs);
    pc_item_ctx_free(w->ctx);
    free(w);
}

static void *job_result_new(void *user)
{
    struct job *j = user;
    const struct pc_line_observer *ob = j->cfg->observer;
    struct batch_result *r = calloc(1, sizeof *r);
    if (r && ob && !(r->obs = ob->part_new(ob->user))) {
        free(r);
        return NULL;
    }
    return r;
}

static void job_result_free(void *user, void *p)
{
    struct job *j = user;
    struct batch_result *r = p;
    if (r && r->obs) j->cfg->observer->part_free(j->cfg->observer->user, r->obs);
    free(r);
}

static void note_invalid(struct batch_result *r, int64_t line_no, int outcome, const char *msg)
{
    if (r->n_inv >= DETAIL_MAX) return;
    struct invalid_line *v = &r->inv[r->n_inv++];
    v->line_no = line_no;
    v->outcome = outcome;
    snprintf(v->message, sizeof v->message, "%s", msg && msg[0] ? msg : pc_outcome_desc(outcome));
}

static int job_work(void *user, void *worker, struct pc_pipe_batch *b, struct pc_error *err)
{
    struct job *j = user;
    struct worker *w = worker;
    struct batch_result *r = b->result;
    void *obs = r->obs;
    memset(r, 0, sizeof *r);
    r->obs = obs;
    const struct pc_line_observer *ob = j->cfg->observer;
    if (ob) ob->part_reset(ob->user, obs);
    const struct pc_parse_input *in = &j->cfg->inputs[b->source];
    const struct pc_line_batch *lb = &b->lines;
    struct pc_line_info info;
    struct pc_item it;
    for (size_t li = 0; li < lb->n; li++) {
        int64_t line_no = lb->lines[li].line_no;
        if (lb->lines[li].too_long) {
            char msg[160];
            snprintf(msg, sizeof msg, "line of %llu bytes is longer than the limit",
                     (unsigned long long)lb->lines[li].len);
            r->st.lines++;
            r->st.outcome[PC_OUT_LINE_TOO_LONG]++;
            note_invalid(r, line_no, PC_OUT_LINE_TOO_LONG, msg);
            if (ob) {
                int rc = ob->line(ob->user, w->obs, obs, NULL, lb->lines[li].len, line_no,
                                  PC_OUT_LINE_TOO_LONG, NULL);
                if (rc < 0) {
                    pc_error_at(err, in->name, line_no, -1);
                    return pc_error_set(err, rc, "%s", pc_strerror(rc));
                }
            }
            continue;
        }
        const char *line = pc_line_batch_text(lb, li);
        size_t len = lb->lines[li].len;
        int o = pc_item_from_line(w->ctx, line, len, &it, &info, err);
        if (o < 0) {
            pc_error_at(err, in->name, line_no, -1);
            return o;
        }
        r->st.lines++;
        r->st.outcome[o]++;
        if (info.priced) {
            r->st.priced++;
            if (o != PC_OUT_PRICE_WINDOW) r->st.in_window++;
        }
        if (pc_outcome_invalid(o)) note_invalid(r, line_no, o, info.message);
        if (ob) {
            int rc = ob->line(ob->user, w->obs, obs, line, len, line_no, o, &info);
            if (rc < 0) {
                pc_error_at(err, in->name, line_no, -1);
                return pc_error_set(err, rc, "%s", pc_strerror(rc));
            }
        }
        if (o != PC_OUT_KEPT) continue;
        r->st.tokens_sum += it.token_count;
        if (it.token_count > r->st.tokens_max) r->st.tokens_max = it.token_count;
        r->st.price_sum += it.price;
        pc_xsum_add(&r->st.price_x, it.price);
        if (it.price > r->st.price_max) r->st.price_max = it.price;
        const char *src = NULL;
        if (j->cfg->with_source) {
            snprintf(w->source, sizeof w->source, "%s:%lld", in->name, (long long)line_no);
            src = w->source;
        }
        int rc = pc_item_write_json(&b->out, in->category, &it, src);
        if (rc != PC_OK) {
            pc_error_at(err, in->name, line_no, -1);
            return pc_error_set(err, rc, "cannot serialise the item: %s", pc_strerror(rc));
        }
    }
    return PC_OK;
}

static int job_emit(void *user, struct pc_pipe_batch *b, struct pc_error *err)
{
    struct job *j = user;
    const struct pc_parse_cfg *cfg = j->cfg;
    struct batch_result *r = b->result;
    pc_parse_stats_add(&j->per_input[b->source], &r->st);
    if (cfg->observer) {
        int rc = cfg->observer->merge(cfg->observer->user, r->obs, (size_t)b->source);
        if (rc < 0) return pc_error_set(err, rc, "%s", pc_strerror(rc));
    }
    if (cfg->on_invalid)
        for (int i = 0; i < r->n_inv; i++)
            cfg->on_invalid(cfg->user, cfg->inputs[b->source].name, r->inv[i].line_no,
                            r->inv[i].outcome, r->inv[i].message);
    if (b->out.len) {
        int rc = cfg->write(cfg->user, b->out.data, b->out.len, err);
        if (rc < 0) return rc;
    }
    j->items += r->st.outcome[PC_OUT_KEPT];
    if (cfg->on_progress) cfg->on_progress(cfg->user, b->end_offset, j->items);
    return PC_OK;
}

int pc_parse_run(const struct pc_parse_cfg *cfg, struct pc_parse_stats *per_input,
                 struct pc_error *err)
{
    struct job j;
    memset(&j, 0, sizeof j);
    j.cfg = cfg;
    j.per_input = per_input;
    memset(per_input, 0, cfg->n_inputs * sizeof *per_input);
    pc_pipe_source_init(&j.src, cfg->inputs, cfg->n_inputs);
    j.src.threads = cfg->threads;
    struct pc_pipe_ops ops = {
        .user = &j,
        .fill = job_fill,
        .worker_new = job_worker_new,
        .worker_free = job_worker_free,
        .result_new = job_result_new,
        .result_free = job_result_free,
        .work = job_work,
        .emit = job_emit,
        .reader_cpu = cfg->reader_cpu,
    };
    int rc = pc_pipe_run(&ops, cfg->threads, err);
    pc_pipe_source_release(&j.src);
    return rc;
}
