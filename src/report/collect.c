#include "report/collect.h"

#include <math.h>
#include <string.h>

#include "text/utf8.h"

int pc_raw_stats_init(struct pc_raw_stats *s)
{
    memset(s, 0, sizeof *s);
    pc_catcount_init(&s->files, 0);
    int rc = pc_hist_init(&s->lengths, 0, 6000, 60);
    return rc ? rc : pc_hist_init(&s->prices, 0, 1000, 100);
}

void pc_raw_stats_release(struct pc_raw_stats *s)
{
    pc_hist_release(&s->lengths);
    pc_hist_release(&s->prices);
    pc_catcount_release(&s->files);
}

/* Python's str.isprintable() is false for categories Cc, Cf, Cs, Co, Cn, Zl, Zp and Zs
 * (except ' '); repr() escapes those. Unassigned code points are not tracked (rare). */
static int py_printable(uint32_t c)
{
    if (c < 0x20 || (c >= 0x7F && c <= 0xA0) || c == 0xAD) return 0;
    if (c < 0x100) return 1;
    if (c == 0x1680 || (c >= 0x2000 && c <= 0x200F) || (c >= 0x2028 && c <= 0x202F) ||
        (c >= 0x205F && c <= 0x206F) || c == 0x3000 || c == 0xFEFF ||
        (c >= 0xFFF9 && c <= 0xFFFB) || (c >= 0x0600 && c <= 0x0605) || c == 0x061C ||
        c == 0x06DD || c == 0x070F || c == 0x180E || (c >= 0xD800 && c <= 0xF8FF) || c >= 0xF0000 ||
        (c >= 0xE0000 && c <= 0xE007F) || c == 0xFFFE || c == 0xFFFF)
        return 0;
    return 1;
}

/* len(repr(s)) for a Python str. */
static uint64_t py_repr_len(const char *s, size_t n)
{
    int has_sq = memchr(s, '\'', n) != NULL, has_dq = memchr(s, '"', n) != NULL;
    char quote = (has_sq && !has_dq) ? '"' : '\'';
    uint64_t len = 2;
    const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
    for (size_t i = 0; i < n;) {
        /* 8 printable ASCII bytes that need no escape (no control, DEL, backslash or quote)
         * at a time; any other byte goes the one-character way below */
        if (i + 8 <= n) {
            uint64_t x, bs, q, del;
            memcpy(&x, s + i, 8);
            bs = x ^ (ones * '\\');
            q = x ^ (ones * (unsigned char)quote);
            del = x ^ (ones * 0x7F);
            uint64_t bad = (x & high) | ((x - ones * 0x20) & ~x & high) |
                           ((bs - ones) & ~bs & high) | ((q - ones) & ~q & high) |
                           ((del - ones) & ~del & high);
            if (!bad) {
                len += 8;
                i += 8;
                continue;
            }
        }
        unsigned char b = (unsigned char)s[i];
        if (b < 0x80) { /* ASCII: printable 0x20..0x7E; escapes \\ \n \r \t and the quote */
            if (b == '\\' || b == (unsigned char)quote || b == '\n' || b == '\r' || b == '\t')
                len += 2;
            else
                len += b >= 0x20 && b < 0x7F ? 1 : 4;
            i++;
            continue;
        }
        uint32_t c;
        size_t k = pc_utf8_decode((const unsigned char *)s + i, n - i, &c, NULL);
        i += k;
        if (c == '\\' || c == (uint32_t)quote || c == '\n' || c == '\r' || c == '\t')
            len += 2;
        else if (py_printable(c))
            len += 1;
        else
            len += c < 0x100 ? 4 : c < 0x10000 ? 6 : 10;
    }
    return len;
}

/* len(str(v)) for a JSON value as Python would print the loaded object (lists of str). */
static uint64_t py_str_len(const struct pc_json_val *v)
{
    if (!v || v->type == PC_JSON_NULL) return 4; /* None */
    if (v->type == PC_JSON_STRING) return pc_utf8_count(v->u.str, v->len);
    if (v->type == PC_JSON_TRUE) return 4;
    if (v->type == PC_JSON_FALSE) return 5;
    if (v->type == PC_JSON_NUMBER) return v->len;
    if (v->type == PC_JSON_ARRAY) {
        uint64_t len = 2;
        for (uint32_t i = 0; i < v->len; i++) {
            const struct pc_json_val *e = &v->u.items[i];
            if (i) len += 2;
            len += e->type == PC_JSON_STRING ? py_repr_len(e->u.str, e->len) : py_str_len(e);
        }
        return len;
    }
    return 2 * v->len + 2; /* objects: not expected here */
}

uint64_t pc_raw_content_length(const struct pc_json_val *rec)
{
    const struct pc_json_val *t = pc_json_get(rec, "title");
    uint64_t len = (t && t->type == PC_JSON_STRING) ? pc_utf8_count(t->u.str, t->len) : 0;
    len += py_str_len(pc_json_get(rec, "description"));
    len += py_str_len(pc_json_get(rec, "features"));
    const struct pc_json_val *d = pc_json_get(rec, "details");
    if (!d) return len + 4; /* None */
    struct pc_buf b;
    pc_buf_init(&b, 0);
    if (pc_json_dump_py(&b, d) == 0) len += b.len; /* ASCII: bytes = code points */
    pc_buf_release(&b);
    return len;
}

static int list_of_objects(const struct pc_json_val *v)
{
    if (!v || v->type != PC_JSON_ARRAY) return 0;
    for (uint32_t i = 0; i < v->len; i++)
        if (v->u.items[i].type != PC_JSON_OBJECT) return 0;
    return 1;
}

