#include "pipe/pipe.h"

#include "core/clock.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { SLOT_FREE, SLOT_FILLING, SLOT_FILLED, SLOT_WORKING, SLOT_DONE };

struct pipe {
    const struct pc_pipe_ops *ops;
    struct pc_pipe_batch *slots;
    int *state;
    int nslots;
    pthread_mutex_t mu;
    /* One condition per kind of waiter, so a change wakes only who can use it (with many
     * workers, a broadcast per change would wake every thread several times per batch). */
    pthread_cond_t cv_free; /* the reader: a slot was freed */
    pthread_cond_t cv_work; /* the workers: a batch was filled */
    pthread_cond_t cv_emit; /* the calling thread: a batch was worked */
    uint64_t next_fill, next_work, next_emit;
    int eof;    /* reader saw the end; total = next_fill */
    int failed; /* some stage failed: everyone stops */
    struct pc_error err;
    /* The reader failed (a damaged input): the batches read before still go through work
     * and emit (so the caller's counts cover them), then the run fails with read_err. */
    int read_failed;
    struct pc_error read_err;
    double reader_cpu; /* the reader thread's CPU seconds, set when it returns */
};

int pc_pipe_cpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : (int)n;
}

/* Wakes every waiter (a failure, or the end of the input). Called with mu held. */
static void wake_all(struct pipe *p)
{
    pthread_cond_broadcast(&p->cv_free);
    pthread_cond_broadcast(&p->cv_work);
    pthread_cond_broadcast(&p->cv_emit);
}

static void pipe_fail(struct pipe *p, const struct pc_error *e)
{
    pthread_mutex_lock(&p->mu);
    if (!p->failed) {
        p->failed = 1;
        p->err = *e;
    }
    wake_all(p);
    pthread_mutex_unlock(&p->mu);
}

/* The calling thread's CPU nanoseconds now, when ops->helper_ns wants them (else 0). */
static uint64_t helper_t0(const struct pipe *p)
{
    return p->ops->helper_ns ? pc_clock_ns(CLOCK_THREAD_CPUTIME_ID) : 0;
}

/* Adds the thread's CPU since t0 to ops->helper_ns, when set. */
static void helper_charge(const struct pipe *p, uint64_t t0)
{
    if (p->ops->helper_ns)
        __atomic_fetch_add(p->ops->helper_ns, pc_clock_ns(CLOCK_THREAD_CPUTIME_ID) - t0,
                           __ATOMIC_RELAXED);
}

static void reader_loop(struct pipe *p)
{
    for (;;) {
        pthread_mutex_lock(&p->mu);
        int s = -1;
        while (!p->failed) {
            for (int i = 0; i < p->nslots; i++)
                if (p->state[i] == SLOT_FREE) {
                    s = i;
                    break;
                }
            if (s >= 0) break;
            pthread_cond_wait(&p->cv_free, &p->mu);
        }
        if (p->failed) {
            pthread_mutex_unlock(&p->mu);
            return;
        }
        p->state[s] = SLOT_FILLING;
        pthread_mutex_unlock(&p->mu);

        struct pc_pipe_batch *b = &p->slots[s];
        b->source = 0;
        struct pc_error e;
        pc_error_clear(&e);
        uint64_t t0 = helper_t0(p);
        int rc = p->ops->fill(p->ops->user, b, &e);
        helper_charge(p, t0);
        if (rc < 0) {
            if (e.code == PC_OK) e.code = rc;
            pthread_mutex_lock(&p->mu);
            p->read_failed = 1;
            p->read_err = e;
            p->state[s] = SLOT_FREE;
            p->eof = 1; /* drain what was read */
            wake_all(p);
            pthread_mutex_unlock(&p->mu);
            return;
        }
        pthread_mutex_lock(&p->mu);
        if (rc == 0) {
            p->state[s] = SLOT_FREE;
            p->eof = 1;
            wake_all(p);
        } else {
            b->seq = p->next_fill++;
            p->state[s] = SLOT_FILLED;
            pthread_cond_signal(&p->cv_work); /* batches are taken in order: any worker */
        }
        pthread_mutex_unlock(&p->mu);
        if (rc == 0) return;
    }
}

