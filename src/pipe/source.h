/* The reader side of the pipelines of `parse` and `investigate`: several inputs read one
 * after the other, cut into batches of whole lines (io/lines.h), with progress positions
 * counted in raw (compressed) bytes across inputs. Used by the pipeline's reader thread. */
#ifndef PC_PIPE_SOURCE_H
#define PC_PIPE_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "io/lines.h"
#include "io/reader.h"
#include "pipe/pipe.h"

#define PC_PIPE_BATCH_BYTES ((size_t)2 << 20) /* bytes of lines per batch */
#define PC_PIPE_BATCH_MIN ((size_t)128 << 10) /* the smallest batch (threads > 1) */

struct pc_parse_input {
    const char *name;         /* shown in messages and in each item's "source" */
    const char *category;     /* written in each item's "category" (parse only) */
    struct pc_reader *reader; /* opened by the caller, borrowed */
    int64_t line_base;        /* lines before the reader's first byte (a shard: pipe/shard.h);
                                 added to every line number; 0 = a whole input */
};

struct pc_pipe_source {
    const struct pc_parse_input *inputs;
    size_t n, cur;
    struct pc_lines *ls; /* splitter of inputs[cur], NULL between inputs */
    size_t max_line;     /* 0 = PC_LINES_DEFAULT_MAX */
    uint64_t base_pos;   /* raw bytes of the finished inputs */
    /* Worker threads of the pipeline (0 or 1: every batch PC_PIPE_BATCH_BYTES). With more,
     * the first batches are small and grow (every worker gets work soon after the start) and
     * near the end of the last input they shrink with what is left (the workers finish
     * together). Batch sizes never change what a pipeline outputs. */
    int threads;
    uint64_t filled; /* batches filled so far */
};

void pc_pipe_source_init(struct pc_pipe_source *s, const struct pc_parse_input *inputs, size_t n);
void pc_pipe_source_release(struct pc_pipe_source *s);

/* Fills b with the next lines (b->source, b->end_offset set). Returns 1, 0 at the end of
 * all inputs, or a negative pc_code with err naming the input. */
int pc_pipe_source_fill(struct pc_pipe_source *s, struct pc_pipe_batch *b, struct pc_error *err);

#endif
