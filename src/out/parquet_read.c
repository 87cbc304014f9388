/* Parquet reader for text + price files (format: parquet-format's parquet.thrift), our own
 * code. The file is mapped; the footer's Thrift compact structs are read by
 * parquet_read_meta.c, then each column chunk's pages are decoded in order here. */
#include "out/parquet_read.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>
#include <zstd.h>

#include "out/parquet_read_meta.h"
#include "out/snappy_dec.h"
#include "out/thrift_in.h"

/* ---- pages ------------------------------------------------------------------------------ */

struct column_out {
    int kind; /* COL_TEXT or COL_PRICE */
    size_t n, cap;
    double *price;
    size_t *off, *len; /* text: offsets into blob */
    char *blob;
    size_t blob_len, blob_cap;
    /* the current chunk's dictionary */
    size_t ndict;
    double *dprice;
    size_t *doff, *dlen;
    unsigned char *dbytes; /* copy of the dictionary page */
};

static int out_reserve(struct column_out *o, size_t more)
{
    if (o->n + more <= o->cap) return PC_OK;
    size_t cap = o->cap ? o->cap : 1024;
    while (cap < o->n + more) cap *= 2;
    if (o->kind == COL_PRICE) {
        double *p = realloc(o->price, cap * sizeof *p);
        if (!p) return PC_ENOMEM;
        o->price = p;
    } else {
        size_t *a = realloc(o->off, cap * sizeof *a);
        if (!a) return PC_ENOMEM;
        o->off = a;
        size_t *b = realloc(o->len, cap * sizeof *b);
        if (!b) return PC_ENOMEM;
        o->len = b;
    }
    o->cap = cap;
    return PC_OK;
}

static int out_text(struct column_out *o, const unsigned char *s, size_t n)
{
    if (o->blob_len + n + 1 > o->blob_cap) {
        size_t cap = o->blob_cap ? o->blob_cap : 1 << 16;
        while (cap < o->blob_len + n + 1) cap *= 2;
        char *b = realloc(o->blob, cap);
        if (!b) return PC_ENOMEM;
        o->blob = b;
        o->blob_cap = cap;
    }
    memcpy(o->blob + o->blob_len, s, n);
    o->blob[o->blob_len + n] = 0;
    o->off[o->n] = o->blob_len;
    o->len[o->n++] = n;
    o->blob_len += n + 1;
    return PC_OK;
}

static double le_double(const unsigned char *p)
{
    uint64_t u = 0;
    for (int i = 7; i >= 0; i--) u = u << 8 | p[i];
    double d;
    memcpy(&d, &u, 8);
    return d;
}

static uint32_t le_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* RLE / bit-packed hybrid (parquet-format Encodings.md): count values of bw bits into out.
 * Returns 0, or -1 when the data ends early. */
static int hybrid(const unsigned char *p, const unsigned char *end, int bw, uint32_t *out,
                  size_t count)
{
    struct pc_tin t = {p, end, 0, 0};
    size_t got = 0;
    size_t vbytes = ((size_t)bw + 7) / 8;
    while (got < count) {
        uint64_t h = pc_tin_varint(&t);
        if (t.bad) return -1;
        if (h & 1) { /* bit-packed groups of 8 */
            uint64_t nvals = (h >> 1) * 8, nbytes = (h >> 1) * (uint64_t)bw;
            if (nbytes > (uint64_t)(end - t.p)) return -1;
            for (uint64_t i = 0; i < nvals && got < count; i++) {
                uint32_t v = 0;
                for (int b = 0; b < bw; b++) {
                    uint64_t bit = i * (uint64_t)bw + (uint64_t)b;
                    v |= (uint32_t)((t.p[bit / 8] >> (bit % 8)) & 1) << b;
                }
                out[got++] = v;
            }
            t.p += nbytes;
        } else { /* a run */
            uint64_t run = h >> 1;
            if (vbytes > (size_t)(end - t.p) || run == 0) return -1;
            uint32_t v = 0;
            for (size_t i = 0; i < vbytes; i++) v |= (uint32_t)t.p[i] << (8 * i);
            t.p += vbytes;
            for (uint64_t i = 0; i < run && got < count; i++) out[got++] = v;
        }
    }
    return 0;
}

