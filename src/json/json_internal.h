/* Private to src/json: the bump allocator behind a pc_json_doc, the scratch stacks the
 * iterative parser uses, and the parser state shared by json_parse.c and json_scalar.c.
 * Not part of the public interface. One owner (the doc), one thread. */
#ifndef PC_JSON_INTERNAL_H
#define PC_JSON_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "json/json.h"

struct pc_json_chunk {
    struct pc_json_chunk *next;
    size_t size; /* bytes of data[] */
    char data[];
};

/* Open container while parsing: where its members start on the member stack. */
struct pc_json_frame {
    uint32_t start;
    uint8_t is_obj;
};

struct pc_json_arena {
    struct pc_json_chunk *chunks; /* newest first; ptr/end point into the newest */
    char *ptr, *end;
    size_t total;                 /* bytes held in chunks */
    size_t max;                   /* cap on total + stacks (doc->max_bytes) */
    int exceeded;                 /* set when an allocation failed because of max */
    struct pc_json_member *stack; /* members of open containers */
    size_t stack_len, stack_cap;
    struct pc_json_frame *frames;
    size_t frames_cap;
    uint32_t *hash; /* duplicate-key table for large objects */
    size_t hash_cap;
};

/* Makes the arena empty again, keeping (and merging) its memory for the next parse. */
void pc_json_arena_reset(struct pc_json_arena *a, size_t max);

/* Frees everything the arena holds (a itself is not freed). */
void pc_json_arena_release(struct pc_json_arena *a);

/* Slow path of pc_json_arena_alloc: adds a chunk. NULL when over max or out of memory. */
void *pc_json_arena_grow(struct pc_json_arena *a, size_t n);

/* n bytes aligned to 8, valid until the next reset. NULL on failure (a->exceeded tells
 * whether the cap was the cause). */
static inline void *pc_json_arena_alloc(struct pc_json_arena *a, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    if ((size_t)(a->end - a->ptr) >= n) {
        void *p = a->ptr;
        a->ptr += n;
        return p;
    }
    return pc_json_arena_grow(a, n);
}

/* State of one pc_json_parse call. */
struct pc_json_parser {
    const unsigned char *start, *p, *end;
    struct pc_json_arena *a;
    struct pc_json_doc *doc;
    struct pc_error *err;
    int rc;
};

/* Records the first error (code, message, offset of at) and returns code. */
int pc_json_fail(struct pc_json_parser *ps, const unsigned char *at, int code, const char *msg);

/* Allocation failure: PC_ETOOBIG when the doc's cap was hit, else PC_ENOMEM. */
int pc_json_fail_alloc(struct pc_json_parser *ps);

/* ps->p just after an opening quote: decodes the string into the arena (NUL-terminated),
 * leaves ps->p after the closing quote. */
int pc_json_parse_string(struct pc_json_parser *ps, const char **out, uint32_t *out_len);

/* ps->p at '-' or a digit: a number (or -Infinity) into v. */
int pc_json_parse_number(struct pc_json_parser *ps, struct pc_json_val *v);

#endif
