/* Snappy block format: a varint uncompressed length, then literals and back-references. */
#include "out/snappy_dec.h"

#include <stdint.h>
#include <string.h>

size_t pc_snappy_decompress(const unsigned char *src, size_t n, unsigned char *dst, size_t cap)
{
    const unsigned char *p = src, *end = src + n;
    uint64_t want = 0;
    for (int shift = 0;; shift += 7) {
        if (p >= end || shift > 28) return (size_t)-1;
        want |= (uint64_t)(*p & 0x7f) << shift;
        if (!(*p++ & 0x80)) break;
    }
    if (want != cap) return (size_t)-1;
    size_t o = 0;
    while (p < end) {
        unsigned tag = *p++;
        size_t len, off;
        if ((tag & 3) == 0) { /* literal */
            len = (tag >> 2) + 1;
            if (len > 60) {
                size_t k = len - 60; /* 1..4 length bytes follow */
                if ((size_t)(end - p) < k) return (size_t)-1;
                len = 0;
                for (size_t i = 0; i < k; i++) len |= (size_t)p[i] << (8 * i);
                len += 1;
                p += k;
            }
            if ((size_t)(end - p) < len || cap - o < len) return (size_t)-1;
            memcpy(dst + o, p, len);
            p += len;
            o += len;
            continue;
        }
        if ((tag & 3) == 1) { /* copy, 1-byte offset */
            if (p >= end) return (size_t)-1;
            len = ((tag >> 2) & 7) + 4;
            off = (size_t)(tag >> 5) << 8 | *p++;
        } else if ((tag & 3) == 2) { /* copy, 2-byte offset */
            if (end - p < 2) return (size_t)-1;
            len = (tag >> 2) + 1;
            off = (size_t)p[0] | (size_t)p[1] << 8;
            p += 2;
        } else { /* copy, 4-byte offset */
            if (end - p < 4) return (size_t)-1;
            len = (tag >> 2) + 1;
            off = (size_t)p[0] | (size_t)p[1] << 8 | (size_t)p[2] << 16 | (size_t)p[3] << 24;
            p += 4;
        }
        if (off == 0 || off > o || cap - o < len) return (size_t)-1;
        for (size_t i = 0; i < len; i++, o++) dst[o] = dst[o - off]; /* may overlap */
    }
    return o == cap ? o : (size_t)-1;
}
