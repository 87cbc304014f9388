/* Reading a whole (small) file into memory: configs, statistics, run records, plans. */
#ifndef PC_IO_SLURP_H
#define PC_IO_SLURP_H

#include <stdio.h>

#include "core/buf.h"

/* Appends the bytes of the file at path to b (whose cap, if any, bounds the size).
 * PC_OK; PC_EIO when it cannot be opened or read (errno as the failing call left it);
 * PC_ENOMEM / PC_ETOOBIG from pc_buf_append (b then holds a prefix). */
int pc_read_file(const char *path, struct pc_buf *b);

/* The same for an open stream, read to its end (not closed). PC_EIO on a read error. */
int pc_read_stream(FILE *f, struct pc_buf *b);

#endif
