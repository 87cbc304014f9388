/* The option parser shared by the commands (cli/opts.h). */
#include "opts.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

const char pc_opt_unlisted[] = "";

void pc_opts_init(struct pc_opts *s, const struct pc_opt_cmd *c, int argc, char **argv)
{
    memset(s, 0, sizeof *s);
    s->c = c;
    s->argc = argc;
    s->argv = argv;
    s->i = 1;
}

/* The settings entry of o, or NULL. */
static const struct pc_runopt_def *setting_of(const struct pc_opt *o)
{
    if (!o->setting) return NULL;
    const char *dot = strchr(o->setting, '.');
    char sec[32];
    size_t n = dot ? (size_t)(dot - o->setting) : 0;
    if (n >= sizeof sec) return NULL;
    memcpy(sec, o->setting, n);
    sec[n] = '\0';
    int idx = pc_runopt_find(sec, dot ? dot + 1 : o->setting);
    return idx < 0 ? NULL : &pc_runopt_defs[idx];
}

/* Checks an integer value against the setting's range "LO..HI" / "LO..". */
static int in_range(const struct pc_runopt_def *d, const char *v)
{
    if (!d || d->type != PC_RUNOPT_INT || !d->range) return 1;
    char *end;
    errno = 0;
    long long x = strtoll(v, &end, 10);
    if (errno || end == v || *end) return 0;
    long long lo = strtoll(d->range, &end, 10);
    if (x < lo) return 0;
    if (end[0] == '.' && end[1] == '.' && end[2]) {
        errno = 0;
        unsigned long long hi = strtoull(end + 2, NULL, 10);
        if (x > 0 && (unsigned long long)x > hi) return 0;
    }
    return 1;
}

/* Builds the help text's option names, for suggestions ("--seed", "-j"...). */
static int unknown(struct pc_opts *s, const char *arg)
{
    char buf[8192];
    size_t k = 0;
    for (const struct pc_opt *o = s->c->opts; o->id && k + 80 < sizeof buf; o++) {
        if (o->letter) k += (size_t)snprintf(buf + k, sizeof buf - k, " -%c", o->letter);
        if (o->name) k += (size_t)snprintf(buf + k, sizeof buf - k, " --%s", o->name);
    }
    buf[k] = '\0';
    pc_cli_unknown_option(s->c->cmd, arg, buf);
    return PC_OPTS_ERROR;
}

static int take_value(struct pc_opts *s, const struct pc_opt *o, const char *inline_v)
{
    s->opt = o;
    if (o->kind == PC_OPT_OPTIONAL) {
        s->value = inline_v;
        return o->id;
    }
    if (o->kind == PC_OPT_FLAG) {
        if (inline_v) {
            pc_cli_usage(s->c->cmd, "option '%s' takes no value", s->spelled);
            return PC_OPTS_ERROR;
        }
        s->value = NULL;
        return o->id;
    }
    if (!inline_v) {
        if (s->i >= s->argc ||
            (o->kind == PC_OPT_LIST && s->argv[s->i][0] == '-' && s->argv[s->i][1] != '\0')) {
            pc_cli_usage(s->c->cmd, "option '%s' needs a value", s->spelled);
            return PC_OPTS_ERROR;
        }
        inline_v = s->argv[s->i++];
    }
    s->value = inline_v;
    if (o->kind == PC_OPT_LIST) s->list_id = o->id;
    const struct pc_runopt_def *d = setting_of(o);
    if (!in_range(d, inline_v)) {
        pc_cli_usage(s->c->cmd, "bad value for '%s': '%s' (an integer in %s)", s->spelled, inline_v,
                     d->range);
        return PC_OPTS_ERROR;
    }
    return o->id;
}

static int short_opt(struct pc_opts *s)
{
    char c = *s->group++;
    snprintf(s->spelled, sizeof s->spelled, "-%c", c);
    for (const struct pc_opt *o = s->c->opts; o->id; o++) {
        if (o->letter != c) continue;
        const char *rest = s->group;
        if (!*s->group) s->group = NULL;
        if (o->kind == PC_OPT_VALUE || o->kind == PC_OPT_LIST) {
            s->group = NULL;
            return take_value(s, o, *rest ? rest : NULL);
        }
        return take_value(s, o, NULL);
    }
    s->group = NULL;
    return unknown(s, s->spelled);
}

int pc_opts_next(struct pc_opts *s)
{
    s->opt = NULL;
    if (s->group) return short_opt(s);
    if (s->i >= s->argc) return PC_OPTS_END;
    /* a list option's values run to the next option ('-' alone is a value: standard input) */
    if (s->list_id && !s->only_operands && (s->argv[s->i][0] != '-' || s->argv[s->i][1] == '\0')) {
        s->value = s->argv[s->i++];
        return s->list_id;
    }
    s->list_id = 0;
    const char *a = s->argv[s->i++];
    if (s->only_operands || a[0] != '-' || a[1] == '\0') {
        s->value = a;
        return PC_OPTS_OPERAND;
    }
    if (a[1] != '-') {
        s->group = a + 1;
        return short_opt(s);
    }
    if (a[2] == '\0') {
        s->only_operands = 1;
        return pc_opts_next(s);
    }
    size_t n = strcspn(a + 2, "=");
    snprintf(s->spelled, sizeof s->spelled, "--%.*s", (int)(n < 60 ? n : 60), a + 2);
    for (const struct pc_opt *o = s->c->opts; o->id; o++)
        if (o->name && strlen(o->name) == n && !memcmp(o->name, a + 2, n))
            return take_value(s, o, a[2 + n] == '=' ? a + 3 + n : NULL);
    return unknown(s, a);
}

int pc_opts_bad_value(const struct pc_opts *s)
{
    return pc_cli_usage(s->c->cmd, "bad value for '%s': '%s'", s->spelled,
                        s->value ? s->value : "");
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
        const struct pc_runopt_def *d = setting_of(o);
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
