#define _XOPEN_SOURCE 700 /* nftw */
#include "io/tmpdir.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *f)
{
    (void)sb;
    (void)f;
    if (flag == FTW_DP)
        rmdir(p);
    else
        unlink(p);
    return 0;
}

static void rm_rf(const char *path)
{
    nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Splits path into its parent folder and base name (both owned by the caller). */
static int split_path(const char *path, char **parent, char **base)
{
    const char *slash = strrchr(path, '/');
    *parent = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
    *base = strdup(slash ? slash + 1 : path);
    if (*parent && *base) return PC_OK;
    free(*parent);
    free(*base);
    return PC_ENOMEM;
}

static void remove_stale(const char *dir)
{
    char *parent, *base;
    if (split_path(dir, &parent, &base)) return;
    size_t bl = strlen(base);
    DIR *d = opendir(parent);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        const char *nm = e->d_name;
        if (strncmp(nm, base, bl) != 0 || strncmp(nm + bl, ".tmp.", 5) != 0) continue;
        char *end;
        long pid = strtol(nm + bl + 5, &end, 10);
        if (*end || end == nm + bl + 5 || pid <= 0) continue;
        if (pid != (long)getpid() && (kill((pid_t)pid, 0) == 0 || errno != ESRCH)) continue;
        size_t n = strlen(parent) + strlen(nm) + 2;
        char *p = malloc(n);
        if (p) {
            snprintf(p, n, "%s/%s", parent, nm);
            rm_rf(p);
            free(p);
        }
    }
    if (d) closedir(d);
    free(parent);
    free(base);
}

static void release(struct pc_tmpdir *t)
{
    free(t->dir);
    free(t->tmp);
    t->dir = t->tmp = NULL;
}

int pc_tmpdir_open(struct pc_tmpdir *t, const char *dir, struct pc_error *err)
{
    memset(t, 0, sizeof *t);
    struct stat st;
    if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode))
        return pc_error_set(err, PC_EIO, "'%s' exists and is not a directory", dir);
    size_t len = strlen(dir);
    while (len > 1 && dir[len - 1] == '/') len--; /* "out/" -> "out" */
    size_t n = len + 32;
    t->dir = strndup(dir, len);
    t->tmp = malloc(n);
    if (!t->dir || !t->tmp) {
        release(t);
        return pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    snprintf(t->tmp, n, "%s.tmp.%ld", t->dir, (long)getpid());
    remove_stale(t->dir);
    if (mkdir(t->tmp, 0777) != 0) {
        int e = errno;
        pc_error_set(err, PC_EIO, "cannot create directory '%s': %s", t->tmp, strerror(e));
        release(t);
        return PC_EIO;
    }
    return PC_OK;
}

int pc_tmpdir_commit(struct pc_tmpdir *t, struct pc_error *err)
{
    if (!t->tmp) return pc_error_set(err, PC_EINVAL, "folder writer is not open");
    rmdir(t->dir); /* only succeeds when empty */
    if (rename(t->tmp, t->dir) == 0) {
        release(t);
        return PC_OK;
    }
    int rename_errno = errno;
    struct stat ds;
    if (stat(t->dir, &ds) != 0 || !S_ISDIR(ds.st_mode)) { /* not an existing folder ("." is) */
        pc_error_set(err, PC_EIO, "cannot rename '%s' to '%s': %s", t->tmp, t->dir,
                     strerror(rename_errno));
        pc_tmpdir_abort(t);
        return PC_EIO;
    }
    /* dir holds other files: replace entry by entry */
    DIR *d = opendir(t->tmp);
    struct dirent *e;
    int rc = d ? PC_OK : PC_EIO;
    if (!d) pc_error_set(err, PC_EIO, "cannot read '%s': %s", t->tmp, strerror(errno));
    while (!rc && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        size_t n = strlen(t->dir) + strlen(t->tmp) + 2 * strlen(e->d_name) + 4;
        char *from = malloc(n), *to = malloc(n);
        if (!from || !to) {
            rc = pc_error_set(err, PC_ENOMEM, "out of memory");
        } else {
            snprintf(from, n, "%s/%s", t->tmp, e->d_name);
            snprintf(to, n, "%s/%s", t->dir, e->d_name);
            struct stat sf, stt;
            /* a sub-folder (data/) whose target exists: replace that folder's files too */
            if (stat(from, &sf) == 0 && S_ISDIR(sf.st_mode) && stat(to, &stt) == 0 &&
                S_ISDIR(stt.st_mode)) {
                struct pc_tmpdir sub = {strdup(to), strdup(from)};
                if (!sub.dir || !sub.tmp) {
                    free(sub.dir);
                    free(sub.tmp);
                    rc = pc_error_set(err, PC_ENOMEM, "out of memory");
                } else {
                    rc = pc_tmpdir_commit(&sub, err);
                }
            } else if (rename(from, to) != 0) {
                int er = errno;
                rc = pc_error_set(err, PC_EIO, "cannot rename '%s' to '%s': %s", from, to,
                                  strerror(er));
            }
        }
        free(from);
        free(to);
    }
    if (d) closedir(d);
    pc_tmpdir_abort(t);
    return rc;
}

void pc_tmpdir_abort(struct pc_tmpdir *t)
{
    if (t->tmp) rm_rf(t->tmp);
    release(t);
}
