/* Joining test/train rows with items files by prompt text, for categories and titles. */
#include <stdlib.h>
#include <string.h>

#include "eval/eval.h"
#include "io/lines.h"
#include "io/reader.h"
#include "json/json.h"

void pc_eval_text_key(const char *s, size_t n, uint64_t key[2])
{
    uint64_t a = 0xcbf29ce484222325ULL, b = 0x9e3779b97f4a7c15ULL ^ n;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        a = (a ^ c) * 0x100000001b3ULL; /* FNV-1a */
        b = (b + c + 1) * 0xff51afd7ed558ccdULL;
        b ^= b >> 29;
    }
    key[0] = a;
    key[1] = b ^ (b >> 32);
}

struct ref {
    uint64_t key[2];
    struct pc_eval_row *row;
    int titles;
};

static int cmp_ref(const void *x, const void *y)
{
    const struct ref *a = x, *b = y;
    if (a->key[0] != b->key[0]) return a->key[0] < b->key[0] ? -1 : 1;
    if (a->key[1] != b->key[1]) return a->key[1] < b->key[1] ? -1 : 1;
    return 0;
}

static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = 0;
    }
    return d;
}

/* Gives every row keyed like text the item's category / title. */
static int apply(struct ref *refs, size_t nref, const struct pc_json_val *text,
                 const struct pc_json_val *cat, const struct pc_json_val *title, size_t *matched)
{
    if (!text || text->type != PC_JSON_STRING) return PC_OK;
    struct ref probe;
    pc_eval_text_key(text->u.str, text->len, probe.key);
    struct ref *r = bsearch(&probe, refs, nref, sizeof *refs, cmp_ref);
    if (!r) return PC_OK;
    while (r > refs && cmp_ref(r - 1, &probe) == 0) r--;
    for (; r < refs + nref && cmp_ref(r, &probe) == 0; r++) {
        struct pc_eval_row *row = r->row;
        int hit = 0;
        if (!row->category && cat && cat->type == PC_JSON_STRING) {
            if (!(row->category = dup_n(cat->u.str, cat->len))) return PC_ENOMEM;
            hit = 1;
        }
        if (r->titles && !row->title && title && title->type == PC_JSON_STRING) {
            if (!(row->title = dup_n(title->u.str, title->len))) return PC_ENOMEM;
            hit = 1;
        }
        if (hit) ++*matched;
    }
    return PC_OK;
}

int pc_eval_join_items(struct pc_eval_set *const *sets, const int *set_titles, size_t nsets,
                       const char *const *items, size_t nitems, size_t *matched,
                       struct pc_error *err)
{
    size_t nref = 0, hits = 0;
    for (size_t k = 0; k < nsets; k++) nref += sets[k]->n;
    struct ref *refs = malloc((nref ? nref : 1) * sizeof *refs);
    struct pc_json_doc *doc = pc_json_doc_new();
    if (!refs || !doc) {
        free(refs);
        pc_json_doc_free(doc);
        return pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    nref = 0;
    for (size_t k = 0; k < nsets; k++)
        for (size_t i = 0; i < sets[k]->n; i++) {
            struct pc_eval_row *row = &sets[k]->rows[i];
            if (!row->key[0] && !row->key[1]) continue;
            refs[nref++] = (struct ref){{row->key[0], row->key[1]}, row, set_titles[k]};
        }
    qsort(refs, nref, sizeof *refs, cmp_ref);
    int rc = PC_OK;
    for (size_t f = 0; f < nitems && !rc; f++) {
        struct pc_reader *r = NULL;
        struct pc_lines *ls = NULL;
        rc = pc_reader_open(&r, items[f], err);
        if (!rc && pc_lines_new(&ls, r, 0)) rc = pc_error_set(err, PC_ENOMEM, "out of memory");
        struct pc_line ln;
        int got = 0;
        while (!rc && (got = pc_lines_next(ls, &ln, err)) == 1) {
            const struct pc_json_val *v;
            if (ln.too_long || pc_json_parse(doc, ln.ptr, ln.len, &v, NULL) != PC_OK ||
                v->type != PC_JSON_OBJECT)
                continue;
            const struct pc_json_val *cat = pc_json_get(v, "category"),
                                     *title = pc_json_get(v, "title");
            rc = apply(refs, nref, pc_json_get(v, "test_prompt"), cat, title, &hits);
            if (!rc) rc = apply(refs, nref, pc_json_get(v, "prompt"), cat, title, &hits);
            if (rc) rc = pc_error_set(err, PC_ENOMEM, "out of memory");
        }
        if (!rc && got < 0) rc = got;
        pc_lines_free(ls);
        pc_reader_free(r);
    }
    if (matched) *matched = hits;
    free(refs);
    pc_json_doc_free(doc);
    return rc;
}
