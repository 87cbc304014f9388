/* Items JSONL reader and byte index (docs/formats.md). */
#include "curate/items.h"

#include "core/clock.h"
#include "curate/group.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_LINE ((size_t)256 << 20)
#define CHUNK ((size_t)4 << 20)
#define MIN_SHARE ((uint64_t)1 << 20) /* smallest byte range worth a thread */

static int get_str(const struct pc_json_val *root, const char *key, const char **s, size_t *n,
                   struct pc_error *err)
{
    const struct pc_json_val *v = pc_json_get(root, key);
    if (!v) return pc_error_set(err, PC_EFORMAT, "missing \"%s\"", key);
    if (v->type != PC_JSON_STRING)
        return pc_error_set(err, PC_EFORMAT, "\"%s\" is not a string", key);
    *s = v->u.str;
    *n = v->len;
    return PC_OK;
}

int pc_items_parse_line(struct pc_json_doc *doc, const char *line, size_t len,
                        struct pc_item_view *out, struct pc_error *err)
{
    const struct pc_json_val *root;
    struct pc_error jerr;
    pc_error_clear(&jerr);
    int rc = pc_json_parse(doc, line, len, &root, &jerr);
    if (rc != PC_OK) {
        if (rc != PC_EFORMAT) return pc_error_set(err, rc, "%s", jerr.message);
        pc_error_set(err, PC_EFORMAT, "invalid JSON: %s (column %lld)", jerr.message,
                     (long long)jerr.byte_offset + 1);
        if (err) err->byte_offset = jerr.byte_offset;
        return PC_EFORMAT;
    }
    if (root->type != PC_JSON_OBJECT) return pc_error_set(err, PC_EFORMAT, "not a JSON object");
    if ((rc = get_str(root, "category", &out->category, &out->category_len, err))) return rc;
    if ((rc = get_str(root, "prompt", &out->prompt, &out->prompt_len, err))) return rc;
    if ((rc = get_str(root, "test_prompt", &out->test_prompt, &out->test_prompt_len, err)))
        return rc;
    const struct pc_json_val *p = pc_json_get(root, "price");
    if (!p) return pc_error_set(err, PC_EFORMAT, "missing \"price\"");
    if (p->type != PC_JSON_NUMBER || !isfinite(p->num))
        return pc_error_set(err, PC_EFORMAT, "\"price\" is not a finite number");
    out->price = p->num;
    const struct pc_json_val *t = pc_json_get(root, "title");
    out->title = t && t->type == PC_JSON_STRING ? t->u.str : NULL;
    out->title_len = out->title ? t->len : 0;
    const struct pc_json_val *pa = pc_json_get(root, "parent_asin");
    out->parent_asin = pa && pa->type == PC_JSON_STRING ? pa->u.str : NULL;
    out->parent_asin_len = out->parent_asin ? pa->len : 0;
    return PC_OK;
}

void pc_items_index_init(struct pc_items_index *ix)
{
    memset(ix, 0, sizeof *ix);
}

void pc_items_index_release(struct pc_items_index *ix)
{
    free(ix->refs);
    free(ix->keys);
    for (size_t i = 0; i < ix->n_cats; i++) free(ix->cats[i]);
    free(ix->cats);
    pc_items_index_init(ix);
}

static int cat_id(struct pc_items_index *ix, const char *s, size_t n, uint16_t *id)
{
    for (size_t i = ix->n_cats; i-- > 0;) {
        if (strlen(ix->cats[i]) == n && memcmp(ix->cats[i], s, n) == 0) {
            *id = (uint16_t)i;
            return PC_OK;
        }
    }
    if (ix->n_cats >= 0xfffe) return PC_ETOOBIG;
    char **c = realloc(ix->cats, (ix->n_cats + 1) * sizeof *c);
    if (!c) return PC_ENOMEM;
    ix->cats = c;
    if (!(c[ix->n_cats] = strndup(s, n))) return PC_ENOMEM;
    *id = (uint16_t)ix->n_cats++;
    return PC_OK;
}

