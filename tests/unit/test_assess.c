/* Unit tests of src/assess: MinHash estimates (identical, one word changed, unrelated),
 * seeds, and the assessment's findings on hand-made records (expected counts follow from
 * the records below by construction). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "pricer.h"

static const char *const g_words[] = {"red",   "blue", "pump", "valve", "steel", "cover", "kit",
                                      "motor", "fan",  "seal", "hose",  "clip",  "ring",  "gear"};

/* n pseudo-random words from a fixed generator into out */
static void text(char *out, size_t cap, int n, unsigned seed)
{
    out[0] = '\0';
    for (int i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        char w[32];
        snprintf(w, sizeof w, "%s%s%u", i ? " " : "", g_words[(seed >> 16) % 14], (seed >> 8) % 50);
        strncat(out, w, cap - strlen(out) - 1);
    }
}

static void minhash_estimates(void **state)
{
    char a[4096], b[4096], c[4096];
    text(a, sizeof a, 120, 1);
    text(c, sizeof c, 120, 2);
    strcpy(b, a);
    char *mid = strchr(b + 300, ' '); /* change one word in the middle */
    mid[1] = 'Z';
    struct pc_minhash ma, mb, mc, ma2;
    assert_true(pc_minhash_sig(a, strlen(a), 5, 42, &ma) == 116);
    pc_minhash_sig(b, strlen(b), 5, 42, &mb);
    pc_minhash_sig(c, strlen(c), 5, 42, &mc);
    pc_minhash_sig(a, strlen(a), 5, 42, &ma2);
    assert_true(pc_minhash_similarity(&ma, &ma2) == 1.0);
    /* true Jaccard: 111 shared of 121 shingles = 0.92 */
    assert_true(pc_minhash_similarity(&ma, &mb) >= 0.8);
    assert_true(pc_minhash_similarity(&ma, &mc) < 0.2);
    int same_band = 0;
    for (int k = 0; k < PC_MH_BANDS; k++)
        same_band += pc_minhash_band(&ma, k) == pc_minhash_band(&mb, k);
    assert_true(same_band >= 1);
    /* another seed gives another signature; case is ignored */
    struct pc_minhash s7;
    pc_minhash_sig(a, strlen(a), 5, 7, &s7);
    assert_true(memcmp(&s7, &ma, sizeof s7) != 0);
    struct pc_minhash u1, u2;
    pc_minhash_sig("Steel Pump", 10, 5, 42, &u1);
    pc_minhash_sig("steel pump", 10, 5, 42, &u2);
    assert_true(pc_minhash_similarity(&u1, &u2) == 1.0);
    assert_int_equal(pc_minhash_sig("   ", 3, 5, 42, &u1), 0);
}

struct fix {
    char prompt[8][2048];
};

static void rec_init(struct pc_rec *r, const char *cat, const char *asin, double price,
                     const char *field_text, int field)
{
    memset(r, 0, sizeof *r);
    for (int f = 0; f < PC_RF_COUNT; f++) r->state[f] = PC_RS_OK;
    r->str[PC_RF_CATEGORY] = (struct pc_rec_str){cat, strlen(cat)};
    r->str[PC_RF_TITLE] = (struct pc_rec_str){"t", 1};
    r->str[PC_RF_ASIN] = (struct pc_rec_str){asin, strlen(asin)};
    r->str[PC_RF_SOURCE] = (struct pc_rec_str){"s", 1};
    r->str[PC_RF_TEST_PROMPT] = (struct pc_rec_str){"p", 1};
    r->str[field] = (struct pc_rec_str){field_text, strlen(field_text)};
    r->price = price;
    r->token_count = 170;
}

