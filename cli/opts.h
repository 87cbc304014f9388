/* One option parser for every command (issue 10, "One command line"). Each command has one
 * table of its options; the same rules hold in every command that uses it:
 *   --name VALUE, --name=VALUE, -n VALUE, -nVALUE;
 *   grouped short flags (-qv; a value-taking letter ends the group and takes the rest or the
 *   next argument: -qj2, -qj 2);
 *   "--" ends the options (later arguments are operands, even "-x");
 *   "-" alone is an operand (standard input or output);
 *   no abbreviations: a long option is spelled in full (an unambiguous prefix is refused with
 *   "did you mean" naming the full option, so the spelling in scripts never breaks when an
 *   option is added later).
 * Options that are settings name the key in src/settings ("section.key"): their help line
 * (with the default) and the range of integer values come from that table. --help is
 * generated from the table. */
#ifndef PC_CLI_OPTS_H
#define PC_CLI_OPTS_H

#include <stdio.h>

/* FLAG takes no value; VALUE takes one; LIST takes one or more: the arguments after it up
 * to the next one starting with '-' (each is returned as a separate occurrence); OPTIONAL
 * takes a value only when attached ("--name=VALUE"; "--name" alone gives value NULL, and the
 * next argument is never taken: "--help-config[=markdown]", "--balance[=false]"). */
enum pc_opt_kind { PC_OPT_FLAG, PC_OPT_VALUE, PC_OPT_LIST, PC_OPT_OPTIONAL };

/* Help text of an option that works but is not listed by --help (options generated from a
 * table, described together in the command's text): help = pc_opt_unlisted. Unlisted options
 * are still suggested after a typo. */
extern const char pc_opt_unlisted[];

/* One option. id > 0 is what pc_opts_next returns for it. */
struct pc_opt {
    int id;
    char letter;         /* short letter, or 0 */
    const char *name;    /* long name without "--", or NULL */
    int kind;            /* enum pc_opt_kind */
    const char *arg;     /* the value's placeholder in help ("N", "FILE"), VALUE options */
    const char *help;    /* help text; '\n' starts a continuation line; NULL: from setting */
    const char *setting; /* "section.key" of src/settings (section "" = top level), or NULL */
};

/* A command's option table and the text around the generated option list. The table ends
 * with an entry whose id is 0. */
struct pc_opt_cmd {
    const char *cmd;  /* "split" */
    const char *head; /* usage line and description, printed before the options */
    const char *tail; /* printed after the options, or NULL */
    const struct pc_opt *opts;
};

enum { PC_OPTS_END = 0, PC_OPTS_OPERAND = -1, PC_OPTS_ERROR = -2 };

struct pc_opts {
    const struct pc_opt_cmd *c;
    int argc, i;
    char **argv;
    const char *group;        /* rest of a short-flag group being read, or NULL */
    int only_operands;        /* after "--" */
    int list_id;              /* the LIST option whose values are being read, or 0 */
    const char *value;        /* the value (VALUE option) or the operand */
    const struct pc_opt *opt; /* the table entry of the option just returned, or NULL */
    char spelled[64];         /* the option as written, for messages ("--seed", "-j") */
};

/* Starts reading argv[1..argc-1] of command c (pc_opts_init again to read them twice). */
void pc_opts_init(struct pc_opts *s, const struct pc_opt_cmd *c, int argc, char **argv);

/* The next option's id (s->value set for VALUE options), PC_OPTS_OPERAND (s->value is the
 * operand), PC_OPTS_END, or PC_OPTS_ERROR after printing a usage error (unknown option with
 * a suggestion, missing value, value out of a setting's range): exit with PC_EXIT_USAGE.
 * -h/--help is handled by the caller like any flag (see pc_opts_help). */
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