static void *reader_main(void *arg)
{
    struct pipe *p = arg;
    reader_loop(p);
    p->reader_cpu = pc_thread_cpu(); /* read by the caller after pthread_join */
    return NULL;
}

static void *worker_main(void *arg)
{
    struct pipe *p = arg;
    void *w = p->ops->worker_new ? p->ops->worker_new(p->ops->user) : NULL;
    if (p->ops->worker_new && !w) {
        struct pc_error e;
        pc_error_clear(&e);
        pc_error_set(&e, PC_ENOMEM, "cannot create a worker: out of memory");
        pipe_fail(p, &e);
        return NULL;
    }
    for (;;) {
        pthread_mutex_lock(&p->mu);
        int s = -1;
        while (!p->failed) {
            /* Take the oldest filled batch so work proceeds roughly in order. */
            for (int i = 0; i < p->nslots; i++)
                if (p->state[i] == SLOT_FILLED && p->slots[i].seq == p->next_work) {
                    s = i;
                    break;
                }
            if (s >= 0 || (p->eof && p->next_work == p->next_fill)) break;
            pthread_cond_wait(&p->cv_work, &p->mu);
        }
        if (s < 0) {
            pthread_mutex_unlock(&p->mu);
            break;
        }
        p->state[s] = SLOT_WORKING;
        p->next_work++;
        pthread_mutex_unlock(&p->mu);

        struct pc_pipe_batch *b = &p->slots[s];
        pc_buf_reset(&b->out);
        struct pc_error e;
        pc_error_clear(&e);
        uint64_t t0 = helper_t0(p);
        int rc = p->ops->work(p->ops->user, w, b, &e);
        helper_charge(p, t0);
        if (rc < 0) {
            if (e.code == PC_OK) e.code = rc;
            pipe_fail(p, &e);
            break;
        }
        pthread_mutex_lock(&p->mu);
        p->state[s] = SLOT_DONE;
        pthread_cond_signal(&p->cv_emit);
        pthread_mutex_unlock(&p->mu);
    }
    if (p->ops->worker_free) p->ops->worker_free(p->ops->user, w);
    return NULL;
}

/* threads == 1: read, work and emit one batch at a time on the calling thread (one core, no
 * handoffs); same callbacks, same order, so the same output. */
static int run_inline(const struct pc_pipe_ops *ops, struct pc_error *err)
{
    struct pc_pipe_batch b;
    memset(&b, 0, sizeof b);
    pc_line_batch_init(&b.lines);
    pc_buf_init(&b.out, 0);
    int rc = PC_OK;
    void *w = NULL;
    struct pc_error e;
    pc_error_clear(&e);
    if (ops->result_new && !(b.result = ops->result_new(ops->user))) {
        rc = pc_error_set(&e, PC_ENOMEM, "out of memory");
        goto out;
    }
    if (ops->worker_new && !(w = ops->worker_new(ops->user))) {
        rc = pc_error_set(&e, PC_ENOMEM, "cannot create a worker: out of memory");
        goto out;
    }
    for (uint64_t seq = 0;; seq++) {
        b.source = 0;
        int frc = ops->fill(ops->user, &b, &e);
        if (frc <= 0) {
            rc = frc; /* 0 at the end; a read error after every earlier batch was emitted */
            break;
        }
        b.seq = seq;
        pc_buf_reset(&b.out);
        if ((rc = ops->work(ops->user, w, &b, &e)) < 0) break;
        if ((rc = ops->emit(ops->user, &b, &e)) < 0) break;
    }
    if (rc < 0 && e.code == PC_OK) e.code = rc;
out:
    if (w && ops->worker_free) ops->worker_free(ops->user, w);
    if (b.result && ops->result_free) ops->result_free(ops->user, b.result);
    pc_line_batch_release(&b.lines);
    pc_buf_release(&b.out);
    if (ops->reader_cpu) *ops->reader_cpu = 0;
    if (rc < 0) {
        if (err) *err = e;
        return e.code ? e.code : PC_EIO;
    }
    return PC_OK;
}

