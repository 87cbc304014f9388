/* Unit test of the pipeline as a library call (src/pipeline/pipeline.h), as the Python
 * package and the distributed runner will call it: no argv, no environment, progress only
 * through the hooks. On a small synthetic catalogue (pc_synth_line) with the tiny test
 * tokenizer: the run completes, the result counts the raw lines written here, every stage
 * is announced once, the input's SHA-256 in run.json equals one computed here with OpenSSL
 * over the file, a second call reuses every stage with the same counts, and a held RUNDIR
 * lock makes the call fail at once with PC_EBUSY naming our PID. */
#include <fcntl.h>
#include <openssl/evp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include <cmocka.h>

#include "pricer.h"

struct seen {
    int started, reused, done;
    char names[16][64];
};

static void on_start(void *user, int no, int total, const char *name, const char *cmdline,
                     int reused)
{
    struct seen *s = user;
    assert_true(no >= 1 && no <= total);
    assert_non_null(strstr(cmdline, "pricer "));
    if (s->started < 16) snprintf(s->names[s->started], sizeof s->names[0], "%s", name);
    s->started++;
    s->reused += reused;
}

static void on_done(void *user, const char *name, double wall, double cpu)
{
    struct seen *s = user;
    assert_true(wall >= 0 && cpu >= 0);
    s->done++;
}

static void file_sha256(const char *path, char hex[65])
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    EVP_DigestInit_ex(c, EVP_sha256(), NULL);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) EVP_DigestUpdate(c, buf, n);
    fclose(f);
    unsigned char d[32];
    unsigned int dl;
    EVP_DigestFinal_ex(c, d, &dl);
    EVP_MD_CTX_free(c);
    for (int i = 0; i < 32; i++) sprintf(hex + 2 * i, "%02x", d[i]);
}

static void pipeline_library(void **state)
{
    (void)state;
    const char *root = getenv("PC_ROOT"); /* the test's environment, not the library's */
    char tok[4096];
    snprintf(tok, sizeof tok, "%s/tests/golden/tok/tiny/tokenizer.json", root ? root : ".");
    if (access(tok, R_OK) != 0) skip();
    char dir[] = "/tmp/pc_test_pipeline_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char raw[4200], rundir[4200];
    snprintf(raw, sizeof raw, "%s/meta_Appliances.jsonl", dir);
    snprintf(rundir, sizeof rundir, "%s/run", dir);
    FILE *f = fopen(raw, "wb");
    assert_non_null(f);
    struct pc_buf line;
    pc_buf_init(&line, 0);
    int cat = pc_synth_category_find("Appliances"), kind;
    const uint64_t lines = 600;
    for (uint64_t i = 0; i < lines; i++) {
        pc_buf_reset(&line);
        assert_int_equal(pc_synth_line(7, cat, i, &line, &kind), PC_OK);
        fwrite(line.data, 1, line.len, f);
        if (!line.len || line.data[line.len - 1] != '\n') fputc('\n', f);
    }
    fclose(f);
    pc_buf_release(&line);

    struct pc_runcfg cfg;
    struct pc_error err;
    pc_error_clear(&err);
    assert_int_equal(pc_runcfg_init(&cfg), PC_OK);
    assert_int_equal(pc_runcfg_set(&cfg, pc_runopt_find("", "files"), raw, &err), PC_OK);
    assert_int_equal(pc_runcfg_set(&cfg, pc_runopt_find("", "tokenizer"), tok, &err), PC_OK);
    assert_int_equal(pc_runcfg_set(&cfg, pc_runopt_find("", "jobs"), "2", &err), PC_OK);
    assert_int_equal(pc_runcfg_set(&cfg, pc_runopt_find("split", "train"), "20", &err), PC_OK);
    assert_int_equal(pc_runcfg_set(&cfg, pc_runopt_find("split", "test"), "5", &err), PC_OK);
    assert_int_equal(pc_runcfg_set(&cfg, pc_runopt_find("split", "allow_short"), "true", &err),
                     PC_OK);
    struct seen s;
    memset(&s, 0, sizeof s);
    struct pc_pipeline_hooks h = {.user = &s, .stage_start = on_start, .stage_done = on_done};
    struct pc_pipeline_opts o = {.rundir = rundir};
    struct pc_pipeline_result res;
    int rc = pc_pipeline_run(&cfg, &o, &h, &res, &err);
    assert_int_equal(rc, PC_OK);
    assert_int_equal(res.inputs, 1);
    assert_int_equal(res.rows, lines);
    assert_int_equal(res.stages, 6); /* parse, investigate, curate, split, report, assess */
    assert_int_equal(s.started, 6);
    assert_int_equal(s.done, 6);
    assert_int_equal(s.reused, 0);
    assert_string_equal(s.names[0], "parse:Appliances");
    assert_string_equal(s.names[1], "investigate");
    assert_true(res.items > 0 && res.sample > 0 && res.train > 0);

    /* run.json: the input's SHA-256 (computed while parse read it) */
    char path[4400], want[65];
    snprintf(path, sizeof path, "%s/run.json", rundir);
    struct pc_run_state st;
    pc_run_state_init(&st);
    assert_int_equal(pc_run_state_load(&st, path, &err), PC_OK);
    file_sha256(raw, want);
    assert_int_equal(st.ninputs, 1);
    assert_string_equal(st.inputs[0].sha256, want);
    pc_run_state_release(&st);

    /* the same call again: everything reused, same counts */
    struct pc_pipeline_result res2;
    memset(&s, 0, sizeof s);
    assert_int_equal(pc_pipeline_run(&cfg, &o, &h, &res2, &err), PC_OK);
    assert_int_equal(res2.reused, 6);
    assert_int_equal(s.reused, 6);
    assert_true(res2.items == res.items && res2.sample == res.sample && res2.rows == res.rows);

    /* a held lock: PC_EBUSY at once, naming the holder */
    snprintf(path, sizeof path, "%s/.lock", rundir);
    int fd = open(path, O_RDWR | O_CREAT, 0666);
    assert_true(fd >= 0);
    assert_int_equal(flock(fd, LOCK_EX | LOCK_NB), 0);
    char pid[32];
    int pn = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    assert_int_equal(pwrite(fd, pid, (size_t)pn, 0), pn);
    pc_error_clear(&err);
    assert_int_equal(pc_pipeline_run(&cfg, &o, &h, NULL, &err), PC_EBUSY);
    pid[pn - 1] = '\0';
    assert_non_null(strstr(err.message, pid));
    close(fd);

    pc_runcfg_release(&cfg);
    char cmd[4400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(pipeline_library)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
