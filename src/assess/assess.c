#include "assess/assess.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "assess/assess_int.h"
#include "core/error.h"

_Static_assert(PC_ASSESS_RECENT == PC_AS_RECENT, "one size of recent-word cache");

const double pc_as_prange_edges[PC_AS_PRANGES + 1] = {0, 10, 25, 50, 100, 250, 500, 1000};

void pc_assess_opts_default(struct pc_assess_opts *o)
{
    o->seed = 42;
    o->threshold = 0.8;
    o->shingle = 5;
    o->near_max = 500000;
    o->examples = 3;
    o->iqr_k = 3;
    o->threads = 1;
    o->helper_ns = NULL;
    o->expect = 0;
    o->progress = NULL;
    o->progress_ud = NULL;
}

struct pc_assess *pc_assess_new(const struct pc_assess_opts *o, enum pc_assess_mode mode)
{
    struct pc_assess *a = calloc(1, sizeof *a);
    if (!a) return NULL;
    if (o)
        a->o = *o;
    else
        pc_assess_opts_default(&a->o);
    if (a->o.examples > PC_AS_MAXEX) a->o.examples = PC_AS_MAXEX;
    if (a->o.shingle < 1) a->o.shingle = 1;
    a->mode = mode;
    a->bodies.with_tv = mode == PC_ASSESS_SPLIT; /* test and validation: split folders only */
    a->bloom = calloc((size_t)1 << (PC_AS_BLOOM_BITS_LOG2 - 3), 1);
    pc_wordhash_init(&a->wordhash, 7);
    pc_catcount_init(&a->catcount, 0);
    if (!a->bloom || pc_hist_init(&a->prices, 0, 1000, 50) ||
        pc_hist_init(&a->tokens, 0, 300, 30)) {
        pc_assess_free(a);
        return NULL;
    }
    if (a->o.expect) { /* a hint: without the memory now, the sets grow as they fill */
        (void)pc_as_set_reserve(&a->bodies, a->o.expect);
        if (mode == PC_ASSESS_ITEMS) (void)pc_as_set_reserve(&a->asins, a->o.expect);
    }
    return a;
}

void pc_assess_free(struct pc_assess *a)
{
    if (!a) return;
    pc_assess_trim(a, 0);
    for (int i = 0; i < PC_PART_COUNT; i++) free(a->files[i]);
    for (int i = 0; i < a->nflist; i++) free(a->flist[i]);
    for (size_t i = 0; i < a->ncats; i++) free(a->cats[i].name);
    free(a->cats);
    pc_catcount_release(&a->catcount);
    pc_hist_release(&a->prices);
    pc_hist_release(&a->tokens);
    free(a);
}

int pc_assess_set_file(struct pc_assess *a, int part, const char *name)
{
    if (part < 0 || part >= PC_PART_COUNT) return PC_EINVAL;
    free(a->files[part]);
    a->files[part] = strdup(name);
    if (!a->files[part]) return PC_ENOMEM;
    for (int i = 0; i < a->nflist; i++)
        if (!strcmp(a->flist[i], name)) {
            a->cur[part] = i + 1;
            return PC_OK;
        }
    if (a->nflist >= PC_AS_MAXFILES) {
        a->cur[part] = 0; /* too many files: examples show the part's default name */
        return PC_OK;
    }
    a->flist[a->nflist] = strdup(name);
    if (!a->flist[a->nflist]) return PC_ENOMEM;
    a->cur[part] = ++a->nflist;
    return PC_OK;
}

void pc_assess_set_before(struct pc_assess *a, const struct pc_assess *before)
{
    a->before = before;
}

/* Copies a short, single-line excerpt of s[0..n) (its end when tail != 0). */
static void excerpt(char *out, size_t cap, const char *s, size_t n, int tail)
{
    size_t max = cap - 4;
    size_t st = 0;
    if (n > max) {
        st = tail ? n - max : 0;
        if (tail)
            while (st < n && ((unsigned char)s[st] & 0xC0) == 0x80) st++;
        else {
            n = max;
            while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
        }
    }
    size_t o = 0;
    if (tail && st > 0) {
        memcpy(out, "\xe2\x80\xa6", 3);
        o = 3;
    }
    for (size_t i = st; i < n && o + 1 < cap; i++)
        out[o++] = (s[i] == '\n' || s[i] == '\r') ? ' ' : s[i];
    out[o] = '\0';
}

