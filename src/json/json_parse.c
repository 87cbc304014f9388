/* Strict JSON reader (RFC 8259 + NaN/Infinity/-Infinity, as Python's json.loads) into an
 * arena DOM. Iterative (explicit stacks), so max_depth is limited by memory, not the C stack.
 * Containers collect their members on a scratch stack and are copied into the arena when they
 * close, so arrays and objects are contiguous. */
#include "json/json.h"
#include "json/json_arena.h"

#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define PC_JSON_DEFAULT_DEPTH 512
#define PC_JSON_DEFAULT_BYTES ((size_t)1 << 30)
/* Python 3.11's int max_str_digits: longer integer literals make json.loads fail. */
#define PC_PY_INT_MAX_DIGITS 4300

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

/* ---- parser state ------------------------------------------------------------------------ */

struct parser {
    const unsigned char *start, *p, *end;
    struct pc_json_arena *a;
    struct pc_json_doc *doc;
    struct pc_error *err;
    int rc;
};

static int fail(struct parser *ps, const unsigned char *at, int code, const char *msg)
{
    if (ps->rc == PC_OK) {
        ps->rc = code;
        pc_error_set(ps->err, code, "%s", msg);
        if (ps->err) ps->err->byte_offset = (int64_t)(at - ps->start);
    }
    return code;
}

static int fail_alloc(struct parser *ps)
{
    if (ps->a->exceeded)
        return fail(ps, ps->p, PC_ETOOBIG, "document too big for the parser's memory cap");
    return fail(ps, ps->p, PC_ENOMEM, "out of memory");
}

static inline void skip_ws(struct parser *ps)
{
    const unsigned char *p = ps->p, *end = ps->end;
    while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) p++;
    ps->p = p;
}

/* Length of the valid UTF-8 sequence at p (2-4), or 0 when invalid (overlong, surrogate,
 * > U+10FFFF, truncated). p[0] >= 0x80. */
static inline int utf8_seq(const unsigned char *p, const unsigned char *end)
{
    unsigned c = p[0];
    size_t room = (size_t)(end - p);
    if (c >= 0xC2 && c <= 0xDF) return room >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (room < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return 0;
        if (c == 0xE0 && p[1] < 0xA0) return 0;  /* overlong */
        if (c == 0xED && p[1] >= 0xA0) return 0; /* surrogate */
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (room < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && p[1] < 0x90) return 0;  /* overlong */
        if (c == 0xF4 && p[1] >= 0x90) return 0; /* > U+10FFFF */
        return 4;
    }
    return 0;
}

static inline int hexval(unsigned c)
{
    if (c - '0' < 10) return (int)(c - '0');
    c |= 0x20;
    if (c - 'a' < 6) return (int)(c - 'a' + 10);
    return -1;
}

static int read_hex4(const unsigned char *p, const unsigned char *end, uint32_t *out)
{
    if (end - p < 4) return -1;
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval(p[i]);
        if (h < 0) return -1;
        v = v << 4 | (uint32_t)h;
    }
    *out = v;
    return 0;
}

