/* pc_atomic's registry of temporary files (issue 10 defect 9): every open writer is known to
 * pc_atomic_cleanup_all, however many there are (it used to drop entries past 64), also
 * when 8 threads open and commit writers at once. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "io/atomic.h"

enum { N = 200 };

static void test_cleanup_sees_every_writer(void **state)
{
    char dir[] = "/tmp/pc_atomic_many_XXXXXX";
    assert_non_null(mkdtemp(dir));
    static struct pc_atomic w[N];
    struct pc_error err;
    char path[256];
    for (int i = 0; i < N; i++) {
        snprintf(path, sizeof path, "%s/f%d", dir, i);
        assert_int_equal(pc_atomic_open(&w[i], path, &err), PC_OK);
        assert_int_equal(access(w[i].tmp_path, F_OK), 0);
    }
    pc_atomic_cleanup_all(); /* what the signal handler does */
    for (int i = 0; i < N; i++) {
        assert_int_not_equal(access(w[i].tmp_path, F_OK), 0);
        pc_atomic_abort(&w[i]);
    }
    rmdir(dir);
}

struct job {
    const char *dir;
    int id, failures;
};

static void *writer(void *arg)
{
    struct job *j = arg;
    for (int k = 0; k < 50; k++) {
        char path[256];
        struct pc_atomic w;
        struct pc_error err;
        snprintf(path, sizeof path, "%s/t%d_%d", j->dir, j->id, k);
        if (pc_atomic_open(&w, path, &err) || fprintf(w.fp, "%d\n", k) < 0 ||
            pc_atomic_commit(&w, &err))
            j->failures++;
        unlink(path);
    }
    return NULL;
}

static void test_threads(void **state)
{
    char dir[] = "/tmp/pc_atomic_thr_XXXXXX";
    assert_non_null(mkdtemp(dir));
    pthread_t th[8];
    struct job jobs[8];
    for (int t = 0; t < 8; t++) {
        jobs[t] = (struct job){dir, t, 0};
        assert_int_equal(pthread_create(&th[t], NULL, writer, &jobs[t]), 0);
    }
    for (int t = 0; t < 8; t++) {
        pthread_join(th[t], NULL);
        assert_int_equal(jobs[t].failures, 0);
    }
    assert_int_equal(rmdir(dir), 0); /* nothing left behind */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cleanup_sees_every_writer),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
