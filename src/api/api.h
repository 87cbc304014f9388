/* Helpers shared by the public API shims in src/api/; internal. */
#ifndef PC_API_API_H
#define PC_API_API_H

#include "core/error.h"
#include "pricer/error.h"

/* Copies an internal error into a public one (out may be NULL); returns e->code or rc. */
int pc_api_error(struct pricer_error *out, const struct pc_error *e, int rc);

#endif
