/* Private layout of a loaded tokenizer, shared by the files of src/tok/ (not installed, not
 * included outside src/tok/). Everything here is immutable after pc_tok_load. */
#ifndef PC_TOK_TOK_INTERNAL_H
#define PC_TOK_TOK_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/error.h"
#include "json/json.h"
#include "tok/tok.h"

#define TOK_NO_ID UINT32_MAX

/* Open-addressing hash from byte strings to ids. Keys are the byte strings of tokens stored in
 * enc_blob; a slot holds (high 32 bits of the hash) << 32 | (id + 1), 0 = empty, so that a
 * probe touches the token bytes only when the fingerprint matches. */
struct tok_strmap {
    uint64_t *slots;
    uint32_t mask;
};

/* Where the encodable bytes of one id live in enc_blob (len 0 = not encodable). */
struct tok_span32 {
    uint32_t off, len;
};

/* Merge table: (left id, right id) -> (rank, merged id), open addressing on the packed pair.
 * rank is the index in the merges list (a later duplicate overrides, as HF's HashMap). */
struct tok_merge_slot {
    uint64_t key; /* (left << 32 | right) + 1; 0 = empty */
    uint32_t rank;
    uint32_t merged;
};
struct tok_mergemap {
    struct tok_merge_slot *slots;
    uint64_t mask;
    uint32_t *merged_of_rank; /* rank -> merged id (for HF's staleness check) */
    uint32_t n;
};

/* One added token (special or not), matched in raw text. */
struct tok_added {
    const char *bytes; /* content as UTF-8 (points into blob) */
    uint32_t len;
    uint32_t id;
    uint8_t special, lstrip, rstrip, single_word, normalized;
};

/* One step of the flattened pre-tokenizer Sequence: a split of every current piece by a
 * pretok scanner (Split regex, Digits, ByteLevel use_regex), or ByteLevel's add_prefix_space
 * (a space before each piece that does not start with one). */
enum tok_step_type {
    TOK_STEP_SPLIT,
    TOK_STEP_PREFIX_SPACE,
    TOK_STEP_SPLIT_GENERAL /* tok_split.c: Split regex/literal, Metaspace (arg owns it) */
};
struct tok_step {
    int type;               /* enum tok_step_type */
    int kind;               /* SPLIT: enum pc_pretok_kind */
    struct tok_gsplit *arg; /* SPLIT_GENERAL: owned, freed by tok_gsplit_free */
};

#define TOK_MAX_STEPS 8

enum tok_normalizer { TOK_NORM_NONE, TOK_NORM_NFC };

struct pc_tok {
    char *path; /* tokenizer.json actually loaded */
    int cleanup;
    int image_state;     /* enum pc_tok_image_state */
    uint64_t serial;     /* load time (ns): a scratch bound to a freed tokenizer that had the
                          * same address is reset all the same (tok_encode.c) */
    void *img;           /* non-NULL: the heavy tables below live in this mapped image */
    size_t img_len;      /* (tok_image.c); pc_tok_free unmaps it instead of freeing them */
    uint32_t model_size; /* entries of model.vocab (first id HF gives an added token) */
    uint32_t *added_ids; /* id of each added_tokens entry in file order (image section) */
    uint32_t n_added_ids;

    /* Per id (0 .. n_ids-1): the bytes the decoder produces for it. off[id] .. off[id+1] in
     * blob; an id that exists nowhere has present[id] == 0. */
    uint32_t n_ids;
    uint32_t *dec_off;  /* n_ids + 1 entries */
    uint8_t *present;   /* 1 model vocab, 2 added token (added wins in decode, as HF) */
    size_t vocab_count; /* ids present */
    char *dec_blob;

    /* Model vocabulary (byte-level strings turned back into raw bytes) for encoding. */
    struct tok_span32 *enc; /* per id */
    char *enc_blob;
    struct tok_strmap vocab;
    uint32_t byte_id[256]; /* id of each single byte, TOK_NO_ID when missing */

    struct tok_mergemap merges;
    int ignore_merges;

    struct tok_added *added; /* sorted by first byte, then by length descending */
    uint32_t n_added;
    uint32_t added_first[257]; /* added[added_first[b] .. added_first[b+1]) start with b */
    uint8_t added_start[256];  /* 1 if some added token starts with this byte */
    int added_nfirst;          /* number of distinct first bytes */
    int added_one_first;       /* that byte when added_nfirst == 1 */
    char *added_blob;

