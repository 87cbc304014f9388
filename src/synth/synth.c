/* Synthetic catalogue generator (see synth.h): one record line from (seed, category, index);
 * writing the files is synth_write.c. Lines are assembled from pre-escaped word
 * lists (synth_words.c) with a raw pointer into a reserved buffer: no per-character
 * escaping is needed, which keeps generation well above 200 MB/s per thread. */
#include "synth/synth.h"

#include <math.h>
#include <string.h>

#include "synth/synth_words.h"

/* Largest line the generator can produce is far below this (checked in tests). */
#define LINE_RESERVE 65536

const char *pc_synth_category_name(int i)
{
    return i >= 0 && i < PC_SYNTH_NCAT ? pc_synth_cats[i].name : NULL;
}

int pc_synth_category_find(const char *name)
{
    for (int i = 0; i < PC_SYNTH_NCAT; i++)
        if (strcmp(pc_synth_cats[i].name, name) == 0) return i;
    return -1;
}

double pc_synth_category_share(int i)
{
    return i >= 0 && i < PC_SYNTH_NCAT ? pc_synth_cats[i].share : 0.0;
}

/* ---- random numbers: splitmix64, one stream per record ---- */

struct rng {
    uint64_t s;
};

static uint64_t next64(struct rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static uint32_t below(struct rng *r, uint32_t n) /* uniform-enough in [0, n) */
{
    return (uint32_t)(((next64(r) >> 32) * (uint64_t)n) >> 32);
}

static double unit(struct rng *r) /* [0, 1) */
{
    return (double)(next64(r) >> 11) * (1.0 / 9007199254740992.0);
}

static int chance(struct rng *r, double p)
{
    return unit(r) < p;
}

static double normal(struct rng *r)
{
    double u1 = unit(r), u2 = unit(r);
    if (u1 < 1e-300) u1 = 1e-300;
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

/* ---- output cursor ---- */

struct out {
    char *p;
};

static void put(struct out *o, const char *s)
{
    size_t n = strlen(s);
    memcpy(o->p, s, n);
    o->p += n;
}

static void putc_(struct out *o, char c)
{
    *o->p++ = c;
}

static void put_u64(struct out *o, uint64_t v)
{
    char tmp[24];
    int n = 0;
    do tmp[n++] = (char)('0' + v % 10);
    while (v /= 10);
    while (n) *o->p++ = tmp[--n];
}

static const char *pick(struct rng *r, const struct pc_synth_list *l)
{
    return l->v[below(r, l->n)];
}

/* A part number with digits, e.g. "XR-48213B" (>= 7 code points: scrub drops it). */
static void put_part(struct out *o, struct rng *r)
{
    static const char letters[] = "ABCDEFGHJKLMNPRSTUVWXYZ";
    int nl = 1 + (int)below(r, 3), nd = 4 + (int)below(r, 4);
    for (int i = 0; i < nl; i++) putc_(o, letters[below(r, 23)]);
    if (chance(r, 0.5)) putc_(o, '-');
    for (int i = 0; i < nd; i++) putc_(o, (char)('0' + below(r, 10)));
    if (chance(r, 0.3)) putc_(o, letters[below(r, 23)]);
}

static void put_size(struct out *o, struct rng *r)
{
    put_u64(o, 1 + below(r, 30));
    put(o, " x ");
    put_u64(o, 1 + below(r, 20));
    put(o, " x ");
    put_u64(o, 1 + below(r, 12));
    put(o, chance(r, 0.8) ? " inches" : " cm");
}

static void expand(struct out *o, struct rng *r, const struct pc_synth_cat *c, const char *t)
{
    for (; *t; t++) {
        if (t[0] != '{' || !t[1] || t[2] != '}') {
            putc_(o, *t);
            continue;
        }
        switch (t[1]) {
        case 'N':
            put(o, pick(r, &c->nouns));
            break;
        case 'A':
            put(o, pick(r, &c->adjs));
            break;
        case 'B':
            put(o, pick(r, &c->brands));
            break;
        case 'U':
            put(o, pick(r, &c->uses));
            break;
        case 'M':
            put(o, pick(r, &pc_synth_materials));
            break;
        case 'C':
            put(o, pick(r, &pc_synth_colors));
            break;
        case 'D':
            put_u64(o, 2 + below(r, 48));
            break;
        case 'P':
            put_part(o, r);
            break;
        case 'S':
            put_size(o, r);
            break;
        default:
            putc_(o, *t);
            continue;
        }
        t += 2;
    }
}

/* Python repr of cents/100 for a non-negative amount: "12.99", "13.5", "13.0". */
static void put_price(struct out *o, uint64_t cents)
{
    put_u64(o, cents / 100);
    putc_(o, '.');
    unsigned rem = (unsigned)(cents % 100);
    putc_(o, (char)('0' + rem / 10));
    if (rem % 10) putc_(o, (char)('0' + rem % 10));
}

static void put_id(struct out *o, struct rng *r, int n)
{
    static const char al[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    for (int i = 0; i < n; i++) putc_(o, al[below(r, 62)]);
}

static void put_title(struct out *o, struct rng *r, const struct pc_synth_cat *c)
{
    put(o, pick(r, &c->brands));
    if (chance(r, 0.05)) put(o, "\\u2122");
    putc_(o, ' ');
    if (chance(r, 0.7)) {
        put(o, pick(r, &c->adjs));
        putc_(o, ' ');
    }
    if (chance(r, 0.35)) {
        put_part(o, r);
        putc_(o, ' ');
    }
    put(o, pick(r, &c->nouns));
    if (chance(r, 0.6)) {
        put(o, chance(r, 0.5) ? " for " : ", Compatible with ");
        put(o, pick(r, &c->uses));
    }
    if (chance(r, 0.2)) {
        put(o, " (Pack of ");
        put_u64(o, 2 + below(r, 11));
        putc_(o, ')');
    }
    if (chance(r, 0.15)) {
        put(o, " - ");
        put(o, pick(r, &pc_synth_colors));
    }
    if (chance(r, 0.01)) {
        putc_(o, ' ');
        put(o, pick(r, &pc_synth_rare));
    }
}

static void put_features(struct out *o, struct rng *r, const struct pc_synth_cat *c)
{
    put(o, "[");
    if (!chance(r, 0.22)) {
        int k = 1 + (int)below(r, 7);
        for (int i = 0; i < k; i++) {
            if (i) put(o, ", ");
            putc_(o, '"');
            if (chance(r, 0.35))
                put(o, pick(r, &c->features));
            else
                expand(o, r, c, pick(r, &pc_synth_generic_features));
            if (chance(r, 0.01)) {
                putc_(o, ' ');
                put(o, pick(r, &pc_synth_rare));
            }
            putc_(o, '"');
        }
    }
    put(o, "]");
}

static void put_description(struct out *o, struct rng *r, const struct pc_synth_cat *c)
{
    put(o, "[");
    double u = unit(r);
    if (u >= 0.33) {
        /* many short descriptions, a long tail of long ones */
        int paras = u < 0.85 ? 1 : 1 + (int)below(r, 3);
        for (int p = 0; p < paras; p++) {
            if (p) put(o, ", ");
            putc_(o, '"');
            int k = 1 + (int)below(r, chance(r, 0.5) ? 3 : 10);
            for (int i = 0; i < k; i++) {
                if (i) putc_(o, ' ');
                expand(o, r, c, pick(r, &pc_synth_sentences));
            }
            putc_(o, '"');
        }
    }
    put(o, "]");
}

static void put_images(struct out *o, struct rng *r)
{
    put(o, "[");
    int k = (int)below(r, 6);
    for (int i = 0; i < k; i++) {
        char id[16];
        struct out t = {id};
        put_id(&t, r, 11);
        *t.p = 0;
        if (i) put(o, ", ");
        put(o, "{\"thumb\": \"https://m.media-amazon.com/images/I/");
        put(o, id);
        put(o, "._AC_US75_.jpg\", \"large\": \"https://m.media-amazon.com/images/I/");
        put(o, id);
        put(o, "._AC_.jpg\", \"variant\": \"");
        if (i == 0)
            put(o, "MAIN");
        else {
            put(o, "PT0");
            put_u64(o, (uint64_t)i);
        }
        put(o, "\", \"hi_res\": ");
        if (chance(r, 0.8)) {
            put(o, "\"https://m.media-amazon.com/images/I/");
            put(o, id);
            put(o, "._AC_SL1500_.jpg\"");
        } else
            put(o, "null");
        put(o, "}");
    }
    put(o, "]");
}

static void put_videos(struct out *o, struct rng *r)
{
    put(o, "[");
    if (chance(r, 0.12)) {
        put(o, "{\"title\": \"");
        put(o, pick(r, &pc_synth_video_titles));
        put(o, "\", \"url\": \"https://www.amazon.com/vdp/");
        put_id(o, r, 32);
        put(o, "\", \"user_id\": \"");
        if (chance(r, 0.5)) {
            putc_(o, 'A');
            put_id(o, r, 13);
        }
        put(o, "\"}");
    }
    put(o, "]");
}

static void put_details(struct out *o, struct rng *r, const struct pc_synth_cat *c)
{
    if (chance(r, 0.04)) {
        put(o, "{}");
        return;
    }
    int n = 0;
#define KEY(k) (put(o, n++ ? ", \"" k "\": " : "\"" k "\": "))
    putc_(o, '{');
    if (chance(r, 0.6)) {
        KEY("Product Dimensions");
        putc_(o, '"');
        put_size(o, r);
        put(o, "; ");
        put_u64(o, 1 + below(r, 40));
        put(o, ".");
        put_u64(o, below(r, 10));
        put(o, " Pounds\"");
    }
    if (chance(r, 0.5)) {
        KEY("Item Weight");
        putc_(o, '"');
        put_u64(o, 1 + below(r, 60));
        put(o, chance(r, 0.5) ? ".5 ounces\"" : " pounds\"");
    }
    if (chance(r, 0.7)) {
        KEY("Manufacturer");
        putc_(o, '"');
        put(o, pick(r, &c->brands));
        putc_(o, '"');
    }
    if (chance(r, 0.6)) {
        if (chance(r, 0.5))
            KEY("Item model number");
        else
            KEY("Manufacturer Part Number");
        putc_(o, '"');
        put_part(o, r);
        putc_(o, '"');
    }
    if (chance(r, 0.3)) {
        KEY("Color");
        putc_(o, '"');
        put(o, pick(r, &pc_synth_colors));
        putc_(o, '"');
    }
    if (chance(r, 0.25)) {
        KEY("Material");
        putc_(o, '"');
        put(o, pick(r, &pc_synth_materials));
        putc_(o, '"');
    }
    if (chance(r, 0.1)) {
        KEY("UPC");
        putc_(o, '"');
        for (int i = 0; i < 12; i++) putc_(o, (char)('0' + below(r, 10)));
        putc_(o, '"');
    }
    if (chance(r, 0.4)) {
        KEY("Is Discontinued By Manufacturer");
        put(o, chance(r, 0.9) ? "\"No\"" : "\"Yes\"");
    }
    if (chance(r, 0.75)) {
        KEY("Date First Available");
        putc_(o, '"');
        put(o, pick(r, &pc_synth_months));
        putc_(o, ' ');
        put_u64(o, 1 + below(r, 28));
        put(o, ", ");
        put_u64(o, 2005 + below(r, 19));
        putc_(o, '"');
    }
    if (chance(r, 0.65)) {
        KEY("Best Sellers Rank");
        put(o, "{\"");
        put(o, c->rank_top);
        put(o, "\": ");
        put_u64(o, 1 + (uint64_t)exp(unit(r) * 14.5));
        if (chance(r, 0.8)) {
            put(o, ", \"");
            put(o, pick(r, &c->subcats));
            put(o, "\": ");
            put_u64(o, 1 + (uint64_t)exp(unit(r) * 10.0));
        }
        putc_(o, '}');
    }
    if (chance(r, 0.35)) {
        KEY("Batteries Included?");
        put(o, chance(r, 0.8) ? "\"No\"" : "\"Yes\"");
    }
    if (chance(r, 0.3)) {
        KEY("Batteries Required?");
        put(o, chance(r, 0.75) ? "\"No\"" : "\"Yes\"");
    }
    if (chance(r, 0.1)) {
        KEY("Number of Items");
        put_u64(o, 1 + below(r, 24));
    }
#undef KEY
    putc_(o, '}');
}

static void put_record(struct out *o, struct rng *r, const struct pc_synth_cat *c, int images)
{
    put(o, "{\"main_category\": ");
    if (chance(r, 0.03))
        put(o, "null");
    else {
        putc_(o, '"');
        put(o, c->main_category);
        putc_(o, '"');
    }
    put(o, ", \"title\": \"");
    put_title(o, r, c);
    put(o, "\", \"average_rating\": ");
    uint32_t rating = 50 - (uint32_t)(40.0 * unit(r) * unit(r)); /* skewed towards 5.0 */
    put_u64(o, rating / 10);
    putc_(o, '.');
    putc_(o, (char)('0' + rating % 10));
    put(o, ", \"rating_number\": ");
    put_u64(o, 1 + (uint64_t)exp(unit(r) * 10.5));
    put(o, ", \"features\": ");
    put_features(o, r, c);
    put(o, ", \"description\": ");
    put_description(o, r, c);
    put(o, ", \"price\": ");
    double u = unit(r);
    if (u < c->p_null)
        put(o, "null");
    else if (u < c->p_null + 0.003)
        put(o, chance(r, 0.8) ? "\"\\u2014\"" : "\"from 9.99\"");
    else {
        double dollars = c->median * exp(c->sigma * normal(r));
        uint64_t cents = (uint64_t)llround(dollars * 100.0);
        if (cents < 1) cents = 1;
        if (cents > 5000000) cents = 5000000;
        if (chance(r, 0.45)) cents = cents / 100 * 100 + 99; /* the classic .99 */
        put_price(o, cents);
    }
    if (images) {
        put(o, ", \"images\": ");
        put_images(o, r);
    }
    put(o, ", \"videos\": ");
    put_videos(o, r);
    put(o, ", \"store\": ");
    if (chance(r, 0.02))
        put(o, "null");
    else {
        putc_(o, '"');
        put(o, pick(r, &c->brands));
        putc_(o, '"');
    }
    put(o, ", \"categories\": [");
    if (chance(r, 0.6)) {
        put(o, "\"");
        put(o, c->main_category);
        put(o, "\", \"");
        put(o, pick(r, &c->subcats));
        put(o, "\"");
    }
    put(o, "], \"details\": ");
    put_details(o, r, c);
    put(o, ", \"parent_asin\": \"B0");
    static const char al[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    for (int i = 0; i < 8; i++) putc_(o, al[below(r, 36)]);
    put(o, "\", \"bought_together\": null}");
}

int pc_synth_line(uint64_t seed, int cat, uint64_t i, struct pc_buf *out, int *kind)
{
    if (cat < 0 || cat >= PC_SYNTH_NCAT) return PC_EINVAL;
    int rc = pc_buf_reserve(out, LINE_RESERVE);
    if (rc) return rc;
    struct rng r = {seed * 0xD1342543DE82EF95ull + (uint64_t)cat * 0x2545F4914F6CDD1Dull + i};
    next64(&r);
    int k = PC_SYNTH_OK;
    if (chance(&r, 1.0 / 4000)) k = 1 + (int)below(&r, 3);
    char *start = out->data + out->len;
    struct out o = {start};
    put_record(&o, &r, &pc_synth_cats[cat], k != PC_SYNTH_NO_IMAGES);
    size_t n = (size_t)(o.p - start);
    if (k == PC_SYNTH_TRUNCATED)
        n = 20 + below(&r, (uint32_t)(n - 21)); /* always < n */
    else if (k == PC_SYNTH_GARBAGE) {
        memcpy(start + n, " }x", 3);
        n += 3;
    }
    out->len += n;
    out->data[out->len] = '\0';
    if (kind) *kind = k;
    return PC_OK;
}