/* PLAIN values [p, end) -> n values appended to o (or to its dictionary when dict). */
static int plain_values(struct column_out *o, const unsigned char *p, const unsigned char *end,
                        size_t n, int dict)
{
    /* every PLAIN value takes at least 4 (text) or 8 (price) bytes of the page */
    if (n > (size_t)(end - p) / (o->kind == COL_PRICE ? 8 : 4)) return PC_ESHORT;
    if (dict) {
        o->ndict = 0;
        if (o->kind == COL_PRICE) {
            free(o->dprice);
            o->dprice = malloc((n ? n : 1) * sizeof *o->dprice);
            if (!o->dprice) return PC_ENOMEM;
        } else {
            free(o->doff);
            free(o->dlen);
            o->doff = malloc((n ? n : 1) * sizeof *o->doff);
            o->dlen = malloc((n ? n : 1) * sizeof *o->dlen);
            if (!o->doff || !o->dlen) return PC_ENOMEM;
        }
    } else if (out_reserve(o, n)) {
        return PC_ENOMEM;
    }
    const unsigned char *base = p;
    for (size_t i = 0; i < n; i++) {
        if (o->kind == COL_PRICE) {
            if (end - p < 8) return PC_ESHORT;
            double d = le_double(p);
            p += 8;
            if (dict)
                o->dprice[o->ndict++] = d;
            else
                o->price[o->n++] = d;
        } else {
            if (end - p < 4) return PC_ESHORT;
            uint32_t len = le_u32(p);
            p += 4;
            if (len > (size_t)(end - p)) return PC_ESHORT;
            if (dict) {
                o->doff[o->ndict] = (size_t)(p - base);
                o->dlen[o->ndict++] = len;
            } else if (out_text(o, p, len)) {
                return PC_ENOMEM;
            }
            p += len;
        }
    }
    return PC_OK;
}

static int dict_values(struct column_out *o, const unsigned char *p, const unsigned char *end,
                       size_t n)
{
    if (p >= end && n) return PC_ESHORT;
    int bw = n ? *p++ : 0;
    if (bw > 32) return PC_EFORMAT;
    uint32_t *idx = malloc((n ? n : 1) * sizeof *idx);
    if (!idx) return PC_ENOMEM;
    int rc = hybrid(p, end, bw, idx, n) ? PC_ESHORT : out_reserve(o, n);
    for (size_t i = 0; !rc && i < n; i++) {
        if (idx[i] >= o->ndict) {
            rc = PC_EFORMAT;
        } else if (o->kind == COL_PRICE) {
            o->price[o->n++] = o->dprice[idx[i]];
        } else {
            rc = out_text(o, o->dbytes + o->doff[idx[i]], o->dlen[idx[i]]);
        }
    }
    free(idx);
    return rc;
}