    int normalizer; /* enum tok_normalizer */

    /* SentencePiece-style tokenizers (no ByteLevel step; tok_sp.c): vocabulary keys are raw
     * UTF-8, BPE starts from characters, unknown characters fall back to <0xXX> byte tokens
     * or unk. norm_ops (Prepend/Replace/NFC/NFD/NFKC/NFKD) replace normalizer when set; dec_ops is
     * the decoder chain (NULL = the ByteLevel decoder). */
    int char_mode, byte_fallback, fuse_unk;
    uint32_t unk_id;
    char *unk_name; /* model.unk_token, resolved to unk_id by finish() in tok_load.c */
    uint32_t fallback_id[256];
    struct tok_norm_ops *norm_ops;
    struct tok_dec_ops *dec_ops;
    /* Words: a piece may be cut before a U+2581 that follows a character other than U+2581 and
     * the sp_glue ones (no vocabulary token spans such a cut), then BPE runs per word through
     * a cache. Set by tok_sp_prepare when ignore_merges is off. */
    int sp_split, sp_nglue;
    uint32_t sp_glue[16];
    /* Added tokens with normalized true behind norm_ops, matched in the normalized text by
     * their normalized content (tok_nadded_at); NULL when there are none. */
    struct tok_nadded *nadded;
    int has_bytelevel;
    /* The post-processor's special ids around a single sequence (tok_post.c); NULL when
     * tokenizer.json has none. */
    struct tok_post *post;
    struct tok_step steps[TOK_MAX_STEPS];
    int n_steps;
};

/* Hash of a byte string (fast, decent mixing). */
uint64_t tok_hash(const void *p, size_t n);

/* Builds the vocab string map over enc_* of tok. PC_ENOMEM on failure. */
int tok_strmap_build(struct pc_tok *tok);
/* Id of bytes p[0..n) in the model vocabulary, or TOK_NO_ID. */
uint32_t tok_vocab_find(const struct pc_tok *tok, const void *p, size_t n);

/* Merge table: create with room for n merges; add (overrides); look up. */
int tok_mergemap_init(struct tok_mergemap *m, uint32_t n);
void tok_mergemap_release(struct tok_mergemap *m);
void tok_mergemap_put(struct tok_mergemap *m, uint32_t left, uint32_t right, uint32_t rank,
                      uint32_t merged);
const struct tok_merge_slot *tok_mergemap_get(const struct tok_mergemap *m, uint32_t left,
                                              uint32_t right);

/* Per-thread BPE working memory (grows as needed, kept between calls). */
struct tok_bpe_work {
    struct tok_sym *sym;
    uint64_t *heap;
    size_t sym_cap, heap_cap;
};
void tok_bpe_work_release(struct tok_bpe_work *w);

/* BPE of one pre-token p[0..n) (raw bytes), exactly as HF's Word::merge_all (heap of
 * (rank, position), stale entries skipped). Appends ids to out. ignore_merges is honoured. */
int tok_bpe_piece(const struct pc_tok *tok, struct tok_bpe_work *w, const unsigned char *p,
                  size_t n, struct pc_ids *out);

/* ---- compiled images (tok_image.c) ----
 * An image holds the heavy tables of a loaded tokenizer (dec_off, present, dec_blob, enc,
 * enc_blob, vocab slots, merge slots, merged_of_rank, added_ids) plus the "small JSON":
 * tokenizer.json without model.vocab and model.merges, which tok_load_from_small re-parses with the
 * same code as the full file (so every component option is honoured identically). */

/* SHA-256 of the tokenizer.json bytes: the image key. */
int tok_image_key(const void *json, size_t len, unsigned char key[32]);
/* Maps <cache_dir>/<image name of key>, validates it and fills tok (path set, everything else
 * zero) from it. PC_ENOTFOUND: no image; any other error: the image is unusable (truncated,
 * corrupt, other format) and must be rebuilt; tok is then in an unspecified state. */
int tok_image_open(struct pc_tok *tok, const char *cache_dir, const unsigned char key[32]);
/* Attaches an image already mapped at img[0..len) (takes ownership: munmap'd by pc_tok_free,
 * also on failure). verify: 1 checks the key and the checksum; 0 skips them (fuzzing the
 * structural checks). Same results as tok_image_open. */
