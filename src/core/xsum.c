#include "core/xsum.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"

#define CARRY_EVERY (1u << 30)

static void normalise(struct pc_xsum *s)
{
    for (int j = 0; j < PC_XSUM_CHUNKS - 1; j++) {
        int64_t carry = s->c[j] >> 32; /* arithmetic shift: floor division by 2^32 */
        s->c[j] -= carry * ((int64_t)1 << 32);
        s->c[j + 1] += carry;
    }
    s->pending = 0;
}

static void add_parts(struct pc_xsum *s, int j, uint64_t mant, int shift, int neg)
{
    unsigned __int128 x = (unsigned __int128)mant << shift; /* < 2^85 */
    int64_t p0 = (int64_t)(uint32_t)x, p1 = (int64_t)(uint32_t)(x >> 32),
            p2 = (int64_t)(uint32_t)(x >> 64);
    if (neg) {
        p0 = -p0;
        p1 = -p1;
        p2 = -p2;
    }
    s->c[j] += p0;
    s->c[j + 1] += p1;
    s->c[j + 2] += p2;
}

void pc_xsum_add(struct pc_xsum *s, double v)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    int neg = (int)(bits >> 63);
    int e = (int)((bits >> 52) & 0x7ff);
    uint64_t mant = bits & (((uint64_t)1 << 52) - 1);
    if (e == 0x7ff) {
        s->special |= mant ? PC_XSUM_NAN : neg ? PC_XSUM_NINF : PC_XSUM_PINF;
        return;
    }
    if (e == 0 && mant == 0) return;
    /* value = mant' * 2^(p - 1075) with p = max(e, 1) */
    if (e) mant |= (uint64_t)1 << 52;
    int p = e ? e : 1;
    add_parts(s, p / 32, mant, p % 32, neg);
    if (++s->pending >= CARRY_EVERY) normalise(s);
}

void pc_xsum_merge(struct pc_xsum *dst, const struct pc_xsum *src)
{
    struct pc_xsum t = *src;
    normalise(&t);
    normalise(dst);
    for (int j = 0; j < PC_XSUM_CHUNKS; j++) dst->c[j] += t.c[j];
    dst->special |= t.special;
    normalise(dst);
}

double pc_xsum_value(struct pc_xsum *s)
{
    if (s->special & PC_XSUM_NAN) return NAN;
    if ((s->special & PC_XSUM_PINF) && (s->special & PC_XSUM_NINF)) return NAN;
    if (s->special & PC_XSUM_PINF) return INFINITY;
    if (s->special & PC_XSUM_NINF) return -INFINITY;
    normalise(s);
    /* From the top chunk down: long double keeps 64 bits, so the result is the exact sum
     * rounded at most twice. */
    long double v = 0;
    for (int j = PC_XSUM_CHUNKS - 1; j >= 0; j--)
        if (s->c[j]) v += ldexpl((long double)s->c[j], 32 * j - 1075);
    return (double)v;
}

int pc_xsum_dump(struct pc_buf *out, struct pc_xsum *s)
{
    normalise(s);
    int any = 0, rc = PC_OK;
    for (int j = 0; j < PC_XSUM_CHUNKS && !rc; j++)
        if (s->c[j]) rc = pc_buf_printf(out, "%s%d:%lld", any++ ? "," : "", j, (long long)s->c[j]);
    if (!any && !rc) rc = pc_buf_putc(out, '0');
    if (!rc && (s->special & PC_XSUM_NAN)) rc = pc_buf_puts(out, ",nan");
    if (!rc && (s->special & PC_XSUM_PINF)) rc = pc_buf_puts(out, ",+inf");
    if (!rc && (s->special & PC_XSUM_NINF)) rc = pc_buf_puts(out, ",-inf");
    return rc;
}

int pc_xsum_load_add(struct pc_xsum *s, const char *text, uint32_t n)
{
    struct pc_xsum t;
    memset(&t, 0, sizeof t);
    char buf[64];
    uint32_t i = 0;
    if (n == 0) return PC_EFORMAT;
    if (n == 1 && text[0] == '0') return PC_OK;
    while (i < n) {
        uint32_t k = 0;
        while (i < n && text[i] != ',' && k < sizeof buf - 1) buf[k++] = text[i++];
        if (i < n && text[i] != ',') return PC_EFORMAT;
        buf[k] = '\0';
        i++; /* the ',' (or past the end) */
        if (!strcmp(buf, "nan")) {
            t.special |= PC_XSUM_NAN;
            continue;
        }
        if (!strcmp(buf, "+inf") || !strcmp(buf, "-inf")) {
            t.special |= buf[0] == '+' ? PC_XSUM_PINF : PC_XSUM_NINF;
            continue;
        }
        if (!strcmp(buf, "0")) continue;
        char *end;
        long j = strtol(buf, &end, 10);
        if (end == buf || *end != ':' || j < 0 || j >= PC_XSUM_CHUNKS) return PC_EFORMAT;
        char *num = end + 1;
        long long c = strtoll(num, &end, 10);
        if (end == num || *end) return PC_EFORMAT;
        if (j < PC_XSUM_CHUNKS - 1 && (c < 0 || c >= ((long long)1 << 32))) return PC_EFORMAT;
        t.c[j] = c;
    }
    pc_xsum_merge(s, &t);
    return PC_OK;
}
