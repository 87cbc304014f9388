/* SHA-256 of a byte stream on a thread of its own (reader_hash.c), for the reader's hash of
 * its raw bytes and for outputs hashed as they are written (run/sha256.h). */
#ifndef PC_IO_HASHER_H
#define PC_IO_HASHER_H

#include <openssl/evp.h>
#include <stddef.h>
#include <stdint.h>

/* The hashing thread. Ring mode (pc_hasher_start):
 * pc_hasher_feed copies raw bytes into a ring buffer (waiting while it is full) that the
 * thread hashes into sha in order. File mode (pc_hasher_start_fd, a regular file read from
 * byte 0, consumed bytes already read by the reader): the thread preads fd itself, up to
 * ahead bytes past what the reader has consumed; pc_hasher_feed only counts. NULL when no
 * thread could start (the caller then hashes inline). pc_hasher_finish waits until every fed
 * byte is hashed, stops the thread and frees h (sha is then complete and the caller's
 * again): 0, an errno of a failed pread, or -1 when the file did not hold the bytes the
 * reader consumed (it changed while read); *cpu = the thread's CPU seconds. pc_hasher_abort
 * stops it without finishing (sha is then partial). Both accept NULL. */
struct pc_hasher;
struct pc_hasher *pc_hasher_start(EVP_MD_CTX *sha);
struct pc_hasher *pc_hasher_start_fd(EVP_MD_CTX *sha, int fd, uint64_t ahead, uint64_t consumed);
void pc_hasher_feed(struct pc_hasher *h, const void *data, size_t n);
int pc_hasher_finish(struct pc_hasher *h, double *cpu);
void pc_hasher_abort(struct pc_hasher *h);

#endif
