/* Run folder helpers (see rundir.h). */
#define _GNU_SOURCE
#include "pipeline/rundir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

int pc_rundir_mkdir_p(const char *dir, struct pc_error *err)
{
    char tmp[4096];
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof tmp) return pc_error_set(err, PC_EINVAL, "bad folder name '%s'", dir);
    memcpy(tmp, dir, n + 1);
    for (size_t i = 1; i <= n; i++)
        if (tmp[i] == '/' || tmp[i] == '\0') {
            char c = tmp[i];
            tmp[i] = '\0';
            if (mkdir(tmp, 0777) != 0 && errno != EEXIST)
                return pc_error_set(err, PC_EIO, "cannot create folder '%s': %s", tmp,
                                    strerror(errno));
            tmp[i] = c;
        }
    return PC_OK;
}

int pc_rundir_lock(const char *rundir, int *fd, struct pc_error *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/.lock", rundir);
    int f = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (f < 0) return pc_error_set(err, PC_EIO, "cannot create '%s': %s", path, strerror(errno));
    if (flock(f, LOCK_EX | LOCK_NB) != 0) {
        char buf[32] = "";
        ssize_t k = pread(f, buf, sizeof buf - 1, 0);
        buf[k > 0 ? k : 0] = '\0';
        buf[strcspn(buf, "\n")] = '\0';
        close(f);
        return pc_error_set(err, PC_EBUSY,
                            "'%s' is in use by another pricer run (PID %s); wait for it or "
                            "choose another folder",
                            rundir, buf[0] ? buf : "unknown");
    }
    char pid[32];
    int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(f, 0) != 0 || pwrite(f, pid, (size_t)n, 0) != n) {
        close(f);
        return pc_error_set(err, PC_EIO, "cannot write '%s': %s", path, strerror(errno));
    }
    *fd = f;
    return PC_OK;
}

void pc_rundir_unlock(const char *rundir, int fd)
{
    if (fd < 0) return;
    char path[4200];
    snprintf(path, sizeof path, "%s/.lock", rundir);
    unlink(path);
    close(fd);
}

static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(p);
}

void pc_rundir_rm_rf(const char *path)
{
    nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int remove_stale_in(const char *dir)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort), removed = 0;
    for (int i = 0; i < n; i++) {
        if (strstr(names[i]->d_name, ".tmp.")) {
            char p[4400];
            snprintf(p, sizeof p, "%s/%s", dir, names[i]->d_name);
            pc_rundir_rm_rf(p);
            removed++;
        }
        free(names[i]);
    }
    if (n > 0) free(names);
    return removed;
}

int pc_rundir_remove_stale(const char *rundir)
{
    static const char *const subs[] = {"items", "report_files"};
    int removed = remove_stale_in(rundir);
    for (size_t i = 0; i < sizeof subs / sizeof *subs; i++) {
        char p[4200];
        snprintf(p, sizeof p, "%s/%s", rundir, subs[i]);
        removed += remove_stale_in(p);
    }
    return removed;
}

int pc_strlist_push(struct pc_strlist *l, const char *s)
{
    if (l->n + 2 > l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        char **v = realloc(l->v, cap * sizeof *v);
        if (!v) return PC_ENOMEM;
        l->v = v;
        l->cap = cap;
    }
    if (!(l->v[l->n] = strdup(s))) return PC_ENOMEM;
    l->v[++l->n] = NULL;
    return PC_OK;
}

void pc_strlist_release(struct pc_strlist *l)
{
    for (size_t i = 0; i < l->n; i++) free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

int pc_rundir_list(const char *rundir, const char *rel, struct pc_strlist *out)
{
    char full[4096];
    snprintf(full, sizeof full, "%s/%s", rundir, rel);
    struct stat sb;
    if (stat(full, &sb) != 0) return -1;
    if (S_ISREG(sb.st_mode)) return pc_strlist_push(out, rel);
    struct dirent **names;
    int n = scandir(full, &names, NULL, alphasort);
    if (n < 0) return -1;
    int rc = 0;
    for (int i = 0; i < n; i++) {
        if (!rc && strcmp(names[i]->d_name, ".") && strcmp(names[i]->d_name, "..")) {
            char sub[4096];
            snprintf(sub, sizeof sub, "%s/%s", rel, names[i]->d_name);
            rc = pc_rundir_list(rundir, sub, out);
        }
        free(names[i]);
    }
    free(names);
    return rc;
}
