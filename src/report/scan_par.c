/* pc_par_scan_run: the report's files read with worker threads (see scan_par.h). */
#include "report/scan_par.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "io/lines.h"
#include "io/reader.h"
#include "pipe/pipe.h"
#include "text/utf8.h"

/* Small batches: every line keeps its parsed JSON until the calling thread took it, so a
 * batch's memory is a few times its bytes (and there are 2 x threads + 2 batches). */
#define BATCH_BYTES ((size_t)512 << 10)
#define MAX_LINE ((size_t)256 << 20) /* pc_rec_scan's limit */

enum { L_BLANK, L_REC, L_BAD, L_TOO_LONG };

struct par_line {
    int kind;
    size_t msg;    /* L_BAD: offset of its message in msgs */
    int64_t chars; /* L_REC: code points of the counted field (-1: none) */
    struct pc_rec r;
    struct pc_assess_prep prep;
};

struct par_result {
    struct par_line *lines;
    struct pc_json_doc *doc; /* the batch's records' strings (pc_rec_parse_more) */
    size_t cap;
    struct pc_buf msgs;
};

struct par_worker {
    uint64_t recent[PC_ASSESS_RECENT];
};

struct par_state {
    const struct pc_par_scan *s;
    struct pc_reader *rd;
    struct pc_lines *ls;
    size_t cur;     /* file being filled */
    size_t started; /* files announced to file_start (calling thread) */
};

static int fill(void *user, struct pc_pipe_batch *b, struct pc_error *err)
{
    struct par_state *st = user;
    const struct pc_par_scan *s = st->s;
    while (st->cur < s->n) {
        const char *path = s->paths[st->cur];
        int rc;
        if (!st->rd && (rc = pc_reader_open(&st->rd, path, err)) != PC_OK) return rc;
        if (!st->ls && pc_lines_new(&st->ls, st->rd, MAX_LINE) != PC_OK)
            return pc_error_set(err, PC_ENOMEM, "out of memory");
        rc = pc_lines_fill(st->ls, &b->lines, BATCH_BYTES, 0, err);
        if (rc < 0) {
            if (!err->file[0]) pc_error_at(err, path, -1, -1);
            return rc;
        }
        if (rc > 0) {
            b->source = (int)st->cur;
            return 1;
        }
        pc_lines_free(st->ls);
        pc_reader_free(st->rd);
        st->ls = NULL;
        st->rd = NULL;
        st->cur++;
    }
    return 0;
}

static void *worker_new(void *user)
{
    return calloc(1, sizeof(struct par_worker));
}

static void worker_free(void *user, void *w)
{
    free(w);
}

static void *result_new(void *user)
{
    struct par_result *r = calloc(1, sizeof *r);
    if (r) pc_buf_init(&r->msgs, 0);
    return r;
}

static void result_free(void *user, void *p)
{
    struct par_result *r = p;
    if (!r) return;
    pc_json_doc_free(r->doc);
    free(r->lines);
    pc_buf_release(&r->msgs);
    free(r);
}

static int reserve(struct par_result *r, size_t n)
{
    if (n <= r->cap) return PC_OK;
    struct par_line *l = realloc(r->lines, n * sizeof *l);
    if (!l) return PC_ENOMEM;
    r->lines = l;
    r->cap = n;
    return PC_OK;
}

