/* GPT-4o (o200k) pre-tokenizer scanner. Pattern (alternatives tried in order):
 *   A  [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+C?
 *   B  [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*C?
 *      with C = (?i:'s|'t|'re|'ve|'m|'ll|'d)
 *   \p{N}{1,3} |  ?[^\s\p{L}\p{N}]+[\r\n/]* | \s*[\r\n]+ | \s+(?!\S) | \s+
 * Call U = [Lu Lt Lm Lo M] ("upper") and W = [Ll Lm Lo M] ("lower"); Lm, Lo and M are in both.
 * A backtracking engine tries A with the optional prefix, A without it, then B likewise. */
#include "tok/pretok.h"
#include "tok/pretok_scan.h"

int pc_pretok_split_o200k(const unsigned char *s, size_t n, pc_piece_fn fn, void *ctx);

#define UPPER (PK_BIT(PK_LU) | PK_BIT(PK_LT) | PK_BIT(PK_LM) | PK_BIT(PK_LO) | PK_BIT(PK_M))
#define LOWER (PK_BIT(PK_LL) | PK_BIT(PK_LM) | PK_BIT(PK_LO) | PK_BIT(PK_M))
#define BOTH (PK_BIT(PK_LM) | PK_BIT(PK_LO) | PK_BIT(PK_M))
#define FAIL ((size_t)-1)

/* U*W+ from p: U* takes the maximal U run R; if an Ll follows, W+ takes the W run from it;
 * otherwise U* backtracks to the last character of R that is also in W (ending there), and
 * fails when R has none. Returns the end or FAIL. */
static size_t alt_a(const unsigned char *s, size_t n, size_t p)
{
    size_t j = p, last_both_end = FAIL, l;
    while (j < n) {
        unsigned k = pk_class(s, n, j, &l);
        if (k == PK_LL) return pk_run(s, n, j + l, LOWER);
        if (!(PK_BIT(k) & UPPER)) break;
        if (PK_BIT(k) & BOTH) last_both_end = j + l;
        j += l;
    }
    return last_both_end;
}

/* U+W* from p. Returns the end or FAIL. */
static size_t alt_b(const unsigned char *s, size_t n, size_t p)
{
    size_t j = pk_run(s, n, p, UPPER);
    if (j == p) return FAIL;
    return pk_run(s, n, j, LOWER);
}

int pc_pretok_split_o200k(const unsigned char *s, size_t n, pc_piece_fn fn, void *ctx)
{
    size_t i = 0;
    while (i < n) {
        size_t l, l2, j;
        /* ASCII fast path: [prefix]Upper*lower+ or [prefix]Upper+ ending on an ASCII byte
         * (ASCII has no letter in both U and W, so A and B reduce to these two shapes). */
        size_t p = i;
        unsigned k = pc_pretok_byte[s[i]];
        if ((PK_BIT(k) & PK_PREFIX) && i + 1 < n &&
            (PK_BIT(pc_pretok_byte[s[i + 1]]) & (PK_BIT(PK_LU) | PK_BIT(PK_LL))))
            p = i + 1;
        if (PK_BIT(pc_pretok_byte[s[p]]) & (PK_BIT(PK_LU) | PK_BIT(PK_LL))) {
            size_t u = p, e;
            while (u < n && pc_pretok_byte[s[u]] == PK_LU) u++;
            e = u;
            while (e < n && pc_pretok_byte[s[e]] == PK_LL) e++;
            if (e >= n || s[e] < 0x80) {
                j = e; /* e == u: only capitals, alternative B */
                if (j < n && s[j] == '\'') {
                    size_t c = pk_contraction(s, n, j + 1, 1);
                    if (c) j += 1 + c;
                }
                goto emit;
            }
        }
        k = pk_class(s, n, i, &l);
        int prefix = (PK_BIT(k) & PK_PREFIX) != 0;
        j = FAIL;
        if (prefix && i + l < n) j = alt_a(s, n, i + l);
        if (j == FAIL) j = alt_a(s, n, i);
        if (j == FAIL && prefix && i + l < n) j = alt_b(s, n, i + l);
        if (j == FAIL) j = alt_b(s, n, i);
        if (j != FAIL && j < n && s[j] == '\'') { /* optional (?i:'s|'t|'re|'ve|'m|'ll|'d) */
            size_t c = pk_contraction(s, n, j + 1, 1);
            if (c) j += 1 + c;
        }
        if (j == FAIL) {
            j = i + l;
            if (k == PK_N) { /* \p{N}{1,3} */
                for (unsigned c = 1; c < 3 && j < n; c++) {
                    if (pk_class(s, n, j, &l2) != PK_N) break;
                    j += l2;
                }
            } else if ((PK_BIT(k) & PK_PUNCT) ||
                       (k == PK_SP && j < n && (PK_BIT(pk_class(s, n, j, &l2)) & PK_PUNCT))) {
                /* ` ?[^\s\p{L}\p{N}]+[\r\n/]*` */
                j = pk_run(s, n, j, PK_PUNCT);
                while (j < n && (s[j] == '\r' || s[j] == '\n' || s[j] == '/')) j++;
            } else { /* \s*[\r\n]+ | \s+(?!\S) | \s+ */
                j = pk_space(s, n, i, 1);
            }
        }
    emit:;
        int r = fn(ctx, i, j - i);
        if (r) return r;
        i = j;
    }
    return 0;
}
