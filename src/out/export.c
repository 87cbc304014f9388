/* JSONL rows, OpenAI fine-tune lines and the dataset card. */
#include "out/export.h"

#include <stdio.h>
#include <string.h>

#include "json/json.h"

#define TRY(x)                                                                                     \
    do {                                                                                           \
        int rc_ = (x);                                                                             \
        if (rc_ != 0) return rc_;                                                                  \
    } while (0)

int pc_jsonl_put_row(struct pc_buf *out, const char *text, size_t len, double price)
{
    char num[40];
    TRY(pc_buf_puts(out, "{\"text\": "));
    TRY(pc_json_put_str(out, text, len, 0));
    TRY(pc_buf_puts(out, ", \"price\": "));
    TRY(pc_buf_append(out, num, pc_py_float_repr(price, num)));
    return pc_buf_puts(out, "}\n");
}

/* Appends s[0..n) with every occurrence of pat removed (left to right, non-overlapping). */
static int put_removing(struct pc_buf *out, const char *s, size_t n, const char *pat)
{
    size_t m = strlen(pat), i = 0, from = 0;
    while (i + m <= n) {
        if (memcmp(s + i, pat, m) == 0) {
            TRY(pc_buf_append(out, s + from, i - from));
            i += m;
            from = i;
        } else {
            i++;
        }
    }
    return pc_buf_append(out, s + from, n - from);
}

int pc_openai_put_line(struct pc_buf *out, const char *test_prompt, size_t len, double price)
{
    struct pc_buf a, b;
    pc_buf_init(&a, 0);
    pc_buf_init(&b, 0);
    int rc = put_removing(&a, test_prompt, len, " to the nearest dollar");
    if (!rc) rc = put_removing(&b, a.data ? a.data : "", a.len, "\n\nPrice is $");
    if (!rc)
        rc = pc_buf_puts(out,
                         "{\"messages\": [{\"role\": \"system\", \"content\": \"" PC_OPENAI_SYSTEM
                         "\"}, {\"role\": \"user\", \"content\": ");
    if (!rc) rc = pc_json_put_str(out, b.data ? b.data : "", b.len, 1);
    if (!rc)
        rc = pc_buf_printf(out, "}, {\"role\": \"assistant\", \"content\": \"Price is $%.2f\"}]}",
                           price);
    pc_buf_release(&a);
    pc_buf_release(&b);
    return rc;
}

uint64_t pc_card_num_bytes(uint64_t rows, uint64_t text_bytes)
{
    return text_bytes + 4 * (rows + 1) + 8 * rows;
}

int pc_card_put(struct pc_buf *out, const char *title, const struct pc_card_split *splits,
                size_t n_splits)
{
    uint64_t download = 0, size = 0;
    for (size_t i = 0; i < n_splits; i++) {
        download += splits[i].parquet_bytes;
        size += splits[i].num_bytes;
    }
    TRY(pc_buf_puts(out, "---\nconfigs:\n- config_name: default\n  data_files:\n"));
    for (size_t i = 0; i < n_splits; i++)
        TRY(pc_buf_printf(out, "  - split: %s\n    path: data/%s-*\n", splits[i].name,
                          splits[i].name));
    TRY(pc_buf_puts(out, "dataset_info:\n  features:\n  - name: text\n    dtype: string\n"
                         "  - name: price\n    dtype: float64\n  splits:\n"));
    for (size_t i = 0; i < n_splits; i++)
        TRY(pc_buf_printf(out, "  - name: %s\n    num_bytes: %llu\n    num_examples: %llu\n",
                          splits[i].name, (unsigned long long)splits[i].num_bytes,
                          (unsigned long long)splits[i].rows));
    TRY(pc_buf_printf(out, "  download_size: %llu\n  dataset_size: %llu\n---\n\n",
                      (unsigned long long)download, (unsigned long long)size));
    TRY(pc_buf_printf(out, "# %s\n\n", title ? title : "pricer-data"));
    TRY(pc_buf_puts(out,
                    "Price-prediction training data curated by pricer from Amazon Reviews 2023 "
                    "product metadata.\nEach row has `text` (train: the full prompt ending "
                    "`Price is $N.00`; test: the prompt cut after `Price is $`) and `price` "
                    "(the item's price in US dollars).\n\n| split | rows |\n|---|---|\n"));
    for (size_t i = 0; i < n_splits; i++)
        TRY(pc_buf_printf(out, "| %s | %llu |\n", splits[i].name,
                          (unsigned long long)splits[i].rows));
    TRY(pc_buf_puts(out, "\nLoad with `datasets.load_dataset(\"parquet\", data_dir=\"data\")` or "
                         "upload this folder to the Hugging Face Hub as is.\n"));
    return PC_OK;
}
