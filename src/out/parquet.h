/* A Parquet writer for the two-column price datasets (SPEC §5): `text` (BYTE_ARRAY, String
 * logical type, required) and `price` (DOUBLE, required), row groups of at most
 * PC_PARQUET_GROUP_ROWS rows (the Hub's dataset viewer wants small row groups), PLAIN
 * encoding, data pages of about page_bytes each compressed with the chosen codec, Thrift
 * compact-protocol footer with statistics (null count, min, max) for every column of every
 * row group and created_by "pricer version X.Y.Z". Our own implementation of the format
 * (parquet-format's parquet.thrift), written through the atomic writer.
 *
 * Rows are streamed: text pages go to the file as they fill; prices (8 bytes per row) of the
 * current row group are kept in memory and written as its second column chunk when the group
 * ends. One owner per writer. */
#ifndef PC_OUT_PARQUET_H
#define PC_OUT_PARQUET_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

struct pc_parquet;

/* Page compression; the values are parquet-format's CompressionCodec numbers. */
enum pc_parquet_codec {
    PC_PARQUET_NONE = 0,
    PC_PARQUET_SNAPPY = 1,
    PC_PARQUET_GZIP = 2,
    PC_PARQUET_ZSTD = 6
};

/* Rows per row group unless pc_parquet_set_group_rows says otherwise. */
#define PC_PARQUET_GROUP_ROWS 100000

/* "none" / "snappy" / "gzip" / "zstd" -> codec, or -1. */
int pc_parquet_codec_parse(const char *s);

/* Opens a writer for path (temporary file until commit). page_bytes 0 = 1 MiB; codec an
 * enum pc_parquet_codec. Errors: PC_EIO (cannot create), PC_EINVAL (codec), PC_ENOMEM. */
int pc_parquet_open(struct pc_parquet **w, const char *path, size_t page_bytes, int codec,
                    struct pc_error *err);

/* Rows per row group from now on (0 = PC_PARQUET_GROUP_ROWS). */
void pc_parquet_set_group_rows(struct pc_parquet *w, uint64_t rows);

/* With threads > 1: full pages are compressed and written on a thread of the writer's own
 * while rows keep coming (the file is the same). Call before the first row; 1 = none. */
void pc_parquet_set_threads(struct pc_parquet *w, int threads);

/* Rows added so far, and the size the file would have now (bytes written plus the pending
 * page and prices, uncompressed): what a caller cutting shards looks at. pc_parquet_bytes
 * waits for queued pages; pc_parquet_reached(w, limit) = pc_parquet_bytes(w) >= limit,
 * waiting only when queued pages could make it true. */
uint64_t pc_parquet_rows(const struct pc_parquet *w);
uint64_t pc_parquet_bytes(struct pc_parquet *w);
int pc_parquet_reached(struct pc_parquet *w, uint64_t limit);

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
