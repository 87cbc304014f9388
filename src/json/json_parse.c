/* Strict JSON reader (RFC 8259 + NaN/Infinity/-Infinity, as Python's json.loads) into an
 * arena DOM. Iterative (explicit stacks), so max_depth is limited by memory, not the C stack.
 * Containers collect their members on a scratch stack and are copied into the arena when they
 * close, so arrays and objects are contiguous. */
#include "json/json.h"
#include "json/json_internal.h"

#include <stdlib.h>
#include <string.h>

#define PC_JSON_DEFAULT_DEPTH 512
#define PC_JSON_DEFAULT_BYTES ((size_t)1 << 30)

struct pc_json_doc *pc_json_doc_new(void)
{
    struct pc_json_doc *doc = calloc(1, sizeof *doc);
    if (!doc) return NULL;
    struct pc_json_arena *a = calloc(1, sizeof *a);
    if (!a) {
        free(doc);
        return NULL;
    }
    doc->max_depth = PC_JSON_DEFAULT_DEPTH;
    doc->max_bytes = PC_JSON_DEFAULT_BYTES;
    doc->arena_internal = a;
    return doc;
}

void pc_json_doc_free(struct pc_json_doc *doc)
{
    if (!doc) return;
    struct pc_json_arena *a = doc->arena_internal;
    if (a) {
        pc_json_arena_release(a);
        free(a);
    }
    free(doc);
}

const struct pc_json_val *pc_json_get(const struct pc_json_val *v, const char *key)
{
    if (!v || v->type != PC_JSON_OBJECT) return NULL;
    size_t n = strlen(key);
    for (uint32_t i = 0; i < v->len; i++) {
        const struct pc_json_member *m = &v->u.members[i];
        if (m->key_len == n && memcmp(m->key, key, n) == 0) return &m->val;
    }
    return NULL;
}

static inline void skip_ws(struct pc_json_parser *ps)
{
    const unsigned char *p = ps->p, *end = ps->end;
    while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) p++;
    ps->p = p;
}

static int match_lit(struct pc_json_parser *ps, const char *lit, size_t n)
{
    if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, lit, n) != 0)
        return pc_json_fail(ps, ps->p, PC_EFORMAT, "expecting value");
    ps->p += n;
    return PC_OK;
}

static int push_member(struct pc_json_parser *ps, struct pc_json_member **out)
{
    struct pc_json_arena *a = ps->a;
    if (a->stack_len == a->stack_cap) {
        size_t cap = a->stack_cap ? a->stack_cap * 2 : 256;
        if (cap * sizeof *a->stack > a->max) {
            a->exceeded = 1;
            return pc_json_fail_alloc(ps);
        }
        struct pc_json_member *s = realloc(a->stack, cap * sizeof *s);
        if (!s) return pc_json_fail_alloc(ps);
        a->stack = s;
        a->stack_cap = cap;
    }
    *out = &a->stack[a->stack_len++];
    return PC_OK;
}

static uint32_t key_hash(const char *k, uint32_t n)
{
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < n; i++) h = (h ^ (unsigned char)k[i]) * 16777619u;
    return h;
}

/* Python dict semantics: a repeated key keeps its first position and takes the last value.
 * Compacts m[0..n) in place and returns the new count (or -1 on allocation failure). */
static long dedup_members(struct pc_json_parser *ps, struct pc_json_member *m, size_t n)
{
    size_t kept = 0;
    if (n <= 16) {
        for (size_t i = 0; i < n; i++) {
            size_t j = 0;
            while (j < kept &&
                   !(m[j].key_len == m[i].key_len && memcmp(m[j].key, m[i].key, m[i].key_len) == 0))
                j++;
            if (j < kept)
                m[j].val = m[i].val;
            else
                m[kept++] = m[i];
        }
        return (long)kept;
    }
    struct pc_json_arena *a = ps->a;
    size_t cap = 64;
    while (cap < n * 2) cap *= 2;
    if (cap > a->hash_cap) {
        uint32_t *h = realloc(a->hash, cap * sizeof *h);
        if (!h) return -1;
        a->hash = h;
        a->hash_cap = cap;
    }
    memset(a->hash, 0xFF, cap * sizeof *a->hash);
    for (size_t i = 0; i < n; i++) {
        size_t slot = key_hash(m[i].key, m[i].key_len) & (cap - 1);
        for (;;) {
            uint32_t j = a->hash[slot];
            if (j == UINT32_MAX) {
                a->hash[slot] = (uint32_t)kept;
                m[kept++] = m[i];
                break;
            }
            if (m[j].key_len == m[i].key_len && memcmp(m[j].key, m[i].key, m[i].key_len) == 0) {
                m[j].val = m[i].val;
                break;
            }
            slot = (slot + 1) & (cap - 1);
        }
    }
    return (long)kept;
}

