#define _GNU_SOURCE
/* Fuzz target: the pipeline's line source (any chunking, \n \r\n \r, over-long lines), the loader's
 * record conversion (SPEC §1.1-§1.2) and the item rules up to the tokenizer (contents, REMOVALS,
 * scrub). Checks invariants: lines are numbered without gaps and hold no terminator,
 * scrub output holds no scrubbed character, contents code points are counted consistently. */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pricer.h"

static struct pc_buf out, tmp, contents, tmp2;

static void check_scrub(const char *s, size_t n)
{
    pc_buf_reset(&out);
    if (pc_scrub(s, n, &out, &tmp) != PC_OK) return;
    if (out.len == 0) return;
    assert(out.data[0] != ' ' && out.data[out.len - 1] != ' ');
    assert(!memmem(out.data, out.len, "  ", 2));
    for (size_t i = 0; i < out.len; i++)
        assert(out.data[i] != ':' && out.data[i] != '"' && out.data[i] != '{' &&
               out.data[i] != '\n');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct pc_json_doc *doc;
    if (!doc) {
        doc = pc_json_doc_new();
        doc->max_depth = 64;
        pc_buf_init(&out, 0);
        pc_buf_init(&tmp, 0);
        pc_buf_init(&contents, 0);
        pc_buf_init(&tmp2, 0);
    }
    struct pc_reader *rd;
    size_t step = size ? (size_t)data[0] % 7 + 1 : 1; /* odd read sizes split lines */
    if (pc_reader_open_mem(&rd, data, size, step, "fuzz", NULL) != PC_OK) return 0;
    struct pc_parse_input in = {"fuzz", "Fuzz", rd, 0};
    struct pc_pipe_source src;
    pc_pipe_source_init(&src, &in, 1);
    src.max_line = 256;
    struct pc_pipe_batch b;
    memset(&b, 0, sizeof b);
    pc_line_batch_init(&b.lines);
    int64_t expect_line = 1;
    for (;;) {
        struct pc_error err;
        pc_error_clear(&err);
        int rc = pc_pipe_source_fill(&src, &b, &err);
        if (rc <= 0) break; /* compressed-looking garbage may fail: an error, not a crash */
        for (size_t li = 0; li < b.lines.n; li++) {
            assert(b.lines.lines[li].line_no == expect_line);
            expect_line++;
            if (b.lines.lines[li].too_long) continue;
            const char *line = pc_line_batch_text(&b.lines, li);
            size_t len = b.lines.lines[li].len;
            assert(!memchr(line, '\n', len) && !memchr(line, '\r', len));
            const struct pc_json_val *root;
            if (pc_json_parse(doc, line, len, &root, NULL) != PC_OK) {
                pc_line_invalid_reason(line, len);
                continue;
            }
            struct pc_record rec;
            if (pc_record_from_json(root, &rec) != PC_OUT_KEPT) continue;
            int priced;
            pc_record_price(&rec, 0.5, 999.49, &priced);
            pc_buf_reset(&tmp2);
            pc_record_price_str(&rec, &tmp2);
            pc_buf_reset(&contents);
            if (pc_item_contents(&rec, &contents, &tmp2) != PC_OK) continue;
            size_t cps = pc_utf8_count(contents.data, contents.len);
            size_t cut = pc_utf8_prefix(contents.data, contents.len, 1120);
            assert(cut <= contents.len && (cps > 1120 || cut == contents.len));
            check_scrub(contents.data, cut);
            if (rec.title && rec.title->type == PC_JSON_STRING)
                check_scrub(rec.title->u.str, rec.title->len);
        }
    }
    pc_line_batch_release(&b.lines);
    pc_pipe_source_release(&src);
    pc_reader_free(rd);
    return 0;
}
