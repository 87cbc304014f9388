/* Private helpers shared by the pre-tokenizer scanners (pretok.c, pretok_o200k.c): one scan
 * class per character, with an ASCII byte table and UTF-8 decoding + text/ucd.h for the rest.
 * Not part of the public API. */
#ifndef PC_TOK_PRETOK_SCAN_H
#define PC_TOK_PRETOK_SCAN_H

#include <stddef.h>
#include <stdint.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "text/ucd.h"
#include "text/utf8.h"

/* Scan classes: 0..8 are enum pc_ucd_class; three ASCII characters get their own class
 * because the patterns name them (they are still White_Space / punctuation). */
enum {
    PK_OTHER = PC_UCD_OTHER,
    PK_LU = PC_UCD_LU,
    PK_LL = PC_UCD_LL,
    PK_LT = PC_UCD_LT,
    PK_LM = PC_UCD_LM,
    PK_LO = PC_UCD_LO,
    PK_M = PC_UCD_M,
    PK_N = PC_UCD_N,
    PK_WS = PC_UCD_WS, /* White_Space other than the three below */
    PK_NL = 9,         /* \r or \n */
    PK_SP = 10,        /* U+0020 */
    PK_APOS = 11       /* U+0027 ' */
};

#define PK_BIT(k) (1u << (k))
#define PK_LETTER (PK_BIT(PK_LU) | PK_BIT(PK_LL) | PK_BIT(PK_LT) | PK_BIT(PK_LM) | PK_BIT(PK_LO))
#define PK_SPACE (PK_BIT(PK_WS) | PK_BIT(PK_NL) | PK_BIT(PK_SP))
/* [^\s\p{L}\p{N}] */
#define PK_PUNCT (PK_BIT(PK_OTHER) | PK_BIT(PK_M) | PK_BIT(PK_APOS))
/* [^\r\n\p{L}\p{N}] */
#define PK_PREFIX (PK_PUNCT | PK_BIT(PK_WS) | PK_BIT(PK_SP))

/* Scan class of each byte; PK_MULTI for bytes >= 0x80 (decode with pk_class). */
#define PK_MULTI 12
extern const uint8_t pc_pretok_byte[256];
#define pc_pretok_ascii pc_pretok_byte

