/* PLACEHOLDER: replaced by the owner of this command. */
#include "cli.h"

int cmd_report(int argc, char **argv)
{
    return pc_cli_fail("'report' is not implemented yet");
}