/* Closes the innermost container: copies its members from the stack into the arena. */
static int close_container(struct pc_json_parser *ps, const struct pc_json_frame *f,
                           struct pc_json_val *v)
{
    struct pc_json_arena *a = ps->a;
    size_t n = a->stack_len - f->start;
    /* An empty container may close before the member stack was ever allocated. */
    struct pc_json_member *m = n ? a->stack + f->start : NULL;
    memset(v, 0, sizeof *v);
    if (f->is_obj) {
        long k = dedup_members(ps, m, n);
        if (k < 0) return pc_json_fail_alloc(ps);
        n = (size_t)k;
        v->type = PC_JSON_OBJECT;
        struct pc_json_member *dst = NULL;
        if (n) {
            dst = pc_json_arena_alloc(a, n * sizeof *dst);
            if (!dst) return pc_json_fail_alloc(ps);
            memcpy(dst, m, n * sizeof *dst);
        }
        v->u.members = dst;
    } else {
        v->type = PC_JSON_ARRAY;
        struct pc_json_val *dst = NULL;
        if (n) {
            dst = pc_json_arena_alloc(a, n * sizeof *dst);
            if (!dst) return pc_json_fail_alloc(ps);
            for (size_t i = 0; i < n; i++) dst[i] = m[i].val;
        }
        v->u.items = dst;
    }
    if (n > UINT32_MAX) return pc_json_fail(ps, ps->p, PC_ETOOBIG, "container too large");
    v->len = (uint32_t)n;
    a->stack_len = f->start;
    return PC_OK;
}

static int open_container(struct pc_json_parser *ps, size_t *depth, int is_obj)
{
    struct pc_json_arena *a = ps->a;
    if (*depth >= (size_t)(ps->doc->max_depth > 0 ? ps->doc->max_depth : 0))
        return pc_json_fail(ps, ps->p, PC_EFORMAT, "too deeply nested");
    if (*depth == a->frames_cap) {
        size_t cap = a->frames_cap ? a->frames_cap * 2 : 64;
        struct pc_json_frame *f = realloc(a->frames, cap * sizeof *f);
        if (!f) return pc_json_fail_alloc(ps);
        a->frames = f;
        a->frames_cap = cap;
    }
    a->frames[*depth].start = (uint32_t)a->stack_len;
    a->frames[*depth].is_obj = (uint8_t)is_obj;
    (*depth)++;
    ps->p++;
    return PC_OK;
}

/* The arena cap of doc (its max_bytes, else the default). */
static size_t doc_max(const struct pc_json_doc *doc)
{
    return doc->max_bytes ? doc->max_bytes : PC_JSON_DEFAULT_BYTES;
}

void pc_json_doc_clear(struct pc_json_doc *doc)
{
    pc_json_arena_reset(doc->arena_internal, doc_max(doc));
}

int pc_json_parse(struct pc_json_doc *doc, const char *text, size_t len,
                  const struct pc_json_val **root, struct pc_error *err)
{
    pc_json_doc_clear(doc);
    return pc_json_parse_more(doc, text, len, root, err);
}

