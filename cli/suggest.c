/* "Did you mean" suggestions for unknown commands and options (issue 10): the library's
 * (src/settings/optparse.h), printed. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "settings/optparse.h"

int pc_cli_unknown_option(const char *cmd, const char *arg, const char *help)
{
    struct pc_error err;
    pc_error_clear(&err);
    pc_opts_unknown_error(arg, help, &err);
    return pc_cli_usage(cmd, "%s", err.message);
}

int pc_cli_getopt_error(const char *cmd, char **argv, const char *optstring, const char *help)
{
    const char *arg = optind > 0 ? argv[optind - 1] : "";
    if (optopt == 0) return pc_cli_unknown_option(cmd, arg, help); /* unknown --long */
    if (optopt < 256 && strchr(optstring, optopt)) {
        if (arg[0] == '-' && arg[1] == '-')
            return pc_cli_usage(cmd, "option '%s' needs a value", arg);
        return pc_cli_usage(cmd, "option '-%c' needs a value", optopt);
    }
    if (optopt >= 256 || (arg[0] == '-' && arg[1] == '-'))
        return pc_cli_usage(cmd, "option '%s' needs a value", arg);
    char s[3] = {'-', (char)optopt, '\0'};
    return pc_cli_unknown_option(cmd, s, help);
}
