/* pc_atomic's early writeback (issue 8): a file written through the stream in odd-sized
 * pieces across several PC_ATOMIC_WB_BYTES ranges, or with pc_atomic_pwrite from several
 * threads, is complete and byte-exact after commit, absent under its final name before it,
 * and leaves no temporary file; a write error (file size limit) still fails the commit and
 * leaves nothing behind; fsyncs started ahead (pc_atomic_sync_start) commit complete files or
 * abort to nothing. Expected bytes come from a formula, not from the writer. */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "io/atomic.h"

#define TOTAL (3 * PC_ATOMIC_WB_BYTES + 12345)

/* The byte at offset i of every test file. */
static unsigned char byte_at(size_t i)
{
    return (unsigned char)((i * 2654435761u) >> 13);
}

static void check_file(const char *path, size_t len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    unsigned char *got = malloc(len + 1);
    assert_non_null(got);
    assert_int_equal(fread(got, 1, len + 1, f), len); /* exactly len bytes */
    fclose(f);
    size_t bad = 0;
    for (size_t i = 0; i < len; i++)
        if (got[i] != byte_at(i)) bad++;
    assert_int_equal(bad, 0);
    free(got);
}

static void fill(unsigned char *p, size_t off, size_t n)
{
    for (size_t i = 0; i < n; i++) p[i] = byte_at(off + i);
}

/* A new folder dir (a mkdtemp template) with an atomic output w opened for dir/out.bin. */
static void open_out(char *dir, char path[256], struct pc_atomic *w)
{
    struct pc_error err;
    assert_non_null(mkdtemp(dir));
    snprintf(path, 256, "%s/out.bin", dir);
    assert_int_equal(pc_atomic_open(w, path, &err), PC_OK);
}

static void test_stream(void **state)
{
    char dir[] = "/tmp/pc_atomic_wb_XXXXXX", path[256];
    struct pc_atomic w;
    struct pc_error err;
    open_out(dir, path, &w);
    static unsigned char chunk[1 << 20];
    size_t off = 0, step = 1;
    while (off < TOTAL) { /* pieces of 1 B .. 1 MB, so ranges end mid-buffer */
        size_t n = step < TOTAL - off ? step : TOTAL - off;
        fill(chunk, off, n);
        assert_int_equal(fwrite(chunk, 1, n, w.fp), n);
        off += n;
        step = step * 7 % (sizeof chunk - 1) + 1;
    }
    assert_int_not_equal(access(path, F_OK), 0); /* not there before commit */
    char tmp[300];
    snprintf(tmp, sizeof tmp, "%s", w.tmp_path);
    assert_int_equal(pc_atomic_commit(&w, &err), PC_OK);
    assert_int_not_equal(access(tmp, F_OK), 0);
    check_file(path, TOTAL);
    unlink(path);
    assert_int_equal(rmdir(dir), 0); /* nothing else left behind */
}

struct part {
    struct pc_atomic *w;
    size_t off, len;
    int rc;
};

static void *pwriter(void *arg)
{
    struct part *p = arg;
    unsigned char *buf = malloc(p->len);
    struct pc_error err;
    if (!buf) {
        p->rc = -1;
        return NULL;
    }
    fill(buf, p->off, p->len);
    for (size_t k = 0; k < p->len && !p->rc; k += 300000) { /* several calls per thread */
        size_t n = p->len - k < 300000 ? p->len - k : 300000;
        p->rc = pc_atomic_pwrite(p->w, buf + k, n, p->off + k, &err);
    }
    free(buf);
    return NULL;
}

static void test_pwrite_threads(void **state)
{
    char dir[] = "/tmp/pc_atomic_pw_XXXXXX", path[256];
    struct pc_atomic w;
    struct pc_error err;
    open_out(dir, path, &w);
    /* A head through the stream, flushed, then the rest positioned by 4 threads. */
    size_t head = 1000;
    static unsigned char h[1000];
    fill(h, 0, head);
    assert_int_equal(fwrite(h, 1, head, w.fp), head);
    assert_int_equal(fflush(w.fp), 0);
    enum { T = 4 };
    pthread_t th[T];
    struct part parts[T];
    size_t each = (TOTAL - head) / T;
    for (int t = 0; t < T; t++) { /* started in reverse order: the tail lands first */
        size_t off = head + (size_t)(T - 1 - t) * each;
        size_t len = t == 0 ? TOTAL - off : each;
        parts[t] = (struct part){&w, off, len, 0};
        assert_int_equal(pthread_create(&th[t], NULL, pwriter, &parts[t]), 0);
    }
    for (int t = 0; t < T; t++) {
        pthread_join(th[t], NULL);
        assert_int_equal(parts[t].rc, PC_OK);
    }
    assert_int_equal(pc_atomic_commit(&w, &err), PC_OK);
    check_file(path, TOTAL);
    unlink(path);
    assert_int_equal(rmdir(dir), 0);
}

