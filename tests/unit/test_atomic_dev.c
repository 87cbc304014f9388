/* pc_atomic on devices: writing to /dev/null must not replace the device with a file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "io/atomic.h"

static void test_dev_null_stays_a_device(void **state)
{
    struct pc_atomic w;
    struct pc_error err;
    pc_error_clear(&err);
    assert_int_equal(pc_atomic_open(&w, "/dev/null", &err), PC_OK);
    fputs("hello\n", w.fp);
    assert_int_equal(pc_atomic_commit(&w, &err), PC_OK);
    struct stat st;
    assert_int_equal(stat("/dev/null", &st), 0);
    assert_true(S_ISCHR(st.st_mode));
    assert_int_equal(pc_atomic_open(&w, "/dev/null", &err), PC_OK);
    pc_atomic_abort(&w);
    assert_int_equal(stat("/dev/null", &st), 0);
    assert_true(S_ISCHR(st.st_mode));
}

static void test_directory_refused(void **state)
{
    struct pc_atomic w;
    struct pc_error err;
    pc_error_clear(&err);
    assert_int_equal(pc_atomic_open(&w, "/tmp", &err), PC_EIO);
    assert_non_null(strstr(err.message, "Is a directory"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dev_null_stays_a_device),
        cmocka_unit_test(test_directory_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
