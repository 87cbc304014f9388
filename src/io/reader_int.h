/* The reader's state, shared by reader.c (sources, ranges, units, hashing) and reader_codecs.c
 * (the gzip, zstd and xz decoders). Not part of the reader interface (io/reader.h). */
#ifndef PC_IO_READER_INT_H
#define PC_IO_READER_INT_H

#include <lzma.h>
#include <openssl/evp.h>
#include <stdint.h>
#include <zlib.h>
#include <zstd.h>

#include "core/error.h"
#include "io/hasher.h"
#include "io/reader.h"

#define PC_READER_INBUF ((size_t)256 * 1024)

struct pc_reader {
    char *name;
    int fd;     /* -1 for memory input */
    int own_fd; /* close on free (not stdin) */
    const unsigned char *mem;
    size_t mem_len, mem_pos, max_read;
    int64_t size;
    int ranged; /* pc_reader_open_range: at most range_left more bytes */
    uint64_t range_left;
    uint64_t consumed; /* accessed with __atomic builtins */
    uint64_t produced;
    enum pc_compression comp;

    unsigned char *in;
    size_t in_cap, in_pos, in_len;
    int in_eof;
    int done;

    /* pc_reader_open_units: decoded bytes still to drop, then, at the end of the range, go on
     * to the end of the file (tail_pending) returning bytes only until the line in progress
     * ends (tail); last is the last byte returned (-1: none yet), stopped: that line ended. */
    int units;
    uint64_t base; /* raw offset of the first byte read (a range), for error offsets */
    uint64_t skip_left;
    int tail_pending, tail, last, stopped;

    int failed; /* sticky error */
    char fail_msg[256];
    int64_t fail_off;

    z_stream z;
    int z_init, z_member; /* z_member: inside a gzip member */
    int z_between;        /* a member ended; another may follow */
    ZSTD_DStream *zs;
    size_t zret; /* last ZSTD_decompressStream hint: 0 = frame complete */
    lzma_stream lz;
    int lz_init;

    EVP_MD_CTX *sha;          /* SHA-256 of the raw bytes, when asked for (pc_reader_hash_start) */
    struct pc_hasher *hasher; /* hashing sha on a thread (pc_reader_hash_thread), or NULL */
    int sha_done;
    unsigned char sha_md[32];
    double hash_cpu; /* CPU seconds of the finished hasher thread */
    int hash_reads;  /* the hasher reads the file itself (pc_reader_hash_ahead) */
};

/* Records the first error (fmt with one %s for detail) at the current raw offset and
 * reports it into err; every later read reports it again. Returns code. */
int pc_reader_fail(struct pc_reader *r, struct pc_error *err, int code, const char *fmt,
                   const char *detail);
/* Refills the input buffer from the source (sets in_eof at its end). PC_OK or an error. */
int pc_reader_fill_in(struct pc_reader *r, struct pc_error *err);
/* At the end of a units reader's raw range: 1 when reading must go on to finish the line in
 * progress (the reader is switched to that), 0 when there is nothing to finish. */
int pc_reader_extend(struct pc_reader *r);

/* The decoders: up to cap decoded bytes into buf (*got; 0 with r->done at the end). */
int pc_reader_read_gzip(struct pc_reader *r, unsigned char *buf, size_t cap, size_t *got,
                        struct pc_error *err);
int pc_reader_read_zstd(struct pc_reader *r, unsigned char *buf, size_t cap, size_t *got,
                        struct pc_error *err);
int pc_reader_read_xz(struct pc_reader *r, unsigned char *buf, size_t cap, size_t *got,
                      struct pc_error *err);

#endif
