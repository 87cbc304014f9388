/* The report's fast paths give the values of the plain ones:
 *  - pc_minhash_sig (precomputed first hash step, SWAR lower-casing, cache of short words)
 *    against the plain algorithm written out again below from its description in minhash.h
 *    (lower-cased copy of each word hashed with pc_hash64 in 256-byte chunks, shingles of
 *    `words` hashes, one-permutation buckets, rotation densification);
 *  - pc_wordhash_letters against pc_hash64 of a lower-cased copy;
 *  - an assessment reusing another's signatures (pc_assess_reuse_sigs), and one trimmed after
 *    finishing (pc_assess_trim), render the same JSON as one that did neither;
 *  - pc_raw_content_length (len(repr(s)) 8 bytes at a time) against Python's values
 *    (tests/gen/repr_len_goldens.py). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "assess/assess_int.h"
#include "pricer.h"
#include "repr_len_goldens.h"

static uint64_t ref_mix64(uint64_t z)
{
    z = (z ^ (z >> 33)) * 0xff51afd7ed558ccdULL;
    z = (z ^ (z >> 33)) * 0xc4ceb9fe1a85ec53ULL;
    return z ^ (z >> 33);
}

static int ref_space(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static void ref_offer(uint64_t *mins, uint64_t h)
{
    size_t b = (size_t)(h >> 58);
    uint64_t v = h & 0x03FFFFFFFFFFFFFFULL;
    if (v < mins[b]) mins[b] = v;
}

/* the plain algorithm: every word lower-cased into a buffer and hashed with pc_hash64 */
static size_t ref_sig(const char *text, size_t len, int words, uint64_t seed,
                      struct pc_minhash *out)
{
    uint64_t mins[PC_MH_K], ring[16];
    for (int i = 0; i < PC_MH_K; i++) mins[i] = UINT64_MAX;
    size_t nwords = 0, shingles = 0;
    const unsigned char *s = (const unsigned char *)text;
    char low[256];
    for (size_t i = 0; i < len;) {
        while (i < len && ref_space(s[i])) i++;
        if (i >= len) break;
        size_t st = i;
        while (i < len && !ref_space(s[i])) i++;
        uint64_t wh = ref_mix64(seed ^ 0x5bd1e995ULL);
        for (size_t k = st; k < i; k += sizeof low) {
            size_t m = i - k < sizeof low ? i - k : sizeof low;
            for (size_t j = 0; j < m; j++) {
                unsigned char c = s[k + j];
                low[j] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            }
            wh = pc_hash64(low, m, wh);
        }
        ring[nwords % (size_t)words] = wh;
        nwords++;
        if (nwords >= (size_t)words) {
            uint64_t h = seed * 0x9e3779b97f4a7c15ULL;
            for (size_t t = 0; t < (size_t)words; t++)
                h = ref_mix64(h ^ ring[(nwords - (size_t)words + t) % (size_t)words]) + t;
            ref_offer(mins, ref_mix64(h));
            shingles++;
        }
    }
    if (shingles == 0 && nwords > 0) {
        uint64_t h = seed * 0x9e3779b97f4a7c15ULL;
        for (size_t k = 0; k < nwords; k++) h = ref_mix64(h ^ ring[k]) + k;
        ref_offer(mins, ref_mix64(h));
        shingles = 1;
    }
    if (shingles == 0) {
        for (int i = 0; i < PC_MH_K; i++) out->v[i] = 0xFFFF;
        return 0;
    }
    for (int b = 0; b < PC_MH_K; b++) {
        uint64_t v = mins[b];
        int d = 0;
        while (v == UINT64_MAX) v = mins[(b + ++d) % PC_MH_K];
        out->v[b] = (uint16_t)(ref_mix64(v + (uint64_t)d * 0x9e3779b97f4a7c15ULL) >> 48);
    }
    return shingles;
}

static unsigned g_rng = 12345;
static unsigned rnd(void)
{
    g_rng = g_rng * 1103515245u + 12345u;
    return g_rng >> 8;
}

