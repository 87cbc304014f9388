/* Unit tests of src/pipe/shard: on every file of up to 5 bytes over {'a', '\r', '\n'} (all
 * the ways a cut can fall next to "\r\n", a lone '\r' or a final line without terminator),
 * split into several inputs and N = 1..8 shards, both planners (pc_shard_plan per shard and
 * pc_shard_plan_all) must give each shard exactly the lines whose first byte falls in its
 * range, with the right line number. Expected values come from a brute-force reading of the
 * rule written here (line starts: 0, after '\n', after '\r' not followed by '\n'). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "pipe/shard.h"

/* Brute force: line starts of d[0..n) (positions < n). */
static int starts_of(const char *d, int n, int *out)
{
    int k = 0;
    for (int p = 0; p < n; p++)
        if (p == 0 || d[p - 1] == '\n' || (d[p - 1] == '\r' && d[p] != '\n')) out[k++] = p;
    return k;
}

static void write_file(const char *path, const char *d, int n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(d, 1, (size_t)n, f), (size_t)n);
    fclose(f);
}

/* Checks one plan entry against the brute force for input bytes d[0..n) at base of total. */
static void check(const struct pc_shard_range *r, const char *d, int n, uint64_t base,
                  uint64_t total, unsigned k, unsigned shards)
{
    int st[16];
    int ns = starts_of(d, n, st), first = -1, last = -1;
    uint64_t lo = total * (k - 1) / shards, hi = total * k / shards;
    for (int i = 0; i < ns; i++)
        if (base + (uint64_t)st[i] >= lo && base + (uint64_t)st[i] < hi) {
            if (first < 0) first = i;
            last = i;
        }
    assert_int_equal(r->whole, 0);
    if (first < 0) {
        assert_int_equal(r->take, 0);
        return;
    }
    assert_int_equal(r->take, 1);
    assert_int_equal(r->begin, (uint64_t)st[first]);
    assert_int_equal(r->end, last + 1 < ns ? (uint64_t)st[last + 1] : (uint64_t)n);
    assert_int_equal(r->line_base, first);
}

static void every_small_file(void **state)
{
    (void)state;
    char dir[] = "/tmp/pc_shard_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char p0[64], p1[64];
    snprintf(p0, sizeof p0, "%s/a", dir);
    snprintf(p1, sizeof p1, "%s/b", dir);
    const char *paths[] = {p0, p1};
    const char alpha[] = {'a', '\r', '\n'};
    long checked = 0;
    for (int len = 0; len <= 5; len++) {
        int combos = 1;
        for (int i = 0; i < len; i++) combos *= 3;
        for (int c = 0; c < combos; c++) {
            char d[8];
            for (int i = 0, x = c; i < len; i++, x /= 3) d[i] = alpha[x % 3];
            /* input a = d, input b = "a\n" + d: two inputs, so shards also cross files */
            char e[10] = {'a', '\n'};
            memcpy(e + 2, d, (size_t)len);
            write_file(p0, d, len);
            write_file(p1, e, len + 2);
            uint64_t total = (uint64_t)(2 * len + 2);
            for (unsigned n = 1; n <= 8; n++) {
                struct pc_shard_range all[16], one[2];
                struct pc_error err;
                pc_error_clear(&err);
                assert_int_equal(pc_shard_plan_all(paths, 2, n, all, &err), PC_OK);
                for (unsigned k = 1; k <= n; k++) {
                    assert_int_equal(pc_shard_plan(paths, 2, k, n, one, &err), PC_OK);
                    for (int i = 0; i < 2; i++) {
                        const char *bytes = i ? e : d;
                        int nb = i ? len + 2 : len;
                        uint64_t base = i ? (uint64_t)len : 0;
                        check(&one[i], bytes, nb, base, total, k, n);
                        check(&all[(k - 1) * 2 + i], bytes, nb, base, total, k, n);
                        checked++;
                    }
                }
            }
        }
    }
    assert_true(checked > 5000);
    unlink(p0);
    unlink(p1);
    rmdir(dir);
}

static void bad_shard_text(void **state)
{
    (void)state;
    const char *bad[] = {"0/3", "4/3", "3", "a/b", "1/0", "-1/2", "1/-2", "1/2x", "", "/"};
    unsigned k, n;
    struct pc_error err;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(pc_shard_parse(bad[i], &k, &n, &err), PC_EINVAL);
    assert_int_equal(pc_shard_parse("3/7", &k, &n, &err), PC_OK);
    assert_true(k == 3 && n == 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_small_file),
        cmocka_unit_test(bad_shard_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
