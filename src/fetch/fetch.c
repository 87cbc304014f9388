/* pricer fetch: each file kept, linked from a hub cache or downloaded; several at once. */
#include "fetch/fetch.h"

#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const char *pc_fetch_how_name(int how)
{
    static const char *const names[] = {"failed", "already there", "linked from the hub cache",
                                        "downloaded", "resumed"};
    return how >= 0 && how <= PC_FETCH_RESUMED ? names[how] : "?";
}

void pc_fetch_opts_init(struct pc_fetch_opts *o)
{
    memset(o, 0, sizeof *o);
    o->dir = ".";
    o->endpoint = PC_FETCH_DEFAULT_ENDPOINT;
    o->revision = "main";
    o->retries = 5;
    o->backoff = 1.0;
}

int pc_fetch_global_init(struct pc_error *err)
{
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return pc_error_set(err, PC_EIO, "cannot initialise libcurl");
    return PC_OK;
}

void pc_fetch_global_cleanup(void)
{
    curl_global_cleanup();
}

int pc_fetch_url(const struct pc_fetch_opts *o, const char *category, char *out, size_t n)
{
    const char *ep = o->endpoint && *o->endpoint ? o->endpoint : PC_FETCH_DEFAULT_ENDPOINT;
    size_t el = strlen(ep);
    while (el > 0 && ep[el - 1] == '/') el--;
    char *rev = curl_easy_escape(NULL, o->revision && *o->revision ? o->revision : "main", 0);
    if (!rev) return PC_ENOMEM;
    int k = snprintf(out, n, "%.*s/datasets/%s/resolve/%s/raw/meta_categories/meta_%s.jsonl",
                     (int)el, ep, PC_FETCH_DATASET, rev, category);
    curl_free(rev);
    return k > 0 && (size_t)k < n ? PC_OK : PC_ETOOBIG;
}

void pc_fetch_note(const struct pc_fetch_opts *o, const struct pc_official *e, int slot,
                   const char *fmt, ...)
{
    if (!o->on_event) return;
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    struct pc_fetch_event ev = {PC_FETCH_EV_NOTE, slot, e, 0, e->size, msg, NULL};
    o->on_event(o->user, &ev);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* mkdir -p */
static int make_dir(const char *dir, struct pc_error *err)
{
    char p[4096];
    snprintf(p, sizeof p, "%s", dir);
    for (char *s = p + 1;; s++) {
        if (*s == '/' || *s == '\0') {
            char c = *s;
            *s = '\0';
            if (mkdir(p, 0755) != 0 && errno != EEXIST)
                return pc_error_set(err, PC_EIO, "cannot create '%s': %s", p, strerror(errno));
            *s = c;
            if (!c) break;
        }
    }
    return PC_OK;
}

/* Replaces path by a symlink to target, atomically. */
static int link_into_place(const char *target, const char *path, struct pc_error *err)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.link.%ld", path, (long)getpid());
    unlink(tmp);
    if (symlink(target, tmp) != 0 || rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return pc_error_set(err, PC_EIO, "cannot link '%s' to '%s': %s", path, target, strerror(e));
    }
    return PC_OK;
}