static struct pc_as_ex *add_ex(struct pc_assess *a, struct pc_as_finding *f, int part, int64_t line)
{
    f->count++;
    if (f->nex >= a->o.examples) return NULL;
    struct pc_as_ex *e = &f->ex[f->nex++];
    memset(e, 0, sizeof *e);
    e->part = part;
    e->line = line;
    return e;
}

enum { END_NONE, END_FFFD, END_SPACE, END_WORD, END_NOPUNCT };

/* How body b ends (END_*); for END_WORD *h receives its last word's hash. */
static int body_end(const struct pc_assess *a, const char *b, size_t n, uint64_t *h)
{
    if (n == 0) return END_NONE;
    unsigned char last = (unsigned char)b[n - 1];
    if (n >= 3 && memcmp(b + n - 3, "\xef\xbf\xbd", 3) == 0) return END_FFFD;
    if (last == ' ') return END_SPACE;
    if (pc_as_is_letter(last)) {
        size_t st = n;
        while (st > 0 && pc_as_is_letter((unsigned char)b[st - 1])) st--;
        *h = pc_as_word_hash(a, b + st, n - st);
        return END_WORD;
    }
    if (!strchr(".!?)]\"'", last) && !(n >= 3 && memcmp(b + n - 3, "\xe2\x80\xa6", 3) == 0))
        return END_NOPUNCT;
    return END_NONE;
}

/* Records how body b ends (end and h from body_end; its words are already in the Bloom
 * filter). */
static int truncation(struct pc_assess *a, int part, int64_t line, const char *b, size_t n, int end,
                      uint64_t h)
{
    struct pc_as_ex *e = NULL;
    if (end == END_FFFD) {
        e = add_ex(a, &a->fffd, part, line);
    } else if (end == END_SPACE) {
        e = add_ex(a, &a->trailing_space, part, line);
    } else if (end == END_WORD) {
        if (a->nfinal == a->final_cap) {
            size_t cap = a->final_cap ? a->final_cap * 2 : 4096;
            struct pc_as_final *f = realloc(a->finals, cap * sizeof *f);
            if (!f) return PC_ENOMEM;
            a->finals = f;
            a->final_cap = cap;
        }
        a->finals[a->nfinal++] = (struct pc_as_final){h, line, (uint8_t)part};
        if (a->ncand < 200) {
            struct pc_as_ex *c = &a->cand[a->ncand];
            memset(c, 0, sizeof *c);
            c->part = part;
            c->line = line;
            excerpt(c->text, 80, b, n, 1);
            a->cand_h[a->ncand++] = h;
        }
        return PC_OK;
    } else if (end == END_NOPUNCT) {
        e = add_ex(a, &a->nopunct, part, line);
    }
    if (e) excerpt(e->text, 80, b, n, 1);
    return PC_OK;
}

static struct pc_as_cat *category(struct pc_assess *a, const char *name, size_t len)
{
    for (size_t i = 0; i < a->ncats; i++)
        if (a->cats[i].nlen == len && memcmp(a->cats[i].name, name, len) == 0) return &a->cats[i];
    if (a->ncats >= 1024) return NULL;
    struct pc_as_cat *c = realloc(a->cats, (a->ncats + 1) * sizeof *c);
    if (!c) return NULL;
    a->cats = c;
    c = &a->cats[a->ncats];
    memset(c, 0, sizeof *c);
    c->name = strndup(name, len);
    if (!c->name) return NULL;
    c->nlen = len;
    a->ncats++;
    return c;
}

