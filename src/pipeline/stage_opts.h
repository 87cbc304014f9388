/* From the settings table (settings/settings.h) to the option structs of the stage libraries: the
 * one place a resolved configuration becomes pc_item_opts, pc_inv_opts, pc_curate_opts and
 * pc_split_opts. Strings point into cfg (it must outlive the options). */
#ifndef PC_PIPELINE_STAGE_OPTS_H
#define PC_PIPELINE_STAGE_OPTS_H

#include "core/error.h"
#include "curate/balance.h"
#include "curate/split.h"
#include "investigate/investigate.h"
#include "item/item.h"
#include "settings/settings.h"

/* parse.*: PC_EINVAL with a message naming the key when a value is out of range. */
int pc_stage_item_opts(const struct pc_runcfg *cfg, struct pc_item_opts *o, struct pc_error *err);
/* investigate measures against the parse windows (parse.min_price, max_price, min_chars). */
void pc_stage_inv_opts(const struct pc_item_opts *item, struct pc_inv_opts *o);
/* curate.*: *weights backs o->weights (free with pc_stage_weights_free(*weights,
 * o->n_weights), also after a failure). */
int pc_stage_curate_opts(const struct pc_runcfg *cfg, struct pc_curate_opts *o,
                         struct pc_weight **weights, struct pc_error *err);
void pc_stage_weights_free(struct pc_weight *ws, size_t n);
/* split.* */
int pc_stage_split_opts(const struct pc_runcfg *cfg, struct pc_split_opts *o, struct pc_error *err);

#endif
