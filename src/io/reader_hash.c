/* The reader's SHA-256 on a thread of its own, in one of two modes (reader_int.h):
 * - ring (pc_hasher_start): the reading thread copies each raw chunk into a ring buffer (a
 *   memcpy, several times faster than hashing) and the hasher thread hashes the ring in
 *   order, so the hash no longer slows the reader;
 * - file (pc_hasher_start_fd): the hasher thread reads the regular file itself with pread on
 *   the reader's descriptor, up to `ahead` bytes past the reader and as far behind as it
 *   needs, so it may start before the reader (while the previous input is parsed) and end
 *   after it, and the reader neither copies nor waits. It hashes exactly the bytes the reader
 *   consumed in the end (pc_hasher_finish checks). */
#include "io/hasher.h"
#include "io/reader_int.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/clock.h"

#define RING ((size_t)4 << 20)
#define CHUNK ((size_t)1 << 20) /* file mode: bytes per pread */

struct pc_hasher {
    EVP_MD_CTX *sha;     /* borrowed: updated by the thread only, until pc_hasher_finish */
    unsigned char *ring; /* ring mode: the ring; file mode: one CHUNK */
    uint64_t head, tail; /* bytes fed (file mode: consumed by the reader), bytes hashed */
    int done;            /* nothing more will be fed: head is the final count */
    int stop;            /* file mode: give up (the reader is freed unfinished) */
    int fd;              /* file mode: the reader's descriptor; -1 in ring mode */
    uint64_t ahead;      /* file mode: how far past head the thread may read */
    int waiting;         /* file mode: the thread waits for head to move (signal it) */
    int read_errno;      /* file mode: pread failed (errno), or -1: the file ended early */
    pthread_mutex_t mu;
    pthread_cond_t cv; /* head, tail or done changed */
    pthread_t tid;
    double cpu; /* the thread's CPU seconds, set when it returns */
};

static void ring_loop(struct pc_hasher *h)
{
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
}

static void file_loop(struct pc_hasher *h)
{
    pthread_mutex_lock(&h->mu);
    uint64_t eof_at = UINT64_MAX; /* where pread last found the end of the file */
    for (;;) {
        if (h->stop || h->read_errno) break;
        uint64_t limit = h->done ? h->head : h->head + h->ahead;
        if (h->tail >= limit || (!h->done && h->tail >= eof_at && h->head <= eof_at)) {
            if (h->done) break; /* all the reader consumed is hashed */
            /* ahead of the reader by the limit, or at the file's end before the reader
             * (which may yet find more bytes, if the file grows): wait for it */
            h->waiting = 1;
            pthread_cond_wait(&h->cv, &h->mu);
            h->waiting = 0;
            continue;
        }
        size_t n = limit - h->tail < CHUNK ? (size_t)(limit - h->tail) : CHUNK;
        uint64_t at = h->tail;
        pthread_mutex_unlock(&h->mu);
        ssize_t k;
        do k = pread(h->fd, h->ring, n, (off_t)at);
        while (k < 0 && errno == EINTR);
        int e = k < 0 ? errno : 0;
        if (k > 0) EVP_DigestUpdate(h->sha, h->ring, (size_t)k);
        pthread_mutex_lock(&h->mu);
        if (k < 0) {
            h->read_errno = e ? e : EIO;
        } else if (k == 0) {
            eof_at = at;
            if (h->done) h->read_errno = -1; /* the reader consumed more than the file holds */
        } else {
            h->tail += (uint64_t)k;
            eof_at = UINT64_MAX;
        }
    }
    pthread_mutex_unlock(&h->mu);
}

static void *hasher_main(void *arg)
{
    struct pc_hasher *h = arg;
    if (h->fd >= 0)
        file_loop(h);
    else
        ring_loop(h);
    h->cpu = pc_thread_cpu(); /* read by pc_hasher_finish after pthread_join */
    return NULL;
}

static struct pc_hasher *start(EVP_MD_CTX *sha, int fd, uint64_t ahead, uint64_t head)
{
    struct pc_hasher *h = calloc(1, sizeof *h);
    if (!h) return NULL;
    h->sha = sha;
    h->fd = fd;
    h->ahead = ahead;
    h->head = head;
    h->ring = malloc(fd >= 0 ? CHUNK : RING);
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

struct pc_hasher *pc_hasher_start(EVP_MD_CTX *sha)
{
    return start(sha, -1, 0, 0);
}

struct pc_hasher *pc_hasher_start_fd(EVP_MD_CTX *sha, int fd, uint64_t ahead, uint64_t consumed)
{
    return start(sha, fd, ahead, consumed);
}

void pc_hasher_feed(struct pc_hasher *h, const void *data, size_t n)
{
    if (h->fd >= 0) { /* file mode: the thread reads the bytes itself; only say how far */
        pthread_mutex_lock(&h->mu);
        h->head += n;
        if (h->waiting) pthread_cond_signal(&h->cv);
        pthread_mutex_unlock(&h->mu);
        return;
    }
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

static int stop_and_free(struct pc_hasher *h, int stop, double *cpu)
{
    pthread_mutex_lock(&h->mu);
    h->done = 1;
    h->stop = stop;
    pthread_cond_broadcast(&h->cv);
    pthread_mutex_unlock(&h->mu);
    pthread_join(h->tid, NULL);
    int rc = 0;
    if (h->fd >= 0 && !stop) /* file mode: exactly the bytes the reader consumed */
        rc = h->read_errno > 0 ? h->read_errno : h->read_errno || h->tail != h->head ? -1 : 0;
    if (cpu) *cpu = h->cpu;
    pthread_mutex_destroy(&h->mu);
    pthread_cond_destroy(&h->cv);
    free(h->ring);
    free(h);
    return rc;
}

int pc_hasher_finish(struct pc_hasher *h, double *cpu)
{
    if (cpu) *cpu = 0;
    return h ? stop_and_free(h, 0, cpu) : 0;
}

void pc_hasher_abort(struct pc_hasher *h)
{
    if (h) (void)stop_and_free(h, 1, NULL);
}
