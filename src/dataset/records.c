#define _GNU_SOURCE
#include "dataset/records.h"

#include <errno.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "io/lines.h"
#include "io/reader.h"

const char *const pc_rec_field_names[PC_RF_COUNT] = {"category",    "title",       "price",
                                                     "token_count", "parent_asin", "prompt",
                                                     "test_prompt", "source",      "text"};

int pc_rec_parse_more(struct pc_json_doc *doc, const char *line, size_t len, struct pc_rec *r,
                      struct pc_error *err)
{
    memset(r, 0, sizeof *r);
    const struct pc_json_val *root;
    int rc = pc_json_parse_more(doc, line, len, &root, err);
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

int pc_rec_parse(struct pc_json_doc *doc, const char *line, size_t len, struct pc_rec *r,
                 struct pc_error *err)
{
    pc_json_doc_clear(doc); /* as pc_json_parse does */
    return pc_rec_parse_more(doc, line, len, r, err);
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

int pc_rec_blank(const char *line, size_t len)
{
    size_t k = 0;
    while (k < len && (line[k] == ' ' || line[k] == '\t')) k++;
    return k == len;
}

void pc_rec_bad_message(const struct pc_error *perr, char *msg, size_t n)
{
    snprintf(msg, n, "%s%s", perr->message[0] ? perr->message : "invalid JSON",
             perr->byte_offset >= 0 ? " " : "");
    if (perr->byte_offset >= 0)
        snprintf(msg + strlen(msg), n - strlen(msg), "at byte %lld",
                 (long long)perr->byte_offset + 1);
}

int pc_rec_scan(const char *path, pc_rec_fn rec, pc_rec_bad_fn bad, void *ctx, struct pc_error *err)
{
    struct pc_reader *rd = NULL;
    struct pc_lines *ls = NULL;
    int rc = pc_reader_open(&rd, path, err);
    if (rc) return rc;
    struct pc_json_doc *doc = pc_json_doc_new();
    if (!doc || pc_lines_new(&ls, rd, (size_t)256 << 20) != PC_OK) {
        pc_json_doc_free(doc);
        pc_reader_free(rd);
        return pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    struct pc_line ln;
    while ((rc = pc_lines_next(ls, &ln, err)) == 1) {
        if (ln.too_long) {
            pc_error_at(err, path, ln.line_no, -1);
            rc = pc_error_set(err, PC_ETOOBIG, "line of %llu bytes is longer than the limit",
                              (unsigned long long)ln.len);
            break;
        }
        const char *line = ln.ptr;
        size_t len = ln.len;
        if (pc_rec_blank(line, len)) continue;
        struct pc_rec r;
        struct pc_error perr;
        pc_error_clear(&perr);
        if (pc_rec_parse(doc, line, len, &r, &perr)) {
            char msg[600];
            pc_rec_bad_message(&perr, msg, sizeof msg);
            rc = bad ? bad(ctx, ln.line_no, msg) : 0;
        } else {
            rc = rec(ctx, &r, ln.line_no);
        }
        if (rc) break;
    }
    if (rc < 0 && !err->file[0]) pc_error_at(err, path, -1, -1);
    pc_json_doc_free(doc);
    pc_lines_free(ls);
    pc_reader_free(rd);
    return rc < 0 || rc > 1 ? rc : PC_OK;
}