static int push_ref(struct pc_items_index *ix, const struct pc_line_ref *r, uint64_t key)
{
    if (ix->n == ix->cap) {
        size_t cap = ix->cap ? ix->cap * 2 : 4096;
        struct pc_line_ref *p = realloc(ix->refs, cap * sizeof *p);
        if (!p) return PC_ENOMEM;
        ix->refs = p;
        if (ix->group_by) {
            uint64_t *k = realloc(ix->keys, cap * sizeof *k);
            if (!k) return PC_ENOMEM;
            ix->keys = k;
        }
        ix->cap = cap;
    }
    if (ix->group_by) ix->keys[ix->n] = key;
    ix->refs[ix->n++] = *r;
    return PC_OK;
}

int pc_items_index_copy(const struct pc_items_index *ix, const uint32_t *sel, size_t n, int keys,
                        struct pc_items_index *out)
{
    uint16_t *map = malloc((ix->n_cats ? ix->n_cats : 1) * sizeof *map);
    out->group_by = keys && ix->keys ? ix->group_by : 0;
    out->refs = malloc((n ? n : 1) * sizeof *out->refs); /* exactly: no growth in push_ref */
    out->keys = out->group_by ? malloc((n ? n : 1) * sizeof *out->keys) : NULL;
    out->cap = n ? n : 1;
    int rc = map && out->refs && (!out->group_by || out->keys) ? PC_OK : PC_ENOMEM;
    for (size_t c = 0; c < ix->n_cats; c++) map[c] = 0xffff;
    uint64_t off = 0;
    for (size_t k = 0; k < n && !rc; k++) {
        struct pc_line_ref r = ix->refs[sel[k]];
        if (map[r.cat] == 0xffff) { /* a category first seen: numbered in order */
            const char *name = ix->cats[r.cat];
            if ((rc = cat_id(out, name, strlen(name), &map[r.cat]))) break;
        }
        r.cat = map[r.cat];
        r.file = 0;
        r.offset = off;
        off += (uint64_t)r.len + 1;
        rc = push_ref(out, &r, out->group_by ? ix->keys[sel[k]] : 0);
    }
    free(map);
    out->bytes_read = off;
    return rc ? PC_ENOMEM : PC_OK;
}

/* The group key of an item under ix->group_by (0 when off or the field is absent). */
static uint64_t item_key(const struct pc_items_index *ix, const struct pc_item_view *v)
{
    switch (ix->group_by) {
    case PC_GROUP_PROMPT:
        return pc_group_key(PC_GROUP_PROMPT, v->prompt, v->prompt_len);
    case PC_GROUP_TITLE:
        return pc_group_key(PC_GROUP_TITLE, v->title, v->title_len);
    case PC_GROUP_PARENT_ASIN:
        return pc_group_key(PC_GROUP_PARENT_ASIN, v->parent_asin, v->parent_asin_len);
    default:
        return 0;
    }
}

/* Index one line; records its position and fields. */
static int index_line(struct pc_items_index *ix, struct pc_json_doc *doc, const char *line,
                      size_t len, uint64_t off, uint16_t file, struct pc_error *err)
{
    if (len == 0 || (len == 1 && line[0] == '\r')) {
        ix->blank_lines++;
        return PC_OK;
    }
    if (len > MAX_LINE) return pc_error_set(err, PC_ETOOBIG, "line longer than 256 MiB");
    struct pc_item_view v;
    int rc = pc_items_parse_line(doc, line, len, &v, err);
    if (rc) return rc;
    struct pc_line_ref r = {.offset = off, .len = (uint32_t)len, .file = file, .price = v.price};
    if ((rc = cat_id(ix, v.category, v.category_len, &r.cat)))
        return pc_error_set(err, rc, "too many categories");
    if ((rc = push_ref(ix, &r, item_key(ix, &v))))
        return pc_error_set(err, rc, "out of memory indexing items");
    return PC_OK;
}

/* Shared by the threads indexing one file. */
struct shared_progress {
    uint64_t done; /* bytes indexed by all threads (atomic) */
    uint64_t lines;
    uint64_t base, total; /* bytes of earlier files; of all files */
    pc_items_progress_fn fn;
    void *ud;
};

