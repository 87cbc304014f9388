/* One option parser for every command (issue 10, "One command line"). The reader and its
 * rules are the library's (src/settings/optparse.h: tables, grouped short flags, "--", no
 * abbreviations, errors as values); this file adds what a command-line program does with
 * them: print the usage error, print the generated --help, spool standard input. */
#ifndef PC_CLI_OPTS_H
#define PC_CLI_OPTS_H

#include <stdio.h>

#include "settings/optparse.h"

/* pc_opts_read (pc_opts_init starts it), printing the usage error "pricer CMD: MESSAGE" when
 * it returns PC_OPTS_ERROR (unknown option with a suggestion, missing value, value out of a
 * setting's range): exit with PC_EXIT_USAGE. -h/--help is handled by the caller like any flag
 * (see pc_opts_help). */
int pc_opts_next(struct pc_opts *s);

/* Prints the generated help of c to f. */
void pc_opts_help(const struct pc_opt_cmd *c, FILE *f);

/* Usage error "bad value for '--seed': 'x'" for the option just read; PC_EXIT_USAGE. */
int pc_opts_bad_value(const struct pc_opts *s);

/* Spools standard input to a temporary file (removed at exit, and on SIGINT/SIGTERM through
 * the atomic cleanup) and returns its path, for commands that read their input by offsets.
 * NULL with a message printed on failure. */
const char *pc_opts_spool_stdin(const char *cmd);

/* Removes the spooled copy now (signal handlers; at exit it is removed anyway). */
void pc_opts_spool_cleanup(void);

#endif
