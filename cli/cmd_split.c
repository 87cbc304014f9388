/* PLACEHOLDER: replaced by the owner of this command. */
#include "cli.h"

int cmd_split(int argc, char **argv)
{
    return pc_cli_fail("'split' is not implemented yet");
}
