/* PLACEHOLDER: replaced by the owner of this command. */
#include "cli.h"

int cmd_investigate(int argc, char **argv)
{
    return pc_cli_fail("'investigate' is not implemented yet");
}
