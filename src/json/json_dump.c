/* Python json.dumps with default settings (SPEC §1.1 step 3): ", " and ": " separators,
 * ensure_ascii escaping, ints as Python prints them, floats as repr(float), key order kept. */
#include "json/json.h"

#include <string.h>

/* Dump nesting guard: parse depth is configurable, the C stack is not. */
#define PC_DUMP_MAX_DEPTH 20000

static const char hexdig[] = "0123456789abcdef";

/* Staging area so escapes do not each go through pc_buf_append. */
struct stage {
    struct pc_buf *out;
    char buf[512];
    size_t n;
    int rc;
};

static inline void flush(struct stage *st)
{
    if (st->n && st->rc == PC_OK) st->rc = pc_buf_append(st->out, st->buf, st->n);
    st->n = 0;
}

static inline void put_raw(struct stage *st, const char *s, size_t n)
{
    if (st->n + n > sizeof st->buf) {
        flush(st);
        if (n > sizeof st->buf) {
            if (st->rc == PC_OK) st->rc = pc_buf_append(st->out, s, n);
            return;
        }
    }
    memcpy(st->buf + st->n, s, n);
    st->n += n;
}

static inline void put_u(struct stage *st, uint32_t u)
{
    char e[6] = {'\\',          'u', hexdig[u >> 12 & 15], hexdig[u >> 8 & 15], hexdig[u >> 4 & 15],
                 hexdig[u & 15]};
    put_raw(st, e, 6);
}

/* Bytes that pass through unchanged: printable ASCII except '"' and '\\'; with !ascii also
 * every byte >= 0x80 (and DEL). Bit 0: ascii mode, bit 1: UTF-8 mode. */
static const uint8_t plain_tab[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    3, 3, 0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
};

