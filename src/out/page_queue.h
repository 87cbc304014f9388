/* A background thread that handles pages one after the other in the order they were pushed
 * (the Parquet writer compresses and writes them there), so the thread filling the pages can
 * go on meanwhile. Pages are copied in; at most PC_PAGEQ_DEPTH wait at a time (push then
 * blocks). One producer thread per queue; the handler runs on the queue's thread only. */
#ifndef PC_OUT_PAGE_QUEUE_H
#define PC_OUT_PAGE_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

#define PC_PAGEQ_DEPTH 4

/* Handles one page: data[0..n), with the values and tag given to push. 0 or a negative
 * pc_code (err filled); after a failure the queue drops later pages and reports it. */
typedef int (*pc_pageq_fn)(void *user, const void *data, size_t n, int64_t values, void *tag,
                           struct pc_error *err);

struct pc_pageq;

/* Starts the thread. PC_ENOMEM (or PC_EIO when no thread can be started): *q NULL, the
 * caller handles its pages itself. */
int pc_pageq_new(struct pc_pageq **q, pc_pageq_fn fn, void *user);

/* Queues a copy of data[0..n). Returns an earlier failure of the handler (err filled), or
 * PC_ENOMEM. */
int pc_pageq_push(struct pc_pageq *q, const void *data, size_t n, int64_t values, void *tag,
                  struct pc_error *err);

/* Waits until every page pushed so far is handled; what the handler did is then visible to
 * the caller. The first failure of the handler, if any (err filled). */
int pc_pageq_drain(struct pc_pageq *q, struct pc_error *err);

/* Stops the thread (pages still waiting are dropped) and frees q. Accepts NULL. */
void pc_pageq_free(struct pc_pageq *q);

#endif
