/* Stage runner of `pricer run` (see run_stage.h). */
#define _GNU_SOURCE
#include "run_stage.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int run_argv_push(struct run_argv *a, const char *s)
{
    if (a->n + 2 > a->cap) {
        int cap = a->cap ? a->cap * 2 : 16;
        char **v = realloc(a->v, (size_t)cap * sizeof *v);
        if (!v) return PC_ENOMEM;
        a->v = v;
        a->cap = cap;
    }
    a->v[a->n] = strdup(s);
    if (!a->v[a->n]) return PC_ENOMEM;
    a->v[++a->n] = NULL;
    return PC_OK;
}

int run_argv_pushf(struct run_argv *a, const char *fmt, ...)
{
    char buf[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return run_argv_push(a, buf);
}

void run_argv_release(struct run_argv *a)
{
    for (int i = 0; i < a->n; i++) free(a->v[i]);
    free(a->v);
    memset(a, 0, sizeof *a);
}

uint64_t run_count_lines(const char *rundir, const char *rel)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", rundir, rel);
    FILE *f = fopen(path, "rb");
    if (!f) return 0;
    static char buf[1 << 16];
    uint64_t n = 0;
    size_t k;
    int last = '\n';
    while ((k = fread(buf, 1, sizeof buf, f)) > 0) {
        for (char *p = buf, *e = buf + k; (p = memchr(p, '\n', (size_t)(e - p))); p++) n++;
        last = buf[k - 1];
    }
    fclose(f);
    return n + (last != '\n'); /* a last line without '\n' (OpenAI files) still counts */
}

static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    return remove(p);
}

