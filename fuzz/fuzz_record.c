#define _GNU_SOURCE
/* Fuzz target: line batching (any chunking, \n \r\n \r, over-long lines), the loader's record
 * conversion (SPEC §1.1-§1.2) and the item rules up to the tokenizer (contents, REMOVALS,
 * scrub). Checks invariants: batches hold whole lines whose count matches the numbering,
 * scrub output holds no scrubbed character, contents code points are counted consistently. */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pricer.h"

struct mem_in {
    const uint8_t *p;
    size_t n, pos, step;
};

static int mem_read(void *h, void *buf, size_t cap, size_t *got, struct pc_error *err)
{
    struct mem_in *m = h;
    size_t k = m->n - m->pos;
    if (k > cap) k = cap;
    if (k > m->step) k = m->step; /* odd chunk sizes split lines and "\r\n" pairs */
    memcpy(buf, m->p + m->pos, k);
    m->pos += k;
    *got = k;
    return PC_OK;
}

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
    struct mem_in m = {data, size, 0, size ? (size_t)data[0] % 7 + 1 : 1};
    struct pc_batcher bt;
    pc_batcher_init(&bt, mem_read, &m);
    bt.target = 64;
    bt.max_line = 256;
    struct pc_pipe_batch b;
    memset(&b, 0, sizeof b);
    pc_buf_init(&b.in, 0);
    int64_t expect_line = 1;
    for (;;) {
        struct pc_error err;
        int rc = pc_batcher_fill(&bt, &b, &err);
        assert(rc >= 0);
        if (rc == 0) break;
        assert(b.first_line == expect_line);
        if (b.overlong) {
            assert(b.in.len == 0);
            expect_line++;
            continue;
        }
        size_t pos = 0, len;
        const char *line;
        while (pc_batch_next_line(b.in.data, b.in.len, &pos, &line, &len)) {
            expect_line++;
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
            size_t cps = pc_cp_len(contents.data, contents.len);
            size_t cut = pc_cp_prefix(contents.data, contents.len, 1120);
            assert(cut <= contents.len && (cps > 1120 || cut == contents.len));
            check_scrub(contents.data, cut);
            if (rec.title && rec.title->type == PC_JSON_STRING)
                check_scrub(rec.title->u.str, rec.title->len);
        }
    }
    assert(m.pos == m.n);
    pc_buf_release(&b.in);
    pc_batcher_release(&bt);
    return 0;
}
