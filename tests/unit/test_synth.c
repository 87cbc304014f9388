/* Unit tests of src/synth: determinism per (seed, category, index), ASCII-only lines with no
 * line breaks, the rates of malformed kinds, exact record split over categories. The format
 * itself is checked against Python's json module in tests/cli/test_synth.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "pricer.h"

static void names(void **state)
{
    assert_string_equal(pc_synth_category_name(0), "Automotive");
    assert_string_equal(pc_synth_category_name(7), "Musical_Instruments");
    assert_null(pc_synth_category_name(8));
    assert_int_equal(pc_synth_category_find("Appliances"), 6);
    assert_int_equal(pc_synth_category_find("appliances"), -1);
    double total = 0;
    for (int i = 0; i < PC_SYNTH_NCAT; i++) total += pc_synth_category_share(i);
    assert_true(total > 0.999999 && total < 1.000001);
}

static void deterministic_lines(void **state)
{
    struct pc_buf a, b;
    pc_buf_init(&a, 0);
    pc_buf_init(&b, 0);
    for (uint64_t i = 0; i < 200; i++) {
        pc_buf_reset(&a);
        pc_buf_reset(&b);
        assert_int_equal(pc_synth_line(42, 3, i, &a, NULL), PC_OK);
        assert_int_equal(pc_synth_line(42, 3, i, &b, NULL), PC_OK);
        assert_int_equal(a.len, b.len);
        assert_memory_equal(a.data, b.data, a.len);
        pc_buf_reset(&b);
        assert_int_equal(pc_synth_line(43, 3, i, &b, NULL), PC_OK);
        assert_true(a.len != b.len || memcmp(a.data, b.data, a.len) != 0);
    }
    assert_int_equal(pc_synth_line(42, 8, 0, &a, NULL), PC_EINVAL);
    assert_int_equal(pc_synth_line(42, -1, 0, &a, NULL), PC_EINVAL);
    pc_buf_release(&a);
    pc_buf_release(&b);
}

static void ascii_lines_and_kinds(void **state)
{
    struct pc_buf b;
    pc_buf_init(&b, 0);
    uint64_t kinds[PC_SYNTH_NKIND] = {0};
    size_t longest = 0;
    const uint64_t n = 80000;
    for (uint64_t i = 0; i < n; i++) {
        int kind = -1;
        pc_buf_reset(&b);
        assert_int_equal(pc_synth_line(42, (int)(i % PC_SYNTH_NCAT), i, &b, &kind), PC_OK);
        assert_true(kind >= 0 && kind < PC_SYNTH_NKIND);
        kinds[kind]++;
        if (b.len > longest) longest = b.len;
        assert_true(b.len > 20);
        assert_true(b.data[0] == '{');
        for (size_t k = 0; k < b.len; k++) {
            unsigned char c = (unsigned char)b.data[k];
            assert_true(c >= 0x20 && c < 0x7f); /* ensure_ascii, no raw controls or \n \r */
        }
        if (kind == PC_SYNTH_OK) {
            assert_true(strstr(b.data, "\"images\": [") != NULL);
            assert_true(b.data[b.len - 1] == '}');
        } else if (kind == PC_SYNTH_NO_IMAGES) {
            assert_null(strstr(b.data, "\"images\""));
        } else if (kind == PC_SYNTH_TRUNCATED) {
            assert_null(strstr(b.data, "\"bought_together\": null}"));
        }
    }
    assert_true(longest < 60000);
    /* about 1 in 4,000 lines malformed, each kind present */
    uint64_t bad = n - kinds[PC_SYNTH_OK];
    assert_true(bad >= 8 && bad <= 40);
    pc_buf_release(&b);
}

static void record_split(void **state)
{
    struct pc_synth_opts o;
    pc_synth_opts_init(&o);
    assert_int_equal(o.seed, 42);
    for (uint64_t total = 1; total < 3000; total += 97) {
        o.records = total;
        uint64_t sum = 0;
        for (int c = 0; c < PC_SYNTH_NCAT; c++) sum += pc_synth_records_for(&o, c);
        assert_int_equal(sum, total);
    }
    o.records = 25020;
    assert_int_equal(pc_synth_records_for(&o, 0), 5300); /* 5.3 GB of 25.02 GB */
    assert_int_equal(pc_synth_records_for(&o, 6), 290);  /* Appliances 0.29 GB */
    o.ncats = 2;
    o.cats[0] = 6;
    o.cats[1] = 7;
    o.records = 920;
    assert_int_equal(pc_synth_records_for(&o, 6), 290);
    assert_int_equal(pc_synth_records_for(&o, 7), 630);
    assert_int_equal(pc_synth_records_for(&o, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names),
        cmocka_unit_test(deterministic_lines),
        cmocka_unit_test(ascii_lines_and_kinds),
        cmocka_unit_test(record_split),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