static size_t put_utf8(uint32_t cp, char *o)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | cp >> 6);
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | cp >> 12);
        o[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | cp >> 18);
    o[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    o[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decodes the escapes of a validated string body src[0..n) into dst; returns bytes written
 * or -1 with ps->rc set on a bad escape. */
static long decode_escapes(struct parser *ps, const unsigned char *src, size_t n, char *dst)
{
    const unsigned char *s = src, *e = src + n;
    char *o = dst;
    while (s < e) {
        const unsigned char *bs = memchr(s, '\\', (size_t)(e - s));
        if (!bs) bs = e;
        memcpy(o, s, (size_t)(bs - s));
        o += bs - s;
        s = bs;
        if (s >= e) break;
        /* s[0] == '\\' and s + 1 < e (the scanner guaranteed a following byte) */
        unsigned c = s[1];
        switch (c) {
        case '"':
            *o++ = '"';
            s += 2;
            continue;
        case '\\':
            *o++ = '\\';
            s += 2;
            continue;
        case '/':
            *o++ = '/';
            s += 2;
            continue;
        case 'b':
            *o++ = '\b';
            s += 2;
            continue;
        case 'f':
            *o++ = '\f';
            s += 2;
            continue;
        case 'n':
            *o++ = '\n';
            s += 2;
            continue;
        case 'r':
            *o++ = '\r';
            s += 2;
            continue;
        case 't':
            *o++ = '\t';
            s += 2;
            continue;
        case 'u':
            break;
        default:
            fail(ps, s, PC_EFORMAT, "invalid \\escape");
            return -1;
        }
        uint32_t cp;
        if (read_hex4(s + 2, e, &cp) < 0) {
            fail(ps, s, PC_EFORMAT, "invalid \\uXXXX escape");
            return -1;
        }
        s += 6;
        if (cp >= 0xD800 && cp <= 0xDBFF && e - s >= 6 && s[0] == '\\' && s[1] == 'u') {
            uint32_t lo;
            if (read_hex4(s + 2, e, &lo) == 0 && lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                s += 6;
            }
        }
        if (cp >= 0xD800 && cp <= 0xDFFF) ps->doc->lone_surrogates = 1;
        o += put_utf8(cp, o);
    }
    return o - dst;
}

/* ps->p is just after the opening quote. Stores the decoded, NUL-terminated string. */
static int parse_string(struct parser *ps, const char **out, uint32_t *out_len)
{
    const unsigned char *open = ps->p - 1, *p = ps->p, *end = ps->end;
    int esc = 0;
    for (;;) {
#if defined(__SSE2__)
        while (end - p >= 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)p);
            __m128i m = _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                             _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
                _mm_cmplt_epi8(v, _mm_set1_epi8(0x20))); /* signed: also catches >= 0x80 */
            int bits = _mm_movemask_epi8(m);
            if (bits) {
                p += __builtin_ctz((unsigned)bits);
                goto special;
            }
            p += 16;
        }
#endif
        while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\') p++;
#if defined(__SSE2__)
    special:
#endif
        if (p >= end) return fail(ps, open, PC_EFORMAT, "unterminated string");
        unsigned c = *p;
        if (c == '"') break;
        if (c == '\\') {
            if (end - p < 2) return fail(ps, open, PC_EFORMAT, "unterminated string");
            esc = 1;
            p += 2;
            continue;
        }
        if (c < 0x20) return fail(ps, p, PC_EFORMAT, "invalid control character in string");
        if (c < 0x80) { /* '"' or '\\' already handled; plain byte after SIMD stop */
            p++;
            continue;
        }
        int k = utf8_seq(p, end);
        if (!k) return fail(ps, p, PC_EFORMAT, "invalid UTF-8");
        p += k;
    }
    size_t n = (size_t)(p - ps->p);
    if (n > UINT32_MAX - 1) return fail(ps, open, PC_ETOOBIG, "string too long");
    char *dst = pc_json_arena_alloc(ps->a, n + 1);
    if (!dst) return fail_alloc(ps);
    long len;
    if (!esc) {
        memcpy(dst, ps->p, n);
        len = (long)n;
    } else {
        len = decode_escapes(ps, ps->p, n, dst);
        if (len < 0) return ps->rc;
    }
    dst[len] = '\0';
    *out = dst;
    *out_len = (uint32_t)len;
    ps->p = p + 1;
    return PC_OK;
}

