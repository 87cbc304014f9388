/* pc_tok_load: reads a Hugging Face tokenizer.json (+ tokenizer_config.json beside it) and
 * builds the immutable tables of struct pc_tok. Components outside the BPE families (see
 * tok.h) are refused with PC_EUNSUPPORTED and a message naming them. SentencePiece-style
 * components live in tok_sp.c, general Split / Metaspace in tok_split.c, added tokens and the
 * decode table in tok_added.c. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "json/json.h"
#include "text/nfc.h"
#include "text/utf8.h"
#include "tok/pretok.h"
#include "tok/tok_internal.h"

/* GPT-2's bytes_to_unicode: printable bytes map to themselves, the 68 others to U+0100.. in
 * byte order. byte_of_char is its inverse over U+0000..U+0143 (-1 = not in the table). */
static void bytelevel_tables(uint16_t char_of_byte[256], int16_t byte_of_char[0x144])
{
    int next = 256;
    for (int b = 0; b < 256; b++) {
        int printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174);
        char_of_byte[b] = (uint16_t)(printable ? b : next++);
    }
    for (int c = 0; c < 0x144; c++) byte_of_char[c] = -1;
    for (int b = 0; b < 256; b++) byte_of_char[char_of_byte[b]] = (int16_t)b;
}

/* Maps a byte-level token string back to raw bytes. Returns 1 and appends to out when every
 * character is in the table; 0 (nothing appended) otherwise. */
int tok_bytelevel_unmap(const int16_t *byte_of_char, const char *s, size_t n, struct pc_buf *out,
                        int *rc)
{
    if (!byte_of_char) return !(*rc = pc_buf_append(out, s, n)); /* SentencePiece: raw strings */
    size_t start = out->len;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int valid;
        i += pc_utf8_decode((const unsigned char *)s + i, n - i, &cp, &valid);
        if (!valid || cp >= 0x144 || byte_of_char[cp] < 0) {
            out->len = start;
            return 0;
        }
        if ((*rc = pc_buf_putc(out, (char)byte_of_char[cp]))) return 0;
    }
    return 1;
}

static int read_file(const char *path, char **data, size_t *len, struct pc_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return pc_error_set(err, errno == ENOENT ? PC_ENOTFOUND : PC_EIO, "cannot open '%s': %s",
                            path, strerror(errno));
    struct pc_buf b;
    pc_buf_init(&b, (size_t)1 << 31);
    char chunk[1 << 16];
    size_t k;
    int rc = PC_OK;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
        if ((rc = pc_buf_append(&b, chunk, k))) break;
    int bad = ferror(f);
    fclose(f);
    if (rc || bad) {
        pc_buf_release(&b);
        if (bad) return pc_error_set(err, PC_EIO, "cannot read '%s': %s", path, strerror(errno));
        return pc_error_set(err, rc, "cannot read '%s': %s", path, pc_strerror(rc));
    }
    if (!b.data && (rc = pc_buf_reserve(&b, 1))) return pc_error_set(err, rc, "out of memory");
    *data = b.data;
    *len = b.len;
    return PC_OK;
}

int tok_unsupported(struct pc_error *err, const char *path, const char *what, const char *name)
{
    return pc_error_set(err, PC_EUNSUPPORTED,
                        "unsupported tokenizer component in '%s': %s '%s' (pricer supports "
                        "BPE tokenizers: byte-level or SentencePiece-style)",
                        path, what, name);
}

int tok_json_true(const struct pc_json_val *v)
{
    return v && v->type == PC_JSON_TRUE;
}

static int is_nonempty_str(const struct pc_json_val *v)
{
    return v && v->type == PC_JSON_STRING && v->len > 0;
}

/* ---- components ---- */

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

/* ---- vocabulary, added tokens, merges ---- */

/* Model vocabulary: the encodable bytes of every id (byte-level strings mapped back to raw
 * bytes) and the bytes -> id map. */
