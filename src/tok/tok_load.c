/* pc_tok_load: reads a Hugging Face tokenizer.json (+ tokenizer_config.json beside it) and
 * builds the immutable tables of struct pc_tok: vocabulary, merges, byte ids. The spec is
 * resolved to a file by tok_hub.c; the small sections (normalizer, pre-tokenizer, decoder,
 * post-processor; components outside the BPE families are refused with PC_EUNSUPPORTED and
 * their name) are read by tok_sections.c; added tokens and the decode table by tok_added.c. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json/json.h"
#include "text/utf8.h"
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

/* ---- vocabulary, added tokens, merges ---- */

/* Model vocabulary: the encodable bytes of every id (byte-level strings mapped back to raw
 * bytes) and the bytes -> id map. */
static int load_model_vocab(struct pc_tok *tok, const struct pc_json_val *vocab,
                            const int16_t *byte_of_char, const char *path, struct pc_error *err)
{
    uint64_t max_id = 0;
    for (uint32_t i = 0; i < vocab->len; i++) {
        const struct pc_json_val *v = &vocab->u.members[i].val;
        /* written so that NaN fails too (our JSON reader accepts NaN, as Python's does) */
        if (v->type != PC_JSON_NUMBER || !(v->num >= 0 && v->num <= 16777216.0) ||
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
    if (!rc) rc = tok_load_sections(tok, root, tok->path, err);
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
    int rc = tok_load_sections(tok, root, path, err);
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
    int rc = tok_resolve(spec, opts ? opts->env : NULL, path, sizeof path, err);
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
