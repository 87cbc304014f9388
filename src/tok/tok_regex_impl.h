/* Private layout of a compiled regex and of its syntax tree, shared by tok_regex_parse.c
 * (parser), tok_regex_compile.c (compiler) and tok_regex.c (matcher). Not included outside
 * src/tok/. */
#ifndef PC_TOK_TOK_REGEX_IMPL_H
#define PC_TOK_TOK_REGEX_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "text/ucd.h"
#include "text/ucd_ps.h"

/* Property bits of a code point. */
enum {
    B_LU = 1,
    B_LL = 2,
    B_LT = 4,
    B_LM = 8,
    B_LO = 16,
    B_M = 32,
    B_N = 64,
    B_WS = 128,
    B_P = 256,
    B_S = 512,
    B_L = B_LU | B_LL | B_LT | B_LM | B_LO
};

static inline uint32_t tok_re_cp_bits(uint32_t cp)
{
    static const uint16_t of_class[PC_UCD_NCLASSES] = {0,    B_LU, B_LL, B_LT, B_LM,
                                                       B_LO, B_M,  B_N,  B_WS};
    unsigned c = pc_ucd_class(cp);
    uint32_t b = c < PC_UCD_NCLASSES ? of_class[c] : 0;
    if (!b) {
        unsigned ps = pc_ucd_ps(cp);
        b = ps == 1 ? B_P : ps == 2 ? B_S : 0;
    }
    return b;
}

/* Simple case folding, restricted as documented in tok_regex.h. */
static inline uint32_t tok_re_fold(uint32_t cp)
{
    if (cp >= 'A' && cp <= 'Z') return cp + 32;
    if (cp == 0x17F) return 's';
    if (cp == 0x212A) return 'k';
    return cp;
}

/* ---- classes ---- */

struct range {
    uint32_t lo, hi;
};
struct cls {
    struct range *r;
    uint32_t nr, cap;
    uint32_t props, negprops_n; /* props: any bit matches */
    uint32_t negprops[8];       /* \S, \P{X} inside a class: matches when no bit is set */
    uint8_t neg, icase;
};

/* ---- program ---- */

enum { OP_CHAR, OP_CHARI, OP_CLASS, OP_ANY, OP_SPLIT, OP_JMP, OP_LOOK, OP_MATCH };
struct inst {
    uint8_t op, neg;
    uint32_t a, b; /* CHAR: a = cp; CLASS: a = class; SPLIT: a first, b second; JMP: a;
                      LOOK: a = sub-program start, b = next instruction */
};

struct tok_regex {
    struct inst *code;
    uint32_t n, cap;
    struct cls *cls;
    uint32_t ncls, clscap;
};

/* ---- syntax tree (tok_regex_parse.c builds it, tok_regex_compile.c compiles it) ---- */

enum { N_CHAR, N_CLASS, N_ANY, N_CAT, N_ALT, N_REP, N_LOOK, N_EMPTY };
struct tok_re_node {
    int type;
    uint32_t cp, cls;
    int icase, neg, greedy;
    int min, max; /* REP; max -1 = unbounded */
    struct tok_re_node **kids;
    int nkids, kcap;
};

struct tok_re_parser {
    const char *p, *end;
    struct tok_regex *re;
    char *why;
    size_t whylen;
    int err; /* PC_EUNSUPPORTED / PC_ENOMEM */
    int depth;
    struct tok_re_node **all; /* every node, for freeing */
    size_t nall, allcap;
};

/* Records the first failure (err, and what into ps->why); returns err. */
int tok_re_fail(struct tok_re_parser *ps, int err, const char *what);
/* Parses the whole pattern ps->p .. ps->end into a tree whose nodes ps->all owns; NULL (with
 * ps->err set) on failure. */
struct tok_re_node *tok_re_parse(struct tok_re_parser *ps);

#endif
