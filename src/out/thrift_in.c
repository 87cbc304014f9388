/* Thrift compact protocol reader (thrift/doc/specs/thrift-compact-protocol.md), our own code. */
#include "out/thrift_in.h"

uint64_t pc_tin_varint(struct pc_tin *t)
{
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (t->p >= t->end) break;
        unsigned char b = *t->p++;
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) return v;
    }
    t->bad = 1;
    return 0;
}

int64_t pc_tin_zigzag(struct pc_tin *t)
{
    uint64_t u = pc_tin_varint(t);
    return (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
}

/* A binary/string: returns its bytes (n in *n) or NULL when truncated. */
const unsigned char *pc_tin_binary(struct pc_tin *t, size_t *n)
{
    uint64_t len = pc_tin_varint(t);
    if (t->bad || len > (uint64_t)(t->end - t->p)) {
        t->bad = 1;
        *n = 0;
        return NULL;
    }
    const unsigned char *s = t->p;
    t->p += len;
    *n = (size_t)len;
    return s;
}

/* Reads a field header: returns its type (T_STOP at the end of a struct) and the id. */
int pc_tin_field(struct pc_tin *t, int16_t *last, int16_t *id)
{
    if (t->p >= t->end) {
        t->bad = 1;
        return T_STOP;
    }
    unsigned char b = *t->p++;
    int type = b & 0x0f;
    if (type == T_STOP) return T_STOP;
    int delta = b >> 4;
    *id = delta ? (int16_t)(*last + delta) : (int16_t)pc_tin_zigzag(t);
    *last = *id;
    return type;
}

void pc_tin_list_header(struct pc_tin *t, int *elem, uint64_t *n)
{
    if (t->p >= t->end) {
        t->bad = 1;
        *n = 0;
        return;
    }
    unsigned char b = *t->p++;
    *elem = b & 0x0f;
    *n = b >> 4;
    if (*n == 15) *n = pc_tin_varint(t);
    if (*n > (uint64_t)(t->end - t->p)) t->bad = 1; /* every element takes >= 1 byte... */
}

void pc_tin_skip_struct(struct pc_tin *t)
{
    if (++t->depth > 64) {
        t->bad = 1;
        return;
    }
    int16_t last = 0, id;
    int type;
    while (!t->bad && (type = pc_tin_field(t, &last, &id)) != T_STOP) pc_tin_skip(t, type);
    t->depth--;
}

void pc_tin_skip(struct pc_tin *t, int type)
{
    size_t n;
    switch (type) {
    case T_TRUE:
    case T_FALSE:
        break;
    case T_BYTE:
        if (t->p < t->end)
            t->p++;
        else
            t->bad = 1;
        break;
    case T_I16:
    case T_I32:
    case T_I64:
        pc_tin_varint(t);
        break;
    case T_DOUBLE:
        if (t->end - t->p >= 8)
            t->p += 8;
        else
            t->bad = 1;
        break;
    case T_BINARY:
        pc_tin_binary(t, &n);
        break;
    case T_LIST:
    case T_SET: {
        int elem;
        uint64_t k;
        pc_tin_list_header(t, &elem, &k);
        for (uint64_t i = 0; i < k && !t->bad; i++) {
            if (elem == T_TRUE || elem == T_FALSE) { /* booleans in lists are one byte */
                pc_tin_skip(t, T_BYTE);
                continue;
            }
            pc_tin_skip(t, elem);
        }
        break;
    }
    case T_MAP: {
        uint64_t k = pc_tin_varint(t);
        if (k == 0) break;
        if (t->p >= t->end) {
            t->bad = 1;
            break;
        }
        unsigned char kv = *t->p++;
        for (uint64_t i = 0; i < k && !t->bad; i++) {
            pc_tin_skip(t, kv >> 4);
            pc_tin_skip(t, kv & 0x0f);
        }
        break;
    }
    case T_STRUCT:
        pc_tin_skip_struct(t);
        break;
    default:
        t->bad = 1;
    }
}
