/* Balancing over price slots (SPEC §4) and the curate stage. */
#include "curate/balance.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "curate/group.h"
#include "curate/items_fetch.h"
#include "curate/rng.h"
#include "io/atomic.h"
#include "pipe/pipe.h"

static const struct pc_weight reference_weights[] = {{"Automotive", 1}};

void pc_curate_opts_init(struct pc_curate_opts *o)
{
    memset(o, 0, sizeof *o);
    o->seed = 42;
    o->slot_min = 1;
    o->slot_max = 999;
    o->all_above = 240;
    o->slot_cap = 1200;
    o->weights = reference_weights;
    o->n_weights = 1;
    o->default_weight = 5;
}

uint32_t pc_curate_weight(const struct pc_curate_opts *o, const char *category)
{
    /* the last matching entry wins, so later --weight options override earlier ones */
    for (size_t i = o->n_weights; i-- > 0;)
        if (strcmp(o->weights[i].category, category) == 0) return o->weights[i].weight;
    return o->default_weight;
}

int32_t pc_curate_slot(double price)
{
    double r = rint(price);
    if (!(r >= (double)INT32_MIN + 1 && r <= (double)INT32_MAX)) return INT32_MIN;
    return (int32_t)r;
}

/* Draws cap of the m items idx[0..m) of one slot with weights, appending to out. */
static int draw_slot(struct pc_mt *mt, const uint32_t *idx, size_t m, const uint32_t *weight,
                     uint32_t cap, double *p, uint32_t *pick, uint32_t *out, int slot,
                     struct pc_error *err)
{
    /* SPEC §4 step 3: p = w / sum(w) as numpy computes it (integer sum, double division) */
    uint64_t sum = 0;
    for (size_t j = 0; j < m; j++) sum += weight[idx[j]];
    if (sum == 0)
        return pc_error_set(err, PC_EINVAL, "slot %d: every weight is zero, cannot draw", slot);
    double s = (double)sum;
    for (size_t j = 0; j < m; j++) p[j] = (double)weight[idx[j]] / s;
    int rc = pc_np_choice(mt, p, m, cap, pick, err);
    if (rc) {
        char msg[sizeof err->message];
        if (err) {
            snprintf(msg, sizeof msg, "slot %d: %.480s", slot, err->message);
            memcpy(err->message, msg, sizeof msg);
        }
        return rc;
    }
    for (uint32_t j = 0; j < cap; j++) out[j] = idx[pick[j]];
    return PC_OK;
}

int pc_balance_select(const struct pc_curate_opts *o, const int32_t *slot, const uint32_t *weight,
                      size_t n, uint32_t **sel, size_t *n_sel, struct pc_error *err)
{
    *sel = NULL;
    *n_sel = 0;
    if (n > UINT32_MAX) return pc_error_set(err, PC_ETOOBIG, "more than 4,294,967,295 items");
    uint32_t *out = malloc((n ? n : 1) * sizeof *out);
    if (!out) return pc_error_set(err, PC_ENOMEM, "out of memory");
    if (o->no_balance) {
        for (size_t i = 0; i < n; i++) out[i] = (uint32_t)i;
        *sel = out;
        *n_sel = n;
        return PC_OK;
    }
    if (o->slot_min > o->slot_max || o->slot_max - (int64_t)o->slot_min > 100000000) {
        free(out);
        return pc_error_set(err, PC_EINVAL, "bad slot range %d..%d", o->slot_min, o->slot_max);
    }
    /* stable counting sort of the in-range items by slot */
    size_t n_slots = (size_t)(o->slot_max - o->slot_min) + 1;
    size_t *start = calloc(n_slots + 1, sizeof *start);
    uint32_t *order = malloc((n ? n : 1) * sizeof *order);
    if (!start || !order) {
        free(out), free(start), free(order);
        return pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++)
        if (slot[i] >= o->slot_min && slot[i] <= o->slot_max) start[slot[i] - o->slot_min + 1]++;
    size_t biggest = 0;
    for (size_t s = 0; s < n_slots; s++) {
        if (start[s + 1] > biggest) biggest = start[s + 1];
        start[s + 1] += start[s];
    }
    size_t *fill = malloc(n_slots * sizeof *fill);
    double *p = malloc((biggest ? biggest : 1) * sizeof *p);
    uint32_t *pick = malloc(((size_t)o->slot_cap + 1) * sizeof *pick);
    int rc = PC_OK;
    if (!fill || !p || !pick) {
        rc = pc_error_set(err, PC_ENOMEM, "out of memory");
        goto done;
    }
    memcpy(fill, start, n_slots * sizeof *fill);
    for (size_t i = 0; i < n; i++)
        if (slot[i] >= o->slot_min && slot[i] <= o->slot_max)
            order[fill[slot[i] - o->slot_min]++] = (uint32_t)i;

    struct pc_mt mt;
    pc_mt_seed_np(&mt, o->seed);
    size_t k = 0;
    for (size_t s = 0; s < n_slots; s++) {
        int i = o->slot_min + (int)s;
        const uint32_t *idx = order + start[s];
        size_t m = start[s + 1] - start[s];
        if (i >= o->all_above || m <= o->slot_cap) {
            memcpy(out + k, idx, m * sizeof *idx);
            k += m;
        } else {
            rc = draw_slot(&mt, idx, m, weight, o->slot_cap, p, pick, out + k, i, err);
            if (rc) goto done;
            k += o->slot_cap;
        }
    }
    *sel = out;
    *n_sel = k;
    out = NULL;
done:
    free(out), free(start), free(order), free(fill), free(p), free(pick);
    return rc;
}