static int load_model_vocab(struct pc_tok *tok, const struct pc_json_val *vocab,
                            const int16_t *byte_of_char, const char *path, struct pc_error *err)
{
    uint64_t max_id = 0;
    for (uint32_t i = 0; i < vocab->len; i++) {
        const struct pc_json_val *v = &vocab->u.members[i].val;
        if (v->type != PC_JSON_NUMBER || v->num < 0 || v->num > 16777216.0 ||
            v->num != (uint32_t)v->num)
            return pc_error_set(err, PC_EFORMAT, "'%s': vocab entry %u has an invalid id", path, i);
        if ((uint64_t)v->num + 1 > max_id) max_id = (uint64_t)v->num + 1;
    }
    tok->n_ids = (uint32_t)max_id;
    tok->enc = calloc(max_id + 1, sizeof *tok->enc);
    struct pc_buf enc;
    pc_buf_init(&enc, 0);
    int rc = tok->enc ? pc_buf_reserve(&enc, (size_t)vocab->len * 8) : PC_ENOMEM;
    for (uint32_t i = 0; i < vocab->len && !rc; i++) {
        const struct pc_json_member *m = &vocab->u.members[i];
        uint32_t id = (uint32_t)m->val.num;
        size_t at = enc.len;
        tok->enc[id].len = 0;
        if (tok_bytelevel_unmap(byte_of_char, m->key, m->key_len, &enc, &rc)) {
            tok->enc[id].off = (uint32_t)at;
            tok->enc[id].len = (uint32_t)(enc.len - at);
        }
    }
    if (!rc && !(tok->enc_blob = pc_buf_detach(&enc, NULL))) rc = PC_ENOMEM;
    pc_buf_release(&enc);
    if (!rc) rc = tok_strmap_build(tok);
    if (rc) return pc_error_set(err, rc, "cannot load '%s': %s", path, pc_strerror(rc));
    return PC_OK;
}

static int merge_id(const struct pc_tok *tok, const int16_t *byte_of_char, const char *s, size_t n,
                    uint32_t *id, struct pc_buf *tmp)
{
    int rc = PC_OK;
    pc_buf_reset(tmp);
    if (!tok_bytelevel_unmap(byte_of_char, s, n, tmp, &rc)) return rc ? rc : PC_ENOTFOUND;
    *id = tok_vocab_find(tok, tmp->data, tmp->len);
    return *id == TOK_NO_ID ? PC_ENOTFOUND : PC_OK;
}

static int load_merges(struct pc_tok *tok, const struct pc_json_val *model,
                       const int16_t *byte_of_char, const char *path, struct pc_error *err)
{
    const struct pc_json_val *merges = pc_json_get(model, "merges");
    uint32_t n = merges && merges->type == PC_JSON_ARRAY ? merges->len : 0;
    int rc = tok_mergemap_init(&tok->merges, n);
    if (rc) return pc_error_set(err, rc, "out of memory loading '%s'", path);
    struct pc_buf tmp, cat;
    pc_buf_init(&tmp, 0);
    pc_buf_init(&cat, 0);
    for (uint32_t r = 0; r < n && !rc; r++) {
        const struct pc_json_val *m = &merges->u.items[r];
        const char *a, *b;
        size_t na, nb;
        if (m->type == PC_JSON_STRING) {
            const char *sp = memchr(m->u.str, ' ', m->len);
            if (!sp || memchr(sp + 1, ' ', m->len - (size_t)(sp + 1 - m->u.str))) goto bad;
            a = m->u.str, na = (size_t)(sp - m->u.str);
            b = sp + 1, nb = m->len - na - 1;
        } else if (m->type == PC_JSON_ARRAY && m->len == 2 &&
                   m->u.items[0].type == PC_JSON_STRING && m->u.items[1].type == PC_JSON_STRING) {
            a = m->u.items[0].u.str, na = m->u.items[0].len;
            b = m->u.items[1].u.str, nb = m->u.items[1].len;
        } else {
            goto bad;
        }
        uint32_t ia, ib, im;
        pc_buf_reset(&cat);
        if ((rc = pc_buf_append(&cat, a, na)) || (rc = pc_buf_append(&cat, b, nb))) break;
        if (merge_id(tok, byte_of_char, a, na, &ia, &tmp) ||
            merge_id(tok, byte_of_char, b, nb, &ib, &tmp) ||
            merge_id(tok, byte_of_char, cat.data, cat.len, &im, &tmp)) {
            rc = pc_error_set(err, PC_EFORMAT, "'%s': merge %u uses a token missing from the vocab",
                              path, r);
            break;
        }
        tok_mergemap_put(&tok->merges, ia, ib, r, im);
        continue;
    bad:
        rc = pc_error_set(err, PC_EFORMAT, "'%s': merge %u is not a pair of tokens", path, r);
    }
    pc_buf_release(&tmp);
    pc_buf_release(&cat);
    return rc;
}

