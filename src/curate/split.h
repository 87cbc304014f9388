/* `pricer split` as a library call (SPEC §5): shuffle the sample with CPython's
 * random.seed(seed) + random.shuffle, slice train / test / validation, and save the splits
 * in the requested formats. */
#ifndef PC_CURATE_SPLIT_H
#define PC_CURATE_SPLIT_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "curate/items.h"

/* Bits of the formats table (out/writer.h: bit 1u << index in pc_formats). */
enum pc_split_format {
    PC_FMT_JSONL = 1,   /* DIR/{train,test,validation}.jsonl */
    PC_FMT_PARQUET = 2, /* DIR/data/<split>-0000K-of-0000N.parquet + DIR/README.md card */
    PC_FMT_OPENAI = 4,  /* DIR/openai_train.jsonl, DIR/openai_validation.jsonl (SPEC §6.2) */
    PC_FMT_PICKLE = 8   /* DIR/{train,test,validation}.pkl (SPEC §6.3) */
};

struct pc_split_opts {
    uint64_t seed;                /* 42: CPython random.seed */
    size_t train, test;           /* 400,000 and 2,000 */
    size_t validation;            /* 0: rows after test, written as "validation" */
    int allow_short;              /* 1: a short sample fills the splits in order */
    unsigned formats;             /* enum pc_split_format bits; PC_FMT_JSONL by default */
    size_t openai_train;          /* 200: train[:200] */
    size_t openai_validation;     /* 50: train[200:250] */
    size_t parquet_page_bytes;    /* 0 = 1 MiB */
    int parquet_codec;            /* enum pc_parquet_codec; PC_PARQUET_SNAPPY by default */
    uint64_t parquet_group_rows;  /* rows per row group; 0 = 100,000 */
    uint64_t parquet_shard_bytes; /* a new shard from this size on; 0 = 500 MB */
    const char *license;          /* dataset card license; NULL = "other" (Amazon terms) */
    const char *title;            /* dataset card title; NULL = "pricer-data" */
    size_t jobs;                  /* threads reading the sample; 0 = one per core */
    int group_by;                 /* enum pc_group_by (curate/group.h): 0 = the reference slicing;
                                     else whole groups go to one side (pc_group_assign) */
};

/* Fills o with the reference profile (SPEC §5). */
void pc_split_opts_init(struct pc_split_opts *o);

/* A format's name (pc_formats[i]->name: "jsonl", "parquet", "openai", "pickle") -> its
 * bit, or 0. */
unsigned pc_split_format_parse(const char *s);

struct pc_split_stats {
    size_t sample;                  /* lines in the sample */
    size_t train, test, validation; /* rows written */
    size_t openai_train, openai_validation;
    int short_sample;       /* 1 when the sample had fewer rows than requested */
    size_t groups;          /* group_by: distinct groups in the sample */
    size_t group_skipped;   /* group_by: items left out (their group is on a full side) */
    uint64_t bytes_written; /* all files */
    /* Prices no real catalogue has (<= 0, or above PC_SPLIT_ABSURD_PRICE): how many, and the
     * first one (its item number, 1-based in sample order, and price). Written anyway. */
    size_t odd_prices, odd_first_item;
    double odd_first_price;
    int index_given; /* pc_split_file_ix: 1 when the given index was used, 0 when indexed */
};
#define PC_SPLIT_ABSURD_PRICE 1e6

/* Reads the items file sample (every line checked like pc_items_index_files), shuffles the
 * line order, and writes the splits under dir (with dir/data for parquet). The files are
 * written into a temporary folder "<dir>.tmp.<pid>" moved into place when all are complete
 * (see io/tmpdir.h; a failure leaves dir as it was). When the sample has fewer lines than
 * train + test + validation: PC_ESHORT with a message giving both counts, and nothing is
 * written, unless o->allow_short (then test and validation keep their requested sizes as
 * far as the sample allows, train takes the rest, and st->short_sample is set). With
 * o->group_by, the same holds when whole groups cannot fill test and validation (the
 * message gives the numbers). st may be NULL. progress as in pc_items_index_files
 * (indexing phase). */
int pc_split_file(const char *sample, const char *dir, const struct pc_split_opts *o,
                  struct pc_split_stats *st, pc_items_progress_fn progress, void *ud,
                  struct pc_error *err);

/* pc_split_file with the sample's index already made (curate's, pc_curate_files_ix), so the
 * sample is not read and parsed twice: ix (not modified; may be NULL) must describe the file
 * sample as it is now (the caller checks, e.g. its size and mtime). It is used when it has
 * the keys o->group_by needs (ix->group_by == o->group_by, or o->group_by 0); otherwise the
 * sample is indexed as by pc_split_file. st->index_given says which happened. The lines are
 * still read back and parsed when written, so a sample changed meanwhile fails with PC_EIO
 * or PC_EFORMAT, never silently. */
int pc_split_file_ix(const char *sample, const char *dir, const struct pc_split_opts *o,
                     const struct pc_items_index *ix, struct pc_split_stats *st,
                     pc_items_progress_fn progress, void *ud, struct pc_error *err);

#endif
