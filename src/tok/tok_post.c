/* Post-processors of tokenizer.json (contracts in tok_internal.h), for a single sequence as
 * Hugging Face tokenizers (0.2x) applies them with add_special_tokens=True: TemplateProcessing,
 * BertProcessing, RobertaProcessing, ByteLevel (offsets only: no change to the ids) and
 * Sequence.
 *
 * HF passes a list of encodings from processor to processor and merges it at the end: a
 * template turns its input (one sequence, or two for its pair template) into one encoding per
 * piece; Bert wraps the first encoding in cls ... sep and appends sep to each other one;
 * Roberta wraps the first in cls ... sep and each other one in sep ... sep. The same is done
 * here once, at load time, on a list of segments whose items are special ids and a marker for
 * the text's ids; the merged result is a prefix, the text's ids and a suffix.
 *
 * A post-processor pricer lacks does not fail the load (encoding without special tokens never
 * runs it, as in HF); it is remembered and named when special tokens are asked for
 * (pc_tok_post_check). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json/json.h"
#include "tok/tok_internal.h"

#define POST_MAX 64         /* items (special ids + markers) and segments, all processors */
#define POST_TEXT TOK_NO_ID /* item standing for the text's ids */

struct tok_post {
    uint32_t ids[POST_MAX]; /* pre[0..n_pre) then post[0..n_post) */
    uint32_t n_pre, n_post;
    char unsupported[512]; /* non-empty: why pricer cannot apply it (an error message) */
};

/* The list of encodings HF's processors pass along: segment k is it[end[k-1] .. end[k]). */
struct segs {
    uint32_t it[POST_MAX];
    uint32_t end[POST_MAX];
    uint32_t n_it, n_seg;
};

void tok_post_free(struct tok_post *p)
{
    free(p);
}

static int too_many(const char *path, struct pc_error *err)
{
    return tok_unsupported(err, path, "post-processor", "more than 64 special tokens");
}

/* Appends items v[0..n) to the last segment of d. */
static int put(struct segs *d, const uint32_t *v, uint32_t n, const char *path,
               struct pc_error *err)
{
    if (d->n_it + n > POST_MAX) return too_many(path, err);
    memcpy(d->it + d->n_it, v, n * sizeof *v);
    d->n_it += n;
    d->end[d->n_seg - 1] = d->n_it;
    return PC_OK;
}

static int new_seg(struct segs *d, const char *path, struct pc_error *err)
{
    if (d->n_seg == POST_MAX) return too_many(path, err);
    d->end[d->n_seg++] = d->n_it;
    return PC_OK;
}

static uint32_t seg_start(const struct segs *s, uint32_t k)
{
    return k ? s->end[k - 1] : 0;
}

static int json_id(const struct pc_json_val *v, uint32_t *id)
{
    if (!v || v->type != PC_JSON_NUMBER || !(v->num >= 0 && v->num < 4294967295.0) || /* NaN */
        v->num != (uint32_t)v->num)
        return 0;
    *id = (uint32_t)v->num;
    return 1;
}

/* BertProcessing / RobertaProcessing: "cls": [token, id], "sep": [token, id]. */
static int apply_cls_sep(struct segs *s, const struct pc_json_val *n, const char *type,
                         const char *path, struct pc_error *err)
{
    const struct pc_json_val *cls = pc_json_get(n, "cls"), *sep = pc_json_get(n, "sep");
    uint32_t c, e;
    if (!cls || cls->type != PC_JSON_ARRAY || cls->len != 2 || !json_id(&cls->u.items[1], &c) ||
        !sep || sep->type != PC_JSON_ARRAY || sep->len != 2 || !json_id(&sep->u.items[1], &e))
        return pc_error_set(err, PC_EFORMAT, "'%s': post-processor %s without [token, id] cls/sep",
                            path, type);
    int roberta = type[0] == 'R';
    struct segs d = {0};
    int rc = PC_OK;
    for (uint32_t k = 0; k < s->n_seg && !rc; k++) {
        uint32_t a = seg_start(s, k);
        if (!(rc = new_seg(&d, path, err)) && (k == 0 || roberta))
            rc = put(&d, k == 0 ? &c : &e, 1, path, err);
        if (!rc) rc = put(&d, s->it + a, s->end[k] - a, path, err);
        if (!rc) rc = put(&d, &e, 1, path, err);
    }
    if (!rc) *s = d;
    return rc;
}

/* TemplateProcessing: the "single" template (one input segment) or the "pair" one (two), a
 * list of {"SpecialToken": {"id": NAME}} (NAME's ids from "special_tokens") and
 * {"Sequence": {"id": "A" | "B"}}; one output segment per piece. */