/* Class of the character at s[i] (i < n); its byte length goes to *clen. */
static inline unsigned pk_class(const unsigned char *s, size_t n, size_t i, size_t *clen)
{
    unsigned b = s[i];
    if (b < 0x80) {
        *clen = 1;
        return pc_pretok_ascii[b];
    }
    if (b >= 0xC2 && b < 0xE0 && i + 1 < n && (s[i + 1] & 0xC0) == 0x80) {
        *clen = 2;
        return pc_ucd_class(((b & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu));
    }
    if (b >= 0xE0 && b < 0xF0 && i + 2 < n && (s[i + 1] & 0xC0) == 0x80 &&
        (s[i + 2] & 0xC0) == 0x80) {
        uint32_t cp = ((b & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu);
        if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
            *clen = 3;
            return pc_ucd_class(cp);
        }
    }
    uint32_t cp;
    int valid;
    *clen = pc_utf8_decode(s + i, n - i, &cp, &valid);
    return valid > 0 ? pc_ucd_class(cp) : PK_OTHER;
}

/* End of the run of characters whose class is in mask, starting at j. */
static inline size_t pk_run(const unsigned char *s, size_t n, size_t j, unsigned mask)
{
    unsigned fast = mask & ~PK_BIT(PK_MULTI);
    for (;;) {
        while (j < n && (PK_BIT(pc_pretok_byte[s[j]]) & fast)) j++;
        if (j >= n || s[j] < 0x80) return j;
        size_t l;
        if (!(PK_BIT(pk_class(s, n, j, &l)) & mask)) return j;
        j += l;
    }
}

/* Length after the apostrophe of a contraction 's 't 're 've 'm 'll 'd at s[p..] (p is the
 * byte after the '), 0 if none. ci: ASCII case-insensitive, plus U+017F (long s), which the
 * Unicode simple case folding of Oniguruma / regex-syntax maps to 's'. */
static inline size_t pk_contraction(const unsigned char *s, size_t n, size_t p, int ci)
{
    if (p >= n) return 0;
    unsigned c = s[p];
    unsigned c2 = p + 1 < n ? s[p + 1] : 0;
    if (ci) {
        if (c >= 'A' && c <= 'Z') c |= 0x20;
        if (c2 >= 'A' && c2 <= 'Z') c2 |= 0x20;
    }
    switch (c) {
    case 's':
    case 't':
    case 'm':
    case 'd':
        return 1;
    case 'r':
    case 'v':
        return c2 == 'e' ? 2 : 0;
    case 'l':
        return c2 == 'l' ? 2 : 0;
    case 0xC5:
        return ci && c2 == 0xBF ? 2 : 0;
    default:
        return 0;
    }
}

/* Whitespace rules shared by the patterns, at a whitespace character s[i]:
 * with_nl: `\s*[\r\n]+` (up to the last newline of the run) first; then `\s+(?!\S)` (the
 * run, minus its last character unless it reaches the end of text) and `\s+`. */
static inline size_t pk_space(const unsigned char *s, size_t n, size_t i, int with_nl)
{
    size_t j = i, last = i, nl_end = 0, count = 0;
    while (j < n) {
        size_t l;
        unsigned k = pk_class(s, n, j, &l);
        if (!(PK_BIT(k) & PK_SPACE)) break;
        if (k == PK_NL) nl_end = j + l;
        last = j;
        j += l;
        count++;
    }
    if (with_nl && nl_end) return nl_end;
    if (j < n && count >= 2) return last;
    return j;
}

/* End of the piece of the Llama 3 (max_digits 3) / Qwen 2 (max_digits 1) pattern that starts
 * at s[i] (i < n). Each branch follows the regex's alternatives in order, as a backtracking
 * engine does. */
static inline size_t pk_next_cl100k(const unsigned char *s, size_t n, size_t i, unsigned max_digits)
{
    size_t l, l2, j;
    /* Fast path for the most common pieces of ASCII text: "word", " word". */
    unsigned k = pc_pretok_byte[s[i]], k2;
    if (PK_BIT(k) & PK_LETTER) return pk_run(s, n, i + 1, PK_LETTER);
    if (k == PK_SP && i + 1 < n && (PK_BIT(pc_pretok_byte[s[i + 1]]) & PK_LETTER))
        return pk_run(s, n, i + 2, PK_LETTER);
    k = pk_class(s, n, i, &l);
    j = i + l;
    if (PK_BIT(k) & PK_LETTER) { /* \p{L}+ */
        j = pk_run(s, n, j, PK_LETTER);
    } else if (k == PK_N) { /* \p{N}{1,max} */
        for (unsigned c = 1; c < max_digits && j < n; c++) {
            if (pk_class(s, n, j, &l2) != PK_N) break;
            j += l2;
        }
    } else if (k == PK_APOS && (l2 = pk_contraction(s, n, j, 1)) != 0) {
        j += l2; /* (?i:'s|'t|'re|'ve|'m|'ll|'d) */
    } else if ((PK_BIT(k) & PK_PREFIX) && j < n &&
               (PK_BIT(k2 = pk_class(s, n, j, &l2)) & PK_LETTER)) {
        j = pk_run(s, n, j + l2, PK_LETTER); /* [^\r\n\p{L}\p{N}]\p{L}+ */
    } else if ((PK_BIT(k) & PK_PUNCT) ||
               (k == PK_SP && j < n && (PK_BIT(pk_class(s, n, j, &l2)) & PK_PUNCT))) {
        /* ` ?[^\s\p{L}\p{N}]+[\r\n]*` */
        j = pk_run(s, n, j, PK_PUNCT);
        j = pk_run(s, n, j, PK_BIT(PK_NL));
    } else { /* \s*[\r\n]+ | \s+(?!\S) | \s+ */
        j = pk_space(s, n, i, 1);
    }
    return j;
}

/* Character classes of 16 ASCII bytes: bit b of each mask describes p[b]. */
struct pk_masks {
    unsigned letter; /* A-Z a-z */
    unsigned digit;  /* 0-9 */
    unsigned punct;  /* other ASCII except White_Space: [^\s\p{L}\p{N}] (controls included) */
    unsigned nl;     /* \r \n */
};

static inline struct pk_masks pk_ascii_masks(const char *p)
{
    struct pk_masks m;
#if defined(__SSE2__)
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i lo = _mm_or_si128(v, _mm_set1_epi8(0x20)); /* bytes >= 0x80 stay negative */
    __m128i l = _mm_and_si128(_mm_cmpgt_epi8(lo, _mm_set1_epi8('a' - 1)),
                              _mm_cmplt_epi8(lo, _mm_set1_epi8('z' + 1)));
    __m128i d = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
                              _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
    __m128i ws = _mm_or_si128(
        _mm_cmpeq_epi8(v, _mm_set1_epi8(' ')),
        _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(8)), _mm_cmplt_epi8(v, _mm_set1_epi8(14))));
    __m128i nl = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')),
                              _mm_cmpeq_epi8(v, _mm_set1_epi8('\r')));
    m.letter = (unsigned)_mm_movemask_epi8(l);
    m.digit = (unsigned)_mm_movemask_epi8(d);
    unsigned ascii = (unsigned)_mm_movemask_epi8(v) ^ 0xFFFFu;
    m.punct = ascii & ~(m.letter | m.digit | (unsigned)_mm_movemask_epi8(ws));
    m.nl = (unsigned)_mm_movemask_epi8(nl);
