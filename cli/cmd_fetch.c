/* pricer fetch: get the official raw files (download, resume, verify, hub cache). */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "opts.h"

static const char fetch_help[] =
    "usage: pricer fetch [CATEGORY... | --course | --all] [-o DIR] [-j N] [--verify]\n"
    "                    [--revision REV]\n"
    "\n"
    "Downloads raw/meta_categories/meta_<Category>.jsonl of the Hugging Face dataset\n"
    "McAuley-Lab/Amazon-Reviews-2023 into DIR, checking size and SHA-256 against the\n"
    "official table while the data arrives. Only a verified file is put in place; an\n"
    "interrupted download stays in DIR/meta_<Category>.jsonl.part and the next run resumes\n"
    "it. Files already in DIR or in the huggingface_hub cache ($HF_HUB_CACHE, $HF_HOME/hub,\n"
    "~/.cache/huggingface/hub) are verified and kept or linked instead of downloaded again.\n"
    "\n"
    "options:\n";

static const char fetch_tail[] =
    "\n"
    "environment: HF_ENDPOINT (default https://huggingface.co; mirrors work), HF_TOKEN (or\n"
    "the token file huggingface_hub writes; sent to the endpoint's host only, never to the\n"
    "CDN it redirects to), https_proxy / http_proxy / no_proxy as libcurl reads them.\n";

enum {
    O_COURSE = 1,
    O_ALL,
    O_LIST,
    O_OUTPUT,
    O_JOBS,
    O_THREADS,
    O_VERIFY,
    O_REVISION,
    O_RETRIES,
    O_BACKOFF,
    O_NO_CACHE,
    O_QUIET,
    O_VERBOSE,
    O_HELP
};

static const struct pc_opt fetch_opts[] = {
    {O_COURSE, 0, "course", PC_OPT_FLAG, NULL,
     "the reference course's eight categories, in its load order", NULL},
    {O_ALL, 0, "all", PC_OPT_FLAG, NULL, "all 34 categories (101.4 GB)", NULL},
    {O_LIST, 0, "list", PC_OPT_FLAG, NULL,
     "list the categories with their sizes and SHA-256, then exit", NULL},
    {O_OUTPUT, 'o', "output", PC_OPT_VALUE, "DIR", "destination folder (default: data)", NULL},
    {O_JOBS, 'j', "jobs", PC_OPT_VALUE, "N", "parallel downloads (default 4)", NULL},
    {O_THREADS, 0, "threads", PC_OPT_VALUE, "N", "the same as --jobs", NULL},
    {O_VERIFY, 0, "verify", PC_OPT_FLAG, NULL,
     "only check the files already in DIR (all meta_*.jsonl when no\n"
     "category is named): 'official' or what differs",
     NULL},
    {O_REVISION, 0, "revision", PC_OPT_VALUE, "REV", "dataset branch, tag or commit (default main)",
     NULL},
    {O_RETRIES, 0, "retries", PC_OPT_VALUE, "N",
     "attempts after a timeout, dropped connection or 5xx (default 5)", NULL},
    {O_BACKOFF, 0, "backoff", PC_OPT_VALUE, "SECS",
     "wait before the first retry, doubled each time (default 1)", NULL},
    {O_NO_CACHE, 0, "no-cache", PC_OPT_FLAG, NULL, "do not look in the huggingface_hub cache",
     NULL},
    {O_QUIET, 'q', "quiet", PC_OPT_FLAG, NULL,
     "no progress bars or notes on standard error (the table of\nresults on standard output stays)",
     NULL},
    {O_VERBOSE, 'v', "verbose", PC_OPT_FLAG, NULL,
     "also the endpoint, revision, destination, hub caches\nsearched and each file's URL", NULL},
    {O_HELP, 'h', "help", PC_OPT_FLAG, NULL, "show this help", NULL},
    {0, 0, NULL, 0, NULL, NULL, NULL},
};

