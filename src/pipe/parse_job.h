/* `pricer parse` as a library call: raw catalogue inputs -> items JSONL, in input order,
 * on the parallel pipeline (pipe.h), with per-input statistics of every line's outcome.
 * The caller opens the inputs (any byte stream: plain or decompressed) and provides the
 * output sink; the core never prints. */
#ifndef PC_PIPE_PARSE_JOB_H
#define PC_PIPE_PARSE_JOB_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/xsum.h"
#include "item/item.h"
#include "pipe/source.h"

struct pc_parse_stats {
    uint64_t lines;                  /* lines read */
    uint64_t outcome[PC_OUT_COUNT];  /* lines by outcome (enum pc_outcome); sums to lines */
    uint64_t priced;                 /* the price parsed as a float */
    uint64_t in_window;              /* ... and was inside the price window */
    uint64_t tokens_sum, tokens_max; /* token_count of kept items */
    double price_sum, price_max;     /* prices of kept items (price_sum: price_x's value) */
    struct pc_xsum price_x;          /* exact sum of the prices: the same at any grouping */
};

/* Adds src into dst (exactly: the result does not depend on how lines were grouped). */
void pc_parse_stats_add(struct pc_parse_stats *dst, const struct pc_parse_stats *src);

/* Number of invalid lines (outcomes flagged invalid in PC_OUTCOMES). */
uint64_t pc_parse_stats_invalid(const struct pc_parse_stats *s);

/* Appends the parse summary as JSON: {"inputs": [{"file", "category", "stats"}...], "total"}
 * and a newline (docs: `pricer parse --stats`). Each stats object ends with the exact sums
 * ("tokens_sum", "price_sum_exact": pc_xsum text) that make these files mergeable.
 * PC_ENOMEM when the buffer cannot grow. */
int pc_parse_stats_json(struct pc_buf *b, const char *const *names, const char *const *cats,
                        const struct pc_parse_stats *st, size_t n);

/* Merges parse statistics files (shards of one run, pipe/shard.h, in any order) into the
 * statistics of the whole run, appended to out as pc_parse_stats_json writes them: the same
 * bytes the unsharded run writes. Every file must list the same inputs (file and category)
 * in the same order. PC_EIO / PC_EFORMAT (err names the file), PC_ENOMEM. */
int pc_parse_stats_merge_files(const char *const *files, size_t n, struct pc_buf *out,
                               struct pc_error *err);

/* More work on every raw line in the same pass (the pipeline's investigate and raw-data
 * statistics): per-worker scratch, per-batch parts filled by the workers, merged on the
 * calling thread in input order (so the result is the same at any thread count). */
struct pc_line_observer {
    void *user;
    void *(*scratch_new)(void *user); /* NULL on allocation failure */
    void (*scratch_free)(void *user, void *scratch);
    void *(*part_new)(void *user); /* NULL on allocation failure */
    void (*part_free)(void *user, void *part);
    void (*part_reset)(void *user, void *part);
    /* One line after the item rules: outcome and info are theirs (info->chars = content
     * length when the rules measured it, else 0). line NULL: a line longer than the limit
     * (len = its length). 0 or a negative pc_code. */
    int (*line)(void *user, void *scratch, void *part, const char *line, size_t len,
                int64_t line_no, int outcome, const struct pc_line_info *info);
    /* Calling thread, input order. 0 or a negative pc_code. */
    int (*merge)(void *user, void *part, size_t source);
};

struct pc_parse_cfg {
    const struct pc_parse_input *inputs;
    size_t n_inputs;
    const struct pc_tok *tok; /* shared, read-only */
    struct pc_item_opts opts;
    int threads;     /* worker threads (>= 1) */
    int with_source; /* add "source": "FILE:LINE" to each item */
    void *user;
    /* Ordered output sink: items JSONL bytes in input order. 0 or a negative pc_code. */
    int (*write)(void *user, const char *data, size_t len, struct pc_error *err);
    /* Optional: called after each batch with input bytes consumed and items so far. */
    void (*on_progress)(void *user, uint64_t position, uint64_t items);
    /* Optional: called in input order for each invalid line (at most 20 per batch are
     * detailed; the counts in the statistics are always complete). */
    void (*on_invalid)(void *user, const char *input, int64_t line_no, int outcome,
                       const char *message);
    const struct pc_line_observer *observer; /* optional */
    double *reader_cpu; /* optional: the reader thread's CPU seconds (pipe.h) */
};

/* Runs the job. per_input (n_inputs entries, zeroed here) receives the statistics of each
 * input. Returns PC_OK, or a negative pc_code with err filled (read error naming the input,
 * write error, out of memory, tokenizer failure naming input and line). */
int pc_parse_run(const struct pc_parse_cfg *cfg, struct pc_parse_stats *per_input,
                 struct pc_error *err);

#endif
