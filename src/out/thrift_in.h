/* Reading the Thrift compact protocol (the encoding of Parquet's metadata and page
 * headers), bounds-checked: a read past the end or a malformed value sets t->bad and returns
 * zeros, so callers check bad once after a struct. Pure functions over a byte range. */
#ifndef PC_OUT_THRIFT_IN_H
#define PC_OUT_THRIFT_IN_H

#include <stddef.h>
#include <stdint.h>

enum {
    T_STOP = 0,
    T_TRUE = 1,
    T_FALSE = 2,
    T_BYTE = 3,
    T_I16 = 4,
    T_I32 = 5,
    T_I64 = 6,
    T_DOUBLE = 7,
    T_BINARY = 8,
    T_LIST = 9,
    T_SET = 10,
    T_MAP = 11,
    T_STRUCT = 12
};

/* A cursor over [p, end). bad: 0 ok, 1 malformed (callers may use other values). */
struct pc_tin {
    const unsigned char *p, *end;
    int bad;
    int depth;
};

/* ULEB128 varint; zigzag-decoded varint. */
uint64_t pc_tin_varint(struct pc_tin *t);
int64_t pc_tin_zigzag(struct pc_tin *t);
/* A length-prefixed binary: its bytes (count in *n), NULL when truncated. */
const unsigned char *pc_tin_binary(struct pc_tin *t, size_t *n);
/* A field header: its type (T_STOP at the end of a struct); *id gets the field id, *last
 * (the previous id of this struct, 0 at its start) is updated. */
int pc_tin_field(struct pc_tin *t, int16_t *last, int16_t *id);
/* A list/set header: element type and count. */
void pc_tin_list_header(struct pc_tin *t, int *elem, uint64_t *n);
/* Skips a value of the given type (nesting limited to 64). */
void pc_tin_skip(struct pc_tin *t, int type);
void pc_tin_skip_struct(struct pc_tin *t);

#endif
