/* Streaming byte input: a file path, "-" (standard input) or a memory block, decompressed on
 * the fly. Compression is detected from the MAGIC BYTES, never from the file name:
 * gzip (1f 8b; multi-member files are read to the end), zstd (28 b5 2f fd, or a skippable
 * frame 5X 2a 4d 18 as pzstd writes first; several frames),
 * xz (fd 37 7a 58 5a 00; concatenated streams), anything else is plain bytes.
 * Memory is bounded (fixed input buffer + the decoder's window) whatever the input size.
 *
 * Errors: PC_EIO (open/read failure), PC_EFORMAT (corrupt or truncated compressed data,
 * trailing garbage after a gzip member). err->file is the input's name and err->byte_offset
 * the compressed offset where the problem was seen; the message says what is wrong, e.g.
 * "truncated gzip data (unexpected end of file)". An open failure has an empty err->file and
 * the message "cannot open 'NAME': No such file or directory".
 *
 * One thread uses a reader at a time, except pc_reader_consumed, which any thread may call
 * (for a progress display). */
#ifndef PC_IO_READER_H
#define PC_IO_READER_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

enum pc_compression { PC_COMP_NONE, PC_COMP_GZIP, PC_COMP_ZSTD, PC_COMP_XZ };

struct pc_reader;

/* Opens path ("-" = standard input) and detects its compression. *out receives a reader to
 * free with pc_reader_free; on failure *out is NULL. */
int pc_reader_open(struct pc_reader **out, const char *path, struct pc_error *err);

/* A reader over bytes [begin, end) of the file path, taken as plain bytes whatever they look
 * like (no compression detection: a shard of a plain input, pipe/shard.h). Its size and
 * consumed count are relative to begin. Errors as pc_reader_open; PC_EIO when the file
 * cannot be positioned at begin. */
int pc_reader_open_range(struct pc_reader **out, const char *path, uint64_t begin, uint64_t end,
                         struct pc_error *err);

/* A reader over part of a compressed file cut at independent units (io/frames.h; a shard
 * of a compressed input, pipe/shard.h): decodes the raw bytes [begin, end) as comp (begin
 * and end are frame / member starts, or end is the file size), drops the first skip decoded
 * bytes, and with finish_line goes on decoding past end (to the end of the file at most)
 * only until the line in progress ends: it stops at the first line start at or after the
 * decoded position of end (lines as io/lines.h: after "\n", "\r\n" or a lone "\r"), so
 * nothing past end is returned when the bytes before end finish a line. Size and consumed
 * count are relative to begin, error offsets absolute. PC_EFORMAT when no comp frame starts
 * at begin; errors as pc_reader_open otherwise. */
int pc_reader_open_units(struct pc_reader **out, const char *path, enum pc_compression comp,
                         uint64_t begin, uint64_t end, uint64_t skip, int finish_line,
                         struct pc_error *err);

/* A reader over data[0..n) (not copied: it must outlive the reader), named name in errors.
 * max_read > 0 caps the bytes each underlying read returns, to exercise short reads (tests,
 * fuzzing); 0 = no cap. */
int pc_reader_open_mem(struct pc_reader **out, const void *data, size_t n, size_t max_read,
                       const char *name, struct pc_error *err);

/* Reads up to cap decompressed bytes into buf. *got > 0: that many bytes; *got == 0: end
 * of input (the whole input was valid). May return fewer bytes than asked at any time. After
 * an error every later call returns the same error. */
int pc_reader_read(struct pc_reader *r, void *buf, size_t cap, size_t *got, struct pc_error *err);

/* Raw (compressed) bytes consumed so far; safe to call from another thread. */
uint64_t pc_reader_consumed(const struct pc_reader *r);

/* Decompressed bytes returned so far. */
uint64_t pc_reader_produced(const struct pc_reader *r);

/* Size of the raw input in bytes (regular files and memory), -1 when unknown (pipes). */
int64_t pc_reader_size(const struct pc_reader *r);

enum pc_compression pc_reader_compression(const struct pc_reader *r);

/* The input's name as given ("-" for standard input). */
const char *pc_reader_name(const struct pc_reader *r);

/* "plain", "gzip", "zstd" or "xz". */
const char *pc_compression_name(enum pc_compression c);

/* Starts computing the SHA-256 of the raw (still compressed) bytes as they are read, with
 * OpenSSL's EVP interface, so a file is hashed in the same pass that parses it. Call right
 * after opening, before the first pc_reader_read. PC_EINVAL when reading has begun. */
int pc_reader_hash_start(struct pc_reader *r, struct pc_error *err);

/* pc_reader_hash_start with thread != 0: the hashing runs on a thread of its own (the
 * reading thread only copies the raw bytes into a 4 MiB ring), so reading is not slowed by
 * it on a machine with a core to spare. Same hash. Falls back to hashing inline when the
 * thread cannot start. thread == 0 is pc_reader_hash_start. */
int pc_reader_hash_thread(struct pc_reader *r, int thread, struct pc_error *err);

/* pc_reader_hash_thread(r, 1) where the hashing thread reads the raw bytes itself: for a
 * whole regular file (from pc_reader_open, nothing read past the detection of its format),
 * the thread preads the file on r's descriptor, up to ahead bytes past what the reader has
 * consumed, so it can start right away, before the reader is used (e.g. while the previous
 * input is parsed), and the reader only counts the bytes it reads. It hashes exactly the
 * bytes the reader consumed: pc_reader_sha256 fails (PC_EIO) when the file no longer holds
 * them. Other inputs get pc_reader_hash_thread(r, 1). Same hash either way. */
int pc_reader_hash_ahead(struct pc_reader *r, uint64_t ahead, struct pc_error *err);

/* The SHA-256 (64 hex digits) of every raw byte of the input. Bytes not read yet (the input
 * was not read to its end) are read and hashed first. PC_EINVAL when hashing was not
 * started, PC_EIO on a read error. */
int pc_reader_sha256(struct pc_reader *r, char out[65], struct pc_error *err);

/* CPU seconds of the hashing thread (pc_reader_hash_thread), known once pc_reader_sha256 has
 * finished the hash; 0 when the hashing ran inline or has not finished. */
double pc_reader_hash_cpu(const struct pc_reader *r);

/* Whether the hash is computed by a thread that reads the file itself (pc_reader_hash_ahead
 * in file mode), not in step with the reader. */
int pc_reader_hash_reads(const struct pc_reader *r);

/* Closes the input (not standard input) and frees r. Accepts NULL. */
void pc_reader_free(struct pc_reader *r);

#endif
