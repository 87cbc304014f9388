/* Shards: the unit of parallel work past one process (`pricer parse --shard K/N`, the Dask
 * runner, a Slurm job array). The inputs, taken in order, are seen as one run of raw bytes
 * of their total size T; shard K of N (K from 1) owns the bytes [T(K-1)/N, TK/N) of it.
 * - A plain input is cut at line starts: shard K gets every line of the input whose first
 *   byte falls in its range (a line starts at byte 0 and after "\n", "\r\n" or a lone "\r",
 *   as io/lines.h splits). A shard may get no line of an input (its range holds no line
 *   start, e.g. inside a line longer than a shard); lines are never split.
 * - A compressed input made of independent units (io/frames.h: zstd frames, BGZF gzip
 *   members) is cut at unit starts: shard K gets the units that START in its range, raw
 *   bytes [B, E) with B, E unit starts (or the file size), and owns the lines that START in
 *   their decoded bytes [D(B), D(E)). Its reader (pc_reader_open_units) decodes from B,
 *   drops the `skip` decoded bytes before its first line start (the rest of a line that
 *   started in an earlier unit), and goes on decoding past E only to finish its last line.
 *   The planner finds skip and line_base by decoding the units before B (counting lines, a
 *   fast scan next to parsing) and the start of B's unit up to its first line start; a
 *   shard none of whose decoded bytes starts a line (inside a line longer than its units)
 *   takes nothing. pc_shard_plan_all decodes each unit once for all shards.
 * - Any other compressed input (one zstd frame, a gzip file not in BGZF, xz: detected by
 *   content) cannot be cut: it goes whole to the shard whose range holds its first byte.
 * So the N shards' outputs, concatenated in K order, are exactly the unsharded output, and
 * their statistics merge (pc_parse_stats_merge_files) into exactly the unsharded ones.
 * Line numbers stay those of the whole input: a shard counts the lines before its range
 * (a sequential scan of those bytes, much faster than parsing them). */
#ifndef PC_PIPE_SHARD_H
#define PC_PIPE_SHARD_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/error.h"
#include "io/reader.h"

/* What one input contributes to one shard. */
struct pc_shard_range {
    int take;          /* 1: the shard reads [begin, end) of the input (or all of it) */
    int whole;         /* compressed: the whole file, begin/end unused */
    uint64_t begin;    /* byte offsets in the raw file, begin at a line start */
    uint64_t end;      /* a line start or the file size */
    int64_t line_base; /* lines before begin (struct pc_parse_input.line_base) */
    /* (fields added for compressed inputs cut at units; 0 for plain inputs) */
    int comp;       /* enum pc_compression of the input */
    uint64_t units; /* independent units of the input: bytes (plain), frames or members; 1 =
                       cannot be cut (whole) */
    uint64_t skip;  /* cut compressed input: decoded bytes before its first line start; begin
                       and end are then unit starts in the raw file */
};

/* Parses "K/N" (1 <= K <= N <= 1000000). PC_EINVAL with a message otherwise. */
int pc_shard_parse(const char *text, unsigned *k, unsigned *n, struct pc_error *err);

/* Plans shard k of n over the files paths[0..count) (regular files; '-' and pipes cannot be
 * sharded: PC_EINVAL). out: count entries. Reads around the cut points and the bytes before
 * the shard's range (to count lines). PC_EIO with err naming the file. */
int pc_shard_plan(const char *const *paths, size_t count, unsigned k, unsigned n,
                  struct pc_shard_range *out, struct pc_error *err);

/* Plans every shard of n at once, reading each plain file once up to its last cut point
 * (instead of once per shard): out[(k - 1) * count + i] is what input i gives shard k, equal
 * to pc_shard_plan's. For many shards of big files: the per-shard plans together scan about
 * n/2 times the data to count lines. Errors as pc_shard_plan. */
int pc_shard_plan_all(const char *const *paths, size_t count, unsigned n,
                      struct pc_shard_range *out, struct pc_error *err);

/* A plan of every shard as a file (`pricer parse --plan-shards N`): JSON
 * {"shards": N, "inputs": [{"file", "size", "compressed", "compression" ("plain", "gzip",
 * "zstd", "xz"), "split" (what a unit is: "bytes", "zstd frames", "gzip members" or "file"),
 * "units" (how many), "ranges": [[take, begin, end, line_base] per shard, plus skip for a
 * compressed input cut at units]}]} and a newline. PC_ENOMEM. */
int pc_shard_plan_dump(struct pc_buf *out, const char *const *paths, size_t count, unsigned n,
                       const struct pc_shard_range *all);

/* Reads shard k of n of such a plan file for the inputs paths[0..count) (out: count
 * entries). PC_EFORMAT when the file is not a plan of those files (names, order and current
 * sizes must match) with n shards; PC_EIO when it cannot be read. err names the plan. */
int pc_shard_plan_load(const char *file, const char *const *paths, size_t count, unsigned k,
                       unsigned n, struct pc_shard_range *out, struct pc_error *err);

/* Opens the reader of one planned input: the byte range of a plain file, the units of a
 * compressed one cut at units (pc_reader_open_units), the whole file for another compressed
 * one, an empty input (named path) when the shard takes nothing of it. */
int pc_shard_open(const char *path, const struct pc_shard_range *r, struct pc_reader **out,
                  struct pc_error *err);

#endif
