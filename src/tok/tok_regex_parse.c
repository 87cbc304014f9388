/* Parser of the general Split-regex engine (contract in tok_regex.h): a recursive descent
 * parser builds the small syntax tree (tok_regex_impl.h) that tok_regex_compile.c compiles
 * to the program tok_regex.c runs. Anything outside the supported subset is refused with
 * its name. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "tok/tok_regex.h"
#include "tok/tok_regex_impl.h"

int tok_re_fail(struct tok_re_parser *ps, int err, const char *what)
{
    if (!ps->err) {
        ps->err = err;
        if (ps->why && ps->whylen) snprintf(ps->why, ps->whylen, "%s", what);
    }
    return err;
}

static struct tok_re_node *node_new(struct tok_re_parser *ps, int type)
{
    if (ps->nall == ps->allcap) {
        size_t cap = ps->allcap ? ps->allcap * 2 : 64;
        struct tok_re_node **v = realloc(ps->all, cap * sizeof *v);
        if (!v) return tok_re_fail(ps, PC_ENOMEM, "out of memory"), NULL;
        ps->all = v;
        ps->allcap = cap;
    }
    struct tok_re_node *n = calloc(1, sizeof *n);
    if (!n) return tok_re_fail(ps, PC_ENOMEM, "out of memory"), NULL;
    n->type = type;
    ps->all[ps->nall++] = n;
    return n;
}

static int node_add(struct tok_re_parser *ps, struct tok_re_node *parent, struct tok_re_node *kid)
{
    if (parent->nkids == parent->kcap) {
        int cap = parent->kcap ? parent->kcap * 2 : 4;
        struct tok_re_node **v = realloc(parent->kids, (size_t)cap * sizeof *v);
        if (!v) return tok_re_fail(ps, PC_ENOMEM, "out of memory");
        parent->kids = v;
        parent->kcap = cap;
    }
    parent->kids[parent->nkids++] = kid;
    return PC_OK;
}

/* Decodes one UTF-8 character of the pattern. */
static uint32_t pat_char(struct tok_re_parser *ps)
{
    const unsigned char *s = (const unsigned char *)ps->p;
    uint32_t c = s[0];
    int len = 1;
    if (c >= 0xF0 && ps->end - ps->p >= 4)
        c = ((c & 7u) << 18) | ((s[1] & 63u) << 12) | ((s[2] & 63u) << 6) | (s[3] & 63u), len = 4;
    else if (c >= 0xE0 && ps->end - ps->p >= 3)
        c = ((c & 15u) << 12) | ((s[1] & 63u) << 6) | (s[2] & 63u), len = 3;
    else if (c >= 0xC0 && ps->end - ps->p >= 2)
        c = ((c & 31u) << 6) | (s[1] & 63u), len = 2;
    ps->p += len;
    return c;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Property name -> bits (0 = unknown). */
static uint32_t prop_bits(const char *name, size_t n)
{
    static const struct {
        const char *name;
        uint32_t bits;
    } props[] = {{"L", B_L},           {"Letter", B_L}, {"Lu", B_LU},    {"Ll", B_LL},
                 {"Lt", B_LT},         {"Lm", B_LM},    {"Lo", B_LO},    {"M", B_M},
                 {"Mark", B_M},        {"N", B_N},      {"Number", B_N}, {"P", B_P},
                 {"Punctuation", B_P}, {"S", B_S},      {"Symbol", B_S}, {"White_Space", B_WS}};
    for (size_t i = 0; i < sizeof props / sizeof props[0]; i++)
        if (strlen(props[i].name) == n && !memcmp(props[i].name, name, n)) return props[i].bits;
    return 0;
}

/* An escape after a backslash. Sets *cp for a character, or *bits and *negated for a class
 * Returns 0 (character), 1 (class), or an error. */
static int parse_escape(struct tok_re_parser *ps, uint32_t *cp, uint32_t *bits, int *negated)
{
    if (ps->p >= ps->end) return tok_re_fail(ps, PC_EUNSUPPORTED, "trailing backslash");
    char c = *ps->p++;
    *negated = 0;
    switch (c) {
    case 'r':
        *cp = '\r';
        return 0;
    case 'n':
        *cp = '\n';
        return 0;
    case 't':
        *cp = '\t';
        return 0;
    case 'f':
        *cp = '\f';
        return 0;
    case 'v':
        *cp = '\v';
        return 0;
    case 'e':
        *cp = 0x1B;
        return 0;
    case '0':
        *cp = 0;
        return 0;
    case 's':
        *bits = B_WS;
        return 1;
    case 'S':
        *bits = B_WS, *negated = 1;
        return 1;
    case 'x':
    case 'u': {
        uint32_t v = 0;
        int digits = 0;
        if (c == 'x' && ps->p < ps->end && *ps->p == '{') {
            ps->p++;
            while (ps->p < ps->end && *ps->p != '}' && hexval(*ps->p) >= 0 && digits < 7)
                v = v * 16 + (uint32_t)hexval(*ps->p++), digits++;
            if (ps->p >= ps->end || *ps->p != '}' || !digits)
                return tok_re_fail(ps, PC_EUNSUPPORTED, "\\x{...} escape");
            ps->p++;
        } else {
            int want = c == 'x' ? 2 : 4;
            while (digits < want && ps->p < ps->end && hexval(*ps->p) >= 0)
                v = v * 16 + (uint32_t)hexval(*ps->p++), digits++;
            if (digits != want) return tok_re_fail(ps, PC_EUNSUPPORTED, "\\x / \\u escape");
        }
        if (v > 0x10FFFF) return tok_re_fail(ps, PC_EUNSUPPORTED, "escape beyond U+10FFFF");
        *cp = v;
        return 0;
    }
    case 'p':
    case 'P': {
        if (ps->p >= ps->end || *ps->p != '{')
            return tok_re_fail(ps, PC_EUNSUPPORTED, "\\p without {");
        const char *q = ++ps->p;
        while (ps->p < ps->end && *ps->p != '}') ps->p++;
        if (ps->p >= ps->end) return tok_re_fail(ps, PC_EUNSUPPORTED, "unterminated \\p{");
        int neg = c == 'P';
        if (*q == '^') neg = !neg, q++;
        uint32_t b = prop_bits(q, (size_t)(ps->p - q));
        ps->p++;
        if (!b) {
            char what[64];
            snprintf(what, sizeof what, "\\p{%.*s}",
                     (int)(ps->p - 1 - q) > 40 ? 40 : (int)(ps->p - 1 - q), q);
            return tok_re_fail(ps, PC_EUNSUPPORTED, what);
        }
        *bits = b;
        *negated = neg;
        return 1;
    }
    default:
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '1' && c <= '9')) {
            char what[8];
            snprintf(what, sizeof what, "\\%c", c);
            return tok_re_fail(ps, PC_EUNSUPPORTED, what);
        }
        ps->p--;
        *cp = pat_char(ps); /* escaped punctuation or any other character is literal */
        return 0;
    }
}

