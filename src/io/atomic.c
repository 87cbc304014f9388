#define _GNU_SOURCE /* fopencookie, sync_file_range */
#include "io/atomic.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
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

/* Early writeback: the temporary file's stdio stream is a cookie stream over its descriptor
 * whose write function hands every completed PC_ATOMIC_WB_BYTES range to the kernel's
 * writeback (sync_file_range without waiting); positioned writes kick the whole file every
 * PC_ATOMIC_WB_BYTES they add. Off Linux the stream is a plain fopen'ed file. */
#if defined(__linux__) && defined(SYNC_FILE_RANGE_WRITE)
#define PC_HAVE_WB 1
#else
#define PC_HAVE_WB 0
#endif

/* The private state of a writer of a temporary file (w->wb). */
struct wb {
    int fd;
    unsigned long long pos;                /* the stream's file position */
    unsigned long long kicked;             /* [kicked, pos) is not handed to writeback yet */
    _Atomic unsigned long long positioned; /* bytes written by pc_atomic_pwrite */
    int syncing;                           /* pc_atomic_sync_start's thread runs */
    pthread_t sync_tid;
    int sync_errno; /* its fsync's errno, 0 when it succeeded */
};

/* Starts writeback of [from, from+len) (len 0: to the end of the file). Best effort. */
static void wb_kick(int fd, unsigned long long from, unsigned long long len)
{
#if PC_HAVE_WB
    (void)sync_file_range(fd, (off_t)from, (off_t)len, SYNC_FILE_RANGE_WRITE);
#else
    (void)fd, (void)from, (void)len;
#endif
}

#if PC_HAVE_WB
/* Cookie write: all of buf or an error (stdio treats a short count as an error). */
static ssize_t wb_write(void *cookie, const char *buf, size_t n)
{
    struct wb *b = cookie;
    size_t done = 0;
    while (done < n) {
        ssize_t k = write(b->fd, buf + done, n - done);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) break;
        done += (size_t)k;
    }
    b->pos += done;
    if (b->pos - b->kicked >= PC_ATOMIC_WB_BYTES) {
        wb_kick(b->fd, b->kicked, b->pos - b->kicked);
        b->kicked = b->pos;
    }
    return (ssize_t)done;
}

static int wb_seek(void *cookie, off64_t *off, int whence)
{
    struct wb *b = cookie;
    off64_t r = lseek(b->fd, *off, whence);
    if (r < 0) return -1;
    *off = r;
    b->pos = (unsigned long long)r;
    if (b->pos < b->kicked) b->kicked = b->pos;
    return 0;
}

static int wb_close(void *cookie)
{
    struct wb *b = cookie;
    int r = close(b->fd);
    b->fd = -1;
    return r;
}
#endif

/* Creates the temporary file, its stream w->fp and its state w->wb. */
static int open_tmp(struct pc_atomic *w)
{
    struct wb *b = calloc(1, sizeof *b);
    if (!b) return -1;
#if PC_HAVE_WB
    b->fd = open(w->tmp_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (b->fd < 0) {
        free(b);
        return -1;
    }
    cookie_io_functions_t io = {.write = wb_write, .seek = wb_seek, .close = wb_close};
    if (!(w->fp = fopencookie(b, "wb", io))) {
        int e = errno;
        close(b->fd);
        free(b);
        errno = e;
        return -1;
    }
#else
    if (!(w->fp = fopen(w->tmp_path, "wb"))) {
        free(b);
        return -1;
    }
    b->fd = fileno(w->fp);
#endif
    w->wb = b;
    return 0;
}

/* The temporary file's descriptor, -1 for stdout or a device written in place. */
static int tmp_fd(const struct pc_atomic *w)
{
    if (!w->fp || !w->tmp_path || !w->wb) return -1;
    return ((struct wb *)w->wb)->fd;
}

static void *sync_main(void *arg)
{
    struct wb *b = arg;
    b->sync_errno = fsync(b->fd) == 0 ? 0 : errno ? errno : EIO;
    return NULL;
}

/* Waits for pc_atomic_sync_start's thread: 0, or the errno of its fsync. */
static int sync_wait(struct pc_atomic *w)
{
    struct wb *b = w->wb;
    if (!b || !b->syncing) return 0;
    pthread_join(b->sync_tid, NULL);
    b->syncing = 0;
    return b->sync_errno;
}

int pc_atomic_sync_start(struct pc_atomic *w, struct pc_error *err)
{
    struct wb *b = w->wb;
    if (!w->fp || !w->tmp_path || !b || b->syncing) return PC_OK;
    if (fflush(w->fp) != 0 || ferror(w->fp))
        return pc_error_set(err, PC_EIO, "cannot write '%s': %s", w->path, strerror(errno));
    if (pthread_create(&b->sync_tid, NULL, sync_main, b) == 0) b->syncing = 1;
    return PC_OK; /* no thread: commit fsyncs as usual */
}

static void release(struct pc_atomic *w)
{
    if (w->tmp_path) track_remove(w->tmp_path);
    free(w->path);
    free(w->tmp_path);
    free(w->wb);
    w->fp = NULL;
    w->wb = NULL;
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
    if (open_tmp(w) != 0) {
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
    int bad, e;
    if (w->wb && ((struct wb *)w->wb)->syncing) {
        e = sync_wait(w); /* flushed before the thread started */
        bad = e != 0 || fflush(w->fp) != 0 || ferror(w->fp);
    } else {
        bad = fflush(w->fp) != 0 || ferror(w->fp) || fsync(tmp_fd(w)) != 0;
        e = errno;
    }
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
    sync_wait(w);
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
    int fd = pc_atomic_positioned(w) ? tmp_fd(w) : -1; /* fileno(w->fp) is -1: a cookie */
    if (fd < 0) return pc_error_set(err, PC_EINVAL, "not a positioned writer");
    const char *p = data;
    size_t done = 0;
    while (done < len) {
        ssize_t put = pwrite(fd, p + done, len - done, (off_t)(off + done));
        if (put < 0 && errno == EINTR) continue;
        if (put <= 0)
            return pc_error_set(err, PC_EIO, "cannot write '%s': %s", w->path,
                                put < 0 ? strerror(errno) : "no space written");
        done += (size_t)put;
    }
    if (PC_HAVE_WB) { /* early writeback of the whole file every PC_ATOMIC_WB_BYTES */
        struct wb *b = w->wb;
        unsigned long long before = atomic_fetch_add(&b->positioned, (unsigned long long)len);
        if (before / PC_ATOMIC_WB_BYTES != (before + len) / PC_ATOMIC_WB_BYTES) wb_kick(fd, 0, 0);
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
