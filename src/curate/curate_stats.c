/* The curate summary as JSON (see curate_stats.h). */
#include "curate/curate_stats.h"

#include "curate/group.h"

int pc_curate_stats_json(struct pc_buf *b, const struct pc_curate_opts *o,
                         const struct pc_curate_stats *st)
{
    return pc_buf_printf(b,
                         "{\"input_items\": %llu, \"dedup\": \"%s\", \"dedup_removed\": %llu, "
                         "\"out_of_range\": %llu, \"slots_drawn\": %llu, \"selected\": %llu}\n",
                         (unsigned long long)st->items, pc_group_by_name(o->dedup),
                         (unsigned long long)st->dedup_removed,
                         (unsigned long long)st->out_of_range, (unsigned long long)st->slots_drawn,
                         (unsigned long long)st->selected);
}
