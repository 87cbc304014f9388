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

void pc_progress_start(struct pc_progress *p, const char *label, uint64_t total_bytes)
{
    p->label = label;
    p->total = total_bytes;
    p->start = pc_cli_now();
    p->last_draw = 0;
    p->enabled = !pc_cli_quiet && isatty(2);
}

void pc_progress_update(struct pc_progress *p, uint64_t done, uint64_t items)
{
    if (!p->enabled) return;
    double now = pc_cli_now();
    if (now - p->last_draw < 0.1) return;
    p->last_draw = now;
    double el = now - p->start;
    if (el <= 0) el = 1e-9;
    char line[256], c[32];
    int n = snprintf(line, sizeof line, "\r%-12s", p->label);
    if (p->total) {
        double f = (double)done / (double)p->total;
        if (f > 1) f = 1;
        int w = 24, fill = (int)(f * w);
        n += snprintf(line + n, sizeof line - n, " [");
        for (int i = 0; i < w; i++) line[n++] = i < fill ? '#' : '.';
        n += snprintf(line + n, sizeof line - n, "] %3.0f%%", f * 100);
    }
    n += snprintf(line + n, sizeof line - n, "  %.1f MB/s  %s items", done / el / 1e6,
                  pc_cli_commas(items, c));
    if (p->total && done > 0 && done < p->total) {
        double eta = el * (double)(p->total - done) / (double)done;
        n += snprintf(line + n, sizeof line - n, "  ETA %d:%02d", (int)eta / 60, (int)eta % 60);
    }
    snprintf(line + n, sizeof line - n, "\033[K");
    fputs(line, stderr);
    fflush(stderr);
}

void pc_progress_finish(struct pc_progress *p)
{
    if (p->enabled) fputs("\r\033[K", stderr);
    p->enabled = 0;
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
