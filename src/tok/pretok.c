/* Pre-tokenizer scanners for the Llama 3 / Qwen 2 (cl100k-style), GPT-2 and Digits splits.
 * Each scanner follows its regex's alternatives in order at every position, which is what a
 * backtracking engine (Oniguruma in HF tokenizers) does for these patterns; the comments name
 * the alternative each branch implements. o200k lives in pretok_o200k.c. */
#include "tok/pretok.h"

#include <string.h>

#include "core/error.h"
#include "tok/pretok_scan.h"

int pc_pretok_split_o200k(const unsigned char *s, size_t n, pc_piece_fn fn, void *ctx);

/* clang-format off */
#define M8 PK_MULTI, PK_MULTI, PK_MULTI, PK_MULTI, PK_MULTI, PK_MULTI, PK_MULTI, PK_MULTI
#define M16 M8, M8
const uint8_t pc_pretok_byte[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, PK_WS, PK_NL, PK_WS, PK_WS, PK_NL, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    PK_SP, 0, 0, 0, 0, 0, 0, PK_APOS, 0, 0, 0, 0, 0, 0, 0, 0,
    PK_N, PK_N, PK_N, PK_N, PK_N, PK_N, PK_N, PK_N, PK_N, PK_N, 0, 0, 0, 0, 0, 0,
    0, PK_LU, PK_LU, PK_LU, PK_LU, PK_LU, PK_LU, PK_LU, PK_LU, PK_LU, PK_LU, PK_LU, PK_LU, PK_LU, PK_LU, PK_LU,
    PK_LU, PK_LU, PK_LU, PK_LU, PK_LU, PK_LU, PK_LU, PK_LU, PK_LU, PK_LU, PK_LU, 0, 0, 0, 0, 0,
    0, PK_LL, PK_LL, PK_LL, PK_LL, PK_LL, PK_LL, PK_LL, PK_LL, PK_LL, PK_LL, PK_LL, PK_LL, PK_LL, PK_LL, PK_LL,
    PK_LL, PK_LL, PK_LL, PK_LL, PK_LL, PK_LL, PK_LL, PK_LL, PK_LL, PK_LL, PK_LL, 0, 0, 0, 0, 0,
    M16, M16, M16, M16, M16, M16, M16, M16,
};
/* clang-format on */

static const char RE_LLAMA3[] =
    "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| "
    "?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
static const char RE_QWEN2[] = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| "
                               "?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
static const char RE_O200K[] =
    "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?i:'"
    "s|'t|'re|'ve|'m|'ll|'d)?|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}"
    "\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\\p{N}{1,3}| "
    "?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
static const char RE_GPT2[] =
    "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

int pc_pretok_kind_from_regex(const char *pattern, enum pc_pretok_kind *kind)
{
    static const struct {
        const char *re;
        enum pc_pretok_kind kind;
    } known[] = {{RE_LLAMA3, PC_PRETOK_LLAMA3},
                 {RE_QWEN2, PC_PRETOK_QWEN2},
                 {RE_O200K, PC_PRETOK_O200K},
                 {RE_GPT2, PC_PRETOK_GPT2}};
    if (!pattern) return PC_EINVAL;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        if (strcmp(pattern, known[i].re) == 0) {
            *kind = known[i].kind;
            return PC_OK;
        }
    }
    return PC_EUNSUPPORTED;
}

const char *pc_pretok_regex(enum pc_pretok_kind kind)
{
    switch (kind) {
    case PC_PRETOK_LLAMA3:
        return RE_LLAMA3;
    case PC_PRETOK_QWEN2:
        return RE_QWEN2;
    case PC_PRETOK_O200K:
        return RE_O200K;
    case PC_PRETOK_GPT2:
        return RE_GPT2;
    default:
        return NULL;
    }
}

/* Llama 3 (max_digits 3) and Qwen 2 (max_digits 1). */
static int split_cl100k(const unsigned char *s, size_t n, unsigned max_digits, pc_piece_fn fn,
                        void *ctx)
{
    for (size_t i = 0, j; i < n; i = j) {
        j = pk_next_cl100k(s, n, i, max_digits);
        int r = fn(ctx, i, j - i);
        if (r) return r;
    }
    return 0;
}

/* 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+ */
static int split_gpt2(const unsigned char *s, size_t n, pc_piece_fn fn, void *ctx)
{
    size_t i = 0;
    while (i < n) {
        size_t l, l2, j;
        unsigned k = pk_class(s, n, i, &l);
        j = i + l;
        if (k == PK_APOS && (l2 = pk_contraction(s, n, j, 0)) != 0) {
            j += l2;
        } else {
            unsigned body = k;
            if (k == PK_SP && j < n) {
                unsigned k2 = pk_class(s, n, j, &l2);
                if ((PK_BIT(k2) & (PK_LETTER | PK_PUNCT)) || k2 == PK_N) {
                    body = k2;
                    j += l2;
                }
            }
            if (PK_BIT(body) & PK_LETTER)
                j = pk_run(s, n, j, PK_LETTER);
            else if (body == PK_N)
                j = pk_run(s, n, j, PK_BIT(PK_N));
            else if (PK_BIT(body) & PK_PUNCT)
                j = pk_run(s, n, j, PK_PUNCT);
            else
                j = pk_space(s, n, i, 0);
        }
        int r = fn(ctx, i, j - i);
        if (r) return r;
        i = j;
    }
    return 0;
}

/* Digits: number characters (\p{N}, Rust char::is_numeric) isolated, one per piece or one
 * per run; the text between is one piece. */
static int split_digits(const unsigned char *s, size_t n, int individual, pc_piece_fn fn, void *ctx)
{
    size_t i = 0;
    while (i < n) {
        size_t l, j;
        unsigned k = pk_class(s, n, i, &l);
        j = i + l;
        if (k != PK_N)
            j = pk_run(s, n, j, ~PK_BIT(PK_N));
        else if (!individual)
            j = pk_run(s, n, j, PK_BIT(PK_N));
        int r = fn(ctx, i, j - i);
        if (r) return r;
        i = j;
    }
    return 0;
}

int pc_pretok_split(enum pc_pretok_kind kind, const char *text, size_t len, pc_piece_fn fn,
                    void *ctx)
{
    const unsigned char *s = (const unsigned char *)text;
    switch (kind) {
    case PC_PRETOK_LLAMA3:
        return split_cl100k(s, len, 3, fn, ctx);
    case PC_PRETOK_QWEN2:
        return split_cl100k(s, len, 1, fn, ctx);
    case PC_PRETOK_O200K:
        return pc_pretok_split_o200k(s, len, fn, ctx);
    case PC_PRETOK_GPT2:
        return split_gpt2(s, len, fn, ctx);
    case PC_PRETOK_DIGITS:
        return split_digits(s, len, 0, fn, ctx);
    case PC_PRETOK_DIGITS_INDIVIDUAL:
        return split_digits(s, len, 1, fn, ctx);
    }
    return PC_EINVAL;
}
