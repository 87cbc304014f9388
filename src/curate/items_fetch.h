/* Reading selected lines of indexed items files back, in a given order, with several threads:
 * worker threads pread batches of lines (src/pipe/), the calling thread gets them strictly in
 * the requested order, so what it writes is the same at any thread count. At one thread
 * everything runs on the calling thread. Used by curate to copy the sample (pc_items_copy):
 * to a regular file its workers write each batch themselves at its known offset; to standard
 * output or a device the calling thread writes the batches in order. (split reads its rows on
 * its own workers: split_rows.h.) */
#ifndef PC_CURATE_ITEMS_FETCH_H
#define PC_CURATE_ITEMS_FETCH_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "curate/items.h"

/* Writes data[0..len) at byte offset off of the output; called from several threads at once
 * (distinct ranges). 0 or a negative pc_code (err filled). */
typedef int (*pc_items_write_at_fn)(void *user, uint64_t off, const void *data, size_t len,
                                    struct pc_error *err);

/* Called on the calling thread with each batch of the output, in output order (every byte
 * once). 0 or a negative pc_code (err filled), which stops the copy. */
typedef int (*pc_items_emit_fn)(void *user, const void *data, size_t len, struct pc_error *err);

/* Copies refs[sel[0]], ... refs[sel[n - 1]], each followed by "\n", from the open files f
 * (only read, so f stays usable) with `threads` threads (>= 1): line k is output byte sum
 * over i < k of (refs[sel[i]].len + 1) on, whatever the thread count. With write_at (an output
 * written out of order, a regular file), the worker threads hand their batch to it
 * themselves; emit (may be NULL then) sees each batch after it. Without, emit gets the
 * batches to write in order. *bytes (may be NULL) gets the bytes copied. PC_EIO naming the
 * file and byte offset when a line is no longer there (the file changed since it was
 * indexed), PC_ENOMEM, or what write_at or emit returned (the output is then incomplete). */
int pc_items_copy(const struct pc_items_files *f, const struct pc_line_ref *refs,
                  const uint32_t *sel, size_t n, int threads, pc_items_write_at_fn write_at,
                  pc_items_emit_fn emit, void *user, uint64_t *bytes, struct pc_error *err);

#endif
