/* What the CLI adds to the library's option reader (cli/opts.h): messages, help, spooling. */
#include "opts.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

int pc_opts_next(struct pc_opts *s)
{
    struct pc_error err;
    pc_error_clear(&err);
    int id = pc_opts_read(s, &err);
    if (id == PC_OPTS_ERROR) pc_cli_usage(s->c->cmd, "%s", err.message);
    return id;
}

int pc_opts_bad_value(const struct pc_opts *s)
{
    struct pc_error err;
    pc_error_clear(&err);
    pc_opts_bad_value_error(s, &err);
    return pc_cli_usage(s->c->cmd, "%s", err.message);
}

void pc_opts_help(const struct pc_opt_cmd *c, FILE *f)
{
    enum { COL = 28 };
    fputs(c->head, f);
    for (const struct pc_opt *o = c->opts; o->id; o++) {
        if (o->help == pc_opt_unlisted) continue;
        char left[96];
        int k = snprintf(left, sizeof left, "  %s%c%s", o->letter ? "-" : "  ",
                         o->letter ? o->letter : ' ', o->letter && o->name ? ", " : "  ");
        if (!o->letter) k = snprintf(left, sizeof left, "      ");
        if (o->name) k += snprintf(left + k, sizeof left - (size_t)k, "--%s", o->name);
        if (o->kind == PC_OPT_OPTIONAL && o->arg)
            snprintf(left + k, sizeof left - (size_t)k, "[=%s]", o->arg);
        else if (o->kind != PC_OPT_FLAG && o->kind != PC_OPT_OPTIONAL)
            snprintf(left + k, sizeof left - (size_t)k, " %s%s", o->arg ? o->arg : "VALUE",
                     o->kind == PC_OPT_LIST ? "..." : "");
        const struct pc_runopt_def *d = pc_opt_setting(o);
        char line[512];
        const char *help = o->help;
        if (!help && d) {
            if (d->def && *d->def)
                snprintf(line, sizeof line, "%s (default %s)", d->help, d->def);
            else
                snprintf(line, sizeof line, "%s", d->help);
            help = line;
        }
        if (!help) help = "";
        if (strlen(left) + 1 > COL)
            fprintf(f, "%s\n%*s", left, COL, "");
        else
            fprintf(f, "%-*s", COL, left);
        for (const char *p = help; *p; p++) {
            fputc(*p, f);
            if (*p == '\n' && p[1]) fprintf(f, "%*s", COL, "");
        }
        fputc('\n', f);
    }
    if (c->tail) fputs(c->tail, f);
}

static char spool_path[4096];

static void spool_cleanup(void)
{
    if (spool_path[0]) unlink(spool_path);
    spool_path[0] = '\0';
}

const char *pc_opts_spool_stdin(const char *cmd)
{
    if (spool_path[0]) return spool_path; /* "-" given twice: the same copy */
    const char *t = getenv("TMPDIR");
    snprintf(spool_path, sizeof spool_path, "%s/pricer-%s-stdin-XXXXXX", t && *t ? t : "/tmp", cmd);
    int fd = mkstemp(spool_path);
    if (fd < 0) {
        pc_cli_fail("%s: cannot spool standard input to '%s': %s", cmd, spool_path,
                    strerror(errno));
        spool_path[0] = '\0';
        return NULL;
    }
    atexit(spool_cleanup);
    char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, stdin)) > 0)
        if (write(fd, buf, n) != (ssize_t)n) {
            pc_cli_fail("%s: cannot spool standard input to '%s': %s", cmd, spool_path,
                        strerror(errno));
            close(fd);
            spool_cleanup();
            return NULL;
        }
    if (ferror(stdin) || close(fd) != 0) {
        pc_cli_fail("%s: cannot read standard input", cmd);
        spool_cleanup();
        return NULL;
    }
    return spool_path;
}

void pc_opts_spool_cleanup(void)
{
    spool_cleanup();
}
