#include "io/atomic.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Registry of open temporary paths, for pc_atomic_cleanup_all in a signal handler: blocks
 * of slots chained by `next`, never freed. Slots are claimed and cleared with atomic
 * compare-and-swap (no lock, so the signal handler can read them at any moment and writers
 * in several threads never race); a full chain grows by one block. */
#define PC_ATOMIC_SLOTS 64
struct slot_block {
    _Atomic(char *) slot[PC_ATOMIC_SLOTS];
    _Atomic(struct slot_block *) next;
};
static struct slot_block g_first;

/* Registers p; PC_ENOMEM when a new block cannot be allocated. */
static int track_add(char *p)
{
    for (struct slot_block *b = &g_first;;) {
        for (int i = 0; i < PC_ATOMIC_SLOTS; i++) {
            char *expect = NULL;
            if (atomic_load(&b->slot[i]) == NULL &&
                atomic_compare_exchange_strong(&b->slot[i], &expect, p))
                return PC_OK;
        }
        struct slot_block *n = atomic_load(&b->next);
        if (!n) {
            struct slot_block *fresh = calloc(1, sizeof *fresh);
            if (!fresh) return PC_ENOMEM;
            struct slot_block *expect = NULL;
            if (atomic_compare_exchange_strong(&b->next, &expect, fresh))
                n = fresh;
            else {
                free(fresh); /* another thread chained one first */
                n = expect;
            }
        }
        b = n;
    }
}

static void track_remove(char *p)
{
    for (struct slot_block *b = &g_first; b; b = atomic_load(&b->next))
        for (int i = 0; i < PC_ATOMIC_SLOTS; i++) {
            char *expect = p;
            if (atomic_compare_exchange_strong(&b->slot[i], &expect, NULL)) return;
        }
}

void pc_atomic_cleanup_all(void)
{
    for (struct slot_block *b = &g_first; b; b = atomic_load(&b->next))
        for (int i = 0; i < PC_ATOMIC_SLOTS; i++) {
            char *p = atomic_load(&b->slot[i]);
            if (p) unlink(p);
        }
}

/* Removes "<name>.tmp.<pid>" files beside path whose process is gone (left by kill -9 or
 * a power cut). Best effort: errors are ignored. */
static void remove_stale(const char *path)
{
    const char *slash = strrchr(path, '/');
    char dir[PATH_MAX];
    const char *base = path;
    if (slash) {
        size_t dl = (size_t)(slash - path);
        if (dl >= sizeof dir) return;
        memcpy(dir, path, dl);
        dir[dl ? dl : 1] = '\0';
        if (!dl) dir[0] = '/';
        base = slash + 1;
    } else {
        strcpy(dir, ".");
    }
    size_t bl = strlen(base);
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        const char *nm = e->d_name;
        if (strncmp(nm, base, bl) != 0 || strncmp(nm + bl, ".tmp.", 5) != 0) continue;
        char *end;
        long pid = strtol(nm + bl + 5, &end, 10);
        if (*end || end == nm + bl + 5 || pid <= 0 || pid == (long)getpid()) continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH) continue; /* alive (or not ours) */
        char full[PATH_MAX];
        if (snprintf(full, sizeof full, "%s/%s", dir, nm) < (int)sizeof full) unlink(full);
    }
    closedir(d);
}

static void release(struct pc_atomic *w)
{
    if (w->tmp_path) track_remove(w->tmp_path);
    free(w->path);
    free(w->tmp_path);
    w->fp = NULL;
    w->path = w->tmp_path = NULL;
}

