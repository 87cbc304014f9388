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

/* 1 when s can stand unquoted in YAML (a license id such as "cc-by-4.0"). */
static int plain_id(const char *s)
{
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '.' || *p == '_'))
            return 0;
    return 1;
}

/* The Hub's size_categories value for n rows. */
static const char *size_category(uint64_t n)
{
    if (n < 1000) return "n<1K";
    if (n < 10000) return "1K<n<10K";
    if (n < 100000) return "10K<n<100K";
    if (n < 1000000) return "100K<n<1M";
    if (n < 10000000) return "1M<n<10M";
    return "10M<n<100M";
}

int pc_card_put(struct pc_buf *out, const char *title, const char *license,
                const struct pc_card_split *splits, size_t n_splits)
{
    uint64_t download = 0, size = 0, rows = 0;
    for (size_t i = 0; i < n_splits; i++) {
        download += splits[i].parquet_bytes;
        size += splits[i].num_bytes;
        rows += splits[i].rows;
    }
    if (!license || !*license) license = "other";
    int other = !strcmp(license, "other");
    TRY(pc_buf_puts(out, "---\nlicense: "));
    TRY(plain_id(license) ? pc_buf_puts(out, license)
                          : pc_json_put_str(out, license, strlen(license), 1));
    if (other)
        TRY(pc_buf_puts(out, "\nlicense_name: amazon-reviews-2023\n"
                             "license_link: https://amazon-reviews-2023.github.io/"));
    TRY(pc_buf_printf(out,
                      "\nlanguage:\n- en\ntask_categories:\n- text-generation\n"
                      "tags:\n- price-prediction\n- amazon\nsize_categories:\n- %s\n"
                      "source_datasets:\n- " PC_CARD_SOURCE "\npretty_name: ",
                      size_category(rows)));
    const char *t = title ? title : "pricer-data";
    TRY(pc_json_put_str(out, t, strlen(t), 1));
    TRY(pc_buf_puts(out, "\nconfigs:\n- config_name: default\n  data_files:\n"));
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
    TRY(pc_buf_printf(out, "# %s\n\n", t));
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
    TRY(pc_buf_puts(out, "\n## Source and license\n\nThe texts are derived from the item metadata "
                         "of [Amazon Reviews 2023](https://huggingface.co/datasets/" PC_CARD_SOURCE
                         ") (McAuley Lab, UC San Diego).\n"));
    if (other)
        TRY(pc_buf_puts(out, "The license is `other`: the source data comes with the Amazon "
                             "Reviews 2023 terms of use, which apply to this derived data too; "
                             "read them (https://amazon-reviews-2023.github.io/) before you use "
                             "or redistribute it. Set another license in pricer's configuration "
                             "if yours differs.\n"));
    else
        TRY(pc_buf_printf(out,
                          "License: `%s`; the Amazon Reviews 2023 terms of use apply to the "
                          "source data.\n",
                          license));
    TRY(pc_buf_puts(out, "\n## Citation\n\n```bibtex\n" PC_CARD_CITATION "```\n"));
    return PC_OK;
}