static int work(void *user, void *worker, struct pc_pipe_batch *b, struct pc_error *err)
{
    struct par_state *st = user;
    struct par_worker *w = worker;
    struct par_result *res = b->result;
    const struct pc_line_batch *lb = &b->lines;
    if (reserve(res, lb->n) || (!res->doc && !(res->doc = pc_json_doc_new())))
        return pc_error_set(err, PC_ENOMEM, "out of memory");
    pc_json_doc_clear(res->doc);
    pc_buf_reset(&res->msgs);
    for (size_t i = 0; i < lb->n; i++) {
        struct par_line *l = &res->lines[i];
        const char *text = pc_line_batch_text(lb, i);
        size_t len = lb->lines[i].len;
        if (lb->lines[i].too_long) {
            l->kind = L_TOO_LONG;
            continue;
        }
        if (pc_rec_blank(text, len)) {
            l->kind = L_BLANK;
            continue;
        }
        struct pc_error perr;
        pc_error_clear(&perr);
        if (pc_rec_parse_more(res->doc, text, len, &l->r, &perr)) {
            char msg[600];
            pc_rec_bad_message(&perr, msg, sizeof msg);
            l->kind = L_BAD;
            l->msg = res->msgs.len;
            if (pc_buf_append(&res->msgs, msg, strlen(msg) + 1))
                return pc_error_set(err, PC_ENOMEM, "out of memory");
            continue;
        }
        l->kind = L_REC;
        int cf = st->s->count_field;
        l->chars = cf >= 0 && l->r.state[cf] == PC_RS_OK
                       ? (int64_t)pc_utf8_count(l->r.str[cf].s, l->r.str[cf].len)
                       : -1;
        if (st->s->a) pc_assess_prepare(st->s->a, &l->r, &l->prep, w->recent);
    }
    return PC_OK;
}

/* Announces files up to and including k. */
static int start_files(struct par_state *st, size_t k)
{
    int rc = 0;
    for (; st->started <= k && st->started < st->s->n && !rc; st->started++)
        rc = st->s->file_start ? st->s->file_start(st->s->ctx, st->started) : 0;
    return rc;
}

static int emit(void *user, struct pc_pipe_batch *b, struct pc_error *err)
{
    struct par_state *st = user;
    const struct pc_par_scan *s = st->s;
    struct par_result *res = b->result;
    const struct pc_line_batch *lb = &b->lines;
    const char *path = s->paths[b->source];
    int rc = start_files(st, (size_t)b->source);
    enum { AHEAD = 6 }; /* records whose index slots are fetched ahead (cache misses) */
    for (size_t i = 0; s->a && i < AHEAD && i < lb->n; i++)
        if (res->lines[i].kind == L_REC) pc_assess_prefetch(s->a, &res->lines[i].prep);
    for (size_t i = 0; i < lb->n && !rc; i++) {
        const struct par_line *l = &res->lines[i];
        if (s->a && i + AHEAD < lb->n && res->lines[i + AHEAD].kind == L_REC)
            pc_assess_prefetch(s->a, &res->lines[i + AHEAD].prep);
        int64_t line_no = lb->lines[i].line_no;
        if (l->kind == L_BLANK) continue;
        if (l->kind == L_TOO_LONG) {
            pc_error_at(err, path, line_no, -1);
            return pc_error_set(err, PC_ETOOBIG, "line of %llu bytes is longer than the limit",
                                (unsigned long long)lb->lines[i].len);
        }
        if (l->kind == L_BAD)
            rc = s->bad ? s->bad(s->ctx, line_no, res->msgs.data + l->msg) : 0;
        else
            rc = s->rec(s->ctx, &l->r, line_no, s->a ? &l->prep : NULL, l->chars);
    }
    if (rc < 0 && !err->file[0]) pc_error_at(err, path, -1, -1);
    return rc < 0 ? rc : PC_OK;
}

int pc_par_scan_run(const struct pc_par_scan *s, struct pc_error *err)
{
    struct par_state st = {s, NULL, NULL, 0, 0};
    struct pc_pipe_ops ops = {
        .user = &st,
        .fill = fill,
        .worker_new = worker_new,
        .worker_free = worker_free,
        .result_new = result_new,
        .result_free = result_free,
        .work = work,
        .emit = emit,
        .helper_ns = s->helper_ns,
    };
    int rc = pc_pipe_run(&ops, s->threads > 0 ? s->threads : 1, err);
    pc_lines_free(st.ls);
    pc_reader_free(st.rd);
    if (!rc) rc = start_files(&st, s->n ? s->n - 1 : 0); /* files without lines */
    return rc;
}