int pc_atomic_open(struct pc_atomic *w, const char *path, struct pc_error *err)
{
    memset(w, 0, sizeof *w);
    if (strcmp(path, "-") == 0) {
        w->fp = stdout;
        w->path = strdup("-");
        return w->path ? PC_OK : pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    /* A device or pipe (/dev/null, /dev/stdout, a FIFO, or a link to one) is written in
     * place: renaming a temporary file over it would replace the device with a regular
     * file. */
    struct stat st;
    int exists = stat(path, &st) == 0;
    if (exists && !S_ISREG(st.st_mode)) {
        if (S_ISDIR(st.st_mode))
            return pc_error_set(err, PC_EIO, "cannot write '%s': Is a directory", path);
        w->path = strdup(path);
        if (!w->path) return pc_error_set(err, PC_ENOMEM, "out of memory");
        if (!(w->fp = fopen(path, "wb"))) {
            int e = errno;
            release(w);
            return pc_error_set(err, PC_EIO, "cannot open '%s': %s", path, strerror(e));
        }
        return PC_OK;
    }
    /* A symbolic link (to a regular file): replace the file it points to, keep the link. */
    struct stat lst;
    char *target = NULL;
    if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
        if (!exists)
            return pc_error_set(err, PC_EIO, "cannot write '%s': dangling symbolic link", path);
        if (!(target = realpath(path, NULL))) {
            int e = errno;
            return pc_error_set(err, PC_EIO, "cannot resolve '%s': %s", path, strerror(e));
        }
        path = target;
    }
    size_t n = strlen(path) + 32;
    w->path = strdup(path);
    w->tmp_path = malloc(n);
    free(target);
    if (!w->path || !w->tmp_path) {
        release(w);
        return pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    snprintf(w->tmp_path, n, "%s.tmp.%ld", w->path, (long)getpid());
    remove_stale(w->path);
    /* Registered before it exists, so a signal never leaves it behind. */
    if (track_add(w->tmp_path)) {
        release(w);
        return pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    w->fp = fopen(w->tmp_path, "wb");
    if (!w->fp) {
        int e = errno;
        pc_error_set(err, PC_EIO, "cannot create '%s': %s", w->path, strerror(e));
        release(w);
        return PC_EIO;
    }
    return PC_OK;
}

int pc_atomic_commit(struct pc_atomic *w, struct pc_error *err)
{
    if (!w->fp) return pc_error_set(err, PC_EINVAL, "writer is not open");
    if (!w->tmp_path) {
        int bad = fflush(w->fp) != 0 || ferror(w->fp);
        if (w->fp != stdout && fclose(w->fp) != 0) bad = 1;
        int is_stdout = w->fp == stdout;
        char name[512];
        snprintf(name, sizeof name, "%s", w->path ? w->path : "-");
        release(w);
        if (!bad) return PC_OK;
        if (is_stdout) return pc_error_set(err, PC_EIO, "cannot write to standard output");
        return pc_error_set(err, PC_EIO, "cannot write '%s'", name);
    }
    int bad = fflush(w->fp) != 0 || ferror(w->fp) || fsync(fileno(w->fp)) != 0;
    int e = errno;
    if (fclose(w->fp) != 0) bad = 1;
    w->fp = NULL;
    if (!bad && rename(w->tmp_path, w->path) != 0) {
        bad = 1;
        e = errno;
    }
    if (bad) {
        pc_error_set(err, PC_EIO, "cannot write '%s': %s", w->path, strerror(e));
        unlink(w->tmp_path);
        release(w);
        return PC_EIO;
    }
    release(w);
    return PC_OK;
}

void pc_atomic_abort(struct pc_atomic *w)
{
    if (w->fp && w->tmp_path) {
        fclose(w->fp);
        unlink(w->tmp_path);
    } else if (w->fp && w->fp != stdout) {
        fclose(w->fp);
    }
    release(w);
}

int pc_atomic_positioned(const struct pc_atomic *w)
{
    return w->fp && w->tmp_path;
}

int pc_atomic_pwrite(struct pc_atomic *w, const void *data, size_t len, uint64_t off,
                     struct pc_error *err)
{
    if (!pc_atomic_positioned(w)) return pc_error_set(err, PC_EINVAL, "not a positioned writer");
    int fd = fileno(w->fp);
    const char *p = data;
    while (len > 0) {
        ssize_t put = pwrite(fd, p, len, (off_t)off);
        if (put < 0 && errno == EINTR) continue;
        if (put <= 0)
            return pc_error_set(err, PC_EIO, "cannot write '%s': %s", w->path,
                                put < 0 ? strerror(errno) : "no space written");
        p += put;
        off += (uint64_t)put;
        len -= (size_t)put;
    }
    return PC_OK;
}

int pc_atomic_write(const char *path, const void *data, size_t len, struct pc_error *err)
{
    struct pc_atomic w;
    int rc = pc_atomic_open(&w, path, err);
    if (rc) return rc;
    if (len && fwrite(data, 1, len, w.fp) != len) {
        pc_atomic_abort(&w);
        return pc_error_set(err, PC_EIO, "cannot write '%s': %s", path, strerror(errno));
    }
    return pc_atomic_commit(&w, err);
}
