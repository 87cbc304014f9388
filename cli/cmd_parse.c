/* PLACEHOLDER: replaced by the owner of this command. */
#include "cli.h"

int cmd_parse(int argc, char **argv)
{
    return pc_cli_fail("'parse' is not implemented yet");
}
