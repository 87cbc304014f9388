/* Whole-file reads (see slurp.h). */
#include "io/slurp.h"

#include <errno.h>
#include <stdio.h>

#include "core/error.h"

int pc_read_stream(FILE *f, struct pc_buf *b)
{
    char chunk[65536];
    size_t n;
    int rc = PC_OK;
    while (!rc && (n = fread(chunk, 1, sizeof chunk, f)) > 0) rc = pc_buf_append(b, chunk, n);
    return !rc && ferror(f) ? PC_EIO : rc;
}

int pc_read_file(const char *path, struct pc_buf *b)
{
    FILE *f = fopen(path, "rb");
    if (!f) return PC_EIO;
    int rc = pc_read_stream(f, b);
    int e = errno;
    fclose(f);
    errno = e;
    return rc;
}
