#define _GNU_SOURCE
#include "text/scrub.h"

#include <string.h>

#include "core/error.h"
#include "text/pyuni.h"
#include "text/utf8.h"

/* First occurrence of pat in s[0..n): memchr on one byte, then memcmp (faster than memmem on
 * the short strings and short patterns used here). A pattern that starts with a space (all
 * of the clean-up rules, " ," of the scrub) is found by its second byte, as spaces are
 * frequent in text and make a poor byte to scan for. */
static const char *find(const char *s, size_t n, const char *pat, size_t plen)
{
    if (n < plen) return NULL;
    size_t k = plen > 1 && pat[0] == ' ' ? 1 : 0; /* the byte memchr looks for */
    const char *p = s + k, *end = s + (n - plen) + 1 + k;
    while (p < end) {
        p = memchr(p, pat[k], (size_t)(end - p));
        if (!p) return NULL;
        if (memcmp(p - k, pat, plen) == 0) return p - k;
        p++;
    }
    return NULL;
}

size_t pc_replace_shrink(char *s, size_t n, const char *pat, size_t pat_len, const char *rep,
                         size_t rep_len)
{
    if (pat_len == 0) return n;
    const char *hit = find(s, n, pat, pat_len);
    if (!hit) return n;
    size_t r = (size_t)(hit - s), w = r;
    for (;;) {
        memcpy(s + w, rep, rep_len);
        w += rep_len;
        r += pat_len;
        hit = find(s + r, n - r, pat, pat_len);
        size_t k = hit ? (size_t)(hit - (s + r)) : n - r;
        memmove(s + w, s + r, k);
        w += k;
        r += k;
        if (!hit) return w;
    }
}

/* Scrub step 1 set: the listed punctuation plus Python whitespace. ASCII by table. */
static const unsigned char ascii_special[128] = {
    ['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1, [0x1C] = 1, [0x1D] = 1, [0x1E] = 1,
    [0x1F] = 1, [' '] = 1,  [':'] = 1,  ['['] = 1,  [']'] = 1,  ['"'] = 1,  ['{'] = 1,  ['}'] = 1,
};

static int scrub_special(uint32_t cp)
{
    if (cp < 128) return ascii_special[cp];
    return cp == 0x3010 || cp == 0x3011 || pc_py_isspace(cp);
}

/* 1 if the word holds a Python digit (decoding only what is valid). */
static int word_has_digit(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (c >= '0' && c <= '9') return 1;
            i++;
            continue;
        }
        uint32_t cp;
        int ok;
        i += pc_utf8_decode((const unsigned char *)s + i, n - i, &cp, &ok);
        if (ok && pc_py_isdigit(cp)) return 1;
    }
    return 0;
}

int pc_scrub(const char *s, size_t n, struct pc_buf *out, struct pc_buf *tmp)
{
    int rc;
    pc_buf_reset(tmp);
    if ((rc = pc_buf_reserve(tmp, n + 1)) != PC_OK) return rc;
    /* Steps 1-2 at once: runs become one space, emitted only between kept characters. */
    char *t = tmp->data;
    size_t w = 0, i = 0;
    int pending = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        uint32_t cp;
        size_t k;
        int ok = 1;
        if (c < 0x80) {
            if (!ascii_special[c]) { /* the common case: copy a plain ASCII byte */
                if (pending && w > 0) t[w++] = ' ';
                pending = 0;
                t[w++] = (char)c;
                i++;
                continue;
            }
            cp = c;
            k = 1;
        } else {
            k = pc_utf8_decode((const unsigned char *)s + i, n - i, &cp, &ok);
        }
        if (ok && scrub_special(cp)) {
            pending = 1;
        } else {
            if (pending && w > 0) t[w++] = ' ';
            pending = 0;
            memcpy(t + w, s + i, k);
            w += k;
        }
        i += k;
    }
    /* Step 3. */
    w = pc_replace_shrink(t, w, " ,", 2, ",", 1);
    w = pc_replace_shrink(t, w, ",,,", 3, ",", 1);
    w = pc_replace_shrink(t, w, ",,", 2, ",", 1);
    tmp->len = w;
    /* Steps 4-5: str.split(' ') keeps empty words; they are short, so they survive. */
    size_t start = 0;
    int first = 1;
    for (size_t j = 0; j <= w; j++) {
        if (j < w && t[j] != ' ') continue;
        size_t len = j - start;
        const char *word = t + start;
        start = j + 1;
        /* fewer than 7 bytes is fewer than 7 code points: kept without a look */
        if (len >= 7 && pc_utf8_count(word, len) >= 7 && word_has_digit(word, len)) continue;
        if (!first && (rc = pc_buf_putc(out, ' ')) != PC_OK) return rc;
        first = 0;
        if ((rc = pc_buf_append(out, word, len)) != PC_OK) return rc;
    }
    if (out->data == NULL && (rc = pc_buf_reserve(out, 1)) != PC_OK) return rc;
    return PC_OK;
}
