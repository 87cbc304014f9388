/* The public reader of `pricer run`'s arguments (pricer_run_args_*, include/pricer/run.h) as an
 * outside program uses it: the config from the read_stdin hook read before the command line
 * (which overrides it), the config_file hook, run's own options, sources and lines of the
 * settings, and errors as values with `pricer run`'s messages. Expected values are written by
 * hand from the option rules (README "Command line conventions") and docs/settings.md. The
 * agreement with the CLI itself is tests/python/test_run_args.py. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <pricer/pricer.h>

/* The index of setting "section.key" in pricer_run_setting's order, or -1. */
static long setting_index(const char *section, const char *key)
{
    const char *s, *k, *t;
    for (size_t i = 0; pricer_run_setting(i, &s, &k, &t); i++)
        if (!strcmp(s, section) && !strcmp(k, key)) return (long)i;
    return -1;
}

/* Setting section.key of a: its values joined with ',', its source and line. */
static void get(const pricer_run_args *a, const char *section, const char *key, char *out,
                size_t cap, const char **source, long *line)
{
    long i = setting_index(section, key);
    assert_true(i >= 0);
    const char *const *items;
    size_t n;
    assert_int_equal(pricer_run_args_setting(a, (size_t)i, &items, &n, source, line), 1);
    out[0] = '\0';
    for (size_t k = 0; k < n; k++) {
        if (k) strncat(out, ",", cap - strlen(out) - 1);
        strncat(out, items[k], cap - strlen(out) - 1);
    }
}

struct io {
    const char *text; /* what standard input holds, NULL: unreadable */
    int stdin_reads;
    char seen[256]; /* the path given to config_file */
};

static const char *read_stdin(void *user, size_t *n)
{
    struct io *io = user;
    io->stdin_reads++;
    if (io->text) *n = strlen(io->text);
    return io->text;
}

static void config_file(void *user, const char *path)
{
    struct io *io = user;
    snprintf(io->seen, sizeof io->seen, "%s", path);
}

static void config_from_stdin_then_command_line(void **state)
{
    struct io io = {"split:\n  train: 123\n  test: 7\nfiles: [meta_A.jsonl]\n", 0, ""};
    struct pricer_run_args_hooks h = {&io, read_stdin, config_file};
    const char *argv[] = {"run",          "--train=9",    "-qj2",     "--config", "-",
                          "meta_B.jsonl", "meta_C.jsonl", "-oR",      "--weight", "Toys=2",
                          "--weight",     "A=3",          "--format", "jsonl",    "--format",
                          "parquet",      "--no-balance"};
    pricer_run_args *a = NULL;
    struct pricer_error e;
    assert_int_equal(pricer_run_args_parse(17, argv, &h, &a, &e), PRICER_OK);
    assert_int_equal(io.stdin_reads, 1);
    assert_string_equal(io.seen, ""); /* not a file */
    struct pricer_run_args_info in;
    pricer_run_args_info(a, &in);
    assert_string_equal(in.config, "-");
    assert_int_equal(in.configs, 1);
    assert_string_equal(in.rundir, "R");
    assert_int_equal(in.verbosity, 'q');
    assert_int_equal(in.force + in.dry_run + in.help + in.help_config, 0);
    assert_int_equal(in.shard_k + in.shard_n + in.shards, 0);
    char v[256];
    const char *src;
    long line;
    get(a, "split", "train", v, sizeof v, &src, &line);
    assert_string_equal(v, "9");
    assert_string_equal(src, "command line");
    get(a, "split", "test", v, sizeof v, &src, &line);
    assert_string_equal(v, "7");
    assert_string_equal(src, "config");
    assert_int_equal(line, 3);
    get(a, "", "files", v, sizeof v, &src, &line); /* operands replace the config's list */
    assert_string_equal(v, "meta_B.jsonl,meta_C.jsonl");
    get(a, "", "jobs", v, sizeof v, &src, &line);
    assert_string_equal(v, "2");
    get(a, "curate", "weights", v, sizeof v, &src, &line); /* a map adds entries */
    assert_string_equal(v, "Toys=2,A=3");
    get(a, "split", "formats", v, sizeof v, &src, &line); /* a list: the last wins */
    assert_string_equal(v, "parquet");
    get(a, "curate", "balance", v, sizeof v, &src, &line);
    assert_string_equal(v, "false");
    get(a, "parse", "min_tokens", v, sizeof v, &src, &line);
    assert_string_equal(v, "150");
    assert_string_equal(src, "default");
    pricer_run_args_free(a);
}