#else
    m.letter = m.digit = m.punct = m.nl = 0;
    for (int b = 0; b < 16; b++) {
        unsigned c = (unsigned char)p[b];
        int letter = (c | 0x20) - 'a' < 26, digit = c - '0' < 10;
        int ws = c == ' ' || (c >= 9 && c <= 13);
        m.letter |= (unsigned)letter << b;
        m.digit |= (unsigned)digit << b;
        m.punct |= (unsigned)(c < 0x80 && !letter && !digit && !ws) << b;
        m.nl |= (unsigned)(c == '\n' || c == '\r') << b;
    }
#endif
    return m;
}

/* Fast path of pk_next_cl100k, for 16 readable bytes at s[i]: the end of the piece from the
 * class masks of s[i..i+16), or 0 when the masks cannot decide (the piece may reach a
 * non-ASCII character or the 16th byte; whitespace runs; contractions), and then
 * pk_next_cl100k decides. Whenever it is non-zero it equals pk_next_cl100k's answer (checked
 * by fuzz_pretok and test_pretok). */
static inline size_t pk_fast_cl100k(const unsigned char *s, size_t i, unsigned max_digits)
{
    struct pk_masks m = pk_ascii_masks((const char *)s + i);
    unsigned run, r2;
    if (m.letter & 1) {                           /* \p{L}+ */
        run = (unsigned)__builtin_ctz(~m.letter); /* <= 16 */
        return run < 16 && s[i + run] < 0x80 ? i + run : 0;
    }
    if (m.digit & 1) { /* \p{N}{1,max} */
        run = (unsigned)__builtin_ctz(~m.digit);
        if (run >= max_digits) return i + max_digits;
        return s[i + run] < 0x80 ? i + run : 0;
    }
    unsigned at = 0; /* where the punctuation run starts */
    if (s[i] == ' ') {
        if (m.letter & 2) { /* [^\r\n\p{L}\p{N}]\p{L}+ with the space as prefix */
            run = 1 + (unsigned)__builtin_ctz(~(m.letter >> 1));
            return run < 16 && s[i + run] < 0x80 ? i + run : 0;
        }
        if (m.digit & 2) return i + 1; /* \s+ (one space before a digit) */
        if (!(m.punct & 2)) return 0;  /* more whitespace, or non-ASCII */
        at = 1;                        /* ` ?[^\s\p{L}\p{N}]+[\r\n]*` */
    } else if (m.punct & 1) {
        if (s[i] == '\'') return 0; /* contractions first */
        if (m.letter & 2) {         /* [^\r\n\p{L}\p{N}]\p{L}+ */
            run = 1 + (unsigned)__builtin_ctz(~(m.letter >> 1));
            return run < 16 && s[i + run] < 0x80 ? i + run : 0;
        }
        if (s[i + 1] >= 0x80) return 0; /* maybe a non-ASCII letter or punctuation */
    } else {
        return 0;
    }
    run = at + (unsigned)__builtin_ctz(~(m.punct >> at)); /* [^\s\p{L}\p{N}]+ */
    if (run >= 16) return 0;
    r2 = (unsigned)__builtin_ctz(~(m.nl >> run) | (1u << (16 - run))); /* [\r\n]* */
    if (run + r2 >= 16) return 0;
    if (r2 == 0 && s[i + run] >= 0x80) return 0; /* the run may go on past ASCII */
    return i + run + r2;
}

#endif
