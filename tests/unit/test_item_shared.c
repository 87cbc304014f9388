/* Conformance on real records (../shared, skipped when absent): hf-form/
 * records_from_notebooks.jsonl holds 5 records exactly as the reference's dataset loader
 * returned them (hf_record: price as a string, details as a JSON string). pricer's
 * conversion of the matching raw lines (meta_*.reconstructed.jsonl) must give the very same
 * details and price strings (SPEC §1.1 steps 3-4). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pricer.h"

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long sz = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = malloc((size_t)sz + 1);
    *n = fread(p, 1, (size_t)sz, f);
    p[*n] = 0;
    fclose(f);
    return p;
}

static char shared[2048];

/* Finds the raw line with this parent_asin in the two reconstructed files. */
static char *raw_line(const char *asin)
{
    static const char *files[] = {"meta_Appliances.reconstructed.jsonl",
                                  "meta_Musical_Instruments.reconstructed.jsonl"};
    char needle[128];
    snprintf(needle, sizeof needle, "\"parent_asin\": \"%s\"", asin);
    for (int i = 0; i < 2; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/data/amazon/hf-form/%s", shared, files[i]);
        size_t n;
        char *all = slurp(path, &n);
        if (!all) continue;
        for (char *line = strtok(all, "\n"); line; line = strtok(NULL, "\n"))
            if (strstr(line, needle)) {
                char *copy = strdup(line);
                free(all);
                return copy;
            }
        free(all);
    }
    return NULL;
}

static void loader_strings_match(void **state)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/data/amazon/hf-form/records_from_notebooks.jsonl", shared);
    size_t n;
    char *all = slurp(path, &n);
    assert_non_null(all);
    struct pc_json_doc *want_doc = pc_json_doc_new(), *raw_doc = pc_json_doc_new();
    struct pc_buf got;
    pc_buf_init(&got, 0);
    int checked = 0;
    char *save = NULL;
    for (char *line = strtok_r(all, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        const struct pc_json_val *w, *r;
        assert_int_equal(pc_json_parse(want_doc, line, strlen(line), &w, NULL), PC_OK);
        const struct pc_json_val *asin = pc_json_get(w, "parent_asin");
        const struct pc_json_val *hf = pc_json_get(w, "hf_record");
        assert_non_null(asin);
        assert_non_null(hf);
        char *raw = raw_line(asin->u.str);
        if (!raw) fail_msg("no raw line for %s", asin->u.str);
        assert_int_equal(pc_json_parse(raw_doc, raw, strlen(raw), &r, NULL), PC_OK);
        struct pc_record rec;
        assert_int_equal(pc_record_from_json(r, &rec), PC_OUT_KEPT);
        const struct pc_json_val *wd = pc_json_get(hf, "details");
        const struct pc_json_val *wp = pc_json_get(hf, "price");
        assert_true(wd && wd->type == PC_JSON_STRING && wp && wp->type == PC_JSON_STRING);
        pc_buf_reset(&got);
        assert_int_equal(pc_record_details_str(&rec, &got), PC_OK);
        if (got.len != wd->len || memcmp(got.data, wd->u.str, got.len))
            fail_msg("%s details:\n got  %s\n want %s", asin->u.str, got.data, wd->u.str);
        pc_buf_reset(&got);
        assert_int_equal(pc_record_price_str(&rec, &got), PC_OK);
        if (strcmp(got.data, wp->u.str))
            fail_msg("%s price: got '%s' want '%s'", asin->u.str, got.data, wp->u.str);
        free(raw);
        checked++;
    }
    assert_int_equal(checked, 5);
    pc_buf_release(&got);
    pc_json_doc_free(want_doc);
    pc_json_doc_free(raw_doc);
    free(all);
}

int main(void)
{
    const char *s = getenv("PC_SHARED");
    if (!s) return 77;
    snprintf(shared, sizeof shared, "%s", s);
    char probe[4096];
    snprintf(probe, sizeof probe, "%s/data/amazon/hf-form/records_from_notebooks.jsonl", shared);
    FILE *f = fopen(probe, "rb");
    if (!f) return 77;
    fclose(f);
    const struct CMUnitTest tests[] = {cmocka_unit_test(loader_strings_match)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
