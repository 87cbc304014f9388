/* The Thrift compact structs of a Parquet file that the reader needs (parquet_read_meta.h):
 * FileMetaData (schema, row groups, column chunks) and PageHeader, walked field by field with
 * unknown fields skipped. Our own code after parquet-format's parquet.thrift. */
#include "out/parquet_read_meta.h"

#include <stdlib.h>
#include <string.h>

/* SchemaElement: records the repetition of the text and price leaves. */
static void read_schema_element(struct pc_tin *t, struct meta *m, int *children_total)
{
    int16_t last = 0, id;
    int type, rep = 0, nch = 0;
    char name[64] = "";
    while (!t->bad && (type = pc_tin_field(t, &last, &id)) != T_STOP) {
        if (id == 3 && type == T_I32) {
            rep = (int)pc_tin_zigzag(t);
        } else if (id == 4 && type == T_BINARY) {
            size_t n;
            const unsigned char *s = pc_tin_binary(t, &n);
            if (s && n < sizeof name) memcpy(name, s, n), name[n] = 0;
        } else if (id == 5 && type == T_I32) {
            nch = (int)pc_tin_zigzag(t);
        } else {
            pc_tin_skip(t, type);
        }
    }
    if (nch > 0) *children_total += 1; /* a group (the root, or a nested one) */
    int c = !strcmp(name, "text") ? COL_TEXT : !strcmp(name, "price") ? COL_PRICE : -1;
    if (c >= 0 && nch == 0) {
        m->present[c] = 1;
        m->optional[c] = rep == 1;
        if (rep == 2) t->bad = 2; /* REPEATED: unsupported */
    }
}

static void read_column_meta(struct pc_tin *t, struct colmeta *c)
{
    int16_t last = 0, id;
    int type;
    c->dict_off = -1;
    while (!t->bad && (type = pc_tin_field(t, &last, &id)) != T_STOP) {
        if (id == 1 && type == T_I32) {
            c->type = (int)pc_tin_zigzag(t);
        } else if (id == 3 && type == T_LIST) {
            int elem;
            uint64_t k;
            pc_tin_list_header(t, &elem, &k);
            for (uint64_t i = 0; i < k && !t->bad; i++) {
                size_t n;
                const unsigned char *s = pc_tin_binary(t, &n);
                if (s && i == 0 && n < sizeof c->name) memcpy(c->name, s, n), c->name[n] = 0;
            }
        } else if (id == 4 && type == T_I32) {
            c->codec = (int)pc_tin_zigzag(t);
        } else if (id == 5 && type == T_I64) {
            c->num_values = pc_tin_zigzag(t);
        } else if (id == 7 && type == T_I64) {
            c->total_compressed = pc_tin_zigzag(t);
        } else if (id == 9 && type == T_I64) {
            c->data_off = pc_tin_zigzag(t);
        } else if (id == 11 && type == T_I64) {
            c->dict_off = pc_tin_zigzag(t);
        } else {
            pc_tin_skip(t, type);
        }
    }
}

static void read_row_group(struct pc_tin *t, struct colmeta *out)
{
    int16_t last = 0, id;
    int type;
    while (!t->bad && (type = pc_tin_field(t, &last, &id)) != T_STOP) {
        if (id != 1 || type != T_LIST) {
            pc_tin_skip(t, type);
            continue;
        }
        int elem;
        uint64_t k;
        pc_tin_list_header(t, &elem, &k);
        for (uint64_t i = 0; i < k && !t->bad; i++) { /* ColumnChunk */
            struct colmeta c = {0};
            int16_t l2 = 0, id2;
            int ty2;
            while (!t->bad && (ty2 = pc_tin_field(t, &l2, &id2)) != T_STOP) {
                if (id2 == 3 && ty2 == T_STRUCT)
                    read_column_meta(t, &c);
                else
                    pc_tin_skip(t, ty2);
            }
            int col = !strcmp(c.name, "text")    ? COL_TEXT
                      : !strcmp(c.name, "price") ? COL_PRICE
                                                 : -1;
            if (col >= 0) out[col] = c;
        }
    }
}

int pc_pq_read_footer(struct pc_tin *t, struct meta *m)
{
    int16_t last = 0, id;
    int type, groups = 0;
    while (!t->bad && (type = pc_tin_field(t, &last, &id)) != T_STOP) {
        if (id == 2 && type == T_LIST) {
            int elem;
            uint64_t k;
            pc_tin_list_header(t, &elem, &k);
            for (uint64_t i = 0; i < k && !t->bad; i++) read_schema_element(t, m, &groups);
        } else if (id == 3 && type == T_I64) {
            m->num_rows = pc_tin_zigzag(t);
        } else if (id == 4 && type == T_LIST) {
            int elem;
            uint64_t k;
            pc_tin_list_header(t, &elem, &k);
            if (t->bad) break;
            m->chunks = calloc(k ? k * NCOLS : 1, sizeof *m->chunks);
            if (!m->chunks) return PC_ENOMEM;
            m->nrg = (size_t)k;
            for (uint64_t i = 0; i < k && !t->bad; i++) read_row_group(t, m->chunks + i * NCOLS);
        } else {
            pc_tin_skip(t, type);
        }
    }
    if (groups > 1 && !t->bad) t->bad = 2; /* nested groups */
    return PC_OK;
}

void pc_pq_read_page_header(struct pc_tin *t, struct page_header *h)
{
    int16_t last = 0, id;
    int type;
    memset(h, 0, sizeof *h);
    h->type = -1;
    while (!t->bad && (type = pc_tin_field(t, &last, &id)) != T_STOP) {
        if (id == 1 && type == T_I32) {
            h->type = (int)pc_tin_zigzag(t);
        } else if (id == 2 && type == T_I32) {
            h->usize = pc_tin_zigzag(t);
        } else if (id == 3 && type == T_I32) {
            h->csize = pc_tin_zigzag(t);
        } else if ((id == 5 || id == 7) && type == T_STRUCT) { /* data / dictionary header */
            int16_t l2 = 0, id2;
            int ty2;
            while (!t->bad && (ty2 = pc_tin_field(t, &l2, &id2)) != T_STOP) {
                if (id2 == 1 && ty2 == T_I32)
                    h->nvalues = pc_tin_zigzag(t);
                else if (id2 == 2 && ty2 == T_I32)
                    h->encoding = (int)pc_tin_zigzag(t);
                else if (id2 == 3 && ty2 == T_I32 && id == 5)
                    h->def_encoding = (int)pc_tin_zigzag(t);
                else
                    pc_tin_skip(t, ty2);
            }
        } else {
            pc_tin_skip(t, type);
        }
    }
}
