/* Fuzz target for src/json: whatever the bytes, parsing must not crash; when they parse,
 * json.dumps must succeed, its output must parse again and dump to the same text (a fixed
 * point), and the lone-surrogate flag must never appear from nothing: the dump holds a lone
 * surrogate only when the input did (the input may hold one that a duplicate key dropped). The same
 * bytes also go through Python float() parsing: a parsed finite value must survive repr() exactly.
 * pc_json_parse_more: the input and then its dump parsed into one doc without a clear (as a
 * batch of lines is), the first value must still dump to the same text after the second.
 */
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pricer.h"

static void check(int ok)
{
    if (!ok) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct pc_json_doc *doc;
    if (!doc) doc = pc_json_doc_new();
    const struct pc_json_val *root;
    struct pc_error err;
    if (pc_json_parse(doc, (const char *)data, size, &root, &err) == PC_OK) {
        int lone = doc->lone_surrogates;
        struct pc_buf a, b;
        pc_buf_init(&a, 0);
        pc_buf_init(&b, 0);
        check(pc_json_dump_py(&a, root) == PC_OK);
        check(pc_json_parse(doc, a.data, a.len, &root, &err) == PC_OK);
        check(!doc->lone_surrogates || lone);
        check(pc_json_dump_py(&b, root) == PC_OK);
        check(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
        if (root->type == PC_JSON_NUMBER) check(pc_json_num_pystr(&b, root) == PC_OK);
        if (root->type == PC_JSON_STRING)
            check(pc_json_put_str(&b, root->u.str, root->len, 0) == PC_OK);
        static struct pc_json_doc *batch;
        static unsigned nbatch;
        if (!batch) batch = pc_json_doc_new();
        if (++nbatch % 64 == 0) pc_json_doc_clear(batch);
        const struct pc_json_val *first, *second;
        if (pc_json_parse_more(batch, (const char *)data, size, &first, &err) == PC_OK) {
            struct pc_buf c;
            pc_buf_init(&c, 0);
            check(pc_json_parse_more(batch, a.data, a.len, &second, &err) == PC_OK);
            check(pc_json_dump_py(&c, first) == PC_OK);
            check(a.len == c.len && memcmp(a.data, c.data, a.len) == 0);
            pc_buf_reset(&c);
            check(pc_json_dump_py(&c, second) == PC_OK);
            check(a.len == c.len && memcmp(a.data, c.data, a.len) == 0);
            pc_buf_release(&c);
        }
        pc_buf_release(&a);
        pc_buf_release(&b);
    } else {
        check(err.byte_offset >= 0 && (size_t)err.byte_offset <= size);
    }
    double x;
    if (pc_py_float_parse((const char *)data, size, &x) == PC_OK && x == x) {
        char repr[40], *end;
        size_t n = pc_py_float_repr(x, repr);
        check(n == strlen(repr) && n < sizeof repr);
        double y;
        check(pc_py_float_parse(repr, n, &y) == PC_OK);
        check(memcmp(&x, &y, sizeof x) == 0 || (x == 0 && y == 0 && !!signbit(x) == !!signbit(y)));
        (void)end;
    }
    return 0;
}
