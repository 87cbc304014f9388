/* What settings.c shares with settings_yaml.c (not part of the settings interface). */
#ifndef PC_SETTINGS_INT_H
#define PC_SETTINGS_INT_H

#include "core/error.h"
#include "settings/settings.h"

/* Frees v's values and leaves it empty. */
void pc_runval_clear(struct pc_runval *v);

/* Checks s against d's type and range (err names the key) and appends it to v; a relative
 * path of a PATH/PATHS setting is taken relative to base_dir (NULL: as is). PC_EINVAL,
 * PC_ENOMEM. */
int pc_runval_push_checked(struct pc_runval *v, const struct pc_runopt_def *d, const char *s,
                           const char *base_dir, struct pc_error *err);

#endif
