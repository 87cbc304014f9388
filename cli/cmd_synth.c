/* PLACEHOLDER: replaced by the owner of this command. */
#include "cli.h"

int cmd_synth(int argc, char **argv)
{
    return pc_cli_fail("'synth' is not implemented yet");
}