/* ---- finding the file ---- */

/* A readable regular file (checked without opening it: the file is opened once, to load). */
static int is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode) && access(p, R_OK) == 0;
}

static int is_dir(const char *p);

/* Resolves spec to a tokenizer.json path (out) and the folder holding it (dir). */
static int resolve(const char *spec, const struct pc_tok_env *env, char *out, size_t cap,
                   struct pc_error *err)
{
    if ((!spec || !*spec) && env) spec = env->tokenizer;
    char installed[4096];
    if ((!spec || !*spec) && pc_tok_installed_default(installed, sizeof installed) == PC_OK)
        spec = installed;
#ifdef PC_DEFAULT_TOKENIZER
    if (!spec || !*spec) {
        spec = PC_DEFAULT_TOKENIZER;
        if (!is_file(spec))
            return pc_error_set(err, PC_ENOTFOUND,
                                "default tokenizer '%s' not found; run ./setup.sh or pass "
                                "--tokenizer PATH",
                                spec);
    }
#endif
    if (!spec || !*spec)
        return pc_error_set(err, PC_ENOTFOUND,
                            "no tokenizer configured; run ./setup.sh or pass --tokenizer PATH");
    if (is_dir(spec)) {
        if ((size_t)snprintf(out, cap, "%s/tokenizer.json", spec) >= cap)
            return pc_error_set(err, PC_EINVAL, "tokenizer path too long");
        if (!is_file(out))
            return pc_error_set(err, PC_ENOTFOUND, "no tokenizer.json in folder '%s'", spec);
        return PC_OK;
    }
    if (is_file(spec)) {
        if ((size_t)snprintf(out, cap, "%s", spec) >= cap)
            return pc_error_set(err, PC_EINVAL, "tokenizer path too long");
        return PC_OK;
    }
    const char *slash = strchr(spec, '/');
    if (slash && slash != spec && !strchr(slash + 1, '/') && slash[1] && spec[0] != '.' &&
        tok_find_hub(spec, env, out, cap) == PC_OK)
        return PC_OK;
    return pc_error_set(err, PC_ENOTFOUND,
                        "cannot open tokenizer '%s': no such file, folder or model in the "
                        "Hugging Face cache",
                        spec);
}

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int read_config(struct pc_tok *tok, const char *path)
{
    char cfg[4200];
    const char *slash = strrchr(path, '/');
    int dl = slash ? (int)(slash - path) : 1;
    snprintf(cfg, sizeof cfg, "%.*s/tokenizer_config.json", dl, slash ? path : ".");
    char *data;
    size_t len;
    if (read_file(cfg, &data, &len, NULL)) return PC_OK; /* optional */
    const struct pc_json_val *root;
    struct pc_json_doc *doc = pc_json_doc_new();
    if (doc && pc_json_parse(doc, data, len, &root, NULL) == PC_OK)
        tok->cleanup = tok_json_true(pc_json_get(root, "clean_up_tokenization_spaces"));
    pc_json_doc_free(doc);
    free(data);
    return PC_OK;
}

/* The small sections: model options, normalizer, pre-tokenizer, decoder, post-processor. root is
 * the whole tokenizer.json, or the small JSON of a compiled image (the same document without
 * model.vocab and model.merges). */
