/* One download with libcurl: resume with Range, SHA-256 while receiving, redirects followed
 * by hand so the token only goes to the endpoint's origin, retries with backoff. */
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fetch/fetch.h"

struct dl {
    const struct pc_fetch_opts *o;
    const struct pc_official *e;
    int slot;
    int fd;
    EVP_MD_CTX *md;
    uint64_t have;     /* bytes in the .part, all of them hashed */
    uint64_t received; /* body bytes received this call */
    /* per response */
    long status;
    int started, body_ok, too_much, io_error, range_mismatch, restarted;
    int64_t cr_start; /* Content-Range start, -1 when absent */
    char errbody[200];
    size_t errlen;
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void emit_progress(struct dl *d)
{
    if (!d->o->on_event) return;
    struct pc_fetch_event ev = {PC_FETCH_EV_PROGRESS, d->slot, d->e, d->have,
                                d->e->size,           NULL,    NULL};
    d->o->on_event(d->o->user, &ev);
}

/* Restarts the .part from byte 0 (the server sent the whole file). */
static int restart_part(struct dl *d)
{
    if (ftruncate(d->fd, 0) != 0 || lseek(d->fd, 0, SEEK_SET) != 0) return -1;
    EVP_DigestInit_ex(d->md, EVP_sha256(), NULL);
    d->have = 0;
    return 0;
}

static size_t on_header(char *buf, size_t size, size_t n, void *user)
{
    struct dl *d = user;
    size_t len = size * n;
    if (len >= 5 && !strncmp(buf, "HTTP/", 5)) {
        const char *sp = memchr(buf, ' ', len);
        d->status = sp ? strtol(sp + 1, NULL, 10) : 0;
        d->cr_start = -1;
    } else if (len > 14 && !strncasecmp(buf, "content-range:", 14)) {
        char tmp[128];
        size_t k = len < sizeof tmp - 1 ? len : sizeof tmp - 1;
        memcpy(tmp, buf, k);
        tmp[k] = '\0';
        const char *p = strstr(tmp, "bytes");
        if (p) d->cr_start = strtoll(p + 5, NULL, 10);
    }
    return len;
}

static size_t on_body(char *buf, size_t size, size_t n, void *user)
{
    struct dl *d = user;
    size_t len = size * n;
    if (!d->started) {
        d->started = 1;
        if (d->status == 200) {
            d->body_ok = 1;
            if (d->have > 0) { /* Range ignored: the whole file comes again */
                if (restart_part(d) != 0) {
                    d->io_error = errno;
                    return 0;
                }
                d->restarted = 1;
            }
        } else if (d->status == 206) {
            d->body_ok = 1;
            if (d->cr_start != (int64_t)d->have) {
                d->range_mismatch = 1;
                return 0;
            }
        }
    }
    if (!d->body_ok) { /* an error page: keep its start for the message */
        size_t k = sizeof d->errbody - 1 - d->errlen;
        if (k > len) k = len;
        memcpy(d->errbody + d->errlen, buf, k);
        d->errlen += k;
        d->errbody[d->errlen] = '\0';
        return len;
    }
    if (d->have + len > d->e->size) {
        d->too_much = 1;
        return 0;
    }
    for (size_t off = 0; off < len;) {
        ssize_t w = write(d->fd, buf + off, len - off);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) {
            d->io_error = errno;
            return 0;
        }
        off += (size_t)w;
    }
    EVP_DigestUpdate(d->md, buf, len);
    d->have += len;
    d->received += len;
    return len;
}

static int on_xfer(void *user, curl_off_t dlt, curl_off_t dln, curl_off_t ult, curl_off_t uln)
{
    struct dl *d = user;
    if (d->o->cancel && *d->o->cancel) return 1;
    emit_progress(d);
    return 0;
}

/* "scheme://host:port" of url into out; -1 when it cannot be parsed. */
static int origin_of(const char *url, char *out, size_t n)
{
    CURLU *u = curl_url();
    char *scheme = NULL, *host = NULL, *port = NULL;
    int rc = -1;
    if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK) {
        for (char *p = host; *p; p++)
            if (*p >= 'A' && *p <= 'Z') *p += 32;
        snprintf(out, n, "%s://%s:%s", scheme, host, port);
        rc = 0;
    }
    curl_free(scheme);
    curl_free(host);
    curl_free(port);
    curl_url_cleanup(u);
    return rc;
}