void pc_curate_stats_release(struct pc_curate_stats *st)
{
    if (!st) return;
    for (size_t i = 0; i < st->n_cats; i++) free(st->cats[i].name);
    free(st->cats);
    memset(st, 0, sizeof *st);
}

struct copy_ctx {
    struct pc_atomic *w;
    const char *output;
    uint64_t bytes;
    const struct pc_curate_keep *keep; /* may be NULL */
};

/* The calling thread, each batch in output order: written in order when the workers did not
 * (standard output, a device), then shown to keep. */
static int emit(void *user, const void *data, size_t len, struct pc_error *err)
{
    struct copy_ctx *c = user;
    if (!pc_atomic_positioned(c->w) && len && fwrite(data, 1, len, c->w->fp) != len)
        return pc_error_set(err, PC_EIO, "cannot write '%s': %s", c->output, strerror(errno));
    if (c->keep && c->keep->written) c->keep->written(c->keep->user, data, len);
    return PC_OK;
}

static int write_at(void *user, uint64_t off, const void *data, size_t len, struct pc_error *err)
{
    struct copy_ctx *c = user;
    return pc_atomic_pwrite(c->w, data, len, off, err);
}

/* Copies the selected lines in order; jobs threads read them back (items_fetch.h). To a
 * regular file, the threads also write them, each batch at its offset; to standard output or
 * a device, the calling thread writes them in order. */
static int copy_lines(const struct pc_items_index *ix, const uint32_t *sel, size_t n_sel,
                      const char *const *inputs, size_t n_inputs, const char *output, size_t jobs,
                      const struct pc_curate_keep *keep, uint64_t *bytes_out, struct pc_error *err)
{
    struct pc_items_files f;
    struct pc_atomic w = {0};
    int rc = pc_items_files_open(&f, inputs, n_inputs, err);
    if (!rc) rc = pc_atomic_open(&w, output, err);
    struct copy_ctx c = {.w = &w, .output = output, .keep = keep};
    int threads = jobs ? (int)jobs : pc_pipe_cpus();
    int positioned = !rc && pc_atomic_positioned(&w);
    if (!rc && !positioned && w.fp != stdout)
        setvbuf(w.fp, NULL, _IOFBF, (size_t)1 << 20); /* fewer writes */
    if (!rc)
        rc = pc_items_copy(&f, ix->refs, sel, n_sel, threads, positioned ? write_at : NULL, emit,
                           &c, &c.bytes, err);
    if (rc == PC_OK)
        rc = pc_atomic_commit(&w, err);
    else
        pc_atomic_abort(&w);
    *bytes_out = c.bytes;
    pc_items_files_release(&f);
    return rc;
}

/* --dedup (issue 14): keeps the first item of each group in ix (load order), in place. The
 * per-category "items" counts then describe the deduplicated input. */
static int dedup_index(struct pc_items_index *ix, size_t *removed)
{
    uint8_t *keep = malloc(ix->n ? ix->n : 1);
    if (!keep) return PC_ENOMEM;
    int rc = pc_group_first(ix->keys, ix->n, keep, removed);
    size_t k = 0;
    for (size_t i = 0; i < ix->n && !rc; i++)
        if (keep[i]) {
            ix->keys[k] = ix->keys[i];
            ix->refs[k++] = ix->refs[i];
        }
    if (!rc) ix->n = k;
    free(keep);
    return rc;
}

int pc_curate_files(const char *const *inputs, size_t n_inputs, const char *output,
                    const struct pc_curate_opts *o, struct pc_curate_stats *st,
                    pc_items_progress_fn progress, void *ud, struct pc_error *err)
{
    return pc_curate_files_ix(inputs, n_inputs, output, o, st, NULL, progress, ud, err);
}

