/* Vocabulary look-ups by string, as HF's id_to_token / token_to_id: model tokens in their
 * byte-level spelling ("Ġworld"), added tokens by their content. */
#include <string.h>

#include "text/utf8.h"
#include "tok/tok_internal.h"

/* GPT-2's bytes_to_unicode for one byte (see tok_load.c). */
static uint32_t char_of_byte(unsigned b)
{
    if ((b >= 33 && b <= 126) || (b >= 161 && b <= 172) || b >= 174) return b;
    uint32_t next = 256;
    for (unsigned x = 0; x < b; x++)
        if (!((x >= 33 && x <= 126) || (x >= 161 && x <= 172) || x >= 174)) next++;
    return next;
}

static int byte_of_char(uint32_t cp)
{
    if (cp < 256) {
        unsigned b = cp;
        return ((b >= 33 && b <= 126) || (b >= 161 && b <= 172) || b >= 174) ? (int)b : -1;
    }
    for (unsigned b = 0; b < 256; b++)
        if (char_of_byte(b) == cp) return (int)b;
    return -1;
}

static const struct tok_added *added_of(const struct pc_tok *tok, uint32_t id)
{
    for (uint32_t i = 0; i < tok->n_added; i++)
        if (tok->added[i].id == id) return &tok->added[i];
    return NULL;
}

int pc_tok_is_special(const struct pc_tok *tok, uint32_t id)
{
    const struct tok_added *a = id < tok->n_ids && tok->present[id] == 2 ? added_of(tok, id) : NULL;
    return a && a->special;
}

int pc_tok_id_to_token(const struct pc_tok *tok, uint32_t id, struct pc_buf *out)
{
    if (id >= tok->n_ids || !tok->present[id]) return PC_ERANGE;
    if (tok->present[id] == 1 && tok->has_bytelevel && tok->enc[id].len) {
        const unsigned char *p = (const unsigned char *)tok->enc_blob + tok->enc[id].off;
        for (uint32_t i = 0; i < tok->enc[id].len; i++) {
            char u[4];
            size_t n = pc_utf8_encode(char_of_byte(p[i]), u);
            int rc = pc_buf_append(out, u, n);
            if (rc) return rc;
        }
        return PC_OK;
    }
    return pc_buf_append(out, tok->dec_blob + tok->dec_off[id],
                         tok->dec_off[id + 1] - tok->dec_off[id]);
}

int pc_tok_token_to_id(const struct pc_tok *tok, const char *s, size_t n, uint32_t *id)
{
    for (uint32_t i = 0; i < tok->n_added; i++)
        if (tok->added[i].len == n && !memcmp(tok->added[i].bytes, s, n)) {
            *id = tok->added[i].id;
            return PC_OK;
        }
    unsigned char raw[1024];
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int valid;
        i += pc_utf8_decode((const unsigned char *)s + i, n - i, &cp, &valid);
        int b = tok->has_bytelevel ? byte_of_char(cp) : -1;
        if (!valid || b < 0 || k == sizeof raw) return PC_ENOTFOUND;
        raw[k++] = (unsigned char)b;
    }
    if (!tok->has_bytelevel) return PC_ENOTFOUND;
    uint32_t v = tok_vocab_find(tok, raw, k);
    if (v == TOK_NO_ID) return PC_ENOTFOUND;
    *id = v;
    return PC_OK;
}
