/* get_price: a hand-written matcher for the one regular expression of SPEC §6.4. */
#include "eval/get_price.h"

#include <stdint.h>
#include <stdlib.h>

#include "text/utf8.h"

/* Unicode 14.0.0: 66 runs of Nd digits (tests/gen/gen_decimal_zeros.py) */
static const uint32_t g_nd_zero[] = {
    0x30,    0x660,   0x6F0,   0x7C0,   0x966,   0x9E6,   0xA66,   0xAE6,   0xB66,   0xBE6,
    0xC66,   0xCE6,   0xD66,   0xDE6,   0xE50,   0xED0,   0xF20,   0x1040,  0x1090,  0x17E0,
    0x1810,  0x1946,  0x19D0,  0x1A80,  0x1A90,  0x1B50,  0x1BB0,  0x1C40,  0x1C50,  0xA620,
    0xA8D0,  0xA900,  0xA9D0,  0xA9F0,  0xAA50,  0xABF0,  0xFF10,  0x104A0, 0x10D30, 0x11066,
    0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650, 0x116C0, 0x11730, 0x118E0,
    0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2,
    0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
};

/* Digit value 0..9 of cp, or -1 when cp is not a decimal digit. */
static int nd_value(uint32_t cp)
{
    if (cp >= '0' && cp <= '9') return (int)(cp - '0');
    size_t lo = 0, hi = sizeof g_nd_zero / sizeof g_nd_zero[0];
    while (lo < hi) { /* last zero <= cp */
        size_t mid = (lo + hi) / 2;
        if (g_nd_zero[mid] <= cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0) return -1;
    uint32_t z = g_nd_zero[lo - 1];
    return cp - z < 10 ? (int)(cp - z) : -1;
}

/* Symbol classes after the '$' / ',' removal: a digit value 0..9, or one of these. */
enum { SYM_DOT = 10, SYM_PLUS, SYM_MINUS, SYM_OTHER };

double pc_get_price(const char *s, size_t n)
{
    unsigned char *t = malloc(n + 1); /* one symbol per code point: at most n */
    if (!t) return 0;                 /* cannot happen for sane n; the caller sees "no price" */
    size_t m = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int valid;
        size_t k = pc_utf8_decode((const unsigned char *)s + i, n - i, &cp, &valid);
        if (k == 0) k = 1;
        i += k;
        if (valid != 1) {
            t[m++] = SYM_OTHER;
            continue;
        }
        if (cp == '$' || cp == ',') continue;
        int d = nd_value(cp);
        t[m++] = d >= 0      ? (unsigned char)d
                 : cp == '.' ? SYM_DOT
                 : cp == '+' ? SYM_PLUS
                 : cp == '-' ? SYM_MINUS
                             : SYM_OTHER;
    }
    t[m] = SYM_OTHER;
    size_t start = 0, end = 0;
    int found = 0;
    for (size_t i = 0; i < m && !found; i++) {
        /* alternative 1: [-+]?\d*\.\d+ (a greedy \d* never needs to give digits back) */
        size_t p = i + (t[i] == SYM_PLUS || t[i] == SYM_MINUS);
        while (t[p] <= 9) p++;
        if (t[p] == SYM_DOT && t[p + 1] <= 9) {
            p++;
            while (t[p] <= 9) p++;
            start = i, end = p, found = 1;
        } else if (t[i] <= 9) { /* alternative 2: \d+ */
            p = i;
            while (t[p] <= 9) p++;
            start = i, end = p, found = 1;
        }
    }
    double v = 0;
    if (found) {
        char *a = malloc(end - start + 1);
        if (a) {
            for (size_t i = start; i < end; i++)
                a[i - start] = t[i] <= 9          ? (char)('0' + t[i])
                               : t[i] == SYM_DOT  ? '.'
                               : t[i] == SYM_PLUS ? '+'
                                                  : '-';
            a[end - start] = 0;
            v = strtod(a, NULL);
            free(a);
        }
    }
    free(t);
    return v;
}
