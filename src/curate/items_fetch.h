/* Reading selected lines of indexed items files back, in a given order, with several threads:
 * worker threads pread batches of lines (src/pipe/), the calling thread gets them strictly in
 * the requested order, so what it writes is the same at any thread count. At one thread
 * everything runs on the calling thread. Used by curate (copying the sample) and split
 * (writing the datasets). */
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

#endif