int tok_image_attach(struct pc_tok *tok, void *img, size_t len, const unsigned char key[32],
                     int verify);
/* Serialises tok (loaded from root, the parsed tokenizer.json) into out. */
int tok_image_build(const struct pc_tok *tok, const struct pc_json_val *root,
                    const unsigned char key[32], struct pc_buf *out);
/* Writes the image atomically (temporary file renamed into place; creates cache_dir). */
int tok_image_write(const struct pc_tok *tok, const char *cache_dir, const unsigned char key[32],
                    const struct pc_json_val *root);
/* File name of the image of key ("tokenizer-v2-<64 hex>.img") into out (>= 96 bytes). */
void tok_image_name(const unsigned char key[32], char *out, size_t cap);
/* The checksum stored in an image header, over p[0..n). */
uint64_t tok_image_checksum(const void *p, size_t n);
/* Second half of loading an image: re-parses the small JSON (tok_load.c). */
int tok_load_from_small(struct pc_tok *tok, const char *small, size_t len, struct pc_error *err);

/* Appends one id to v (grows by doubling). */
int tok_ids_push(struct pc_ids *v, uint32_t id);

/* ---- issue 9 components (tok_norm.c, tok_decoders.c, tok_sp.c, tok_split.c, tok_regex.c) ---- */
struct pc_json_val;
/* PC_EUNSUPPORTED "unsupported tokenizer component in 'path': what 'name'". */
int tok_unsupported(struct pc_error *err, const char *path, const char *what, const char *name);
const char *tok_jstr(const struct pc_json_val *v); /* string value or NULL */
char *tok_dupn(const char *s, size_t n);           /* NUL-terminated copy, NULL if no memory */
/* Byte length of the UTF-8 sequence led by c (1 for ASCII and stray bytes). */
static inline int tok_utf8_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}
struct tok_char_work;
/* Normalizer Prepend/Replace/NFC/NFD/NFKC/NFKD/Sequence; PC_EUNSUPPORTED names the component in
 * err. */
int tok_norm_load(struct pc_tok *tok, const struct pc_json_val *n, const char *path,
                  struct pc_error *err);
/* Applies tok->norm_ops to text[0..len), result in out (reset first). */
int tok_norm_apply(const struct pc_tok *tok, const char *text, size_t len, struct pc_buf *out);
void tok_norm_free(struct tok_norm_ops *ops);
/* Decoder chain other than ByteLevel (Replace, ByteFallback, Fuse, Strip, Metaspace,
 * Sequence): sets tok->dec_ops. PC_EUNSUPPORTED names the component. */
int tok_dec_load(struct pc_tok *tok, const struct pc_json_val *d, const char *path,
                 struct pc_error *err);
void tok_dec_free(struct tok_dec_ops *ops);
/* Decodes ids through tok->dec_ops (token strings from dec_blob), appends UTF-8 to out. */
int tok_dec_run(const struct pc_tok *tok, const uint32_t *ids, size_t n, struct pc_buf *out,
                struct pc_error *err);
/* Character-level BPE with byte_fallback / unk (HF BPE::merge_word + Word::merge_all). */
int tok_bpe_char_piece(const struct pc_tok *tok, struct tok_char_work **w, const char *p, size_t n,
                       struct pc_ids *out);
void tok_char_work_free(struct tok_char_work *w);
/* Builds tok->nadded from the added tokens with normalized true (contents normalized by
 * tok->norm_ops). PC_ENOMEM on failure. */
int tok_nadded_build(struct pc_tok *tok);
void tok_nadded_free(struct tok_nadded *na);
/* Longest normalized added token at text[i..len), or NULL. */
const struct tok_added *tok_nadded_at(const struct pc_tok *tok, const char *text, size_t i,
                                      size_t len);
/* post_processor of tokenizer.json (tok_post.c): sets tok->post. A processor pricer lacks is
 * remembered (pc_tok_post_check names it) and is not an error; PC_EFORMAT for a malformed
 * known one, PC_ENOMEM. */
int tok_post_load(struct pc_tok *tok, const struct pc_json_val *n, const char *path,
                  struct pc_error *err);
