/* Loading what pricer eval scores: test/train splits (JSONL or Parquet) and predictions
 * (JSONL or CSV). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval/eval.h"
#include "eval/get_price.h"
#include "io/lines.h"
#include "io/reader.h"
#include "json/json.h"
#include "out/parquet_read.h"

static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = 0;
    }
    return d;
}

static int set_push(struct pc_eval_set *s, struct pc_eval_row **row)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 256;
        struct pc_eval_row *r = realloc(s->rows, cap * sizeof *r);
        if (!r) return PC_ENOMEM;
        s->rows = r;
        s->cap = cap;
    }
    *row = &s->rows[s->n++];
    memset(*row, 0, sizeof **row);
    return PC_OK;
}

void pc_eval_set_release(struct pc_eval_set *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->rows[i].text);
        free(s->rows[i].title);
        free(s->rows[i].category);
    }
    free(s->rows);
    memset(s, 0, sizeof *s);
}

/* The first of keys[] that v has (NULL when none). */
static const struct pc_json_val *get_any(const struct pc_json_val *v, const char *const *keys)
{
    for (; *keys; keys++) {
        const struct pc_json_val *x = pc_json_get(v, *keys);
        if (x) return x;
    }
    return NULL;
}

static int is_parquet(const char *path)
{
    FILE *f = fopen(path, "rb");
    char m[4] = {0};
    int yes = f && fread(m, 1, 4, f) == 4 && memcmp(m, "PAR1", 4) == 0;
    if (f) fclose(f);
    return yes;
}

static int load_parquet(struct pc_eval_set *s, const char *path, int flags, struct pc_error *err)
{
    struct pc_parquet_table t;
    int rc = pc_parquet_read(&t, path, err);
    for (size_t i = 0; !rc && i < t.n; i++) {
        struct pc_eval_row *row;
        if (set_push(s, &row)) {
            rc = pc_error_set(err, PC_ENOMEM, "out of memory");
            break;
        }
        row->price = t.price[i];
        row->line = (int64_t)i + 1;
        pc_eval_text_key(t.text[i], t.text_len[i], row->key);
        if (flags & PC_EVAL_LOAD_TEXT) {
            row->text = dup_n(t.text[i], t.text_len[i]);
            if (!row->text) rc = pc_error_set(err, PC_ENOMEM, "out of memory");
        }
    }
    pc_parquet_table_release(&t);
    return rc;
}

/* Fails with "FILE:LINE: message". */
static int bad_line(struct pc_error *err, const char *path, int64_t line, const char *what)
{
    pc_error_at(err, path, line, -1);
    return pc_error_set(err, PC_EFORMAT, "%s", what);
}