/* One thread's share of a file: the lines that start in [from, to). */
struct part {
    struct pc_items_index ix; /* local refs and category ids */
    struct pc_json_doc *doc;
    int fd;
    uint16_t file;
    uint64_t from, to;
    int reporter; /* this thread calls the progress function */
    struct shared_progress *sp;
    int rc;
    struct pc_error err; /* byte_offset = start of the bad line; line_no filled later */
};

static void index_range(struct part *pt)
{
    struct pc_error *err = &pt->err;
    size_t cap = CHUNK, start = 0, end = 0;
    char *buf = malloc(cap);
    int rc = PC_OK, eof = 0, skip_partial = pt->from > 0;
    if (!buf) {
        pt->rc = pc_error_set(err, PC_ENOMEM, "out of memory");
        return;
    }
    /* a range not at the file start begins after the first '\n' at or after from - 1 */
    uint64_t base = skip_partial ? pt->from - 1 : 0, reported = 0, lines = 0;
    while (rc == PC_OK) {
        char *nl = start < end ? memchr(buf + start, '\n', end - start) : NULL;
        if (skip_partial && nl) {
            start = (size_t)(nl - buf) + 1;
            skip_partial = 0;
            continue;
        }
        if (!skip_partial && base + start >= pt->to) break;
        if (!skip_partial && (nl || (eof && start < end))) {
            size_t len = nl ? (size_t)(nl - (buf + start)) : end - start;
            rc = index_line(&pt->ix, pt->doc, buf + start, len, base + start, pt->file, err);
            if (rc) {
                err->byte_offset = (int64_t)(base + start);
                break;
            }
            start += len + (nl != NULL);
            if ((++lines & 0x3fff) == 0) {
                uint64_t d = base + start - reported;
                reported += d;
                __atomic_fetch_add(&pt->sp->done, d, __ATOMIC_RELAXED);
                __atomic_fetch_add(&pt->sp->lines, 0x4000, __ATOMIC_RELAXED);
                if (pt->reporter && pt->sp->fn)
                    pt->sp->fn(pt->sp->ud,
                               pt->sp->base + __atomic_load_n(&pt->sp->done, __ATOMIC_RELAXED),
                               pt->sp->total, __atomic_load_n(&pt->sp->lines, __ATOMIC_RELAXED));
            }
            continue;
        }
        if (eof) break;
        /* need more bytes: keep the partial line at the front, grow when it fills buf */
        if (start > 0) {
            memmove(buf, buf + start, end - start);
            base += start;
            end -= start;
            start = 0;
        }
        if (end == cap) {
            if (cap > MAX_LINE) {
                rc = pc_error_set(err, PC_ETOOBIG, "line longer than 256 MiB");
                err->byte_offset = (int64_t)base;
                break;
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                rc = pc_error_set(err, PC_ENOMEM, "out of memory");
                break;
            }
            buf = nb;
            cap *= 2;
        }
        ssize_t got = pread(pt->fd, buf + end, cap - end, (off_t)(base + end));
        if (got < 0) {
            if (errno == EINTR) continue;
            rc = pc_error_set(err, PC_EIO, "cannot read: %s", strerror(errno));
            err->byte_offset = (int64_t)(base + end);
            break;
        }
        if (got == 0) eof = 1;
        end += (size_t)got;
    }
    free(buf);
    pt->rc = rc;
}

static void *index_thread(void *arg)
{
    index_range(arg);
    return NULL;
}

/* 1-based number of the line that starts at byte off (for error messages). */
static int64_t line_number(int fd, uint64_t off)
{
    char buf[1 << 16];
    int64_t n = 1;
    for (uint64_t at = 0; at < off;) {
        size_t want = off - at < sizeof buf ? (size_t)(off - at) : sizeof buf;
        ssize_t got = pread(fd, buf, want, (off_t)at);
        if (got <= 0) return 0;
        for (ssize_t i = 0; i < got; i++) n += buf[i] == '\n';
        at += (uint64_t)got;
    }
    return n;
}