void tok_post_free(struct tok_post *p); /* accepts NULL */
/* Decides tok->sp_split / sp_glue from the vocabulary (char mode). */
void tok_sp_prepare(struct pc_tok *tok);
/* A piece in char mode: cut into words when sp_split, each encoded through the cache. */
int tok_sp_encode_piece(const struct pc_tok *tok, struct tok_char_work **w, const char *p, size_t n,
                        struct pc_ids *out);
/* Added-token options lstrip, rstrip, single_word (HF AddedVocabulary::find_matches) on a
 * match [*ms, *me) of a in text[0..len) where the previous split ends at seg: widens the
 * match over white space, or returns 0 when a single_word token touches a word character. */
int tok_added_adjust(const struct tok_added *a, const char *text, size_t len, size_t seg,
                     size_t *ms, size_t *me);

/* General pre-tokenizer steps: Split with any regex (tok_regex.c) or a literal, with any
 * behavior, and Metaspace. tok_gsplit_load returns PC_EUNSUPPORTED naming what it cannot do. */
int tok_gsplit_load(const struct pc_json_val *p, const char *type, struct tok_gsplit **out,
                    const char *path, struct pc_error *err);
void tok_gsplit_free(struct tok_gsplit *g);
/* 1 if the step rewrites the text (Metaspace), so pieces must be rebuilt into a buffer. */
int tok_gsplit_rewrites(const struct tok_gsplit *g);
/* Splits piece t[0..n) (first: the piece starts the whole input), calling emit for each
 * resulting piece. Rewriting steps append the rewritten piece bytes to buf and report offsets
 * into buf (through emit with buf's data); others report offsets into t. */
typedef int (*tok_emit_fn)(void *ctx, const char *base, size_t off, size_t len);
int tok_gsplit_run(const struct tok_gsplit *g, const char *t, size_t n, int first,
                   struct pc_buf *buf, tok_emit_fn emit, void *ctx);

/* Resolves spec (contract of pc_tok_load: a file, a folder, NULL or "" for the default, a
 * model id) to a tokenizer.json path in out (tok_hub.c). PC_ENOTFOUND / PC_EINVAL with err
 * saying why. */
int tok_resolve(const char *spec, const struct pc_tok_env *env, char *out, size_t cap,
                struct pc_error *err);
/* The small sections of tokenizer.json (tok_sections.c): model options, normalizer,
 * pre-tokenizer, decoder, post-processor. root is the whole tokenizer.json, or the small
 * JSON of a compiled image (the same document without model.vocab and model.merges). Sets
 * tok->char_mode. PC_EUNSUPPORTED / PC_EFORMAT name the component in err. */
int tok_load_sections(struct pc_tok *tok, const struct pc_json_val *root, const char *path,
                      struct pc_error *err);
/* Finds models--ORG--NAME/snapshots/<rev>/tokenizer.json for model_id "ORG/NAME" in the local
 * Hugging Face hub cache ($HF_HUB_CACHE, $HF_HOME/hub, ~/.cache/huggingface/hub); the
 * revision named by refs/main is preferred. PC_OK with the path in out, else PC_ENOTFOUND. */
int tok_find_hub(const char *model_id, const struct pc_tok_env *env, char *out, size_t cap);

/* Loading steps shared by tok_load.c and tok_added.c. */
/* Maps a byte-level token string back to raw bytes (byte_of_char NULL: the raw string, for
 * SentencePiece-style models). 1 with the bytes appended to out when every character is in
 * the table; 0 with nothing appended otherwise (*rc set on a buffer error). */
int tok_bytelevel_unmap(const int16_t *byte_of_char, const char *s, size_t n, struct pc_buf *out,
                        int *rc);
/* 1 if v is JSON true. */
int tok_json_true(const struct pc_json_val *v);
/* tok_added.c: the added tokens of tokenizer.json with HF's ids (vocab NULL on the image
 * path, where the ids are stored), the decode bytes of every id, and the raw-text match
 * index by first byte. 0 or a pc_code with err filled. */
int tok_load_added(struct pc_tok *tok, const struct pc_json_val *added,
                   const struct pc_json_val *vocab, const int16_t *byte_of_char, const char *path,
                   struct pc_error *err);
int tok_build_decode(struct pc_tok *tok, const struct pc_json_val *vocab,
                     const int16_t *byte_of_char, const char *path, struct pc_error *err);
int tok_index_added(struct pc_tok *tok);

#endif
