/* PLACEHOLDER: replaced by the owner of this command. */
#include "cli.h"

int cmd_run(int argc, char **argv)
{
    return pc_cli_fail("'run' is not implemented yet");
}
