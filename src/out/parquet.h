/* A Parquet writer for the two-column price datasets (SPEC §5): `text` (BYTE_ARRAY, String
 * logical type, required) and `price` (DOUBLE, required), one row group, PLAIN encoding,
 * uncompressed data pages of about page_bytes each, Thrift compact-protocol footer with
 * statistics for price. Our own implementation of the format (parquet-format's
 * parquet.thrift), written through the atomic writer.
 *
 * Rows are streamed: text pages go to the file as they fill; prices (8 bytes per row) are
 * kept in memory and written as the second column chunk at commit. One owner per writer. */
#ifndef PC_OUT_PARQUET_H
#define PC_OUT_PARQUET_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

struct pc_parquet;

/* Page compression; the values are parquet-format's CompressionCodec numbers. */
enum pc_parquet_codec { PC_PARQUET_NONE = 0, PC_PARQUET_GZIP = 2, PC_PARQUET_ZSTD = 6 };

/* "none" / "gzip" / "zstd" -> codec, or -1. */
int pc_parquet_codec_parse(const char *s);

/* Opens a writer for path (temporary file until commit). page_bytes 0 = 1 MiB; codec an
 * enum pc_parquet_codec. Errors: PC_EIO (cannot create), PC_EINVAL (codec), PC_ENOMEM. */
int pc_parquet_open(struct pc_parquet **w, const char *path, size_t page_bytes, int codec,
                    struct pc_error *err);

/* Appends one row. text[0..len) must be valid UTF-8. PC_EIO / PC_ENOMEM / PC_ETOOBIG (a
 * value over 1 GiB). */
int pc_parquet_add(struct pc_parquet *w, const char *text, size_t len, double price,
                   struct pc_error *err);

/* Writes the price column and the footer, renames the file into place and frees w (also on
 * failure). *file_bytes (may be NULL) gets the file size. */
int pc_parquet_commit(struct pc_parquet *w, uint64_t *file_bytes, struct pc_error *err);

/* Removes the temporary file and frees w. Accepts NULL. */
void pc_parquet_abort(struct pc_parquet *w);

#endif