static int new_class(struct tok_re_parser *ps, uint32_t *idx)
{
    struct tok_regex *re = ps->re;
    if (re->ncls == re->clscap) {
        uint32_t cap = re->clscap ? re->clscap * 2 : 8;
        struct cls *v = realloc(re->cls, cap * sizeof *v);
        if (!v) return tok_re_fail(ps, PC_ENOMEM, "out of memory");
        re->cls = v;
        re->clscap = cap;
    }
    memset(&re->cls[re->ncls], 0, sizeof re->cls[0]);
    *idx = re->ncls++;
    return PC_OK;
}

static int cls_add_range(struct tok_re_parser *ps, struct cls *c, uint32_t lo, uint32_t hi)
{
    if (c->nr == c->cap) {
        uint32_t cap = c->cap ? c->cap * 2 : 8;
        struct range *v = realloc(c->r, cap * sizeof *v);
        if (!v) return tok_re_fail(ps, PC_ENOMEM, "out of memory");
        c->r = v;
        c->cap = cap;
    }
    c->r[c->nr].lo = lo;
    c->r[c->nr].hi = hi;
    c->nr++;
    return PC_OK;
}

static int cls_add_bits(struct tok_re_parser *ps, struct cls *c, uint32_t bits, int negated,
                        int icase)
{
    if (icase && (bits & (B_LU | B_LL | B_LT)) && (bits & B_L) != B_L)
        return tok_re_fail(ps, PC_EUNSUPPORTED, "case-insensitive \\p{Lu}/\\p{Ll}/\\p{Lt}");
    if (!negated) {
        c->props |= bits;
        return PC_OK;
    }
    if (c->negprops_n == 8)
        return tok_re_fail(ps, PC_EUNSUPPORTED, "class with over 8 negated sets");
    c->negprops[c->negprops_n++] = bits;
    return PC_OK;
}

