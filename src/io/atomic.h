/* Atomic output files: write to "<path>.tmp.<pid>" in the same folder, then fsync and rename
 * into place on commit, so a crash or Ctrl-C never leaves a half-written file that looks
 * complete. The path "-" means standard output (commit just flushes). A path that is not a
 * regular file (a character device, a FIFO, /dev/stdout, or a symbolic link to one) is
 * written in place. A symbolic link to a regular file keeps the link: the file it points to
 * is replaced atomically. One owner per writer; writers in different threads are safe. */
#ifndef PC_IO_ATOMIC_H
#define PC_IO_ATOMIC_H

#include <stdint.h>
#include <stdio.h>

#include "core/error.h"

struct pc_atomic {
    FILE *fp;       /* write here between open and commit/abort */
    char *path;     /* final path (owned) */
    char *tmp_path; /* temporary path (owned), NULL for stdout */
};

/* Opens a temporary file beside path, first removing stale "<path>.tmp.<pid>" files whose
 * process no longer exists (left by kill -9). PC_EIO with err filled (naming path) on
 * failure. */
int pc_atomic_open(struct pc_atomic *w, const char *path, struct pc_error *err);

/* Flushes, fsyncs, closes and renames into place; releases w. PC_EIO on any failure (the
 * temporary file is then removed). */
int pc_atomic_commit(struct pc_atomic *w, struct pc_error *err);

/* Closes and removes the temporary file; releases w. Safe on a zeroed or released w. */
void pc_atomic_abort(struct pc_atomic *w);

/* Writes data[0..len) to path through a temporary file renamed into place. */
int pc_atomic_write(const char *path, const void *data, size_t len, struct pc_error *err);

/* 1 when w writes a temporary regular file, which pc_atomic_pwrite can fill at any offset;
 * 0 for standard output and files written in place (devices, FIFOs). */
int pc_atomic_positioned(const struct pc_atomic *w);

/* Writes data[0..len) at byte offset off of w's temporary file (retried until complete), for
 * writers filling a file out of order. Thread-safe for distinct ranges; do not mix with
 * writes through w->fp (buffered). PC_EINVAL when !pc_atomic_positioned(w); PC_EIO naming
 * the file. */
int pc_atomic_pwrite(struct pc_atomic *w, const void *data, size_t len, uint64_t off,
                     struct pc_error *err);

/* Removes every temporary file this process still has open (for signal handlers: only
 * async-signal-safe calls; lock-free). Any number of writers is tracked. */
void pc_atomic_cleanup_all(void);

#endif
