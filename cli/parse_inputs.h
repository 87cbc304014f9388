/* Inputs of `pricer parse` / `pricer investigate`: opening files (or '-') as byte streams,
 * their categories from meta_<Category>.jsonl names, and the human / JSON summaries. */
#ifndef PC_CLI_PARSE_INPUTS_H
#define PC_CLI_PARSE_INPUTS_H

#include <stdio.h>

#include "cli.h"
#include "item/category.h"

struct pc_inputs {
    struct pc_parse_input *inputs;
    int n;
    char **categories;          /* owned */
    struct pc_reader **readers; /* owned */
    uint64_t total_bytes;       /* sum of file sizes (0 when unknown, e.g. stdin) */
};

/* The category of a path: pc_category_from_path (item/category.h, the library's one rule). */

/* Opens every path ('-' = stdin). category overrides the name rule. On failure prints the
 * message and returns an exit code (usage error when a category is unknown). */
int pc_inputs_open(struct pc_inputs *ins, char **paths, int n, const char *category,
                   const char *cmd);
void pc_inputs_close(struct pc_inputs *ins);

/* The always-printed summary table of a parse run (note: e.g. "(incomplete)" or NULL). */
void pc_inputs_summary(const struct pc_inputs *ins, const struct pc_parse_stats *st, FILE *f,
                       const char *note);

/* Writes the summary as JSON to path (atomically). */
int pc_inputs_stats_json(const struct pc_inputs *ins, const struct pc_parse_stats *st,
                         const struct pc_item_opts *opts, const char *path, struct pc_error *err);

#endif