static int load_sections(struct pc_tok *tok, const struct pc_json_val *root, const char *path,
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

/* After load_added (and, on the JSON path, build_decode, which needs every added token before
 * index_added filters them): the index of the added tokens and the byte ids. Run by both load
 * paths: whatever is derived from the vocabulary and not stored in the image belongs here. */
static int finish(struct pc_tok *tok, const char *path, struct pc_error *err)
{
    int rc = tok_index_added(tok);
    if (rc) return pc_error_set(err, rc, "out of memory loading '%s'", path);
    tok->unk_id = TOK_NO_ID;
    if (tok->char_mode) { /* byte-fallback tokens, unk, where words may be cut (tok_sp.c) */
        for (int b = 0; b < 256; b++) {
            char name[8];
            snprintf(name, sizeof name, "<0x%02X>", b);
            tok->fallback_id[b] = tok_vocab_find(tok, name, 6);
            tok->byte_id[b] = TOK_NO_ID;
        }
        if (tok->unk_name &&
            (tok->unk_id = tok_vocab_find(tok, tok->unk_name, strlen(tok->unk_name))) == TOK_NO_ID)
            return pc_error_set(err, PC_EFORMAT, "'%s': unk_token '%.40s' is not in the vocabulary",
                                path, tok->unk_name);
        tok_sp_prepare(tok);
        return PC_OK;
    }
    for (int b = 0; b < 256; b++) {
        unsigned char c = (unsigned char)b;
        tok->byte_id[b] = tok_vocab_find(tok, &c, 1);
        if (tok->byte_id[b] == TOK_NO_ID)
            return pc_error_set(err, PC_EUNSUPPORTED,
                                "'%s': the vocabulary lacks the byte-level token of byte 0x%02x",
                                path, b);
    }
    return PC_OK;
}

int tok_load_from_small(struct pc_tok *tok, const char *small, size_t len, struct pc_error *err)
{
    struct pc_json_doc *doc = pc_json_doc_new();
    if (!doc) return pc_error_set(err, PC_ENOMEM, "out of memory");
    const struct pc_json_val *root;
    uint16_t char_of_byte[256];
    int16_t byte_of_char[0x144];
    bytelevel_tables(char_of_byte, byte_of_char);
    int rc = pc_json_parse(doc, small, len, &root, err);
    if (rc || root->type != PC_JSON_OBJECT)
        rc = pc_error_set(err, PC_EFORMAT, "compiled image of '%s': bad small JSON", tok->path);
    if (!rc) rc = load_sections(tok, root, tok->path, err);
    if (!rc)
        rc = tok_load_added(tok, pc_json_get(root, "added_tokens"), NULL,
                            tok->char_mode ? NULL : byte_of_char, tok->path, err);
    if (!rc) rc = finish(tok, tok->path, err);
    pc_json_doc_free(doc);
    return rc;
}

/* Builds tok from the parsed tokenizer.json root. */
static int load_json(struct pc_tok *tok, const struct pc_json_val *root, const char *path,
                     struct pc_error *err)
{
    if (root->type != PC_JSON_OBJECT)
        return pc_error_set(err, PC_EFORMAT, "'%s' is not a tokenizer.json object", path);
    uint16_t char_of_byte[256];
    int16_t byte_of_char[0x144];
    bytelevel_tables(char_of_byte, byte_of_char);
    const struct pc_json_val *model = pc_json_get(root, "model");
    int rc = load_sections(tok, root, path, err);
    if (rc) return rc;
    const int16_t *unmap = tok->char_mode ? NULL : byte_of_char; /* NULL: raw strings */
    const struct pc_json_val *vocab = pc_json_get(model, "vocab");
    if (!vocab || vocab->type != PC_JSON_OBJECT)
        return pc_error_set(err, PC_EFORMAT, "'%s': model has no \"vocab\" object", path);
    tok->model_size = vocab->len;
    if ((rc = load_model_vocab(tok, vocab, unmap, path, err)) ||
        (rc = tok_load_added(tok, pc_json_get(root, "added_tokens"), vocab, unmap, path, err)) ||
        (rc = tok_build_decode(tok, vocab, unmap, path, err)) || (rc = finish(tok, path, err)))
        return rc;
    return load_merges(tok, model, unmap, path, err);
}

/* Maps (or, for files mmap refuses, reads) the whole file. *mapped tells which to undo. */
static int map_file(const char *path, char **data, size_t *len, int *mapped, struct pc_error *err)
{
    *mapped = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
        void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p != MAP_FAILED) {
            close(fd);
            *data = p;
            *len = (size_t)st.st_size;
            *mapped = 1;
            return PC_OK;
        }
    }
    if (fd >= 0) close(fd);
    return read_file(path, data, len, err);
}

int pc_tok_load_env(const char *spec, const struct pc_tok_env *env, struct pc_tok **out,
                    struct pc_error *err)
{
    struct pc_tok_load_opts o = {NULL, env};
    return pc_tok_load_ex(spec, &o, out, err);
}

