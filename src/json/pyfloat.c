/* Python float semantics: repr(float) (shortest round-trip, float_repr_style 'short') and
 * float(str) parsing (SPEC §9.1). No locale dependence: pricer never calls setlocale, so
 * printf/strtod use '.'. */
#include "json/json.h"
#include "text/pyuni.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Formats x with prec significant digits in %e style into buf; returns 1 if it reads back as
 * exactly x. */
static int try_digits(double x, int prec, char *buf, size_t cap)
{
    snprintf(buf, cap, "%.*e", prec - 1, x);
    return strtod(buf, NULL) == x;
}

/* Splits "d.ddde[+-]XX" (x > 0) into significant digits without trailing zeros and the
 * decimal exponent of the first digit. */
static int split_e(const char *buf, char *digits, int *exp10)
{
    int n = 0;
    const char *p = buf;
    for (; *p && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9') digits[n++] = *p;
    while (n > 1 && digits[n - 1] == '0') n--;
    digits[n] = '\0';
    *exp10 = *p == 'e' ? atoi(p + 1) : 0;
    return n;
}

/* Adds delta (+1/-1) to the last digit of a prec-digit decimal in %e form, renormalising. */
static int neighbour(const char *buf, int delta, double *out, char *nb, size_t cap)
{
    char digits[40];
    int n = 0, e = 0;
    const char *p = buf;
    for (; *p && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9') digits[n++] = *p;
    e = *p == 'e' ? atoi(p + 1) : 0;
    int i = n - 1;
    if (delta > 0) {
        while (i >= 0 && digits[i] == '9') digits[i--] = '0';
        if (i < 0) return 0;
        digits[i]++;
    } else {
        while (i >= 0 && digits[i] == '0') digits[i--] = '9';
        if (i < 0 || (i == 0 && digits[0] == '1')) return 0;
        digits[i]--;
    }
    digits[n] = '\0';
    snprintf(nb, cap, "%c.%se%d", digits[0], digits + 1, e);
    *out = strtod(nb, NULL);
    return 1;
}

size_t pc_py_float_repr(double x, char *out)
{
    if (isnan(x)) return (size_t)sprintf(out, "nan");
    if (isinf(x)) return (size_t)sprintf(out, x < 0 ? "-inf" : "inf");
    if (x == 0) return (size_t)sprintf(out, signbit(x) ? "-0.0" : "0.0");
    int neg = x < 0;
    double ax = neg ? -x : x;
    char buf[64], digits[40];
    /* A round-tripping decimal of <= 15 digits is unique (DBL_DIG), so the correctly rounded
     * 15-digit form stripped of trailing zeros is the shortest when it round-trips. With 16
     * digits the closest may miss at a power-of-two boundary while a neighbour hits. */
    if (ax < 2.2250738585072014e-308) {
        /* subnormal: fewer than 15 digits are significant; plain search (uniform spacing,
         * so the closest candidate of each length is the one to try) */
        for (int prec = 1; prec <= 17 && !try_digits(ax, prec, buf, sizeof buf); prec++) {
        }
    } else if (!try_digits(ax, 15, buf, sizeof buf)) {
        if (!try_digits(ax, 16, buf, sizeof buf)) {
            double y;
            char nb[64];
            if (neighbour(buf, +1, &y, nb, sizeof nb) && y == ax) {
                memcpy(buf, nb, sizeof nb);
            } else if (neighbour(buf, -1, &y, nb, sizeof nb) && y == ax) {
                memcpy(buf, nb, sizeof nb);
            } else {
                try_digits(ax, 17, buf, sizeof buf);
            }
        }
    }
    int e;
    int n = split_e(buf, digits, &e);
    char *o = out;
    if (neg) *o++ = '-';
    if (e < -4 || e >= 16) {
        *o++ = digits[0];
        if (n > 1) {
            *o++ = '.';
            memcpy(o, digits + 1, (size_t)n - 1);
            o += n - 1;
        }
        o += sprintf(o, "e%c%02d", e < 0 ? '-' : '+', e < 0 ? -e : e);
    } else if (e < 0) {
        *o++ = '0';
        *o++ = '.';
        for (int i = 0; i < -e - 1; i++) *o++ = '0';
        memcpy(o, digits, (size_t)n);
        o += n;
    } else {
        int intd = e + 1;
        for (int i = 0; i < intd; i++) *o++ = i < n ? digits[i] : '0';
        *o++ = '.';
        if (n > intd) {
            memcpy(o, digits + intd, (size_t)(n - intd));
            o += n - intd;
        } else {
            *o++ = '0';
        }
    }
    *o = '\0';
    return (size_t)(o - out);
}

/* Decimal digit value of a Unicode code point (Python str.isdecimal, Unicode 14 Nd), or -1.
 * Every Nd block is a run of ten consecutive code points starting at digit zero. */
static int nd_value(uint32_t cp)
{
    static const uint32_t zeros[] = {
        0x0030,  0x0660,  0x06F0,  0x07C0,  0x0966,  0x09E6,  0x0A66,  0x0AE6,  0x0B66,  0x0BE6,
        0x0C66,  0x0CE6,  0x0D66,  0x0DE6,  0x0E50,  0x0ED0,  0x0F20,  0x1040,  0x1090,  0x17E0,
        0x1810,  0x1946,  0x19D0,  0x1A80,  0x1A90,  0x1B50,  0x1BB0,  0x1C40,  0x1C50,  0xA620,
        0xA8D0,  0xA900,  0xA9D0,  0xA9F0,  0xAA50,  0xABF0,  0xFF10,  0x104A0, 0x10D30, 0x11066,
        0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650, 0x116C0, 0x11730, 0x118E0,
        0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2,
        0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0};
    size_t lo = 0, hi = sizeof zeros / sizeof zeros[0];
    while (lo < hi) { /* last zero <= cp */
        size_t mid = (lo + hi) / 2;
        if (zeros[mid] <= cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0) return -1;
    uint32_t z = zeros[lo - 1];
    return cp - z < 10 ? (int)(cp - z) : -1;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int lower_eq(const char *s, size_t n, const char *word)
{
    size_t k = strlen(word);
    if (n != k) return 0;
    for (size_t i = 0; i < n; i++)
        if ((s[i] | 0x20) != word[i]) return 0;
    return 1;
}

int pc_py_float_parse(const char *s, size_t n, double *out)
{
    /* 1. Python's _PyUnicode_TransformDecimalAndSpaceToASCII: non-ASCII whitespace becomes
     *    ' ', non-ASCII decimal digits become '0'..'9', anything else non-ASCII fails. */
    char small[128];
    char *a = n < sizeof small ? small : malloc(n + 1);
    if (!a) return PC_ENOMEM;
    size_t m = 0;
    int rc = PC_EFORMAT;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (c == 0) goto out;
            a[m++] = (char)c;
            i++;
            continue;
        }
        /* decode one UTF-8 code point (input is valid UTF-8/WTF-8 from the JSON parser) */
        uint32_t cp;
        size_t k;
        if (c >= 0xF0 && n - i >= 4) {
            cp = (uint32_t)(c & 7) << 18 | (uint32_t)(s[i + 1] & 0x3F) << 12 |
                 (uint32_t)(s[i + 2] & 0x3F) << 6 | (uint32_t)(s[i + 3] & 0x3F);
            k = 4;
        } else if (c >= 0xE0 && c < 0xF0 && n - i >= 3) {
            cp = (uint32_t)(c & 15) << 12 | (uint32_t)(s[i + 1] & 0x3F) << 6 |
                 (uint32_t)(s[i + 2] & 0x3F);
            k = 3;
        } else if (c >= 0xC0 && c < 0xE0 && n - i >= 2) {
            cp = (uint32_t)(c & 31) << 6 | (uint32_t)(s[i + 1] & 0x3F);
            k = 2;
        } else {
            goto out;
        }
        i += k;
        if (pc_py_isspace(cp)) {
            a[m++] = ' ';
        } else {
            int d = nd_value(cp);
            if (d < 0) goto out;
            a[m++] = (char)('0' + d);
        }
    }
    /* 2. strip C-locale whitespace (Py_ISSPACE: ' ' \t \n \v \f \r). ASCII 0x1C-0x1F are
     *    str.isspace() but pass step 1 unchanged and are not stripped: float fails. */
    size_t b = 0, e = m;
#define PY_ASCII_SPACE(c) ((c) == ' ' || ((c) >= 0x09 && (c) <= 0x0D))
    while (b < e && PY_ASCII_SPACE(a[b])) b++;
    while (e > b && PY_ASCII_SPACE(a[e - 1])) e--;
#undef PY_ASCII_SPACE
    const char *t = a + b;
    size_t tn = e - b;
    if (tn == 0) goto out;
    /* 3. inf / infinity / nan with optional sign, any case */
    {
        size_t j = 0;
        int neg = 0;
        if (t[0] == '+' || t[0] == '-') {
            neg = t[0] == '-';
            j = 1;
        }
        if (lower_eq(t + j, tn - j, "inf") || lower_eq(t + j, tn - j, "infinity")) {
            *out = neg ? -INFINITY : INFINITY;
            rc = PC_OK;
            goto out;
        }
        if (lower_eq(t + j, tn - j, "nan")) {
            *out = neg ? -NAN : NAN;
            rc = PC_OK;
            goto out;
        }
    }
    /* 4. [sign] (digits [. digits?] | . digits) [e [sign] digits], '_' only between two
     *    digits; underscores removed before conversion. */
    {
        char *clean = a; /* compact in place: clean index <= read index */
        size_t w = 0, j = 0;
        if (t[j] == '+' || t[j] == '-') clean[w++] = t[j++];
        size_t int_digits = 0, frac_digits = 0;
        for (; j < tn; j++) {
            if (is_digit(t[j])) {
                clean[w++] = t[j];
                int_digits++;
            } else if (t[j] == '_' && int_digits && j + 1 < tn && is_digit(t[j + 1]) &&
                       is_digit(t[j - 1])) {
                continue;
            } else {
                break;
            }
        }
        if (j < tn && t[j] == '.') {
            clean[w++] = t[j++];
            for (; j < tn; j++) {
                if (is_digit(t[j])) {
                    clean[w++] = t[j];
                    frac_digits++;
                } else if (t[j] == '_' && frac_digits && j + 1 < tn && is_digit(t[j + 1])) {
                    continue;
                } else {
                    break;
                }
            }
        }
        if (int_digits + frac_digits == 0) goto out;
        if (j < tn && (t[j] == 'e' || t[j] == 'E')) {
            clean[w++] = t[j++];
            if (j < tn && (t[j] == '+' || t[j] == '-')) clean[w++] = t[j++];
            size_t ed = 0;
            for (; j < tn; j++) {
                if (is_digit(t[j])) {
                    clean[w++] = t[j];
                    ed++;
                } else if (t[j] == '_' && ed && j + 1 < tn && is_digit(t[j + 1])) {
                    continue;
                } else {
                    break;
                }
            }
            if (!ed) goto out;
        }
        if (j != tn) goto out;
        clean[w] = '\0';
        *out = strtod(clean, NULL);
        rc = PC_OK;
    }
out:
    if (a != small) free(a);
    return rc;
}