/* Decodes one UTF-8/WTF-8 code point; invalid bytes decode as U+FFFD one at a time. */
static size_t decode_cp(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned c = s[0];
    if (c >= 0xC2 && c <= 0xDF && n >= 2 && (s[1] & 0xC0) == 0x80) {
        *cp = (c & 0x1F) << 6 | (s[1] & 0x3F);
        return 2;
    }
    if (c >= 0xE0 && c <= 0xEF && n >= 3 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
        uint32_t v = (c & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
        if (v >= 0x800) {
            *cp = v;
            return 3;
        }
    }
    if (c >= 0xF0 && c <= 0xF4 && n >= 4 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80 &&
        (s[3] & 0xC0) == 0x80) {
        uint32_t v = (c & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 |
                     (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
        if (v >= 0x10000 && v <= 0x10FFFF) {
            *cp = v;
            return 4;
        }
    }
    *cp = 0xFFFD;
    return 1;
}

static void put_str(struct stage *st, const char *str, size_t n, int ascii)
{
    const unsigned char *s = (const unsigned char *)str, *e = s + n;
    const uint8_t bit = ascii ? 1 : 2;
    put_raw(st, "\"", 1);
    while (s < e) {
        const unsigned char *run = s;
        while (s < e && (plain_tab[*s] & bit)) s++;
        if (s > run) put_raw(st, (const char *)run, (size_t)(s - run));
        if (s >= e) break;
        unsigned c = *s;
        if (c < 0x80) {
            s++;
            switch (c) {
            case '"':
                put_raw(st, "\\\"", 2);
                break;
            case '\\':
                put_raw(st, "\\\\", 2);
                break;
            case '\n':
                put_raw(st, "\\n", 2);
                break;
            case '\r':
                put_raw(st, "\\r", 2);
                break;
            case '\t':
                put_raw(st, "\\t", 2);
                break;
            case '\b':
                put_raw(st, "\\b", 2);
                break;
            case '\f':
                put_raw(st, "\\f", 2);
                break;
            default:
                put_u(st, c);
                break;
            }
            continue;
        }
        uint32_t cp;
        s += decode_cp(s, (size_t)(e - s), &cp);
        if (cp >= 0x10000) {
            cp -= 0x10000;
            put_u(st, 0xD800 | cp >> 10);
            put_u(st, 0xDC00 | (cp & 0x3FF));
        } else {
            put_u(st, cp);
        }
    }
    put_raw(st, "\"", 1);
}

int pc_json_put_str(struct pc_buf *out, const char *s, size_t n, int ascii)
{
    struct stage st;
    st.out = out;
    st.n = 0;
    st.rc = PC_OK;
    put_str(&st, s, n, ascii);
    flush(&st);
    return st.rc;
}

static void put_num(struct stage *st, const struct pc_json_val *v, int json)
{
    char tmp[40];
    switch (v->num_kind) {
    case PC_JSON_INT:
        if (v->len == 2 && v->u.raw[0] == '-' && v->u.raw[1] == '0')
            put_raw(st, "0", 1);
        else
            put_raw(st, v->u.raw, v->len);
        return;
    case PC_JSON_NAN:
        put_raw(st, json ? "NaN" : "nan", 3);
        return;
    case PC_JSON_INF:
        json ? put_raw(st, "Infinity", 8) : put_raw(st, "inf", 3);
        return;
    case PC_JSON_NINF:
        json ? put_raw(st, "-Infinity", 9) : put_raw(st, "-inf", 4);
        return;
    default:
        break;
    }
    double x = v->num;
    if (json && x != x)
        put_raw(st, "NaN", 3);
    else if (json && x == __builtin_inf())
        put_raw(st, "Infinity", 8);
    else if (json && x == -__builtin_inf())
        put_raw(st, "-Infinity", 9);
    else
        put_raw(st, tmp, pc_py_float_repr(x, tmp));
}

static void dump(struct stage *st, const struct pc_json_val *v, int depth)
{
    if (st->rc) return;
    if (depth > PC_DUMP_MAX_DEPTH) {
        st->rc = PC_ERANGE;
        return;
    }
    switch (v->type) {
    case PC_JSON_NULL:
        put_raw(st, "null", 4);
        break;
    case PC_JSON_FALSE:
        put_raw(st, "false", 5);
        break;
    case PC_JSON_TRUE:
        put_raw(st, "true", 4);
        break;
    case PC_JSON_NUMBER:
        put_num(st, v, 1);
        break;
    case PC_JSON_STRING:
        put_str(st, v->u.str, v->len, 1);
        break;
    case PC_JSON_ARRAY:
        put_raw(st, "[", 1);
        for (uint32_t i = 0; i < v->len; i++) {
            if (i) put_raw(st, ", ", 2);
            dump(st, &v->u.items[i], depth + 1);
        }
        put_raw(st, "]", 1);
        break;
    case PC_JSON_OBJECT:
        put_raw(st, "{", 1);
        for (uint32_t i = 0; i < v->len; i++) {
            const struct pc_json_member *m = &v->u.members[i];
            if (i) put_raw(st, ", ", 2);
            put_str(st, m->key, m->key_len, 1);
            put_raw(st, ": ", 2);
            dump(st, &m->val, depth + 1);
        }
        put_raw(st, "}", 1);
        break;
    default:
        st->rc = PC_EINVAL;
        break;
    }
}

int pc_json_dump_py(struct pc_buf *out, const struct pc_json_val *v)
{
    struct stage st;
    st.out = out;
    st.n = 0;
    st.rc = PC_OK;
    dump(&st, v, 0);
    flush(&st);
    return st.rc;
}

int pc_json_num_pystr(struct pc_buf *out, const struct pc_json_val *v)
{
    if (v->type != PC_JSON_NUMBER) return PC_EINVAL;
    struct stage st;
    st.out = out;
    st.n = 0;
    st.rc = PC_OK;
    put_num(&st, v, 0);
    flush(&st);
    return st.rc;
}