int pc_tok_load_ex(const char *spec, const struct pc_tok_load_opts *opts, struct pc_tok **out,
                   struct pc_error *err)
{
    *out = NULL;
    char path[4096];
    int rc = resolve(spec, opts ? opts->env : NULL, path, sizeof path, err);
    if (rc) return rc;
    char *data = NULL;
    size_t len = 0;
    int mapped = 0;
    if ((rc = map_file(path, &data, &len, &mapped, err))) return rc;
    const char *cache = opts && opts->cache_dir && *opts->cache_dir ? opts->cache_dir : NULL;
    struct pc_json_doc *doc = NULL;
    struct pc_tok *tok = calloc(1, sizeof *tok);
    unsigned char key[32];
    int state = PC_TOK_IMAGE_NONE;
    if (!tok || !(tok->path = strdup(path))) {
        rc = pc_error_set(err, PC_ENOMEM, "out of memory loading '%s'", path);
        goto done;
    }
    if (cache) {
        if ((rc = tok_image_key(data, len, key))) goto done;
        int r = tok_image_open(tok, cache, key);
        if (r == PC_OK) {
            state = PC_TOK_IMAGE_LOADED;
            goto config;
        }
        state = r == PC_ENOTFOUND ? PC_TOK_IMAGE_WRITTEN : PC_TOK_IMAGE_REBUILT;
        /* Start again from a clean struct: the image may have been half applied. */
        pc_tok_free(tok);
        if (!(tok = calloc(1, sizeof *tok)) || !(tok->path = strdup(path))) {
            rc = pc_error_set(err, PC_ENOMEM, "out of memory loading '%s'", path);
            goto done;
        }
    }
    const struct pc_json_val *root;
    if (!(doc = pc_json_doc_new())) {
        rc = pc_error_set(err, PC_ENOMEM, "out of memory loading '%s'", path);
        goto done;
    }
    if ((rc = pc_json_parse(doc, data, len, &root, err))) {
        char msg[sizeof err->message];
        snprintf(msg, sizeof msg, "%s", err ? err->message : "");
        pc_error_set(err, PC_EFORMAT, "'%s' is not valid JSON: %s", path, msg);
        rc = PC_EFORMAT;
        goto done;
    }
    if ((rc = load_json(tok, root, path, err))) goto done;
    if (cache && tok_image_write(tok, cache, key, root) != PC_OK) state = PC_TOK_IMAGE_UNSAVED;
config:
    tok->image_state = state;
    read_config(tok, path);
done:
    if (mapped)
        munmap(data, len);
    else
        free(data);
    pc_json_doc_free(doc);
    if (rc) {
        pc_tok_free(tok);
        return rc;
    }
    *out = tok;
    return PC_OK;
}

int pc_tok_load(const char *spec, struct pc_tok **out, struct pc_error *err)
{
    return pc_tok_load_ex(spec, NULL, out, err);
}

int pc_tok_image_state(const struct pc_tok *tok)
{
    return tok->image_state;
}

void pc_tok_free(struct pc_tok *tok)
{
    if (!tok) return;
    free(tok->path);
    if (tok->img) {
        munmap(tok->img, tok->img_len);
    } else {
        free(tok->dec_off);
        free(tok->present);
        free(tok->dec_blob);
        free(tok->enc);
        free(tok->enc_blob);
        free(tok->vocab.slots);
        tok_mergemap_release(&tok->merges);
        free(tok->added_ids);
    }
    free(tok->added);
    free(tok->added_blob);
    tok_norm_free(tok->norm_ops);
    free(tok->unk_name);
    tok_nadded_free(tok->nadded);
    tok_dec_free(tok->dec_ops);
    tok_post_free(tok->post);
    for (int i = 0; i < tok->n_steps; i++)
        if (tok->steps[i].type == TOK_STEP_SPLIT_GENERAL) tok_gsplit_free(tok->steps[i].arg);
    free(tok);
}

const char *pc_tok_path(const struct pc_tok *tok)
{
    return tok->path;
}

size_t pc_tok_vocab_size(const struct pc_tok *tok)
{
    return tok->vocab_count;
}

int pc_tok_cleanup_default(const struct pc_tok *tok)
{
    return tok->cleanup;
}
