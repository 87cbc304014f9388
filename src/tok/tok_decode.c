#define _GNU_SOURCE
/* Decoding as Hugging Face + transformers do (SPEC §3.3): the bytes of every token
 * concatenated, lossy UTF-8, then optionally clean_up_tokenization_spaces. */
#include <stdlib.h>
#include <string.h>

#include "text/scrub.h"

#include "text/utf8.h"
#include "tok/tok_internal.h"

/* The ten replacements of transformers' clean_up_tokenization, in order (SPEC §3.3). */
static const struct {
    const char *from, *to;
} cleanup_rules[10] = {
    {" .", "."},     {" ?", "?"},   {" !", "!"},   {" ,", ","},     {" ' ", "'"},
    {" n't", "n't"}, {" 'm", "'m"}, {" 's", "'s"}, {" 've", "'ve"}, {" 're", "'re"},
};

/* 1 if one of the ten rules matches somewhere in s[0..n): one scan, a look at each space. */
static int some_rule_matches(const char *s, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++) {
        if (s[i] != ' ') continue;
        switch (s[i + 1]) {
        case '.':
        case '?':
        case '!':
        case ',':
            return 1;
        case 'n':
            if (i + 4 <= n && s[i + 2] == '\'' && s[i + 3] == 't') return 1;
            break;
        case '\'':
            if (i + 2 < n && (s[i + 2] == ' ' || s[i + 2] == 'm' || s[i + 2] == 's')) return 1;
            if (i + 3 < n && ((s[i + 2] == 'v' || s[i + 2] == 'r') && s[i + 3] == 'e')) return 1;
            break;
        }
    }
    return 0;
}

/* The ten rules in order on s[0..n), in place (every rule shrinks): the same result as the
 * chain of str.replace calls, without a copy per rule. Rules only remove bytes, so when none
 * matches the text itself, each leaves its input unchanged and the chain is the identity:
 * the common case costs one scan. Returns the new length. */
static size_t cleanup_in_place(char *s, size_t n)
{
    if (!some_rule_matches(s, n)) return n;
    for (int k = 0; k < 10; k++)
        n = pc_replace_shrink(s, n, cleanup_rules[k].from, strlen(cleanup_rules[k].from),
                              cleanup_rules[k].to, strlen(cleanup_rules[k].to));
    return n;
}

int pc_tok_cleanup(const char *s, size_t n, struct pc_buf *out)
{
    size_t start = out->len;
    int rc = pc_buf_append(out, s, n);
    if (rc == PC_OK && out->data) {
        out->len = start + cleanup_in_place(out->data + start, n);
        out->data[out->len] = '\0';
    }
    return rc;
}

/* Replaces out[from..) by its lossy UTF-8 reading: each maximal invalid subpart becomes one
 * U+FFFD (from_utf8_lossy). bad is the offset of the first invalid byte past from. */
static int make_lossy(struct pc_buf *out, size_t from, size_t bad)
{
    size_t n = out->len - from;
    char *copy = malloc(n ? n : 1);
    if (!copy) return PC_ENOMEM;
    memcpy(copy, out->data + from, n);
    const unsigned char *r = (const unsigned char *)copy;
    out->len = from + bad;
    size_t i = bad, run = bad;
    int rc = PC_OK;
    while (!rc && i < n) {
        if (r[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        int valid;
        size_t k = pc_utf8_decode(r + i, n - i, &cp, &valid);
        if (!valid) {
            if ((rc = pc_buf_append(out, r + run, i - run)) == PC_OK)
                rc = pc_buf_append(out, "\xEF\xBF\xBD", 3);
            run = i + k;
        }
        i += k;
    }
    if (!rc) rc = pc_buf_append(out, r + run, n - run);
    free(copy);
    return rc;
}

int pc_tok_decode(const struct pc_tok *tok, const uint32_t *ids, size_t n, int cleanup,
                  struct pc_buf *out, struct pc_error *err)
{
    size_t start = out->len;
    if (tok->dec_ops) { /* SentencePiece-style decoder chain (tok_sp.c) */
        int rc = tok_dec_run(tok, ids, n, out, err);
        if (!rc) rc = pc_buf_reserve(out, 0);
        if (!rc && cleanup)
            out->len = start + cleanup_in_place(out->data + start, out->len - start);
        if (!rc) out->data[out->len] = '\0';
        if (rc && rc != PC_ERANGE) pc_error_set(err, rc, "cannot decode: %s", pc_strerror(rc));
        return rc;
    }
    int rc = pc_buf_reserve(out, 0);
    for (size_t i = 0; i < n && !rc; i++) {
        uint32_t id = ids[i];
        if (id >= tok->n_ids || !tok->present[id]) {
            out->len = start;
            out->data[start] = '\0';
            return pc_error_set(err, PC_ERANGE, "unknown token id %u (vocabulary has ids 0..%u)",
                                id, tok->n_ids ? tok->n_ids - 1 : 0);
        }
        rc = pc_buf_append(out, tok->dec_blob + tok->dec_off[id],
                           tok->dec_off[id + 1] - tok->dec_off[id]);
    }
    size_t bad;
    if (!rc && !pc_utf8_valid(out->data + start, out->len - start, &bad))
        rc = make_lossy(out, start, bad);
    if (!rc && cleanup) out->len = start + cleanup_in_place(out->data + start, out->len - start);
    if (!rc) out->data[out->len] = '\0'; /* always a NUL-terminated string */
    if (rc) pc_error_set(err, rc, "cannot decode: %s", pc_strerror(rc));
    return rc;
}
