/* The curate and split stages of a run (the others: stages.c): each calls the library
 * function its single-stage command calls (curate/), with options from the settings table.
 * Curate hashes the sample as it writes it and keeps its index for split. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "curate/curate_stats.h"
#include "curate/items.h"
#include "io/atomic.h"
#include "pipeline/pipeline_int.h"
#include "pipeline/rundir.h"
#include "pipeline/stage_opts.h"
#include "run/sha256.h"

/* ---- curate, split ---- */

void pl_sample_ix_drop(struct pl_ctx *x)
{
    if (x->sample_ix) pc_items_index_release(x->sample_ix);
    free(x->sample_ix);
    x->sample_ix = NULL;
}

static void hash_written(void *user, const void *data, size_t len)
{
    pc_sha256_stream_update(user, data, len);
}

static void detail(struct pl_ctx *x, const char *message)
{
    if (x->h && x->h->detail) x->h->detail(x->h->user, message);
}

int pl_run_curate(struct pl_ctx *x, struct pl_stage *sp, struct pc_run_stage *rec,
                  struct pc_error *err)
{
    struct pc_curate_opts o;
    struct pc_weight *ws = NULL;
    int rc = pc_stage_curate_opts(x->cfg, &o, &ws, err);
    char **items = pl_items_paths(x);
    if (!rc && !items) rc = pc_error_set(err, PC_ENOMEM, "out of memory");
    char out[4200];
    snprintf(out, sizeof out, "%s/sample.jsonl", x->rundir);
    struct pc_curate_stats st;
    memset(&st, 0, sizeof st);
    struct pl_watch w = {x, 0, 0};
    /* the sample's index is kept for split (with the keys of its --group-by) */
    struct pc_split_opts so;
    memset(&so, 0, sizeof so);
    if (!rc) rc = pc_stage_split_opts(x->cfg, &so, err);
    pl_sample_ix_drop(x);
    struct pc_curate_keep keep = {.keys_by = so.group_by, .written = hash_written};
    /* with threads, hashed on a thread of its own: not on the in-order writer's path */
    struct pc_sha256_stream *sha = rc                     ? NULL
                                   : pl_threads_of(x) > 1 ? pc_sha256_stream_new_thread()
                                                          : pc_sha256_stream_new();
    keep.user = sha;
    if (!rc && !sha) rc = pc_error_set(err, PC_ENOMEM, "cannot set up SHA-256");
    if (!rc)
        rc = pc_curate_files_ix((const char *const *)items, (size_t)x->nin, out, &o, &st, &keep,
                                pl_on_items_progress, &w, err);
    if (!rc && pc_sha256_stream_hex(sha, sp->hashed_sha) == PC_OK) /* hashed while written */
        sp->hashed_rel = "sample.jsonl";
    if (sha && pc_sha256_stream_cpu(sha) > x->stage_serial)
        x->stage_serial = pc_sha256_stream_cpu(sha); /* a serial thread of the stage */
    pc_sha256_stream_free(sha);
    if (!rc && pl_file_stat(out, &x->sample_size, &x->sample_mtime) == 0 &&
        (x->sample_ix = malloc(sizeof *x->sample_ix))) {
        *x->sample_ix = keep.index;
    } else if (!rc) {
        pc_items_index_release(&keep.index);
    }
    if (!rc && sp->arg) { /* --stats (with --dedup) */
        struct pc_buf b;
        pc_buf_init(&b, 0);
        if (pc_curate_stats_json(&b, &o, &st)) rc = pc_error_set(err, PC_ENOMEM, "out of memory");
        snprintf(out, sizeof out, "%s/sample.stats.json", x->rundir);
        if (!rc) rc = pc_atomic_write(out, b.data, b.len, err);
        if (!rc && pl_add_json_counts(rec, &b)) rc = pc_error_set(err, PC_ENOMEM, "out of memory");
        pc_buf_release(&b);
        if (rc) pc_curate_stats_release(&st);
    }
    if (!rc) {
        rc = pc_run_stage_add_count(rec, "items", st.selected);
        for (size_t k = 0; !rc && k < st.n_cats; k++) {
            char name[300];
            snprintf(name, sizeof name, "category.%s", st.cats[k].name);
            if (st.cats[k].selected) rc = pc_run_stage_add_count(rec, name, st.cats[k].selected);
        }
        if (rc) rc = pc_error_set(err, rc, "out of memory");
        pc_curate_stats_release(&st);
    }
    pl_paths_free(items);
    pc_stage_weights_free(ws, o.n_weights);
    return rc;
}

int pl_run_split(struct pl_ctx *x, struct pl_stage *sp, struct pc_run_stage *rec,
                 struct pc_error *err)
{
    struct pc_split_opts o;
    int rc = pc_stage_split_opts(x->cfg, &o, err);
    if (rc) return rc;
    char sample[4200], fin[4200], tmp[4300];
    snprintf(sample, sizeof sample, "%s/sample.jsonl", x->rundir);
    snprintf(fin, sizeof fin, "%s/dataset", x->rundir);
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", fin, (long)getpid());
    pc_rundir_rm_rf(tmp);
    struct pc_split_stats st;
    memset(&st, 0, sizeof st);
    struct pl_watch w = {x, 0, 0};
    /* curate's index of the sample, when the file is still the one it wrote */
    uint64_t size = 0;
    int64_t mtime = 0;
    const struct pc_items_index *given = x->sample_ix && pl_file_stat(sample, &size, &mtime) == 0 &&
                                                 size == x->sample_size && mtime == x->sample_mtime
                                             ? x->sample_ix
                                             : NULL;
    rc = pc_split_file_ix(sample, tmp, &o, given, &st, pl_on_items_progress, &w, err);
    pl_sample_ix_drop(x);
    if (!rc)
        detail(x, st.index_given ? "split: sample index from curate"
                                 : "split: sample indexed (read and parsed)");
    if (rc == PC_ESHORT) { /* (the message is copied: it cannot format into itself) */
        char why[sizeof err->message];
        snprintf(why, sizeof why, "%s", err->message);
        rc = pc_error_set(err, PC_ESHORT,
                          "%s; set split.allow_short (--allow-short) to write what exists, or "
                          "smaller train/test",
                          why);
    }
    if (!rc) {
        pc_rundir_rm_rf(fin);
        if (rename(tmp, fin) != 0)
            rc = pc_error_set(err, PC_EIO, "cannot rename '%s' to '%s': %s", tmp, fin,
                              strerror(errno));
    }
    if (rc) {
        pc_rundir_rm_rf(tmp);
        return rc;
    }
    if (pc_run_stage_add_count(rec, "train", st.train) ||
        pc_run_stage_add_count(rec, "test", st.test) ||
        pc_run_stage_add_count(rec, "validation", st.validation))
        return pc_error_set(err, PC_ENOMEM, "out of memory");
    return PC_OK;
}
