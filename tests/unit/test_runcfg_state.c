/* Unit tests of src/run/runstate.h: run.json written and read back (stages, outputs,
 * counts, inputs), the input-hash cache (reused only when size and mtime match), output
 * integrity checks used by resume, and failed stages never being reused. SHA-256 values of
 * known contents are the FIPS 180-4 examples. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "pricer.h"

static char dir[256];

static void put_file(const char *rel, const char *content)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, rel);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fputs(content, f);
    fclose(f);
}

static void roundtrip(void **state)
{
    strcpy(dir, "/tmp/pc_runstate_XXXXXX");
    assert_non_null(mkdtemp(dir));
    put_file("meta_A.jsonl", "abc");
    put_file("out.jsonl", "");
    char in[512], json[512];
    snprintf(in, sizeof in, "%s/meta_A.jsonl", dir);
    snprintf(json, sizeof json, "%s/run.json", dir);

    struct pc_run_state s, back;
    struct pc_error err;
    pc_error_clear(&err);
    pc_run_state_init(&s);
    assert_int_equal(pc_run_add_input(&s, in, "A", NULL, &err), PC_OK);
    assert_string_equal(s.inputs[0].sha256,
                        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_int_equal(s.inputs[0].size, 3);
    char *argv[] = {"parse", "-o", "x", "in \"quoted\" \xc3\xa9"};
    struct pc_run_stage *st = pc_run_state_add_stage(&s, "parse:A", argv, 4);
    assert_non_null(st);
    strcpy(st->fingerprint, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    assert_int_equal(pc_run_stage_add_output(st, dir, "out.jsonl", &err), PC_OK);
    assert_string_equal(st->outputs[0].sha256,
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_int_equal(pc_run_stage_add_count(st, "items", 12345678901ull), PC_OK);
    assert_int_equal(pc_run_stage_add_output(st, dir, "missing.jsonl", &err), PC_EIO);
    struct pc_run_stage *bad = pc_run_state_add_stage(&s, "curate", argv, 1);
    bad->status = PC_STAGE_FAILED;
    st = pc_run_state_stage(&s, "parse:A"); /* adding a stage may move the records */
    assert_int_equal(
        pc_run_state_write(&s, json, "\"pricer_version\": \"x\"", "\"complete\": false", &err),
        PC_OK);

    pc_run_state_init(&back);
    assert_int_equal(pc_run_state_load(&back, json, &err), PC_OK);
    assert_int_equal(back.ninputs, 1);
    assert_string_equal(back.inputs[0].sha256, s.inputs[0].sha256);
    assert_string_equal(back.inputs[0].category, "A");
    assert_true(back.inputs[0].mtime_ns == s.inputs[0].mtime_ns);
    struct pc_run_stage *b = pc_run_state_stage(&back, "parse:A");
    assert_non_null(b);
    assert_string_equal(b->fingerprint, st->fingerprint);
    assert_int_equal(b->noutputs, 1);
    assert_int_equal(b->ncounts, 1);
    assert_true(b->counts[0].value == 12345678901ull);
    assert_null(pc_run_state_stage(&back, "curate")); /* failed stages are never reused */
    assert_int_equal(pc_run_stage_outputs_intact(b, dir), 1);

    /* the hash cache: a matching size and mtime reuse the recorded hash ... */
    strcpy(back.inputs[0].sha256, "cached");
    struct pc_run_state again;
    pc_run_state_init(&again);
    assert_int_equal(pc_run_add_input(&again, in, "A", &back, &err), PC_OK);
    assert_string_equal(again.inputs[0].sha256, "cached");
    pc_run_state_release(&again);
    /* ... a different mtime does not */
    back.inputs[0].mtime_ns += 1;
    pc_run_state_init(&again);
    assert_int_equal(pc_run_add_input(&again, in, "A", &back, &err), PC_OK);
    assert_string_equal(again.inputs[0].sha256, s.inputs[0].sha256);
    pc_run_state_release(&again);

    /* outputs changed or gone: not intact */
    put_file("out.jsonl", "x");
    assert_int_equal(pc_run_stage_outputs_intact(b, dir), 0);
    char p[512];
    snprintf(p, sizeof p, "%s/out.jsonl", dir);
    unlink(p);
    assert_int_equal(pc_run_stage_outputs_intact(b, dir), 0);

    /* a missing or damaged run.json */
    put_file("bad.json", "{\"stages\": [");
    snprintf(p, sizeof p, "%s/bad.json", dir);
    struct pc_run_state x;
    pc_run_state_init(&x);
    assert_int_equal(pc_run_state_load(&x, p, &err), PC_EFORMAT);
    pc_run_state_release(&x);
    snprintf(p, sizeof p, "%s/none.json", dir);
    assert_int_equal(pc_run_state_load(&x, p, &err), PC_ENOTFOUND);
    pc_run_state_release(&x);

    pc_run_state_release(&back);
    pc_run_state_release(&s);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(roundtrip)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