int pc_json_parse_more(struct pc_json_doc *doc, const char *text, size_t len,
                       const struct pc_json_val **root, struct pc_error *err)
{
    struct pc_json_arena *a = doc->arena_internal;
    a->max = doc_max(doc); /* covers everything since the last clear */
    a->exceeded = 0;
    a->stack_len = 0;
    doc->lone_surrogates = 0;
    *root = NULL;
    struct pc_json_parser ps = {(const unsigned char *)text,
                                (const unsigned char *)text,
                                (const unsigned char *)text + len,
                                a,
                                doc,
                                err,
                                PC_OK};
    size_t depth = 0;
    struct pc_json_val v;
    struct pc_json_member *slot;

    skip_ws(&ps);
value:
    if (ps.p >= ps.end) return pc_json_fail(&ps, ps.p, PC_EFORMAT, "expecting value");
    memset(&v, 0, sizeof v);
    switch (*ps.p) {
    case '{':
        if (open_container(&ps, &depth, 1)) return ps.rc;
        skip_ws(&ps);
        if (ps.p < ps.end && *ps.p == '}') {
            ps.p++;
            if (close_container(&ps, &a->frames[--depth], &v)) return ps.rc;
            goto have_value;
        }
        goto key;
    case '[':
        if (open_container(&ps, &depth, 0)) return ps.rc;
        skip_ws(&ps);
        if (ps.p < ps.end && *ps.p == ']') {
            ps.p++;
            if (close_container(&ps, &a->frames[--depth], &v)) return ps.rc;
            goto have_value;
        }
        goto value;
    case '"':
        ps.p++;
        v.type = PC_JSON_STRING;
        if (pc_json_parse_string(&ps, &v.u.str, &v.len)) return ps.rc;
        goto have_value;
    case 't':
        if (match_lit(&ps, "true", 4)) return ps.rc;
        v.type = PC_JSON_TRUE;
        goto have_value;
    case 'f':
        if (match_lit(&ps, "false", 5)) return ps.rc;
        v.type = PC_JSON_FALSE;
        goto have_value;
    case 'n':
        if (match_lit(&ps, "null", 4)) return ps.rc;
        v.type = PC_JSON_NULL;
        goto have_value;
    case 'N':
        if (match_lit(&ps, "NaN", 3)) return ps.rc;
        v.type = PC_JSON_NUMBER;
        v.num_kind = PC_JSON_NAN;
        v.num = __builtin_nan("");
        v.u.raw = "NaN";
        v.len = 3;
        goto have_value;
    case 'I':
        if (match_lit(&ps, "Infinity", 8)) return ps.rc;
        v.type = PC_JSON_NUMBER;
        v.num_kind = PC_JSON_INF;
        v.num = __builtin_inf();
        v.u.raw = "Infinity";
        v.len = 8;
        goto have_value;
    default:
        if (*ps.p == '-' || *ps.p - '0' <= 9u) {
            if (pc_json_parse_number(&ps, &v)) return ps.rc;
            goto have_value;
        }
        return pc_json_fail(&ps, ps.p, PC_EFORMAT, "expecting value");
    }

key:
    if (ps.p >= ps.end || *ps.p != '"')
        return pc_json_fail(&ps, ps.p, PC_EFORMAT,
                            "expecting property name enclosed in double quotes");
    ps.p++;
    if (push_member(&ps, &slot)) return ps.rc;
    if (pc_json_parse_string(&ps, &slot->key, &slot->key_len)) return ps.rc;
    skip_ws(&ps);
    if (ps.p >= ps.end || *ps.p != ':')
        return pc_json_fail(&ps, ps.p, PC_EFORMAT, "expecting ':' delimiter");
    ps.p++;
    skip_ws(&ps);
    goto value;

have_value:
    if (depth == 0) goto done;
    {
        struct pc_json_frame *f = &a->frames[depth - 1];
        if (f->is_obj) {
            a->stack[a->stack_len - 1].val = v;
        } else {
            if (push_member(&ps, &slot)) return ps.rc;
            slot->key = NULL;
            slot->key_len = 0;
            slot->val = v;
        }
        skip_ws(&ps);
        if (ps.p >= ps.end) return pc_json_fail(&ps, ps.p, PC_EFORMAT, "unexpected end of data");
        unsigned c = *ps.p;
        if (c == ',') {
            ps.p++;
            skip_ws(&ps);
            if (f->is_obj) goto key;
            goto value;
        }
        if (c == (f->is_obj ? '}' : ']')) {
            ps.p++;
            if (close_container(&ps, f, &v)) return ps.rc;
            depth--;
            goto have_value;
        }
        return pc_json_fail(&ps, ps.p, PC_EFORMAT, "expecting ',' delimiter");
    }

done:
    skip_ws(&ps);
    if (ps.p != ps.end) return pc_json_fail(&ps, ps.p, PC_EFORMAT, "extra data");
    {
        struct pc_json_val *r = pc_json_arena_alloc(a, sizeof *r);
        if (!r) return pc_json_fail_alloc(&ps);
        *r = v;
        *root = r;
    }
    return PC_OK;
}
