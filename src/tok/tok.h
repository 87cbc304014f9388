/* Hugging Face tokenizer.json engine: BPE models, byte-level (Llama 3.x, GPT-4o, cl100k,
 * gpt-oss, Qwen, DeepSeek V3) or SentencePiece-style with byte fallback (Gemma 3, Llama 2,
 * Mistral, Phi-3).
 *
 * A struct pc_tok is immutable after pc_tok_load and may be shared by any number of threads;
 * per-thread working memory lives in a struct pc_tok_scratch (one per thread, reused).
 * Unsupported components (WordPiece, Unigram, Lowercase, regexes with \d or \w...) make
 * pc_tok_load fail with PC_EUNSUPPORTED and a message naming the component (an unsupported
 * post-processor only fails encoding with special tokens, see pc_tok_encode_ex). */
#ifndef PC_TOK_TOK_H
#define PC_TOK_TOK_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/error.h"

struct pc_tok;
struct pc_tok_scratch;

/* Growable id vector owned by the caller (free ids with free(); or pc_ids_release). */
struct pc_ids {
    uint32_t *ids;
    size_t len, cap;
};
void pc_ids_release(struct pc_ids *v);

/* Loads a tokenizer. spec is a tokenizer.json path, a folder holding tokenizer.json (and
 * optionally tokenizer_config.json), or a Hugging Face model id ("meta-llama/Llama-3.1-8B")
 * looked up in the local hub cache ($HF_HOME/hub or ~/.cache/huggingface/hub,
 * models--ORG--NAME/snapshots/<any>/). spec NULL or "" means the default tokenizer:
 * the environment's tokenizer (pc_tok_load_env) if set, else pc_tok_installed_default, else
 * the Llama 3.1 file installed by the README's set-up.
 * On success *out owns everything; free with pc_tok_free. */
int pc_tok_load(const char *spec, struct pc_tok **out, struct pc_error *err);

/* The tokenizer installed with pricer: DIR/../share/pricer/tokenizer.json where DIR holds
 * the binary this code runs in (libpricer.so, or the executable that links it statically).
 * Used as the default after the environment's tokenizer and before the build-time default,
 * so an installed pricer finds its tokenizer from any folder. PC_OK with the path in out,
 * else PC_ENOTFOUND. */
int pc_tok_installed_default(char *out, size_t cap);

void pc_tok_free(struct pc_tok *tok); /* accepts NULL */

/* Options of pc_tok_load_ex. cache_dir: folder of compiled tokenizer images (created if
 * missing; NULL or "" = no images). The image of a tokenizer.json is keyed by the SHA-256 of
 * its bytes and the image format version; it is mapped read-only, validated (size, key,
 * checksum, every table bound) and, when absent or invalid, rebuilt from the JSON and written
 * atomically (temporary file + rename, so concurrent loaders are safe). A folder that cannot
 * be written only costs the rebuild on every load. The ids never depend on the image. */
/* The environment the loader may consult, passed in by the caller (the library never reads
 * the process environment): the default tokenizer (PRICER_TOKENIZER, used when spec is NULL
 * or "") and the Hugging Face cache roots (HF_HUB_CACHE, HF_HOME, HOME) searched for a model
 * id. Any member may be NULL. */
struct pc_tok_env {
    const char *tokenizer, *hf_hub_cache, *hf_home, *home;
};

struct pc_tok_load_opts {
    const char *cache_dir;
    const struct pc_tok_env *env; /* may be NULL: no environment */
};
int pc_tok_load_ex(const char *spec, const struct pc_tok_load_opts *opts, struct pc_tok **out,
                   struct pc_error *err);

/* pc_tok_load_ex with an environment and no image cache (pc_tok_load uses neither: spec, else
 * the built-in default file; model ids are not looked up). */
int pc_tok_load_env(const char *spec, const struct pc_tok_env *env, struct pc_tok **out,
                    struct pc_error *err);

