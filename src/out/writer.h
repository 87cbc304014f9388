/* The export writer interface (ARCHITECTURE.md: a format is one file plus one entry in the
 * formats table). `pricer split` opens one writer per selected format for each split, gives
 * it every row of the split in order, then commits it (or aborts it on failure); after the
 * last split, each format's finish() may write dataset-level files (a dataset card...). The
 * split itself never looks at which formats are selected.
 *
 * Writers write through the atomic writer (io/atomic.h): nothing appears under its final
 * name before commit, and abort leaves nothing behind. One owner per writer. */
#ifndef PC_OUT_WRITER_H
#define PC_OUT_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/error.h"

/* One row as the writers see it. Strings are views, valid during the write call only. */
struct pc_row {
    const char *text; /* the dataset's `text`: prompt (train) or test_prompt (others) */
    size_t text_len;
    double price;
    const char *category, *prompt, *test_prompt;
    size_t category_len, prompt_len, test_prompt_len;
    const char *line; /* the whole items JSONL line (writers needing more keys parse it) */
    size_t line_len;
};

/* What the writers may read of the split options (filled by split from pc_split_opts). */
struct pc_export_opts {
    size_t parquet_page_bytes;       /* 0 = 1 MiB */
    int parquet_codec;               /* enum pc_parquet_codec */
    uint64_t parquet_rows_per_group; /* 0 = 100,000 */
    uint64_t parquet_shard_bytes;    /* 0 = 500 MB */
    const char *final_dir;           /* where the folder being written is moved when complete (NULL:
                                        the folder itself); files of an earlier run there that this
                                        run's files make stale (shards with another count) are removed
                                        when a split commits */
    const char *title;               /* dataset card title; NULL = "pricer-data" */
    const char *license;             /* dataset card license; NULL = "other" */
    size_t openai_train;             /* 200: train[:200] */
    size_t openai_validation;        /* 50: train[200:250] */
    size_t threads;                  /* > 1: writers may use a thread of their own (parquet:
                                        compressing pages); the files are the same */
};

/* What a committed split left, for finish(): rows, text bytes, and bytes of this format's
 * files of the split. */
struct pc_split_done {
    const char *name; /* "train", "test", "validation" */
    uint64_t rows, text_bytes, file_bytes;
};

struct pc_writer; /* a format's state for one split */

struct pc_format {
    const char *name; /* "jsonl", also the --format value */
    const char *help; /* one line: the files it writes */
    /* Opens the writer of split (name) under dir. *w NULL with PC_OK = nothing to write for
     * this split (e.g. openai for test). */
    int (*open)(struct pc_writer **w, const char *dir, const char *split,
                const struct pc_export_opts *o, struct pc_error *err);
    /* Appends one row; split calls it for every row, in order, on one thread. NULL for a
     * format that has the pair format / write_chunk below. */
    int (*write)(struct pc_writer *w, const struct pc_row *row, struct pc_error *err);
    /* Completes the split's files, adds their size to *bytes, frees w (also on failure). */
    int (*commit)(struct pc_writer *w, uint64_t *bytes, struct pc_error *err);
    void (*abort)(struct pc_writer *w); /* removes temporary files, frees w; accepts NULL */
    /* Optional pair (both NULL: split calls write). format appends the bytes row makes to chunk; it
     * may run on any thread, for any rows at once, so it depends on nothing but row and o.
     * write_chunk then appends to the split's files a chunk formatted from consecutive rows, chunks
     * in row order; rows: how many. */
    int (*format)(const struct pc_export_opts *o, const struct pc_row *row, struct pc_buf *chunk);
    int (*write_chunk)(struct pc_writer *w, const char *chunk, size_t len, size_t rows,
                       struct pc_error *err);
    /* Optional (NULL): dataset-level files after the last split; splits[i].file_bytes are
     * this format's. Adds bytes written to *bytes. */
    int (*finish)(const char *dir, const struct pc_export_opts *o,
                  const struct pc_split_done *splits, size_t n, uint64_t *bytes,
                  struct pc_error *err);
};

/* The formats table, ending with NULL (out/formats.c), of at most PC_MAX_FORMATS. A format's
 * bit in pc_split_opts.formats is 1u << its index. */
#define PC_MAX_FORMATS 16
extern const struct pc_format *const pc_formats[];

/* Index of the format called name, or -1. */
int pc_format_index(const char *name);

/* dir + "/" + name, malloc'd (NULL on allocation failure). */
char *pc_out_join(const char *dir, const char *name);

#endif
