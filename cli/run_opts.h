/* What `pricer run` prints about its settings. The command line itself is read by the library
 * (src/settings/run_args.h: run's option table, the options generated from the settings table,
 * and the run's resolved options), the same reader the Python package uses. */
#ifndef PC_CLI_RUN_OPTS_H
#define PC_CLI_RUN_OPTS_H

#include "cli.h"

/* Every setting of the table on standard output: text for --help-config, or with markdown
 * the table of docs/settings.md (tests/cli/test_settings.sh checks the file matches). */
void pc_run_help_config(int markdown);

#endif
