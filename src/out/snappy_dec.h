/* A raw Snappy block decompressor (the format of github.com/google/snappy's
 * format_description.txt), for Parquet pages with codec SNAPPY. Our own code; pure,
 * thread-safe, bounds-checked. */
#ifndef PC_OUT_SNAPPY_DEC_H
#define PC_OUT_SNAPPY_DEC_H

#include <stddef.h>

/* Decompresses src[0..n) into dst[0..cap). Returns the decompressed length, or (size_t)-1
 * when the block is corrupt or its stated length is not exactly cap. */
size_t pc_snappy_decompress(const unsigned char *src, size_t n, unsigned char *dst, size_t cap);

#endif