static const struct pc_opt_cmd fetch_cmd = {"fetch", fetch_help, fetch_tail, fetch_opts};

/* --- progress: one bar per running download, drawn on stderr when it is a terminal --- */

struct slot {
    const struct pc_official *e;
    uint64_t done, start_done;
    double t0;
};

struct view {
    pthread_mutex_t mu;
    int tty, quiet, lines;
    double last;
    struct slot slots[64];
};

static void clear_block(struct view *v)
{
    if (v->tty && v->lines) fprintf(stderr, "\033[%dA\r\033[J", v->lines);
    v->lines = 0;
}

static void draw_block(struct view *v)
{
    if (!v->tty) return;
    double now = pc_cli_now();
    for (int i = 0; i < 64; i++) {
        struct slot *s = &v->slots[i];
        if (!s->e) continue;
        double frac = s->e->size ? (double)s->done / (double)s->e->size : 1.0;
        double dt = now - s->t0, rate = dt > 0.2 ? (double)(s->done - s->start_done) / dt : 0;
        char bar[21], eta[32] = "";
        int fill = (int)(frac * 20);
        for (int k = 0; k < 20; k++) bar[k] = k < fill ? '#' : '.';
        bar[20] = '\0';
        if (rate > 0) {
            long left = (long)((double)(s->e->size - s->done) / rate);
            snprintf(eta, sizeof eta, "ETA %ld:%02ld:%02ld", left / 3600, left / 60 % 60,
                     left % 60);
        }
        fprintf(stderr, "%-34.34s [%s] %3.0f%%  %9.1f / %.1f MB  %6.1f MB/s  %s\n", s->e->category,
                bar, frac * 100, s->done / 1e6, s->e->size / 1e6, rate / 1e6, eta);
        v->lines++;
    }
    v->last = now;
}

static void on_event(void *user, const struct pc_fetch_event *ev)
{
    struct view *v = user;
    pthread_mutex_lock(&v->mu);
    struct slot *s = &v->slots[ev->slot & 63];
    switch (ev->phase) {
    case PC_FETCH_EV_START:
        s->e = ev->entry;
        s->done = s->start_done = ev->done;
        s->t0 = pc_cli_now();
        clear_block(v);
        draw_block(v);
        break;
    case PC_FETCH_EV_PROGRESS:
        s->done = ev->done;
        if (v->tty && pc_cli_now() - v->last >= 0.1) {
            clear_block(v);
            draw_block(v);
        }
        break;
    case PC_FETCH_EV_NOTE:
        if (!v->quiet) {
            clear_block(v);
            fprintf(stderr, "pricer: %s: %s\n", ev->entry->category, ev->note);
            draw_block(v);
        }
        break;
    case PC_FETCH_EV_DONE:
        s->e = NULL;
        clear_block(v);
        if (!v->quiet && ev->result->code == PC_OK)
            fprintf(stderr, "pricer: %s: %s\n", ev->entry->category,
                    pc_fetch_how_name(ev->result->how));
        draw_block(v);
        break;
    }
    pthread_mutex_unlock(&v->mu);
}

/* --- environment: endpoint, token, hub caches (the library never reads it) --- */

static char *read_token(void)
{
    const char *t = getenv("HF_TOKEN");
    if (!t || !*t) t = getenv("HUGGING_FACE_HUB_TOKEN");
    if (t && *t) return strdup(t);
    char path[4096] = "";
    const char *p = getenv("HF_TOKEN_PATH"), *home = getenv("HF_HOME"), *h = getenv("HOME");
    const char *xdg = getenv("XDG_CACHE_HOME");
    if (p && *p)
        snprintf(path, sizeof path, "%s", p);
    else if (home && *home)
        snprintf(path, sizeof path, "%s/token", home);
    else if (xdg && *xdg)
        snprintf(path, sizeof path, "%s/huggingface/token", xdg);
    else if (h && *h)
        snprintf(path, sizeof path, "%s/.cache/huggingface/token", h);
    FILE *f = *path ? fopen(path, "r") : NULL;
    if (!f) return NULL;
    char buf[512] = "";
    char *ok = fgets(buf, sizeof buf, f);
    fclose(f);
    buf[strcspn(buf, "\r\n \t")] = '\0';
    return ok && *buf ? strdup(buf) : NULL;
}

