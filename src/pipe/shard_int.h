/* Inside pipe/shard*.c: planning the shards of a compressed input cut at units. */
#ifndef PC_PIPE_SHARD_INT_H
#define PC_PIPE_SHARD_INT_H

#include "io/frames.h"
#include "pipe/shard.h"

/* Plans m consecutive shards of the compressed input path (comp, size bytes, units u with
 * u->n > 1): the j-th (j from 0) gets the units starting in the local raw range
 * [cut[j], cut[j + 1]) and is written to out[j * stride] (take, begin, end, skip,
 * line_base, comp, units). cut[0] == 0 when the first planned shard is the input's first
 * one; otherwise the units before it are decoded to count lines. Errors name the file. */
int pc_shard_plan_units(const char *path, int comp, uint64_t size, const struct pc_units *u,
                        const uint64_t *cut, unsigned m, struct pc_shard_range *out, size_t stride,
                        struct pc_error *err);

#endif
