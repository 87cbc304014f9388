/* Parquet file writer (format: github.com/apache/parquet-format, parquet.thrift), our own
 * code. Layout: "PAR1" | text pages | price pages | FileMetaData | footer length | "PAR1".
 * Every Thrift struct is written with the compact protocol. */
#include "out/parquet.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>

#include "core/buf.h"
#include "io/atomic.h"
#include "out/page_queue.h"
#include "pricer/version.h"

/* parquet-mr's convention "<application> version <version>", read by every reader. */
#define PC_PARQUET_CREATED_BY "pricer version " PRICER_VERSION_STRING

/* ---- Thrift compact protocol ------------------------------------------------------------ */

enum { T_TRUE = 1, T_FALSE = 2, T_I32 = 5, T_I64 = 6, T_BINARY = 8, T_LIST = 9, T_STRUCT = 12 };

struct thrift {
    struct pc_buf *b;
    int16_t last[16]; /* last field id per struct nesting level */
    int depth;
    int rc;
};

static void t_byte(struct thrift *t, uint8_t v)
{
    if (t->rc == PC_OK) t->rc = pc_buf_putc(t->b, (char)v);
}

static void t_varint(struct thrift *t, uint64_t v)
{
    while (v >= 0x80) {
        t_byte(t, (uint8_t)(v | 0x80));
        v >>= 7;
    }
    t_byte(t, (uint8_t)v);
}

