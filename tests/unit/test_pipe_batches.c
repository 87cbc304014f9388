/* The batch sizes of the parse pipeline's reader (pipe/source.h, issue 8): with one thread
 * every batch is full (PC_PIPE_BATCH_BYTES); with several, the first batches start at
 * PC_PIPE_BATCH_MIN and grow, and the batches of the last input shrink to about what is left
 * over 2 * threads, down to PC_PIPE_BATCH_MIN. Whatever the sizes, the batches hold every
 * line once, in order, with its number. The inputs are generated lines of known lengths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pipe/source.h"

enum { LINE = 1000 }; /* bytes of every line, its newline included */

/* n lines of LINE bytes: "<number> xxx...\n" */
static char *make_lines(size_t n)
{
    char *d = malloc(n * LINE);
    assert_non_null(d);
    for (size_t i = 0; i < n; i++) {
        char *l = d + i * LINE;
        memset(l, 'x', LINE - 1);
        int k = snprintf(l, LINE, "%zu ", i + 1);
        l[k] = 'x';
        l[LINE - 1] = '\n';
    }
    return d;
}

struct seen {
    size_t batches, lines;
    size_t bytes[512]; /* bytes of lines of each batch */
    int source[512];
};

/* Fills every batch of the inputs (each a memory reader over data[k], n[k] lines) with the
 * given thread count, checking lines are complete, in order and numbered. */
static void run(size_t nin, char **data, const size_t *n, int threads, struct seen *s)
{
    struct pc_parse_input in[4];
    struct pc_error err;
    for (size_t k = 0; k < nin; k++) {
        in[k] = (struct pc_parse_input){"mem", "C", NULL, 0};
        assert_int_equal(pc_reader_open_mem(&in[k].reader, data[k], n[k] * LINE, 0, "mem", &err),
                         PC_OK);
    }
    struct pc_pipe_source src;
    pc_pipe_source_init(&src, in, nin);
    src.threads = threads;
    struct pc_pipe_batch b;
    memset(&b, 0, sizeof b);
    pc_line_batch_init(&b.lines);
    memset(s, 0, sizeof *s);
    size_t expect_line = 1;
    int cur = 0;
    int rc;
    while ((rc = pc_pipe_source_fill(&src, &b, &err)) == 1) {
        assert_true(s->batches < 512);
        if (b.source != cur) { /* next input: numbering restarts */
            assert_int_equal(b.source, cur + 1);
            assert_int_equal(expect_line, n[cur] + 1);
            cur = b.source;
            expect_line = 1;
        }
        size_t bytes = 0;
        for (size_t i = 0; i < b.lines.n; i++) {
            assert_int_equal(b.lines.lines[i].line_no, (int64_t)expect_line);
            assert_int_equal(b.lines.lines[i].len, LINE - 1);
            assert_int_equal(strtoull(pc_line_batch_text(&b.lines, i), NULL, 10), expect_line);
            bytes += LINE;
            expect_line++;
        }
        s->source[s->batches] = b.source;
        s->bytes[s->batches++] = bytes;
        s->lines += b.lines.n;
    }
    assert_int_equal(rc, 0);
    assert_int_equal(cur, (int)nin - 1);
    assert_int_equal(expect_line, n[nin - 1] + 1);
    pc_line_batch_release(&b.lines);
    pc_pipe_source_release(&src);
    for (size_t k = 0; k < nin; k++) pc_reader_free(in[k].reader);
}

static void test_one_thread_full_batches(void **state)
{
    size_t n = 12000; /* 12 MB */
    char *d = make_lines(n);
    struct seen s;
    run(1, &d, &n, 1, &s);
    assert_int_equal(s.lines, n);
    for (size_t i = 0; i + 1 < s.batches; i++) /* full, within one line */
        assert_true(s.bytes[i] >= PC_PIPE_BATCH_BYTES && s.bytes[i] < PC_PIPE_BATCH_BYTES + LINE);
    free(d);
}

static void test_ramp_and_guided_tail(void **state)
{
    size_t n = 30000; /* 30 MB */
    char *d = make_lines(n);
    struct seen s;
    int t = 2;
    run(1, &d, &n, t, &s);
    assert_int_equal(s.lines, n);
    /* the first t batches are the smallest, then they double up to full */
    for (int i = 0; i < t; i++) assert_true(s.bytes[i] < PC_PIPE_BATCH_MIN + LINE);
    for (int i = t; i < 4 * t; i++) assert_true(s.bytes[i] >= s.bytes[i - 1]);
    int full = 0;
    for (size_t i = 0; i < s.batches; i++) full += s.bytes[i] >= PC_PIPE_BATCH_BYTES;
    assert_true(full >= 6); /* the middle is full batches */
    /* the tail: each batch at most what was left over 2t (+ a line), the last ones minimal */
    size_t left = n * LINE;
    for (size_t i = 0; i < s.batches; i++) {
        size_t cap = left / (2 * (size_t)t);
        if (cap < PC_PIPE_BATCH_MIN) cap = PC_PIPE_BATCH_MIN;
        /* the reader reads ahead of the lines, so "left" is an upper bound on what it sees */
        assert_true(s.bytes[i] < cap + LINE || s.bytes[i] < PC_PIPE_BATCH_BYTES + LINE);
        if (i + 3 >= s.batches) assert_true(s.bytes[i] < PC_PIPE_BATCH_MIN + LINE);
        left -= s.bytes[i];
    }
    assert_true(s.bytes[s.batches - 4] < PC_PIPE_BATCH_BYTES); /* it did shrink */
    free(d);
}

static void test_several_inputs(void **state)
{
    /* the ramp only at the start of the first input, the tail only in the last */
    size_t n[3] = {9000, 9000, 9000};
    char *d[3] = {make_lines(n[0]), make_lines(n[1]), make_lines(n[2])};
    struct seen s;
    run(3, d, n, 3, &s);
    assert_int_equal(s.lines, n[0] + n[1] + n[2]);
    assert_true(s.bytes[0] < PC_PIPE_BATCH_MIN + LINE);
    size_t last_of_0 = 0, first_of_1 = 0;
    for (size_t i = 0; i < s.batches; i++) {
        if (s.source[i] == 0) last_of_0 = i;
        if (s.source[i] == 1 && !first_of_1) first_of_1 = i;
    }
    /* input 0 ends with a full batch before its remainder, input 1 starts full */
    assert_true(s.bytes[last_of_0 - 1] >= PC_PIPE_BATCH_BYTES);
    assert_true(s.bytes[first_of_1] >= PC_PIPE_BATCH_BYTES);
    assert_true(s.bytes[s.batches - 1] < PC_PIPE_BATCH_MIN + LINE);
    for (int k = 0; k < 3; k++) free(d[k]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_thread_full_batches),
        cmocka_unit_test(test_ramp_and_guided_tail),
        cmocka_unit_test(test_several_inputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
