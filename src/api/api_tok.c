/* Public API shims: version, errors, tokenizer (include/pricer/tokenizer.h) over src/tok. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/buf.h"
#include "pricer/tokenizer.h"
#include "pricer/version.h"
#include "tok/tok.h"

const char *pricer_version(void)
{
    return PRICER_VERSION_STRING;
}

const char *pricer_strerror(int code)
{
    return pc_strerror(code);
}

void pricer_free(void *p)
{
    free(p);
}

int pc_api_error(struct pricer_error *out, const struct pc_error *e, int rc)
{
    if (!rc) rc = e->code;
    if (out) {
        out->code = rc;
        snprintf(out->message, sizeof out->message, "%s",
                 e->message[0] ? e->message : pc_strerror(rc));
        snprintf(out->file, sizeof out->file, "%s", e->file);
        out->line = e->line_no;
        out->offset = e->byte_offset;
    }
    return rc;
}

#define POOL_MAX 64

/* The internal tokenizer plus a pool of per-thread scratch areas, so that callers on any
 * number of threads need not manage scratch themselves. */
struct pricer_tokenizer {
    struct pc_tok *tok;
    pthread_mutex_t mu;
    struct pc_tok_scratch *pool[POOL_MAX];
    int n_pool;
};

static struct pc_tok_scratch *scratch_get(pricer_tokenizer *t)
{
    struct pc_tok_scratch *s = NULL;
    pthread_mutex_lock(&t->mu);
    if (t->n_pool) s = t->pool[--t->n_pool];
    pthread_mutex_unlock(&t->mu);
    return s ? s : pc_tok_scratch_new();
}

static void scratch_put(pricer_tokenizer *t, struct pc_tok_scratch *s)
{
    pthread_mutex_lock(&t->mu);
    if (t->n_pool < POOL_MAX) {
        t->pool[t->n_pool++] = s;
        s = NULL;
    }
    pthread_mutex_unlock(&t->mu);
    pc_tok_scratch_free(s);
}

int pricer_tokenizer_load(const char *spec, pricer_tokenizer **out, struct pricer_error *err)
{
    return pricer_tokenizer_load_env(spec, NULL, out, err);
}

int pricer_tokenizer_load_env(const char *spec, const struct pricer_tokenizer_env *env,
                              pricer_tokenizer **out, struct pricer_error *err)
{
    struct pc_error e;
    pc_error_clear(&e);
    *out = NULL;
    pricer_tokenizer *t = calloc(1, sizeof *t);
    if (!t) return pc_api_error(err, &e, PC_ENOMEM);
    struct pc_tok_env te = {0};
    if (env) {
        te.tokenizer = env->tokenizer;
        te.hf_hub_cache = env->hf_hub_cache;
        te.hf_home = env->hf_home;
        te.home = env->home;
    }
    int rc = pc_tok_load_env(spec, &te, &t->tok, &e);
    if (rc) {
        free(t);
        return pc_api_error(err, &e, rc);
    }
    pthread_mutex_init(&t->mu, NULL);
    *out = t;
    return PRICER_OK;
}

void pricer_tokenizer_free(pricer_tokenizer *t)
{
    if (!t) return;
    for (int i = 0; i < t->n_pool; i++) pc_tok_scratch_free(t->pool[i]);
    pthread_mutex_destroy(&t->mu);
    pc_tok_free(t->tok);
    free(t);
}

const char *pricer_tokenizer_path(const pricer_tokenizer *t)
{
    return pc_tok_path(t->tok);
}

size_t pricer_tokenizer_vocab_size(const pricer_tokenizer *t)
{
    return pc_tok_vocab_size(t->tok);
}

int pricer_tokenizer_cleanup_default(const pricer_tokenizer *t)
{
    return pc_tok_cleanup_default(t->tok);
}