/* a text of words from an alphabet that sits around the case boundaries ('@', '[', '`',
 * '{'), with non-ASCII bytes, short repeated words and long words (over 64 and 256 bytes) */
static size_t random_text(char *out, size_t cap)
{
    static const char alpha[] = "aZ@[`{AzqQ09.,-'\"\xc3\xa9\xe2\x82\xac\x80\xff";
    static const char *const common[] = {"the", "Pump", "STEEL", "of", "a", "Kit", "and"};
    static const char seps[] = " \n\t\r\f\v";
    size_t n = 0, words = 20 + rnd() % 200;
    for (size_t w = 0; w < words && n + 400 < cap; w++) {
        unsigned kind = rnd() % 10;
        if (kind < 4) {
            const char *c = common[rnd() % 7];
            memcpy(out + n, c, strlen(c));
            n += strlen(c);
        } else {
            size_t len = kind == 9 ? 60 + rnd() % 300 : 1 + rnd() % 12;
            for (size_t k = 0; k < len; k++) out[n++] = alpha[rnd() % (sizeof alpha - 1)];
        }
        size_t ns = 1 + rnd() % 2;
        for (size_t k = 0; k < ns; k++) out[n++] = seps[rnd() % 6];
    }
    out[n] = '\0';
    return n;
}

static void minhash_matches_plain(void **state)
{
    static char t[70000];
    for (int i = 0; i < 300; i++) {
        size_t n = random_text(t, sizeof t);
        int words = 1 + i % 6;
        uint64_t seed = i % 3 == 0 ? 42 : (uint64_t)i; /* seed changes reset the caches */
        struct pc_minhash a, b;
        size_t sa = pc_minhash_sig(t, n, words, seed, &a);
        size_t sb = ref_sig(t, n, words, seed, &b);
        assert_int_equal(sa, sb);
        assert_memory_equal(&a, &b, sizeof a);
    }
}

static void wordhash_matches_hash64(void **state)
{
    struct pc_wordhash w;
    pc_wordhash_init(&w, 7);
    char word[80], low[80];
    for (size_t n = 0; n <= 70; n++)
        for (int rep = 0; rep < 20; rep++) {
            for (size_t k = 0; k < n; k++) {
                unsigned r = rnd() % 52;
                word[k] = (char)(r < 26 ? 'a' + r : 'A' + r - 26);
                low[k] = (char)(word[k] | 0x20);
            }
            size_t m = n > 64 ? 64 : n;
            assert_true(pc_wordhash_letters(&w, word, n) == pc_hash64(low, m, 7));
        }
}

/* items records whose bodies repeat (exact and near duplicates) and end in various ways */
static char g_prompts[400][1200];

static void make_rec(struct pc_rec *r, int i, char *asin)
{
    memset(r, 0, sizeof *r);
    for (int f = 0; f < PC_RF_COUNT; f++) r->state[f] = PC_RS_OK;
    r->state[PC_RF_TEXT] = PC_RS_MISSING;
    snprintf(asin, 16, "B%05d", i % 350);
    r->str[PC_RF_CATEGORY] = (struct pc_rec_str){i % 3 ? "Tools" : "Toys", i % 3 ? 5u : 4u};
    r->str[PC_RF_TITLE] = (struct pc_rec_str){"t", 1};
    r->str[PC_RF_ASIN] = (struct pc_rec_str){asin, strlen(asin)};
    r->str[PC_RF_SOURCE] = (struct pc_rec_str){"s", 1};
    r->str[PC_RF_TEST_PROMPT] = (struct pc_rec_str){"p", 1};
    r->str[PC_RF_PROMPT] = (struct pc_rec_str){g_prompts[i], strlen(g_prompts[i])};
    r->price = 1 + (i * 37) % 900;
    r->token_count = 150 + i % 11;
}

static void assess_range(struct pc_assess *a, int from, int to)
{
    struct pc_rec r;
    char asin[16];
    for (int i = from; i < to; i++) {
        make_rec(&r, i, asin);
        assert_int_equal(pc_assess_add(a, PC_PART_MAIN, i + 1, &r), PC_OK);
    }
    assert_int_equal(pc_assess_finish(a), PC_OK);
}