/* Decompresses a page body into *buf (grown as needed). */
static int inflate_page(int codec, const unsigned char *src, size_t n, size_t usize,
                        unsigned char **buf, size_t *cap, struct pc_error *err, const char *path)
{
    /* a corrupt header must not ask for unbounded memory: pages are small (pricer writes
     * 1 MiB), Snappy cannot expand more than about 21 times, deflate 1032 times, and a zstd
     * frame states its size */
    unsigned long long zsize = codec == 6 ? ZSTD_getFrameContentSize(src, n) : 0;
    if (usize > PC_PARQUET_MAX_PAGE || (codec == 1 && usize > n * 22 + 64) ||
        (codec == 2 && usize > n * 1032 + 1024) || /* deflate's largest ratio is 1032:1 */
        (codec == 6 && zsize != ZSTD_CONTENTSIZE_UNKNOWN && zsize != usize))
        return pc_error_set(err, PC_EFORMAT, "'%s': page of %zu bytes (corrupt header?)", path,
                            usize);
    if (usize > *cap || !*buf) {
        unsigned char *b = realloc(*buf, usize ? usize : 1);
        if (!b) return pc_error_set(err, PC_ENOMEM, "out of memory");
        *buf = b;
        *cap = usize;
    }
    if (codec == 1) {
        if (pc_snappy_decompress(src, n, *buf, usize) != usize)
            return pc_error_set(err, PC_EFORMAT, "'%s': corrupt snappy page", path);
        return PC_OK;
    }
    if (codec == 6) {
        size_t got = ZSTD_decompress(*buf, usize, src, n);
        if (ZSTD_isError(got) || got != usize)
            return pc_error_set(err, PC_EFORMAT, "'%s': corrupt zstd page", path);
        return PC_OK;
    }
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 15 + 32) != Z_OK) return pc_error_set(err, PC_ENOMEM, "out of memory");
    z.next_in = (Bytef *)src;
    z.avail_in = (uInt)n;
    z.next_out = *buf;
    z.avail_out = (uInt)usize;
    int zr = inflate(&z, Z_FINISH);
    size_t got = usize - z.avail_out;
    inflateEnd(&z);
    if (zr != Z_STREAM_END || got != usize)
        return pc_error_set(err, PC_EFORMAT, "'%s': corrupt gzip page", path);
    return PC_OK;
}

