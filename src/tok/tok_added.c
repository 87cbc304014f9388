/* Added tokens (ids as Hugging Face assigns them, the raw-text match index) and the decode
 * table of every id: the part of pc_tok_load that follows the vocabulary (tok_load.c). */
#include <stdlib.h>
#include <string.h>

#include "json/json.h"
#include "text/utf8.h"
#include "tok/tok_internal.h"

/* Added tokens get ids as HF's AddedVocabulary::add_tokens gives them when it deserialises
 * tokenizer.json (the "id" fields are not used): the model's id when the content is a model
 * vocab entry, else the next id after max(model vocab size - 1, largest added id so far). Then
 * the decode bytes of every id: byte-level strings mapped back to bytes, or the raw UTF-8 of a
 * string with characters outside the byte-level table (HF's ByteLevel decoder does that);
 * added tokens take precedence (HF consults them first). */
int tok_load_added(struct pc_tok *tok, const struct pc_json_val *added,
                   const struct pc_json_val *vocab, const int16_t *byte_of_char, const char *path,
                   struct pc_error *err)
{
    uint32_t n_added = added && added->type == PC_JSON_ARRAY ? added->len : 0;
    uint32_t model_size = tok->model_size;
    int rc = PC_OK;
    struct pc_buf tmp;
    pc_buf_init(&tmp, 0);
    tok->added = calloc(n_added ? n_added : 1, sizeof *tok->added);
    if (!tok->added) rc = PC_ENOMEM;
    if (!tok->img) { /* kept for the image (tok_image.c) */
        tok->added_ids = calloc(n_added ? n_added : 1, sizeof *tok->added_ids);
        tok->n_added_ids = n_added;
        if (!tok->added_ids) rc = PC_ENOMEM;
    }
    uint32_t n_raw = 0, *raw_keys = NULL; /* vocab members without encodable bytes */
    if (vocab && byte_of_char && n_added && !tok->img) {
        for (uint32_t i = 0; i < vocab->len; i++)
            n_raw += tok->enc[(uint32_t)vocab->u.members[i].val.num].len == 0;
        raw_keys = malloc((n_raw ? n_raw : 1) * sizeof *raw_keys);
        if (!raw_keys) rc = PC_ENOMEM;
        n_raw = 0;
        for (uint32_t i = 0; i < vocab->len && raw_keys; i++)
            if (tok->enc[(uint32_t)vocab->u.members[i].val.num].len == 0) raw_keys[n_raw++] = i;
    }
    int64_t max_added = -1;
    for (uint32_t i = 0; i < n_added && !rc; i++) {
        const struct pc_json_val *a = &added->u.items[i];
        const struct pc_json_val *c = pc_json_get(a, "content");
        if (!c || c->type != PC_JSON_STRING) {
            rc = pc_error_set(err, PC_EFORMAT, "'%s': added token %u has no content", path, i);
            break;
        }
        /* From an image: the id the JSON load gave this entry (no vocabulary JSON here). */
        uint32_t id = tok->img && i < tok->n_added_ids ? tok->added_ids[i] : TOK_NO_ID;
        if (tok->img && (n_added != tok->n_added_ids || id >= tok->n_ids)) {
            rc = pc_error_set(err, PC_EFORMAT, "compiled image of '%s': added token ids", path);
            break;
        }
        if (id == TOK_NO_ID)
            for (uint32_t k = 0; k < tok->n_added; k++)
                if (tok->added[k].len == c->len && !memcmp(tok->added[k].bytes, c->u.str, c->len))
                    id = tok->added[k].id;
        pc_buf_reset(&tmp);
        if (id == TOK_NO_ID && tok_bytelevel_unmap(byte_of_char, c->u.str, c->len, &tmp, &rc))
            id = tok_vocab_find(tok, tmp.data ? tmp.data : "", tmp.len);
        if (rc) break;
        /* HF looks the content up among the vocab's strings: a key that is not a byte-level
         * string (DeepSeek V3's "<｜begin▁of▁sentence｜>") has no encodable bytes here. */
        for (uint32_t k = 0; id == TOK_NO_ID && k < n_raw; k++) {
            const struct pc_json_member *m = &vocab->u.members[raw_keys[k]];
            if (m->key_len == c->len && !memcmp(m->key, c->u.str, c->len))
                id = (uint32_t)m->val.num;
        }
        if (id == TOK_NO_ID) {
            if (max_added < 0)
                id = model_size;
            else
                id = (uint64_t)max_added >= model_size ? (uint32_t)max_added + 1 : model_size;
        }
        if (id >= 16777216u) {
            rc = pc_error_set(err, PC_EFORMAT, "'%s': too many added tokens", path);
            break;
        }
        if ((int64_t)id > max_added) max_added = id;
        if (!tok->img) tok->added_ids[i] = id;
        struct tok_added *t = &tok->added[tok->n_added++];
        t->bytes = c->u.str; /* re-pointed into added_blob by index_added */
        t->len = c->len;
        t->id = id;
        t->special = (uint8_t)tok_json_true(pc_json_get(a, "special"));
        t->lstrip = (uint8_t)tok_json_true(pc_json_get(a, "lstrip"));
        t->rstrip = (uint8_t)tok_json_true(pc_json_get(a, "rstrip"));
        t->single_word = (uint8_t)tok_json_true(pc_json_get(a, "single_word"));
        t->normalized = (uint8_t)tok_json_true(pc_json_get(a, "normalized"));
        if (t->normalized && tok->normalizer != TOK_NORM_NONE)
            rc = tok_unsupported(err, path, "added token option", "normalized (with a normalizer)");
    }
    if (rc) goto out;
    uint32_t n = tok->n_ids;
    if (max_added >= 0 && (uint32_t)max_added + 1 > n) n = (uint32_t)max_added + 1;
    if (n > tok->n_ids && tok->img) {
        rc = pc_error_set(err, PC_EFORMAT, "compiled image of '%s' has too few ids", path);
    } else if (n > tok->n_ids) {
        struct tok_span32 *e = realloc(tok->enc, ((size_t)n + 1) * sizeof *e);
        if (!e) {
            rc = PC_ENOMEM;
            goto out;
        }
        memset(e + tok->n_ids, 0, ((size_t)n + 1 - tok->n_ids) * sizeof *e);
        tok->enc = e;
        tok->n_ids = n;
    }
out:
    free(raw_keys);
    pc_buf_release(&tmp);
    if (rc && rc != PC_EUNSUPPORTED && rc != PC_EFORMAT)
        return pc_error_set(err, rc, "cannot load '%s': %s", path, pc_strerror(rc));
    return rc;
}

