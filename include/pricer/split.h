/* Split and export: shuffle a sample with CPython's random.seed + random.shuffle (SPEC §5),
 * slice train / test / validation, and write them in one or more formats (jsonl, parquet
 * with a Hugging Face dataset card, openai fine-tune lines, pickle of items.Item objects).
 * Reentrant. */
#ifndef PRICER_SPLIT_H
#define PRICER_SPLIT_H

#include <stddef.h>
#include <stdint.h>

#include "pricer/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Options; reference values by pricer_split_options_init. */
struct pricer_split_options {
    uint64_t seed;                /* 42 */
    size_t train, test;           /* 400,000 and 2,000 */
    size_t validation;            /* 0: rows after test, written as "validation" */
    int allow_short;              /* 1: a short sample fills the splits in order */
    const char *formats;          /* comma-separated names, NULL = "jsonl" (see split_formats) */
    const char *parquet_codec;    /* NULL = the default; "none", "gzip", "zstd", ... */
    const char *title;            /* dataset card title; NULL = "pricer-data" */
    const char *license;          /* dataset card license; NULL = "other" (Amazon Reviews terms) */
    uint64_t parquet_row_group;   /* rows per Parquet row group; 0 = 100,000 */
    uint64_t parquet_shard_bytes; /* a new Parquet shard from this size on; 0 = 500 MB */
    const char *group_by;         /* NULL/"off" (reference slicing) or "prompt", "title",
                                     "parent_asin": whole groups go to one side (no leak into train) */
    size_t jobs;                  /* threads reading the sample; 0 = one per core */
};

PRICER_API void pricer_split_options_init(struct pricer_split_options *o);

struct pricer_split_stats {
    size_t sample;                  /* lines in the sample */
    size_t train, test, validation; /* rows written */
    int short_sample;               /* 1 when the sample was smaller than asked */
    size_t groups, group_skipped;   /* group_by: groups, items left out */
    uint64_t bytes_written;
};

/* Names of the export formats this library writes, comma-separated (static string). */
PRICER_API const char *pricer_split_formats(void);

/* Reads sample (items JSONL), shuffles, and writes the splits under dir (created if
 * missing). Every file is written to a temporary name and renamed when complete. Errors:
 * PRICER_ESHORT (sample smaller than train + test + validation, nothing written, unless
 * allow_short), PRICER_EFORMAT naming file and line, PRICER_EIO, PRICER_EINVAL (unknown
 * format or codec). st may be NULL. */
PRICER_API int pricer_split_file(const char *sample, const char *dir,
                                 const struct pricer_split_options *o,
                                 struct pricer_split_stats *st, struct pricer_error *err);

#ifdef __cplusplus
}
#endif

#endif
