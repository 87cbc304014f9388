/* Writing the rows of one split in every selected format with several threads (split.c):
 * worker threads read the rows back from the sample and parse them; formats that can format
 * a row on any thread (out/writer.h: format, write_chunk) get it formatted there, and the
 * calling thread appends the chunks in row order; the other formats get every row through
 * write, in order, on the calling thread. The files are the same at any thread count. */
#ifndef PC_CURATE_SPLIT_ROWS_H
#define PC_CURATE_SPLIT_ROWS_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "curate/items.h"
#include "out/writer.h"

struct pc_split_rows {
    const struct pc_items_files *files; /* the sample, open (only read) */
    const char *sample;                 /* its path, for messages */
    const struct pc_line_ref *refs;     /* the sample's index */
    const uint32_t *perm;               /* rows refs[perm[0..n)], in this order */
    size_t n;
    int is_train; /* text = prompt (train) or test_prompt (the others), SPEC §5 */
    const struct pc_export_opts *eo;
    struct pc_writer *const *w; /* w[f]: the open writer of pc_formats[f], or NULL */
    size_t n_w;
    int threads; /* >= 1 */
};

/* Writes the rows to the writers (not committed nor aborted here). *text_bytes gets the
 * bytes of the rows' text. Errors: PC_EIO / PC_EFORMAT naming the sample and the row's byte
 * offset (a sample changed since it was indexed), a writer's error, PC_ENOMEM. */
int pc_split_write_rows(const struct pc_split_rows *r, uint64_t *text_bytes, struct pc_error *err);

#endif
