/* The run folder: its lock, stale temporary files, recursive listing and removal. Internal
 * to src/pipeline/. */
#ifndef PC_PIPELINE_RUNDIR_H
#define PC_PIPELINE_RUNDIR_H

#include <stddef.h>

#include "core/error.h"

/* Creates dir and its parents. PC_EIO naming the folder. */
int pc_rundir_mkdir_p(const char *dir, struct pc_error *err);

/* Takes RUNDIR/.lock (flock, non-blocking) and writes our PID into it. *fd receives the
 * lock's descriptor. PC_EBUSY when another process holds it: the message names its PID. */
int pc_rundir_lock(const char *rundir, int *fd, struct pc_error *err);
/* Removes the lock file and releases the lock. */
void pc_rundir_unlock(const char *rundir, int fd);

/* Removes every entry named "*.tmp.*" (files or folders) in rundir and in its subfolders
 * items/ and report_files/: leftovers of a killed run (the caller holds the lock, so none
 * belongs to a live run). Returns how many were removed. */
int pc_rundir_remove_stale(const char *rundir);

/* Removes path recursively (file or folder); missing is fine. */
void pc_rundir_rm_rf(const char *path);

/* A growable list of owned strings. */
struct pc_strlist {
    char **v;
    size_t n, cap;
};
int pc_strlist_push(struct pc_strlist *l, const char *s);
void pc_strlist_release(struct pc_strlist *l);

/* Appends the regular files under rundir/rel (rel itself when it is a file; folders
 * recursively, sorted by name) as paths relative to rundir. -1 when rel does not exist. */
int pc_rundir_list(const char *rundir, const char *rel, struct pc_strlist *out);

#endif
