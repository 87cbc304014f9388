/* Cuts a byte stream into pipeline batches of whole lines (SPEC §1.1 step 1: lines end at
 * "\n", "\r\n" or a lone "\r"), numbering lines, with a cap on the length of one line: a
 * longer line is skipped (only its number and length are reported), so one bad line cannot
 * exhaust memory. One batcher per input, used by the pipeline's reader thread only. */
#ifndef PC_PIPE_BATCHER_H
#define PC_PIPE_BATCHER_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/error.h"
#include "pipe/pipe.h"

/* Reads up to cap bytes into buf; *got = 0 means end of input. 0 or a negative pc_code. */
typedef int (*pc_read_fn)(void *handle, void *buf, size_t cap, size_t *got, struct pc_error *err);

struct pc_batcher {
    pc_read_fn read;
    void *handle;
    size_t target;   /* bytes per batch (default 2 MiB) */
    size_t max_line; /* longest line kept (default 64 MiB) */
    struct pc_buf carry;
    int64_t next_line; /* number of the next line to hand out */
    int eof, skip_lf, done;
};

void pc_batcher_init(struct pc_batcher *bt, pc_read_fn read, void *handle);
void pc_batcher_release(struct pc_batcher *bt);

/* Fills b->in with whole lines (terminators kept) and sets b->first_line and
 * b->overlong. An over-long line gives a batch of its own with b->in empty,
 * b->overlong = its length in bytes and b->first_line = its number.
 * Returns 1 when b was filled, 0 at the end of the input, or a negative pc_code. */
int pc_batcher_fill(struct pc_batcher *bt, struct pc_pipe_batch *b, struct pc_error *err);

/* Iterates the lines of a batch: on each call returns 1 and sets *line and *len (without the
 * terminator), or 0 when no line is left. *pos starts at 0. */
int pc_batch_next_line(const char *p, size_t n, size_t *pos, const char **line, size_t *len);

#endif
