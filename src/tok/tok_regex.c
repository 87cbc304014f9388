/* Matcher of the general Split-regex engine (contract in tok_regex.h): the program compiled by
 * tok_regex_parse.c runs on a depth-first backtracking machine (the order of exploration is
 * the priority order of Oniguruma, so the first match found is the one it reports). */
#include "tok/tok_regex.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "tok/tok_regex_impl.h"

static int cls_match(const struct cls *c, uint32_t cp)
{
    int in = 0;
    uint32_t bits = (c->props || c->negprops_n) ? tok_re_cp_bits(cp) : 0;
    if (bits & c->props) in = 1;
    for (uint32_t i = 0; i < c->negprops_n && !in; i++)
        if (!(bits & c->negprops[i])) in = 1;
    uint32_t f = c->icase ? tok_re_fold(cp) : cp;
    for (uint32_t i = 0; i < c->nr && !in; i++) {
        if (cp >= c->r[i].lo && cp <= c->r[i].hi) in = 1;
        if (c->icase && f >= c->r[i].lo && f <= c->r[i].hi) in = 1;
        if (c->icase && f >= 'a' && f <= 'z' && f - 32 >= c->r[i].lo && f - 32 <= c->r[i].hi)
            in = 1;
    }
    return in ^ c->neg;
}

/* ---- matcher ---- */

/* Next code point of valid UTF-8 at s[i] (i < n); its length in *len. */
static inline uint32_t next_cp(const unsigned char *s, size_t n, size_t i, size_t *len)
{
    uint32_t c = s[i];
    if (c < 0x80 || i + 1 >= n) return *len = 1, c;
    if (c < 0xE0) return *len = 2, ((c & 31u) << 6) | (s[i + 1] & 63u);
    if (c < 0xF0 || i + 3 >= n) {
        if (i + 2 >= n) return *len = 1, c;
        return *len = 3, ((c & 15u) << 12) | ((s[i + 1] & 63u) << 6) | (s[i + 2] & 63u);
    }
    return *len = 4,
           ((c & 7u) << 18) | ((s[i + 1] & 63u) << 12) | ((s[i + 2] & 63u) << 6) | (s[i + 3] & 63u);
}

struct frame {
    uint32_t pc;
    size_t pos;
};
struct stack {
    struct frame *v, local[64];
    size_t n, cap;
};

static int push(struct stack *st, uint32_t pc, size_t pos)
{
    if (st->n == st->cap) {
        size_t cap = st->cap * 2;
        struct frame *v;
        if (st->v == st->local) {
            v = malloc(cap * sizeof *v);
            if (v) memcpy(v, st->local, sizeof st->local);
        } else {
            v = realloc(st->v, cap * sizeof *v);
        }
        if (!v) return PC_ENOMEM;
        st->v = v;
        st->cap = cap;
    }
    st->v[st->n].pc = pc;
    st->v[st->n].pos = pos;
    st->n++;
    return PC_OK;
}

/* Runs the program from pc at pos; returns the end of the first match in priority order, -1
 * for no match, -2 for out of memory, -3 when *budget (instructions) runs out. */
static long run(const struct tok_regex *re, const unsigned char *s, size_t n, uint32_t pc0,
                size_t pos0, int depth, uint64_t *budget)
{
    struct stack st;
    st.v = st.local;
    st.n = 0;
    st.cap = sizeof st.local / sizeof st.local[0];
    long result = -1;
    if (push(&st, pc0, pos0)) return -2;
    while (st.n) {
        st.n--;
        uint32_t pc = st.v[st.n].pc;
        size_t pos = st.v[st.n].pos;
        for (;;) {
            const struct inst *in = &re->code[pc];
            size_t len;
            if (!--*budget) {
                result = -3;
                goto done;
            }
            if (in->op == OP_MATCH) {
                result = (long)pos;
                goto done;
            }
            if (in->op == OP_SPLIT) {
                if (push(&st, in->b, pos)) {
                    result = -2;
                    goto done;
                }
                pc = in->a;
                continue;
            }
            if (in->op == OP_JMP) {
                pc = in->a;
                continue;
            }
            if (in->op == OP_LOOK) {
                long r = depth < 32 ? run(re, s, n, in->a, pos, depth + 1, budget) : -2;
                if (r <= -2) {
                    result = r;
                    goto done;
                }
                if ((r >= 0) == !in->neg) {
                    pc = in->b;
                    continue;
                }
                break;
            }
            if (pos >= n) break;
            uint32_t cp = next_cp(s, n, pos, &len);
            int ok;
            if (in->op == OP_CHAR)
                ok = cp == in->a;
            else if (in->op == OP_CHARI)
                ok = tok_re_fold(cp) == in->a;
            else if (in->op == OP_ANY)
                ok = cp != '\n';
            else
                ok = cls_match(&re->cls[in->a], cp);
            if (!ok) break;
            pos += len;
            pc++;
        }
    }
done:
    if (st.v != st.local) free(st.v);
    return result;
}

int tok_regex_find(const struct tok_regex *re, const char *s, size_t n, size_t from, size_t *ms,
                   size_t *me)
{
    const unsigned char *u = (const unsigned char *)s;
    /* Polynomial patterns (\s*\s*x) could still take long on a long piece: past this budget
     * the piece is refused (PC_ETOOBIG) rather than split differently from Oniguruma. */
    uint64_t budget = 200000000ull + 4096ull * (n - from);
    for (size_t i = from; i < n;) {
        long e = run(re, u, n, 0, i, 0, &budget);
        if (e == -2) return PC_ENOMEM;
        if (e == -3) return PC_ETOOBIG;
        if (e > (long)i) {
            *ms = i;
            *me = (size_t)e;
            return 1;
        }
        size_t len;
        next_cp(u, n, i, &len);
        i += len;
    }
    return 0;
}