static void config_file_hook_and_shard(void **state)
{
    char path[] = "/tmp/pricer-run-args-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *yaml = "data_dir: data\nparse:\n  max_tokens: 100\n";
    assert_int_equal(write(fd, yaml, strlen(yaml)), (ssize_t)strlen(yaml));
    close(fd);
    struct io io = {NULL, 0, ""};
    struct pricer_run_args_hooks h = {&io, read_stdin, config_file};
    const char *argv[] = {"run", "--shard", "2/3", "--force", "--config", path, "-v"};
    pricer_run_args *a = NULL;
    struct pricer_error e;
    assert_int_equal(pricer_run_args_parse(7, argv, &h, &a, &e), PRICER_OK);
    unlink(path);
    assert_string_equal(io.seen, path);
    struct pricer_run_args_info in;
    pricer_run_args_info(a, &in);
    assert_int_equal(in.shard_k, 2);
    assert_int_equal(in.shard_n, 3);
    assert_int_equal(in.force, 1);
    assert_int_equal(in.verbosity, 'v');
    assert_string_equal(in.rundir, "pricer-run");
    char v[256], want[300];
    const char *src;
    long line;
    get(a, "", "data_dir", v, sizeof v, &src, &line); /* relative to the config's folder */
    snprintf(want, sizeof want, "/tmp/data");
    assert_string_equal(v, want);
    get(a, "parse", "max_tokens", v, sizeof v, &src, &line);
    assert_string_equal(v, "100");
    assert_int_equal(line, 3);
    pricer_run_args_free(a);
}

static void errors_are_values(void **state)
{
    static const struct {
        int argc;
        const char *argv[5];
        int code;
        const char *message;
    } cases[] = {
        {3,
         {"run", "--report-ra", "x"},
         PRICER_EINVAL,
         "unknown option '--report-ra'; did you mean '--report-raw'?"},
        {4,
         {"run", "--test", "x", "y"},
         PRICER_EINVAL,
         "--test: split.test: 'x' is not a non-negative integer"},
        {3,
         {"run", "--set", "split.nope=1"},
         PRICER_EINVAL,
         "unknown configuration key 'split.nope'"},
        {1, {"run"}, PRICER_EINVAL, "no input: give --config FILE, --data-dir DIR or files"},
        {3, {"run", "--config", "-"}, PRICER_EIO, "cannot read the config from standard input"},
        {3,
         {"run", "--config", "/nonexistent/c.yaml"},
         PRICER_EIO,
         "cannot open '/nonexistent/c.yaml': No such file or directory"},
    };
    struct io io = {NULL, 0, ""}; /* standard input unreadable */
    struct pricer_run_args_hooks h = {&io, read_stdin, NULL};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        pricer_run_args *a = (pricer_run_args *)&io; /* set to NULL on failure */
        struct pricer_error e;
        assert_int_equal(pricer_run_args_parse(cases[i].argc, cases[i].argv, &h, &a, &e),
                         cases[i].code);
        assert_null(a);
        assert_string_equal(e.message, cases[i].message);
    }
    /* no hook: `--config -` cannot be read */
    pricer_run_args *a;
    struct pricer_error e;
    const char *argv[] = {"run", "--config", "-", "x"};
    assert_int_equal(pricer_run_args_parse(4, argv, NULL, &a, &e), PRICER_EINVAL);
    /* --help stops the reading: what follows is not looked at */
    const char *help[] = {"run", "--help", "--no-such-option"};
    assert_int_equal(pricer_run_args_parse(3, help, NULL, &a, &e), PRICER_OK);
    struct pricer_run_args_info in;
    pricer_run_args_info(a, &in);
    assert_int_equal(in.help, 1);
    pricer_run_args_free(a);
    pricer_run_args_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(config_from_stdin_then_command_line),
        cmocka_unit_test(config_file_hook_and_shard),
        cmocka_unit_test(errors_are_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