/* Decodes one column chunk's pages into o. */
static int decode_chunk(struct column_out *o, const unsigned char *f, size_t size,
                        const struct colmeta *c, int optional, const char *path,
                        struct pc_error *err)
{
    static const char *const names[] = {"text", "price"};
    const char *col = names[o->kind];
    if (c->type != (o->kind == COL_TEXT ? TYPE_BYTE_ARRAY : TYPE_DOUBLE))
        return pc_error_set(err, PC_EUNSUPPORTED, "'%s': column %s has physical type %d", path, col,
                            c->type);
    if (c->codec != 0 && c->codec != 1 && c->codec != 2 && c->codec != 6)
        return pc_error_set(err, PC_EUNSUPPORTED,
                            "'%s': column %s uses compression codec %d (pricer reads "
                            "uncompressed, snappy, gzip and zstd pages)",
                            path, col, c->codec);
    int64_t pos = c->data_off;
    if (c->dict_off > 0 && c->dict_off < pos) pos = c->dict_off;
    int64_t done = 0;
    unsigned char *buf = NULL;
    size_t cap = 0;
    uint32_t *levels = NULL;
    int rc = PC_OK;
    while (!rc && done < c->num_values) {
        if (pos < 4 || (uint64_t)pos >= size) {
            rc = pc_error_set(err, PC_EFORMAT, "'%s': column %s: page offset %lld outside the file",
                              path, col, (long long)pos);
            break;
        }
        struct pc_tin t = {f + pos, f + size, 0, 0};
        struct page_header h;
        pc_pq_read_page_header(&t, &h);
        if (t.bad || h.csize < 0 || h.usize < 0 || h.nvalues < 0 ||
            h.csize > (const unsigned char *)f + size - t.p) {
            rc =
                pc_error_set(err, PC_EFORMAT, "'%s': column %s: corrupt page header at offset %lld",
                             path, col, (long long)pos);
            break;
        }
        const unsigned char *body = t.p;
        pos = (int64_t)(t.p - f) + h.csize;
        if (h.type == PAGE_DATA_V2) {
            rc = pc_error_set(err, PC_EUNSUPPORTED, "'%s': column %s has v2 data pages", path, col);
            break;
        }
        if (h.type != PAGE_DATA && h.type != PAGE_DICT) continue; /* index pages */
        const unsigned char *p = body;
        size_t n = (size_t)h.csize;
        if (c->codec != 0) {
            rc = inflate_page(c->codec, body, n, (size_t)h.usize, &buf, &cap, err, path);
            if (rc) break;
            p = buf;
            n = (size_t)h.usize;
        }
        const unsigned char *end = p + n;
        size_t nv = (size_t)h.nvalues;
        if (h.type == PAGE_DATA && h.nvalues > c->num_values - done) {
            rc = pc_error_set(err, PC_EFORMAT,
                              "'%s': column %s: a page holds more values than its column chunk",
                              path, col);
            break;
        }
        if (h.type == PAGE_DICT) {
            free(o->dbytes);
            o->dbytes = malloc(n ? n : 1);
            if (!o->dbytes) {
                rc = pc_error_set(err, PC_ENOMEM, "out of memory");
                break;
            }
            memcpy(o->dbytes, p, n);
            rc = plain_values(o, o->dbytes, o->dbytes + n, nv, 1);
        } else {
            if (optional) { /* definition levels: a 4-byte length, then the hybrid */
                uint32_t *lv = realloc(levels, (nv ? nv : 1) * sizeof *lv);
                if (!lv) {
                    rc = pc_error_set(err, PC_ENOMEM, "out of memory");
                    break;
                }
                levels = lv;
                uint32_t len = end - p >= 4 ? le_u32(p) : UINT32_MAX;
                if (len > (size_t)(end - p) - 4 || hybrid(p + 4, p + 4 + len, 1, levels, nv)) {
                    rc = PC_ESHORT;
                    break;
                }
                for (size_t i = 0; i < nv; i++)
                    if (levels[i] == 0) {
                        rc = pc_error_set(err, PC_EFORMAT, "'%s': row %zu: %s is null", path,
                                          o->n + i + 1, col);
                        break;
                    }
                if (rc) break;
                p += 4 + len;
            }
            if (h.encoding == ENC_PLAIN)
                rc = plain_values(o, p, end, nv, 0);
            else if (h.encoding == ENC_PLAIN_DICT || h.encoding == ENC_RLE_DICT)
                rc = dict_values(o, p, end, nv);
            else
                rc = pc_error_set(err, PC_EUNSUPPORTED, "'%s': column %s uses encoding %d", path,
                                  col, h.encoding);
            done += (int64_t)nv;
        }
    }
    if (rc == PC_ESHORT || (rc == PC_EFORMAT && !err->message[0]))
        rc = pc_error_set(err, PC_EFORMAT, "'%s': column %s: page data ends early or is corrupt",
                          path, col);
    else if (rc == PC_ENOMEM && !err->message[0])
        rc = pc_error_set(err, PC_ENOMEM, "out of memory");
    free(buf);
    free(levels);
    return rc;
}

static void column_out_release(struct column_out *o)
{
    free(o->price);
    free(o->off);
    free(o->len);
    free(o->blob);
    free(o->dprice);
    free(o->doff);
    free(o->dlen);
    free(o->dbytes);
}

