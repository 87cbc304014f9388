/* Parallel ordered pipeline: one reader thread fills batches of whole lines, N worker
 * threads turn each batch into output bytes plus per-batch results, and the calling thread
 * consumes the finished batches strictly in input order. A fixed pool of batches (2N+2)
 * bounds memory whatever the input size; the output is identical at any thread count as
 * long as work() depends only on its batch.
 *
 * The pipeline owns the batches; callbacks get them only for the duration of the call.
 * The core never prints: errors come back as values, progress through on_emit. */
#ifndef PC_PIPE_PIPE_H
#define PC_PIPE_PIPE_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/error.h"
#include "io/lines.h"

struct pc_pipe_batch {
    uint64_t seq;               /* 0, 1, 2, ... in input order */
    struct pc_line_batch lines; /* whole lines, filled by fill() (io/lines.h) */
    struct pc_buf out;          /* produced by work(), consumed by emit() */
    uint64_t end_offset;        /* input bytes consumed once this batch is read (for progress) */
    int source;                 /* index of the input this batch came from (set by fill) */
    void *result;               /* per-batch results made by result_new(), reset by work() */
};

struct pc_pipe_ops {
    void *user;
    /* optional: the reader thread's CPU seconds, a serial part that more workers do not
     * shorten (with threads == 1 there is no reader thread: 0) */
    double *reader_cpu;
    /* optional: the CPU nanoseconds the reader and worker threads spend in fill and work are
     * added here, atomically, batch by batch (with threads > 1; at 1 the calling thread does
     * everything, and is not counted) */
    uint64_t *helper_ns;
    /* Reader thread: fills b->lines (+ end_offset, source). Returns 1 when a batch
     * was filled, 0 at the end of all input, or a negative pc_code with err filled. */
    int (*fill)(void *user, struct pc_pipe_batch *b, struct pc_error *err);
    /* Per-worker state (e.g. a JSON doc and tokenizer scratch); may be NULL callbacks. */
    void *(*worker_new)(void *user);
    void (*worker_free)(void *user, void *worker);
    /* Per-batch result storage; may be NULL callbacks. */
    void *(*result_new)(void *user);
    void (*result_free)(void *user, void *result);
    /* Worker threads: process b->lines into b->out / b->result. 0 or a negative pc_code. */
    int (*work)(void *user, void *worker, struct pc_pipe_batch *b, struct pc_error *err);
    /* Calling thread, in seq order: consume b->out / b->result. 0 or a negative pc_code. */
    int (*emit)(void *user, struct pc_pipe_batch *b, struct pc_error *err);
};

/* Runs the pipeline with threads workers (>= 1) to completion. threads == 1 uses the calling
 * thread alone: fill, work and emit one batch after another, no other thread started (one
 * core; same output). Returns PC_OK, or the first
 * error any stage reported (err filled; the other stages stop soon after). When fill fails
 * (a damaged input), the batches filled before it are still worked and emitted, so the
 * caller's counts cover what was read, and then its error is returned. */
int pc_pipe_run(const struct pc_pipe_ops *ops, int threads, struct pc_error *err);

/* Number of online processors (>= 1). */
int pc_pipe_cpus(void);

#endif