struct env {
    char *token;
    char caches[3][4096];
    const char *cache_ptrs[3];
    size_t ncaches;
};

static void read_env(struct env *e, struct pc_fetch_opts *o, int use_cache)
{
    memset(e, 0, sizeof *e);
    const char *ep = getenv("HF_ENDPOINT");
    if (ep && *ep) o->endpoint = ep;
    e->token = read_token();
    o->token = e->token;
    const char *hc = getenv("HF_HUB_CACHE"), *home = getenv("HF_HOME"), *h = getenv("HOME");
    const char *xdg = getenv("XDG_CACHE_HOME");
    if (hc && *hc) snprintf(e->caches[e->ncaches++], 4096, "%s", hc);
    if (home && *home) snprintf(e->caches[e->ncaches++], 4096, "%s/hub", home);
    if (xdg && *xdg)
        snprintf(e->caches[e->ncaches++], 4096, "%s/huggingface/hub", xdg);
    else if (h && *h)
        snprintf(e->caches[e->ncaches++], 4096, "%s/.cache/huggingface/hub", h);
    for (size_t i = 0; i < e->ncaches; i++) e->cache_ptrs[i] = e->caches[i];
    o->hub_caches = e->cache_ptrs;
    o->n_hub_caches = use_cache ? e->ncaches : 0;
}

/* "unknown category 'X'; closest: A, B, C" as a usage error. */
static int unknown_category(const char *cmd, const char *name)
{
    const struct pc_official *near[3];
    int k = pc_official_closest(name, near, 3);
    char list[256] = "";
    for (int i = 0; i < k; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "",
                 near[i]->category);
    return pc_cli_usage(cmd, "unknown category '%s'; closest: %s (see 'pricer fetch --list')", name,
                        list);
}

static void print_summary(const struct pc_fetch_result *r, size_t n)
{
    char a[32];
    for (size_t i = 0; i < n; i++) {
        const struct pc_fetch_result *x = &r[i];
        if (x->code == PC_OK)
            printf("  %-28s official  %-26s %15s bytes  %6.1f s\n", x->entry->category,
                   pc_fetch_how_name(x->how), pc_cli_commas(x->entry->size, a), x->seconds);
        else
            printf("  %-28s FAILED    %s\n", x->entry->category, x->err.message);
    }
}

