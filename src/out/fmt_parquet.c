/* Format "parquet": the Hugging Face Hub layout. Each split goes to
 * DIR/data/<split>-0000K-of-0000N.parquet shards of at most about parquet_shard_bytes (a new
 * shard starts when the current one reaches it), written by out/parquet.c; finish() writes
 * the dataset card DIR/README.md. Shards are committed under temporary names
 * (data/.<split>-K.parquet.part) and renamed once N is known; shards of an earlier run with
 * another N are removed then from the final folder (o->final_dir/data), which the split's
 * temporary folder is merged into file by file. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "out/export.h"
#include "out/formats.h"
#include "out/parquet.h"

#define DEFAULT_SHARD_BYTES ((uint64_t)500 * 1000 * 1000)

struct pc_writer {
    char *data;        /* DIR/data */
    const char *split; /* static name from split.c */
    const struct pc_export_opts *o;
    struct pc_parquet *pq;
    size_t shards;  /* committed shards */
    uint64_t bytes; /* of committed shards */
    char split_name[32];
};

static char *part_path(const struct pc_writer *w, size_t k)
{
    char name[96];
    snprintf(name, sizeof name, ".%s-%05zu.parquet.part", w->split_name, k);
    return pc_out_join(w->data, name);
}

static int open_shard(struct pc_writer *w, struct pc_error *err)
{
    char *path = part_path(w, w->shards);
    if (!path) return pc_error_set(err, PC_ENOMEM, "out of memory");
    int rc = pc_parquet_open(&w->pq, path, w->o->parquet_page_bytes, w->o->parquet_codec, err);
    free(path);
    if (!rc) pc_parquet_set_group_rows(w->pq, w->o->parquet_rows_per_group);
    if (!rc) pc_parquet_set_threads(w->pq, (int)w->o->threads);
    return rc;
}

static int commit_shard(struct pc_writer *w, struct pc_error *err)
{
    uint64_t n = 0;
    int rc = pc_parquet_commit(w->pq, &n, err);
    w->pq = NULL;
    if (rc) return rc;
    w->shards++;
    w->bytes += n;
    return PC_OK;
}

static void parquet_abort(struct pc_writer *w)
{
    if (!w) return;
    pc_parquet_abort(w->pq);
    for (size_t k = 0; k < w->shards; k++) {
        char *p = part_path(w, k);
        if (p) unlink(p);
        free(p);
    }
    free(w->data);
    free(w);
}

static int parquet_open(struct pc_writer **out, const char *dir, const char *split,
                        const struct pc_export_opts *o, struct pc_error *err)
{
    struct pc_writer *w = calloc(1, sizeof *w);
    if (!w || !(w->data = pc_out_join(dir, "data"))) {
        free(w);
        return pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    snprintf(w->split_name, sizeof w->split_name, "%s", split);
    w->o = o;
    int rc = pc_out_mkdir(w->data, err);
    if (!rc) rc = open_shard(w, err);
    if (rc) {
        parquet_abort(w);
        return rc;
    }
    *out = w;
    return PC_OK;
}

static int parquet_write(struct pc_writer *w, const struct pc_row *r, struct pc_error *err)
{
    uint64_t limit = w->o->parquet_shard_bytes ? w->o->parquet_shard_bytes : DEFAULT_SHARD_BYTES;
    if (pc_parquet_rows(w->pq) > 0 && pc_parquet_reached(w->pq, limit)) {
        int rc = commit_shard(w, err);
        if (!rc) rc = open_shard(w, err);
        if (rc) return rc;
    }
    return pc_parquet_add(w->pq, r->text, r->text_len, r->price, err);
}

/* Removes FINAL/data/<split>-XXXXX-of-YYYYY.parquet files whose YYYYY is not n (an earlier
 * run's shards, which the new ones do not overwrite). */
static void remove_stale(const struct pc_writer *w, size_t n)
{
    char *data = w->o->final_dir ? pc_out_join(w->o->final_dir, "data") : strdup(w->data);
    DIR *d = data ? opendir(data) : NULL;
    if (!d) {
        free(data);
        return;
    }
    size_t sl = strlen(w->split_name);
    struct dirent *e;
    while ((e = readdir(d))) {
        unsigned k, of;
        char tail[16];
        if (strncmp(e->d_name, w->split_name, sl) || e->d_name[sl] != '-') continue;
        if (sscanf(e->d_name + sl, "-%5u-of-%5u%15s", &k, &of, tail) != 3) continue;
        if (strcmp(tail, ".parquet") || of == n) continue;
        char *p = pc_out_join(data, e->d_name);
        if (p) unlink(p);
        free(p);
    }
    closedir(d);
    free(data);
}

static int parquet_commit(struct pc_writer *w, uint64_t *bytes, struct pc_error *err)
{
    int rc = commit_shard(w, err);
    for (size_t k = 0; k < w->shards && !rc; k++) {
        char name[96];
        snprintf(name, sizeof name, "%s-%05zu-of-%05zu.parquet", w->split_name, k, w->shards);
        char *from = part_path(w, k), *to = pc_out_join(w->data, name);
        if (!from || !to)
            rc = pc_error_set(err, PC_ENOMEM, "out of memory");
        else if (rename(from, to) != 0)
            rc = pc_error_set(err, PC_EIO, "cannot rename '%s' to '%s': %s", from, to,
                              strerror(errno));
        free(from);
        free(to);
    }
    if (!rc) {
        remove_stale(w, w->shards);
        *bytes += w->bytes;
        free(w->data);
        free(w);
        return PC_OK;
    }
    parquet_abort(w);
    return rc;
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
    int rc = path && !pc_card_put(&b, o->title, o->license, card, n)
                 ? pc_out_write_file(path, &b, err)
                 : pc_error_set(err, PC_ENOMEM, "out of memory");
    if (!rc) *bytes += b.len;
    free(path);
    pc_buf_release(&b);
    return rc;
}

const struct pc_format pc_format_parquet = {
    .name = "parquet",
    .help = "DIR/data/<split>-0000K-of-0000N.parquet shards and the dataset card DIR/README.md",
    .open = parquet_open,
    .write = parquet_write,
    .commit = parquet_commit,
    .abort = parquet_abort,
    .finish = parquet_finish,
};
