/* Where an installed pricer keeps its default tokenizer: PREFIX/share/pricer/, found from
 * the location of the binary holding this code (PREFIX/lib/libpricer.so or PREFIX/bin/...). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tok/tok.h"

/* out = dirname(dirname(bin)) + "/share/pricer/tokenizer.json" when that is a file. */
static int try_binary(const char *bin, char *out, size_t cap)
{
    char dir[PATH_MAX];
    if (!realpath(bin, dir)) return PC_ENOTFOUND;
    for (int up = 0; up < 2; up++) {
        char *slash = strrchr(dir, '/');
        if (!slash) return PC_ENOTFOUND;
        *slash = '\0';
    }
    if ((size_t)snprintf(out, cap, "%s/share/pricer/tokenizer.json", dir) >= cap)
        return PC_ENOTFOUND;
    struct stat st;
    return stat(out, &st) == 0 && S_ISREG(st.st_mode) ? PC_OK : PC_ENOTFOUND;
}

int pc_tok_installed_default(char *out, size_t cap)
{
    Dl_info info;
    if (dladdr((void *)pc_tok_installed_default, &info) && info.dli_fname &&
        strstr(info.dli_fname, ".so") && try_binary(info.dli_fname, out, cap) == PC_OK)
        return PC_OK;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return PC_ENOTFOUND;
    exe[n] = '\0';
    return try_binary(exe, out, cap);
}
