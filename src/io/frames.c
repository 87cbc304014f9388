/* Unit walker (see frames.h): zstd frames and BGZF members from their headers. */
#include "io/frames.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ZSTD_MAGIC 0xFD2FB528u
#define SKIP_MAGIC 0x184D2A50u /* ..5F: the low 4 bits are free */

static int push(struct pc_units *u, uint64_t off)
{
    if (u->n == u->cap) {
        size_t cap = u->cap ? u->cap * 2 : 64;
        uint64_t *p = realloc(u->off, cap * sizeof *p);
        if (!p) return PC_ENOMEM;
        u->off = p;
        u->cap = cap;
    }
    u->off[u->n++] = off;
    return PC_OK;
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Exactly len bytes at off; PC_EFORMAT (*short_read set) past the end, PC_EIO on error. */
static int get(pc_units_read_fn rd, void *ctx, uint64_t size, void *buf, size_t len, uint64_t off,
               int *short_read)
{
    *short_read = 0;
    if (off > size || size - off < len) {
        *short_read = 1;
        return PC_EFORMAT;
    }
    long got = rd(ctx, buf, len, off);
    if (got < 0) return PC_EIO;
    if ((size_t)got < len) {
        *short_read = 1;
        return PC_EFORMAT;
    }
    return PC_OK;
}

/* The size of the zstd frame at off (a data or skippable frame), or an error with *why. */
static int zstd_frame(pc_units_read_fn rd, void *ctx, uint64_t size, uint64_t off, uint64_t *len,
                      const char **why, uint64_t *at)
{
    unsigned char h[18];
    int sr = 0, rc;
    *at = off;
    if ((rc = get(rd, ctx, size, h, 4, off, &sr))) {
        *why = "truncated zstd frame (no room for its magic number)";
        return rc;
    }
    uint32_t magic = le32(h);
    if ((magic & 0xFFFFFFF0u) == SKIP_MAGIC) {
        if ((rc = get(rd, ctx, size, h, 8, off, &sr))) {
            *why = "truncated skippable frame header";
            return rc;
        }
        uint64_t body = le32(h + 4);
        if (size - off - 8 < body) {
            *why = "truncated skippable frame";
            return PC_EFORMAT;
        }
        *len = 8 + body;
        return PC_OK;
    }
    if (magic != ZSTD_MAGIC) {
        *why = "not a zstd frame (bad magic number)";
        return PC_EFORMAT;
    }
    if ((rc = get(rd, ctx, size, h + 4, 1, off + 4, &sr))) {
        *why = "truncated zstd frame header";
        return rc;
    }
    unsigned fhd = h[4], fcs_flag = fhd >> 6, single = (fhd >> 5) & 1, did_flag = fhd & 3;
    if (fhd & 8) {
        *why = "corrupt zstd frame header (reserved bit set)";
        return PC_EFORMAT;
    }
    static const unsigned did_size[4] = {0, 1, 2, 4}, fcs_size[4] = {0, 2, 4, 8};
    uint64_t hlen = 5 + !single + did_size[did_flag] + (fcs_flag ? fcs_size[fcs_flag] : single);
    uint64_t p = off + hlen;
    if (p > size) {
        *why = "truncated zstd frame header";
        return PC_EFORMAT;
    }
    for (;;) { /* blocks */
        *at = p;
        if ((rc = get(rd, ctx, size, h, 3, p, &sr))) {
            *why = "truncated zstd frame (block header missing)";
            return rc;
        }
        uint32_t bh = (uint32_t)h[0] | (uint32_t)h[1] << 8 | (uint32_t)h[2] << 16;
        unsigned last = bh & 1, type = (bh >> 1) & 3;
        uint64_t bsize = bh >> 3;
        if (type == 3) {
            *why = "corrupt zstd block (reserved block type)";
            return PC_EFORMAT;
        }
        if (bsize > 128 * 1024) {
            *why = "corrupt zstd block (larger than 128 KiB)";
            return PC_EFORMAT;
        }
        uint64_t body = type == 1 ? 1 : bsize;
        p += 3;
        if (size - p < body) {
            *why = "truncated zstd frame (block cut short)";
            return PC_EFORMAT;
        }
        p += body;
        if (last) break;
    }
    if (fhd & 4) { /* content checksum */
        *at = p;
        if (size - p < 4) {
            *why = "truncated zstd frame (checksum missing)";
            return PC_EFORMAT;
        }
        p += 4;
    }
    *len = p - off;
    return PC_OK;
}

/* The size of the BGZF member at off, 0 when it is not one (no BSIZE field). */
static int bgzf_member(pc_units_read_fn rd, void *ctx, uint64_t size, uint64_t off, uint64_t *len,
                       const char **why)
{
    unsigned char h[12];
    int sr = 0, rc;
    *len = 0;
    if ((rc = get(rd, ctx, size, h, 12, off, &sr))) return sr ? PC_OK : rc;
    if (h[0] != 0x1f || h[1] != 0x8b || h[2] != 8 || !(h[3] & 4)) return PC_OK;
    unsigned xlen = (unsigned)h[10] | (unsigned)h[11] << 8;
    unsigned char x[65535];
    if ((rc = get(rd, ctx, size, x, xlen, off + 12, &sr))) return sr ? PC_OK : rc;
    for (unsigned i = 0; i + 4 <= xlen;) { /* subfields: SI1 SI2 SLEN(2) data */
        unsigned slen = (unsigned)x[i + 2] | (unsigned)x[i + 3] << 8;
        if (i + 4 + slen > xlen) break;
        if (x[i] == 'B' && x[i + 1] == 'C' && slen == 2) {
            uint64_t m = ((unsigned)x[i + 4] | (unsigned)x[i + 5] << 8) + 1u;
            if (m < 12 + xlen + 8) { /* header, at least an empty deflate body, trailer */
                *why = "corrupt BGZF member (block size smaller than its header)";
                return PC_EFORMAT;
            }
            if (m > size - off) {
                *why = "truncated BGZF member (block size past the end of the file)";
                return PC_EFORMAT;
            }
            *len = m;
            return PC_OK;
        }
        i += 4 + slen;
    }
    return PC_OK;
}

int pc_units_list(enum pc_compression comp, pc_units_read_fn rd, void *ctx, uint64_t size,
                  const char *name, struct pc_units *out, struct pc_error *err)
{
    memset(out, 0, sizeof *out);
    if (push(out, 0)) return pc_error_set(err, PC_ENOMEM, "out of memory");
    uint64_t off = 0, len = 0, at = 0;
    const char *why = NULL;
    int rc = PC_OK;
    if (comp == PC_COMP_ZSTD) {
        while (!rc && off < size) {
            if ((rc = zstd_frame(rd, ctx, size, off, &len, &why, &at))) break;
            off += len;
            if (off < size) rc = push(out, off);
        }
    } else if (comp == PC_COMP_GZIP) {
        while (!rc && off < size) {
            if ((rc = bgzf_member(rd, ctx, size, off, &len, &why)) || !len) break;
            at = off;
            off += len;
            if (off < size) rc = push(out, off);
        }
        if (rc == PC_EFORMAT) at = off;
    }
    if (rc == PC_ENOMEM) return pc_error_set(err, rc, "out of memory");
    if (rc == PC_EIO) {
        pc_error_at(err, name, 0, (int64_t)at);
        return pc_error_set(err, rc, "cannot read '%s': %s", name, strerror(errno));
    }
    if (rc) {
        pc_error_at(err, name, 0, (int64_t)at);
        return pc_error_set(err, rc, "%s at byte %llu", why ? why : "corrupt data",
                            (unsigned long long)at);
    }
    return PC_OK;
}

static long fd_read(void *ctx, void *buf, size_t len, uint64_t off)
{
    int fd = *(int *)ctx;
    size_t got = 0;
    while (got < len) {
        ssize_t r = pread(fd, (char *)buf + got, len - got, (off_t)(off + got));
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) return -1;
        if (r == 0) break;
        got += (size_t)r;
    }
    return (long)got;
}

int pc_units_list_file(const char *path, enum pc_compression comp, uint64_t size,
                       struct pc_units *out, struct pc_error *err)
{
    memset(out, 0, sizeof *out);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return pc_error_set(err, PC_EIO, "cannot open '%s': %s", path, strerror(errno));
    int rc = pc_units_list(comp, fd_read, &fd, size, path, out, err);
    close(fd);
    return rc;
}

void pc_units_release(struct pc_units *u)
{
    free(u->off);
    memset(u, 0, sizeof *u);
}

const char *pc_units_kind(enum pc_compression comp, size_t n)
{
    if (comp == PC_COMP_NONE) return "bytes";
    if (n < 2) return "file";
    return comp == PC_COMP_ZSTD ? "zstd frames" : "gzip members";
}