static int sleep_cancelable(const struct pc_fetch_opts *o, double seconds)
{
    double end = now_s() + seconds;
    while (now_s() < end) {
        if (o->cancel && *o->cancel) return -1;
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    return 0;
}

/* Hashes the first d->have bytes already in the .part. */
static int hash_existing(struct dl *d, const char *part, struct pc_error *err)
{
    unsigned char *buf = malloc(1 << 20);
    if (!buf) return pc_error_set(err, PC_ENOMEM, "out of memory");
    uint64_t left = d->have;
    lseek(d->fd, 0, SEEK_SET);
    while (left > 0) {
        if (d->o->cancel && *d->o->cancel) {
            free(buf);
            return pc_error_set(err, PC_ECANCELED, "canceled");
        }
        ssize_t r = read(d->fd, buf, left < (1 << 20) ? (size_t)left : (1 << 20));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) {
            free(buf);
            return pc_error_set(err, PC_EIO, "cannot read '%s': %s", part,
                                r < 0 ? strerror(errno) : "file shrank");
        }
        EVP_DigestUpdate(d->md, buf, (size_t)r);
        left -= (uint64_t)r;
    }
    free(buf);
    lseek(d->fd, 0, SEEK_END);
    return PC_OK;
}

enum { TRY_DONE, TRY_RETRY, TRY_FAIL, TRY_FAIL_REMOVE };

/* One attempt: the request and its redirects. Returns TRY_*; fills r->err on failure. */
static int attempt(struct dl *d, CURL *h, const char *url0, struct pc_fetch_result *r, char *why,
                   size_t nwhy)
{
    const struct pc_fetch_opts *o = d->o;
    char url[4096], home[512], here[512];
    snprintf(url, sizeof url, "%s", url0);
    if (origin_of(url0, home, sizeof home) != 0) home[0] = '\0';
    char auth[4200];
    if (o->token && *o->token) snprintf(auth, sizeof auth, "Authorization: Bearer %s", o->token);
    int token_sent = 0;
    CURLcode cres = CURLE_OK;
    for (int hop = 0;; hop++) {
        struct curl_slist *hdrs = NULL;
        int same = origin_of(url, here, sizeof here) == 0 && !strcmp(here, home);
        if (o->token && *o->token && same) {
            hdrs = curl_slist_append(hdrs, auth);
            token_sent = 1;
        }
        char range[48];
        snprintf(range, sizeof range, "%llu-", (unsigned long long)d->have);
        curl_easy_setopt(h, CURLOPT_URL, url);
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
        curl_easy_setopt(h, CURLOPT_RANGE, d->have ? range : NULL);
        d->status = 0;
        d->started = d->body_ok = d->too_much = d->io_error = d->range_mismatch = 0;
        d->cr_start = -1;
        d->errlen = 0;
        d->errbody[0] = '\0';
        r->attempts += hop == 0;
        cres = curl_easy_perform(h);
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
        curl_slist_free_all(hdrs);
        long st = 0;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &st);
        if (st) r->http_status = st;
        if (cres == CURLE_OK && (st == 301 || st == 302 || st == 303 || st == 307 || st == 308)) {
            char *loc = NULL;
            curl_easy_getinfo(h, CURLINFO_REDIRECT_URL, &loc);
            if (!loc || hop >= 10) {
                pc_error_set(&r->err, PC_EIO, "HTTP %ld from '%s' %s", st, url,
                             loc ? "redirects more than 10 times" : "without a Location");
                return TRY_FAIL;
            }
            snprintf(url, sizeof url, "%s", loc);
            continue;
        }
        break;
    }
    long st = d->status;
    if (d->too_much) {
        pc_error_set(&r->err, PC_EFORMAT,
                     "'%s' sends more than the official %llu bytes of %s; download removed", url,
                     (unsigned long long)d->e->size, d->e->category);
        return TRY_FAIL_REMOVE;
    }
    if (d->io_error) {
        pc_error_set(&r->err, PC_EIO, "cannot write '%s.part': %s", r->path, strerror(d->io_error));
        return TRY_FAIL;
    }
    if (o->cancel && *o->cancel) {
        pc_error_set(&r->err, PC_ECANCELED, "interrupted; the .part is kept for a later resume");
        return TRY_FAIL;
    }
    if (d->range_mismatch) {
        snprintf(why, nwhy, "'%s' answered a Range request from byte %llu with bytes from %lld",
                 url, (unsigned long long)d->have, (long long)d->cr_start);
        restart_part(d);
        return TRY_RETRY;
    }
    if (cres != CURLE_OK) {
        snprintf(why, nwhy, "%s (%s)", curl_easy_strerror(cres), url);
        return TRY_RETRY;
    }
    if (st == 200 || st == 206) {
        if (d->have == d->e->size) return TRY_DONE;
        snprintf(why, nwhy, "'%s' ended the transfer after %llu of %llu bytes", url,
                 (unsigned long long)d->have, (unsigned long long)d->e->size);
        return TRY_RETRY;
    }
    if (st == 416 && d->have > 0) {
        snprintf(why, nwhy, "'%s' refused a Range from byte %llu (416); starting over", url,
                 (unsigned long long)d->have);
        restart_part(d);
        return TRY_RETRY;
    }
    if (st >= 500 || st == 429 || st == 408) {
        snprintf(why, nwhy, "HTTP %ld from '%s'", st, url);
        return TRY_RETRY;
    }
    /* permanent: say what the server said (first line of its page) */
    char body[200];
    snprintf(body, sizeof body, "%s", d->errbody);
    for (char *p = body; *p; p++)
        if (*p == '\n' || *p == '\r') *p = ' ';
    if (st == 401)
        pc_error_set(&r->err, PC_EINVAL, "HTTP 401 Unauthorized from '%s': %s%s%s", url,
                     token_sent ? "the server refused the token" : "the server wants a token",
                     *body ? ": " : "", body);
    else
        pc_error_set(&r->err, PC_EIO, "HTTP %ld from '%s'%s%s", st, url, *body ? ": " : "", body);
    return TRY_FAIL;
}

