/* The small sections of tokenizer.json (contract of tok_load_sections in tok_internal.h):
 * model options, normalizer, pre-tokenizer steps, decoder and post-processor, each refused
 * with PC_EUNSUPPORTED and its name when pricer lacks it. SentencePiece-style normalizers
 * and decoders are tok_norm.c / tok_decoders.c, general Split / Metaspace tok_split.c,
 * post-processors tok_post.c. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json/json.h"
#include "tok/pretok.h"
#include "tok/tok_internal.h"

static int is_nonempty_str(const struct pc_json_val *v)
{
    return v && v->type == PC_JSON_STRING && v->len > 0;
}

static int load_model(struct pc_tok *tok, const struct pc_json_val *model, const char *path,
                      struct pc_error *err)
{
    if (!model || model->type != PC_JSON_OBJECT)
        return pc_error_set(err, PC_EFORMAT, "'%s' has no \"model\" object", path);
    const char *type = tok_jstr(pc_json_get(model, "type"));
    if (!type) type = pc_json_get(model, "merges") ? "BPE" : "(none)";
    if (strcmp(type, "BPE") != 0) return tok_unsupported(err, path, "model", type);
    tok->byte_fallback = tok_json_true(pc_json_get(model, "byte_fallback"));
    tok->fuse_unk = tok_json_true(pc_json_get(model, "fuse_unk"));
    const char *unk = tok_jstr(pc_json_get(model, "unk_token"));
    free(tok->unk_name);
    tok->unk_name = unk ? strdup(unk) : NULL;
    if (unk && !tok->unk_name) return pc_error_set(err, PC_ENOMEM, "out of memory");
    const struct pc_json_val *d = pc_json_get(model, "dropout");
    if (d && d->type == PC_JSON_NUMBER && d->num > 0)
        return tok_unsupported(err, path, "model option", "BPE dropout");
    if (is_nonempty_str(pc_json_get(model, "continuing_subword_prefix")))
        return tok_unsupported(err, path, "model option", "BPE continuing_subword_prefix");
    if (is_nonempty_str(pc_json_get(model, "end_of_word_suffix")))
        return tok_unsupported(err, path, "model option", "BPE end_of_word_suffix");
    tok->ignore_merges = tok_json_true(pc_json_get(model, "ignore_merges"));
    return PC_OK;
}

static int load_normalizer(struct pc_tok *tok, const struct pc_json_val *n, const char *path,
                           struct pc_error *err)
{
    if (!n || n->type == PC_JSON_NULL) return PC_OK;
    const char *type = tok_jstr(pc_json_get(n, "type"));
    if (!type) return pc_error_set(err, PC_EFORMAT, "'%s': normalizer without a type", path);
    if (!strcmp(type, "NFC")) {
        tok->normalizer = TOK_NORM_NFC;
        return PC_OK;
    }
    if (!strcmp(type, "Sequence")) {
        const struct pc_json_val *list = pc_json_get(n, "normalizers");
        if (!list || list->type != PC_JSON_ARRAY)
            return pc_error_set(err, PC_EFORMAT, "'%s': normalizer Sequence without a list", path);
        for (uint32_t i = 0; i < list->len; i++) {
            const char *t = tok_jstr(pc_json_get(&list->u.items[i], "type"));
            if (!t || strcmp(t, "NFC") != 0 || list->len > 1)
                return tok_norm_load(tok, n, path, err);
            tok->normalizer = TOK_NORM_NFC;
        }
        return PC_OK;
    }
    return tok_norm_load(tok, n, path, err); /* tok_sp.c: Prepend, Replace, Sequence... */
}

static int add_step(struct pc_tok *tok, struct tok_step st, const char *path, struct pc_error *err)
{
    if (tok->n_steps >= TOK_MAX_STEPS)
        return tok_unsupported(err, path, "pre-tokenizer", "Sequence longer than 8");
    tok->steps[tok->n_steps++] = st;
    return PC_OK;
}

