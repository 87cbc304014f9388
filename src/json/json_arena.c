/* Bump allocator for parsed documents: chunks that double in size; a reset frees all but
 * one chunk as large as everything used before, so steady-state parsing never mallocs. */
#include "json/json_internal.h"

#include <stdlib.h>

#define PC_ARENA_MIN_CHUNK ((size_t)64 * 1024)
/* After a huge document, keep at most this much between parses. */
#define PC_ARENA_KEEP_MAX ((size_t)64 * 1024 * 1024)

static void free_chunks(struct pc_json_chunk *c)
{
    while (c) {
        struct pc_json_chunk *next = c->next;
        free(c);
        c = next;
    }
}

void pc_json_arena_reset(struct pc_json_arena *a, size_t max)
{
    a->max = max;
    a->exceeded = 0;
    a->stack_len = 0;
    if (a->chunks && a->chunks->next) {
        size_t want = a->total;
        free_chunks(a->chunks);
        a->chunks = NULL;
        a->total = 0;
        if (want > PC_ARENA_KEEP_MAX) want = PC_ARENA_KEEP_MAX;
        struct pc_json_chunk *c = malloc(sizeof *c + want);
        if (c) {
            c->next = NULL;
            c->size = want;
            a->chunks = c;
            a->total = want;
        }
    }
    if (a->chunks) {
        a->ptr = a->chunks->data;
        a->end = a->chunks->data + a->chunks->size;
    } else {
        a->ptr = a->end = NULL;
    }
}

void pc_json_arena_release(struct pc_json_arena *a)
{
    free_chunks(a->chunks);
    free(a->stack);
    free(a->frames);
    free(a->hash);
    a->chunks = NULL;
    a->ptr = a->end = NULL;
    a->total = 0;
    a->stack = NULL;
    a->frames = NULL;
    a->hash = NULL;
    a->stack_len = a->stack_cap = a->frames_cap = a->hash_cap = 0;
}

void *pc_json_arena_grow(struct pc_json_arena *a, size_t n)
{
    size_t size = a->chunks ? a->chunks->size * 2 : PC_ARENA_MIN_CHUNK;
    if (size < n) size = n;
    if (a->total + size > a->max) {
        size = n;
        if (a->total + size > a->max) {
            a->exceeded = 1;
            return NULL;
        }
    }
    struct pc_json_chunk *c = malloc(sizeof *c + size);
    if (!c) return NULL;
    c->next = a->chunks;
    c->size = size;
    a->chunks = c;
    a->total += size;
    a->ptr = c->data + n;
    a->end = c->data + size;
    return c->data;
}