/* the same records through pc_assess_prepare (several records prepared ahead, as worker
 * threads do) and pc_assess_add_prepared */
static void assess_range_prepared(struct pc_assess *a, int from, int to)
{
    static uint64_t recent[PC_ASSESS_RECENT];
    memset(recent, 0, sizeof recent);
    enum { AHEAD = 7 };
    struct pc_rec r[AHEAD];
    struct pc_assess_prep p[AHEAD];
    char asin[AHEAD][16];
    for (int i = from; i < to; i += AHEAD) {
        int n = to - i < AHEAD ? to - i : AHEAD;
        for (int k = 0; k < n; k++) {
            make_rec(&r[k], i + k, asin[k]);
            pc_assess_prepare(a, &r[k], &p[k], recent);
        }
        for (int k = 0; k < n; k++)
            assert_int_equal(pc_assess_add_prepared(a, PC_PART_MAIN, i + k + 1, &r[k], &p[k]),
                             PC_OK);
    }
    assert_int_equal(pc_assess_finish(a), PC_OK);
}

static char *render(const struct pc_assess *a)
{
    struct pc_buf b;
    pc_buf_init(&b, 0);
    assert_int_equal(pc_assess_json(a, &b), PC_OK);
    pc_buf_printf(&b, "\n");
    assert_int_equal(pc_assess_text(a, &b), PC_OK);
    return pc_buf_detach(&b, NULL);
}

/* pc_assess_opts.expect only sizes the duplicate indexes: none (they grow twice for 2,400
 * records), exact, and too small (they grow from the reserved size) give the same findings;
 * 2,400 records over 1,000 ASINs are 1,400 duplicate products (counted by hand), and 2,400
 * prompts over 400 distinct bodies at least 2,000 exact duplicates. */
static void expect_hint_changes_nothing(void **state)
{
    static char prompts[400][200];
    for (int i = 0; i < 400; i++)
        snprintf(prompts[i], sizeof prompts[i],
                 "How much does this cost to the nearest dollar?\n\nTitle\nbody %d of "
                 "the catalogue, words w%d w%d\n\nPrice is $%d.00",
                 i, i * 7, i * 13, i);
    const size_t hints[] = {0, 2400, 100};
    char *first = NULL;
    for (int h = 0; h < 3; h++) {
        struct pc_assess_opts o;
        pc_assess_opts_default(&o);
        o.expect = hints[h];
        struct pc_assess *a = pc_assess_new(&o, PC_ASSESS_ITEMS);
        assert_non_null(a);
        struct pc_rec r;
        char asin[16];
        for (int i = 0; i < 2400; i++) {
            make_rec(&r, 0, asin);
            snprintf(asin, sizeof asin, "B%05d", i % 1000);
            r.str[PC_RF_ASIN] = (struct pc_rec_str){asin, strlen(asin)};
            r.str[PC_RF_PROMPT] = (struct pc_rec_str){prompts[i % 400], strlen(prompts[i % 400])};
            assert_int_equal(pc_assess_add(a, PC_PART_MAIN, i + 1, &r), PC_OK);
        }
        assert_int_equal(pc_assess_finish(a), PC_OK);
        char *out = render(a);
        assert_non_null(strstr(out, "\"duplicate_products\": {\"count\": 1400,"));
        assert_non_null(strstr(out, "\"duplicate_prompts\": {\"count\": 2000,"));
        if (!first)
            first = out;
        else {
            assert_string_equal(first, out);
            free(out);
        }
        pc_assess_free(a);
    }
    free(first);
}

