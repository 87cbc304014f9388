/* Snappy block decompression for the Parquet reader, through libsnappy (the same library the
 * Parquet writer compresses with), checking the stated length before writing anything. */
#include "out/snappy_dec.h"

#include <snappy-c.h>

size_t pc_snappy_decompress(const unsigned char *src, size_t n, unsigned char *dst, size_t cap)
{
    size_t len;
    const char *s = (const char *)src;
    if (snappy_uncompressed_length(s, n, &len) != SNAPPY_OK || len != cap) return (size_t)-1;
    if (snappy_validate_compressed_buffer(s, n) != SNAPPY_OK) return (size_t)-1;
    if (cap == 0) return 0;
    if (snappy_uncompress(s, n, (char *)dst, &len) != SNAPPY_OK || len != cap) return (size_t)-1;
    return cap;
}