static int fetch_one(const struct pc_fetch_opts *o, const struct pc_official *e, int slot,
                     struct pc_fetch_result *r)
{
    snprintf(r->path, sizeof r->path, "%s/meta_%s.jsonl", o->dir, e->category);
    int rc = make_dir(o->dir, &r->err);
    if (rc != PC_OK) return rc;
    struct stat sb;
    if (lstat(r->path, &sb) == 0) {
        struct pc_official_check chk;
        struct pc_error verr;
        pc_error_clear(&verr);
        if (pc_official_verify(r->path, &chk, o->cancel, &verr) == PC_OK &&
            chk.verdict == PC_OFFICIAL_OK) {
            r->how = PC_FETCH_PRESENT;
            snprintf(r->source, sizeof r->source, "%s", r->path);
            return PC_OK;
        }
        if (verr.code == PC_ECANCELED) return pc_error_set(&r->err, PC_ECANCELED, "interrupted");
        /* never leave it looking like the official file, even if the fetch fails */
        char why[512], aside[4200];
        snprintf(aside, sizeof aside, "%s.not-official", r->path);
        if (rename(r->path, aside) != 0)
            return pc_error_set(&r->err, PC_EIO, "cannot move '%s' aside: %s", r->path,
                                strerror(errno));
        pc_fetch_note(o, e, slot, "'%s' is not the official file (%s): moved to '%s'", r->path,
                      verr.code ? verr.message : pc_official_describe(&chk, why, sizeof why),
                      aside);
    }
    char cached[4096];
    if (pc_fetch_find_cached(o, e, slot, cached, sizeof cached)) {
        rc = link_into_place(cached, r->path, &r->err);
        if (rc != PC_OK) return rc;
        r->how = PC_FETCH_LINKED;
        snprintf(r->source, sizeof r->source, "%s", cached);
        return PC_OK;
    }
    if (o->cancel && *o->cancel) return pc_error_set(&r->err, PC_ECANCELED, "interrupted");
    char part[4200];
    snprintf(part, sizeof part, "%s.part", r->path);
    rc = pc_fetch_download(o, e, slot, part, r);
    if (rc == PC_OK) r->how = r->resumed_from ? PC_FETCH_RESUMED : PC_FETCH_DOWNLOADED;
    return rc;
}

int pc_fetch_one(const struct pc_fetch_opts *o, const struct pc_official *e, int slot,
                 struct pc_fetch_result *r)
{
    memset(r, 0, sizeof *r);
    pc_error_clear(&r->err);
    r->entry = e;
    double t0 = now_s();
    r->code = fetch_one(o, e, slot, r);
    if (r->code != PC_OK) {
        r->how = PC_FETCH_FAILED;
        if (!r->err.code) r->err.code = r->code;
        pc_error_at(&r->err, r->path, 0, -1);
    }
    r->seconds = now_s() - t0;
    if (o->on_event) {
        struct pc_fetch_event ev = {PC_FETCH_EV_DONE, slot, e, 0, e->size, NULL, r};
        o->on_event(o->user, &ev);
    }
    return r->code;
}

struct pool {
    const struct pc_fetch_opts *o;
    const struct pc_official *const *entries;
    struct pc_fetch_result *results;
    size_t n, next, failed;
    pthread_mutex_t mu;
};

struct worker {
    struct pool *p;
    int slot;
};

static void *work(void *arg)
{
    struct worker *w = arg;
    struct pool *p = w->p;
    for (;;) {
        pthread_mutex_lock(&p->mu);
        size_t i = p->next < p->n ? p->next++ : p->n;
        pthread_mutex_unlock(&p->mu);
        if (i >= p->n) break;
        if (pc_fetch_one(p->o, p->entries[i], w->slot, &p->results[i]) != PC_OK) {
            pthread_mutex_lock(&p->mu);
            p->failed++;
            pthread_mutex_unlock(&p->mu);
        }
    }
    return NULL;
}

size_t pc_fetch_all(const struct pc_fetch_opts *o, const struct pc_official *const *entries,
                    size_t n, int jobs, struct pc_fetch_result *results)
{
    struct pool p = {o, entries, results, n, 0, 0, PTHREAD_MUTEX_INITIALIZER};
    if (jobs < 1) jobs = 1;
    if ((size_t)jobs > n) jobs = (int)(n ? n : 1);
    pthread_t th[64];
    struct worker w[64];
    if (jobs > 64) jobs = 64;
    int started = 0;
    for (int k = 1; k < jobs; k++) {
        w[k] = (struct worker){&p, k};
        if (pthread_create(&th[k], NULL, work, &w[k]) != 0) break;
        started = k;
    }
    w[0] = (struct worker){&p, 0};
    work(&w[0]);
    for (int k = 1; k <= started; k++) pthread_join(th[k], NULL);
    pthread_mutex_destroy(&p.mu);
    return p.failed;
}