static int decode_columns(struct pc_parquet_table *tab, const unsigned char *f, size_t size,
                          const char *path, const struct meta *m, struct pc_error *err)
{
    struct column_out o[NCOLS] = {{.kind = COL_TEXT}, {.kind = COL_PRICE}};
    int rc = PC_OK;
    for (size_t g = 0; !rc && g < m->nrg; g++)
        for (int c = 0; !rc && c < NCOLS; c++)
            rc = decode_chunk(&o[c], f, size, &m->chunks[g * NCOLS + c], m->optional[c], path, err);
    if (!rc && (o[0].n != o[1].n || o[0].n != (size_t)m->num_rows))
        rc = pc_error_set(err, PC_EFORMAT, "'%s': %zu texts and %zu prices for %lld rows", path,
                          o[0].n, o[1].n, (long long)m->num_rows);
    if (!rc) {
        tab->n = o[0].n;
        tab->text = malloc((tab->n ? tab->n : 1) * sizeof *tab->text);
        if (!tab->text) rc = pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    if (!rc) {
        if (!o[0].blob) o[0].blob = calloc(1, 1);
        tab->blob = o[0].blob;
        tab->text_len = o[0].len;
        tab->price = o[1].price;
        for (size_t i = 0; i < tab->n; i++) tab->text[i] = tab->blob + o[0].off[i];
        o[0].blob = NULL, o[0].len = NULL, o[1].price = NULL;
    }
    column_out_release(&o[0]);
    column_out_release(&o[1]);
    return rc;
}

int pc_parquet_read_mem(struct pc_parquet_table *tab, const void *data, size_t size,
                        const char *path, struct pc_error *err)
{
    memset(tab, 0, sizeof *tab);
    const unsigned char *f = data;
    if (size < 12)
        return pc_error_set(err, PC_EFORMAT, "'%s' is not a Parquet file (too short)", path);
    int rc = PC_OK;
    struct meta m = {0};
    uint32_t flen = (uint32_t)f[size - 8] | (uint32_t)f[size - 7] << 8 |
                    (uint32_t)f[size - 6] << 16 | (uint32_t)f[size - 5] << 24;
    if (memcmp(f, "PAR1", 4) || memcmp(f + size - 4, "PAR1", 4) || flen > size - 12) {
        rc = pc_error_set(err, PC_EFORMAT, "'%s' is not a Parquet file (no PAR1 footer)", path);
        goto done;
    }
    struct pc_tin t = {f + size - 8 - flen, f + size - 8, 0, 0};
    if (pc_pq_read_footer(&t, &m)) {
        rc = pc_error_set(err, PC_ENOMEM, "out of memory");
        goto done;
    }
    if (t.bad == 2) {
        rc = pc_error_set(err, PC_EUNSUPPORTED, "'%s': nested or repeated columns", path);
        goto done;
    }
    if (t.bad || m.num_rows < 0) {
        rc = pc_error_set(err, PC_EFORMAT, "'%s': corrupt Parquet footer", path);
        goto done;
    }
    if (m.num_rows > PC_PARQUET_MAX_ROWS) {
        rc = pc_error_set(err, PC_ETOOBIG, "'%s': %lld rows, more than pricer reads (%d)", path,
                          (long long)m.num_rows, PC_PARQUET_MAX_ROWS);
        goto done;
    }
    int64_t sum[NCOLS] = {0};
    for (size_t g = 0; g < m.nrg * NCOLS; g++) {
        int64_t v = m.chunks[g].num_values;
        if (v < 0 || v > m.num_rows || (sum[g % NCOLS] += v) > m.num_rows) {
            rc = pc_error_set(err, PC_EFORMAT, "'%s': column chunks hold more values than rows",
                              path);
            goto done;
        }
    }
    if (!m.present[COL_TEXT] || !m.present[COL_PRICE]) {
        rc = pc_error_set(err, PC_EFORMAT, "'%s' has no %s column", path,
                          m.present[COL_TEXT] ? "price" : "text");
        goto done;
    }
    rc = decode_columns(tab, f, size, path, &m, err);
done:
    free(m.chunks);
    if (rc) pc_parquet_table_release(tab);
    return rc;
}

int pc_parquet_read(struct pc_parquet_table *tab, const char *path, struct pc_error *err)
{
    memset(tab, 0, sizeof *tab);
    int fd = open(path, O_RDONLY);
    if (fd < 0) return pc_error_set(err, PC_EIO, "cannot open '%s': %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size < 12) {
        close(fd);
        return pc_error_set(err, PC_EFORMAT, "'%s' is not a Parquet file (too short)", path);
    }
    size_t size = (size_t)st.st_size;
    void *f = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (f == MAP_FAILED)
        return pc_error_set(err, PC_EIO, "cannot read '%s': %s", path, strerror(errno));
    int rc = pc_parquet_read_mem(tab, f, size, path, err);
    munmap(f, size);
    return rc;
}

void pc_parquet_table_release(struct pc_parquet_table *t)
{
    free(t->text);
    free(t->text_len);
    free(t->price);
    free(t->blob);
    memset(t, 0, sizeof *t);
}
