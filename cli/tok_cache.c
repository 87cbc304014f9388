/* Where `pricer tokenize` keeps its compiled tokenizer images (the core takes the folder as a
 * parameter and never reads the environment). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char *pc_cli_tok_cache_dir(const char *opt, char *buf, size_t cap)
{
    const char *v = opt && *opt ? opt : getenv("PRICER_TOKENIZER_CACHE");
    if (v && *v) {
        if (!strcmp(v, "off")) return NULL;
        return (size_t)snprintf(buf, cap, "%s", v) < cap ? buf : NULL;
    }
    /* XDG Base Directory: a relative $XDG_CACHE_HOME is invalid and must be ignored. */
    if ((v = getenv("XDG_CACHE_HOME")) && v[0] == '/')
        return (size_t)snprintf(buf, cap, "%s/pricer", v) < cap ? buf : NULL;
    if ((v = getenv("HOME")) && *v)
        return (size_t)snprintf(buf, cap, "%s/.cache/pricer", v) < cap ? buf : NULL;
    return NULL;
}
