/* What `pricer run -v` prints beyond the stage lines (nothing unless pc_cli_verbose and not
 * pc_cli_silent). */
#ifndef PC_CLI_RUN_VERBOSE_H
#define PC_CLI_RUN_VERBOSE_H

#include "cli.h"

/* Before the run: every setting not at its default with its source ("(command line)" or
 * "(FILE:LINE)"), the tokenizer asked for and the compiled-image cache folder (NULL: off). */
void pc_run_verbose_settings(const struct pc_runcfg *cfg, const char *tok_cache_dir);

/* After a successful run: from RUNDIR/run.json each input (size, SHA-256 prefix) with its
 * parse outcomes (items/<Category>.stats.json) and each stage (ran/reused, wall, CPU, peak
 * memory). A file that cannot be read is named, not fatal. */
void pc_run_verbose_record(const char *rundir);

#endif
