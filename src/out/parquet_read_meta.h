/* Private to the Parquet reader (parquet_read.c, parquet_read_meta.c): the footer's and page
 * headers' Thrift structs as the reader keeps them (parquet-format's parquet.thrift). */
#ifndef PC_OUT_PARQUET_READ_META_H
#define PC_OUT_PARQUET_READ_META_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "out/thrift_in.h"

enum { TYPE_DOUBLE = 5, TYPE_BYTE_ARRAY = 6 };
enum { ENC_PLAIN = 0, ENC_PLAIN_DICT = 2, ENC_RLE = 3, ENC_RLE_DICT = 8 };
enum { PAGE_DATA = 0, PAGE_DICT = 2, PAGE_DATA_V2 = 3 };
enum { COL_TEXT, COL_PRICE, NCOLS };

struct colmeta {
    int type, codec;
    int64_t num_values, data_off, dict_off, total_compressed;
    char name[64];
};

struct meta {
    int optional[NCOLS]; /* repetition OPTIONAL */
    int present[NCOLS];
    int64_t num_rows;
    struct colmeta *chunks; /* nrg * NCOLS, by column index */
    size_t nrg;
};

struct page_header {
    int type, encoding, def_encoding;
    int64_t usize, csize, nvalues;
};

/* Reads FileMetaData from t: the schema (text/price leaves, their repetition), num_rows and
 * every row group's column chunks (m->chunks, calloc'd: the caller frees it). t->bad is set
 * on malformed input (2: a nested schema); PC_ENOMEM, else PC_OK. */
int pc_pq_read_footer(struct pc_tin *t, struct meta *m);

/* Reads a PageHeader from t into h (h->type -1 when absent; t->bad on malformed input). */
void pc_pq_read_page_header(struct pc_tin *t, struct page_header *h);

#endif
