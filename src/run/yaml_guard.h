/* Guards for the run configuration's YAML (issue 10): numbers whose meaning differs between
 * readers are refused, and nesting is limited before libyaml builds its tree (libyaml takes
 * quadratic time on very deep flow nesting). Kept apart from runcfg.c so the loader can
 * change around two one-line hooks. */
#ifndef PC_RUN_YAML_GUARD_H
#define PC_RUN_YAML_GUARD_H

#include <stddef.h>

#include "core/error.h"

/* Deepest mapping/sequence nesting a configuration may have (the real layout needs 3). */
#define PC_YAML_MAX_DEPTH 32

/* Why the integer text s is ambiguous or not canonical, or NULL when it is plain decimal
 * digits without leading zeros ("0", "160"). "0160" (octal in YAML 1.1, 160 to strtol,
 * invalid JSON), "+5", " 5", "0x10", "1_000" are refused. */
const char *pc_yaml_guard_int(const char *s);

/* Same for a decimal number (optional '-', digits with an optional fraction and exponent):
 * NULL when unambiguous; refuses leading zeros ("007.5"), hexadecimal, and forms JSON
 * does not have (".5", "5.", "+1"). */
const char *pc_yaml_guard_num(const char *s);

/* Scans text (name for messages) with libyaml's event parser and fails with PC_EFORMAT at
 * NAME:LINE when mappings/sequences nest deeper than max_depth, without reading further.
 * Returns PC_OK otherwise (syntax errors are left to the real load, which reports them). */
int pc_yaml_guard_depth(const char *text, size_t n, const char *name, int max_depth,
                        struct pc_error *err);

#endif