int pc_curate_files_ix(const char *const *inputs, size_t n_inputs, const char *output,
                       const struct pc_curate_opts *o, struct pc_curate_stats *st,
                       struct pc_curate_keep *keep, pc_items_progress_fn progress, void *ud,
                       struct pc_error *err)
{
    struct pc_items_index *sample = keep ? &keep->index : NULL;
    int keys_by = keep ? keep->keys_by : 0;
    if (sample) pc_items_index_init(sample);
    struct pc_items_index ix;
    pc_items_index_init(&ix);
    int32_t *slot = NULL;
    uint32_t *weight = NULL, *sel = NULL, *cat_w = NULL;
    size_t n_sel = 0;
    ix.jobs = o->jobs;
    ix.group_by = o->dedup ? o->dedup : sample ? keys_by : 0;
    int rc = pc_items_index_files(&ix, inputs, n_inputs, progress, ud, err);
    if (rc) goto done;
    size_t n_items = ix.n, removed = 0;
    if (o->dedup && (rc = dedup_index(&ix, &removed))) {
        pc_error_set(err, rc, "out of memory");
        goto done;
    }
    slot = malloc((ix.n ? ix.n : 1) * sizeof *slot);
    weight = malloc((ix.n ? ix.n : 1) * sizeof *weight);
    cat_w = malloc((ix.n_cats ? ix.n_cats : 1) * sizeof *cat_w);
    if (!slot || !weight || !cat_w) {
        rc = pc_error_set(err, PC_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t c = 0; c < ix.n_cats; c++) cat_w[c] = pc_curate_weight(o, ix.cats[c]);
    uint64_t out_of_range = 0;
    for (size_t i = 0; i < ix.n; i++) {
        slot[i] = pc_curate_slot(ix.refs[i].price);
        weight[i] = cat_w[ix.refs[i].cat];
        out_of_range += slot[i] < o->slot_min || slot[i] > o->slot_max;
    }
    if ((rc = pc_balance_select(o, slot, weight, ix.n, &sel, &n_sel, err))) goto done;
    free(slot), free(weight);
    slot = NULL, weight = NULL;
    uint64_t bytes_out = 0;
    if ((rc =
             copy_lines(&ix, sel, n_sel, inputs, n_inputs, output, o->jobs, keep, &bytes_out, err)))
        goto done;
    if (sample) {
        sample->jobs = o->jobs;
        if ((rc =
                 pc_items_index_copy(&ix, sel, n_sel, keys_by && ix.group_by == keys_by, sample))) {
            pc_error_set(err, rc, "out of memory");
            goto done;
        }
    }
    if (st) {
        memset(st, 0, sizeof *st);
        st->items = n_items;
        st->dedup_removed = removed;
        st->selected = n_sel;
        st->out_of_range = o->no_balance ? 0 : out_of_range;
        st->bytes_in = ix.bytes_read;
        st->bytes_out = bytes_out;
        if (!o->no_balance) {
            /* count slots that were thinned: recompute sizes */
            size_t n_slots = (size_t)(o->slot_max - o->slot_min) + 1;
            uint32_t *cnt = calloc(n_slots, sizeof *cnt);
            if (cnt) {
                for (size_t i = 0; i < ix.n; i++) {
                    int32_t s = pc_curate_slot(ix.refs[i].price);
                    if (s >= o->slot_min && s <= o->slot_max) cnt[s - o->slot_min]++;
                }
                for (size_t s = 0; s < n_slots; s++)
                    st->slots_drawn += o->slot_min + (int)s < o->all_above && cnt[s] > o->slot_cap;
                free(cnt);
            }
        }
        st->cats = calloc(ix.n_cats ? ix.n_cats : 1, sizeof *st->cats);
        if (!st->cats) {
            rc = pc_error_set(err, PC_ENOMEM, "out of memory");
            goto done;
        }
        st->n_cats = ix.n_cats;
        for (size_t c = 0; c < ix.n_cats; c++) {
            st->cats[c].name = ix.cats[c];
            ix.cats[c] = NULL;
        }
        for (size_t i = 0; i < ix.n; i++) st->cats[ix.refs[i].cat].items++;
        for (size_t i = 0; i < n_sel; i++) st->cats[ix.refs[sel[i]].cat].selected++;
    }
done:
    if (rc && sample) pc_items_index_release(sample);
    free(slot), free(weight), free(sel), free(cat_w);
    pc_items_index_release(&ix);
    return rc;
}
