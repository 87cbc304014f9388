/* The public run API's shards (include/pricer/run.h): pricer_run_plan, pricer_run_shard and
 * pricer_run_ex with a shard count. On a synthetic catalogue of two inputs (a plain file with
 * invalid lines, CRLF endings and a line longer than a shard, and a gzip file of one member, which
 * goes whole to shard 1), with the tiny test tokenizer: for N = 1..5 every shard but one is made by
 * pricer_run_shard (worker label "w-test"), then pricer_run_ex(shards = N) parses the
 * missing one itself and merges; every output (items, parse statistics, the single pass's
 * raw.json, investigate.json, sample, dataset, report.html, assess.json) must be byte for byte
 * the unsharded run's, run.json must list the N shards of each input with their workers, a
 * repeated shard call must be reused, shards made in four threads at once give the same
 * bytes, and bad shard numbers are refused. */
#define _GNU_SOURCE
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <cmocka.h>

#include "pricer.h"
#include "pricer/run.h"

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    struct pc_buf b;
    pc_buf_init(&b, 0);
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) pc_buf_append(&b, chunk, got);
    fclose(f);
    *n = b.len;
    return b.data ? b.data : calloc(1, 1);
}

static void same_file(const char *a_dir, const char *b_dir, const char *rel)
{
    char a[4400], b[4400];
    snprintf(a, sizeof a, "%s/%s", a_dir, rel);
    snprintf(b, sizeof b, "%s/%s", b_dir, rel);
    size_t na = 0, nb = 0;
    char *x = slurp(a, &na), *y = slurp(b, &nb);
    /* report.html names its files: the run folders' names have the same length */
    size_t dl = strlen(b_dir);
    for (char *p = y; y && strlen(a_dir) == dl && (p = memmem(p, nb - (size_t)(p - y), b_dir, dl));
         p += dl)
        memcpy(p, a_dir, dl);
    if (!x || !y || na != nb || memcmp(x, y, na)) fail_msg("%s differs from %s", b, a);
    free(x);
    free(y);
}

/* Occurrences of needle in the file. */
static int count_in(const char *path, const char *needle)
{
    size_t n = 0;
    char *s = slurp(path, &n);
    assert_non_null(s);
    int c = 0;
    for (const char *p = s; (p = strstr(p, needle)); p++) c++;
    free(s);
    return c;
}

static void write_inputs(const char *plain, const char *gz)
{
    struct pc_buf line;
    pc_buf_init(&line, 0);
    int cat = pc_synth_category_find("Appliances"), kind;
    FILE *f = fopen(plain, "wb");
    assert_non_null(f);
    for (uint64_t i = 0; i < 400; i++) {
        pc_buf_reset(&line);
        assert_int_equal(pc_synth_line(11, cat, i, &line, &kind), PC_OK);
        if (line.len && line.data[line.len - 1] == '\n') line.len--;
        fwrite(line.data, 1, line.len, f);
        fputs(i % 7 == 3 ? "\r\n" : "\n", f);
        if (i == 150) fputs("{not json\n\n", f);
        if (i == 200) { /* a line longer than a shard of N = 5 */
            fputs("{\"title\": \"", f);
            for (int k = 0; k < 60000; k++) fputc('a' + k % 26, f);
            fputs("\", \"price\": \"12.5\"}\n", f);
        }
    }
    fclose(f);
    gzFile g = gzopen(gz, "wb");
    assert_non_null(g);
    cat = pc_synth_category_find("Musical_Instruments");
    for (uint64_t i = 0; i < 200; i++) {
        pc_buf_reset(&line);
        assert_int_equal(pc_synth_line(12, cat, i, &line, &kind), PC_OK);
        gzwrite(g, line.data, (unsigned)line.len);
        if (!line.len || line.data[line.len - 1] != '\n') gzputc(g, '\n');
    }
    gzclose(g);
    pc_buf_release(&line);
}

/* One thread: shard k of n of both inputs. */
struct task {
    const struct pricer_run_options *o;
    unsigned k, n;
    int rc;
};

static void *shard_thread(void *arg)
{
    struct task *t = arg;
    struct pricer_error e;
    for (int i = 0; i < 2 && t->rc == PRICER_OK; i++)
        t->rc = pricer_run_shard(t->o, i, t->k, t->n, NULL, &e);
    return NULL;
}