/* Keeps the 3 highest (sign +1) or lowest (sign -1) prices of a category. */
static void keep_extreme(struct pc_as_ex *arr, size_t *n, int sign, double price, int part,
                         int64_t line, const struct pc_rec *r)
{
    size_t pos = *n;
    while (pos > 0 && sign * (price - arr[pos - 1].value) > 0) pos--;
    if (pos >= 3) return;
    size_t end = *n < 3 ? *n : 2;
    memmove(arr + pos + 1, arr + pos, (end - pos) * sizeof *arr);
    struct pc_as_ex *e = &arr[pos];
    memset(e, 0, sizeof *e);
    e->part = part;
    e->line = line;
    e->value = price;
    const struct pc_rec_str *t = &r->str[PC_RF_TITLE];
    if (r->state[PC_RF_TITLE] == PC_RS_OK) excerpt(e->text, 100, t->s, t->len, 0);
    if (*n < 3) (*n)++;
}

static int field_expected(const struct pc_assess *a, int f)
{
    if (a->mode == PC_ASSESS_SPLIT) return f == PC_RF_TEXT || f == PC_RF_PRICE;
    return f != PC_RF_TEXT;
}

int pc_assess_add_bad(struct pc_assess *a, int part, int64_t line_no, const char *msg)
{
    if (part < 0 || part >= PC_PART_COUNT) part = 0;
    a->records++;
    if (a->cur[part]) a->fcount[a->cur[part] - 1]++;
    line_no = PC_AS_LINE(line_no) | ((int64_t)a->cur[part] << 40);
    struct pc_as_ex *e = add_ex(a, &a->bad, part, line_no);
    if (e) excerpt(e->text, 120, msg, strlen(msg), 0);
    return PC_OK;
}

static int prompt_field(const struct pc_assess *a)
{
    return a->mode == PC_ASSESS_SPLIT ? PC_RF_TEXT : PC_RF_PROMPT;
}

/* The record-local part of preparing: where the body is, its hash and ending, the product
 * key's hash. */
static void prep_local(const struct pc_assess *a, const struct pc_rec *r, struct pc_assess_prep *p)
{
    p->has_body = p->has_sig = p->has_words = 0;
    p->key_f = r->state[PC_RF_ASIN] == PC_RS_OK    ? PC_RF_ASIN
               : r->state[PC_RF_TITLE] == PC_RS_OK ? PC_RF_TITLE
                                                   : -1;
    if (a->mode == PC_ASSESS_ITEMS && p->key_f >= 0) {
        const struct pc_rec_str *k = &r->str[p->key_f];
        p->key_hash = pc_hash64(k->s, k->len, p->key_f == PC_RF_ASIN ? 1 : 3);
    }
    int pf = prompt_field(a);
    if (r->state[pf] != PC_RS_OK) return;
    const char *body;
    size_t blen;
    pc_rec_body(r->str[pf].s, r->str[pf].len, &body, &blen);
    p->body_off = (size_t)(body - r->str[pf].s);
    p->body_len = blen;
    p->body_hash = pc_hash64(body, blen, 2);
    p->end = body_end(a, body, blen, &p->end_hash);
    p->has_body = 1;
}

void pc_assess_prepare(const struct pc_assess *a, const struct pc_rec *r, struct pc_assess_prep *p,
                       uint64_t *recent)
{
    prep_local(a, r, p);
    if (!p->has_body) return;
    const char *body = r->str[prompt_field(a)].s + p->body_off;
    size_t blen = p->body_len;
    /* a signature only while the index can still take one (sig_full is set, atomically,
     * once it is full: a record skipped here is never indexed) */
    if (!__atomic_load_n(&a->sig_full, __ATOMIC_RELAXED)) {
        const struct pc_minhash *known = pc_as_reused_sig(a, p->body_hash);
        if (known)
            p->sig = *known;
        else
            pc_minhash_sig(body, blen, a->o.shingle, a->o.seed, &p->sig);
        p->has_sig = 1;
    }
    pc_as_bloom_words(a, recent, 1, body, blen);
    p->has_words = 1;
}

int pc_assess_add(struct pc_assess *a, int part, int64_t line, const struct pc_rec *r)
{
    return pc_assess_add_prepared(a, part, line, r, NULL);
}

/* Exact leakage (a split folder's body set, which counts test and validation records per
 * key): every test/validation record whose body is also in train, whatever order the parts
 * are read in; an example per distinct body. m: the body's mask before this record; returns
 * it with the body's first-leak bit (0x80) set once it has leaked. */
