#include <string.h>

#include "text/utf8.h"

size_t pc_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp, int *valid)
{
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        if (valid) *valid = 1;
        return 1;
    }
    size_t need;
    uint32_t v;
    unsigned lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
        v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        v = c & 0x0F;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        v = c & 0x07;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        goto bad1;
    }
    size_t i = 1;
    for (; i <= need; i++) {
        if (i >= n) goto bad;
        unsigned b = s[i];
        if (i == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) goto bad;
        v = (v << 6) | (b & 0x3F);
    }
    *cp = v;
    if (valid) *valid = 1;
    return need + 1;
bad:
    *cp = 0xFFFD;
    if (valid) *valid = 0;
    return i;
bad1:
    *cp = 0xFFFD;
    if (valid) *valid = 0;
    return 1;
}

size_t pc_utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

int pc_utf8_valid(const char *s, size_t n, size_t *bad_at)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        if (u[i] < 0x80) {
            /* ASCII fast path: 16 bytes at a time while none has its high bit set. */
            uint64_t a, b;
            while (n - i >= 16) {
                memcpy(&a, u + i, 8);
                memcpy(&b, u + i + 8, 8);
                if ((a | b) & 0x8080808080808080ull) break;
                i += 16;
            }
            while (i < n && u[i] < 0x80) i++;
            continue;
        }
        uint32_t cp;
        int ok;
        size_t k = pc_utf8_decode(u + i, n - i, &cp, &ok);
        if (!ok) {
            if (bad_at) *bad_at = i;
            return 0;
        }
        i += k;
    }
    return 1;
}

size_t pc_utf8_count(const char *s, size_t n)
{
    /* 8 bytes at a time: continuation bytes (10xxxxxx) have bit 7 set and bit 6 clear */
    size_t c = n, i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        uint64_t cont = (x & ~(x << 1)) & 0x8080808080808080ULL;
        c -= (size_t)(((cont >> 7) * 0x0101010101010101ULL) >> 56);
    }
    for (; i < n; i++) c -= ((unsigned char)s[i] & 0xC0) == 0x80;
    return c;
}

size_t pc_utf8_prefix(const char *s, size_t n, size_t max_cp)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (c == max_cp) return i;
            c++;
        }
    }
    return n;
}
