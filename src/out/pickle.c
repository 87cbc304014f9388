/* Format "pickle": DIR/<split>.pkl, what the course's `pickle.dump(train, f)` writes (SPEC
 * §6.3): a list of `items.Item` objects, each with the __dict__ title, price, details,
 * prompt, token_count, include (True), category, in that order. Our own writer of Python's
 * pickle protocol 4 (Lib/pickle.py's opcodes): PROTO 4, EMPTY_LIST, then per item the class
 * (STACK_GLOBAL of "items" "Item", memoized once and fetched with BINGET after), EMPTY_TUPLE
 * NEWOBJ, the state dict (EMPTY_DICT MARK ... SETITEMS) BUILD, APPEND; STOP. Unframed, which
 * every protocol-4 reader accepts. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/atomic.h"
#include "json/json.h"
#include "out/formats.h"

/* Appends a str: SHORT_BINUNICODE (< 256 bytes) or BINUNICODE (4-byte length). */
static int put_str(struct pc_buf *b, const char *s, size_t n)
{
    int rc;
    if (n < 256) {
        unsigned char h[2] = {0x8c, (unsigned char)n};
        rc = pc_buf_append(b, h, 2);
    } else {
        if (n > UINT32_MAX) return PC_ETOOBIG;
        unsigned char h[5] = {'X', (unsigned char)n, (unsigned char)(n >> 8),
                              (unsigned char)(n >> 16), (unsigned char)(n >> 24)};
        rc = pc_buf_append(b, h, 5);
    }
    return rc ? rc : pc_buf_append(b, s, n);
}

/* BINFLOAT: 8-byte big-endian IEEE double. */
static int put_float(struct pc_buf *b, double x)
{
    uint64_t u;
    memcpy(&u, &x, 8);
    unsigned char h[9] = {'G'};
    for (int i = 0; i < 8; i++) h[1 + i] = (unsigned char)(u >> (56 - 8 * i));
    return pc_buf_append(b, h, 9);
}

/* BININT1 / BININT2 / BININT (non-negative values below 2^31). */
static int put_int(struct pc_buf *b, uint64_t v)
{
    if (v < 256) {
        unsigned char h[2] = {'K', (unsigned char)v};
        return pc_buf_append(b, h, 2);
    }
    if (v < 65536) {
        unsigned char h[3] = {'M', (unsigned char)v, (unsigned char)(v >> 8)};
        return pc_buf_append(b, h, 3);
    }
    if (v >= 0x80000000u) return PC_ERANGE;
    unsigned char h[5] = {'J', (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 24)};
    return pc_buf_append(b, h, 5);
}

struct pc_writer {
    struct pc_atomic f;
    struct pc_json_doc *doc;
    struct pc_buf buf;
    uint64_t rows, bytes;
};

