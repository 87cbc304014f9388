#include "io/atomic.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PC_ATOMIC_SLOTS 64
static char *volatile g_tmp_paths[PC_ATOMIC_SLOTS];

static void track(char *p, int on)
{
    for (int i = 0; i < PC_ATOMIC_SLOTS; i++) {
        if (on && !g_tmp_paths[i]) {
            g_tmp_paths[i] = p;
            return;
        }
        if (!on && g_tmp_paths[i] == p) {
            g_tmp_paths[i] = NULL;
            return;
        }
    }
}

void pc_atomic_cleanup_all(void)
{
    for (int i = 0; i < PC_ATOMIC_SLOTS; i++)
        if (g_tmp_paths[i]) unlink(g_tmp_paths[i]);
}

static void release(struct pc_atomic *w)
{
    if (w->tmp_path) track(w->tmp_path, 0);
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
    /* A device or pipe (/dev/null, /dev/stdout, a FIFO) is written in place: renaming a
     * temporary file over it would replace the device with a regular file. */
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
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
    size_t n = strlen(path) + 32;
    w->path = strdup(path);
    w->tmp_path = malloc(n);
    if (!w->path || !w->tmp_path) {
        release(w);
        return pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    snprintf(w->tmp_path, n, "%s.tmp.%ld", path, (long)getpid());
    w->fp = fopen(w->tmp_path, "wb");
    if (!w->fp) {
        int e = errno;
        pc_error_set(err, PC_EIO, "cannot create '%s': %s", path, strerror(e));
        release(w);
        return PC_EIO;
    }
    track(w->tmp_path, 1);
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
