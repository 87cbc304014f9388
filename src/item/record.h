/* One raw catalogue line as the reference's dataset loader turns it into a record
 * (SPEC §1.1 steps 2-5) and the loader's price window (SPEC §1.2).
 *
 * Views: every pointer in struct pc_record points into the JSON doc that root came from or
 * into the caller's details buffer; valid until either is reused. Thread-safe with one doc
 * and buffer per thread. */
#ifndef PC_ITEM_RECORD_H
#define PC_ITEM_RECORD_H

#include <stddef.h>

#include "core/buf.h"
#include "json/json.h"

struct pc_record {
    const struct pc_json_val *root;
    const struct pc_json_val *title;       /* may be NULL or not a string (checked later) */
    const struct pc_json_val *description; /* may be NULL */
    const struct pc_json_val *features;    /* may be NULL */
    const struct pc_json_val *details;     /* raw value, NULL when the key is missing */
    const struct pc_json_val *price;       /* raw value, NULL when the key is missing */
    const struct pc_json_val *parent_asin; /* may be NULL */
    double price_value;                    /* set by pc_record_price */
};

/* Loader step 2 on a parsed line: fills rec from root and returns PC_OUT_KEPT when root is
 * an object whose images and videos are lists of objects, else PC_OUT_NOT_OBJECT or
 * PC_OUT_BAD_MEDIA (enum pc_outcome). */
int pc_record_from_json(const struct pc_json_val *root, struct pc_record *rec);

/* SPEC §1.2 on rec->price: returns PC_OUT_NO_PRICE (missing, null, empty string, or a value
 * whose Python str() does not parse as a float), PC_OUT_PRICE_WINDOW (outside
 * [min_price, max_price] or NaN) or PC_OUT_KEPT; rec->price_value gets the parsed float
 * whenever it parsed. *priced (may be NULL) = 1 when the price parsed as a float. */
int pc_record_price(struct pc_record *rec, double min_price, double max_price, int *priced);

/* Loader step 4: appends the string the loader made of price (null -> "None", ints as their
 * digits, floats as repr, strings as they are). Only defined for missing = 0; other JSON
 * types get their json.dumps form (the reference never sees those). */
int pc_record_price_str(const struct pc_record *rec, struct pc_buf *out);

/* Loader step 3: appends json.dumps(details) to out (e.g. "{}" or "null"). Returns PC_OK,
 * PC_ENOTFOUND when details is missing, or a buffer error. */
int pc_record_details_str(const struct pc_record *rec, struct pc_buf *out);

#endif
