/* Shuffle, slice and save (SPEC §5). */
#include "curate/split.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "curate/group.h"
#include "curate/rng.h"
#include "curate/split_rows.h"
#include "io/atomic.h"
#include "io/tmpdir.h"
#include "out/formats.h"
#include "out/parquet.h"
#include "out/writer.h"
#include "pipe/pipe.h"

void pc_split_opts_init(struct pc_split_opts *o)
{
    memset(o, 0, sizeof *o);
    o->seed = 42;
    o->train = 400000;
    o->test = 2000;
    o->formats = PC_FMT_JSONL;
    o->openai_train = 200;
    o->openai_validation = 50;
    o->parquet_codec = PC_PARQUET_SNAPPY;
}

unsigned pc_split_format_parse(const char *s)
{
    int i = pc_format_index(s);
    return i < 0 ? 0 : 1u << i;
}

/* The writer options of the split options. */
static void export_opts(const struct pc_split_opts *o, struct pc_export_opts *e)
{
    memset(e, 0, sizeof *e);
    e->parquet_page_bytes = o->parquet_page_bytes;
    e->parquet_codec = o->parquet_codec;
    e->parquet_rows_per_group = o->parquet_group_rows;
    e->parquet_shard_bytes = o->parquet_shard_bytes;
    e->title = o->title;
    e->license = o->license;
    e->openai_train = o->openai_train;
    e->openai_validation = o->openai_validation;
    e->threads = o->jobs ? o->jobs : (size_t)pc_pipe_cpus();
}

struct split_ctx {
    const struct pc_split_opts *o;
    struct pc_export_opts eo;
    const char *sample, *dir;
    struct pc_items_files files;
    const struct pc_items_index *ix;
    uint64_t bytes;
    struct pc_split_done done[PC_MAX_FORMATS][3]; /* per format, per split */
};

/* Writes one split in every selected format: rows perm[0..n) of the sample; train uses
 * prompt, the others test_prompt (SPEC §5). The rows are read, parsed and formatted on
 * o->jobs threads (split_rows.h). */
static int write_split(struct split_ctx *c, int k, const char *name, const uint32_t *perm, size_t n,
                       int is_train, struct pc_error *err)
{
    struct pc_writer *w[PC_MAX_FORMATS] = {0};
    int rc = PC_OK;
    size_t n_w = 0;
    for (int f = 0; pc_formats[f] && f < PC_MAX_FORMATS && !rc; f++, n_w++)
        if (c->o->formats & (1u << f)) rc = pc_formats[f]->open(&w[f], c->dir, name, &c->eo, err);
    struct pc_split_rows rows = {
        .files = &c->files,
        .sample = c->sample,
        .refs = c->ix->refs,
        .perm = perm,
        .n = n,
        .is_train = is_train,
        .eo = &c->eo,
        .w = w,
        .n_w = n_w,
        .threads = (int)c->eo.threads,
    };
    uint64_t text_bytes = 0;
    if (!rc) rc = pc_split_write_rows(&rows, &text_bytes, err);
    for (int f = 0; f < PC_MAX_FORMATS; f++) {
        if (!w[f]) continue;
        struct pc_split_done *d = &c->done[f][k];
        d->name = name;
        d->rows = n;
        d->text_bytes = text_bytes;
        if (rc) {
            pc_formats[f]->abort(w[f]);
        } else {
            rc = pc_formats[f]->commit(w[f], &d->file_bytes, err);
            c->bytes += d->file_bytes;
        }
        w[f] = NULL;
    }
    if (rc == PC_ENOMEM && err && !err->message[0]) pc_error_set(err, rc, "out of memory");
    return rc;
}

/* --group-by (issue 14): replaces *perm by the chosen train, test and validation rows, whole
 * groups on one side (curate/group.h), and checks that the sides are full. */
