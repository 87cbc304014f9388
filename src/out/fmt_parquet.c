/* Format "parquet": the Hugging Face Hub layout, DIR/data/<split>-00000-of-00001.parquet
 * (out/parquet.c) and the dataset card DIR/README.md written by finish(). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out/export.h"
#include "out/formats.h"
#include "out/parquet.h"

struct pc_writer {
    struct pc_parquet *pq;
};

static int parquet_open(struct pc_writer **out, const char *dir, const char *split,
                        const struct pc_export_opts *o, struct pc_error *err)
{
    char name[96];
    snprintf(name, sizeof name, "data/%s-00000-of-00001.parquet", split);
    char *data = pc_out_join(dir, "data"), *path = pc_out_join(dir, name);
    struct pc_writer *w = calloc(1, sizeof *w);
    int rc =
        data && path && w ? pc_out_mkdir(data, err) : pc_error_set(err, PC_ENOMEM, "out of memory");
    if (!rc) rc = pc_parquet_open(&w->pq, path, o->parquet_page_bytes, o->parquet_codec, err);
    free(data);
    free(path);
    if (rc) {
        free(w);
        return rc;
    }
    *out = w;
    return PC_OK;
}

static int parquet_write(struct pc_writer *w, const struct pc_row *r, struct pc_error *err)
{
    return pc_parquet_add(w->pq, r->text, r->text_len, r->price, err);
}

static int parquet_commit(struct pc_writer *w, uint64_t *bytes, struct pc_error *err)
{
    uint64_t n = 0;
    int rc = pc_parquet_commit(w->pq, &n, err);
    free(w);
    if (!rc) *bytes += n;
    return rc;
}

static void parquet_abort(struct pc_writer *w)
{
    if (!w) return;
    pc_parquet_abort(w->pq);
    free(w);
}

static int parquet_finish(const char *dir, const struct pc_export_opts *o,
                          const struct pc_split_done *splits, size_t n, uint64_t *bytes,
                          struct pc_error *err)
{
    struct pc_card_split card[8];
    if (n > 8) n = 8;
    for (size_t i = 0; i < n; i++) {
        card[i].name = splits[i].name;
        card[i].rows = splits[i].rows;
        card[i].num_bytes = pc_card_num_bytes(splits[i].rows, splits[i].text_bytes);
        card[i].parquet_bytes = splits[i].file_bytes;
    }
    struct pc_buf b;
    pc_buf_init(&b, 0);
    char *path = pc_out_join(dir, "README.md");
    int rc = path && !pc_card_put(&b, o->title, card, n)
                 ? pc_out_write_file(path, &b, err)
                 : pc_error_set(err, PC_ENOMEM, "out of memory");
    if (!rc) *bytes += b.len;
    free(path);
    pc_buf_release(&b);
    return rc;
}

const struct pc_format pc_format_parquet = {
    .name = "parquet",
    .help = "DIR/data/<split>-00000-of-00001.parquet and the dataset card DIR/README.md",
    .open = parquet_open,
    .write = parquet_write,
    .commit = parquet_commit,
    .abort = parquet_abort,
    .finish = parquet_finish,
};
