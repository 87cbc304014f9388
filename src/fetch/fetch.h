/* Getting the official raw files: `pricer fetch` as a library. Downloads
 * raw/meta_categories/meta_<Category>.jsonl of the Hugging Face dataset
 * McAuley-Lab/Amazon-Reviews-2023 over HTTP(S) with libcurl, or links an already verified
 * copy from a huggingface_hub cache.
 *
 * Guarantees: DIR/meta_<Category>.jsonl is only ever created (renamed or linked into place)
 * once its size and SHA-256 equal the official table's (fetch/official.h). Data goes to
 * DIR/meta_<Category>.jsonl.part, hashed while it arrives; a later call resumes it with an
 * HTTP Range request (starting over when the server ignores Range). A download whose hash
 * differs is removed. The token is sent only to the endpoint's own origin (scheme, host and
 * port), never to a redirect target elsewhere (the Hub's CDN). Proxies: libcurl's own
 * environment variables. A DIR/meta_<Category>.jsonl found not official is renamed to
 * DIR/meta_<Category>.jsonl.not-official before anything else happens.
 *
 * The library never prints: progress and notes reach the caller through on_event, which may
 * be called from several threads at once (pc_fetch_all) and must be thread-safe. */
#ifndef PC_FETCH_FETCH_H
#define PC_FETCH_FETCH_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "fetch/official.h"

#define PC_FETCH_DATASET "McAuley-Lab/Amazon-Reviews-2023"
#define PC_FETCH_DEFAULT_ENDPOINT "https://huggingface.co"

/* How a file came to be in place (or not). */
enum pc_fetch_how {
    PC_FETCH_FAILED = 0,
    PC_FETCH_PRESENT,    /* already in DIR and official */
    PC_FETCH_LINKED,     /* verified copy in a hub cache, symlinked into DIR */
    PC_FETCH_DOWNLOADED, /* downloaded from the start */
    PC_FETCH_RESUMED,    /* completed a .part left by an earlier run */
};

/* Text for a pc_fetch_how ("downloaded", ...). */
const char *pc_fetch_how_name(int how);

struct pc_fetch_result {
    const struct pc_official *entry;
    int code;                /* PC_OK or the error code (err holds the message) */
    int how;                 /* enum pc_fetch_how */
    long http_status;        /* last HTTP status seen (0: none) */
    int attempts;            /* HTTP attempts made (retries included) */
    uint64_t bytes_received; /* body bytes received over the network */
    uint64_t resumed_from;   /* bytes of a .part reused (0: none) */
    double seconds;          /* wall time of this file */
    char path[4096];         /* DIR/meta_<Category>.jsonl */
    char source[4096];       /* the cache file linked, or the URL asked */
    struct pc_error err;
};

enum pc_fetch_phase {
    PC_FETCH_EV_START,    /* work on entry begins (done = bytes already in .part) */
    PC_FETCH_EV_PROGRESS, /* done of total bytes are in the .part */
    PC_FETCH_EV_NOTE,     /* note: a retry, a restart, a cache hit, an existing bad file */
    PC_FETCH_EV_DONE,     /* result is final */
};

struct pc_fetch_event {
    int phase; /* enum pc_fetch_phase */
    int slot;  /* worker number, 0 .. jobs-1 */
    const struct pc_official *entry;
    uint64_t done, total;
    const char *note;                     /* PC_FETCH_EV_NOTE */
    const struct pc_fetch_result *result; /* PC_FETCH_EV_DONE */
};

struct pc_fetch_opts {
    const char *dir;               /* destination folder (created if missing) */
    const char *endpoint;          /* e.g. "https://huggingface.co" (no trailing slash needed) */
    const char *revision;          /* branch, tag or commit; NULL = "main" */
    const char *token;             /* bearer token or NULL */
    const char *const *hub_caches; /* huggingface_hub cache folders to search, may be NULL */
    size_t n_hub_caches;
    int retries;                /* further attempts after a timeout, a dropped connection or 5xx */
    double backoff;             /* seconds before the first retry; doubled each time */
    long connect_timeout;       /* seconds (0: 30) */
    long stall_seconds;         /* abort and retry when under 1 KB/s this long (0: 60) */
    const volatile int *cancel; /* polled; when non-zero, stop (the .part is kept) */
    void *user;
    void (*on_event)(void *user, const struct pc_fetch_event *ev); /* may be NULL */
};

/* Fills o with defaults: endpoint the Hub, revision main, 5 retries, 1 s backoff. */
void pc_fetch_opts_init(struct pc_fetch_opts *o);

/* Once per process before any other call (libcurl's global initialisation; not
 * thread-safe). PC_EIO when libcurl cannot start. */
int pc_fetch_global_init(struct pc_error *err);
void pc_fetch_global_cleanup(void);

/* URL of a category's file at o's endpoint and revision into out. */
int pc_fetch_url(const struct pc_fetch_opts *o, const char *category, char *out, size_t n);

/* Makes DIR/meta_<Category>.jsonl the official file: kept when already official, else
 * linked from a hub cache, else downloaded (resuming a .part). Fills r (always) and returns
 * r->code. Thread-safe for different entries. */
int pc_fetch_one(const struct pc_fetch_opts *o, const struct pc_official *e, int slot,
                 struct pc_fetch_result *r);

/* pc_fetch_one for n entries on `jobs` threads (results in entry order). Returns the number
 * of entries that failed (0: all in place). */
size_t pc_fetch_all(const struct pc_fetch_opts *o, const struct pc_official *const *entries,
                    size_t n, int jobs, struct pc_fetch_result *results);

/* Internal to src/fetch (fetch_http.c): downloads into part (resuming it) and renames it to
 * r->path when verified. */
int pc_fetch_download(const struct pc_fetch_opts *o, const struct pc_official *e, int slot,
                      const char *part, struct pc_fetch_result *r);

/* Internal (hubcache.c): finds a verified copy of e in o's hub caches; fills path (the
 * resolved file) and returns 1, or 0 when none. Notes rejected copies through on_event. */
int pc_fetch_find_cached(const struct pc_fetch_opts *o, const struct pc_official *e, int slot,
                         char *path, size_t n);

/* Internal: sends a note event. */
void pc_fetch_note(const struct pc_fetch_opts *o, const struct pc_official *e, int slot,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
