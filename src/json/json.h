/* Strict JSON (RFC 8259) reader into a DOM that lives in a reusable arena, plus the Python
 * json semantics pricer must reproduce (SPEC §1.1, §9.1).
 *
 * Accepted beyond RFC 8259, as Python's json.loads does: NaN, Infinity, -Infinity.
 * Rejected: raw control characters (< 0x20) inside strings, invalid UTF-8 anywhere,
 * trailing garbage, nesting deeper than the document's max_depth.
 * Objects keep document order; a duplicate key keeps the position of its FIRST occurrence
 * and the value of its LAST (Python dict semantics).
 * Strings are decoded to UTF-8 (may contain NUL bytes; use len). An escaped lone surrogate
 * (e.g. "\ud800") is decoded to its 3-byte WTF-8 form and sets doc->lone_surrogates. The flag
 * is conservative: it reports that the INPUT text held one, even when the string holding it
 * was later dropped (a duplicate key's replaced value), so a clear flag guarantees the tree
 * holds none, while a set flag only says "check the strings".
 *
 * Ownership: every value, string and array belongs to its pc_json_doc and stays valid until
 * the next pc_json_parse on that doc or pc_json_doc_free. A doc is used by one thread at a
 * time; keep one doc per thread and reuse it (the arena keeps its memory). */
#ifndef PC_JSON_JSON_H
#define PC_JSON_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/error.h"

enum pc_json_type {
    PC_JSON_NULL,
    PC_JSON_FALSE,
    PC_JSON_TRUE,
    PC_JSON_NUMBER,
    PC_JSON_STRING,
    PC_JSON_ARRAY,
    PC_JSON_OBJECT
};

/* For PC_JSON_NUMBER: what Python's json.loads would have made of the literal. */
enum pc_json_num_kind {
    PC_JSON_INT,   /* no '.', 'e' or 'E': a Python int (arbitrary size; text kept in raw) */
    PC_JSON_FLOAT, /* a Python float; value in num (may be +-inf on overflow) */
    PC_JSON_NAN,   /* NaN */
    PC_JSON_INF,   /* Infinity */
    PC_JSON_NINF   /* -Infinity */
};

struct pc_json_member;

struct pc_json_val {
    uint8_t type;     /* enum pc_json_type */
    uint8_t num_kind; /* enum pc_json_num_kind, numbers only */
    uint32_t len;     /* bytes of str / raw; element count of items / members */
    double num;       /* numbers: correctly rounded double of the literal */
    union {
        const char *str;                /* PC_JSON_STRING: decoded UTF-8, NUL-terminated */
        const char *raw;                /* PC_JSON_NUMBER: the literal as written */
        struct pc_json_val *items;      /* PC_JSON_ARRAY */
        struct pc_json_member *members; /* PC_JSON_OBJECT, document order, no duplicates */
    } u;
};

struct pc_json_member {
    const char *key; /* decoded UTF-8, NUL-terminated */
    uint32_t key_len;
    struct pc_json_val val;
};

struct pc_json_doc {
    int lone_surrogates;  /* the last parse's input held an escaped lone surrogate (see top) */
    int max_depth;        /* nesting limit (default 512); exceeding it is an error */
    size_t max_bytes;     /* arena cap in bytes (default 1 GiB); exceeding it: PC_ETOOBIG */
    void *arena_internal; /* private */
};

/* Allocates an empty doc (max_depth 512). NULL on allocation failure. */
struct pc_json_doc *pc_json_doc_new(void);

/* Frees the doc and everything parsed into it. Accepts NULL. */
void pc_json_doc_free(struct pc_json_doc *doc);

/* Parses text[0..len) (need not be NUL-terminated) into doc, replacing its previous
 * content, and stores the root value in *root. On failure returns PC_EFORMAT (syntax,
 * invalid UTF-8, depth) or PC_ETOOBIG / PC_ENOMEM, and err gets a message such as
 * "invalid \escape" and err->byte_offset = offset of the problem within text. */
int pc_json_parse(struct pc_json_doc *doc, const char *text, size_t len,
                  const struct pc_json_val **root, struct pc_error *err);

/* As pc_json_parse, but keeps what earlier parses into doc hold: their values stay valid
 * until pc_json_doc_clear, pc_json_parse or pc_json_doc_free. For many small documents read
 * together (the lines of a batch): one arena instead of one doc per line. max_bytes then caps
 * everything parsed since the last clear. doc->lone_surrogates is this parse's. */
int pc_json_parse_more(struct pc_json_doc *doc, const char *text, size_t len,
                       const struct pc_json_val **root, struct pc_error *err);

/* Drops everything parsed into doc (keeping its memory for the next parses). */
void pc_json_doc_clear(struct pc_json_doc *doc);

/* Returns the member value of object v with the given key, or NULL (also when v is not an
 * object). Linear scan; objects here are small. */
const struct pc_json_val *pc_json_get(const struct pc_json_val *v, const char *key);

/* Appends v serialised exactly as Python json.dumps(v) with default settings: separators
 * ", " and ": ", ensure_ascii (\uXXXX lowercase hex, surrogate pairs), ints as Python
 * prints them, floats as repr(float), NaN/Infinity/-Infinity, key order kept. */
int pc_json_dump_py(struct pc_buf *out, const struct pc_json_val *v);

/* Appends s[0..n) as a quoted JSON string. ascii != 0: Python ensure_ascii escaping;
 * ascii == 0: UTF-8 kept, only '"', '\\' and controls (< 0x20, as \n \r \t \b \f or
 * \u00XX) escaped (Python ensure_ascii=False). s must be valid UTF-8 (or WTF-8). */
int pc_json_put_str(struct pc_buf *out, const char *s, size_t n, int ascii);

/* Writes Python repr(x) for a float (shortest round-trip: "12.99", "100.0", "1e+20",
 * "1e-05", "inf", "-inf", "nan", "-0.0") into out (>= 32 bytes); returns its length. */
size_t pc_py_float_repr(double x, char *out);

/* Parses s[0..n) as Python float(s) does: optional surrounding whitespace (str.isspace),
 * sign, digits with optional '_' between digits, '.', exponent, "inf"/"infinity"/"nan" in
 * any case. Returns PC_OK and *out, or PC_EFORMAT ("None", "", "$5", "—" all fail). */
int pc_py_float_parse(const char *s, size_t n, double *out);

/* Appends the Python str() of a JSON number value: ints as their decimal digits (Python
 * int normalisation: "-0" -> "0"), floats as repr(float), "nan"/"inf"/"-inf" for the
 * special kinds (as str(float('nan')) prints). */
int pc_json_num_pystr(struct pc_buf *out, const struct pc_json_val *v);

#endif
