#define _GNU_SOURCE
#include "report/records.h"

#include <errno.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

const char *const pc_rec_field_names[PC_RF_COUNT] = {"category",    "title",       "price",
                                                     "token_count", "parent_asin", "prompt",
                                                     "test_prompt", "source",      "text"};

int pc_rlines_open(struct pc_rlines *r, const char *path, size_t max_line, struct pc_error *err)
{
    memset(r, 0, sizeof *r);
    r->path = path;
    r->max_line = max_line ? max_line : (size_t)256 << 20;
    gzFile gz = strcmp(path, "-") == 0 ? gzdopen(dup(0), "rb") : gzopen(path, "rb");
    if (!gz) {
        return pc_error_set(err, PC_EIO, "cannot open '%s': %s", path,
                            errno ? strerror(errno) : "out of memory");
    }
    gzbuffer(gz, 1 << 17);
    r->gz = gz;
    return PC_OK;
}

int pc_rlines_next(struct pc_rlines *r, const char **line, size_t *len, struct pc_error *err)
{
    for (;;) {
        char *nl = r->pos < r->len ? memchr(r->buf + r->pos, '\n', r->len - r->pos) : NULL;
        if (nl || (r->eof && r->pos < r->len)) {
            size_t end = nl ? (size_t)(nl - r->buf) : r->len;
            *line = r->buf + r->pos;
            *len = end - r->pos;
            r->bytes += *len + (nl ? 1 : 0);
            if (*len && (*line)[*len - 1] == '\r') (*len)--;
            r->pos = nl ? end + 1 : r->len;
            r->line_no++;
            return 1;
        }
        if (r->eof) return 0;
        /* compact, grow, read more */
        if (r->pos > 0) {
            memmove(r->buf, r->buf + r->pos, r->len - r->pos);
            r->len -= r->pos;
            r->pos = 0;
        }
        if (r->len > r->max_line) {
            pc_error_at(err, r->path, r->line_no + 1, -1);
            return pc_error_set(err, PC_ETOOBIG, "line longer than %zu bytes", r->max_line);
        }
        if (r->cap - r->len < (1 << 16)) {
            size_t cap = r->cap ? r->cap * 2 : (1 << 20);
            char *nb = realloc(r->buf, cap);
            if (!nb) return pc_error_set(err, PC_ENOMEM, "out of memory");
            r->buf = nb;
            r->cap = cap;
        }
        int n = gzread((gzFile)r->gz, r->buf + r->len, (unsigned)(r->cap - r->len));
        if (n < 0) {
            int zerr;
            const char *m = gzerror((gzFile)r->gz, &zerr);
            pc_error_at(err, r->path, r->line_no + 1, -1);
            return pc_error_set(err, PC_EIO, "read error: %s", m);
        }
        if (n == 0) r->eof = 1;
        r->len += (size_t)n;
    }
}

void pc_rlines_close(struct pc_rlines *r)
{
    if (r->gz) gzclose((gzFile)r->gz);
    free(r->buf);
    memset(r, 0, sizeof *r);
}

int pc_rec_parse(struct pc_json_doc *doc, const char *line, size_t len, struct pc_rec *r,
                 struct pc_error *err)
{
    memset(r, 0, sizeof *r);
    const struct pc_json_val *root;
    int rc = pc_json_parse(doc, line, len, &root, err);
    if (rc) return rc;
    if (root->type != PC_JSON_OBJECT) return pc_error_set(err, PC_EFORMAT, "not a JSON object");
    for (int f = 0; f < PC_RF_COUNT; f++) {
        const struct pc_json_val *v = pc_json_get(root, pc_rec_field_names[f]);
        uint8_t st = PC_RS_OK;
        if (!v)
            st = PC_RS_MISSING;
        else if (v->type == PC_JSON_NULL)
            st = PC_RS_NULL;
        else if (f == PC_RF_PRICE) {
            if (v->type != PC_JSON_NUMBER || !isfinite(v->num))
                st = PC_RS_BADTYPE;
            else
                r->price = v->num;
        } else if (f == PC_RF_TOKENS) {
            if (v->type != PC_JSON_NUMBER || v->num_kind != PC_JSON_INT)
                st = PC_RS_BADTYPE;
            else
                r->token_count = (int64_t)v->num;
        } else if (v->type != PC_JSON_STRING) {
            st = PC_RS_BADTYPE;
        } else {
            r->str[f].s = v->u.str;
            r->str[f].len = v->len;
            if (v->len == 0) st = PC_RS_EMPTY;
        }
        r->state[f] = st;
    }
    return PC_OK;
}

void pc_rec_body(const char *p, size_t n, const char **body, size_t *body_len)
{
    static const char q[] = "?\n\n";
    size_t start = 0, end = n;
    /* the question is one line ending "?", followed by a blank line */
    const char *nn = memmem(p, n, q, 3);
    const char *first_nl = memchr(p, '\n', n);
    if (nn && first_nl == nn + 1) start = (size_t)(nn - p) + 3;
    static const char pr[] = "\n\nPrice is $";
    const char *m = memmem(p + start, n - start, pr, sizeof pr - 1);
    if (m)
        end = (size_t)(m - p);
    else if (n - start >= 10 && memcmp(p + n - 10, "Price is $", 10) == 0)
        end = n - 10;
    *body = p + start;
    *body_len = end > start ? end - start : 0;
}

int pc_rec_scan(const char *path, pc_rec_fn rec, pc_rec_bad_fn bad, void *ctx, struct pc_error *err)
{
    struct pc_rlines rl;
    int rc = pc_rlines_open(&rl, path, 0, err);
    if (rc) return rc;
    struct pc_json_doc *doc = pc_json_doc_new();
    if (!doc) {
        pc_rlines_close(&rl);
        return pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    const char *line;
    size_t len;
    while ((rc = pc_rlines_next(&rl, &line, &len, err)) == 1) {
        size_t k = 0;
        while (k < len && (line[k] == ' ' || line[k] == '\t')) k++;
        if (k == len) continue;
        struct pc_rec r;
        struct pc_error perr;
        pc_error_clear(&perr);
        if (pc_rec_parse(doc, line, len, &r, &perr)) {
            char msg[600];
            snprintf(msg, sizeof msg, "%s%s", perr.message[0] ? perr.message : "invalid JSON",
                     perr.byte_offset >= 0 ? " " : "");
            if (perr.byte_offset >= 0)
                snprintf(msg + strlen(msg), sizeof msg - strlen(msg), "at byte %lld",
                         (long long)perr.byte_offset + 1);
            rc = bad ? bad(ctx, rl.line_no, msg) : 0;
        } else {
            rc = rec(ctx, &r, rl.line_no);
        }
        if (rc) break;
    }
    pc_json_doc_free(doc);
    pc_rlines_close(&rl);
    return rc < 0 || rc > 1 ? rc : PC_OK;
}
