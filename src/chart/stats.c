#include "chart/stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "json/json.h"

int pc_hist_init(struct pc_hist *h, double lo, double hi, size_t bins)
{
    memset(h, 0, sizeof *h);
    if (!(lo < hi) || bins == 0) return PC_EINVAL;
    h->counts = calloc(bins, sizeof *h->counts);
    if (!h->counts) return PC_ENOMEM;
    h->lo = lo;
    h->hi = hi;
    h->bins = bins;
    h->min = INFINITY;
    h->max = -INFINITY;
    return PC_OK;
}

void pc_hist_release(struct pc_hist *h)
{
    free(h->counts);
    h->counts = NULL;
}

double pc_hist_edge(const struct pc_hist *h, size_t i)
{
    /* numpy.linspace: start + i * step, the last edge exactly stop. */
    if (i >= h->bins) return h->hi;
    double step = (h->hi - h->lo) / (double)h->bins;
    return h->lo + (double)i * step;
}

void pc_hist_add(struct pc_hist *h, double v)
{
    if (isnan(v)) {
        h->nan++;
        return;
    }
    if (isfinite(v)) {
        h->n++;
        pc_xsum_add(&h->sum, v);
        if (v < h->min) h->min = v;
        if (v > h->max) h->max = v;
    }
    if (v < h->lo) {
        h->below++;
        return;
    }
    if (v > h->hi) {
        h->above++;
        return;
    }
    /* numpy's fast path for uniform bins, then its correction against the edges. */
    double f = (v - h->lo) / (h->hi - h->lo) * (double)h->bins;
    size_t i = f >= (double)h->bins ? h->bins - 1 : (size_t)f;
    if (i > 0 && v < pc_hist_edge(h, i))
        i--;
    else if (i + 1 < h->bins && v >= pc_hist_edge(h, i + 1))
        i++;
    h->counts[i]++;
}

double pc_hist_mean(const struct pc_hist *h)
{
    if (!h->n) return 0.0;
    struct pc_xsum s = h->sum;
    return pc_xsum_value(&s) / (double)h->n;
}

void pc_catcount_init(struct pc_catcount *c, size_t max_names)
{
    memset(c, 0, sizeof *c);
    c->max_names = max_names ? max_names : 1024;
}

void pc_catcount_release(struct pc_catcount *c)
{
    for (size_t i = 0; i < c->n; i++) free(c->names[i]);
    free(c->names);
    free(c->lens);
    free(c->counts);
    memset(c, 0, sizeof *c);
}

int pc_catcount_add(struct pc_catcount *c, const char *name, size_t len, uint64_t k)
{
    c->total += k;
    for (size_t i = c->n; i-- > 0;)
        if (c->lens[i] == len && memcmp(c->names[i], name, len) == 0) {
            c->counts[i] += k;
            return PC_OK;
        }
    if (c->n >= c->max_names) {
        c->other += k;
        return PC_OK;
    }
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        char **nn = realloc(c->names, cap * sizeof *nn);
        if (!nn) return PC_ENOMEM;
        c->names = nn;
        size_t *nl = realloc(c->lens, cap * sizeof *nl);
        if (!nl) return PC_ENOMEM;
        c->lens = nl;
        uint64_t *nc = realloc(c->counts, cap * sizeof *nc);
        if (!nc) return PC_ENOMEM;
        c->counts = nc;
        c->cap = cap;
    }
    char *s = malloc(len + 1);
    if (!s) return PC_ENOMEM;
    memcpy(s, name, len);
    s[len] = '\0';
    c->names[c->n] = s;
    c->lens[c->n] = strlen(s); /* a name with a NUL byte never matches, as before */
    c->counts[c->n++] = k;
    return PC_OK;
}

uint64_t pc_catcount_get(const struct pc_catcount *c, const char *name)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->names[i], name) == 0) return c->counts[i];
    return 0;
}

static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

int pc_points_init(struct pc_points *p, size_t cap, uint64_t seed)
{
    memset(p, 0, sizeof *p);
    p->cap = cap ? cap : 1;
    p->rng = seed;
    p->x = malloc(p->cap * sizeof *p->x);
    p->y = malloc(p->cap * sizeof *p->y);
    if (!p->x || !p->y) {
        pc_points_release(p);
        return PC_ENOMEM;
    }
    return PC_OK;
}

void pc_points_release(struct pc_points *p)
{
    free(p->x);
    free(p->y);
    p->x = p->y = NULL;
    p->n = 0;
}

void pc_points_add(struct pc_points *p, double x, double y)
{
    p->seen++;
    size_t slot;
    if (p->n < p->cap) {
        slot = p->n++;
    } else {
        uint64_t r = splitmix(&p->rng) % p->seen; /* algorithm R */
        if (r >= p->cap) return;
        slot = (size_t)r;
    }
    p->x[slot] = (float)x;
    p->y[slot] = (float)y;
}

/* Inserts ',' every three digits into the integer part of the number in s. */
static const char *group(const char *s, char *out)
{
    size_t o = 0, i = 0;
    if (s[0] == '-') out[o++] = s[i++];
    size_t d = i;
    while (s[d] >= '0' && s[d] <= '9') d++;
    size_t digits = d - i;
    for (size_t k = 0; k < digits; k++) {
        if (k > 0 && (digits - k) % 3 == 0) out[o++] = ',';
        out[o++] = s[i + k];
    }
    strcpy(out + o, s + d);
    return out;
}

const char *pc_fmt_int(int64_t v, char *out)
{
    char tmp[48];
    snprintf(tmp, sizeof tmp, "%lld", (long long)v);
    return group(tmp, out);
}

const char *pc_fmt_fixed(double v, int decimals, int commas, char *out)
{
    char tmp[400];
    if (!isfinite(v)) {
        snprintf(out, 48, "%s", isnan(v) ? "nan" : v > 0 ? "inf" : "-inf");
        return out;
    }
    if (fabs(v) >= 1e30) {
        snprintf(out, 48, "%.*e", decimals, v);
        return out;
    }
    snprintf(tmp, sizeof tmp, "%.*f", decimals, v); /* glibc: exact, half-to-even */
    if (!commas) {
        snprintf(out, 48, "%.47s", tmp);
        return out;
    }
    return group(tmp, out);
}

const char *pc_fmt_pyfloat(double v, char *out)
{
    char tmp[48];
    pc_py_float_repr(v, tmp);
    if (strchr(tmp, 'e') || strchr(tmp, 'n')) { /* exponent, inf, nan: no grouping */
        strcpy(out, tmp);
        return out;
    }
    return group(tmp, out);
}