static const double pow10_exact[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* ps->p at '-' or a digit. */
static int parse_number(struct parser *ps, struct pc_json_val *v)
{
    const unsigned char *s = ps->p, *p = s, *end = ps->end;
    int neg = 0;
    if (*p == '-') {
        neg = 1;
        p++;
        if (end - p >= 8 && memcmp(p, "Infinity", 8) == 0) {
            v->type = PC_JSON_NUMBER;
            v->num_kind = PC_JSON_NINF;
            v->num = -__builtin_inf();
            v->u.raw = "-Infinity";
            v->len = 9;
            ps->p = p + 8;
            return PC_OK;
        }
    }
    uint64_t mant = 0;
    int sig = 0;     /* significant digits accumulated in mant (leading zeros skipped) */
    int dropped = 0; /* digits beyond 19 not in mant */
    int frac = 0;    /* digits after '.' that are in mant */
    if (p >= end || *p - '0' > 9u) return fail(ps, p, PC_EFORMAT, "expecting value");
    const unsigned char *int_start = p;
    if (*p == '0') {
        p++;
    } else {
        while (p < end && *p - '0' <= 9u) {
            if (sig < 19) {
                mant = mant * 10 + (*p - '0');
                sig++;
            } else {
                dropped++;
            }
            p++;
        }
    }
    size_t int_digits = (size_t)(p - int_start);
    int is_float = 0;
    long exp10 = 0;
    if (p < end && *p == '.') {
        p++;
        if (p >= end || *p - '0' > 9u) return fail(ps, p, PC_EFORMAT, "expecting digits after '.'");
        is_float = 1;
        while (p < end && *p - '0' <= 9u) {
            if (mant == 0 && *p == '0') {
                frac++; /* leading zeros of 0.000x only scale */
            } else if (sig < 19) {
                mant = mant * 10 + (*p - '0');
                sig++;
                frac++;
            } else {
                /* digit not kept: it is below the kept precision */
                if (*p != '0') dropped = dropped ? dropped : -1;
            }
            p++;
        }
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        int eneg = 0;
        if (p < end && (*p == '+' || *p == '-')) eneg = *p++ == '-';
        if (p >= end || *p - '0' > 9u) return fail(ps, p, PC_EFORMAT, "expecting exponent digits");
        is_float = 1;
        while (p < end && *p - '0' <= 9u) {
            if (exp10 < 100000) exp10 = exp10 * 10 + (*p - '0');
            p++;
        }
        if (eneg) exp10 = -exp10;
    }
    size_t n = (size_t)(p - s);
    if (!is_float && int_digits > PC_PY_INT_MAX_DIGITS)
        return fail(ps, s, PC_EFORMAT, "integer literal exceeds 4300 digits");
    char *raw = pc_json_arena_alloc(ps->a, n + 1);
    if (!raw) return fail_alloc(ps);
    memcpy(raw, s, n);
    raw[n] = '\0';
    v->type = PC_JSON_NUMBER;
    v->u.raw = raw;
    v->len = (uint32_t)n;
    ps->p = p;
    if (!is_float) {
        v->num_kind = PC_JSON_INT;
        if (dropped == 0) {
            double d = (double)mant;
            v->num = neg ? -d : d;
            if (mant == 0) v->num = 0.0; /* Python int -0 is 0 */
        } else {
            v->num = strtod(raw, NULL);
        }
        return PC_OK;
    }
    v->num_kind = PC_JSON_FLOAT;
    /* Clinger's fast path: exact mantissa and exact power of ten give a correctly rounded
     * quotient/product. */
    long e = exp10 - frac;
    if (dropped == 0 && mant <= ((uint64_t)1 << 53) && e >= -22 && e <= 22) {
        double d = (double)mant;
        d = e < 0 ? d / pow10_exact[-e] : d * pow10_exact[e];
        v->num = neg ? -d : d;
        return PC_OK;
    }
    v->num = strtod(raw, NULL); /* no setlocale anywhere: '.' is the decimal point */
    return PC_OK;
}

static int match_lit(struct parser *ps, const char *lit, size_t n)
{
    if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, lit, n) != 0)
        return fail(ps, ps->p, PC_EFORMAT, "expecting value");
    ps->p += n;
    return PC_OK;
}