static uint64_t zigzag(int64_t v)
{
    return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

static void t_field(struct thrift *t, int type, int16_t id)
{
    int16_t delta = id - t->last[t->depth];
    if (delta > 0 && delta <= 15) {
        t_byte(t, (uint8_t)(delta << 4 | type));
    } else {
        t_byte(t, (uint8_t)type);
        t_varint(t, zigzag(id));
    }
    t->last[t->depth] = id;
}

static void t_i32(struct thrift *t, int16_t id, int32_t v)
{
    t_field(t, T_I32, id);
    t_varint(t, zigzag(v));
}

static void t_i64(struct thrift *t, int16_t id, int64_t v)
{
    t_field(t, T_I64, id);
    t_varint(t, zigzag(v));
}

static void t_binary(struct thrift *t, int16_t id, const void *p, size_t n)
{
    t_field(t, T_BINARY, id);
    t_varint(t, n);
    if (t->rc == PC_OK) t->rc = pc_buf_append(t->b, p, n);
}

static void t_list(struct thrift *t, int16_t id, int elem_type, size_t n)
{
    t_field(t, T_LIST, id);
    if (n < 15) {
        t_byte(t, (uint8_t)(n << 4 | elem_type));
    } else {
        t_byte(t, (uint8_t)(0xf0 | elem_type));
        t_varint(t, n);
    }
}

/* A struct as a field (id > 0) or as a list element (id == 0). */
static void t_begin(struct thrift *t, int16_t id)
{
    if (id) t_field(t, T_STRUCT, id);
    t->last[++t->depth] = 0;
}

static void t_end(struct thrift *t)
{
    t_byte(t, 0); /* field stop */
    t->depth--;
}

int pc_parquet_codec_parse(const char *s)
{
    if (!strcmp(s, "none") || !strcmp(s, "uncompressed")) return PC_PARQUET_NONE;
    if (!strcmp(s, "snappy")) return PC_PARQUET_SNAPPY;
    if (!strcmp(s, "gzip")) return PC_PARQUET_GZIP;
    if (!strcmp(s, "zstd")) return PC_PARQUET_ZSTD;
    return -1;
}

/* ---- the writer ------------------------------------------------------------------------- */

enum { TYPE_DOUBLE = 5, TYPE_BYTE_ARRAY = 6 };
enum { ENC_PLAIN = 0, ENC_RLE = 3 };
enum { PAGE_DATA = 0 };

struct chunk {
    int64_t first_page; /* file offset of the first page */
    int64_t bytes;      /* pages as stored, incl. headers */
    int64_t raw_bytes;  /* pages uncompressed, incl. headers */
    int64_t values;
};

/* A finished row group: its two column chunks and their statistics. */
struct group {
    struct chunk text, price;
    int64_t rows;
    double pmin, pmax;
    char *tmin, *tmax; /* text min / max (bytewise), malloc'd */
    size_t tmin_len, tmax_len;
};

struct pc_parquet {
    struct pc_atomic file;
    size_t page_bytes;
    uint64_t group_rows; /* rows per row group */
    int64_t pos;         /* bytes written to the file so far */
    struct pc_buf page;  /* text values of the page being filled */
    int64_t page_values;
    struct chunk text, price; /* of the row group being filled */
    double *prices;           /* of the row group being filled */
    size_t n, cap;
    uint64_t rows; /* all row groups */
    double min, max;
    struct pc_buf tmin, tmax; /* text statistics of the row group being filled */
    struct group *groups;
    size_t n_groups, cap_groups;
    struct pc_buf hdr;  /* scratch for thrift */
    int codec;          /* enum pc_parquet_codec */
    struct pc_buf zbuf; /* compressed page */
    /* With threads (pc_parquet_set_threads): pages are compressed and written on q's
     * thread, which alone touches pos, hdr, zbuf, file and the chunks until a drain. */
    struct pc_pageq *q;
    int64_t pos_base;    /* pos at the last drain */
    uint64_t pushed_max; /* most bytes the pages pushed since then can take in the file */
};

/* Compresses data[0..n) into w->zbuf with w->codec. */
static int compress_page(struct pc_parquet *w, const void *data, size_t n, struct pc_error *err)
{
    pc_buf_reset(&w->zbuf);
    if (w->codec == PC_PARQUET_SNAPPY) { /* the raw snappy block format, as parquet-format says */
        size_t bound = snappy_max_compressed_length(n);
        if (pc_buf_reserve(&w->zbuf, bound)) return pc_error_set(err, PC_ENOMEM, "out of memory");
        size_t got = bound;
        if (snappy_compress(data, n, w->zbuf.data, &got) != SNAPPY_OK)
            return pc_error_set(err, PC_EIO, "snappy compression failed");
        w->zbuf.len = got;
        return PC_OK;
    }
    if (w->codec == PC_PARQUET_ZSTD) {
        size_t bound = ZSTD_compressBound(n);
        if (pc_buf_reserve(&w->zbuf, bound)) return pc_error_set(err, PC_ENOMEM, "out of memory");
        size_t got = ZSTD_compress(w->zbuf.data, bound, data, n, 3);
        if (ZSTD_isError(got)) return pc_error_set(err, PC_EIO, "zstd: %s", ZSTD_getErrorName(got));
        w->zbuf.len = got;
        return PC_OK;
    }
    /* GZIP: a gzip member (RFC 1952), as parquet-format specifies for codec GZIP */
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return pc_error_set(err, PC_ENOMEM, "out of memory");
    size_t bound = deflateBound(&z, (uLong)n) + 32;
    if (pc_buf_reserve(&w->zbuf, bound)) {
        deflateEnd(&z);
        return pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    z.next_in = (Bytef *)data;
    z.avail_in = (uInt)n;
    z.next_out = (Bytef *)w->zbuf.data;
    z.avail_out = (uInt)bound;
    int zr = deflate(&z, Z_FINISH);
    w->zbuf.len = bound - z.avail_out;
    deflateEnd(&z);
    if (zr != Z_STREAM_END) return pc_error_set(err, PC_EIO, "gzip compression failed");
    return PC_OK;
}

static int put(struct pc_parquet *w, const void *p, size_t n, struct pc_error *err)
{
    if (n && fwrite(p, 1, n, w->file.fp) != n)
        return pc_error_set(err, PC_EIO, "cannot write '%s': %s", w->file.path, strerror(errno));
    w->pos += (int64_t)n;
    return PC_OK;
}

/* Writes one v1 data page (PLAIN values, no levels: both columns required), compressed. */
static int store_page(struct pc_parquet *w, struct chunk *c, const void *data, size_t n,
                      int64_t values, struct pc_error *err)
{
    if (n > INT32_MAX) return pc_error_set(err, PC_ETOOBIG, "parquet page too big");
    const void *stored = data;
    size_t m = n;
    if (w->codec != PC_PARQUET_NONE) {
        int rc = compress_page(w, data, n, err);
        if (rc) return rc;
        stored = w->zbuf.data;
        m = w->zbuf.len;
    }
    pc_buf_reset(&w->hdr);
    struct thrift t = {.b = &w->hdr};
    t_begin(&t, 0);           /* PageHeader */
    t_i32(&t, 1, PAGE_DATA);  /* type */
    t_i32(&t, 2, (int32_t)n); /* uncompressed_page_size */
    t_i32(&t, 3, (int32_t)m); /* compressed_page_size */
    t_begin(&t, 5);           /* data_page_header */
    t_i32(&t, 1, (int32_t)values);
    t_i32(&t, 2, ENC_PLAIN);
    t_i32(&t, 3, ENC_RLE); /* definition_level_encoding */
    t_i32(&t, 4, ENC_RLE); /* repetition_level_encoding */
    t_end(&t);
    t_end(&t);
    if (t.rc) return pc_error_set(err, t.rc, "out of memory");
    if (c->values == 0 && c->bytes == 0) c->first_page = w->pos;
    int rc = put(w, w->hdr.data, w->hdr.len, err);
    if (!rc) rc = put(w, stored, m, err);
    c->bytes += (int64_t)(w->hdr.len + m);
    c->raw_bytes += (int64_t)(w->hdr.len + n);
    c->values += values;
    return rc;
}

static int queued_page(void *user, const void *data, size_t n, int64_t values, void *tag,
                       struct pc_error *err)
{
    return store_page(user, tag, data, n, values, err);
}

/* Most bytes a page of n bytes takes in the file, compressed by any codec, with its header. */
static uint64_t page_max(size_t n)
{
    return (uint64_t)n + n / 4 + 1024;
}

/* Stores a page now, or queues it for q's thread. */
static int write_page(struct pc_parquet *w, struct chunk *c, const void *data, size_t n,
                      int64_t values, struct pc_error *err)
{
    if (!w->q) return store_page(w, c, data, n, values, err);
    if (n > INT32_MAX) return pc_error_set(err, PC_ETOOBIG, "parquet page too big");
    w->pushed_max += page_max(n);
    return pc_pageq_push(w->q, data, n, values, c, err);
}

/* Waits for the queued pages: pos, the chunks and the file are the caller's again. */
static int drain(struct pc_parquet *w, struct pc_error *err)
{
    if (!w->q) return PC_OK;
    int rc = pc_pageq_drain(w->q, err);
    w->pos_base = w->pos;
    w->pushed_max = 0;
    return rc;
}

void pc_parquet_set_threads(struct pc_parquet *w, int threads)
{
    if (threads > 1 && !w->q && pc_pageq_new(&w->q, queued_page, w) == PC_OK) w->pos_base = w->pos;
}

int pc_parquet_open(struct pc_parquet **out, const char *path, size_t page_bytes, int codec,
                    struct pc_error *err)
{
    struct pc_parquet *w = calloc(1, sizeof *w);
    *out = NULL;
    if (!w) return pc_error_set(err, PC_ENOMEM, "out of memory");
    w->page_bytes = page_bytes ? page_bytes : (size_t)1 << 20;
    w->group_rows = PC_PARQUET_GROUP_ROWS;
    if (codec != PC_PARQUET_NONE && codec != PC_PARQUET_SNAPPY && codec != PC_PARQUET_GZIP &&
        codec != PC_PARQUET_ZSTD) {
        free(w);
        return pc_error_set(err, PC_EINVAL, "unknown parquet codec %d", codec);
    }
    w->codec = codec;
    pc_buf_init(&w->zbuf, 0);
    pc_buf_init(&w->page, 0);
    pc_buf_init(&w->hdr, 0);
    pc_buf_init(&w->tmin, 0);
    pc_buf_init(&w->tmax, 0);
    int rc = pc_atomic_open(&w->file, path, err);
    if (!rc) rc = put(w, "PAR1", 4, err);
    if (rc) {
        pc_parquet_abort(w);
        return rc;
    }
    *out = w;
    return PC_OK;
}

static void le_double(unsigned char *o, double d);

/* Bytewise comparison of a[0..an) and b[0..bn) (unsigned, shorter first on a tie), the
 * order parquet-format's TYPE_ORDER gives BYTE_ARRAY / String. */
static int bytes_cmp(const char *a, size_t an, const char *b, size_t bn)
{
    int c = memcmp(a, b, an < bn ? an : bn);
    return c ? c : (an > bn) - (an < bn);
}

/* Ends the row group being filled: its last text page (one empty page when it has none),
 * its price pages, and its entry for the footer. */
static int flush_group(struct pc_parquet *w, struct pc_error *err)
{
    int rc = drain(w, err); /* (text.bytes is the queue's until then) */
    if (!rc && (w->page_values > 0 || w->text.bytes == 0))
        rc = write_page(w, &w->text, w->page.data ? w->page.data : "", w->page.len, w->page_values,
                        err);
    pc_buf_reset(&w->page);
    w->page_values = 0;
    size_t per_page = w->page_bytes / 8 ? w->page_bytes / 8 : 1;
    unsigned char *buf = rc ? NULL : malloc(per_page * 8);
    if (!buf && !rc) rc = pc_error_set(err, PC_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && (i < w->n || (i == 0 && w->n == 0)); i += per_page) {
        size_t m = w->n - i < per_page ? w->n - i : per_page;
        for (size_t j = 0; j < m; j++) le_double(buf + 8 * j, w->prices[i + j]);
        rc = write_page(w, &w->price, buf, m * 8, (int64_t)m, err);
        if (w->n == 0) break;
    }
    free(buf);
    if (!rc) rc = drain(w, err);
    if (rc) return rc;
    if (w->n_groups == w->cap_groups) {
        size_t cap = w->cap_groups ? w->cap_groups * 2 : 8;
        struct group *g = realloc(w->groups, cap * sizeof *g);
        if (!g) return pc_error_set(err, PC_ENOMEM, "out of memory");
        w->groups = g;
        w->cap_groups = cap;
    }
    struct group *g = &w->groups[w->n_groups++];
    memset(g, 0, sizeof *g);
    g->text = w->text;
    g->price = w->price;
    g->rows = (int64_t)w->n;
    g->pmin = w->min;
    g->pmax = w->max;
    if (w->n) {
        g->tmin = pc_buf_detach(&w->tmin, &g->tmin_len);
        g->tmax = pc_buf_detach(&w->tmax, &g->tmax_len);
        if (!g->tmin || !g->tmax) return pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    memset(&w->text, 0, sizeof w->text);
    memset(&w->price, 0, sizeof w->price);
    w->n = 0;
    return PC_OK;
}

void pc_parquet_set_group_rows(struct pc_parquet *w, uint64_t rows)
{
    w->group_rows = rows ? rows : PC_PARQUET_GROUP_ROWS;
}

uint64_t pc_parquet_rows(const struct pc_parquet *w)
{
    return w->rows;
}

uint64_t pc_parquet_bytes(struct pc_parquet *w)
{
    drain(w, NULL); /* a failure is reported by the next add or commit */
    return (uint64_t)w->pos + w->page.len + 8 * (uint64_t)w->n;
}

int pc_parquet_reached(struct pc_parquet *w, uint64_t limit)
{
    uint64_t most = (uint64_t)w->pos_base + w->pushed_max + w->page.len + 8 * (uint64_t)w->n;
    if (w->q && most < limit) return 0; /* surely not, whatever the queued pages compress to */
    return pc_parquet_bytes(w) >= limit;
}

int pc_parquet_add(struct pc_parquet *w, const char *text, size_t len, double price,
                   struct pc_error *err)
{
    if (len > ((size_t)1 << 30)) return pc_error_set(err, PC_ETOOBIG, "text over 1 GiB");
    if (w->n >= w->group_rows) {
        int rc = flush_group(w, err);
        if (rc) return rc;
    }
    if (w->n == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 1024;
        double *p = realloc(w->prices, cap * sizeof *p);
        if (!p) return pc_error_set(err, PC_ENOMEM, "out of memory");
        w->prices = p;
        w->cap = cap;
    }
    int first = w->n == 0;
    if (first || price < w->min) w->min = price;
    if (first || price > w->max) w->max = price;
    if (first || bytes_cmp(text, len, w->tmin.data, w->tmin.len) < 0) {
        pc_buf_reset(&w->tmin);
        if (pc_buf_append(&w->tmin, text, len))
            return pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    if (first || bytes_cmp(text, len, w->tmax.data, w->tmax.len) > 0) {
        pc_buf_reset(&w->tmax);
        if (pc_buf_append(&w->tmax, text, len))
            return pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    w->prices[w->n++] = price;
    w->rows++;
    unsigned char l4[4] = {(unsigned char)len, (unsigned char)(len >> 8),
                           (unsigned char)(len >> 16), (unsigned char)(len >> 24)};
    if (pc_buf_append(&w->page, l4, 4) || pc_buf_append(&w->page, text, len))
        return pc_error_set(err, PC_ENOMEM, "out of memory");
    w->page_values++;
    if (w->page.len >= w->page_bytes) {
        int rc = write_page(w, &w->text, w->page.data, w->page.len, w->page_values, err);
        pc_buf_reset(&w->page);
        w->page_values = 0;
        return rc;
    }
    return PC_OK;
}

static void le_double(unsigned char *o, double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    for (int i = 0; i < 8; i++) o[i] = (unsigned char)(u >> (8 * i));
}

static void column_meta(struct thrift *t, const struct chunk *c, int type, const char *name,
                        const struct group *g, int codec)
{
    t_begin(t, 0);              /* ColumnChunk */
    t_i64(t, 2, c->first_page); /* file_offset */
    t_begin(t, 3);              /* meta_data */
    t_i32(t, 1, type);
    t_list(t, 2, T_I32, 2); /* encodings */
    t_varint(t, zigzag(ENC_PLAIN));
    t_varint(t, zigzag(ENC_RLE));
    t_list(t, 3, T_BINARY, 1); /* path_in_schema */
    t_varint(t, strlen(name));
    if (t->rc == PC_OK) t->rc = pc_buf_puts(t->b, name);
    t_i32(t, 4, codec);         /* codec */
    t_i64(t, 5, c->values);     /* num_values */
    t_i64(t, 6, c->raw_bytes);  /* total_uncompressed_size */
    t_i64(t, 7, c->bytes);      /* total_compressed_size */
    t_i64(t, 9, c->first_page); /* data_page_offset */
    t_begin(t, 12);             /* statistics (of every column) */
    t_i64(t, 3, 0);             /* null_count */
    if (type == TYPE_DOUBLE && g->rows > 0) {
        unsigned char mx[8], mn[8];
        le_double(mx, g->pmax);
        le_double(mn, g->pmin);
        t_binary(t, 5, mx, 8); /* max_value */
        t_binary(t, 6, mn, 8); /* min_value */
    } else if (type == TYPE_BYTE_ARRAY && g->rows > 0) {
        t_binary(t, 5, g->tmax, g->tmax_len);
        t_binary(t, 6, g->tmin, g->tmin_len);
    }
    t_end(t);
    t_end(t);
    t_end(t);
}

static int write_footer(struct pc_parquet *w, struct pc_error *err)
{
    pc_buf_reset(&w->hdr);
    struct thrift t = {.b = &w->hdr};
    t_begin(&t, 0);             /* FileMetaData */
    t_i32(&t, 1, 2);            /* version */
    t_list(&t, 2, T_STRUCT, 3); /* schema */
    t_begin(&t, 0);
    t_binary(&t, 4, "schema", 6);
    t_i32(&t, 5, 2); /* num_children */
    t_end(&t);
    t_begin(&t, 0);
    t_i32(&t, 1, TYPE_BYTE_ARRAY);
    t_i32(&t, 3, 0); /* REQUIRED */
    t_binary(&t, 4, "text", 4);
    t_i32(&t, 6, 0); /* converted_type UTF8 */
    t_begin(&t, 10); /* logicalType */
    t_begin(&t, 1);  /* STRING */
    t_end(&t);
    t_end(&t);
    t_end(&t);
    t_begin(&t, 0);
    t_i32(&t, 1, TYPE_DOUBLE);
    t_i32(&t, 3, 0);
    t_binary(&t, 4, "price", 5);
    t_end(&t);
    t_i64(&t, 3, (int64_t)w->rows);       /* num_rows */
    t_list(&t, 4, T_STRUCT, w->n_groups); /* row_groups */
    for (size_t i = 0; i < w->n_groups; i++) {
        const struct group *g = &w->groups[i];
        t_begin(&t, 0);
        t_list(&t, 1, T_STRUCT, 2); /* columns */
        column_meta(&t, &g->text, TYPE_BYTE_ARRAY, "text", g, w->codec);
        column_meta(&t, &g->price, TYPE_DOUBLE, "price", g, w->codec);
        t_i64(&t, 2, g->text.raw_bytes + g->price.raw_bytes); /* total_byte_size */
        t_i64(&t, 3, g->rows);                                /* num_rows */
        t_i64(&t, 5, g->text.first_page);                     /* file_offset */
        t_i64(&t, 6, g->text.bytes + g->price.bytes);         /* total_compressed_size */
        t_field(&t, 4, 7);                                    /* ordinal (i16) */
        t_varint(&t, zigzag((int64_t)i));
        t_end(&t);
    }
    t_binary(&t, 6, PC_PARQUET_CREATED_BY, strlen(PC_PARQUET_CREATED_BY));
    t_list(&t, 7, T_STRUCT, 2); /* column_orders: TYPE_ORDER for both */
    for (int i = 0; i < 2; i++) {
        t_begin(&t, 0);
        t_begin(&t, 1);
        t_end(&t);
        t_end(&t);
    }
    t_end(&t);
    if (t.rc) return pc_error_set(err, t.rc, "out of memory");
    uint32_t n = (uint32_t)w->hdr.len;
    unsigned char tail[8] = {(unsigned char)n,
                             (unsigned char)(n >> 8),
                             (unsigned char)(n >> 16),
                             (unsigned char)(n >> 24),
                             'P',
                             'A',
                             'R',
                             '1'};
    int rc = put(w, w->hdr.data, w->hdr.len, err);
    if (!rc) rc = put(w, tail, 8, err);
    return rc;
}

int pc_parquet_commit(struct pc_parquet *w, uint64_t *file_bytes, struct pc_error *err)
{
    int rc = PC_OK;
    /* the last row group; an empty file still gets one (empty) group */
    if (w->n > 0 || w->n_groups == 0) rc = flush_group(w, err);
    if (!rc) rc = drain(w, err);
    pc_pageq_free(w->q);
    w->q = NULL;
    if (!rc) rc = write_footer(w, err);
    if (!rc) {
        uint64_t size = (uint64_t)w->pos;
        rc = pc_atomic_commit(&w->file, err);
        if (!rc && file_bytes) *file_bytes = size;
    }
    pc_parquet_abort(w); /* frees; the file is already renamed (or aborted) */
    return rc;
}

void pc_parquet_abort(struct pc_parquet *w)
{
    if (!w) return;
    pc_pageq_free(w->q);
    pc_atomic_abort(&w->file);
    pc_buf_release(&w->page);
    pc_buf_release(&w->hdr);
    pc_buf_release(&w->zbuf);
    pc_buf_release(&w->tmin);
    pc_buf_release(&w->tmax);
    for (size_t i = 0; i < w->n_groups; i++) {
        free(w->groups[i].tmin);
        free(w->groups[i].tmax);
    }
    free(w->groups);
    free(w->prices);
    free(w);
}