/* A bracket class, after its opening bracket. */
static struct tok_re_node *parse_class(struct tok_re_parser *ps, int icase)
{
    struct tok_re_node *n = node_new(ps, N_CLASS);
    if (!n || new_class(ps, &n->cls)) return NULL;
    struct cls *c = &ps->re->cls[n->cls];
    c->icase = (uint8_t)icase;
    if (ps->p < ps->end && *ps->p == '^') c->neg = 1, ps->p++;
    int first = 1;
    for (;;) {
        if (ps->p >= ps->end) return tok_re_fail(ps, PC_EUNSUPPORTED, "unterminated class"), NULL;
        if (*ps->p == ']' && !first) {
            ps->p++;
            break;
        }
        first = 0;
        if (*ps->p == '[') return tok_re_fail(ps, PC_EUNSUPPORTED, "nested class"), NULL;
        if (ps->p + 1 < ps->end && *ps->p == '&' && ps->p[1] == '&')
            return tok_re_fail(ps, PC_EUNSUPPORTED, "class intersection &&"), NULL;
        uint32_t lo, bits;
        int negated;
        if (*ps->p == '\\') {
            ps->p++;
            int k = parse_escape(ps, &lo, &bits, &negated);
            if (k < 0 || ps->err) return NULL;
            if (k == 1) {
                if (cls_add_bits(ps, c, bits, negated, icase)) return NULL;
                c = &ps->re->cls[n->cls];
                continue;
            }
        } else {
            lo = pat_char(ps);
        }
        uint32_t hi = lo;
        if (ps->p + 1 < ps->end && *ps->p == '-' && ps->p[1] != ']') {
            ps->p++;
            if (*ps->p == '\\') {
                ps->p++;
                int k = parse_escape(ps, &hi, &bits, &negated);
                if (k != 0 || ps->err) return tok_re_fail(ps, PC_EUNSUPPORTED, "class range"), NULL;
            } else {
                hi = pat_char(ps);
            }
            if (hi < lo) return tok_re_fail(ps, PC_EUNSUPPORTED, "reversed class range"), NULL;
        }
        if (icase && hi >= 0x80)
            return tok_re_fail(ps, PC_EUNSUPPORTED, "case-insensitive non-ASCII class"), NULL;
        if (cls_add_range(ps, c, lo, hi)) return NULL;
    }
    return n;
}

static struct tok_re_node *parse_alt(struct tok_re_parser *ps, int icase);