static void items_findings(void **state)
{
    static char p[6][2048], body[1500];
    const char *ends[6] = {".", ".", " Accesso", "caf\xef\xbf\xbd", " 12 ", "."};
    for (int i = 0; i < 6; i++) {
        text(body, sizeof body, 80, 10 + (unsigned)i);
        snprintf(p[i], sizeof p[i],
                 "How much does this cost to the nearest dollar?\n\nTitle %d\n%s%s\n\nPrice is "
                 "$10.00",
                 i, body, ends[i]);
    }
    strcpy(p[5], p[0]); /* exact duplicate of record 1 */
    struct pc_assess *a = pc_assess_new(NULL, PC_ASSESS_ITEMS);
    assert_non_null(a);
    struct pc_rec r;
    for (int i = 0; i < 6; i++) {
        rec_init(&r, "Cat", i == 4 ? "A0" : (char[]){'A', (char)('0' + i), 0}, 10 + i, p[i],
                 PC_RF_PROMPT);
        r.state[PC_RF_TEXT] = PC_RS_MISSING; /* not an items field */
        assert_int_equal(pc_assess_add(a, PC_PART_MAIN, i + 1, &r), PC_OK);
    }
    rec_init(&r, "Cat", "A9", 20, "", PC_RF_PROMPT);
    r.state[PC_RF_PROMPT] = PC_RS_EMPTY;
    pc_assess_add(a, PC_PART_MAIN, 7, &r);
    pc_assess_add_bad(a, PC_PART_MAIN, 8, "expecting value");
    assert_int_equal(pc_assess_finish(a), PC_OK);
    struct pc_buf b;
    pc_buf_init(&b, 0);
    assert_int_equal(pc_assess_json(a, &b), PC_OK);
    struct pc_json_doc *doc = pc_json_doc_new();
    const struct pc_json_val *root;
    assert_int_equal(pc_json_parse(doc, b.data, b.len, &root, NULL), PC_OK);
    const struct pc_json_val *f = pc_json_get(root, "findings");
#define COUNT(k) (pc_json_get(pc_json_get(f, k), "count")->num)
    assert_true(COUNT("duplicate_products") == 1); /* record 5 reuses A0 */
    assert_true(COUNT("duplicate_prompts") == 1);  /* record 6 */
    assert_true(COUNT("near_duplicate_prompts") == 1);
    assert_true(COUNT("cut_mid_word") == 1);         /* "Accesso" */
    assert_true(COUNT("cut_replacement_char") == 1); /* U+FFFD */
    assert_true(COUNT("cut_before_number") == 1);    /* "12 " */
    assert_true(COUNT("unparseable_lines") == 1);
    assert_true(pc_json_get(pc_json_get(pc_json_get(root, "fields"), "prompt"), "empty")->num == 1);
    assert_true(pc_json_get(root, "records")->num == 8);
    assert_int_equal(pc_assess_problems(a), 7);
    pc_buf_reset(&b);
    assert_int_equal(pc_assess_text(a, &b), PC_OK);
    assert_non_null(strstr(b.data, "Accesso"));
    pc_buf_reset(&b);
    assert_int_equal(pc_assess_html(a, &b), PC_OK);
    assert_non_null(strstr(b.data, "problems found"));
    pc_json_doc_free(doc);
    pc_buf_release(&b);
    pc_assess_free(a);
}

static void split_leakage(void **state)
{
    static char tr[3][2048], te[2][2048], body[1500];
    for (int i = 0; i < 3; i++) {
        text(body, sizeof body, 60, 100 + (unsigned)i);
        snprintf(tr[i], sizeof tr[i], "Q?\n\nT%d\n%s.\n\nPrice is $5.00", i, body);
    }
    text(body, sizeof body, 60, 200);
    snprintf(te[0], sizeof te[0], "Q?\n\nT9\n%s.\n\nPrice is $", body);
    /* the test form of train record 2: leaks although it ends at "Price is $" */
    snprintf(te[1], sizeof te[1], "%.*sPrice is $", (int)(strstr(tr[2], "Price is $") - tr[2]),
             tr[2]);
    struct pc_assess *a = pc_assess_new(NULL, PC_ASSESS_SPLIT);
    struct pc_rec r;
    for (int i = 0; i < 2; i++) {
        rec_init(&r, "", "", 5, te[i], PC_RF_TEXT);
        pc_assess_add(a, PC_PART_TEST, i + 1, &r);
    }
    for (int i = 0; i < 3; i++) {
        rec_init(&r, "", "", 5, tr[i], PC_RF_TEXT);
        pc_assess_add(a, PC_PART_MAIN, i + 1, &r);
    }
    pc_assess_finish(a);
    struct pc_buf b;
    pc_buf_init(&b, 0);
    pc_assess_json(a, &b);
    assert_non_null(strstr(b.data, "\"leakage_exact\": {\"count\": 1"));
    assert_non_null(strstr(b.data, "\"leakage_near\": {\"count\": 1"));
    assert_non_null(strstr(b.data, "\"duplicate_prompts\": {\"count\": 0"));
    pc_buf_release(&b);
    pc_assess_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(minhash_estimates),
        cmocka_unit_test(items_findings),
        cmocka_unit_test(split_leakage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
