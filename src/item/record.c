#include "item/record.h"

#include <math.h>
#include <string.h>

#include "item/outcome.h"

/* SPEC §1.1 step 2: images and videos must be lists whose elements are objects. */
static int list_of_objects(const struct pc_json_val *v)
{
    if (!v || v->type != PC_JSON_ARRAY) return 0;
    for (uint32_t i = 0; i < v->len; i++)
        if (v->u.items[i].type != PC_JSON_OBJECT) return 0;
    return 1;
}

int pc_record_from_json(const struct pc_json_val *root, struct pc_record *rec)
{
    rec->root = root;
    rec->title = rec->description = rec->features = rec->details = rec->price = NULL;
    rec->parent_asin = NULL;
    rec->price_value = NAN;
    if (!root || root->type != PC_JSON_OBJECT) return PC_OUT_NOT_OBJECT;
    /* One pass over the members instead of a lookup per field. */
    const struct pc_json_val *images = NULL, *videos = NULL;
    for (uint32_t i = 0; i < root->len; i++) {
        const struct pc_json_member *m = &root->u.members[i];
        const char *k = m->key;
        switch (m->key_len) {
        case 5:
            if (k[0] == 't' && !memcmp(k, "title", 5)) rec->title = &m->val;
            if (k[0] == 'p' && !memcmp(k, "price", 5)) rec->price = &m->val;
            break;
        case 6:
            if (!memcmp(k, "images", 6)) images = &m->val;
            if (!memcmp(k, "videos", 6)) videos = &m->val;
            break;
        case 7:
            if (!memcmp(k, "details", 7)) rec->details = &m->val;
            break;
        case 8:
            if (!memcmp(k, "features", 8)) rec->features = &m->val;
            break;
        case 11:
            if (!memcmp(k, "description", 11)) rec->description = &m->val;
            if (!memcmp(k, "parent_asin", 11)) rec->parent_asin = &m->val;
            break;
        }
    }
    if (!list_of_objects(images) || !list_of_objects(videos)) return PC_OUT_BAD_MEDIA;
    return PC_OUT_KEPT;
}

int pc_record_price(struct pc_record *rec, double min_price, double max_price, int *priced)
{
    if (priced) *priced = 0;
    const struct pc_json_val *p = rec->price;
    if (!p) return PC_OUT_NO_PRICE;
    double x;
    if (p->type == PC_JSON_NUMBER) {
        /* float(str(v)) == v: repr round-trips, an int's digits round correctly. */
        switch (p->num_kind) {
        case PC_JSON_NAN:
            x = NAN;
            break;
        case PC_JSON_INF:
            x = INFINITY;
            break;
        case PC_JSON_NINF:
            x = -INFINITY;
            break;
        default:
            x = p->num;
        }
    } else if (p->type == PC_JSON_STRING) {
        if (p->len == 0) return PC_OUT_NO_PRICE;
        if (pc_py_float_parse(p->u.str, p->len, &x) != PC_OK) return PC_OUT_NO_PRICE;
    } else {
        return PC_OUT_NO_PRICE; /* "None", "True", "[...]" never parse as floats */
    }
    rec->price_value = x;
    if (priced) *priced = 1;
    if (!(x >= min_price && x <= max_price)) return PC_OUT_PRICE_WINDOW;
    return PC_OUT_KEPT;
}

int pc_record_price_str(const struct pc_record *rec, struct pc_buf *out)
{
    const struct pc_json_val *p = rec->price;
    if (!p) return PC_ENOTFOUND;
    switch (p->type) {
    case PC_JSON_NULL:
        return pc_buf_puts(out, "None");
    case PC_JSON_NUMBER:
        return pc_json_num_pystr(out, p);
    case PC_JSON_STRING:
        return pc_buf_append(out, p->u.str, p->len);
    default:
        return pc_json_dump_py(out, p);
    }
}

int pc_record_details_str(const struct pc_record *rec, struct pc_buf *out)
{
    if (!rec->details) return PC_ENOTFOUND;
    return pc_json_dump_py(out, rec->details);
}
