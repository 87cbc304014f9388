/* Whole-file reads (see slurp.h). */
#include "io/slurp.h"

#include <errno.h>
#include <stdio.h>

#include "core/error.h"

int pc_read_file(const char *path, struct pc_buf *b)
{
    FILE *f = fopen(path, "rb");
    if (!f) return PC_EIO;
    char chunk[65536];
    size_t n;
    int rc = PC_OK;
    while (!rc && (n = fread(chunk, 1, sizeof chunk, f)) > 0) rc = pc_buf_append(b, chunk, n);
    int e = errno;
    if (!rc && ferror(f)) rc = PC_EIO;
    fclose(f);
    errno = e;
    return rc;
}
