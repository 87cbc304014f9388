/* PLACEHOLDER: replaced by the owner of this command. */
#include "cli.h"

int cmd_assess(int argc, char **argv)
{
    return pc_cli_fail("'assess' is not implemented yet");
}
