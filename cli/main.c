/* pricer: entry point and the command table. */
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "opts.h"

int cmd_tokenize(int argc, char **argv);
int cmd_investigate(int argc, char **argv);
int cmd_parse(int argc, char **argv);
int cmd_curate(int argc, char **argv);
int cmd_split(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_assess(int argc, char **argv);
int cmd_synth(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_fetch(int argc, char **argv);
int cmd_eval(int argc, char **argv);

const struct pc_command pc_commands[] = {
    {"run", cmd_run, "run the whole pipeline (investigate, parse, curate, split, save, report)"},
    {"fetch", cmd_fetch, "download and verify the official Amazon Reviews 2023 raw files"},
    {"investigate", cmd_investigate, "first look at raw meta_<Category>.jsonl files"},
    {"parse", cmd_parse, "turn raw records into items with prompts (reference rules)"},
    {"curate", cmd_curate, "balance items over price slots (numpy-exact sampling)"},
    {"split", cmd_split, "shuffle and split a sample into train/test and export it"},
    {"report", cmd_report, "write an HTML report with charts of every stage"},
    {"assess", cmd_assess, "data-quality findings: duplicates, leakage, truncation, outliers"},
    {"eval", cmd_eval, "score price predictions on a test split as the course's Tester does"},
    {"tokenize", cmd_tokenize, "encode, decode or count tokens with a tokenizer.json"},
    {"synth", cmd_synth, "write a synthetic demo catalogue in the official line format"},
    {NULL, NULL, NULL},
};

int pc_cli_quiet = 0;
int pc_cli_silent = 0;
int pc_cli_verbose = 0;
static int quiet_env; /* PRICER_QUIET=1 */

void pc_cli_set_quiet(void)
{
    pc_cli_quiet = pc_cli_silent = 1;
    pc_cli_verbose = 0;
}

void pc_cli_set_verbose(void)
{
    pc_cli_verbose = 1;
    pc_cli_silent = 0;
    pc_cli_quiet = quiet_env;
}

const struct pc_command *pc_cli_find(const char *name)
{
    for (const struct pc_command *c = pc_commands; c->name; c++)
        if (strcmp(c->name, name) == 0) return c;
    return NULL;
}

static void usage(FILE *f)
{
    fprintf(f,
            "usage: pricer [--version] [--help] [-q|--quiet] [-v|--verbose] <command> [<args>]\n\n"
            "Turns product-catalogue metadata (Amazon Reviews 2023 meta_<Category>.jsonl)\n"
            "into balanced, token-limited price-prediction training data.\n\n"
            "commands:\n");
    for (const struct pc_command *c = pc_commands; c->name; c++)
        fprintf(f, "  %-12s %s\n", c->name, c->summary);
    fprintf(f, "\nsee 'pricer <command> --help' for the options of one command\n");
}

static void on_signal(int sig)
{
    pc_atomic_cleanup_all();
    pc_opts_spool_cleanup();
    signal(sig, SIG_DFL);
    raise(sig);
}

int main(int argc, char **argv)
{
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    /* A closed pipe (pricer parse ... -o - | head -1) ends the program quietly, as it does
     * for cat: temporaries are removed and the default action (death by SIGPIPE, no
     * message) follows. */
    signal(SIGPIPE, on_signal);
    const char *q = getenv("PRICER_QUIET");
    if (q && *q && strcmp(q, "0") != 0) pc_cli_quiet = quiet_env = 1;

    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return PC_EXIT_OK;
        } else if (!strcmp(argv[i], "--version")) {
            printf("pricer %s\n", PRICER_VERSION);
            return PC_EXIT_OK;
        } else if (!strcmp(argv[i], "--quiet") || !strcmp(argv[i], "-q")) {
            pc_cli_set_quiet();
        } else if (!strcmp(argv[i], "--verbose") || !strcmp(argv[i], "-v")) {
            pc_cli_set_verbose();
        } else {
            fprintf(stderr, "pricer: unknown option '%s'\n", argv[i]);
            usage(stderr);
            return PC_EXIT_USAGE;
        }
    }
    if (i >= argc) {
        usage(stderr);
        return PC_EXIT_USAGE;
    }
    const struct pc_command *c = pc_cli_find(argv[i]);
    if (!c) {
        const char *names[32];
        size_t n = 0;
        for (const struct pc_command *k = pc_commands; k->name && n < 32; k++) names[n++] = k->name;
        const char *s = pc_opts_suggest(argv[i], names, n);
        if (s)
            fprintf(stderr, "pricer: '%s' is not a pricer command; did you mean '%s'?\n", argv[i],
                    s);
        else
            fprintf(stderr, "pricer: '%s' is not a pricer command; see 'pricer --help'\n", argv[i]);
        return PC_EXIT_USAGE;
    }
    return c->run(argc - i, argv + i);
}
