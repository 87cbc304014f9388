/* Fuzz target for src/io: the first two bytes choose the read size (short reads split lines
 * and "\r\n" anywhere) and the line limit; the rest is the input. Lines from the streaming
 * splitter and from batches must equal those of a naive byte-at-a-time splitter, over-long
 * ones reported with their length. Inputs that start with a compression magic exercise the
 * decoders (errors are fine, crashes are not). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pricer.h"

static void check(int ok)
{
    if (!ok) abort();
}

/* End of the line starting at i and the start of the next one (naive reference). */
static size_t ref_next(const uint8_t *s, size_t n, size_t i, size_t *next)
{
    size_t j = i;
    while (j < n && s[j] != '\n' && s[j] != '\r') j++;
    *next = j < n ? j + 1 + (s[j] == '\r' && j + 1 < n && s[j + 1] == '\n') : n;
    return j;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    const uint8_t p0 = data[0], p1 = data[1];
    size_t max_read = p0 % 9;      /* 0 = unlimited */
    size_t max_line = 1 + p1 % 40; /* small, so long lines are common */
    data += 2;
    size -= 2;
    struct pc_reader *r;
    struct pc_lines *ls;
    struct pc_error err;
    if (pc_reader_open_mem(&r, data, size, max_read, "fuzz", &err) != PC_OK) return 0;
    int plain = pc_reader_compression(r) == PC_COMP_NONE;
    check(pc_lines_new(&ls, r, max_line) == PC_OK);
    struct pc_line l;
    size_t i = 0;
    int64_t no = 0;
    int rc;
    while ((rc = pc_lines_next(ls, &l, &err)) == 1) {
        check(l.line_no == ++no);
        if (plain) {
            size_t next, end = ref_next(data, size, i, &next);
            check(i < size && l.offset == i && l.len == end - i);
            check(l.too_long == (l.len > max_line));
            if (!l.too_long) check(memcmp(l.ptr, data + i, l.len) == 0 && l.ptr[l.len] == 0);
            i = next;
        }
    }
    check(rc <= 0);
    if (plain) check(rc == 0 && i == size);
    pc_lines_free(ls);
    pc_reader_free(r);

    /* the same input in batches */
    if (pc_reader_open_mem(&r, data, size, max_read, "fuzz", &err) != PC_OK) return 0;
    check(pc_lines_new(&ls, r, max_line) == PC_OK);
    struct pc_line_batch b;
    pc_line_batch_init(&b);
    i = 0;
    while ((rc = pc_lines_fill(ls, &b, 1 + p0 % 50, p1 % 4, &err)) > 0) {
        for (size_t k = 0; k < b.n && plain; k++) {
            size_t next, end = ref_next(data, size, i, &next);
            check(b.lines[k].len == end - i);
            const char *t = pc_line_batch_text(&b, k);
            check((t == NULL) == (end - i > max_line));
            if (t) check(memcmp(t, data + i, end - i) == 0);
            i = next;
        }
    }
    if (plain) check(rc == 0 && i == size);
    pc_line_batch_release(&b);
    pc_lines_free(ls);
    pc_reader_free(r);
    return 0;
}
