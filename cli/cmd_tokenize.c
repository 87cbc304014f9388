/* PLACEHOLDER: replaced by the owner of this command. */
#include "cli.h"

int cmd_tokenize(int argc, char **argv)
{
    return pc_cli_fail("'tokenize' is not implemented yet");
}