static void reuse_and_trim_change_nothing(void **state)
{
    static const char *const ends[] = {".", " Accesso", " 12 ", "!", " word", "caf\xc3\xa9"};
    for (int i = 0; i < 400; i++) {
        char body[900];
        size_t n = 0;
        unsigned seed = (unsigned)(i % 250); /* bodies repeat */
        for (int w = 0; w < 60; w++) {
            seed = seed * 1103515245u + 12345u;
            n += (size_t)snprintf(body + n, sizeof body - n, "%sw%u", w ? " " : "",
                                  (seed >> 16) % (i % 7 == 0 ? 30 : 400));
        }
        if (i % 11 == 0) body[n - 1] = 'x'; /* near duplicates of the record 250 before */
        snprintf(g_prompts[i], sizeof g_prompts[i],
                 "How much does this cost to the nearest dollar?\n\nTitle\n%s%s\n\nPrice is $%d.00",
                 body, ends[i % 6], i);
    }
    /* "items": records 0..399; "sample": 100..399 (bodies shared with the items) */
    struct pc_assess *items = pc_assess_new(NULL, PC_ASSESS_ITEMS);
    struct pc_assess *plain = pc_assess_new(NULL, PC_ASSESS_ITEMS);
    struct pc_assess *reusing = pc_assess_new(NULL, PC_ASSESS_ITEMS);
    assert_non_null(items);
    assert_non_null(plain);
    assert_non_null(reusing);
    assess_range(items, 0, 400);
    char *items_before = render(items);
    assert_int_equal(pc_assess_reuse_sigs(reusing, items), PC_OK);
    assess_range(plain, 100, 400);
    assess_range(reusing, 100, 400);
    char *p = render(plain), *q = render(reusing);
    assert_string_equal(p, q);
    assert_true(pc_assess_problems(plain) > 0);
    assert_non_null(strstr(p, "\"near_duplicate_prompts\": {\"count\": "));
    assert_null(strstr(p, "\"near_duplicate_prompts\": {\"count\": 0"));
    pc_assess_trim(items, 1); /* still offers its signatures */
    struct pc_assess *after = pc_assess_new(NULL, PC_ASSESS_ITEMS);
    assert_int_equal(pc_assess_reuse_sigs(after, items), PC_OK);
    assess_range(after, 100, 400);
    char *q4 = render(after);
    assert_string_equal(p, q4);
    free(q4);
    pc_assess_free(after);
    pc_assess_trim(items, 0);
    pc_assess_trim(reusing, 0);
    char *items_after = render(items), *q2 = render(reusing);
    assert_string_equal(items_before, items_after);
    assert_string_equal(p, q2);
    /* prepared ahead (with and without reused signatures), and with an index that fills
     * up (near_max) while records are prepared: the same findings */
    struct pc_assess *prep1 = pc_assess_new(NULL, PC_ASSESS_ITEMS);
    struct pc_assess *prep2 = pc_assess_new(NULL, PC_ASSESS_ITEMS);
    assess_range_prepared(prep1, 100, 400);
    assert_int_equal(pc_assess_reuse_sigs(prep2, items), PC_OK);
    assess_range_prepared(prep2, 100, 400);
    char *q5 = render(prep1), *q6 = render(prep2);
    assert_string_equal(p, q5);
    assert_string_equal(p, q6);
    struct pc_assess_opts small;
    pc_assess_opts_default(&small);
    small.near_max = 50;
    struct pc_assess *cap1 = pc_assess_new(&small, PC_ASSESS_ITEMS);
    struct pc_assess *cap2 = pc_assess_new(&small, PC_ASSESS_ITEMS);
    assess_range(cap1, 0, 400);
    assess_range_prepared(cap2, 0, 400);
    char *c1 = render(cap1), *c2 = render(cap2);
    assert_string_equal(c1, c2);
    assert_non_null(strstr(c1, "first records only"));
    free(q5);
    free(q6);
    free(c1);
    free(c2);
    pc_assess_free(prep1);
    pc_assess_free(prep2);
    pc_assess_free(cap1);
    pc_assess_free(cap2);
    /* a trimmed assessment offers nothing to reuse: the results stay the same */
    struct pc_assess *late = pc_assess_new(NULL, PC_ASSESS_ITEMS);
    assert_int_equal(pc_assess_reuse_sigs(late, items), PC_OK);
    assess_range(late, 100, 400);
    char *q3 = render(late);
    assert_string_equal(p, q3);
    free(items_before);
    free(items_after);
    free(p);
    free(q);
    free(q2);
    free(q3);
    pc_assess_free(items);
    pc_assess_free(plain);
    pc_assess_free(reusing);
    pc_assess_free(late);
}