static uint8_t exact_leak(struct pc_assess *a, int part, int64_t line, size_t slot, uint8_t m,
                          const char *body, size_t blen)
{
    uint32_t *ntv = a->bodies.ntv + 2 * slot;
    uint64_t leaks = 0;
    if (part == PC_PART_MAIN && !(m & 1) && ntv[0] + ntv[1]) {
        leaks = (uint64_t)ntv[0] + ntv[1];
        a->leak_part[PC_PART_TEST] += ntv[0];
        a->leak_part[PC_PART_VALIDATION] += ntv[1];
    } else if (part != PC_PART_MAIN && (m & 1)) {
        leaks = 1;
        a->leak_part[part]++;
    }
    if (part != PC_PART_MAIN) ntv[part - 1]++;
    if (!leaks) return m;
    a->leak_exact.count += leaks;
    struct pc_as_ex *e = NULL;
    if (!(m & 0x80)) { /* a body's first leak: its example */
        a->leak_bodies++;
        if (a->leak_exact.nex < a->o.examples) {
            e = &a->leak_exact.ex[a->leak_exact.nex++];
            memset(e, 0, sizeof *e);
            e->part = part;
            e->line = line;
        }
    }
    if (e) {
        /* name the test/validation record first, then its train twin */
        int first_part = (m & 1) ? PC_PART_MAIN : (m & 2) ? PC_PART_TEST : PC_PART_VALIDATION;
        e->line2 = a->bodies.lines[slot];
        e->part2 = first_part;
        if (part == PC_PART_MAIN) {
            e->part = first_part;
            e->line = a->bodies.lines[slot];
            e->part2 = PC_PART_MAIN;
            e->line2 = line;
        }
        excerpt(e->text, 100, body, blen, 0);
    }
    return m | 0x80;
}