int pc_raw_classify(const struct pc_json_val *root, double *price, uint64_t *len)
{
    if (!root || root->type != PC_JSON_OBJECT) return PC_RAW_SKIPPED_JSON;
    if (!list_of_objects(pc_json_get(root, "images")) ||
        !list_of_objects(pc_json_get(root, "videos")))
        return PC_RAW_SKIPPED_MEDIA;
    /* float(datapoint["price"]) with the loader's string form (SPEC §1.1 step 4) */
    const struct pc_json_val *p = pc_json_get(root, "price");
    if (!p || p->type == PC_JSON_NULL) return PC_RAW_ROW;
    if (p->type == PC_JSON_NUMBER) {
        *price = p->num;
        if (p->num_kind == PC_JSON_NAN) *price = NAN;
    } else if (p->type == PC_JSON_STRING) {
        if (pc_py_float_parse(p->u.str, p->len, price)) return PC_RAW_UNPARSABLE;
    } else {
        return PC_RAW_ROW;
    }
    if (!(*price > 0)) return PC_RAW_ROW;
    *len = pc_raw_content_length(root);
    return PC_RAW_PRICED;
}

int pc_raw_stats_add(struct pc_raw_stats *s, struct pc_json_doc *doc, const char *name,
                     const char *line, size_t len)
{
    s->lines++;
    const struct pc_json_val *root = NULL;
    if (pc_json_parse(doc, line, len, &root, NULL)) root = NULL;
    double price = 0;
    uint64_t clen = 0;
    int k = pc_raw_classify(root, &price, &clen);
    if (k == PC_RAW_SKIPPED_JSON) {
        s->skipped_json++;
        return PC_OK;
    }
    if (k == PC_RAW_SKIPPED_MEDIA) {
        s->skipped_media++;
        return PC_OK;
    }
    s->rows++;
    int rc = pc_catcount_add(&s->files, name, strlen(name), 1);
    if (k == PC_RAW_UNPARSABLE) s->price_unparsable++;
    if (k != PC_RAW_PRICED) return rc;
    s->priced++;
    pc_hist_add(&s->prices, price);
    pc_hist_add(&s->lengths, (double)clen);
    return rc;
}

int pc_items_stats_init(struct pc_items_stats *s)
{
    memset(s, 0, sizeof *s);
    pc_catcount_init(&s->cats, 0);
    pc_catcount_init(&s->cat_price_sum_x100, 0);
    int rc = pc_hist_init(&s->tokens, 0, 300, 300); /* bins of 1: the report fits them */
    rc = rc ? rc : pc_hist_init(&s->prices, 0, 1000, 100);
    rc = rc ? rc : pc_hist_init(&s->plen, 0, 4000, 80);
    return rc ? rc : pc_points_init(&s->scatter, 5000, 42);
}

void pc_items_stats_release(struct pc_items_stats *s)
{
    pc_hist_release(&s->tokens);
    pc_hist_release(&s->prices);
    pc_hist_release(&s->plen);
    pc_catcount_release(&s->cats);
    pc_catcount_release(&s->cat_price_sum_x100);
    pc_points_release(&s->scatter);
}

void pc_items_stats_add(struct pc_items_stats *s, const struct pc_rec *r, int64_t chars)
{
    s->n++;
    if (r->state[PC_RF_TOKENS] == PC_RS_OK) pc_hist_add(&s->tokens, (double)r->token_count);
    int has_price = r->state[PC_RF_PRICE] == PC_RS_OK;
    if (has_price) pc_hist_add(&s->prices, r->price);
    const struct pc_rec_str *c = &r->str[PC_RF_CATEGORY];
    const char *cat = r->state[PC_RF_CATEGORY] == PC_RS_OK ? c->s : "(none)";
    size_t cl = r->state[PC_RF_CATEGORY] == PC_RS_OK ? c->len : 6;
    pc_catcount_add(&s->cats, cat, cl, 1);
    if (has_price && r->price >= 0 && r->price < 1e12)
        pc_catcount_add(&s->cat_price_sum_x100, cat, cl, (uint64_t)llround(r->price * 100));
    const struct pc_rec_str *p = &r->str[PC_RF_PROMPT];
    if (r->state[PC_RF_PROMPT] == PC_RS_OK) {
        double plen = (double)(chars >= 0 ? (uint64_t)chars : pc_utf8_count(p->s, p->len));
        pc_hist_add(&s->plen, plen);
        if (has_price) pc_points_add(&s->scatter, plen, r->price);
    }
}

int pc_splitfile_stats_init(struct pc_splitfile_stats *s)
{
    memset(s, 0, sizeof *s);
    int rc = pc_hist_init(&s->prices, 0, 1000, 100);
    return rc ? rc : pc_hist_init(&s->tlen, 0, 2000, 40);
}

void pc_splitfile_stats_release(struct pc_splitfile_stats *s)
{
    pc_hist_release(&s->prices);
    pc_hist_release(&s->tlen);
}

void pc_splitfile_stats_add(struct pc_splitfile_stats *s, const struct pc_rec *r, int64_t chars)
{
    s->n++;
    if (r->state[PC_RF_PRICE] == PC_RS_OK) pc_hist_add(&s->prices, r->price);
    if (r->state[PC_RF_TEXT] != PC_RS_OK) return;
    const struct pc_rec_str *t = &r->str[PC_RF_TEXT];
    pc_hist_add(&s->tlen, (double)(chars >= 0 ? (uint64_t)chars : pc_utf8_count(t->s, t->len)));
}