static int push_member(struct parser *ps, struct pc_json_member **out)
{
    struct pc_json_arena *a = ps->a;
    if (a->stack_len == a->stack_cap) {
        size_t cap = a->stack_cap ? a->stack_cap * 2 : 256;
        if (cap * sizeof *a->stack > a->max) {
            a->exceeded = 1;
            return fail_alloc(ps);
        }
        struct pc_json_member *s = realloc(a->stack, cap * sizeof *s);
        if (!s) return fail_alloc(ps);
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
static long dedup_members(struct parser *ps, struct pc_json_member *m, size_t n)
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
static int close_container(struct parser *ps, const struct pc_json_frame *f, struct pc_json_val *v)
{
    struct pc_json_arena *a = ps->a;
    struct pc_json_member *m = a->stack + f->start;
    size_t n = a->stack_len - f->start;
    memset(v, 0, sizeof *v);
    if (f->is_obj) {
        long k = dedup_members(ps, m, n);
        if (k < 0) return fail_alloc(ps);
        n = (size_t)k;
        v->type = PC_JSON_OBJECT;
        struct pc_json_member *dst = NULL;
        if (n) {
            dst = pc_json_arena_alloc(a, n * sizeof *dst);
            if (!dst) return fail_alloc(ps);
            memcpy(dst, m, n * sizeof *dst);
        }
        v->u.members = dst;
    } else {
        v->type = PC_JSON_ARRAY;
        struct pc_json_val *dst = NULL;
        if (n) {
            dst = pc_json_arena_alloc(a, n * sizeof *dst);
            if (!dst) return fail_alloc(ps);
            for (size_t i = 0; i < n; i++) dst[i] = m[i].val;
        }
        v->u.items = dst;
    }
    if (n > UINT32_MAX) return fail(ps, ps->p, PC_ETOOBIG, "container too large");
    v->len = (uint32_t)n;
    a->stack_len = f->start;
    return PC_OK;
}

static int open_container(struct parser *ps, size_t *depth, int is_obj)
{
    struct pc_json_arena *a = ps->a;
    if (*depth >= (size_t)(ps->doc->max_depth > 0 ? ps->doc->max_depth : 0))
        return fail(ps, ps->p, PC_EFORMAT, "too deeply nested");
    if (*depth == a->frames_cap) {
        size_t cap = a->frames_cap ? a->frames_cap * 2 : 64;
        struct pc_json_frame *f = realloc(a->frames, cap * sizeof *f);
        if (!f) return fail_alloc(ps);
        a->frames = f;
        a->frames_cap = cap;
    }
    a->frames[*depth].start = (uint32_t)a->stack_len;
    a->frames[*depth].is_obj = (uint8_t)is_obj;
    (*depth)++;
    ps->p++;
    return PC_OK;
}

int pc_json_parse(struct pc_json_doc *doc, const char *text, size_t len,
                  const struct pc_json_val **root, struct pc_error *err)
{
    struct pc_json_arena *a = doc->arena_internal;
    pc_json_arena_reset(a, doc->max_bytes ? doc->max_bytes : PC_JSON_DEFAULT_BYTES);
    doc->lone_surrogates = 0;
    *root = NULL;
    struct parser ps = {(const unsigned char *)text,
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
    if (ps.p >= ps.end) return fail(&ps, ps.p, PC_EFORMAT, "expecting value");
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
        if (parse_string(&ps, &v.u.str, &v.len)) return ps.rc;
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
            if (parse_number(&ps, &v)) return ps.rc;
            goto have_value;
        }
        return fail(&ps, ps.p, PC_EFORMAT, "expecting value");
    }

key:
    if (ps.p >= ps.end || *ps.p != '"')
        return fail(&ps, ps.p, PC_EFORMAT, "expecting property name enclosed in double quotes");
    ps.p++;
    if (push_member(&ps, &slot)) return ps.rc;
    if (parse_string(&ps, &slot->key, &slot->key_len)) return ps.rc;
    skip_ws(&ps);
    if (ps.p >= ps.end || *ps.p != ':')
        return fail(&ps, ps.p, PC_EFORMAT, "expecting ':' delimiter");
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
        if (ps.p >= ps.end) return fail(&ps, ps.p, PC_EFORMAT, "unexpected end of data");
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
        return fail(&ps, ps.p, PC_EFORMAT, "expecting ',' delimiter");
    }

done:
    skip_ws(&ps);
    if (ps.p != ps.end) return fail(&ps, ps.p, PC_EFORMAT, "extra data");
    {
        struct pc_json_val *r = pc_json_arena_alloc(a, sizeof *r);
        if (!r) return fail_alloc(&ps);
        *r = v;
        *root = r;
    }
    return PC_OK;
}