int pc_assess_add_prepared(struct pc_assess *a, int part, int64_t line, const struct pc_rec *r,
                           const struct pc_assess_prep *prep)
{
    if (part < 0 || part >= PC_PART_COUNT) part = 0;
    a->records++;
    a->parts_n[part]++;
    if (a->cur[part]) a->fcount[a->cur[part] - 1]++;
    line = PC_AS_LINE(line) | ((int64_t)a->cur[part] << 40);
    for (int f = 0; f < PC_RF_COUNT; f++) {
        if (!field_expected(a, f)) continue;
        a->field[f][r->state[f]]++;
        if (r->state[f] != PC_RS_OK) {
            struct pc_as_ex *e = add_ex(a, &a->field_ex[f], part, line);
            if (e) e->value = r->state[f];
        }
    }
    struct pc_assess_prep local;
    if (!prep) { /* the record-local work here (signature and words below) */
        prep_local(a, r, &local);
        prep = &local;
    }
    int rc = PC_OK;
    size_t slot;
    int found;
    /* duplicate products: the parent_asin, or the title when an item has no parent_asin */
    int key_f = prep->key_f;
    if (a->mode == PC_ASSESS_ITEMS && key_f >= 0) {
        const struct pc_rec_str *asin = &r->str[key_f];
        if (key_f == PC_RF_ASIN)
            a->dup_key_asin++;
        else
            a->dup_key_title++;
        rc = pc_as_set_put(&a->asins, prep->key_hash, &slot, &found);
        if (rc) return rc;
        if (found) {
            struct pc_as_ex *e = add_ex(a, &a->dup_asin, part, line);
            if (e) {
                e->line2 = a->asins.lines[slot];
                excerpt(e->text, 60, asin->s, asin->len, 0);
            }
        } else {
            a->asins.lines[slot] = line;
        }
    }
    /* prompt body: exact duplicates, leakage, near-duplicate signature, truncation */
    int pf = prompt_field(a);
    if (prep->has_body) {
        const char *body = r->str[pf].s + prep->body_off;
        size_t blen = prep->body_len;
        uint64_t bh = prep->body_hash;
        rc = pc_as_set_put(&a->bodies, bh, &slot, &found);
        if (rc) return rc;
        uint8_t m = a->bodies.mask[slot];
        if (found && (m & (1u << part))) {
            struct pc_as_ex *e = add_ex(a, &a->dup_exact, part, line);
            if (e) {
                e->line2 = a->bodies.lines[slot];
                e->part2 = part;
                excerpt(e->text, 100, body, blen, 0);
            }
        }
        /* exact leakage: split folders only (items are all one part) */
        if (a->bodies.ntv) m = exact_leak(a, part, line, slot, m, body, blen);
        if (!found) a->bodies.lines[slot] = line;
        a->bodies.mask[slot] = m | (uint8_t)(1u << part);
        if (a->nsig < a->o.near_max) {
            if (a->nsig == a->sig_cap) {
                size_t cap = a->sig_cap ? a->sig_cap * 2 : 1024;
                if (cap > a->o.near_max) cap = a->o.near_max;
                struct pc_minhash *s = realloc(a->sigs, cap * sizeof *s);
                if (s) a->sigs = s;
                int64_t *l = realloc(a->sig_line, cap * sizeof *l);
                if (l) a->sig_line = l;
                uint8_t *p = realloc(a->sig_part, cap);
                if (p) a->sig_part = p;
                uint64_t *k = realloc(a->sig_key, cap * sizeof *k);
                if (k) a->sig_key = k;
                if (!s || !l || !p || !k) return PC_ENOMEM;
                a->sig_cap = cap;
            }
            const struct pc_minhash *known = prep->has_sig ? &prep->sig : pc_as_reused_sig(a, bh);
            if (known)
                a->sigs[a->nsig] = *known;
            else
                pc_minhash_sig(body, blen, a->o.shingle, a->o.seed, &a->sigs[a->nsig]);
            a->sig_line[a->nsig] = line;
            a->sig_key[a->nsig] = bh;
            a->sig_part[a->nsig++] = (uint8_t)part;
            if (a->nsig >= a->o.near_max) __atomic_store_n(&a->sig_full, 1, __ATOMIC_RELAXED);
        } else {
            a->near_skipped++;
        }
        if (!prep->has_words) pc_as_bloom_words(a, a->recent, 0, body, blen);
        rc = truncation(a, part, line, body, blen, prep->end, prep->end_hash);
        if (rc) return rc;
    }
    /* prices: outliers per category, balance */
    const char *cat = "(all)";
    size_t clen = 5;
    if (a->mode == PC_ASSESS_ITEMS && r->state[PC_RF_CATEGORY] == PC_RS_OK) {
        cat = r->str[PC_RF_CATEGORY].s;
        clen = r->str[PC_RF_CATEGORY].len;
    }
    if (part == PC_PART_MAIN || a->mode == PC_ASSESS_ITEMS) {
        rc = pc_catcount_add(&a->catcount, cat, clen, 1);
        if (rc) return rc;
    }
    if (r->state[PC_RF_TOKENS] == PC_RS_OK) pc_hist_add(&a->tokens, (double)r->token_count);
    if (r->state[PC_RF_PRICE] == PC_RS_OK) {
        double p = r->price;
        pc_hist_add(&a->prices, p);
        /* balance: the same records as the category counts (train only in a split) */
        for (int k = PC_AS_PRANGES - 1;
             k >= 0 && (part == PC_PART_MAIN || a->mode == PC_ASSESS_ITEMS); k--)
            if (p >= pc_as_prange_edges[k] || k == 0) {
                a->prange[k]++;
                break;
            }
        if (!(p > 0)) {
            struct pc_as_ex *e = add_ex(a, &a->nonpos_price, part, line);
            if (e) e->value = p;
        } else {
            struct pc_as_cat *c = category(a, cat, clen);
            if (!c) return PC_ENOMEM;
            if (c->n == c->cap) {
                size_t cap = c->cap ? c->cap * 2 : 256;
                float *lp = realloc(c->lp, cap * sizeof *lp);
                if (!lp) return PC_ENOMEM;
                c->lp = lp;
                c->cap = cap;
            }
            c->lp[c->n++] = (float)log(p);
            keep_extreme(c->hi, &c->nhi, +1, p, part, line, r);
            keep_extreme(c->lo, &c->nlo, -1, p, part, line, r);
        }
    }
    return PC_OK;
}

