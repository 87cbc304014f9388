/* The page queue's thread (page_queue.h): a ring of PC_PAGEQ_DEPTH copied pages. */
#include "out/page_queue.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

struct slot {
    struct pc_buf data;
    int64_t values;
    void *tag;
};

struct pc_pageq {
    pc_pageq_fn fn;
    void *user;
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct slot ring[PC_PAGEQ_DEPTH];
    size_t head, count; /* pages waiting or being handled: ring[head], ring[head + 1], ... */
    int stop;
    int rc; /* first failure of fn */
    struct pc_error err;
};

static void *run(void *arg)
{
    struct pc_pageq *q = arg;
    pthread_mutex_lock(&q->mu);
    for (;;) {
        while (!q->stop && q->count == 0) pthread_cond_wait(&q->cv, &q->mu);
        if (q->stop) break;
        struct slot *s = &q->ring[q->head];
        int failed = q->rc != PC_OK;
        pthread_mutex_unlock(&q->mu);
        struct pc_error e;
        pc_error_clear(&e);
        int rc = failed ? PC_OK : q->fn(q->user, s->data.data, s->data.len, s->values, s->tag, &e);
        pthread_mutex_lock(&q->mu);
        if (rc && !q->rc) {
            q->rc = rc;
            q->err = e;
        }
        q->head = (q->head + 1) % PC_PAGEQ_DEPTH;
        q->count--;
        pthread_cond_broadcast(&q->cv);
    }
    pthread_mutex_unlock(&q->mu);
    return NULL;
}

int pc_pageq_new(struct pc_pageq **out, pc_pageq_fn fn, void *user)
{
    *out = NULL;
    struct pc_pageq *q = calloc(1, sizeof *q);
    if (!q) return PC_ENOMEM;
    q->fn = fn;
    q->user = user;
    for (int i = 0; i < PC_PAGEQ_DEPTH; i++) pc_buf_init(&q->ring[i].data, 0);
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->cv, NULL);
    if (pthread_create(&q->th, NULL, run, q) != 0) {
        pthread_mutex_destroy(&q->mu);
        pthread_cond_destroy(&q->cv);
        free(q);
        return PC_EIO;
    }
    *out = q;
    return PC_OK;
}

static int failure(struct pc_pageq *q, struct pc_error *err)
{
    if (err) *err = q->err;
    return q->rc;
}

int pc_pageq_push(struct pc_pageq *q, const void *data, size_t n, int64_t values, void *tag,
                  struct pc_error *err)
{
    pthread_mutex_lock(&q->mu);
    while (q->count == PC_PAGEQ_DEPTH && !q->rc) pthread_cond_wait(&q->cv, &q->mu);
    int rc = q->rc ? failure(q, err) : PC_OK;
    struct slot *s = &q->ring[(q->head + q->count) % PC_PAGEQ_DEPTH];
    pthread_mutex_unlock(&q->mu);
    if (rc) return rc;
    /* the slot is free: only this thread fills it until count says it is there */
    pc_buf_reset(&s->data);
    if (pc_buf_append(&s->data, n ? data : "", n))
        return pc_error_set(err, PC_ENOMEM, "out of memory");
    s->values = values;
    s->tag = tag;
    pthread_mutex_lock(&q->mu);
    q->count++;
    pthread_cond_broadcast(&q->cv);
    pthread_mutex_unlock(&q->mu);
    return PC_OK;
}

int pc_pageq_drain(struct pc_pageq *q, struct pc_error *err)
{
    pthread_mutex_lock(&q->mu);
    while (q->count > 0) pthread_cond_wait(&q->cv, &q->mu);
    int rc = q->rc ? failure(q, err) : PC_OK;
    pthread_mutex_unlock(&q->mu);
    return rc;
}

void pc_pageq_free(struct pc_pageq *q)
{
    if (!q) return;
    pthread_mutex_lock(&q->mu);
    q->stop = 1;
    pthread_cond_broadcast(&q->cv);
    pthread_mutex_unlock(&q->mu);
    pthread_join(q->th, NULL);
    pthread_mutex_destroy(&q->mu);
    pthread_cond_destroy(&q->cv);
    for (int i = 0; i < PC_PAGEQ_DEPTH; i++) pc_buf_release(&q->ring[i].data);
    free(q);
}
