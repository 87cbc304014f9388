/* src/io/lines: "\n", "\r\n" and lone "\r" terminators (SPEC §1.1 step 1) across read
 * boundaries, numbering, offsets, over-long lines skipped and reported, batches. Expected
 * lines come from hand-written cases and from a naive byte-at-a-time splitter written here
 * independently of the streaming one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pricer.h"
#include "io/lines.h"

struct ref_line {
    size_t start, len;
};

/* Python universal-newlines splitting, one byte at a time. */
static size_t ref_split(const char *s, size_t n, struct ref_line *out)
{
    size_t k = 0, start = 0, i = 0;
    while (i < n) {
        if (s[i] == '\n' || s[i] == '\r') {
            out[k].start = start;
            out[k++].len = i - start;
            i += (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
            start = i;
        } else {
            i++;
        }
    }
    if (start < n) {
        out[k].start = start;
        out[k++].len = n - start;
    }
    return k;
}

/* Splits s with the streaming splitter (reads of at most max_read bytes) and compares every
 * line with the reference; lines longer than max_line must come back as too_long. */
static void compare(const char *s, size_t n, size_t max_read, size_t max_line)
{
    struct ref_line *ref = malloc((n + 1) * sizeof *ref);
    size_t nref = ref_split(s, n, ref);
    struct pc_reader *r;
    struct pc_lines *ls;
    assert_int_equal(pc_reader_open_mem(&r, s, n, max_read, "t", NULL), PC_OK);
    assert_int_equal(pc_lines_new(&ls, r, max_line), PC_OK);
    struct pc_line l;
    size_t i = 0;
    int rc;
    while ((rc = pc_lines_next(ls, &l, NULL)) == 1) {
        assert_true(i < nref);
        assert_int_equal(l.line_no, (int64_t)i + 1);
        assert_int_equal(l.offset, ref[i].start);
        assert_int_equal(l.len, ref[i].len);
        if (ref[i].len > max_line) {
            assert_true(l.too_long);
            assert_null(l.ptr);
        } else {
            assert_false(l.too_long);
            assert_memory_equal(l.ptr, s + ref[i].start, l.len);
            assert_int_equal(l.ptr[l.len], '\0');
        }
        i++;
    }
    assert_int_equal(rc, 0);
    assert_int_equal(i, nref);
    assert_int_equal(pc_lines_next(ls, &l, NULL), 0); /* stays at the end */
    pc_lines_free(ls);
    pc_reader_free(r);
    free(ref);
}

static void terminators(void **state)
{
    static const char *cases[] = {
        "a\nb\n",     "a\r\nb\r\n",
        "a\rb\r",     "a\n\nb",
        "\n",         "\r\n",
        "\r",         "\r\r\n\n",
        "",           "no newline",
        "x\r\n\r\ny", "\n\r",
        "a\r\rb",     "{\"k\": 1}\r\n{\"k\": 2}\r{\"k\": 3}\n",
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
        for (size_t mr = 0; mr <= 4; mr++) compare(cases[c], strlen(cases[c]), mr, 64);
}

static void hand_checked(void **state)
{
    const char *s = "one\r\ntwo\rthree\n\nfour";
    const char *want[] = {"one", "two", "three", "", "four"};
    const uint64_t offs[] = {0, 5, 9, 15, 16};
    struct pc_reader *r;
    struct pc_lines *ls;
    assert_int_equal(pc_reader_open_mem(&r, s, strlen(s), 1, "t", NULL), PC_OK);
    assert_int_equal(pc_lines_new(&ls, r, 0), PC_OK);
    struct pc_line l;
    for (int i = 0; i < 5; i++) {
        assert_int_equal(pc_lines_next(ls, &l, NULL), 1);
        assert_string_equal(l.ptr, want[i]);
        assert_int_equal(l.line_no, i + 1);
        assert_int_equal(l.offset, offs[i]);
    }
    assert_int_equal(pc_lines_next(ls, &l, NULL), 0);
    assert_ptr_equal(pc_lines_reader(ls), r);
    pc_lines_free(ls);
    pc_reader_free(r);
}

static void random_inputs(void **state)
{
    uint64_t x = 88172645463325252ull;
    char buf[3000];
    static const char alphabet[] = "ab\r\n\n{}\"";
    for (int round = 0; round < 3000; round++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        size_t n = x % sizeof buf;
        for (size_t i = 0; i < n; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            buf[i] = alphabet[x % (sizeof alphabet - 1)];
        }
        compare(buf, n, x % 7, 1 + (x >> 20) % 12);
    }
}

static void long_lines_skipped_while_streaming(void **state)
{
    /* a 5 MiB line among short ones, with a 1 MiB limit; also at end of input and with
     * "\r\n" split around the limit */
    size_t big = 5 << 20;
    size_t n = big + 64;
    char *s = malloc(n);
    strcpy(s, "short\n");
    memset(s + 6, 'x', big);
    memcpy(s + 6 + big, "\r\nafter\n", 8);
    size_t len = 6 + big + 8;
    compare(s, len, 0, 1 << 20);
    compare(s, len, 65536, 1 << 20);
    compare(s, 6 + big, 0, 1 << 20);     /* ends inside the long line */
    compare(s, 6 + big + 1, 0, 1 << 20); /* ends with its "\r" */
    compare(s, len, 0, big);             /* exactly at the limit: kept */
    compare(s, len, 0, big - 1);
    /* reported line number and length */
    struct pc_reader *r;
    struct pc_lines *ls;
    assert_int_equal(pc_reader_open_mem(&r, s, len, 0, "t", NULL), PC_OK);
    assert_int_equal(pc_lines_new(&ls, r, 1 << 20), PC_OK);
    struct pc_line l;
    assert_int_equal(pc_lines_next(ls, &l, NULL), 1);
    assert_int_equal(pc_lines_next(ls, &l, NULL), 1);
    assert_true(l.too_long);
    assert_int_equal(l.line_no, 2);
    assert_int_equal(l.len, big);
    assert_int_equal(pc_lines_next(ls, &l, NULL), 1);
    assert_string_equal(l.ptr, "after");
    assert_int_equal(l.line_no, 3);
    pc_lines_free(ls);
    pc_reader_free(r);
    free(s);
}

static void batches(void **state)
{
    size_t n = 2000000;
    char *s = malloc(n);
    uint32_t x = 7;
    for (size_t i = 0; i < n; i++) {
        x = x * 1664525u + 1013904223u;
        s[i] =
            (x >> 24) % 50 == 0 ? ((x >> 8) % 3 == 0 ? '\r' : '\n') : (char)('a' + (x >> 16) % 26);
    }
    struct ref_line *ref = malloc(n * sizeof *ref);
    size_t nref = ref_split(s, n, ref);
    struct pc_reader *r;
    struct pc_lines *ls;
    assert_int_equal(pc_reader_open_mem(&r, s, n, 100000, "t", NULL), PC_OK);
    assert_int_equal(pc_lines_new(&ls, r, 40), PC_OK);
    struct pc_line_batch b;
    pc_line_batch_init(&b);
    size_t seen = 0, too_long = 0;
    uint64_t seq = 0;
    int k;
    while ((k = pc_lines_fill(ls, &b, 10000, 100, NULL)) > 0) {
        assert_int_equal(b.seq, seq++);
        assert_int_equal((size_t)k, b.n);
        assert_true(b.n <= 100);
        for (size_t i = 0; i < b.n; i++, seen++) {
            assert_int_equal(b.lines[i].line_no, (int64_t)seen + 1);
            assert_int_equal(b.lines[i].len, ref[seen].len);
            assert_int_equal(b.lines[i].offset, ref[seen].start);
            const char *t = pc_line_batch_text(&b, i);
            if (ref[seen].len > 40) {
                assert_null(t);
                too_long++;
            } else {
                assert_memory_equal(t, s + ref[seen].start, ref[seen].len);
                assert_int_equal(t[ref[seen].len], '\0');
            }
        }
    }
    assert_int_equal(k, 0);
    assert_int_equal(seen, nref);
    assert_true(too_long > 0);
    /* a byte cap smaller than one line still returns that line alone */
    pc_lines_free(ls);
    pc_reader_free(r);
    assert_int_equal(pc_reader_open_mem(&r, "abcdef\ngh\n", 10, 0, "t", NULL), PC_OK);
    assert_int_equal(pc_lines_new(&ls, r, 0), PC_OK);
    assert_int_equal(pc_lines_fill(ls, &b, 2, 0, NULL), 1);
    assert_string_equal(pc_line_batch_text(&b, 0), "abcdef");
    assert_int_equal(pc_lines_fill(ls, &b, 2, 0, NULL), 1);
    assert_string_equal(pc_line_batch_text(&b, 0), "gh");
    assert_int_equal(pc_lines_fill(ls, &b, 2, 0, NULL), 0);
    pc_line_batch_release(&b);
    pc_lines_free(ls);
    pc_reader_free(r);
    free(ref);
    free(s);
}

/* A read error in the middle of the stream reaches the caller with the line number. */
static void errors_carry_line_numbers(void **state)
{
    /* gzip of "a\nb\nc\n" truncated: valid header, cut deflate data */
    static const unsigned char gz[] = {0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00,
                                       0x00, 0x00, 0x03, 0x4b, 0xe4, 0x4a, 0xe2};
    struct pc_reader *r;
    struct pc_lines *ls;
    struct pc_error err;
    pc_error_clear(&err);
    assert_int_equal(pc_reader_open_mem(&r, gz, sizeof gz, 0, "x.gz", &err), PC_OK);
    assert_int_equal(pc_lines_new(&ls, r, 0), PC_OK);
    struct pc_line l;
    int rc;
    int lines = 0;
    while ((rc = pc_lines_next(ls, &l, &err)) == 1) lines++;
    assert_int_equal(rc, PC_EFORMAT);
    assert_string_equal(err.file, "x.gz");
    assert_int_equal(err.line_no, lines + 1);
    assert_non_null(strstr(err.message, "truncated gzip"));
    pc_lines_free(ls);
    pc_reader_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(terminators),   cmocka_unit_test(hand_checked),
        cmocka_unit_test(random_inputs), cmocka_unit_test(long_lines_skipped_while_streaming),
        cmocka_unit_test(batches),       cmocka_unit_test(errors_carry_line_numbers),
    };
    if (getenv("T")) cmocka_set_test_filter(getenv("T"));
    return cmocka_run_group_tests(tests, NULL, NULL);
}
