/* Independent units of a compressed file: the places where decoding can start without the
 * bytes before, found from the container's headers WITHOUT decompressing (pipe/shard.h cuts
 * shards there).
 * - zstd: every frame (RFC 8878): a data frame is walked through its frame header, block
 *   headers (raw, RLE, compressed) and optional checksum; a skippable frame through its
 *   length. pzstd, `zstd` on pieces then `cat`, and seekable-format writers make such files.
 * - gzip: BGZF members (the "BC" extra subfield carries the member's size, as `bgzip`
 *   writes). Walking stops at the first member without it: the rest of the file is one
 *   last unit, so a plain gzip file (one or several members) is a single unit.
 * - xz and plain bytes: one unit (not walked here).
 * The walker reads headers only (a few bytes per 128 KiB block), through a read callback so
 * the same code serves files and memory (fuzzing). */
#ifndef PC_IO_FRAMES_H
#define PC_IO_FRAMES_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "io/reader.h"

/* Start offsets of the units, ascending, off[0] == 0; n >= 1. */
struct pc_units {
    uint64_t *off;
    size_t n, cap;
};

/* Reads up to len bytes at offset off into buf: returns the bytes read (fewer only at the
 * end of the data) or -1 on a read error. */
typedef long (*pc_units_read_fn)(void *ctx, void *buf, size_t len, uint64_t off);

/* Lists the units of a file of size bytes compressed as comp into out (initialised by the
 * call; free with pc_units_release, also after an error). name is used in messages.
 * Errors: PC_EFORMAT for a zstd file whose frames do not tile it (truncated frame, reserved
 * bits set, garbage between frames) or a BGZF member running past the end, with err naming
 * the file, the byte offset and what is wrong; PC_EIO on a read error; PC_ENOMEM. */
int pc_units_list(enum pc_compression comp, pc_units_read_fn rd, void *ctx, uint64_t size,
                  const char *name, struct pc_units *out, struct pc_error *err);

/* pc_units_list over the file path (opened and closed here). */
int pc_units_list_file(const char *path, enum pc_compression comp, uint64_t size,
                       struct pc_units *out, struct pc_error *err);

void pc_units_release(struct pc_units *u);

/* What a unit is for comp with n units: "bytes" (plain), "zstd frames", "gzip members", or
 * "file" when a compressed file is one unit. */
const char *pc_units_kind(enum pc_compression comp, size_t n);

#endif