static int finish(struct dl *d, const char *part, struct pc_fetch_result *r)
{
    unsigned char md[32];
    unsigned int mdlen = 0;
    char hex[65];
    EVP_DigestFinal_ex(d->md, md, &mdlen);
    for (int i = 0; i < 32; i++) snprintf(hex + 2 * i, 3, "%02x", md[i]);
    if (strcmp(hex, d->e->sha256) != 0) {
        unlink(part);
        return pc_error_set(&r->err, PC_EFORMAT,
                            "sha256 of the downloaded meta_%s.jsonl is %s, the official one is "
                            "%s; download removed%s",
                            d->e->category, hex, d->e->sha256,
                            r->resumed_from ? " (it resumed an earlier .part: run again to "
                                              "download it whole)"
                                            : "");
    }
    if (fsync(d->fd) != 0 || rename(part, r->path) != 0) {
        int e = errno;
        unlink(part);
        return pc_error_set(&r->err, PC_EIO, "cannot put '%s' in place: %s", r->path, strerror(e));
    }
    return PC_OK;
}

int pc_fetch_download(const struct pc_fetch_opts *o, const struct pc_official *e, int slot,
                      const char *part, struct pc_fetch_result *r)
{
    struct dl d;
    memset(&d, 0, sizeof d);
    d.o = o;
    d.e = e;
    d.slot = slot;
    d.fd = open(part, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (d.fd < 0)
        return pc_error_set(&r->err, PC_EIO, "cannot open '%s': %s", part, strerror(errno));
    if (flock(d.fd, LOCK_EX | LOCK_NB) != 0) {
        close(d.fd);
        return pc_error_set(&r->err, PC_EIO, "'%s' is being written by another process", part);
    }
    d.md = EVP_MD_CTX_new();
    CURL *h = curl_easy_init();
    int rc = PC_OK;
    if (!d.md || !h || !EVP_DigestInit_ex(d.md, EVP_sha256(), NULL)) {
        rc = pc_error_set(&r->err, PC_ENOMEM, "out of memory");
        goto out;
    }
    struct stat sb;
    fstat(d.fd, &sb);
    d.have = (uint64_t)sb.st_size;
    if (d.have > e->size) {
        pc_fetch_note(o, e, slot, "'%s' is longer than the official file; starting over", part);
        restart_part(&d);
    }
    if (d.have) {
        pc_fetch_note(o, e, slot, "resuming '%s' from byte %llu", part, (unsigned long long)d.have);
        rc = hash_existing(&d, part, &r->err);
        if (rc != PC_OK) goto out;
        r->resumed_from = d.have;
    }
    if (o->on_event) {
        struct pc_fetch_event ev = {PC_FETCH_EV_START, slot, e, d.have, e->size, NULL, NULL};
        o->on_event(o->user, &ev);
    }
    pc_fetch_url(o, e->category, r->source, sizeof r->source);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "pricer/0.1 (libcurl)");
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, o->connect_timeout ? o->connect_timeout : 30L);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1024L);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, o->stall_seconds ? o->stall_seconds : 60L);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &d);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &d);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_xfer);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, &d);
    double wait = o->backoff;
    while (d.have < e->size) {
        char why[8192] = "";
        int t = attempt(&d, h, r->source, r, why, sizeof why);
        if (d.restarted) {
            pc_fetch_note(o, e, slot, "the server ignored the Range request; starting over");
            d.restarted = 0;
            r->resumed_from = 0;
        }
        if (t == TRY_DONE) break;
        if (t != TRY_RETRY) {
            rc = r->err.code;
            if (t == TRY_FAIL_REMOVE) unlink(part);
            goto out;
        }
        if (r->attempts > o->retries) {
            rc = pc_error_set(&r->err, PC_EIO, "%s; gave up after %d attempts (the .part is kept)",
                              why, r->attempts);
            goto out;
        }
        pc_fetch_note(o, e, slot, "%s; retrying in %.1f s", why, wait);
        if (sleep_cancelable(o, wait) != 0) {
            rc = pc_error_set(&r->err, PC_ECANCELED, "interrupted; the .part is kept");
            goto out;
        }
        wait *= 2;
    }
    emit_progress(&d);
    rc = finish(&d, part, r);
out:
    if (rc != PC_OK && d.have == 0 && d.fd >= 0) unlink(part); /* nothing worth resuming */
    r->bytes_received = d.received;
    curl_easy_cleanup(h);
    EVP_MD_CTX_free(d.md);
    close(d.fd);
    return rc;
}
