/* Streaming input with compression detected by magic bytes (see reader.h): sources (file,
 * byte range, frame units, memory), the line cut of a units reader and the SHA-256 of the raw
 * bytes. The decoders (zlib, libzstd, liblzma) are in reader_codecs.c. */
#include "io/reader.h"
#include "io/reader_int.h"

#include <errno.h>
#include <fcntl.h>
#include <lzma.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

const char *pc_compression_name(enum pc_compression c)
{
    switch (c) {
    case PC_COMP_GZIP:
        return "gzip";
    case PC_COMP_ZSTD:
        return "zstd";
    case PC_COMP_XZ:
        return "xz";
    default:
        return "plain";
    }
}

static int report(struct pc_reader *r, struct pc_error *err)
{
    pc_error_set(err, r->failed, "%s", r->fail_msg);
    pc_error_at(err, r->name, 0, r->fail_off);
    return r->failed;
}

int pc_reader_fail(struct pc_reader *r, struct pc_error *err, int code, const char *fmt,
                   const char *detail)
{
    if (!r->failed) {
        r->failed = code;
        snprintf(r->fail_msg, sizeof r->fail_msg, fmt, detail ? detail : "");
        r->fail_off = (int64_t)(r->base + __atomic_load_n(&r->consumed, __ATOMIC_RELAXED) -
                                (r->in_len - r->in_pos));
    }
    return report(r, err);
}

static void hash_update(struct pc_reader *r, const void *p, size_t n)
{
    if (r->hasher)
        pc_hasher_feed(r->hasher, p, n);
    else
        EVP_DigestUpdate(r->sha, p, n);
}

/* Reads raw bytes from the source into dst; returns bytes read (0 = end) or -1. */
static long source_read(struct pc_reader *r, void *dst, size_t cap)
{
    size_t n;
    if (r->fd < 0) {
        n = r->mem_len - r->mem_pos;
        if (n > cap) n = cap;
        if (r->max_read && n > r->max_read) n = r->max_read;
        memcpy(dst, r->mem + r->mem_pos, n);
        r->mem_pos += n;
    } else {
        ssize_t k = 0;
        if (r->ranged && cap > r->range_left) cap = (size_t)r->range_left;
        if (cap) do
                k = read(r->fd, dst, cap);
            while (k < 0 && errno == EINTR);
        if (r->ranged && k > 0) r->range_left -= (uint64_t)k;
        if (k < 0) return -1;
        n = (size_t)k;
    }
    if (r->sha && n) hash_update(r, dst, n);
    __atomic_fetch_add(&r->consumed, (uint64_t)n, __ATOMIC_RELAXED);
    return (long)n;
}

/* Moves unconsumed input to the front and reads more. Sets in_eof at the end of input. */
int pc_reader_fill_in(struct pc_reader *r, struct pc_error *err)
{
    if (r->in_eof) return PC_OK;
    if (r->in_pos > 0) {
        memmove(r->in, r->in + r->in_pos, r->in_len - r->in_pos);
        r->in_len -= r->in_pos;
        r->in_pos = 0;
    }
    if (r->in_len == r->in_cap) return PC_OK;
    long k = source_read(r, r->in + r->in_len, r->in_cap - r->in_len);
    if (k < 0) return pc_reader_fail(r, err, PC_EIO, "read error: %s", strerror(errno));
    if (k == 0) r->in_eof = 1;
    r->in_len += (size_t)k;
    return PC_OK;
}