static void shards_merge_exactly(void **state)
{
    (void)state;
    const char *root = getenv("PC_ROOT");
    char tok[4096];
    snprintf(tok, sizeof tok, "%s/tests/golden/tok/tiny/tokenizer.json", root ? root : ".");
    if (access(tok, R_OK) != 0) skip();
    char dir[] = "/tmp/pc_test_run_shard_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char plain[4200], gz[4200], files[8500], ref[4200];
    snprintf(plain, sizeof plain, "%s/meta_Appliances.jsonl", dir);
    snprintf(gz, sizeof gz, "%s/meta_Musical_Instruments.jsonl.gz", dir);
    snprintf(files, sizeof files, "%s,%s", plain, gz);
    snprintf(ref, sizeof ref, "%s/n0", dir); /* the unsharded run */
    write_inputs(plain, gz);

    const char *keys[] = {"files", "tokenizer", "jobs", "train", "test", "allow_short"};
    const char *vals[] = {files, tok, "2", "40", "10", "true"};
    struct pricer_run_options o = {.rundir = ref, .keys = keys, .values = vals, .n = 6};
    struct pricer_error err;
    struct pricer_run_result r0, r;
    assert_int_equal(pricer_run_ex(&o, &r0, &err), PRICER_OK);
    assert_true(r0.items > 100 && r0.train == 40);

    struct pricer_run_plan plan;
    assert_int_equal(pricer_run_plan(&o, &plan, &err), PRICER_OK);
    assert_int_equal(plan.n, 2);
    assert_string_equal(plan.paths[0], plain);
    assert_string_equal(plan.categories[1], "Musical_Instruments");
    assert_string_equal(plan.names[0], "Appliances");
    assert_true(plan.sizes[0] > 60000);

    static const char *const outs[] = {"items/Appliances.jsonl",
                                       "items/Musical_Instruments.jsonl",
                                       "items/Appliances.stats.json",
                                       "items/Musical_Instruments.stats.json",
                                       "items/Appliances.raw.json",
                                       "items/Musical_Instruments.raw.json",
                                       "investigate.json",
                                       "sample.jsonl",
                                       "dataset/train.jsonl",
                                       "dataset/test.jsonl",
                                       "report.html",
                                       "assess.json"};
    for (unsigned n = 1; n <= 5; n++) {
        char rd[4200];
        snprintf(rd, sizeof rd, "%s/n%u", dir, n);
        o.rundir = rd;
        o.worker = "w-test";
        for (int i = 0; i < plan.n; i++)
            for (unsigned k = 1; k <= n; k++) {
                if (i == 0 && k == n && n > 1) continue; /* left to the reduce */
                struct pricer_shard_result sr;
                assert_int_equal(pricer_run_shard(&o, i, k, n, &sr, &err), PRICER_OK);
                assert_int_equal(sr.reused, 0);
                /* a gzip input of one member goes whole to shard 1 */
                if (i == 1) assert_true(k == 1 ? sr.bytes == plan.sizes[1] : sr.bytes == 0);
            }
        struct pricer_shard_result again;
        assert_int_equal(pricer_run_shard(&o, 1, 1, n, &again, &err), PRICER_OK);
        assert_int_equal(again.reused, 1);
        o.worker = NULL;
        o.shards = n;
        assert_int_equal(pricer_run_ex(&o, &r, &err), PRICER_OK);
        o.shards = 0;
        assert_true(r.items == r0.items && r.rows == r0.rows && r.train == r0.train);
        for (size_t f = 0; f < sizeof outs / sizeof outs[0]; f++) same_file(ref, rd, outs[f]);
        char rj[4400];
        snprintf(rj, sizeof rj, "%s/run.json", rd);
        assert_int_equal(count_in(rj, "\"shard\": "), 2 * (int)n);
        assert_int_equal(count_in(rj, "\"worker\": \"w-test\""), n > 1 ? 2 * (int)n - 1 : 2);
        assert_int_equal(count_in(rj, "\"worker\": \"local\""), n > 1 ? 1 : 0);
    }
    /* the shards of N = 4 in four threads at once (the tokenizer kept by the process is
     * shared): the same bytes */
    char thr[4200];
    snprintf(thr, sizeof thr, "%s/t4", dir);
    o.rundir = thr;
    o.worker = "thread";
    struct task t[4];
    pthread_t th[4];
    for (unsigned k = 1; k <= 4; k++) {
        t[k - 1] = (struct task){&o, k, 4, PRICER_OK};
        assert_int_equal(pthread_create(&th[k - 1], NULL, shard_thread, &t[k - 1]), 0);
    }
    for (int k = 0; k < 4; k++) {
        pthread_join(th[k], NULL);
        assert_int_equal(t[k].rc, PRICER_OK);
    }
    o.worker = NULL;
    o.shards = 4;
    assert_int_equal(pricer_run_ex(&o, &r, &err), PRICER_OK);
    o.shards = 0;
    for (size_t f = 0; f < sizeof outs / sizeof outs[0]; f++) same_file(ref, thr, outs[f]);
    char rj[4400];
    snprintf(rj, sizeof rj, "%s/run.json", thr);
    assert_int_equal(count_in(rj, "\"worker\": \"thread\""), 8);

    o.rundir = ref;
    struct pricer_shard_result sr;
    assert_int_equal(pricer_run_shard(&o, 0, 3, 2, &sr, &err), PRICER_EINVAL);
    assert_int_equal(pricer_run_shard(&o, 0, 0, 2, &sr, &err), PRICER_EINVAL);
    assert_int_equal(pricer_run_shard(&o, 2, 1, 2, &sr, &err), PRICER_EINVAL);
    pricer_run_plan_free(&plan);
    char cmd[4400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(shards_merge_exactly)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