/* The decode bytes of every id (see load_added); needs the vocabulary and the added tokens. */
int tok_build_decode(struct pc_tok *tok, const struct pc_json_val *vocab,
                     const int16_t *byte_of_char, const char *path, struct pc_error *err)
{
    int rc = PC_OK;
    uint32_t n = tok->n_ids;
    struct pc_buf dec, tmp;
    pc_buf_init(&dec, 0);
    pc_buf_init(&tmp, 0);
    uint32_t *dec_len = NULL, *dec_start = NULL;
    tok->present = calloc((size_t)n + 1, 1);
    tok->dec_off = calloc((size_t)n + 1, sizeof(uint32_t));
    dec_len = calloc((size_t)n + 1, sizeof(uint32_t));
    dec_start = calloc((size_t)n + 1, sizeof(uint32_t));
    if (!tok->present || !tok->dec_off || !dec_len || !dec_start ||
        pc_buf_reserve(&dec, (size_t)vocab->len * 8)) {
        rc = PC_ENOMEM;
        goto out;
    }
    for (uint32_t i = 0; i < vocab->len && !rc; i++) {
        const struct pc_json_member *m = &vocab->u.members[i];
        uint32_t id = (uint32_t)m->val.num;
        dec_start[id] = (uint32_t)dec.len;
        if (tok->enc[id].len)
            rc = pc_buf_append(&dec, tok->enc_blob + tok->enc[id].off, tok->enc[id].len);
        else
            rc = pc_buf_append(&dec, m->key, m->key_len); /* HF: raw bytes when unmappable */
        dec_len[id] = (uint32_t)(dec.len - dec_start[id]);
        tok->present[id] = 1;
    }
    for (uint32_t i = 0; i < tok->n_added && !rc; i++) {
        const struct tok_added *t = &tok->added[i];
        dec_start[t->id] = (uint32_t)dec.len;
        if (t->normalized && tok->norm_ops) { /* HF decodes such a token as its normalized form */
            if (!(rc = tok_norm_apply(tok, t->bytes, t->len, &tmp)))
                rc = pc_buf_append(&dec, tmp.data, tmp.len);
        } else if (!tok_bytelevel_unmap(byte_of_char, t->bytes, t->len, &dec, &rc) && !rc) {
            rc = pc_buf_append(&dec, t->bytes, t->len);
        }
        dec_len[t->id] = (uint32_t)(dec.len - dec_start[t->id]);
        tok->present[t->id] = 2;
    }
    if (rc) goto out;
    size_t total = 0;
    for (uint32_t id = 0; id < n; id++) total += dec_len[id];
    if (total > UINT32_MAX || !(tok->dec_blob = malloc(total ? total : 1))) {
        rc = PC_ENOMEM;
        goto out;
    }
    uint32_t o = 0;
    for (uint32_t id = 0; id < n; id++) {
        tok->dec_off[id] = o;
        if (dec_len[id]) memcpy(tok->dec_blob + o, dec.data + dec_start[id], dec_len[id]);
        o += dec_len[id];
    }
    tok->dec_off[n] = o;
    for (uint32_t id = 0; id < n; id++) tok->vocab_count += tok->present[id] != 0;
out:
    pc_buf_release(&tmp);
    free(dec_len);
    free(dec_start);
    pc_buf_release(&dec);
    if (rc && rc != PC_EUNSUPPORTED && rc != PC_EFORMAT)
        return pc_error_set(err, rc, "cannot load '%s': %s", path, pc_strerror(rc));
    return rc;
}

