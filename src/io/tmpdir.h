/* Output folders written as a whole: the files go into a temporary sibling folder
 * "<dir>.tmp.<pid>" that is moved into place only when every file is complete, so a full
 * disk, an error or kill -9 never leaves a complete-looking dataset folder that is missing
 * files. Stale temporaries of dead processes are removed when the next writer starts. */
#ifndef PC_IO_TMPDIR_H
#define PC_IO_TMPDIR_H

#include "core/error.h"

struct pc_tmpdir {
    char *dir; /* final folder (owned) */
    char *tmp; /* temporary folder being written (owned); write the files here */
};

/* Removes stale "<dir>.tmp.<pid>" folders of processes that no longer exist, then creates
 * the temporary folder. PC_EIO / PC_ENOMEM with err filled (naming dir). */
int pc_tmpdir_open(struct pc_tmpdir *t, const char *dir, struct pc_error *err);

/* Moves the finished files into dir: when dir does not exist or is empty, the temporary
 * folder is renamed into place in one step; otherwise each entry of the temporary folder
 * replaces the entry of the same name in dir (one rename each; other files in dir are
 * left alone). Releases t. PC_EIO with err filled on failure (the temporary is removed). */
int pc_tmpdir_commit(struct pc_tmpdir *t, struct pc_error *err);

/* Removes the temporary folder and everything in it; releases t. Safe on a zeroed or
 * released t. */
void pc_tmpdir_abort(struct pc_tmpdir *t);

#endif