static int pickle_open(struct pc_writer **out, const char *dir, const char *split,
                       const struct pc_export_opts *o, struct pc_error *err)
{
    char name[64];
    snprintf(name, sizeof name, "%s.pkl", split);
    char *path = pc_out_join(dir, name);
    struct pc_writer *w = calloc(1, sizeof *w);
    if (!path || !w || !(w->doc = pc_json_doc_new())) {
        free(path);
        free(w);
        return pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    pc_buf_init(&w->buf, 0);
    int rc = pc_atomic_open(&w->f, path, err);
    free(path);
    static const unsigned char head[] = {0x80, 4, ']'}; /* PROTO 4, EMPTY_LIST */
    if (!rc && fwrite(head, 1, sizeof head, w->f.fp) != sizeof head)
        rc = pc_error_set(err, PC_EIO, "cannot write '%s': %s", w->f.path, strerror(errno));
    if (rc) {
        pc_atomic_abort(&w->f);
        pc_json_doc_free(w->doc);
        free(w);
        return rc;
    }
    w->bytes = sizeof head;
    *out = w;
    return PC_OK;
}

static int key_str(struct pc_buf *b, const char *key, const char *s, size_t n)
{
    int rc = put_str(b, key, strlen(key));
    return rc ? rc : put_str(b, s, n);
}

static int pickle_write(struct pc_writer *w, const struct pc_row *r, struct pc_error *err)
{
    const struct pc_json_val *root, *title, *tc, *details;
    int rc = pc_json_parse(w->doc, r->line, r->line_len, &root, err);
    if (rc) return rc;
    title = pc_json_get(root, "title");
    tc = pc_json_get(root, "token_count");
    details = pc_json_get(root, "details");
    if (!title || title->type != PC_JSON_STRING)
        return pc_error_set(err, PC_EFORMAT, "the item has no \"title\" string (pickle needs it)");
    if (!tc || tc->type != PC_JSON_NUMBER || tc->num < 0 || tc->num != floor(tc->num))
        return pc_error_set(err, PC_EFORMAT, "the item has no integer \"token_count\"");
    if (details && details->type != PC_JSON_STRING && details->type != PC_JSON_NULL)
        return pc_error_set(err, PC_EFORMAT, "\"details\" is neither a string nor null");
    struct pc_buf *b = &w->buf;
    pc_buf_reset(b);
    if (w->rows == 0) {
        rc = put_str(b, "items", 5);
        if (!rc) rc = put_str(b, "Item", 4);
        if (!rc) rc = pc_buf_append(b, "\x93\x94", 2); /* STACK_GLOBAL, MEMOIZE (memo 0) */
    } else {
        rc = pc_buf_append(b, "h\x00", 2); /* BINGET 0 */
    }
    if (!rc) rc = pc_buf_append(b, ")\x81}(", 4); /* EMPTY_TUPLE NEWOBJ EMPTY_DICT MARK */
    if (!rc) rc = key_str(b, "title", title->u.str, title->len);
    if (!rc) rc = put_str(b, "price", 5);
    if (!rc) rc = put_float(b, r->price);
    if (!rc) rc = put_str(b, "details", 7);
    if (!rc)
        rc = details && details->type == PC_JSON_STRING ? put_str(b, details->u.str, details->len)
                                                        : pc_buf_putc(b, 'N');
    if (!rc) rc = key_str(b, "prompt", r->prompt, r->prompt_len);
    if (!rc) rc = put_str(b, "token_count", 11);
    if (!rc) rc = put_int(b, (uint64_t)tc->num);
    if (!rc) rc = put_str(b, "include", 7);
    if (!rc) rc = pc_buf_putc(b, (char)0x88); /* NEWTRUE */
    if (!rc) rc = key_str(b, "category", r->category, r->category_len);
    if (!rc) rc = pc_buf_append(b, "uba", 3); /* SETITEMS BUILD APPEND */
    if (rc) return pc_error_set(err, rc, "%s", pc_strerror(rc));
    if (fwrite(b->data, 1, b->len, w->f.fp) != b->len)
        return pc_error_set(err, PC_EIO, "cannot write '%s': %s", w->f.path, strerror(errno));
    w->bytes += b->len;
    w->rows++;
    return PC_OK;
}

static void pickle_abort(struct pc_writer *w)
{
    if (!w) return;
    pc_atomic_abort(&w->f);
    pc_json_doc_free(w->doc);
    pc_buf_release(&w->buf);
    free(w);
}

static int pickle_commit(struct pc_writer *w, uint64_t *bytes, struct pc_error *err)
{
    int rc = PC_OK;
    if (fputc('.', w->f.fp) == EOF) /* STOP */
        rc = pc_error_set(err, PC_EIO, "cannot write '%s': %s", w->f.path, strerror(errno));
    if (!rc) rc = pc_atomic_commit(&w->f, err);
    if (!rc) *bytes += w->bytes + 1;
    pickle_abort(w);
    return rc;
}

const struct pc_format pc_format_pickle = {
    .name = "pickle",
    .help = "DIR/<split>.pkl: pickle of a list of items.Item (the course's train.pkl/test.pkl)",
    .open = pickle_open,
    .write = pickle_write,
    .commit = pickle_commit,
    .abort = pickle_abort,
};
