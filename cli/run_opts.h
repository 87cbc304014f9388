/* The command line of `pricer run` on the shared option parser (cli/opts.h): run's own option
 * table (cli/cmd_run.c) followed by options generated from the one settings table
 * (src/settings/settings.c), so every setting is an option without a hand-written line:
 *   --KEY VALUE           KEY with '-' for '_' (--min-chars 300); a key found in several
 *                         sections sets all of them (--seed: curate.seed and split.seed)
 *   --SECTION-KEY VALUE   one section only (--curate-seed 7, --split-seed 7)
 *   --format, --weight    the singular spellings of formats and weights (repeatable)
 *   --KEY[=BOOL], --no-KEY  booleans (--no-balance, --allow-short, --report=false)
 * A table entry of run whose `setting` names a key ("jobs", "data_dir") is a settings option
 * too; its name is then not generated again. */
#ifndef PC_CLI_RUN_OPTS_H
#define PC_CLI_RUN_OPTS_H

#include "cli.h"
#include "opts.h"

/* run's table `fixed` (ends with id 0) followed by the generated settings options, each with
 * id gen_id (they are told apart by pc_run_opts_apply, through s->opt). Static storage, built
 * once; NULL if the table does not fit (a programming error: raise RUN_OPTS_MAX). */
const struct pc_opt *pc_run_opts_table(const struct pc_opt *fixed, int gen_id);

/* 1 when o (an entry of the table above) sets a setting. */
int pc_run_opts_is_setting(const struct pc_opt *o);

/* Sets the setting(s) of the option just read by s into cfg. PC_EXIT_OK, or PC_EXIT_USAGE
 * after the message ("pricer run: --train: split.train: 'x' is not a non-negative integer"). */
int pc_run_opts_apply(struct pc_runcfg *cfg, const struct pc_opts *s);

/* --set SECTION.KEY=VALUE (or KEY=VALUE for top-level keys). PC_EXIT_OK or PC_EXIT_USAGE. */
int pc_run_opts_set_kv(struct pc_runcfg *cfg, const char *kv);

/* Every setting of the table on standard output: text for --help-config, or with markdown
 * the table of docs/settings.md (tests/cli/test_settings.sh checks the file matches). */
void pc_run_help_config(int markdown);

#endif
