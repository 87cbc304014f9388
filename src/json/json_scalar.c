/* Scalars of the JSON reader: strings (fast scan for the closing quote, strict UTF-8 and
 * control-character checks, escape decoding with surrogate pairs and WTF-8 lone surrogates)
 * and numbers (Python int/float kinds, correctly rounded doubles). */
#include "json/json.h"
#include "json/json_internal.h"

#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Python 3.11's int max_str_digits: longer integer literals make json.loads fail. */
#define PC_PY_INT_MAX_DIGITS 4300

int pc_json_fail(struct pc_json_parser *ps, const unsigned char *at, int code, const char *msg)
{
    if (ps->rc == PC_OK) {
        ps->rc = code;
        pc_error_set(ps->err, code, "%s", msg);
        if (ps->err) ps->err->byte_offset = (int64_t)(at - ps->start);
    }
    return code;
}

int pc_json_fail_alloc(struct pc_json_parser *ps)
{
    if (ps->a->exceeded)
        return pc_json_fail(ps, ps->p, PC_ETOOBIG, "document too big for the parser's memory cap");
    return pc_json_fail(ps, ps->p, PC_ENOMEM, "out of memory");
}

/* Length of the valid UTF-8 sequence at p (2-4), or 0 when invalid (overlong, surrogate,
 * > U+10FFFF, truncated). p[0] >= 0x80. */
static inline int utf8_seq(const unsigned char *p, const unsigned char *end)
{
    unsigned c = p[0];
    size_t room = (size_t)(end - p);
    if (c >= 0xC2 && c <= 0xDF) return room >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (room < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return 0;
        if (c == 0xE0 && p[1] < 0xA0) return 0;  /* overlong */
        if (c == 0xED && p[1] >= 0xA0) return 0; /* surrogate */
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (room < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && p[1] < 0x90) return 0;  /* overlong */
        if (c == 0xF4 && p[1] >= 0x90) return 0; /* > U+10FFFF */
        return 4;
    }
    return 0;
}

static inline int hexval(unsigned c)
{
    if (c - '0' < 10) return (int)(c - '0');
    c |= 0x20;
    if (c - 'a' < 6) return (int)(c - 'a' + 10);
    return -1;
}

static int read_hex4(const unsigned char *p, const unsigned char *end, uint32_t *out)
{
    if (end - p < 4) return -1;
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval(p[i]);
        if (h < 0) return -1;
        v = v << 4 | (uint32_t)h;
    }
    *out = v;
    return 0;
}

static size_t put_utf8(uint32_t cp, char *o)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | cp >> 6);
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | cp >> 12);
        o[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | cp >> 18);
    o[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    o[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decodes the escapes of a validated string body src[0..n) into dst; returns bytes written
 * or -1 with ps->rc set on a bad escape. */
static long decode_escapes(struct pc_json_parser *ps, const unsigned char *src, size_t n, char *dst)
{
    const unsigned char *s = src, *e = src + n;
    char *o = dst;
    while (s < e) {
        const unsigned char *bs = memchr(s, '\\', (size_t)(e - s));
        if (!bs) bs = e;
        memcpy(o, s, (size_t)(bs - s));
        o += bs - s;
        s = bs;
        if (s >= e) break;
        /* s[0] == '\\' and s + 1 < e (the scanner guaranteed a following byte) */
        unsigned c = s[1];
        switch (c) {
        case '"':
            *o++ = '"';
            s += 2;
            continue;
        case '\\':
            *o++ = '\\';
            s += 2;
            continue;
        case '/':
            *o++ = '/';
            s += 2;
            continue;
        case 'b':
            *o++ = '\b';
            s += 2;
            continue;
        case 'f':
            *o++ = '\f';
            s += 2;
            continue;
        case 'n':
            *o++ = '\n';
            s += 2;
            continue;
        case 'r':
            *o++ = '\r';
            s += 2;
            continue;
        case 't':
            *o++ = '\t';
            s += 2;
            continue;
        case 'u':
            break;
        default:
            pc_json_fail(ps, s, PC_EFORMAT, "invalid \\escape");
            return -1;
        }
        uint32_t cp;
        if (read_hex4(s + 2, e, &cp) < 0) {
            pc_json_fail(ps, s, PC_EFORMAT, "invalid \\uXXXX escape");
            return -1;
        }
        s += 6;
        if (cp >= 0xD800 && cp <= 0xDBFF && e - s >= 6 && s[0] == '\\' && s[1] == 'u') {
            uint32_t lo;
            if (read_hex4(s + 2, e, &lo) == 0 && lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                s += 6;
            }
        }
        if (cp >= 0xD800 && cp <= 0xDFFF) ps->doc->lone_surrogates = 1;
        o += put_utf8(cp, o);
    }
    return o - dst;
}

/* ps->p is just after the opening quote. Stores the decoded, NUL-terminated string. */
int pc_json_parse_string(struct pc_json_parser *ps, const char **out, uint32_t *out_len)
{
    const unsigned char *open = ps->p - 1, *p = ps->p, *end = ps->end;
    int esc = 0;
    for (;;) {
#if defined(__SSE2__)
        while (end - p >= 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)p);
            __m128i m = _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                             _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
                _mm_cmplt_epi8(v, _mm_set1_epi8(0x20))); /* signed: also catches >= 0x80 */
            int bits = _mm_movemask_epi8(m);
            if (bits) {
                p += __builtin_ctz((unsigned)bits);
                goto special;
            }
            p += 16;
        }
#endif
        while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\') p++;
#if defined(__SSE2__)
    special:
#endif
        if (p >= end) return pc_json_fail(ps, open, PC_EFORMAT, "unterminated string");
        unsigned c = *p;
        if (c == '"') break;
        if (c == '\\') {
            if (end - p < 2) return pc_json_fail(ps, open, PC_EFORMAT, "unterminated string");
            esc = 1;
            p += 2;
            continue;
        }
        if (c < 0x20) return pc_json_fail(ps, p, PC_EFORMAT, "invalid control character in string");
        if (c < 0x80) { /* '"' or '\\' already handled; plain byte after SIMD stop */
            p++;
            continue;
        }
        int k = utf8_seq(p, end);
        if (!k) return pc_json_fail(ps, p, PC_EFORMAT, "invalid UTF-8");
        p += k;
    }
    size_t n = (size_t)(p - ps->p);
    if (n > UINT32_MAX - 1) return pc_json_fail(ps, open, PC_ETOOBIG, "string too long");
    char *dst = pc_json_arena_alloc(ps->a, n + 1);
    if (!dst) return pc_json_fail_alloc(ps);
    long len;
    if (!esc) {
        memcpy(dst, ps->p, n);
        len = (long)n;
    } else {
        len = decode_escapes(ps, ps->p, n, dst);
        if (len < 0) return ps->rc;
    }
    dst[len] = '\0';
    *out = dst;
    *out_len = (uint32_t)len;
    ps->p = p + 1;
    return PC_OK;
}

