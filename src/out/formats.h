/* The formats table's entries and small helpers shared by the format files (internal to
 * out/). */
#ifndef PC_OUT_FORMATS_H
#define PC_OUT_FORMATS_H

#include "core/buf.h"
#include "out/writer.h"

extern const struct pc_format pc_format_jsonl, pc_format_parquet, pc_format_openai,
    pc_format_pickle;

/* Writes buf to path atomically. */
int pc_out_write_file(const char *path, const struct pc_buf *buf, struct pc_error *err);

/* Creates the folder path if missing (its parent must exist). */
int pc_out_mkdir(const char *path, struct pc_error *err);

#endif
