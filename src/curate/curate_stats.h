/* The curate summary as JSON (`pricer curate --stats`, RUNDIR/sample.stats.json). */
#ifndef PC_CURATE_CURATE_STATS_H
#define PC_CURATE_CURATE_STATS_H

#include "core/buf.h"
#include "curate/balance.h"

/* Appends {"input_items", "dedup", "dedup_removed", "out_of_range", "slots_drawn",
 * "selected"} and a newline. PC_ENOMEM when the buffer cannot grow. */
int pc_curate_stats_json(struct pc_buf *b, const struct pc_curate_opts *o,
                         const struct pc_curate_stats *st);

#endif
