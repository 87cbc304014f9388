/* SHA-256 (FIPS 180-4) for run.json's input and output fingerprints. Plain value state, no
 * allocation, thread-safe per context. */
#ifndef PC_RUN_SHA256_H
#define PC_RUN_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

struct pc_sha256 {
    uint32_t h[8];
    uint64_t total; /* bytes hashed so far */
    unsigned char block[64];
    size_t fill;
};

void pc_sha256_init(struct pc_sha256 *c);
void pc_sha256_update(struct pc_sha256 *c, const void *data, size_t n);
/* Writes the 32-byte digest; c must be re-initialised before reuse. */
void pc_sha256_final(struct pc_sha256 *c, unsigned char digest[32]);

/* Lowercase hex of a digest into hex (>= 65 bytes, NUL-terminated). */
void pc_sha256_hex(const unsigned char digest[32], char hex[65]);

/* SHA-256 of a byte stream through OpenSSL's EVP (SHA-NI where the CPU has it): data hashed
 * as it is written or read. pc_sha256_stream_hex finishes it (the digest's hex into hex, >= 65
 * bytes; PC_ENOMEM if OpenSSL failed, hex then ""); after it, only free. */
struct pc_sha256_stream;
struct pc_sha256_stream *pc_sha256_stream_new(void); /* NULL: out of memory */
/* The same with the hashing on a thread of its own (io/hasher.h, ring mode): update only
 * copies the data into a 4 MiB ring (waiting while it is full), so the writing thread does
 * not hash; the digest is the same. pc_sha256_stream_cpu: that thread's CPU seconds, once
 * pc_sha256_stream_hex has finished it (0 when it hashed inline). */
struct pc_sha256_stream *pc_sha256_stream_new_thread(void);
double pc_sha256_stream_cpu(const struct pc_sha256_stream *s);
void pc_sha256_stream_update(struct pc_sha256_stream *s, const void *data, size_t n);
int pc_sha256_stream_hex(struct pc_sha256_stream *s, char hex[65]);
void pc_sha256_stream_free(struct pc_sha256_stream *s); /* accepts NULL */

/* Hashes a whole file: fills hex (>= 65 bytes) and *size (may be NULL). PC_EIO with err
 * naming the file when it cannot be read. */
int pc_sha256_file(const char *path, char hex[65], uint64_t *size, struct pc_error *err);

#endif
