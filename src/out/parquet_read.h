/* A Parquet reader for the two-column price datasets: a flat schema with a `text` column
 * (BYTE_ARRAY) and a `price` column (DOUBLE), as pricer split writes them and as the
 * Hugging Face Hub serves such datasets. Supported: any number of row groups, v1 data pages,
 * PLAIN and dictionary (PLAIN_DICTIONARY / RLE_DICTIONARY) encodings, REQUIRED or OPTIONAL
 * columns (a null value is an error naming the row), codecs none, snappy, gzip and zstd. Anything
 * else (snappy, v2 pages, nested schemas) is PC_EUNSUPPORTED with a message saying what.
 * Our own code after parquet-format's parquet.thrift (Thrift compact protocol). */
#ifndef PC_OUT_PARQUET_READ_H
#define PC_OUT_PARQUET_READ_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

/* The rows of a file: text[i][0..text_len[i]) (NUL-terminated, pointing into one block the
 * table owns) and price[i], for i < n. */
struct pc_parquet_table {
    size_t n;
    char **text;
    size_t *text_len;
    double *price;
    char *blob; /* private: the text bytes */
};

/* Files of more rows are refused (PC_ETOOBIG): a corrupt row count cannot ask for
 * unbounded memory. */
#define PC_PARQUET_MAX_ROWS (1 << 24)
/* Largest page accepted (decompressed), likewise. */
#define PC_PARQUET_MAX_PAGE ((size_t)256 << 20)

/* Reads the whole file. Errors: PC_EIO (cannot open/read), PC_EFORMAT (not Parquet, corrupt
 * metadata or pages; the message says where), PC_EUNSUPPORTED, PC_ENOMEM. The table is
 * initialised here; release it also after a failure. */
int pc_parquet_read(struct pc_parquet_table *t, const char *path, struct pc_error *err);
void pc_parquet_table_release(struct pc_parquet_table *t);

/* The same over data[0..size) (borrowed; the table copies what it keeps), named path in
 * messages. For tests and fuzzing. */
int pc_parquet_read_mem(struct pc_parquet_table *t, const void *data, size_t size, const char *path,
                        struct pc_error *err);

#endif