/* Appends part's refs to ix, mapping its category ids to ix's. */
static int merge_part(struct pc_items_index *ix, struct part *pt)
{
    uint16_t map[0x10000];
    for (size_t c = 0; c < pt->ix.n_cats; c++) {
        int rc = cat_id(ix, pt->ix.cats[c], strlen(pt->ix.cats[c]), &map[c]);
        if (rc) return rc;
    }
    ix->blank_lines += pt->ix.blank_lines;
    if (ix->n == 0) { /* take the part's array instead of copying it */
        for (size_t i = 0; i < pt->ix.n; i++) pt->ix.refs[i].cat = map[pt->ix.refs[i].cat];
        free(ix->refs);
        free(ix->keys);
        ix->refs = pt->ix.refs;
        ix->keys = pt->ix.keys;
        ix->n = pt->ix.n;
        ix->cap = pt->ix.cap;
        pt->ix.refs = NULL;
        pt->ix.keys = NULL;
        pt->ix.n = pt->ix.cap = 0;
        return PC_OK;
    }
    if (ix->n + pt->ix.n > ix->cap) {
        size_t cap = ix->cap ? ix->cap : 4096;
        while (cap < ix->n + pt->ix.n) cap *= 2;
        struct pc_line_ref *p = realloc(ix->refs, cap * sizeof *p);
        if (!p) return PC_ENOMEM;
        ix->refs = p;
        if (ix->group_by) {
            uint64_t *k = realloc(ix->keys, cap * sizeof *k);
            if (!k) return PC_ENOMEM;
            ix->keys = k;
        }
        ix->cap = cap;
    }
    if (ix->group_by && pt->ix.n)
        memcpy(ix->keys + ix->n, pt->ix.keys, pt->ix.n * sizeof *ix->keys);
    for (size_t i = 0; i < pt->ix.n; i++) {
        struct pc_line_ref r = pt->ix.refs[i];
        r.cat = map[r.cat];
        ix->refs[ix->n++] = r;
    }
    return PC_OK;
}

static int index_file(struct pc_items_index *ix, int fd, uint16_t file, const char *path,
                      uint64_t size, struct shared_progress *sp, struct pc_error *err)
{
    size_t jobs = ix->jobs ? ix->jobs : (size_t)sysconf(_SC_NPROCESSORS_ONLN);
    if (jobs < 1) jobs = 1;
    if (jobs > 16) jobs = 16;
    if (size / jobs < MIN_SHARE) jobs = size / MIN_SHARE ? (size_t)(size / MIN_SHARE) : 1;
    struct part pts[16];
    memset(pts, 0, sizeof pts);
    int rc = PC_OK;
    for (size_t t = 0; t < jobs; t++) {
        pc_items_index_init(&pts[t].ix);
        pts[t].ix.group_by = ix->group_by;
        pc_error_clear(&pts[t].err);
        pts[t].fd = fd;
        pts[t].file = file;
        pts[t].from = size / jobs * t;
        pts[t].to = t + 1 == jobs ? UINT64_MAX : size / jobs * (t + 1);
        pts[t].reporter = t == 0;
        pts[t].sp = sp;
        if (!(pts[t].doc = pc_json_doc_new())) rc = PC_ENOMEM;
    }
    pthread_t th[16];
    size_t started = 0;
    if (rc == PC_OK) {
        for (started = 1; started < jobs; started++)
            if (pthread_create(&th[started], NULL, index_thread, &pts[started]) != 0) break;
        for (size_t t = started; t < jobs; t++) index_range(&pts[t]); /* could not start */
        double c0 = pc_thread_cpu();
        index_range(&pts[0]);
        if (started > 1) pc_par_share_add(pc_thread_cpu() - c0); /* a part of divided work */
        for (size_t t = 1; t < started; t++) pthread_join(th[t], NULL);
    } else {
        pc_error_set(err, rc, "out of memory");
    }
    for (size_t t = 0; t < jobs && rc == PC_OK; t++) {
        if (pts[t].rc) { /* the first bad line in file order */
            rc = pts[t].rc;
            if (err) {
                *err = pts[t].err;
                pc_error_at(err, path, line_number(fd, (uint64_t)pts[t].err.byte_offset),
                            pts[t].err.byte_offset);
            }
            break;
        }
        if ((rc = merge_part(ix, &pts[t])))
            pc_error_set(err, rc, rc == PC_ENOMEM ? "out of memory" : "too many categories");
    }
    for (size_t t = 0; t < jobs; t++) {
        pc_items_index_release(&pts[t].ix);
        pc_json_doc_free(pts[t].doc);
    }
    ix->bytes_read += size;
    sp->base += size;
    sp->done = 0;
    return rc;
}