static void content_length_matches_python(void **state)
{
    struct pc_json_doc *doc = pc_json_doc_new();
    for (size_t i = 0; i < sizeof g_repr_len / sizeof g_repr_len[0]; i++) {
        const struct pc_json_val *root;
        assert_int_equal(
            pc_json_parse(doc, g_repr_len[i].json, strlen(g_repr_len[i].json), &root, NULL), PC_OK);
        assert_int_equal(pc_raw_content_length(root), g_repr_len[i].len);
    }
    pc_json_doc_free(doc);
}

struct key_at {
    uint64_t key;
    size_t at;
};

static int cmp_key_at(const void *x, const void *y)
{
    const struct key_at *a = x, *b = y;
    if (a->key != b->key) return a->key < b->key ? -1 : 1;
    return a->at < b->at ? -1 : a->at > b->at;
}

/* The assessment's key set (open addressing, any number of slots): keys put in an order
 * with repeats (sequential small keys, which share their high bits, and random ones; 0, which
 * the set stores as 1) are found exactly when an earlier put had them, as the keys sorted
 * with their positions say, with and without a reserve; every slot given back holds its key;
 * the set stays at most 0.7 full. */
static void key_set_matches_sorted(void **state)
{
    (void)state;
    enum { N = 300000 };
    uint64_t *keys = malloc(N * sizeof *keys);
    struct key_at *ref = malloc(N * sizeof *ref);
    unsigned char *want = malloc(N);
    assert_non_null(keys);
    assert_non_null(ref);
    assert_non_null(want);
    uint64_t x = 88172645463325252ULL;
    for (size_t i = 0; i < N; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        keys[i] = i % 3 == 0 ? i / 2 : i % 3 == 1 ? x % 150000 : x; /* many repeats */
    }
    keys[7] = 0;
    keys[11] = 1; /* 0 and 1 are one key to the set */
    /* the reference: a key is found at position i when it occurs at an earlier position */
    for (size_t i = 0; i < N; i++) ref[i] = (struct key_at){keys[i] ? keys[i] : 1, i};
    qsort(ref, N, sizeof *ref, cmp_key_at);
    size_t distinct = 0;
    for (size_t i = 0; i < N; i++) {
        int first = i == 0 || ref[i - 1].key != ref[i].key;
        want[ref[i].at] = !first;
        distinct += first;
    }
    for (int reserve = 0; reserve <= 1; reserve++) {
        struct pc_as_set s;
        memset(&s, 0, sizeof s);
        if (reserve) assert_int_equal(pc_as_set_reserve(&s, N), 0);
        for (size_t i = 0; i < N; i++) {
            size_t slot;
            int found;
            assert_int_equal(pc_as_set_put(&s, keys[i], &slot, &found), 0);
            assert_int_equal(found, want[i]);
            assert_true(slot < s.cap && s.keys[slot] == (keys[i] ? keys[i] : 1));
        }
        assert_int_equal(s.n, distinct);
        assert_true(s.n * 10 <= s.cap * 7);
        for (size_t i = 0; i < N; i += 97) {
            int64_t slot = pc_as_set_get(&s, keys[i]);
            assert_true(slot >= 0 && s.keys[slot] == (keys[i] ? keys[i] : 1));
        }
        assert_int_equal(pc_as_set_get(&s, 0xdeadbeefcafef00dULL), -1);
        pc_as_set_release(&s);
    }
    free(keys);
    free(ref);
    free(want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(minhash_matches_plain),
        cmocka_unit_test(wordhash_matches_hash64),
        cmocka_unit_test(reuse_and_trim_change_nothing),
        cmocka_unit_test(expect_hint_changes_nothing),
        cmocka_unit_test(key_set_matches_sorted),
        cmocka_unit_test(content_length_matches_python),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
