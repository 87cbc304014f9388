/* Ordered multi-threaded read-back of selected items lines (items_fetch.h), on pc_pipe. */
#include "curate/items_fetch.h"

#include <stdlib.h>
#include <string.h>

#include "pipe/pipe.h"

/* A batch: lines sel[from..to) read one after the other into the batch's out buffer. */
#define BATCH_LINES 512
#define BATCH_BYTES ((size_t)1 << 20)

struct fetch {
    const struct pc_items_files *f;
    const struct pc_line_ref *refs;
    const uint32_t *sel;
    size_t n, next;
    void *user;
    pc_items_write_at_fn write_at; /* may be NULL */
    pc_items_emit_fn emit;         /* may be NULL */
    uint64_t out_off;              /* where the next batch goes */
};

struct range {
    size_t from, to;
    uint64_t out_off; /* where this batch goes */
};

static void *range_new(void *user)
{
    (void)user;
    return calloc(1, sizeof(struct range));
}

static void range_free(void *user, void *r)
{
    (void)user;
    free(r);
}

static int fetch_fill(void *user, struct pc_pipe_batch *b, struct pc_error *err)
{
    (void)err;
    struct fetch *x = user;
    if (x->next >= x->n) return 0;
    struct range *r = b->result;
    size_t bytes = 0;
    r->from = x->next;
    while (x->next < x->n && x->next - r->from < BATCH_LINES && bytes < BATCH_BYTES)
        bytes += x->refs[x->sel[x->next++]].len;
    r->to = x->next;
    r->out_off = x->out_off;
    x->out_off += bytes + (r->to - r->from);
    b->lines.n = 0; /* no lines: the range is the batch */
    return 1;
}

static int fetch_work(void *user, void *worker, struct pc_pipe_batch *b, struct pc_error *err)
{
    (void)worker;
    struct fetch *x = user;
    const struct range *r = b->result;
    size_t total = 0;
    for (size_t k = r->from; k < r->to; k++) total += x->refs[x->sel[k]].len + 1;
    pc_buf_reset(&b->out);
    if (pc_buf_reserve(&b->out, total + 1)) return pc_error_set(err, PC_ENOMEM, "out of memory");
    char *dst = b->out.data;
    for (size_t k = r->from; k < r->to; k++) {
        const struct pc_line_ref *ref = &x->refs[x->sel[k]];
        int rc = pc_items_files_read(x->f, ref, dst, err);
        if (rc) return rc;
        dst += ref->len;
        *dst++ = '\n';
    }
    b->out.len = total;
    return x->write_at ? x->write_at(x->user, r->out_off, b->out.data, total, err) : PC_OK;
}

static int fetch_emit(void *user, struct pc_pipe_batch *b, struct pc_error *err)
{
    struct fetch *x = user;
    return x->emit ? x->emit(x->user, b->out.data, b->out.len, err) : PC_OK;
}

int pc_items_copy(const struct pc_items_files *f, const struct pc_line_ref *refs,
                  const uint32_t *sel, size_t n, int threads, pc_items_write_at_fn write_at,
                  pc_items_emit_fn emit, void *user, uint64_t *bytes, struct pc_error *err)
{
    struct fetch x = {
        .f = f, .refs = refs, .sel = sel, .n = n, .user = user, .write_at = write_at, .emit = emit};
    struct pc_pipe_ops ops = {
        .user = &x,
        .fill = fetch_fill,
        .result_new = range_new,
        .result_free = range_free,
        .work = fetch_work,
        .emit = fetch_emit,
    };
    int rc = pc_pipe_run(&ops, threads < 1 ? 1 : threads, err);
    if (bytes) *bytes = rc ? 0 : x.out_off;
    return rc;
}