int pc_cli_fetch(const char *dir, const char *const *cats, int n, int jobs, int use_cache,
                 const char *revision, int retries, double backoff)
{
    const struct pc_official **es = calloc((size_t)n + 1, sizeof *es);
    struct pc_fetch_result *res = calloc((size_t)n + 1, sizeof *res);
    if (!es || !res) {
        free(es);
        free(res);
        return pc_cli_fail("out of memory");
    }
    int rc = PC_EXIT_OK;
    for (int i = 0; i < n && rc == PC_EXIT_OK; i++)
        if (!(es[i] = pc_official_find(cats[i]))) rc = unknown_category("fetch", cats[i]);
    struct pc_error err;
    pc_error_clear(&err);
    if (rc == PC_EXIT_OK && pc_fetch_global_init(&err) != PC_OK) rc = pc_cli_report(&err);
    if (rc != PC_EXIT_OK) {
        free(es);
        free(res);
        return rc;
    }
    struct pc_fetch_opts o;
    pc_fetch_opts_init(&o);
    struct env env;
    read_env(&env, &o, use_cache);
    o.dir = dir;
    if (revision) o.revision = revision;
    if (retries >= 0) o.retries = retries;
    if (backoff >= 0) o.backoff = backoff;
    struct view v;
    memset(&v, 0, sizeof v);
    pthread_mutex_init(&v.mu, NULL);
    v.quiet = pc_cli_quiet;
    v.tty = !pc_cli_quiet && isatty(2);
    o.user = &v;
    o.on_event = on_event;
    if (pc_cli_verbose && !pc_cli_silent) {
        fprintf(stderr,
                "pricer fetch: %d file%s into '%s' from %s (revision %s), %d at a time, %s\n", n,
                n == 1 ? "" : "s", dir, o.endpoint, o.revision ? o.revision : "main", jobs,
                o.token ? "with a token" : "without a token");
        for (size_t i = 0; i < o.n_hub_caches; i++)
            fprintf(stderr, "pricer fetch: hub cache searched: %s\n", o.hub_caches[i]);
        for (int i = 0; i < n; i++) {
            char url[8192];
            pc_fetch_url(&o, es[i]->category, url, sizeof url);
            fprintf(stderr, "pricer fetch: %s <- %s\n", es[i]->category, url);
        }
    }
    size_t failed = pc_fetch_all(&o, es, (size_t)n, jobs, res);
    print_summary(res, (size_t)n);
    fflush(stdout);
    for (int i = 0; i < n; i++)
        if (res[i].code != PC_OK) {
            fprintf(stderr, "pricer: %s: %s\n", res[i].path, res[i].err.message);
            if (res[i].http_status == 401 && !o.token)
                fprintf(stderr, "hint: set HF_TOKEN (or run 'huggingface-cli login') to send "
                                "a token\n");
        }
    if (failed) rc = pc_cli_fail("%zu of %d files failed", failed, n);
    pc_fetch_global_cleanup();
    pthread_mutex_destroy(&v.mu);
    free(env.token);
    free(es);
    free(res);
    return rc;
}

static int verify(const char *dir, const char *const *cats, int n)
{
    char **found = NULL;
    int nfound = 0;
    if (n == 0) { /* every meta_*.jsonl in DIR */
        DIR *d = opendir(dir);
        if (!d) return pc_cli_fail("cannot open '%s': %s", dir, strerror(errno));
        struct dirent *de;
        while ((de = readdir(d))) {
            size_t l = strlen(de->d_name);
            if (strncmp(de->d_name, "meta_", 5) || l < 12 || strcmp(de->d_name + l - 6, ".jsonl"))
                continue;
            char **f = realloc(found, (size_t)(nfound + 1) * sizeof *f);
            if (!f) break;
            found = f;
            found[nfound++] = strdup(de->d_name);
        }
        closedir(d);
        if (!nfound) return pc_cli_fail("no meta_*.jsonl files in '%s'", dir);
    }
    int bad = 0, total = n ? n : nfound;
    for (int i = 0; i < total; i++) {
        char path[4096], why[512];
        if (n)
            snprintf(path, sizeof path, "%s/meta_%s.jsonl", dir, cats[i]);
        else
            snprintf(path, sizeof path, "%s/%s", dir, found[i]);
        struct pc_official_check c;
        struct pc_error err;
        pc_error_clear(&err);
        if (pc_official_verify(path, &c, NULL, &err) != PC_OK) {
            printf("%s: missing or unreadable (%s)\n", path, err.message);
            bad++;
        } else {
            printf("%s: %s\n", path, pc_official_describe(&c, why, sizeof why));
            bad += c.verdict != PC_OFFICIAL_OK;
        }
    }
    for (int i = 0; i < nfound; i++) free(found[i]);
    free(found);
    fflush(stdout);
    return bad ? pc_cli_fail("%d of %d files are not official", bad, total) : PC_EXIT_OK;
}