static int load_pretok(struct pc_tok *tok, const struct pc_json_val *p, const char *path,
                       struct pc_error *err, int depth)
{
    if (!p || p->type == PC_JSON_NULL) return PC_OK;
    const char *type = tok_jstr(pc_json_get(p, "type"));
    if (!type) return pc_error_set(err, PC_EFORMAT, "'%s': pre_tokenizer without a type", path);
    struct tok_step st = {0};
    if (!strcmp(type, "Sequence") && depth < 4) {
        const struct pc_json_val *list = pc_json_get(p, "pretokenizers");
        if (!list || list->type != PC_JSON_ARRAY)
            return pc_error_set(err, PC_EFORMAT, "'%s': pre-tokenizer Sequence without a list",
                                path);
        for (uint32_t i = 0; i < list->len; i++) {
            int rc = load_pretok(tok, &list->u.items[i], path, err, depth + 1);
            if (rc) return rc;
        }
        return PC_OK;
    }
    if (!strcmp(type, "Split")) {
        const struct pc_json_val *pat = pc_json_get(p, "pattern");
        const char *re = tok_jstr(pc_json_get(pat, "Regex"));
        const char *beh = tok_jstr(pc_json_get(p, "behavior"));
        int invert = tok_json_true(pc_json_get(p, "invert"));
        if (!beh) beh = "(none)";
        /* The known patterns cover every character, so there are no gaps between matches:
         * Isolated keeps each match, Removed with invert keeps each match too. Anything else
         * (literal, other regex, other behavior) takes the general path of tok_split.c. */
        enum pc_pretok_kind kind;
        if (!re ||
            !((!strcmp(beh, "Isolated") && !invert) || (!strcmp(beh, "Removed") && invert)) ||
            pc_pretok_kind_from_regex(re, &kind) != PC_OK) {
            st.type = TOK_STEP_SPLIT_GENERAL;
            int rc = tok_gsplit_load(p, type, &st.arg, path, err);
            if (!rc && (rc = add_step(tok, st, path, err))) tok_gsplit_free(st.arg);
            return rc;
        }
        st.type = TOK_STEP_SPLIT;
        st.kind = (int)kind;
        return add_step(tok, st, path, err);
    }
    if (!strcmp(type, "ByteLevel")) {
        /* HF ByteLevel: optional prefix space on each current piece, then (use_regex, the
         * default) the GPT-2 split; the byte-to-character mapping itself is implicit since
         * pricer keeps raw bytes. */
        int rc = PC_OK;
        if (tok_json_true(pc_json_get(p, "add_prefix_space"))) {
            st.type = TOK_STEP_PREFIX_SPACE;
            rc = add_step(tok, st, path, err);
        }
        const struct pc_json_val *ur = pc_json_get(p, "use_regex");
        if (!rc && (!ur || tok_json_true(ur))) {
            st.type = TOK_STEP_SPLIT;
            st.kind = PC_PRETOK_GPT2;
            rc = add_step(tok, st, path, err);
        }
        tok->has_bytelevel = 1;
        return rc;
    }
    if (!strcmp(type, "Metaspace")) {
        st.type = TOK_STEP_SPLIT_GENERAL;
        int rc = tok_gsplit_load(p, type, &st.arg, path, err);
        if (!rc && (rc = add_step(tok, st, path, err))) tok_gsplit_free(st.arg);
        return rc;
    }
    if (!strcmp(type, "Digits")) {
        st.type = TOK_STEP_SPLIT;
        st.kind = tok_json_true(pc_json_get(p, "individual_digits")) ? PC_PRETOK_DIGITS_INDIVIDUAL
                                                                     : PC_PRETOK_DIGITS;
        return add_step(tok, st, path, err);
    }
    return tok_unsupported(err, path, "pre-tokenizer", type);
}

static int load_decoder(struct pc_tok *tok, const struct pc_json_val *d, const char *path,
                        struct pc_error *err)
{
    const char *type = tok_jstr(pc_json_get(d, "type"));
    if (!d || d->type == PC_JSON_NULL) return tok_unsupported(err, path, "decoder", "(none)");
    if (!tok->has_bytelevel) {
        if (type && !strcmp(type, "ByteLevel"))
            return tok_unsupported(err, path, "decoder",
                                   "ByteLevel without a ByteLevel pre-tokenizer");
        return tok_dec_load(tok, d, path, err); /* tok_sp.c */
    }
    if (type && !strcmp(type, "ByteLevel")) return PC_OK;
    if (type && !strcmp(type, "Sequence")) {
        const struct pc_json_val *list = pc_json_get(d, "decoders");
        if (list && list->type == PC_JSON_ARRAY) {
            for (uint32_t i = 0; i < list->len; i++) {
                const char *t = tok_jstr(pc_json_get(&list->u.items[i], "type"));
                if (!t || strcmp(t, "ByteLevel") != 0)
                    return tok_unsupported(err, path, "decoder", t ? t : "(none)");
            }
            if (list->len == 1) return PC_OK;
        }
    }
    return tok_unsupported(err, path, "decoder", type ? type : "(none)");
}

/* The small sections: model options, normalizer, pre-tokenizer, decoder, post-processor. root is
 * the whole tokenizer.json, or the small JSON of a compiled image (the same document without
 * model.vocab and model.merges). */
int tok_load_sections(struct pc_tok *tok, const struct pc_json_val *root, const char *path,
                      struct pc_error *err)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    tok->serial = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
    int rc;
    if ((rc = load_model(tok, pc_json_get(root, "model"), path, err)) ||
        (rc = load_normalizer(tok, pc_json_get(root, "normalizer"), path, err)) ||
        (rc = load_pretok(tok, pc_json_get(root, "pre_tokenizer"), path, err, 0)) ||
        (rc = load_decoder(tok, pc_json_get(root, "decoder"), path, err)) ||
        (rc = tok_post_load(tok, pc_json_get(root, "post_processor"), path, err)))
        return rc;
    /* No ByteLevel step: a SentencePiece-style BPE over raw UTF-8 strings (tok_sp.c). */
    tok->char_mode = !tok->has_bytelevel;
    return PC_OK;
}