int pc_items_index_files(struct pc_items_index *ix, const char *const *paths, size_t n_paths,
                         pc_items_progress_fn progress, void *ud, struct pc_error *err)
{
    if (n_paths > 0xffff) return pc_error_set(err, PC_EINVAL, "too many input files");
    struct shared_progress sp = {.fn = progress, .ud = ud};
    for (size_t i = 0; i < n_paths; i++) {
        struct stat st;
        if (stat(paths[i], &st) == 0 && S_ISREG(st.st_mode)) sp.total += (uint64_t)st.st_size;
    }
    int rc = PC_OK;
    for (size_t i = 0; i < n_paths && rc == PC_OK; i++) {
        int fd = open(paths[i], O_RDONLY);
        if (fd < 0) {
            rc = pc_error_set(err, PC_EIO, "cannot open '%s': %s", paths[i], strerror(errno));
            break;
        }
        struct stat st;
        if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
            close(fd);
            rc = pc_error_set(err, PC_EINVAL, "'%s' is not a regular file", paths[i]);
            break;
        }
        rc = index_file(ix, fd, (uint16_t)i, paths[i], (uint64_t)st.st_size, &sp, err);
        close(fd);
    }
    if (rc == PC_OK && progress) progress(ud, ix->bytes_read, sp.total, ix->n);
    return rc;
}

int pc_items_files_open(struct pc_items_files *f, const char *const *paths, size_t n,
                        struct pc_error *err)
{
    memset(f, 0, sizeof *f);
    f->paths = paths;
    f->fds = malloc((n ? n : 1) * sizeof *f->fds);
    if (!f->fds) return pc_error_set(err, PC_ENOMEM, "out of memory");
    for (; f->n < n; f->n++) {
        int fd = open(paths[f->n], O_RDONLY);
        f->fds[f->n] = fd;
        if (fd < 0)
            return pc_error_set(err, PC_EIO, "cannot open '%s': %s", paths[f->n], strerror(errno));
        /* no mmap: on the VMs we measured, a page fault per randomly placed line cost more
         * than one pread, and mapped pages inflate the resident size */
    }
    return PC_OK;
}

void pc_items_files_release(struct pc_items_files *f)
{
    for (size_t i = 0; i < f->n; i++) {
        if (f->fds[i] >= 0) close(f->fds[i]);
    }
    free(f->fds);
    memset(f, 0, sizeof *f);
}

int pc_items_files_read(const struct pc_items_files *f, const struct pc_line_ref *ref, char *dst,
                        struct pc_error *err)
{
    if (ref->file >= f->n) return pc_error_set(err, PC_EINVAL, "bad file index");
    const char *path = f->paths[ref->file];
    size_t done = 0;
    while (done < ref->len) {
        ssize_t got =
            pread(f->fds[ref->file], dst + done, ref->len - done, (off_t)(ref->offset + done));
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            pc_error_set(err, PC_EIO, "cannot read: %s", strerror(errno));
            pc_error_at(err, path, 0, (int64_t)ref->offset);
            return PC_EIO;
        }
        if (got == 0) {
            pc_error_set(err, PC_EIO,
                         "the file changed while it was being read (line at byte %llu)",
                         (unsigned long long)ref->offset);
            pc_error_at(err, path, 0, (int64_t)ref->offset);
            return PC_EIO;
        }
        done += (size_t)got;
    }
    return PC_OK;
}
