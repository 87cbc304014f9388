/* The raw inputs of the parse stages: opened, hashed beside the parse, and the hash finished
 * by the stage after (see pipeline_int.h: pl_input_*, pl_pending_finish). */
#include <stdint.h>
#include <string.h>

#include "io/reader.h"
#include "pipeline/pipeline_int.h"

/* Bytes a hash that reads the file itself may run ahead of the parse (page cache it keeps
 * warm until the parse reads it). */
#define HASH_AHEAD ((uint64_t)512 << 20)

/* Opens input i, hashing it while it is read unless its hash is known: at -j1 inline, with
 * threads on a thread of its own that reads the file itself (pc_reader_hash_ahead). */
static int open_hashed(struct pl_ctx *x, int i, struct pc_reader **r, struct pc_error *err)
{
    int rc = pc_reader_open(r, x->in[i].path, err);
    if (rc || x->in[i].sha256[0]) return rc;
    return pl_threads_of(x) > 1 ? pc_reader_hash_ahead(*r, HASH_AHEAD, err)
                                : pc_reader_hash_start(*r, err);
}

static void next_drop(struct pl_ctx *x)
{
    pc_reader_free(x->next_rd); /* stops its hash */
    x->next_rd = NULL;
}

int pl_input_open(struct pl_ctx *x, int i, struct pc_reader **r, struct pc_error *err)
{
    int rc = PC_OK;
    if (x->next_rd && x->next_i == i) {
        *r = x->next_rd;
        x->next_rd = NULL;
    } else {
        next_drop(x);
        rc = open_hashed(x, i, r, err);
    }
    if (!rc && pl_threads_of(x) > 1 && i + 1 < x->nin && !x->in[i + 1].sha256[0]) {
        struct pc_error e;
        pc_error_clear(&e);
        if (open_hashed(x, i + 1, &x->next_rd, &e) == PC_OK)
            x->next_i = i + 1;
        else
            next_drop(x);
    }
    return rc;
}

int pl_input_done(struct pl_ctx *x, struct pl_stage *sp, struct pc_reader *rd, int rc,
                  struct pc_error *err)
{
    int i = sp->arg;
    /* the stage before's input hash has had this parse to finish */
    if (!rc) rc = pl_pending_finish(x, err);
    if (!rc && !x->in[i].sha256[0] && pc_reader_hash_reads(rd)) {
        /* this input's hash: finished by the next stage (pl_run_stage then leaves the
         * record's fingerprint to pl_pending_finish) */
        x->pending.sp = sp;
        x->pending.rd = rd;
        x->pending.i = i;
        return PC_OK;
    }
    if (!rc && !x->in[i].sha256[0]) {
        rc = pc_reader_sha256(rd, x->in[i].sha256, err);
        if (pc_reader_hash_cpu(rd) > x->stage_serial) /* in step with the reader: serial */
            x->stage_serial = pc_reader_hash_cpu(rd);
    }
    pc_reader_free(rd);
    return rc;
}

int pl_pending_finish(struct pl_ctx *x, struct pc_error *err)
{
    struct pl_stage *sp = x->pending.sp;
    if (!sp) return PC_OK;
    struct pc_reader *rd = x->pending.rd;
    int i = x->pending.i;
    memset(&x->pending, 0, sizeof x->pending);
    int rc = pc_reader_sha256(rd, x->in[i].sha256, err);
    double cpu = pc_reader_hash_cpu(rd);
    pc_reader_free(rd);
    if (rc) {
        x->in[i].sha256[0] = '\0';
        return rc;
    }
    struct pc_run_stage *st = pc_run_state_stage(&x->cur, sp->name);
    if (st) {
        st->hash_cpu_seconds = cpu;
        pc_run_fingerprint(x->rundir, sp->argv.v, sp->argv.n, (const char *const *)sp->inputs,
                           sp->ninputs, st->fingerprint);
    }
    return PC_OK;
}

void pl_pending_drop(struct pl_ctx *x)
{
    pc_reader_free(x->pending.rd); /* stops its hash; the record keeps no fingerprint */
    memset(&x->pending, 0, sizeof x->pending);
}

void pl_inputs_release(struct pl_ctx *x)
{
    pl_pending_drop(x);
    next_drop(x);
}
