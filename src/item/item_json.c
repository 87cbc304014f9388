/* The items JSONL line (docs/formats.md). */
#include <stdio.h>
#include <string.h>

#include "item/item.h"
#include "json/json.h"

int pc_item_write_json(struct pc_buf *out, const char *category, const struct pc_item *it,
                       const char *source)
{
    int rc;
    char num[40];
#define TRY(x)                                                                                     \
    do {                                                                                           \
        if ((rc = (x)) != PC_OK) return rc;                                                        \
    } while (0)
    TRY(pc_buf_puts(out, "{\"category\": "));
    TRY(pc_json_put_str(out, category, strlen(category), 0));
    TRY(pc_buf_puts(out, ", \"title\": "));
    TRY(pc_json_put_str(out, it->title, it->title_len, 0));
    TRY(pc_buf_puts(out, ", \"price\": "));
    size_t n = pc_py_float_repr(it->price, num);
    TRY(pc_buf_append(out, num, n));
    TRY(pc_buf_printf(out, ", \"token_count\": %zu, \"parent_asin\": ", it->token_count));
    if (it->parent_asin)
        TRY(pc_json_put_str(out, it->parent_asin, it->parent_asin_len, 0));
    else
        TRY(pc_buf_puts(out, "null"));
    TRY(pc_buf_puts(out, ", \"prompt\": "));
    TRY(pc_json_put_str(out, it->prompt, it->prompt_len, 0));
    TRY(pc_buf_puts(out, ", \"test_prompt\": "));
    TRY(pc_json_put_str(out, it->prompt, it->test_prompt_len, 0));
    if (source) {
        TRY(pc_buf_puts(out, ", \"source\": "));
        TRY(pc_json_put_str(out, source, strlen(source), 0));
    }
    TRY(pc_buf_puts(out, ", \"details\": "));
    if (it->details)
        TRY(pc_json_put_str(out, it->details, it->details_len, 0));
    else
        TRY(pc_buf_puts(out, "null"));
    TRY(pc_buf_puts(out, "}\n"));
#undef TRY
    return PC_OK;
}
