/* Format "jsonl": DIR/<split>.jsonl, `{"text": ..., "price": ...}` per line (SPEC §5). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/atomic.h"
#include "out/export.h"
#include "out/formats.h"

struct pc_writer {
    struct pc_atomic f;
    uint64_t bytes;
};

static int jsonl_open(struct pc_writer **out, const char *dir, const char *split,
                      const struct pc_export_opts *o, struct pc_error *err)
{
    char name[64];
    snprintf(name, sizeof name, "%s.jsonl", split);
    char *path = pc_out_join(dir, name);
    struct pc_writer *w = calloc(1, sizeof *w);
    int rc = path && w ? pc_atomic_open(&w->f, path, err)
                       : pc_error_set(err, PC_ENOMEM, "out of memory");
    free(path);
    if (rc) {
        free(w);
        return rc;
    }
    *out = w;
    return PC_OK;
}

static int jsonl_format(const struct pc_export_opts *o, const struct pc_row *r,
                        struct pc_buf *chunk)
{
    (void)o;
    return pc_jsonl_put_row(chunk, r->text, r->text_len, r->price);
}

static int jsonl_write_chunk(struct pc_writer *w, const char *chunk, size_t len, size_t rows,
                             struct pc_error *err)
{
    (void)rows;
    if (len && fwrite(chunk, 1, len, w->f.fp) != len)
        return pc_error_set(err, PC_EIO, "cannot write '%s': %s", w->f.path, strerror(errno));
    w->bytes += len;
    return PC_OK;
}

static void jsonl_abort(struct pc_writer *w)
{
    if (!w) return;
    pc_atomic_abort(&w->f);
    free(w);
}

static int jsonl_commit(struct pc_writer *w, uint64_t *bytes, struct pc_error *err)
{
    int rc = pc_atomic_commit(&w->f, err);
    if (!rc) *bytes += w->bytes;
    jsonl_abort(w);
    return rc;
}

const struct pc_format pc_format_jsonl = {
    .name = "jsonl",
    .help = "DIR/<split>.jsonl ({\"text\", \"price\"} rows; datasets' load_dataset(\"json\"))",
    .open = jsonl_open,
    .commit = jsonl_commit,
    .abort = jsonl_abort,
    .format = jsonl_format,
    .write_chunk = jsonl_write_chunk,
};