static int group_slice(const struct pc_split_opts *o, const struct pc_items_index *ix,
                       uint32_t **perm, const size_t want[3], size_t got[3],
                       struct pc_split_stats *s, struct pc_error *err)
{
    uint32_t *g = malloc((ix->n ? ix->n : 1) * sizeof *g);
    struct pc_group_stats gs;
    if (!g || pc_group_assign(*perm, ix->n, ix->keys, want, g, got, &gs)) {
        free(g);
        return pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    free(*perm);
    *perm = g;
    s->groups = gs.groups;
    s->group_skipped = gs.skipped;
    if (got[0] == want[0] && got[1] == want[1] && got[2] == want[2]) return PC_OK;
    s->short_sample = 1;
    if (o->allow_short) return PC_OK;
    return pc_error_set(err, PC_ESHORT,
                        "with --group-by %s the sample's %zu items form %zu groups; whole groups "
                        "fill only train %zu, test %zu, validation %zu of the %zu, %zu, %zu "
                        "requested (%zu items left out: their group is on a full side)",
                        pc_group_by_name(o->group_by), ix->n, gs.groups, got[0], got[1], got[2],
                        want[0], want[1], want[2], gs.skipped);
}

int pc_split_file(const char *sample, const char *final_dir, const struct pc_split_opts *o,
                  struct pc_split_stats *st, pc_items_progress_fn progress, void *ud,
                  struct pc_error *err)
{
    return pc_split_file_ix(sample, final_dir, o, NULL, st, progress, ud, err);
}

int pc_split_file_ix(const char *sample, const char *final_dir, const struct pc_split_opts *o,
                     const struct pc_items_index *given, struct pc_split_stats *st,
                     pc_items_progress_fn progress, void *ud, struct pc_error *err)
{
    /* Everything is written into a temporary folder moved into place at the end. */
    struct pc_tmpdir td = {0};
    const char *dir = final_dir;
    struct pc_items_index ix;
    pc_items_index_init(&ix);
    struct split_ctx c = {.o = o, .sample = sample, .dir = dir, .ix = &ix};
    export_opts(o, &c.eo);
    c.eo.final_dir = final_dir;
    uint32_t *perm = NULL;
    struct pc_split_stats s = {0};
    const char *names[3] = {"train", "test", "validation"};
    size_t want[3] = {o->train, o->test, o->validation}, got[3];
    ix.jobs = o->jobs;
    ix.group_by = o->group_by;
    int rc = PC_OK;
    if (given && (!o->group_by || given->group_by == o->group_by)) {
        c.ix = given; /* the sample's index: given, or made here into ix */
        s.index_given = 1;
        if (progress) progress(ud, given->bytes_read, given->bytes_read, given->n);
    } else if ((rc = pc_items_index_files(&ix, &sample, 1, progress, ud, err))) {
        goto done;
    }
    s.sample = c.ix->n;
    for (size_t i = 0; i < c.ix->n; i++) {
        double p = c.ix->refs[i].price;
        if (p > 0 && p <= PC_SPLIT_ABSURD_PRICE) continue;
        if (!s.odd_prices++) {
            s.odd_first_item = i + 1;
            s.odd_first_price = p;
        }
    }
    size_t need = o->train + o->test + o->validation, left = c.ix->n;
    if (need < o->train || need < o->test) need = SIZE_MAX;
    if (c.ix->n < need) {
        s.short_sample = 1;
        if (!o->allow_short) {
            rc = pc_error_set(err, PC_ESHORT,
                              "the sample has %zu items, fewer than the %zu requested "
                              "(train %zu + test %zu + validation %zu)",
                              c.ix->n, need, o->train, o->test, o->validation);
            goto done;
        }
    }
    /* Short sample (--allow-short): test, then validation keep their requested sizes as
     * far as the sample allows; train takes what is left. */
    for (int i = 1; i <= 3; i++) {
        int k = i % 3; /* test, validation, train */
        got[k] = want[k] < left ? want[k] : left;
        left -= got[k];
    }
    if (!(perm = malloc((c.ix->n ? c.ix->n : 1) * sizeof *perm))) {
        rc = pc_error_set(err, PC_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < c.ix->n; i++) perm[i] = (uint32_t)i;
    struct pc_mt mt;
    pc_mt_seed_py(&mt, o->seed);
    pc_py_shuffle_u32(&mt, perm, c.ix->n); /* SPEC §5 step 1 */
    if (o->group_by && (rc = group_slice(o, c.ix, &perm, want, got, &s, err))) goto done;

    if ((rc = pc_tmpdir_open(&td, final_dir, err))) goto done;
    dir = c.dir = td.tmp;
    if ((rc = pc_items_files_open(&c.files, &sample, 1, err))) goto done;
    size_t n_split = 0, at = 0;
    for (int i = 0; i < 3; i++) {
        if (i == 2 && want[2] == 0) break;
        if ((rc = write_split(&c, i, names[i], perm + at, got[i], i == 0, err))) goto done;
        n_split++;
        at += got[i];
    }
    s.train = got[0];
    s.test = got[1];
    s.validation = want[2] ? got[2] : 0;
    for (int f = 0; pc_formats[f] && f < PC_MAX_FORMATS; f++) /* dataset-level files */
        if ((o->formats & (1u << f)) && pc_formats[f]->finish &&
            (rc = pc_formats[f]->finish(dir, &c.eo, c.done[f], n_split, &c.bytes, err)))
            goto done;
    /* openai_train.jsonl holds train[:openai_train], openai_validation.jsonl the next rows */
    s.openai_train = got[0] < o->openai_train ? got[0] : o->openai_train;
    s.openai_validation = got[0] - s.openai_train < o->openai_validation ? got[0] - s.openai_train
                                                                         : o->openai_validation;
    if ((rc = pc_tmpdir_commit(&td, err))) goto done;
    s.bytes_written = c.bytes;
    if (st) *st = s;
done:
    pc_tmpdir_abort(&td);
    if (rc && st) *st = s;
    pc_items_files_release(&c.files);
    free(perm);
    pc_items_index_release(&ix);
    return rc;
}