static void test_pwrite_stdout_refused(void **state)
{
    struct pc_atomic w;
    struct pc_error err;
    assert_int_equal(pc_atomic_open(&w, "-", &err), PC_OK);
    assert_int_equal(pc_atomic_pwrite(&w, "x", 1, 0, &err), PC_EINVAL);
    pc_atomic_abort(&w);
}

static void test_write_error_fails_commit(void **state)
{
    char dir[] = "/tmp/pc_atomic_fe_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/out.bin", dir);
    struct rlimit old;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
    signal(SIGXFSZ, SIG_IGN); /* writes past the limit fail with EFBIG instead */
    struct pc_atomic w;
    struct pc_error err;
    assert_int_equal(pc_atomic_open(&w, path, &err), PC_OK);
    struct rlimit lim = {1 << 20, old.rlim_max};
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
    static unsigned char chunk[1 << 16];
    fill(chunk, 0, sizeof chunk);
    for (int i = 0; i < 40; i++) fwrite(chunk, 1, sizeof chunk, w.fp); /* 2.5 MB > limit */
    int rc = pc_atomic_commit(&w, &err);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
    signal(SIGXFSZ, SIG_DFL);
    assert_int_equal(rc, PC_EIO);
    assert_non_null(strstr(err.message, "out.bin"));
    assert_int_not_equal(access(path, F_OK), 0);
    assert_int_equal(rmdir(dir), 0); /* the temporary file is gone too */
}

/* pc_atomic_sync_start: several writers' fsyncs started, then committed (complete files) or
 * aborted (nothing left); a no-op on stdout. */
static void test_sync_start(void **state)
{
    char dir[] = "/tmp/pc_atomic_ss_XXXXXX";
    assert_non_null(mkdtemp(dir));
    enum { K = 3 };
    struct pc_atomic w[K];
    struct pc_error err;
    char path[K][256];
    static unsigned char data[(1 << 20) + 77];
    fill(data, 0, sizeof data);
    for (int k = 0; k < K; k++) {
        snprintf(path[k], sizeof path[k], "%s/f%d", dir, k);
        assert_int_equal(pc_atomic_open(&w[k], path[k], &err), PC_OK);
        size_t n = sizeof data - (size_t)k * 1000;
        assert_int_equal(fwrite(data, 1, n, w[k].fp), n);
        assert_int_equal(pc_atomic_sync_start(&w[k], &err), PC_OK);
        assert_int_equal(pc_atomic_sync_start(&w[k], &err), PC_OK); /* twice: harmless */
    }
    assert_int_equal(pc_atomic_commit(&w[0], &err), PC_OK);
    pc_atomic_abort(&w[1]);
    assert_int_equal(pc_atomic_commit(&w[2], &err), PC_OK);
    check_file(path[0], sizeof data);
    check_file(path[2], sizeof data - 2000);
    assert_int_not_equal(access(path[1], F_OK), 0);
    unlink(path[0]);
    unlink(path[2]);
    assert_int_equal(rmdir(dir), 0); /* no temporary file left */
    struct pc_atomic o;
    assert_int_equal(pc_atomic_open(&o, "-", &err), PC_OK);
    assert_int_equal(pc_atomic_sync_start(&o, &err), PC_OK);
    assert_int_equal(pc_atomic_commit(&o, &err), PC_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stream),
        cmocka_unit_test(test_pwrite_threads),
        cmocka_unit_test(test_pwrite_stdout_refused),
        cmocka_unit_test(test_write_error_fails_commit),
        cmocka_unit_test(test_sync_start),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
