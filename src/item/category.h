/* The category of an input file from its name, as the reference names its files:
 * ".../meta_<Category>.jsonl" (optionally compressed: ".jsonl.gz" ...): the name between
 * "meta_" and the first '.', with ".jsonl" after it. One rule for the CLI, the pipeline and
 * the public API. Pure functions, thread-safe. */
#ifndef PC_ITEM_CATEGORY_H
#define PC_ITEM_CATEGORY_H

#include <stddef.h>

/* Writes the category of path into out (cap bytes, NUL-terminated). Returns 0, or -1 when the
 * name does not follow the rule or the category does not fit. */
int pc_category_of(const char *path, char *out, size_t cap);

/* The same as a new string (the caller frees it); NULL when the name does not match or on
 * allocation failure. */
char *pc_category_from_path(const char *path);

#endif