static void rm_rf(const char *path)
{
    nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Removes leftovers "<name>.tmp.*" of interrupted runs from rundir. */
static void remove_stale(const char *rundir, const char *name)
{
    struct dirent **names;
    int n = scandir(rundir, &names, NULL, alphasort);
    size_t k = strlen(name);
    for (int i = 0; i < n; i++) {
        if (!strncmp(names[i]->d_name, name, k) && !strncmp(names[i]->d_name + k, ".tmp.", 5)) {
            char p[4200];
            snprintf(p, sizeof p, "%s/%s", rundir, names[i]->d_name);
            rm_rf(p);
        }
        free(names[i]);
    }
    if (n > 0) free(names);
}

/* Lists regular files under rundir/rel (recursively, sorted per folder) as relative paths. */
static int list_files(const char *rundir, const char *rel, struct run_argv *out)
{
    char full[4096];
    snprintf(full, sizeof full, "%s/%s", rundir, rel);
    struct stat sb;
    if (stat(full, &sb) != 0) return -1;
    if (S_ISREG(sb.st_mode)) return run_argv_push(out, rel);
    struct dirent **names;
    int n = scandir(full, &names, NULL, alphasort);
    if (n < 0) return -1;
    int rc = 0;
    for (int i = 0; i < n; i++) {
        if (!rc && strcmp(names[i]->d_name, ".") && strcmp(names[i]->d_name, "..")) {
            char sub[4096];
            snprintf(sub, sizeof sub, "%s/%s", rel, names[i]->d_name);
            rc = list_files(rundir, sub, out);
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

static char *iso_now(char *buf, size_t n)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

int run_write_state(struct run_ctx *x, int complete)
{
    struct pc_buf tail;
    pc_buf_init(&tail, 0);
    char when[32];
    if (x->totals) pc_buf_printf(&tail, "%s, ", x->totals);
    pc_buf_printf(&tail, "\"finished_at\": \"%s\", \"total_seconds\": %.3f, \"complete\": %s",
                  iso_now(when, sizeof when), pc_cli_now() - x->t_start,
                  complete ? "true" : "false");
    char path[4096];
    snprintf(path, sizeof path, "%s/run.json", x->rundir);
    struct pc_error err;
    pc_error_clear(&err);
    int rc = pc_run_state_write(&x->cur, path, x->head, tail.data, &err);
    pc_buf_release(&tail);
    if (rc) return pc_cli_report(&err);
    return PC_EXIT_OK;
}

/* Runs argv through the command table, stdout optionally sent to an atomic file. */
static int invoke(struct run_ctx *x, char **argv, int argc, const char *stdout_path)
{
    const struct pc_command *cmd = pc_cli_find(argv[0]);
    if (!cmd) return pc_cli_fail("no command '%s' in this build", argv[0]);
    struct pc_atomic w = {0};
    int saved = -1;
    if (stdout_path) {
        struct pc_error err;
        pc_error_clear(&err);
        if (pc_atomic_open(&w, stdout_path, &err)) return pc_cli_report(&err);
        fflush(stdout);
        saved = dup(1);
        if (saved < 0 || dup2(fileno(w.fp), 1) < 0) {
            pc_atomic_abort(&w);
            return pc_cli_fail("cannot redirect output to '%s': %s", stdout_path, strerror(errno));
        }
    }
    optind = 0; /* stage commands use getopt: full re-initialisation for each call */
    opterr = 1;
    int rc = cmd->run(argc, argv);
    if (stdout_path) {
        fflush(stdout);
        dup2(saved, 1);
        close(saved);
        if (rc == 0) {
            struct pc_error err;
            pc_error_clear(&err);
            if (pc_atomic_commit(&w, &err)) return pc_cli_report(&err);
        } else
            pc_atomic_abort(&w);
    }
    return rc;
}

int run_stage(struct run_ctx *x, const struct run_stage_spec *sp, struct pc_run_stage **out_stage)
{
    char fp[65];
    pc_run_fingerprint(x->rundir, sp->argv->v, (size_t)sp->argv->n, sp->inputs, sp->ninputs, fp);
    x->stage_no++;
    struct pc_run_stage *prev = pc_run_state_stage(&x->prev, sp->name);
    struct pc_run_stage *st =
        pc_run_state_add_stage(&x->cur, sp->name, sp->argv->v, (size_t)sp->argv->n);
    if (!st) return pc_cli_fail("out of memory");
    memcpy(st->fingerprint, fp, 65);
    if (!x->force && prev && !strcmp(prev->fingerprint, fp) &&
        pc_run_stage_outputs_intact(prev, x->rundir)) {
        st->status = PC_STAGE_REUSED;
        if (pc_run_stage_copy_results(st, prev)) return pc_cli_fail("out of memory");
        if (!x->quiet)
            fprintf(stderr, "[%d/%d] %-34s reused (same inputs and options, outputs intact)\n",
                    x->stage_no, x->stage_total, sp->name);
        *out_stage = st;
        return run_write_state(x, 0);
    }
    if (!x->quiet) {
        struct pc_buf cmd; /* quoted as --dry-run prints it (issue 10) */
        pc_buf_init(&cmd, 0);
        run_put_cmdline(&cmd, sp->argv);
        fprintf(stderr, "[%d/%d] %-34s %s\n", x->stage_no, x->stage_total, sp->name,
                cmd.data ? cmd.data : "pricer");
        pc_buf_release(&cmd);
    }

    /* The command actually run: for a folder output, -o points at a temporary folder. */
    struct run_argv real = {0};
    char tmpdir[4200] = "", finaldir[4096] = "";
    for (int i = 0; i < sp->argv->n; i++) run_argv_push(&real, sp->argv->v[i]);
    if (sp->dir_output) {
        snprintf(finaldir, sizeof finaldir, "%s/%s", x->rundir, sp->dir_output);
        snprintf(tmpdir, sizeof tmpdir, "%s.tmp.%ld", finaldir, (long)getpid());
        remove_stale(x->rundir, sp->dir_output);
        for (int i = 0; i + 1 < real.n; i++)
            if (!strcmp(real.v[i], "-o") && !strcmp(real.v[i + 1], finaldir)) {
                free(real.v[i + 1]);
                real.v[i + 1] = strdup(tmpdir);
            }
    }
    char outpath[4096];
    if (sp->stdout_to) snprintf(outpath, sizeof outpath, "%s/%s", x->rundir, sp->stdout_to);
    double t0 = pc_cli_now();
    int rc = real.v ? invoke(x, real.v, real.n, sp->stdout_to ? outpath : NULL) : PC_EXIT_FAIL;
    st->seconds = pc_cli_now() - t0;
    run_argv_release(&real);
    if (rc == 0 && sp->dir_output) {
        rm_rf(finaldir);
        if (rename(tmpdir, finaldir) != 0)
            rc = pc_cli_fail("cannot rename '%s' to '%s': %s", tmpdir, finaldir, strerror(errno));
    } else if (sp->dir_output) {
        rm_rf(tmpdir);
    }
    if (rc != 0) {
        st->status = PC_STAGE_FAILED;
        st->fingerprint[0] = '\0';
        run_write_state(x, 0);
        return pc_cli_fail("stage '%s' failed (exit status %d); completed stages are kept in "
                           "'%s/run.json' and reused by the next run",
                           sp->name, rc, x->rundir);
    }
    /* record outputs (folders expanded into their files) */
    struct pc_error err;
    pc_error_clear(&err);
    for (size_t i = 0; i < sp->noutputs; i++) {
        struct run_argv files = {0};
        const char *rel = sp->outputs[i];
        int optional = rel[0] == '?';
        if (optional) rel++;
        if (list_files(x->rundir, rel, &files) != 0) {
            run_argv_release(&files);
            if (optional) continue;
            st->status = PC_STAGE_FAILED;
            st->fingerprint[0] = '\0';
            run_write_state(x, 0);
            return pc_cli_fail("stage '%s' did not write '%s/%s'", sp->name, x->rundir, rel);
        }
        for (int k = 0; k < files.n; k++)
            if (pc_run_stage_add_output(st, x->rundir, files.v[k], &err)) {
                run_argv_release(&files);
                return pc_cli_report(&err);
            }
        run_argv_release(&files);
    }
    if (!x->quiet) fprintf(stderr, "      %-34s done in %.2f s\n", sp->name, st->seconds);
    *out_stage = st;
    return run_write_state(x, 0);
}

/* Adds numeric members of a JSON stats file (one level of nesting, dotted names). */
/* Adds every non-negative integer member of object v, nested objects as dotted names. */
static void add_counts(struct pc_run_stage *st, const char *prefix, const struct pc_json_val *v,
                       int depth)
{
    for (uint32_t i = 0; i < v->len && depth < 4; i++) {
        const struct pc_json_member *m = &v->u.members[i];
        char name[256];
        snprintf(name, sizeof name, "%s%s%s", prefix, *prefix ? "." : "", m->key);
        if (m->val.type == PC_JSON_NUMBER && m->val.num_kind == PC_JSON_INT &&
            m->val.u.raw[0] != '-')
            pc_run_stage_add_count(st, name, strtoull(m->val.u.raw, NULL, 10));
        else if (m->val.type == PC_JSON_OBJECT)
            add_counts(st, name, &m->val, depth + 1);
    }
}

void run_add_stats_counts(struct pc_run_stage *st, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return;
    struct pc_buf b;
    pc_buf_init(&b, 64u << 20);
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (pc_buf_append(&b, chunk, n)) break;
    fclose(f);
    struct pc_json_doc *doc = pc_json_doc_new();
    const struct pc_json_val *root;
    if (doc && b.data && pc_json_parse(doc, b.data, b.len, &root, NULL) == PC_OK &&
        root->type == PC_JSON_OBJECT) {
        add_counts(st, "", root, 0);
    }
    pc_json_doc_free(doc);
    pc_buf_release(&b);
}

/* Sample lines per category ("category" key of each items line). */
void run_add_category_counts(struct pc_run_stage *st, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return;
    struct pc_json_doc *doc = pc_json_doc_new();
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    uint64_t total = 0;
    while (doc && (len = getline(&line, &cap, f)) > 0) {
        const struct pc_json_val *root, *c;
        total++;
        if (pc_json_parse(doc, line, (size_t)len, &root, NULL) != PC_OK) continue;
        if (!(c = pc_json_get(root, "category")) || c->type != PC_JSON_STRING) continue;
        char name[300];
        snprintf(name, sizeof name, "category.%s", c->u.str);
        uint64_t v = 0;
        for (size_t i = 0; i < st->ncounts; i++)
            if (!strcmp(st->counts[i].name, name)) v = st->counts[i].value;
        pc_run_stage_add_count(st, name, v + 1);
    }
    pc_run_stage_add_count(st, "items", total);
    free(line);
    fclose(f);
    pc_json_doc_free(doc);
}

uint64_t run_count_of(const struct pc_run_stage *st, const char *name)
{
    for (size_t i = 0; st && i < st->ncounts; i++)
        if (!strcmp(st->counts[i].name, name)) return st->counts[i].value;
    return 0;
}

void run_put_cmdline(struct pc_buf *b, const struct run_argv *a)
{
    pc_buf_puts(b, "pricer");
    for (int i = 0; i < a->n; i++) {
        const char *s = a->v[i];
        int plain = *s != '\0';
        for (const char *p = s; *p; p++)
            if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=,:+",
                        *p))
                plain = 0;
        if (plain)
            pc_buf_printf(b, " %s", s);
        else {
            pc_buf_puts(b, " '");
            for (const char *p = s; *p; p++)
                if (*p == '\'')
                    pc_buf_puts(b, "'\\''");
                else
                    pc_buf_putc(b, *p);
            pc_buf_putc(b, '\'');
        }
    }
}