static void list_categories(void)
{
    char a[32];
    for (size_t i = 0; i < pc_official_count; i++)
        printf("%-28s %15s  %s\n", pc_official_files[i].category,
               pc_cli_commas(pc_official_files[i].size, a), pc_official_files[i].sha256);
    printf("%-28s %15s\n", "total", pc_cli_commas(pc_official_total_bytes, a));
}

/* An integer in lo..64, or -1. */
static int small_int(const char *s, int lo)
{
    char *end;
    long v = strtol(s, &end, 10);
    return *s && !*end && v >= lo && v <= 64 ? (int)v : -1;
}

int cmd_fetch(int argc, char **argv)
{
    const char *dir = "data", *rev = NULL;
    int jobs = 4, do_verify = 0, course = 0, all = 0, use_cache = 1, retries = -1;
    double backoff = -1;
    const char **cats = calloc((size_t)argc + PC_COURSE_COUNT + pc_official_count, sizeof *cats);
    if (!cats) return pc_cli_fail("out of memory");
    int n = 0, rc = -1;
    struct pc_opts p;
    pc_opts_init(&p, &fetch_cmd, argc, argv);
    int id;
    while (rc < 0 && (id = pc_opts_next(&p)) != PC_OPTS_END) {
        const char *val = p.value;
        switch (id) {
        case PC_OPTS_ERROR:
            rc = PC_EXIT_USAGE;
            break;
        case O_HELP:
            pc_opts_help(&fetch_cmd, stdout);
            rc = PC_EXIT_OK;
            break;
        case O_LIST:
            list_categories();
            rc = PC_EXIT_OK;
            break;
        case O_COURSE:
            course = 1;
            break;
        case O_ALL:
            all = 1;
            break;
        case O_VERIFY:
            do_verify = 1;
            break;
        case O_NO_CACHE:
            use_cache = 0;
            break;
        case O_QUIET:
            pc_cli_set_quiet();
            break;
        case O_VERBOSE:
            pc_cli_set_verbose();
            break;
        case O_OUTPUT:
            dir = val;
            break;
        case O_REVISION:
            rev = val;
            break;
        case O_JOBS:
        case O_THREADS:
            if ((jobs = small_int(val, 1)) < 0)
                rc = pc_cli_usage("fetch", "%s wants a number from 1 to 64, not '%s'", p.spelled,
                                  val);
            break;
        case O_RETRIES:
            if ((retries = small_int(val, 0)) < 0)
                rc = pc_cli_usage("fetch", "--retries wants a number from 0 to 64, not '%s'", val);
            break;
        case O_BACKOFF: {
            char *end;
            backoff = strtod(val, &end);
            if (*end || end == val || backoff < 0 || backoff > 3600)
                rc = pc_cli_usage("fetch", "--backoff wants seconds, not '%s'", val);
            break;
        }
        case PC_OPTS_OPERAND:
            if (!pc_official_find(val))
                rc = unknown_category("fetch", val);
            else
                cats[n++] = val;
            break;
        }
    }
    if (rc < 0 && course)
        for (int k = 0; k < PC_COURSE_COUNT; k++) cats[n++] = pc_course_categories[k];
    if (rc < 0 && all)
        for (size_t k = 0; k < pc_official_count; k++) cats[n++] = pc_official_files[k].category;
    /* drop repeats, keep the first position */
    int m = 0;
    for (int i = 0; i < n; i++) {
        int dup = 0;
        for (int k = 0; k < m; k++) dup |= !strcmp(cats[k], cats[i]);
        if (!dup) cats[m++] = cats[i];
    }
    n = m;
    if (rc < 0 && do_verify) rc = verify(dir, cats, n);
    if (rc < 0 && n == 0)
        rc = pc_cli_usage("fetch", "name categories, --course or --all (see --list)");
    if (rc < 0) rc = pc_cli_fetch(dir, cats, n, jobs, use_cache, rev, retries, backoff);
    free(cats);
    return rc;
}
