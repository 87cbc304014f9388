/* The option reader shared by every command line that pricer reads (issue 10, "One command
 * line"): the CLI's commands (cli/opts.h prints its errors) and `pricer run`'s arguments read
 * by the library itself (settings/run_args.h, for the CLI and the Python package alike). Each
 * command has one table of its options; the same rules hold for every table:
 *   --name VALUE, --name=VALUE, -n VALUE, -nVALUE;
 *   grouped short flags (-qv; a value-taking letter ends the group and takes the rest or the
 *   next argument: -qj2, -qj 2);
 *   "--" ends the options (later arguments are operands, even "-x");
 *   "-" alone is an operand (standard input or output);
 *   no abbreviations: a long option is spelled in full (an unambiguous prefix is refused with
 *   "did you mean" naming the full option, so the spelling in scripts never breaks when an
 *   option is added later).
 * Options that are settings name the key in src/settings ("section.key"): the range of their
 * integer values comes from that table. Never prints: errors are values (struct pc_error with
 * the message a shell prints after "pricer CMD: "). */
#ifndef PC_SETTINGS_OPTPARSE_H
#define PC_SETTINGS_OPTPARSE_H

#include <stddef.h>

#include "core/error.h"
#include "settings/settings.h"

/* FLAG takes no value; VALUE takes one; LIST takes one or more: the arguments after it up
 * to the next one starting with '-' (each is returned as a separate occurrence); OPTIONAL
 * takes a value only when attached ("--name=VALUE"; "--name" alone gives value NULL, and the
 * next argument is never taken: "--help-config[=markdown]", "--balance[=false]"). */
enum pc_opt_kind { PC_OPT_FLAG, PC_OPT_VALUE, PC_OPT_LIST, PC_OPT_OPTIONAL };

/* Help text of an option that works but is not listed by --help (options generated from a
 * table, described together in the command's text): help = pc_opt_unlisted. Unlisted options
 * are still suggested after a typo. */
extern const char pc_opt_unlisted[];

/* One option. id > 0 is what pc_opts_read returns for it. */
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

/* The reading state of one argument vector. Holds pointers into argv and the table: both must
 * outlive it. */
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

/* The entry of the settings table that o names (o->setting), or NULL. */
const struct pc_runopt_def *pc_opt_setting(const struct pc_opt *o);

/* Starts reading argv[1..argc-1] of command c (pc_opts_init again to read them twice). */
void pc_opts_init(struct pc_opts *s, const struct pc_opt_cmd *c, int argc, char **argv);

/* The next option's id (s->value set for VALUE options), PC_OPTS_OPERAND (s->value is the
 * operand), PC_OPTS_END, or PC_OPTS_ERROR with err (may be NULL) set to PC_EINVAL and the
 * message: "unknown option '--slot-c'; did you mean '--slot-cap'?", "option '-o' needs a
 * value", "option '--force' takes no value", "bad value for '-j': '999' (an integer in
 * 0..256)". -h/--help is returned like any flag. */
int pc_opts_read(struct pc_opts *s, struct pc_error *err);

/* The message "bad value for '--seed': 'x'" for the option just read; returns PC_EINVAL. */
int pc_opts_bad_value_error(const struct pc_opts *s, struct pc_error *err);

/* The candidate closest to word (a typo within 1-3 edits depending on length, or a prefix
 * of 3 or more characters), or NULL. The first of equally close candidates wins. */
const char *pc_opts_suggest(const char *word, const char *const *cands, size_t n_cands);

/* The message "unknown option '--ouput'; did you mean '--output'?" for arg (cut at '='), the
 * candidates being every "--name" or "-x" that starts a word of names (a command's help text
 * or its option list); no suggestion for a short option. Returns PC_EINVAL. */
int pc_opts_unknown_error(const char *arg, const char *names, struct pc_error *err);

#endif
