/* Messages, number formatting and the progress bar of the CLI. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

int pc_cli_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("pricer: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return PC_EXIT_FAIL;
}

int pc_cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "pricer %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nsee 'pricer %s --help'\n", cmd);
    va_end(ap);
    return PC_EXIT_USAGE;
}

int pc_cli_report(const struct pc_error *err)
{
    fputs("pricer: ", stderr);
    if (err->file[0]) {
        fprintf(stderr, "%s:", err->file);
        if (err->line_no > 0) fprintf(stderr, "%lld:", (long long)err->line_no);
        fputc(' ', stderr);
    }
    fprintf(stderr, "%s\n", err->message[0] ? err->message : pc_strerror(err->code));
    return PC_EXIT_FAIL;
}

double pc_cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

const char *pc_cli_commas(uint64_t n, char *buf)
{
    char tmp[32];
    int len = snprintf(tmp, sizeof tmp, "%llu", (unsigned long long)n);
    int out = 0;
    for (int i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0) buf[out++] = ',';
        buf[out++] = tmp[i];
    }
    buf[out] = '\0';
    return buf;
}

const char *pc_cli_opt_value(int argc, char **argv, int *i, const char *name, int *missing)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0) return NULL;
    if (argv[*i][n] == '=') return argv[*i] + n + 1;
    if (argv[*i][n] != '\0') return NULL;
    if (*i + 1 >= argc) {
        *missing = 1;
        return NULL;
    }
    return argv[++*i];
}

const struct pc_tok_env *pc_cli_tok_env(void)
{
    static struct pc_tok_env env;
    env.tokenizer = getenv("PRICER_TOKENIZER");
    env.hf_hub_cache = getenv("HF_HUB_CACHE");
    env.hf_home = getenv("HF_HOME");
    env.home = getenv("HOME");
    return &env;
}

int pc_cli_refuse_overwrite(const char *cmd, const char *out, int out_is_dir,
                            const char *const *inputs, size_t n_inputs)
{
    struct stat so;
    if (!out || !strcmp(out, "-") || stat(out, &so) != 0) return PC_EXIT_OK;
    if (!out_is_dir && !S_ISREG(so.st_mode)) return PC_EXIT_OK; /* a device or pipe */
    for (size_t i = 0; i < n_inputs; i++) {
        const char *in = inputs[i];
        struct stat si;
        if (!in || !strcmp(in, "-")) continue;
        if (out_is_dir) {
            /* The input's folder: everything before the last '/', or "." */
            char *dir = strdup(in);
            if (!dir) continue;
            char *slash = strrchr(dir, '/');
            if (slash == dir)
                dir[1] = '\0';
            else if (slash)
                *slash = '\0';
            int same = stat(slash ? dir : ".", &si) == 0 && si.st_dev == so.st_dev &&
                       si.st_ino == so.st_ino;
            free(dir);
            if (same)
                return pc_cli_usage(
                    cmd, "refusing to write the folder '%s': it holds the input '%s'", out, in);
        } else if (stat(in, &si) == 0 && si.st_dev == so.st_dev && si.st_ino == so.st_ino) {
            return pc_cli_usage(cmd, "refusing to write '%s': it is the input '%s'", out, in);
        }
    }
    return PC_EXIT_OK;
}

void pc_cli_verbose_file(const char *cmd, const char *role, const char *path)
{
    if (!pc_cli_verbose || pc_cli_silent || !path) return;
    struct stat sb;
    if (!strcmp(path, "-"))
        fprintf(stderr, "pricer %s: %s standard input\n", cmd, role);
    else if (stat(path, &sb) != 0)
        fprintf(stderr, "pricer %s: %s '%s' (cannot stat)\n", cmd, role, path);
    else if (S_ISDIR(sb.st_mode))
        fprintf(stderr, "pricer %s: %s the folder '%s'\n", cmd, role, path);
    else
        fprintf(stderr, "pricer %s: %s '%s' (%.2f MB)\n", cmd, role, path,
                (double)sb.st_size / 1e6);
}
