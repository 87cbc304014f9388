/* Fuzz target: arbitrary bytes as an items / split JSONL stream. Every line goes through
 * pc_rec_parse and into an assessment (items mode, and split mode with lines spread over
 * test and train) and into the report's item stats; then the findings are rendered as text,
 * JSON (which must parse back) and HTML, and the charts as SVG. Must never crash. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pricer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pc_assess_opts o;
    pc_assess_opts_default(&o);
    o.examples = 10;
    struct pc_assess *ai = pc_assess_new(&o, PC_ASSESS_ITEMS);
    struct pc_assess *as = pc_assess_new(&o, PC_ASSESS_SPLIT);
    struct pc_json_doc *doc = pc_json_doc_new();
    struct pc_items_stats st;
    if (!ai || !as || !doc || pc_items_stats_init(&st)) abort();
    pc_assess_set_file(ai, PC_PART_MAIN, "items.jsonl");
    pc_assess_set_file(as, PC_PART_TEST, "test.jsonl");
    pc_assess_set_file(as, PC_PART_MAIN, "train.jsonl");
    const char *p = (const char *)data, *end = p + size;
    int64_t line = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        line++;
        struct pc_rec r;
        int part = (line & 1) ? PC_PART_TEST : PC_PART_MAIN;
        if (pc_rec_parse(doc, p, len, &r, NULL) == PC_OK) {
            pc_assess_add(ai, PC_PART_MAIN, line, &r);
            pc_assess_add(as, part, line, &r);
            pc_items_stats_add(&st, &r, -1);
        } else {
            pc_assess_add_bad(ai, PC_PART_MAIN, line, "bad");
            pc_assess_add_bad(as, part, line, "bad");
        }
        p += len + (nl ? 1 : 0);
    }
    pc_assess_finish(ai);
    pc_assess_finish(as);
    pc_assess_set_before(as, ai);
    struct pc_buf b;
    pc_buf_init(&b, 0);
    pc_assess_text(ai, &b);
    pc_assess_text(as, &b);
    pc_assess_html(ai, &b);
    pc_buf_reset(&b);
    if (pc_assess_json(as, &b) == PC_OK) {
        const struct pc_json_val *root;
        if (pc_json_parse(doc, b.data, b.len, &root, NULL) != PC_OK) abort();
    }
    struct pc_report_input in = {0};
    in.items = &st;
    in.items_path = "items.jsonl";
    in.assess_items = ai;
    struct pc_report_out out;
    pc_report_build(&in, "r_files", &out);
    pc_report_out_release(&out);
    pc_buf_release(&b);
    pc_items_stats_release(&st);
    pc_json_doc_free(doc);
    pc_assess_free(ai);
    pc_assess_free(as);
    return 0;
}