int pc_pipe_run(const struct pc_pipe_ops *ops, int threads, struct pc_error *err)
{
    if (threads < 1) threads = 1;
    if (threads > 256) threads = 256;
    if (threads == 1) return run_inline(ops, err);
    struct pipe p;
    memset(&p, 0, sizeof p);
    p.ops = ops;
    p.nslots = 2 * threads + 2;
    p.slots = calloc((size_t)p.nslots, sizeof *p.slots);
    p.state = calloc((size_t)p.nslots, sizeof *p.state);
    pthread_t *tids = calloc((size_t)threads, sizeof *tids);
    pthread_t rtid;
    int started = 0, reader_started = 0, rc = PC_OK;
    pc_error_clear(&p.err);
    if (!p.slots || !p.state || !tids) {
        rc = pc_error_set(err, PC_ENOMEM, "out of memory");
        goto out;
    }
    for (int i = 0; i < p.nslots; i++) {
        pc_line_batch_init(&p.slots[i].lines);
        pc_buf_init(&p.slots[i].out, 0);
        if (ops->result_new && !(p.slots[i].result = ops->result_new(ops->user))) {
            rc = pc_error_set(err, PC_ENOMEM, "out of memory");
            goto out;
        }
    }
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.cv_free, NULL);
    pthread_cond_init(&p.cv_work, NULL);
    pthread_cond_init(&p.cv_emit, NULL);
    if (pthread_create(&rtid, NULL, reader_main, &p) != 0) {
        rc = pc_error_set(err, PC_ENOMEM, "cannot start the reader thread");
        goto join;
    }
    reader_started = 1;
    for (; started < threads; started++)
        if (pthread_create(&tids[started], NULL, worker_main, &p) != 0) break;
    if (started == 0) {
        struct pc_error e;
        pc_error_clear(&e);
        pc_error_set(&e, PC_ENOMEM, "cannot start worker threads");
        pipe_fail(&p, &e);
    }

    /* The calling thread is the ordered writer. */
    for (;;) {
        pthread_mutex_lock(&p.mu);
        int s = -1;
        while (!p.failed) {
            for (int i = 0; i < p.nslots; i++)
                if (p.state[i] == SLOT_DONE && p.slots[i].seq == p.next_emit) {
                    s = i;
                    break;
                }
            if (s >= 0 || (p.eof && p.next_emit == p.next_fill)) break;
            pthread_cond_wait(&p.cv_emit, &p.mu);
        }
        pthread_mutex_unlock(&p.mu);
        if (s < 0) break;
        struct pc_error e;
        pc_error_clear(&e);
        int erc = ops->emit(ops->user, &p.slots[s], &e);
        if (erc < 0) {
            if (e.code == PC_OK) e.code = erc;
            pipe_fail(&p, &e);
            break;
        }
        pthread_mutex_lock(&p.mu);
        p.state[s] = SLOT_FREE;
        p.next_emit++;
        pthread_cond_signal(&p.cv_free);
        pthread_mutex_unlock(&p.mu);
    }

join:
    if (reader_started) pthread_join(rtid, NULL);
    for (int i = 0; i < started; i++) pthread_join(tids[i], NULL);
    if (ops->reader_cpu) *ops->reader_cpu = p.reader_cpu;
    pthread_mutex_destroy(&p.mu);
    pthread_cond_destroy(&p.cv_free);
    pthread_cond_destroy(&p.cv_work);
    pthread_cond_destroy(&p.cv_emit);
    if (!p.failed && p.read_failed) {
        p.failed = 1;
        p.err = p.read_err;
    }
    if (p.failed) {
        if (err) *err = p.err;
        rc = p.err.code ? p.err.code : PC_EIO;
    }
out:
    if (p.slots)
        for (int i = 0; i < p.nslots; i++) {
            pc_line_batch_release(&p.slots[i].lines);
            pc_buf_release(&p.slots[i].out);
            if (ops->result_free && p.slots[i].result)
                ops->result_free(ops->user, p.slots[i].result);
        }
    free(p.slots);
    free(p.state);
    free(tids);
    return rc;
}