static const double pow10_exact[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* ps->p at '-' or a digit. */
int pc_json_parse_number(struct pc_json_parser *ps, struct pc_json_val *v)
{
    const unsigned char *s = ps->p, *p = s, *end = ps->end;
    int neg = 0;
    if (*p == '-') {
        neg = 1;
        p++;
        if (end - p >= 8 && memcmp(p, "Infinity", 8) == 0) {
            v->type = PC_JSON_NUMBER;
            v->num_kind = PC_JSON_NINF;
            v->num = -__builtin_inf();
            v->u.raw = "-Infinity";
            v->len = 9;
            ps->p = p + 8;
            return PC_OK;
        }
    }
    uint64_t mant = 0;
    int sig = 0;     /* significant digits accumulated in mant (leading zeros skipped) */
    int inexact = 0; /* a digit that matters did not fit in mant (19 digits) */
    int frac = 0;    /* digits after '.' that are in mant */
    if (p >= end || *p - '0' > 9u) return pc_json_fail(ps, p, PC_EFORMAT, "expecting value");
    const unsigned char *int_start = p;
    if (*p == '0') {
        p++;
    } else {
        while (p < end && *p - '0' <= 9u) {
            if (sig < 19) {
                mant = mant * 10 + (*p - '0');
                sig++;
            } else {
                inexact = 1; /* integer-part digit: scales the value */
            }
            p++;
        }
    }
    size_t int_digits = (size_t)(p - int_start);
    int is_float = 0;
    long exp10 = 0;
    if (p < end && *p == '.') {
        p++;
        if (p >= end || *p - '0' > 9u)
            return pc_json_fail(ps, p, PC_EFORMAT, "expecting digits after '.'");
        is_float = 1;
        while (p < end && *p - '0' <= 9u) {
            if (mant == 0 && *p == '0') {
                frac++; /* leading zeros of 0.000x only scale */
            } else if (sig < 19) {
                mant = mant * 10 + (*p - '0');
                sig++;
                frac++;
            } else {
                /* fraction digit below the kept precision: only non-zero ones matter */
                if (*p != '0') inexact = 1;
            }
            p++;
        }
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        int eneg = 0;
        if (p < end && (*p == '+' || *p == '-')) eneg = *p++ == '-';
        if (p >= end || *p - '0' > 9u)
            return pc_json_fail(ps, p, PC_EFORMAT, "expecting exponent digits");
        is_float = 1;
        while (p < end && *p - '0' <= 9u) {
            if (exp10 < 100000) exp10 = exp10 * 10 + (*p - '0');
            p++;
        }
        if (eneg) exp10 = -exp10;
    }
    size_t n = (size_t)(p - s);
    if (!is_float && int_digits > PC_PY_INT_MAX_DIGITS)
        return pc_json_fail(ps, s, PC_EFORMAT, "integer literal exceeds 4300 digits");
    char *raw = pc_json_arena_alloc(ps->a, n + 1);
    if (!raw) return pc_json_fail_alloc(ps);
    memcpy(raw, s, n);
    raw[n] = '\0';
    v->type = PC_JSON_NUMBER;
    v->u.raw = raw;
    v->len = (uint32_t)n;
    ps->p = p;
    if (!is_float) {
        v->num_kind = PC_JSON_INT;
        if (!inexact) {
            double d = (double)mant;
            v->num = neg ? -d : d;
            if (mant == 0) v->num = 0.0; /* Python int -0 is 0 */
        } else {
            v->num = strtod(raw, NULL);
        }
        return PC_OK;
    }
    v->num_kind = PC_JSON_FLOAT;
    /* Clinger's fast path: exact mantissa and exact power of ten give a correctly rounded
     * quotient/product. */
    long e = exp10 - frac;
    if (!inexact && mant <= ((uint64_t)1 << 53) && e >= -22 && e <= 22) {
        double d = (double)mant;
        d = e < 0 ? d / pow10_exact[-e] : d * pow10_exact[e];
        v->num = neg ? -d : d;
        return PC_OK;
    }
    v->num = strtod(raw, NULL); /* no setlocale anywhere: '.' is the decimal point */
    return PC_OK;
}