/* One atom, with its quantifier. *icase may be changed by an inline (?i). */
static struct tok_re_node *parse_atom(struct tok_re_parser *ps, int *icase)
{
    struct tok_re_node *a = NULL;
    char c = *ps->p;
    if (c == '(') {
        ps->p++;
        if (++ps->depth > 64)
            return tok_re_fail(ps, PC_EUNSUPPORTED, "groups nested over 64"), NULL;
        int sub_icase = *icase;
        int look = 0, neg = 0;
        if (ps->p < ps->end && *ps->p == '?') {
            ps->p++;
            if (ps->p < ps->end && *ps->p == ':') {
                ps->p++;
            } else if (ps->p < ps->end && (*ps->p == '=' || *ps->p == '!')) {
                look = 1;
                neg = *ps->p == '!';
                ps->p++;
            } else if (ps->p + 1 < ps->end && ps->p[0] == 'i' &&
                       (ps->p[1] == ':' || ps->p[1] == ')')) {
                if (ps->p[1] == ')') { /* (?i) for the rest of the enclosing group */
                    ps->p += 2;
                    ps->depth--;
                    *icase = 1;
                    return node_new(ps, N_EMPTY);
                }
                ps->p += 2;
                sub_icase = 1;
            } else {
                return tok_re_fail(ps, PC_EUNSUPPORTED,
                                   "group (?...) other than (?:, (?i:, (?=, (?!"),
                       NULL;
            }
        }
        struct tok_re_node *inner = parse_alt(ps, sub_icase);
        if (!inner) return NULL;
        if (ps->p >= ps->end || *ps->p != ')')
            return tok_re_fail(ps, PC_EUNSUPPORTED, "unbalanced ("), NULL;
        ps->p++;
        ps->depth--;
        if (look) {
            a = node_new(ps, N_LOOK);
            if (!a || node_add(ps, a, inner)) return NULL;
            a->neg = neg;
            return a; /* a quantifier on a look-around is refused below by the caller's loop */
        }
        a = inner;
    } else if (c == '[') {
        ps->p++;
        a = parse_class(ps, *icase);
    } else if (c == '.') {
        ps->p++;
        a = node_new(ps, N_ANY);
    } else if (c == '^' || c == '$') {
        return tok_re_fail(ps, PC_EUNSUPPORTED, c == '^' ? "anchor ^" : "anchor $"), NULL;
    } else if (c == '*' || c == '+' || c == '?' || c == '{') {
        return tok_re_fail(ps, PC_EUNSUPPORTED, "quantifier without operand"), NULL;
    } else {
        uint32_t cp, bits;
        int negated, k = 0;
        if (c == '\\') {
            ps->p++;
            k = parse_escape(ps, &cp, &bits, &negated);
            if (k < 0 || ps->err) return NULL;
        } else {
            cp = pat_char(ps);
        }
        if (k == 1) {
            a = node_new(ps, N_CLASS);
            if (!a || new_class(ps, &a->cls)) return NULL;
            if (cls_add_bits(ps, &ps->re->cls[a->cls], bits, negated, *icase)) return NULL;
        } else {
            if (*icase && cp >= 0x80)
                return tok_re_fail(ps, PC_EUNSUPPORTED, "case-insensitive non-ASCII literal"), NULL;
            a = node_new(ps, N_CHAR);
            if (!a) return NULL;
            a->cp = *icase ? tok_re_fold(cp) : cp;
            a->icase = *icase && tok_re_fold(cp) >= 'a' && tok_re_fold(cp) <= 'z';
        }
    }
    if (!a) return NULL;
    /* quantifiers */
    while (ps->p < ps->end && (*ps->p == '*' || *ps->p == '+' || *ps->p == '?' || *ps->p == '{')) {
        /* a quantifier on a quantified atom (a???, a*{2}) nests repetitions: exponential
         * backtracking for nothing a tokenizer needs (a lazy '?' is read below) */
        if (a->type == N_REP) return tok_re_fail(ps, PC_EUNSUPPORTED, "stacked quantifiers"), NULL;
        int min = 0, max = -1;
        char q = *ps->p++;
        if (q == '+')
            min = 1;
        else if (q == '?')
            max = 1;
        else if (q == '{') {
            const char *save = ps->p;
            int lo = 0, hi, dl = 0;
            while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9' && lo < 100000)
                lo = lo * 10 + (*ps->p++ - '0'), dl++;
            hi = lo;
            if (ps->p < ps->end && *ps->p == ',') {
                ps->p++;
                hi = -1;
                if (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') {
                    hi = 0;
                    while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9' && hi < 100000)
                        hi = hi * 10 + (*ps->p++ - '0');
                }
            }
            if (!dl || ps->p >= ps->end || *ps->p != '}') {
                ps->p = save; /* Oniguruma: a '{' that is not a quantifier is literal */
                return tok_re_fail(ps, PC_EUNSUPPORTED, "literal '{' after an atom"), NULL;
            }
            ps->p++;
            if ((hi >= 0 && hi < lo) || lo > 1000 || hi > 1000)
                return tok_re_fail(ps, PC_EUNSUPPORTED, "repetition count over 1000"), NULL;
            min = lo, max = hi;
        }
        int greedy = 1;
        if (ps->p < ps->end && *ps->p == '?')
            greedy = 0, ps->p++;
        else if (ps->p < ps->end && *ps->p == '+')
            return tok_re_fail(ps, PC_EUNSUPPORTED, "possessive quantifier"), NULL;
        if (a->type == N_LOOK)
            return tok_re_fail(ps, PC_EUNSUPPORTED, "quantified look-around"), NULL;
        struct tok_re_node *r = node_new(ps, N_REP);
        if (!r || node_add(ps, r, a)) return NULL;
        r->min = min, r->max = max, r->greedy = greedy;
        a = r;
    }
    return a;
}

static struct tok_re_node *parse_cat(struct tok_re_parser *ps, int *icase)
{
    struct tok_re_node *cat = node_new(ps, N_CAT);
    if (!cat) return NULL;
    while (ps->p < ps->end && *ps->p != '|' && *ps->p != ')') {
        struct tok_re_node *a = parse_atom(ps, icase);
        if (!a || node_add(ps, cat, a)) return NULL;
    }
    return cat;
}

static struct tok_re_node *parse_alt(struct tok_re_parser *ps, int icase)
{
    struct tok_re_node *alt = node_new(ps, N_ALT);
    if (!alt) return NULL;
    for (;;) {
        struct tok_re_node *cat = parse_cat(ps, &icase); /* (?i) lasts to the end of the group */
        if (!cat || node_add(ps, alt, cat)) return NULL;
        if (ps->p < ps->end && *ps->p == '|') {
            ps->p++;
            continue;
        }
        return alt;
    }
}

struct tok_re_node *tok_re_parse(struct tok_re_parser *ps)
{
    return parse_alt(ps, 0);
}
