/* Unit tests of src/fetch/official.c and the URL rule of fetch.c. Expected values are
 * hand-checked: the table rows against ../shared/data/amazon/official-files.tsv (also
 * compared line by line by tests/cli/test_official.sh), the course order against SPEC §4,
 * the SHA-256 of "abc" against FIPS 180-2's example, and the URL layout against the Hub's
 * documented resolve path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "pricer.h"

static void table_and_find(void **state)
{
    assert_int_equal(pc_official_count, 34);
    for (size_t i = 1; i < pc_official_count; i++)
        assert_true(strcmp(pc_official_files[i - 1].category, pc_official_files[i].category) < 0);
    const struct pc_official *g = pc_official_find("Gift_Cards");
    assert_non_null(g);
    assert_true(g->size == 2038189);
    assert_string_equal(g->sha256,
                        "7909903c85f0690b4ff653981724af1ea6473e7b21a7e32c7adae5026240808f");
    assert_true(pc_official_find("Clothing_Shoes_and_Jewelry")->size == 17960532903ull);
    assert_null(pc_official_find("gift_cards")); /* exact names only */
    assert_null(pc_official_find("Gift_Card"));
    assert_true(pc_official_total_bytes == 101396251783ull);
    /* SPEC §4 load order */
    const char *course[] = {"Automotive",
                            "Electronics",
                            "Office_Products",
                            "Tools_and_Home_Improvement",
                            "Cell_Phones_and_Accessories",
                            "Toys_and_Games",
                            "Appliances",
                            "Musical_Instruments"};
    for (int i = 0; i < PC_COURSE_COUNT; i++) {
        assert_string_equal(pc_course_categories[i], course[i]);
        assert_non_null(pc_official_find(course[i]));
    }
}

static void names_and_sizes(void **state)
{
    const struct pc_official *g = pc_official_find("Gift_Cards");
    assert_ptr_equal(pc_official_by_name("meta_Gift_Cards.jsonl"), g);
    assert_ptr_equal(pc_official_by_name("/data/x/meta_Gift_Cards.jsonl"), g);
    assert_null(pc_official_by_name("meta_Gift_Cards.jsonl.gz"));
    assert_null(pc_official_by_name("Gift_Cards.jsonl"));
    assert_null(pc_official_by_name("meta_.jsonl"));
    assert_null(pc_official_by_name("meta_Handmade_Products.sample.jsonl"));
    assert_ptr_equal(pc_official_lookup("d/meta_Gift_Cards.jsonl", 2038189), g);
    assert_null(pc_official_lookup("d/meta_Gift_Cards.jsonl", 2038188));
}

static void closest_names(void **state)
{
    const struct pc_official *o[3];
    assert_int_equal(pc_official_closest("Gift_Card", o, 3), 3);
    assert_string_equal(o[0]->category, "Gift_Cards");
    pc_official_closest("electronic", o, 3);
    assert_string_equal(o[0]->category, "Electronics");
    pc_official_closest("Toys", o, 1);
    assert_string_equal(o[0]->category, "Toys_and_Games");
    pc_official_closest("Musical_Instrument", o, 2);
    assert_string_equal(o[0]->category, "Musical_Instruments");
    pc_official_closest("Cell_Phones", o, 2);
    assert_string_equal(o[0]->category, "Cell_Phones_and_Accessories");
}

static void judge_and_describe(void **state)
{
    struct pc_official_check c;
    char buf[512];
    const char *sha = "7909903c85f0690b4ff653981724af1ea6473e7b21a7e32c7adae5026240808f";
    assert_int_equal(pc_official_judge("a/meta_Gift_Cards.jsonl", 2038189, sha, &c), PC_OK);
    assert_int_equal(c.verdict, PC_OFFICIAL_OK);
    assert_string_equal(pc_official_describe(&c, buf, sizeof buf), "official");
    pc_official_judge("meta_Gift_Cards.jsonl", 1000, NULL, &c);
    assert_int_equal(c.verdict, PC_OFFICIAL_SIZE);
    assert_string_equal(pc_official_describe(&c, buf, sizeof buf),
                        "size 1,000 bytes, the official Gift_Cards has 2,038,189");
    pc_official_judge("meta_Gift_Cards.jsonl", 2038189,
                      "0000000000000000000000000000000000000000000000000000000000000000", &c);
    assert_int_equal(c.verdict, PC_OFFICIAL_HASH);
    assert_non_null(strstr(pc_official_describe(&c, buf, sizeof buf), sha));
    assert_int_equal(pc_official_judge("meta_Gift_Cards.jsonl", 2038189, NULL, &c), PC_EINVAL);
    pc_official_judge("meta_X.jsonl", 5, NULL, &c);
    assert_int_equal(c.verdict, PC_OFFICIAL_NAME);
}

static void hash_file(void **state)
{
    char path[] = "/tmp/pc_official_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "abc", 3), 3);
    close(fd);
    char hex[65];
    uint64_t n = 0;
    assert_int_equal(pc_official_sha256_file(path, hex, &n, NULL, NULL), PC_OK);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_true(n == 3);
    struct pc_official_check c;
    assert_int_equal(pc_official_verify(path, &c, NULL, NULL), PC_OK);
    assert_int_equal(c.verdict, PC_OFFICIAL_NAME);
    unlink(path);
    struct pc_error err;
    assert_int_equal(pc_official_verify(path, &c, NULL, &err), PC_EIO);
    assert_non_null(strstr(err.message, path));
}

static void urls(void **state)
{
    struct pc_fetch_opts o;
    pc_fetch_opts_init(&o);
    char u[1024];
    assert_int_equal(pc_fetch_url(&o, "Gift_Cards", u, sizeof u), PC_OK);
    assert_string_equal(u, "https://huggingface.co/datasets/McAuley-Lab/Amazon-Reviews-2023/"
                           "resolve/main/raw/meta_categories/meta_Gift_Cards.jsonl");
    o.endpoint = "http://mirror.example:8080/";
    o.revision = "refs/pr/1";
    pc_fetch_url(&o, "Books", u, sizeof u);
    assert_string_equal(u, "http://mirror.example:8080/datasets/McAuley-Lab/Amazon-Reviews-2023/"
                           "resolve/refs%2Fpr%2F1/raw/meta_categories/meta_Books.jsonl");
    assert_int_equal(pc_fetch_url(&o, "Books", u, 20), PC_ETOOBIG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(table_and_find), cmocka_unit_test(names_and_sizes),
        cmocka_unit_test(closest_names),  cmocka_unit_test(judge_and_describe),
        cmocka_unit_test(hash_file),      cmocka_unit_test(urls),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
