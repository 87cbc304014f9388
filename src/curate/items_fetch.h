/* Reading selected lines of indexed items files back, in a given order, with several threads:
 * worker threads pread batches of lines (src/pipe/), the calling thread gets them strictly in
 * the requested order, so what it writes is the same at any thread count. At one thread
 * everything runs on the calling thread. Used by curate to copy the sample: to standard
 * output or a device with pc_items_fetch, to a regular file with pc_items_copy_at, whose
 * workers write each batch themselves at its known offset. (split reads its rows on its own
 * workers: split_rows.h.) */
#ifndef PC_CURATE_ITEMS_FETCH_H
#define PC_CURATE_ITEMS_FETCH_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "curate/items.h"

/* Called on the calling thread for the k-th requested line (k = 0, 1, ... in order): line
 * holds ref->len bytes (not NUL-terminated), valid during the call. 0 or a negative pc_code
 * (err filled), which stops the fetch. */
typedef int (*pc_items_each_fn)(void *user, size_t k, const struct pc_line_ref *ref,
                                const char *line, struct pc_error *err);

/* Reads refs[sel[0]], refs[sel[1]], ... refs[sel[n - 1]] from the open files f (only its
 * descriptors and paths are used, read-only, so f stays usable) with `threads` threads (>= 1)
 * and calls each() for every line in that order. PC_EIO naming the file and byte offset when
 * a line is no longer there (the file changed since it was indexed), PC_ENOMEM, or what each()
 * returned. */
int pc_items_fetch(const struct pc_items_files *f, const struct pc_line_ref *refs,
                   const uint32_t *sel, size_t n, int threads, pc_items_each_fn each, void *user,
                   struct pc_error *err);

/* Writes data[0..len) at byte offset off of the output; called from several threads at once
 * (distinct ranges). 0 or a negative pc_code (err filled). */
typedef int (*pc_items_write_at_fn)(void *user, uint64_t off, const void *data, size_t len,
                                    struct pc_error *err);

/* Copies refs[sel[0]], ... refs[sel[n - 1]], each followed by "\n", into an output written
 * out of order: line k lands at byte sum over i < k of (refs[sel[i]].len + 1), so the output
 * holds the lines in this order whatever the thread count. The worker threads read their
 * batch and hand it to write_at themselves; the calling thread only sequences batches and
 * calls written (may be NULL) with each batch's bytes after write_at, in output order (every
 * byte once). *bytes (may be NULL) gets the bytes written. Errors as pc_items_fetch, or what
 * write_at returned (the output is then incomplete). */
int pc_items_copy_at(const struct pc_items_files *f, const struct pc_line_ref *refs,
                     const uint32_t *sel, size_t n, int threads, pc_items_write_at_fn write_at,
                     void (*written)(void *user, const void *data, size_t len), void *user,
                     uint64_t *bytes, struct pc_error *err);

#endif