static int load_jsonl(struct pc_eval_set *s, const char *path, int flags, struct pc_error *err)
{
    static const char *const k_price[] = {"price", "truth_price", NULL};
    static const char *const k_text[] = {"text", "test_prompt", "prompt", NULL};
    static const char *const k_title[] = {"title", "title_prefix_as_printed", NULL};
    static const char *const k_cat[] = {"category", NULL};
    struct pc_reader *r = NULL;
    struct pc_lines *ls = NULL;
    struct pc_json_doc *doc = pc_json_doc_new();
    int rc = doc ? pc_reader_open(&r, path, err) : pc_error_set(err, PC_ENOMEM, "out of memory");
    if (!rc && pc_lines_new(&ls, r, 0)) rc = pc_error_set(err, PC_ENOMEM, "out of memory");
    struct pc_line ln;
    int got;
    while (!rc && (got = pc_lines_next(ls, &ln, err)) == 1) {
        if (ln.too_long) {
            rc = bad_line(err, path, ln.line_no, "line too long");
            break;
        }
        if (ln.len == 0) continue;
        const struct pc_json_val *v;
        struct pc_error jerr;
        pc_error_clear(&jerr);
        if (pc_json_parse(doc, ln.ptr, ln.len, &v, &jerr) != PC_OK) {
            char msg[600];
            snprintf(msg, sizeof msg, "invalid JSON: %s", jerr.message);
            rc = bad_line(err, path, ln.line_no, msg);
            break;
        }
        if (v->type != PC_JSON_OBJECT) {
            rc = bad_line(err, path, ln.line_no, "expected a JSON object");
            break;
        }
        const struct pc_json_val *p = get_any(v, k_price);
        if (!p || p->type != PC_JSON_NUMBER) {
            rc = bad_line(err, path, ln.line_no, "no number \"price\" (or \"truth_price\")");
            break;
        }
        const struct pc_json_val *tx = get_any(v, k_text), *ti = get_any(v, k_title),
                                 *ca = get_any(v, k_cat);
        struct pc_eval_row *row;
        if (set_push(s, &row)) {
            rc = pc_error_set(err, PC_ENOMEM, "out of memory");
            break;
        }
        row->price = p->num;
        row->line = ln.line_no;
        if (tx && tx->type == PC_JSON_STRING) pc_eval_text_key(tx->u.str, tx->len, row->key);
        int oom = 0;
        if ((flags & PC_EVAL_LOAD_TEXT) && tx && tx->type == PC_JSON_STRING)
            oom |= !(row->text = dup_n(tx->u.str, tx->len));
        if ((flags & PC_EVAL_LOAD_TEXT) && ti && ti->type == PC_JSON_STRING)
            oom |= !(row->title = dup_n(ti->u.str, ti->len));
        if (ca && ca->type == PC_JSON_STRING) oom |= !(row->category = dup_n(ca->u.str, ca->len));
        if (oom) rc = pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    if (!rc && got < 0) rc = got;
    pc_lines_free(ls);
    pc_reader_free(r);
    pc_json_doc_free(doc);
    return rc;
}

int pc_eval_set_load(struct pc_eval_set *s, const char *path, int flags, struct pc_error *err)
{
    memset(s, 0, sizeof *s);
    return is_parquet(path) ? load_parquet(s, path, flags, err) : load_jsonl(s, path, flags, err);
}

/* ---- predictions ------------------------------------------------------------------------ */

static int preds_push(struct pc_eval_preds *p, size_t *cap, double g, int64_t line)
{
    if (p->n == *cap) {
        size_t c = *cap ? *cap * 2 : 256;
        double *ng = realloc(p->guess, c * sizeof *ng);
        if (!ng) return PC_ENOMEM;
        p->guess = ng;
        int64_t *nl = realloc(p->line, c * sizeof *nl);
        if (!nl) return PC_ENOMEM;
        p->line = nl;
        *cap = c;
    }
    p->guess[p->n] = g;
    p->line[p->n++] = line;
    return PC_OK;
}

void pc_eval_preds_release(struct pc_eval_preds *p)
{
    free(p->guess);
    free(p->line);
    memset(p, 0, sizeof *p);
}

/* Splits one CSV record (RFC 4180: "..." fields with "" for a quote) and returns the field at
 * index col in out (unquoted, NUL-terminated), or -1 when the record has fewer fields.
 * Returns the number of fields. Records spanning lines are not supported (a quote left open
 * is reported by the caller as a bad line). */
static int csv_field(const char *s, size_t n, int col, char *out, size_t cap, int *open_quote)
{
    int f = 0;
    size_t i = 0, o = 0;
    *open_quote = 0;
    out[0] = 0;
    for (;;) {
        int q = i < n && s[i] == '"';
        if (q) i++;
        while (i < n) {
            if (q && s[i] == '"') {
                if (i + 1 < n && s[i + 1] == '"') {
                    if (f == col && o + 1 < cap) out[o++] = '"';
                    i += 2;
                    continue;
                }
                q = 0;
                i++;
                continue;
            }
            if (!q && s[i] == ',') break;
            if (f == col && o + 1 < cap) out[o++] = s[i];
            i++;
        }
        if (q) *open_quote = 1;
        if (f == col) out[o] = 0;
        f++;
        if (i >= n) return f;
        i++; /* the comma */
    }
}

int pc_eval_preds_load(struct pc_eval_preds *p, const char *path, struct pc_error *err)
{
    memset(p, 0, sizeof *p);
    size_t cap = 0, plen = strlen(path);
    int csv = plen >= 4 && strcmp(path + plen - 4, ".csv") == 0;
    int decided = csv, price_col = -1;
    struct pc_reader *r = NULL;
    struct pc_lines *ls = NULL;
    struct pc_json_doc *doc = pc_json_doc_new();
    int rc = doc ? pc_reader_open(&r, path, err) : pc_error_set(err, PC_ENOMEM, "out of memory");
    if (!rc && pc_lines_new(&ls, r, 0)) rc = pc_error_set(err, PC_ENOMEM, "out of memory");
    struct pc_line ln;
    int got = 0;
    char field[512];
    while (!rc && (got = pc_lines_next(ls, &ln, err)) == 1) {
        if (ln.too_long) {
            rc = bad_line(err, path, ln.line_no, "line too long");
            break;
        }
        const char *s = ln.ptr;
        size_t n = ln.len;
        if (ln.line_no == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) s += 3, n -= 3;
        if (!decided) {
            size_t i = 0;
            while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
            csv = !(i < n && s[i] == '{');
            decided = 1;
        }
        if (csv && price_col < 0) { /* the header */
            int open;
            for (int c = 0;; c++) {
                int nf = csv_field(s, n, c, field, sizeof field, &open);
                if (c >= nf) break;
                if (strcmp(field, "price") == 0) {
                    price_col = c;
                    break;
                }
            }
            if (price_col < 0) {
                rc = bad_line(err, path, ln.line_no, "the CSV header has no \"price\" column");
                break;
            }
            continue;
        }
        if (n == 0) { /* an empty line would shift every later prediction */
            rc = bad_line(err, path, ln.line_no, "empty line (predictions are one per line)");
            break;
        }
        double g = 0;
        if (csv) {
            int open;
            int nf = csv_field(s, n, price_col, field, sizeof field, &open);
            if (open) {
                rc = bad_line(err, path, ln.line_no, "unterminated quoted CSV field");
                break;
            }
            if (nf <= price_col || pc_py_float_parse(field, strlen(field), &g) != PC_OK) {
                char msg[600];
                snprintf(msg, sizeof msg, "price '%.500s' is not a number",
                         nf <= price_col ? "" : field);
                rc = bad_line(err, path, ln.line_no, msg);
                break;
            }
        } else {
            const struct pc_json_val *v;
            struct pc_error jerr;
            pc_error_clear(&jerr);
            if (pc_json_parse(doc, s, n, &v, &jerr) != PC_OK) {
                char msg[600];
                snprintf(msg, sizeof msg, "invalid JSON: %s", jerr.message);
                rc = bad_line(err, path, ln.line_no, msg);
                break;
            }
            const struct pc_json_val *pr = pc_json_get(v, "price"),
                                     *co = pc_json_get(v, "completion");
            if (pr && pr->type == PC_JSON_NUMBER) {
                g = pr->num;
            } else if (co && co->type == PC_JSON_STRING) {
                g = pc_get_price(co->u.str, co->len);
            } else {
                rc = bad_line(err, path, ln.line_no,
                              "expected {\"price\": number} or {\"completion\": \"text\"}");
                break;
            }
        }
        if (preds_push(p, &cap, g, ln.line_no)) rc = pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    if (!rc && got < 0) rc = got;
    if (!rc && csv && price_col < 0) rc = bad_line(err, path, 1, "empty CSV file: no header");
    pc_lines_free(ls);
    pc_reader_free(r);
    pc_json_doc_free(doc);
    return rc;
}
