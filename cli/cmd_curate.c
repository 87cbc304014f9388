/* PLACEHOLDER: replaced by the owner of this command. */
#include "cli.h"

int cmd_curate(int argc, char **argv)
{
    return pc_cli_fail("'curate' is not implemented yet");
}
