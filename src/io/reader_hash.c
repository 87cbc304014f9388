/* The reader's SHA-256 on a thread of its own (pc_reader_hash_thread): the reading thread
 * copies each raw chunk into a ring buffer (a memcpy, several times faster than hashing) and
 * the hasher thread hashes the ring in order, so the hash no longer slows the reader. */
#include "io/reader_int.h"

#include "core/clock.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define RING ((size_t)4 << 20)

struct pc_hasher {
    EVP_MD_CTX *sha; /* borrowed: updated by the thread only, until pc_hasher_finish */
    unsigned char *ring;
    uint64_t head, tail; /* bytes fed, bytes hashed; [tail, head) is waiting in the ring */
    int done;            /* nothing more will be fed */
    pthread_mutex_t mu;
    pthread_cond_t cv; /* head, tail or done changed */
    pthread_t tid;
    double cpu; /* the thread's CPU seconds, set when it returns */
};

static void *hasher_main(void *arg)
{
    struct pc_hasher *h = arg;
    pthread_mutex_lock(&h->mu);
    for (;;) {
        while (h->head == h->tail && !h->done) pthread_cond_wait(&h->cv, &h->mu);
        if (h->head == h->tail) break; /* done and all hashed */
        size_t at = (size_t)(h->tail % RING);
        size_t n = (size_t)(h->head - h->tail);
        if (n > RING - at) n = RING - at; /* up to the end of the ring */
        pthread_mutex_unlock(&h->mu);
        EVP_DigestUpdate(h->sha, h->ring + at, n); /* the feeder never writes [tail, head) */
        pthread_mutex_lock(&h->mu);
        h->tail += n;
        pthread_cond_broadcast(&h->cv);
    }
    pthread_mutex_unlock(&h->mu);
    h->cpu = pc_thread_cpu(); /* read by pc_hasher_finish after pthread_join */
    return NULL;
}

struct pc_hasher *pc_hasher_start(EVP_MD_CTX *sha)
{
    struct pc_hasher *h = calloc(1, sizeof *h);
    if (!h) return NULL;
    h->sha = sha;
    h->ring = malloc(RING);
    if (!h->ring) {
        free(h);
        return NULL;
    }
    pthread_mutex_init(&h->mu, NULL);
    pthread_cond_init(&h->cv, NULL);
    if (pthread_create(&h->tid, NULL, hasher_main, h) != 0) {
        pthread_mutex_destroy(&h->mu);
        pthread_cond_destroy(&h->cv);
        free(h->ring);
        free(h);
        return NULL;
    }
    return h;
}

void pc_hasher_feed(struct pc_hasher *h, const void *data, size_t n)
{
    const unsigned char *p = data;
    while (n) {
        pthread_mutex_lock(&h->mu);
        while (h->head - h->tail == RING) pthread_cond_wait(&h->cv, &h->mu);
        size_t at = (size_t)(h->head % RING);
        size_t room = RING - (size_t)(h->head - h->tail);
        pthread_mutex_unlock(&h->mu);
        size_t k = n < room ? n : room;
        if (k > RING - at) k = RING - at;
        memcpy(h->ring + at, p, k); /* outside [tail, head): the hasher does not read it */
        pthread_mutex_lock(&h->mu);
        h->head += k;
        pthread_cond_broadcast(&h->cv);
        pthread_mutex_unlock(&h->mu);
        p += k;
        n -= k;
    }
}

double pc_hasher_finish(struct pc_hasher *h)
{
    if (!h) return 0;
    pthread_mutex_lock(&h->mu);
    h->done = 1;
    pthread_cond_broadcast(&h->cv);
    pthread_mutex_unlock(&h->mu);
    pthread_join(h->tid, NULL);
    double cpu = h->cpu;
    pthread_mutex_destroy(&h->mu);
    pthread_cond_destroy(&h->cv);
    free(h->ring);
    free(h);
    return cpu;
}