/* What the last pc_tok_load_ex did with the image cache. */
enum pc_tok_image_state {
    PC_TOK_IMAGE_NONE,    /* no cache folder given */
    PC_TOK_IMAGE_LOADED,  /* a valid image was mapped (the fast path) */
    PC_TOK_IMAGE_WRITTEN, /* no image yet: loaded the JSON and wrote the image */
    PC_TOK_IMAGE_REBUILT, /* an invalid image was found: loaded the JSON and replaced it */
    PC_TOK_IMAGE_UNSAVED  /* loaded the JSON; the image could not be written */
};
int pc_tok_image_state(const struct pc_tok *tok);

/* Path of the tokenizer.json actually loaded, and its vocabulary size (incl. added tokens). */
const char *pc_tok_path(const struct pc_tok *tok);
size_t pc_tok_vocab_size(const struct pc_tok *tok);

/* 1 if the tokenizer's tokenizer_config.json sets clean_up_tokenization_spaces true. */
int pc_tok_cleanup_default(const struct pc_tok *tok);

struct pc_tok_scratch *pc_tok_scratch_new(void);
void pc_tok_scratch_free(struct pc_tok_scratch *s); /* accepts NULL */

/* Encodes UTF-8 text[0..len) as tokenizer.encode(text, add_special_tokens=False) does
 * (added/special tokens in the text are matched). Appends ids to out. Invalid UTF-8 is
 * PC_EINVAL. Thread-safe with one scratch per thread. */
int pc_tok_encode(const struct pc_tok *tok, struct pc_tok_scratch *s, const char *text, size_t len,
                  struct pc_ids *out);

/* Flags of pc_tok_encode_ex. */
#define PC_TOK_ADD_SPECIAL                                                                         \
    1u /* encode(text, add_special_tokens=True): the post-processor's                              \
        * special tokens around the ids (Llama 3.1's <|begin_of_text|>) */

/* pc_tok_encode, then, with PC_TOK_ADD_SPECIAL, the special ids of tokenizer.json's
 * post_processor (TemplateProcessing, BertProcessing, RobertaProcessing, ByteLevel, Sequence)
 * around them, as HF's encode(text, add_special_tokens=True) for a single sequence. Without a
 * post_processor the flag adds nothing. PC_EUNSUPPORTED (nothing appended) when the
 * post-processor is one pricer lacks (pc_tok_post_check gives the message). */
int pc_tok_encode_ex(const struct pc_tok *tok, struct pc_tok_scratch *s, const char *text,
                     size_t len, unsigned flags, struct pc_ids *out);

/* PC_OK when pc_tok_encode_ex can add special tokens; else PC_EUNSUPPORTED with err naming
 * the post-processor pricer lacks. */
int pc_tok_post_check(const struct pc_tok *tok, struct pc_error *err);

/* Number of tokens of text (same as encode, without keeping the ids). */
int pc_tok_count(const struct pc_tok *tok, struct pc_tok_scratch *s, const char *text, size_t len,
                 size_t *count);

/* Decodes ids as HF does (SPEC §3.3): token bytes concatenated, lossy UTF-8 (one U+FFFD
 * per maximal invalid subpart), then, if cleanup != 0, the ten clean-up replacements.
 * Appends to out. An id outside the vocabulary is PC_ERANGE with the id in the message. */
int pc_tok_decode(const struct pc_tok *tok, const uint32_t *ids, size_t n, int cleanup,
                  struct pc_buf *out, struct pc_error *err);

/* 1 when id is a special added token (left out by decode with skip_special_tokens). */
int pc_tok_is_special(const struct pc_tok *tok, uint32_t id);

/* Appends the vocabulary string of id to out, as HF's id_to_token (byte-level spelling
 * "Ġworld" for model tokens, the content for added tokens). PC_ERANGE when id has none. */
int pc_tok_id_to_token(const struct pc_tok *tok, uint32_t id, struct pc_buf *out);

/* Id of the vocabulary string s[0..n) (HF's token_to_id), or PC_ENOTFOUND. */
int pc_tok_token_to_id(const struct pc_tok *tok, const char *s, size_t n, uint32_t *id);

/* The clean_up_tokenization_spaces replacements alone, on s[0..n), appended to out. */
int pc_tok_cleanup(const char *s, size_t n, struct pc_buf *out);

#endif