static int cmp_added(const void *a, const void *b)
{
    const struct tok_added *x = a, *y = b;
    unsigned char fx = (unsigned char)x->bytes[0], fy = (unsigned char)y->bytes[0];
    if (fx != fy) return fx < fy ? -1 : 1;
    if (x->len != y->len) return x->len > y->len ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Copies added-token contents out of the JSON document and indexes them by first byte. */
int tok_index_added(struct pc_tok *tok)
{
    /* Tokens with normalized true behind a normalizer are matched in the normalized text
     * (tok_sp.c) and leave the raw-text table; an empty token never matches. */
    if (tok->norm_ops && tok_nadded_build(tok)) return PC_ENOMEM;
    uint32_t k = 0;
    for (uint32_t i = 0; i < tok->n_added; i++)
        if (tok->added[i].len && !(tok->added[i].normalized && tok->norm_ops))
            tok->added[k++] = tok->added[i];
    tok->n_added = k;
    size_t total = 0;
    for (uint32_t i = 0; i < tok->n_added; i++) total += tok->added[i].len;
    tok->added_blob = malloc(total + 1);
    if (!tok->added_blob) return PC_ENOMEM;
    size_t o = 0;
    for (uint32_t i = 0; i < tok->n_added; i++) {
        memcpy(tok->added_blob + o, tok->added[i].bytes, tok->added[i].len);
        tok->added[i].bytes = tok->added_blob + o;
        o += tok->added[i].len;
    }
    qsort(tok->added, tok->n_added, sizeof *tok->added, cmp_added);
    uint32_t i = 0;
    for (int b = 0; b < 256; b++) {
        tok->added_first[b] = i;
        while (i < tok->n_added && (unsigned char)tok->added[i].bytes[0] == b) i++;
        tok->added_start[b] = i > tok->added_first[b];
        if (tok->added_start[b]) tok->added_nfirst++, tok->added_one_first = b;
    }
    tok->added_first[256] = i;
    return PC_OK;
}