static int apply_template(struct segs *s, const struct pc_json_val *n, const char *path,
                          struct pc_error *err)
{
    if (s->n_seg > 2)
        return tok_unsupported(err, path, "post-processor",
                               "TemplateProcessing after one giving more than two sequences");
    const char *which = s->n_seg == 1 ? "single" : "pair";
    const struct pc_json_val *tpl = pc_json_get(n, which);
    const struct pc_json_val *specials = pc_json_get(n, "special_tokens");
    if (!tpl || tpl->type != PC_JSON_ARRAY)
        return pc_error_set(err, PC_EFORMAT, "'%s': TemplateProcessing without a %s template", path,
                            which);
    struct segs d = {0};
    int rc = PC_OK;
    for (uint32_t i = 0; i < tpl->len && !rc; i++) {
        const struct pc_json_val *piece = &tpl->u.items[i];
        const struct pc_json_val *seq = pc_json_get(piece, "Sequence");
        const char *name = tok_jstr(pc_json_get(pc_json_get(piece, "SpecialToken"), "id"));
        if ((rc = new_seg(&d, path, err))) break;
        if (seq) {
            const char *ab = tok_jstr(pc_json_get(seq, "id"));
            uint32_t k = ab && !strcmp(ab, "A") ? 0 : ab && !strcmp(ab, "B") ? 1 : 2;
            if (k >= s->n_seg)
                return pc_error_set(err, PC_EFORMAT,
                                    "'%s': TemplateProcessing %s template: bad sequence id", path,
                                    which);
            rc = put(&d, s->it + seg_start(s, k), s->end[k] - seg_start(s, k), path, err);
            continue;
        }
        const struct pc_json_val *list =
            pc_json_get(pc_json_get(specials, name ? name : ""), "ids");
        if (!name || !list || list->type != PC_JSON_ARRAY)
            return pc_error_set(err, PC_EFORMAT,
                                "'%s': TemplateProcessing piece %u: no special token with ids",
                                path, i + 1);
        for (uint32_t k = 0; k < list->len && !rc; k++) {
            uint32_t id;
            if (!json_id(&list->u.items[k], &id))
                return pc_error_set(err, PC_EFORMAT,
                                    "'%s': TemplateProcessing special token '%.60s': bad id", path,
                                    name);
            rc = put(&d, &id, 1, path, err);
        }
    }
    if (!rc) *s = d;
    return rc;
}

static int post_add(struct segs *s, const struct pc_json_val *n, const char *path,
                    struct pc_error *err, int depth)
{
    if (!n || n->type == PC_JSON_NULL) return PC_OK;
    const char *type = tok_jstr(pc_json_get(n, "type"));
    if (!type) return pc_error_set(err, PC_EFORMAT, "'%s': post_processor without a type", path);
    if (!strcmp(type, "Sequence") && depth < 4) {
        const struct pc_json_val *list = pc_json_get(n, "processors");
        if (!list || list->type != PC_JSON_ARRAY)
            return pc_error_set(err, PC_EFORMAT, "'%s': post-processor Sequence without a list",
                                path);
        for (uint32_t i = 0; i < list->len; i++) {
            int rc = post_add(s, &list->u.items[i], path, err, depth + 1);
            if (rc) return rc;
        }
        return PC_OK;
    }
    if (!strcmp(type, "ByteLevel")) return PC_OK; /* trims offsets; the ids stay */
    if (!strcmp(type, "TemplateProcessing")) return apply_template(s, n, path, err);
    if (!strcmp(type, "BertProcessing") || !strcmp(type, "RobertaProcessing"))
        return apply_cls_sep(s, n, type, path, err);
    return tok_unsupported(err, path, "post-processor", type);
}

int tok_post_load(struct pc_tok *tok, const struct pc_json_val *n, const char *path,
                  struct pc_error *err)
{
    if (!n || n->type == PC_JSON_NULL) return PC_OK;
    struct tok_post *p = calloc(1, sizeof *p);
    if (!p) return pc_error_set(err, PC_ENOMEM, "out of memory");
    struct pc_error e;
    pc_error_clear(&e);
    struct segs s = {.it = {POST_TEXT}, .end = {1}, .n_it = 1, .n_seg = 1};
    int rc = post_add(&s, n, path, &e, 0);
    uint32_t at = 0, marks = 0;
    for (uint32_t i = 0; i < s.n_it; i++)
        if (s.it[i] == POST_TEXT) marks++, at = i;
    if (!rc && marks != 1)
        rc = tok_unsupported(&e, path, "post-processor",
                             marks ? "a template repeating the sequence"
                                   : "a template without the sequence");
    if (rc == PC_EUNSUPPORTED) { /* kept for pc_tok_post_check; the load goes on */
        snprintf(p->unsupported, sizeof p->unsupported, "%s", e.message);
        rc = PC_OK;
    } else if (!rc) {
        memcpy(p->ids, s.it, at * sizeof *s.it);
        memcpy(p->ids + at, s.it + at + 1, (s.n_it - at - 1) * sizeof *s.it);
        p->n_pre = at;
        p->n_post = s.n_it - at - 1;
    }
    if (rc) {
        free(p);
        if (err) *err = e;
        return rc;
    }
    tok->post = p;
    return PC_OK;
}

int pc_tok_post_check(const struct pc_tok *tok, struct pc_error *err)
{
    if (!tok->post || !tok->post->unsupported[0]) return PC_OK;
    return pc_error_set(err, PC_EUNSUPPORTED, "%s, needed to add special tokens",
                        tok->post->unsupported);
}

int pc_tok_encode_ex(const struct pc_tok *tok, struct pc_tok_scratch *s, const char *text,
                     size_t len, unsigned flags, struct pc_ids *out)
{
    const struct tok_post *p = tok->post;
    if (!(flags & PC_TOK_ADD_SPECIAL) || !p) return pc_tok_encode(tok, s, text, len, out);
    if (p->unsupported[0]) return PC_EUNSUPPORTED;
    size_t start = out->len;
    int rc = PC_OK;
    for (uint32_t i = 0; i < p->n_pre && !rc; i++) rc = tok_ids_push(out, p->ids[i]);
    if (!rc) rc = pc_tok_encode(tok, s, text, len, out);
    for (uint32_t i = 0; i < p->n_post && !rc; i++) rc = tok_ids_push(out, p->ids[p->n_pre + i]);
    if (rc) out->len = start;
    return rc;
}