static int encode(const pricer_tokenizer *tc, const char *text, size_t len, unsigned flags,
                  struct pc_ids *ids, size_t *count, struct pricer_error *err)
{
    pricer_tokenizer *t = (pricer_tokenizer *)tc; /* only the pool changes */
    struct pc_error e;
    pc_error_clear(&e);
    if ((flags & PRICER_ENCODE_ADD_SPECIAL_TOKENS) && pc_tok_post_check(t->tok, &e))
        return pc_api_error(err, &e, e.code);
    struct pc_tok_scratch *s = scratch_get(t);
    if (!s) return pc_api_error(err, &e, PC_ENOMEM);
    unsigned f = flags & PRICER_ENCODE_ADD_SPECIAL_TOKENS ? PC_TOK_ADD_SPECIAL : 0;
    int rc = ids ? pc_tok_encode_ex(t->tok, s, text, len, f, ids)
                 : pc_tok_count(t->tok, s, text, len, count);
    scratch_put(t, s);
    if (rc == PC_EINVAL) pc_error_set(&e, rc, "text is not valid UTF-8");
    return rc ? pc_api_error(err, &e, rc) : PRICER_OK;
}

int pricer_tokenizer_encode_ex(const pricer_tokenizer *t, const char *text, size_t len,
                               unsigned flags, uint32_t **ids, size_t *n, struct pricer_error *err)
{
    struct pc_ids v = {0};
    *ids = NULL;
    *n = 0;
    int rc = encode(t, text, len, flags, &v, NULL, err);
    if (rc) {
        pc_ids_release(&v);
        return rc;
    }
    *ids = v.ids;
    *n = v.len;
    return PRICER_OK;
}

int pricer_tokenizer_encode(const pricer_tokenizer *t, const char *text, size_t len, uint32_t **ids,
                            size_t *n, struct pricer_error *err)
{
    return pricer_tokenizer_encode_ex(t, text, len, 0, ids, n, err);
}

int pricer_tokenizer_count(const pricer_tokenizer *t, const char *text, size_t len, size_t *n,
                           struct pricer_error *err)
{
    *n = 0;
    return encode(t, text, len, 0, NULL, n, err);
}

int pricer_tokenizer_decode(const pricer_tokenizer *t, const uint32_t *ids, size_t n,
                            int skip_special, int cleanup, char **out, size_t *len,
                            struct pricer_error *err)
{
    struct pc_error e;
    pc_error_clear(&e);
    *out = NULL;
    if (len) *len = 0;
    uint32_t *kept = NULL;
    if (skip_special && n) {
        if (!(kept = malloc(n * sizeof *kept))) return pc_api_error(err, &e, PC_ENOMEM);
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (!pc_tok_is_special(t->tok, ids[i])) kept[k++] = ids[i];
        ids = kept;
        n = k;
    }
    if (cleanup < 0) cleanup = pc_tok_cleanup_default(t->tok);
    struct pc_buf b;
    pc_buf_init(&b, 0);
    int rc = pc_tok_decode(t->tok, ids, n, cleanup, &b, &e);
    free(kept);
    if (!rc && !(*out = pc_buf_detach(&b, len))) rc = PC_ENOMEM;
    pc_buf_release(&b);
    return rc ? pc_api_error(err, &e, rc) : PRICER_OK;
}

int pricer_tokenizer_id_to_token(const pricer_tokenizer *t, uint32_t id, char **out,
                                 struct pricer_error *err)
{
    struct pc_error e;
    pc_error_clear(&e);
    *out = NULL;
    struct pc_buf b;
    pc_buf_init(&b, 0);
    int rc = pc_tok_id_to_token(t->tok, id, &b);
    if (rc == PC_ERANGE) pc_error_set(&e, rc, "id %u is not in the vocabulary", id);
    if (!rc && !(*out = pc_buf_detach(&b, NULL))) rc = PC_ENOMEM;
    pc_buf_release(&b);
    return rc ? pc_api_error(err, &e, rc) : PRICER_OK;
}

int pricer_tokenizer_token_to_id(const pricer_tokenizer *t, const char *token, size_t len,
                                 uint32_t *id)
{
    return pc_tok_token_to_id(t->tok, token, len, id);
}

int pricer_tokenizer_is_special(const pricer_tokenizer *t, uint32_t id)
{
    return pc_tok_is_special(t->tok, id);
}