static int detect(struct pc_reader *r, struct pc_error *err)
{
    while (r->in_len < 6 && !r->in_eof) {
        int rc = pc_reader_fill_in(r, err);
        if (rc) return rc;
    }
    const unsigned char *m = r->in;
    size_t n = r->in_len;
    if (n >= 2 && m[0] == 0x1f && m[1] == 0x8b) {
        r->comp = PC_COMP_GZIP;
        memset(&r->z, 0, sizeof r->z);
        if (inflateInit2(&r->z, 16 + MAX_WBITS) != Z_OK)
            return pc_reader_fail(r, err, PC_ENOMEM, "cannot start gzip decoder%s", NULL);
        r->z_init = 1;
        r->z_member = 1;
    } else if (n >= 4 &&
               ((m[0] == 0x28 && m[1] == 0xb5 && m[2] == 0x2f && m[3] == 0xfd) ||
                ((m[0] & 0xf0) == 0x50 && m[1] == 0x2a && m[2] == 0x4d && m[3] == 0x18))) {
        /* a zstd frame, or a skippable frame (pzstd starts its files with one) */
        r->comp = PC_COMP_ZSTD;
        r->zs = ZSTD_createDStream();
        if (!r->zs) return pc_reader_fail(r, err, PC_ENOMEM, "cannot start zstd decoder%s", NULL);
        ZSTD_initDStream(r->zs);
        r->zret = 1;
    } else if (n >= 6 && memcmp(m,
                                "\xfd"
                                "7zXZ\0",
                                6) == 0) {
        r->comp = PC_COMP_XZ;
        lzma_stream init = LZMA_STREAM_INIT;
        r->lz = init;
        if (lzma_stream_decoder(&r->lz, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK)
            return pc_reader_fail(r, err, PC_ENOMEM, "cannot start xz decoder%s", NULL);
        r->lz_init = 1;
    } else {
        r->comp = PC_COMP_NONE;
    }
    return PC_OK;
}

/* in_cap: input buffer size (smaller for small memory inputs). */
static struct pc_reader *reader_alloc(const char *name, size_t in_cap)
{
    struct pc_reader *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->name = strdup(name);
    r->in_cap = in_cap;
    r->in = malloc(in_cap);
    r->fd = -1;
    r->size = -1;
    if (!r->name || !r->in) {
        free(r->name);
        free(r->in);
        free(r);
        return NULL;
    }
    return r;
}

int pc_reader_open(struct pc_reader **out, const char *path, struct pc_error *err)
{
    *out = NULL;
    struct pc_reader *r = reader_alloc(path, PC_READER_INBUF);
    if (!r) return pc_error_set(err, PC_ENOMEM, "out of memory opening '%s'", path);
    if (strcmp(path, "-") == 0) {
        r->fd = 0;
    } else {
        r->fd = open(path, O_RDONLY | O_CLOEXEC);
        if (r->fd < 0) {
            int e = errno;
            pc_reader_free(r);
            pc_error_at(err, "", 0, -1);
            return pc_error_set(err, PC_EIO, "cannot open '%s': %s", path, strerror(e));
        }
        r->own_fd = 1;
    }
    struct stat st;
    if (fstat(r->fd, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            pc_reader_free(r);
            pc_error_at(err, "", 0, -1);
            return pc_error_set(err, PC_EIO, "cannot read '%s': Is a directory", path);
        }
        if (S_ISREG(st.st_mode)) r->size = (int64_t)st.st_size;
    }
#ifdef POSIX_FADV_SEQUENTIAL
    if (r->own_fd) posix_fadvise(r->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    int rc = detect(r, err);
    if (rc) {
        pc_reader_free(r);
        return rc;
    }
    *out = r;
    return PC_OK;
}

/* A reader over the raw bytes [begin, end) of path, nothing detected yet. */
static int open_range(struct pc_reader **out, const char *path, uint64_t begin, uint64_t end,
                      struct pc_error *err)
{
    *out = NULL;
    struct pc_reader *r = reader_alloc(path, PC_READER_INBUF);
    if (!r) return pc_error_set(err, PC_ENOMEM, "out of memory opening '%s'", path);
    r->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (r->fd < 0) {
        int e = errno;
        pc_reader_free(r);
        pc_error_at(err, "", 0, -1);
        return pc_error_set(err, PC_EIO, "cannot open '%s': %s", path, strerror(e));
    }
    r->own_fd = 1;
    if (end < begin || lseek(r->fd, (off_t)begin, SEEK_SET) != (off_t)begin) {
        int e = errno;
        pc_reader_free(r);
        pc_error_at(err, "", 0, -1);
        return pc_error_set(err, PC_EIO, "cannot seek '%s' to byte %llu: %s", path,
                            (unsigned long long)begin, strerror(e));
    }
#ifdef POSIX_FADV_SEQUENTIAL
    posix_fadvise(r->fd, (off_t)begin, 0, POSIX_FADV_SEQUENTIAL);
#endif
    r->ranged = 1;
    r->base = begin;
    r->range_left = end - begin;
    r->size = (int64_t)(end - begin);
    *out = r;
    return PC_OK;
}

int pc_reader_open_range(struct pc_reader **out, const char *path, uint64_t begin, uint64_t end,
                         struct pc_error *err)
{
    int rc = open_range(out, path, begin, end, err);
    if (!rc) (*out)->comp = PC_COMP_NONE; /* the caller knows the file is plain */
    return rc;
}

int pc_reader_open_units(struct pc_reader **out, const char *path, enum pc_compression comp,
                         uint64_t begin, uint64_t end, uint64_t skip, int finish_line,
                         struct pc_error *err)
{
    struct pc_reader *r = NULL;
    int rc = open_range(&r, path, begin, end, err);
    if (rc) return rc;
    r->units = 1;
    r->skip_left = skip;
    r->tail_pending = finish_line;
    r->last = -1;
    if (begin < end && ((rc = detect(r, err)) || r->comp != comp)) {
        if (!rc) {
            pc_error_at(err, path, 0, (int64_t)begin);
            rc = pc_error_set(err, PC_EFORMAT,
                              "no %s frame starts at byte %llu (did the file change?)",
                              pc_compression_name(comp), (unsigned long long)begin);
        }
        pc_reader_free(r);
        return rc;
    }
    if (begin == end) r->done = 1; /* an empty range: nothing, not even a line to finish */
    *out = r;
    return PC_OK;
}

int pc_reader_open_mem(struct pc_reader **out, const void *data, size_t n, size_t max_read,
                       const char *name, struct pc_error *err)
{
    *out = NULL;
    size_t in_cap = n < PC_READER_INBUF ? (n < 64 ? 64 : n) : PC_READER_INBUF;
    struct pc_reader *r = reader_alloc(name ? name : "<memory>", in_cap);
    if (!r) return pc_error_set(err, PC_ENOMEM, "out of memory");
    r->mem = data;
    r->mem_len = n;
    r->max_read = max_read;
    r->size = (int64_t)n;
    int rc = detect(r, err);
    if (rc) {
        pc_reader_free(r);
        return rc;
    }
    *out = r;
    return PC_OK;
}

static int read_plain(struct pc_reader *r, unsigned char *buf, size_t cap, size_t *got,
                      struct pc_error *err)
{
    if (r->in_pos < r->in_len) { /* the bytes read for detection */
        size_t n = r->in_len - r->in_pos;
        if (n > cap) n = cap;
        memcpy(buf, r->in + r->in_pos, n);
        r->in_pos += n;
        *got = n;
        return PC_OK;
    }
    if (r->in_eof) {
        *got = 0;
        return PC_OK;
    }
    long k = source_read(r, buf, cap);
    if (k < 0) return pc_reader_fail(r, err, PC_EIO, "read error: %s", strerror(errno));
    if (k == 0) r->in_eof = 1;
    *got = (size_t)k;
    return PC_OK;
}

/* At the end of the raw range of a units reader: goes on to the end of the file, for the
 * rest of the line in progress. 0 when there is nothing to finish (not a units reader, or
 * the last byte returned ended a line). */
int pc_reader_extend(struct pc_reader *r)
{
    if (!r->tail_pending) return 0;
    r->tail_pending = 0;
    if (r->last == '\n' || r->last == -1) return 0; /* a line ended, or nothing was returned */
    r->tail = 1;
    r->ranged = 0;
    r->in_eof = 0;
    return 1;
}

/* The units reader's cuts on n freshly decoded bytes in b: drops the first skip_left bytes,
 * and past the range keeps bytes only up to the end of the line in progress (a line ends
 * after "\n", after "\r\n", or after a "\r" not followed by "\n"). Returns the bytes kept. */
static size_t trim(struct pc_reader *r, unsigned char *b, size_t n)
{
    if (r->skip_left) {
        size_t d = r->skip_left < n ? (size_t)r->skip_left : n;
        memmove(b, b + d, n - d);
        n -= d;
        r->skip_left -= d;
    }
    if (!r->tail) {
        if (n) r->last = b[n - 1];
        return n;
    }
    size_t i = 0;
    for (; i < n; i++) {
        if (r->last == '\n' || (r->last == '\r' && b[i] != '\n')) break;
        r->last = b[i];
    }
    if (i < n || r->last == '\n') r->stopped = 1;
    return i;
}

static int decode(struct pc_reader *r, unsigned char *buf, size_t cap, size_t *got,
                  struct pc_error *err)
{
    switch (r->comp) {
    case PC_COMP_GZIP:
        return pc_reader_read_gzip(r, buf, cap, got, err);
    case PC_COMP_ZSTD:
        return pc_reader_read_zstd(r, buf, cap, got, err);
    case PC_COMP_XZ:
        return pc_reader_read_xz(r, buf, cap, got, err);
    default:
        return read_plain(r, buf, cap, got, err);
    }
}

int pc_reader_read(struct pc_reader *r, void *buf, size_t cap, size_t *got, struct pc_error *err)
{
    *got = 0;
    if (r->failed) return report(r, err);
    if (cap == 0 || r->stopped) return PC_OK;
    int rc;
    for (;;) {
        rc = decode(r, buf, cap, got, err);
        if (rc || !*got || !r->units) break;
        *got = trim(r, buf, *got);
        if (*got || r->stopped) break;
    }
    if (rc) *got = 0;
    r->produced += *got;
    return rc;
}

uint64_t pc_reader_consumed(const struct pc_reader *r)
{
    return __atomic_load_n(&r->consumed, __ATOMIC_RELAXED);
}

uint64_t pc_reader_produced(const struct pc_reader *r)
{
    return r->produced;
}

int64_t pc_reader_size(const struct pc_reader *r)
{
    return r->size;
}

enum pc_compression pc_reader_compression(const struct pc_reader *r)
{
    return r->comp;
}

const char *pc_reader_name(const struct pc_reader *r)
{
    return r->name;
}

void pc_reader_free(struct pc_reader *r)
{
    if (!r) return;
    if (r->z_init) inflateEnd(&r->z);
    if (r->zs) ZSTD_freeDStream(r->zs);
    if (r->lz_init) lzma_end(&r->lz);
    pc_hasher_abort(r->hasher); /* before its sha goes */
    if (r->sha) EVP_MD_CTX_free(r->sha);
    if (r->own_fd && r->fd >= 0) close(r->fd);
    free(r->in);
    free(r->name);
    free(r);
}

int pc_reader_hash_start(struct pc_reader *r, struct pc_error *err)
{
    return pc_reader_hash_thread(r, 0, err);
}

/* A new SHA-256 context in r->sha. PC_ENOMEM (r->sha NULL). */
static int sha_new(struct pc_reader *r, struct pc_error *err)
{
    r->sha = EVP_MD_CTX_new();
    if (r->sha && EVP_DigestInit_ex(r->sha, EVP_sha256(), NULL) == 1) return PC_OK;
    EVP_MD_CTX_free(r->sha);
    r->sha = NULL;
    return pc_error_set(err, PC_ENOMEM, "cannot set up SHA-256");
}

int pc_reader_hash_thread(struct pc_reader *r, int thread, struct pc_error *err)
{
    if (r->sha) return PC_OK;
    if (__atomic_load_n(&r->consumed, __ATOMIC_RELAXED) != r->in_len || r->in_pos != 0)
        return pc_error_set(err, PC_EINVAL, "'%s': hashing must start before reading", r->name);
    if (sha_new(r, err)) return PC_ENOMEM;
    if (thread) r->hasher = pc_hasher_start(r->sha); /* NULL: hashed inline */
    if (r->in_len) hash_update(r, r->in, r->in_len);
    return PC_OK;
}

double pc_reader_hash_cpu(const struct pc_reader *r)
{
    return r->hash_cpu;
}

int pc_reader_hash_reads(const struct pc_reader *r)
{
    return r->hash_reads;
}

int pc_reader_hash_ahead(struct pc_reader *r, uint64_t ahead, struct pc_error *err)
{
    struct stat st;
    uint64_t got = __atomic_load_n(&r->consumed, __ATOMIC_RELAXED);
    /* file mode: a whole regular file, read from its start, nothing decoded yet */
    int file = !r->sha && r->fd >= 0 && !r->ranged && !r->units && r->base == 0 && r->in_pos == 0 &&
               got == r->in_len && fstat(r->fd, &st) == 0 && S_ISREG(st.st_mode) &&
               lseek(r->fd, 0, SEEK_CUR) == (off_t)got;
    if (!file) return pc_reader_hash_thread(r, 1, err);
    if (sha_new(r, err)) return PC_ENOMEM;
    r->hasher = pc_hasher_start_fd(r->sha, r->fd, ahead, got);
    if (!r->hasher && r->in_len) hash_update(r, r->in, r->in_len); /* no thread: inline */
    r->hash_reads = r->hasher != NULL;
    return PC_OK;
}

int pc_reader_sha256(struct pc_reader *r, char out[65], struct pc_error *err)
{
    if (!r->sha) return pc_error_set(err, PC_EINVAL, "'%s' is not being hashed", r->name);
    if (!r->sha_done) {
        /* the rest of the raw bytes (none when the input was read to its end) */
        unsigned char tmp[1 << 16];
        long k;
        if (!r->in_eof) {
            while ((k = source_read(r, tmp, sizeof tmp)) > 0) {
            }
            if (k < 0) {
                pc_error_at(err, r->name, -1, -1);
                return pc_error_set(err, PC_EIO, "read error: %s", strerror(errno));
            }
            r->in_eof = 1;
        }
        double cpu = 0;
        int hrc = pc_hasher_finish(r->hasher, &cpu);
        r->hasher = NULL;
        r->hash_cpu += cpu;
        if (hrc > 0) {
            pc_error_at(err, r->name, -1, -1);
            return pc_error_set(err, PC_EIO, "read error while hashing: %s", strerror(hrc));
        }
        if (hrc < 0) {
            pc_error_at(err, r->name, -1, -1);
            return pc_error_set(err, PC_EIO, "the file changed while it was read");
        }
        unsigned int n = 0;
        if (EVP_DigestFinal_ex(r->sha, r->sha_md, &n) != 1 || n != 32)
            return pc_error_set(err, PC_EIO, "SHA-256 failed");
        r->sha_done = 1;
    }
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        out[2 * i] = hex[r->sha_md[i] >> 4];
        out[2 * i + 1] = hex[r->sha_md[i] & 15];
    }
    out[64] = '\0';
    return PC_OK;
}
