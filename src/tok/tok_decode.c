#define _GNU_SOURCE
/* Decoding as Hugging Face + transformers do (SPEC §3.3): the bytes of every token
 * concatenated, lossy UTF-8, then optionally clean_up_tokenization_spaces. */
#include <string.h>

#include "text/utf8.h"
#include "tok/tok_internal.h"

/* The ten replacements of transformers' clean_up_tokenization, in order (SPEC §3.3). */
static const struct {
    const char *from, *to;
} cleanup_rules[10] = {
    {" .", "."},     {" ?", "?"},   {" !", "!"},   {" ,", ","},     {" ' ", "'"},
    {" n't", "n't"}, {" 'm", "'m"}, {" 's", "'s"}, {" 've", "'ve"}, {" 're", "'re"},
};

/* Appends s[0..n) to out with every non-overlapping occurrence of from (left to right)
 * replaced by to. */
static int replace_all(const char *s, size_t n, const char *from, const char *to,
                       struct pc_buf *out)
{
    size_t fl = strlen(from), tl = strlen(to), i = 0;
    int rc = PC_OK;
    while (i < n && !rc) {
        const char *p = memmem(s + i, n - i, from, fl);
        if (!p) break;
        size_t at = (size_t)(p - s);
        if ((rc = pc_buf_append(out, s + i, at - i))) return rc;
        rc = pc_buf_append(out, to, tl);
        i = at + fl;
    }
    if (!rc) rc = pc_buf_append(out, s + i, n - i);
    return rc;
}

int pc_tok_cleanup(const char *s, size_t n, struct pc_buf *out)
{
    /* Every rule starts with a space: nothing to do without one. */
    if (!memchr(s, ' ', n)) return pc_buf_append(out, s, n);
    struct pc_buf a, b;
    pc_buf_init(&a, out->max);
    pc_buf_init(&b, out->max);
    int rc = pc_buf_append(&a, s, n);
    for (int k = 0; k < 10 && !rc; k++) {
        pc_buf_reset(&b);
        if (!memmem(a.data, a.len, cleanup_rules[k].from, strlen(cleanup_rules[k].from))) continue;
        rc = replace_all(a.data, a.len, cleanup_rules[k].from, cleanup_rules[k].to, &b);
        struct pc_buf t = a;
        a = b;
        b = t;
    }
    if (!rc) rc = pc_buf_append(out, a.data, a.len);
    pc_buf_release(&a);
    pc_buf_release(&b);
    return rc;
}

int pc_tok_decode(const struct pc_tok *tok, const uint32_t *ids, size_t n, int cleanup,
                  struct pc_buf *out, struct pc_error *err)
{
    struct pc_buf raw, txt;
    pc_buf_init(&raw, out->max);
    pc_buf_init(&txt, out->max);
    int rc = PC_OK;
    if (tok->dec_ops) { /* SentencePiece-style decoder chain (tok_sp.c) */
        rc = tok_dec_run(tok, ids, n, cleanup ? &txt : out, err);
        if (!rc && cleanup) rc = pc_tok_cleanup(txt.data ? txt.data : "", txt.len, out);
        if (!rc && !out->data && !(rc = pc_buf_reserve(out, 0))) out->data[0] = '\0';
        pc_buf_release(&txt);
        pc_buf_release(&raw);
        if (rc && rc != PC_ERANGE) pc_error_set(err, rc, "cannot decode: %s", pc_strerror(rc));
        return rc;
    }
    for (size_t i = 0; i < n && !rc; i++) {
        uint32_t id = ids[i];
        if (id >= tok->n_ids || !tok->present[id]) {
            rc = pc_error_set(err, PC_ERANGE, "unknown token id %u (vocabulary has ids 0..%u)", id,
                              tok->n_ids ? tok->n_ids - 1 : 0);
            break;
        }
        rc = pc_buf_append(&raw, tok->dec_blob + tok->dec_off[id],
                           tok->dec_off[id + 1] - tok->dec_off[id]);
    }
    /* Lossy UTF-8: each maximal invalid subpart becomes one U+FFFD (from_utf8_lossy). */
    struct pc_buf *dst = cleanup ? &txt : out;
    const unsigned char *r = (const unsigned char *)raw.data;
    size_t i = 0, run = 0;
    while (!rc && i < raw.len) {
        if (r[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        int valid;
        size_t k = pc_utf8_decode(r + i, raw.len - i, &cp, &valid);
        if (valid) {
            i += k;
            continue;
        }
        if ((rc = pc_buf_append(dst, r + run, i - run)) ||
            (rc = pc_buf_append(dst, "\xEF\xBF\xBD", 3)))
            break;
        i += k;
        run = i;
    }
    if (!rc && raw.len) rc = pc_buf_append(dst, r + run, raw.len - run);
    if (!rc && cleanup) rc = pc_tok_cleanup(txt.data ? txt.data : "", txt.len, out);
    if (!rc && !out->data && !(rc = pc_buf_reserve(out, 0)))
        out->data[0] = '\0'; /* always a NUL-terminated string */
    pc_buf_release(&raw);
    pc_buf_release(&txt);
    if (rc && rc != PC_ERANGE) pc_error_set(err, rc, "cannot decode: %s", pc_strerror(rc));
    return rc;
}
