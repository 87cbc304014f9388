/* Hugging Face tokenizer.json tokenizers (byte-level BPE family: Llama 3.x, GPT-4o, Qwen...),
 * encoding and decoding exactly as the `tokenizers` library does.
 *
 * Thread-safety: a pricer_tokenizer is immutable after loading; every function below may be
 * called from any number of threads at once on the same tokenizer (working memory is taken
 * from an internal pool). Only pricer_tokenizer_free needs exclusive access. */
#ifndef PRICER_TOKENIZER_H
#define PRICER_TOKENIZER_H

#include <stddef.h>
#include <stdint.h>

#include "pricer/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pricer_tokenizer pricer_tokenizer;

/* Where a tokenizer may be looked up besides its spec: the values of the environment
 * variables PRICER_TOKENIZER, HF_HUB_CACHE, HF_HOME and HOME as the caller sees fit (the
 * library never reads the environment itself). Any member may be NULL. */
struct pricer_tokenizer_env {
    const char *tokenizer, *hf_hub_cache, *hf_home, *home;
};

/* Loads a tokenizer. spec is a tokenizer.json path, a folder holding tokenizer.json (and
 * optionally tokenizer_config.json, whose clean_up_tokenization_spaces is honoured by
 * decode), or, with env, a hub model id ("meta-llama/Llama-3.1-8B") looked up in the local
 * Hugging Face cache (env->hf_hub_cache, env->hf_home/hub, env->home/.cache/huggingface/hub;
 * never downloaded). spec NULL or "" = env->tokenizer if set, else the Llama 3.1 tokenizer
 * installed with pricer (PREFIX/share/pricer, found from where the library is), else the
 * build's default. env may be NULL. On success *out owns everything; free it with
 * pricer_tokenizer_free. Errors: PRICER_ENOTFOUND, PRICER_EFORMAT / PRICER_EUNSUPPORTED
 * (message names the component), PRICER_ENOMEM; *out is then NULL. */
PRICER_API int pricer_tokenizer_load_env(const char *spec, const struct pricer_tokenizer_env *env,
                                         pricer_tokenizer **out, struct pricer_error *err);

/* pricer_tokenizer_load_env(spec, NULL, out, err). */
PRICER_API int pricer_tokenizer_load(const char *spec, pricer_tokenizer **out,
                                     struct pricer_error *err);

/* Frees tok (accepts NULL). No other call may be running on it. */
PRICER_API void pricer_tokenizer_free(pricer_tokenizer *tok);

/* Path of the tokenizer.json loaded (owned by tok). */
PRICER_API const char *pricer_tokenizer_path(const pricer_tokenizer *tok);

/* Number of ids (model vocabulary plus added tokens), as get_vocab_size(with_added=True). */
PRICER_API size_t pricer_tokenizer_vocab_size(const pricer_tokenizer *tok);

/* 1 when the tokenizer's config asks decode to clean up spaces (clean_up_tokenization_spaces),
 * else 0. */
PRICER_API int pricer_tokenizer_cleanup_default(const pricer_tokenizer *tok);

/* Encodes UTF-8 text[0..len) as encode(text, add_special_tokens=False): special and added
 * tokens written in the text are matched. *ids gets a malloc'd array of *n ids (free with
 * pricer_free; NULL when *n is 0). Errors: PRICER_EINVAL (text is not valid UTF-8),
 * PRICER_ENOMEM; *ids is then NULL. */
PRICER_API int pricer_tokenizer_encode(const pricer_tokenizer *tok, const char *text, size_t len,
                                       uint32_t **ids, size_t *n, struct pricer_error *err);

/* Flags of pricer_tokenizer_encode_ex. */
#define PRICER_ENCODE_ADD_SPECIAL_TOKENS 1u

/* pricer_tokenizer_encode with flags. PRICER_ENCODE_ADD_SPECIAL_TOKENS: as encode(text,
 * add_special_tokens=True), the special tokens of the tokenizer's post_processor around the
 * ids (TemplateProcessing such as Llama 3.1's <|begin_of_text|> or Gemma 3's <bos>,
 * BertProcessing, RobertaProcessing, ByteLevel, Sequence of them); nothing is added when
 * tokenizer.json has no post_processor. Errors as pricer_tokenizer_encode, plus
 * PRICER_EUNSUPPORTED naming a post-processor pricer lacks (only with the flag). */
PRICER_API int pricer_tokenizer_encode_ex(const pricer_tokenizer *tok, const char *text, size_t len,
                                          unsigned flags, uint32_t **ids, size_t *n,
                                          struct pricer_error *err);

/* Number of tokens encode would give, without keeping the ids. */
PRICER_API int pricer_tokenizer_count(const pricer_tokenizer *tok, const char *text, size_t len,
                                      size_t *n, struct pricer_error *err);

/* Decodes ids[0..n) to UTF-8 text as HF does: token bytes joined, invalid UTF-8 replaced
 * (U+FFFD), special tokens left out when skip_special, then the clean-up replacements when
 * cleanup is 1 (cleanup -1 = as the tokenizer's config says, 0 = off). *out gets a malloc'd
 * NUL-terminated string of *len bytes (free with pricer_free). Errors: PRICER_ERANGE naming
 * the first id outside the vocabulary, PRICER_ENOMEM. */
PRICER_API int pricer_tokenizer_decode(const pricer_tokenizer *tok, const uint32_t *ids, size_t n,
                                       int skip_special, int cleanup, char **out, size_t *len,
                                       struct pricer_error *err);

/* The vocabulary string of id (as id_to_token: byte-level form such as "Ġworld" for model
 * tokens, the content for added tokens), malloc'd and NUL-terminated into *out (free with
 * pricer_free). PRICER_ERANGE when id has no token. */
PRICER_API int pricer_tokenizer_id_to_token(const pricer_tokenizer *tok, uint32_t id, char **out,
                                            struct pricer_error *err);

/* The id of a vocabulary string token[0..len) (as token_to_id), or PRICER_ENOTFOUND. */
PRICER_API int pricer_tokenizer_token_to_id(const pricer_tokenizer *tok, const char *token,
                                            size_t len, uint32_t *id);

/* 1 when id is a special added token (left out by decode with skip_special), else 0. */
PRICER_API int pricer_tokenizer_is_special(const pricer_tokenizer *tok, uint32_t id);

#ifdef __cplusplus
}
#endif

#endif
