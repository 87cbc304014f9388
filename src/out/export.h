/* Row formats of the split datasets (SPEC §5, §6.2): the `datasets`-loadable JSONL row, the
 * OpenAI chat fine-tuning line, and the Hugging Face dataset card. Pure functions appending
 * to a caller's buffer; thread-safe. */
#ifndef PC_OUT_EXPORT_H
#define PC_OUT_EXPORT_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

/* Appends `{"text": TEXT, "price": PRICE}\n`: TEXT with UTF-8 kept (json.dumps
 * ensure_ascii=False escaping), PRICE as Python repr(float). text must be valid UTF-8. */
int pc_jsonl_put_row(struct pc_buf *out, const char *text, size_t len, double price);

/* The system message of the OpenAI fine-tune lines (SPEC §6.2). */
#define PC_OPENAI_SYSTEM "You estimate prices of items. Reply only with the price, no explanation"

/* Appends one OpenAI chat fine-tune line (no newline), SPEC §6.2: the user content is
 * test_prompt with every " to the nearest dollar" and then every "\n\nPrice is $" removed;
 * the assistant content is "Price is $" + price with two decimals (correctly rounded);
 * Python json.dumps defaults (ASCII escapes, ", " and ": " separators). */
int pc_openai_put_line(struct pc_buf *out, const char *test_prompt, size_t len, double price);

/* One split of a dataset card. */
struct pc_card_split {
    const char *name;       /* "train", "test", "validation" */
    uint64_t rows;          /* num_examples */
    uint64_t num_bytes;     /* Arrow size: text bytes + 4 * (rows + 1) + 8 * rows */
    uint64_t parquet_bytes; /* size of the split's parquet file */
};

/* The source dataset and its citation (the Amazon Reviews 2023 paper), for the card. */
#define PC_CARD_SOURCE "McAuley-Lab/Amazon-Reviews-2023"
#define PC_CARD_CITATION                                                                           \
    "@article{hou2024bridging,\n"                                                                  \
    "  title={Bridging Language and Items for Retrieval and Recommendation},\n"                    \
    "  author={Hou, Yupeng and Li, Jiacheng and He, Zhankui and Yan, An and Chen, Xiusi and "      \
    "McAuley, Julian},\n"                                                                          \
    "  journal={arXiv preprint arXiv:2403.03952},\n"                                               \
    "  year={2024}\n"                                                                              \
    "}\n"

/* Appends a Hugging Face dataset card (README.md): a YAML header with license (license
 * NULL/"" = "other", then with license_name/license_link of the Amazon Reviews 2023 terms),
 * language, task_categories, tags, size_categories (from the total rows), source_datasets
 * (PC_CARD_SOURCE), pretty_name, configs/data_files (data/<split>-*), dataset_info (features
 * text: string, price: float64; splits with num_bytes and num_examples; download_size;
 * dataset_size); then a Markdown body with the splits, a note on the source's terms and the
 * citation. title may be NULL ("pricer-data"). */
int pc_card_put(struct pc_buf *out, const char *title, const char *license,
                const struct pc_card_split *splits, size_t n_splits);

/* Arrow in-memory size of a split for the card: text_bytes + 4 * (rows + 1) + 8 * rows. */
uint64_t pc_card_num_bytes(uint64_t rows, uint64_t text_bytes);

#endif
