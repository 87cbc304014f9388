/* Fuzz target for the items reader and what consumes its fields: each input line goes
 * through pc_items_parse_line; accepted lines feed the JSONL / OpenAI row writers and, all
 * together, the slot balancing with a tiny slot cap (so the weighted draw runs). Must never
 * crash, leak or hang; the writers must accept every string the parser returns. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pricer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pc_json_doc *doc = pc_json_doc_new();
    if (!doc) return 0;
    size_t cap = 64, n = 0;
    int32_t *slot = malloc(cap * sizeof *slot);
    uint32_t *w = malloc(cap * sizeof *w);
    struct pc_buf b;
    pc_buf_init(&b, 1 << 24);
    const char *p = (const char *)data, *end = p + size;
    while (p < end && slot && w) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        struct pc_item_view v;
        struct pc_error err;
        if (pc_items_parse_line(doc, p, len, &v, &err) == PC_OK) {
            pc_buf_reset(&b);
            pc_jsonl_put_row(&b, v.prompt, v.prompt_len, v.price);
            pc_openai_put_line(&b, v.test_prompt, v.test_prompt_len, v.price);
            if (n < cap) {
                slot[n] = pc_curate_slot(v.price) % 4;
                w[n] = (uint32_t)(v.category_len % 3);
                n++;
            }
        }
        p += len + 1;
    }
    if (slot && w) {
        struct pc_curate_opts o;
        pc_curate_opts_init(&o);
        o.slot_min = 0;
        o.slot_max = 3;
        o.slot_cap = 2;
        uint32_t *sel = NULL;
        size_t n_sel = 0;
        if (pc_balance_select(&o, slot, w, n, &sel, &n_sel, NULL) == PC_OK) free(sel);
    }
    pc_buf_release(&b);
    free(slot);
    free(w);
    pc_json_doc_free(doc);
    return 0;
}