static int cmp_float(const void *x, const void *y)
{
    float a = *(const float *)x, b = *(const float *)y;
    return a < b ? -1 : a > b;
}

/* numpy.percentile's default (linear) interpolation on sorted v */
static double quantile(const float *v, size_t n, double q)
{
    double pos = q * (double)(n - 1);
    size_t i = (size_t)pos;
    double f = pos - (double)i;
    if (i + 1 >= n) return v[n - 1];
    return (double)v[i] + f * ((double)v[i + 1] - (double)v[i]);
}

static void outliers(struct pc_assess *a)
{
    for (size_t c = 0; c < a->ncats; c++) {
        struct pc_as_cat *k = &a->cats[c];
        if (k->n < 20) continue; /* too few to call anything an outlier */
        qsort(k->lp, k->n, sizeof *k->lp, cmp_float);
        k->q1 = quantile(k->lp, k->n, 0.25);
        k->q3 = quantile(k->lp, k->n, 0.75);
        double iqr = k->q3 - k->q1;
        double lo = k->q1 - a->o.iqr_k * iqr, hi = k->q3 + a->o.iqr_k * iqr;
        for (size_t i = 0; i < k->n; i++)
            if ((double)k->lp[i] < lo || (double)k->lp[i] > hi) k->outliers++;
        a->outliers.count += k->outliers;
        for (int side = 0; side < 2; side++) {
            struct pc_as_ex *arr = side ? k->lo : k->hi;
            size_t na = side ? k->nlo : k->nhi;
            for (size_t i = 0; i < na && a->outliers.nex < a->o.examples; i++) {
                double lp = log(arr[i].value);
                if (lp < lo || lp > hi) a->outliers.ex[a->outliers.nex++] = arr[i];
            }
        }
    }
}

static void *outliers_main(void *a)
{
    outliers(a);
    pc_as_helper_done(a);
    return NULL;
}

int pc_assess_finish(struct pc_assess *a)
{
    if (a->finished) return PC_OK;
    a->finished = 1;
    /* the outliers (categories and their finding only) beside the near-duplicate search */
    pthread_t th;
    int side = a->o.threads > 1 && pthread_create(&th, NULL, outliers_main, a) == 0;
    int rc = pc_as_near_dups(a);
    if (side)
        pthread_join(th, NULL);
    else
        outliers(a);
    if (rc) return rc;
    for (size_t i = 0; i < a->nfinal; i++) {
        if (pc_as_bloom_has(a->bloom, a->finals[i].h)) {
            /* the last word also occurs whole: cut (if at all) at a word end */
            struct pc_as_ex *e = add_ex(a, &a->nopunct, a->finals[i].part, a->finals[i].line);
            if (e) {
                for (size_t c = 0; c < a->ncand; c++)
                    if (a->cand[c].line == a->finals[i].line &&
                        a->cand[c].part == a->finals[i].part)
                        memcpy(e->text, a->cand[c].text, sizeof e->text);
            }
            continue;
        }
        struct pc_as_ex *e = add_ex(a, &a->midword, a->finals[i].part, a->finals[i].line);
        if (e)
            for (size_t c = 0; c < a->ncand; c++)
                if (a->cand[c].line == a->finals[i].line && a->cand[c].part == a->finals[i].part)
                    memcpy(e->text, a->cand[c].text, sizeof e->text);
    }
    free(a->finals);
    a->finals = NULL;
    a->nfinal = 0;
    return PC_OK;
}

uint64_t pc_assess_problems(const struct pc_assess *a)
{
    uint64_t n = a->bad.count + a->dup_asin.count + a->dup_exact.count + a->dup_near.count +
                 a->leak_exact.count + a->leak_near.count + a->fffd.count + a->midword.count +
                 a->nonpos_price.count;
    for (int f = 0; f < PC_RF_COUNT; f++) n += a->field_ex[f].count;
    return n;
}
