/* Writing a synthetic catalogue (see synth.h): the split of --records among the chosen
 * categories, and one meta_<Category>.jsonl per category written atomically by a pool of
 * threads, each file generated line by line with pc_synth_line (synth.c). */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "io/atomic.h"
#include "synth/synth.h"
#include "synth/synth_words.h"

void pc_synth_opts_init(struct pc_synth_opts *o)
{
    memset(o, 0, sizeof *o);
    o->seed = 42;
    o->records = 50000;
    o->threads = 2;
}

static double chosen_share(const struct pc_synth_opts *o, int cat)
{
    double total = 0;
    int n = o->ncats ? o->ncats : PC_SYNTH_NCAT;
    for (int i = 0; i < n; i++) total += pc_synth_cats[o->ncats ? o->cats[i] : i].share;
    return total > 0 ? pc_synth_cats[cat].share / total : 0;
}

uint64_t pc_synth_records_for(const struct pc_synth_opts *o, int cat)
{
    if (!o->records) return 0;
    /* Largest-remainder split so the counts add up to exactly o->records. */
    int n = o->ncats ? o->ncats : PC_SYNTH_NCAT;
    uint64_t base[PC_SYNTH_NCAT], given = 0;
    double rem[PC_SYNTH_NCAT];
    int idx[PC_SYNTH_NCAT];
    for (int k = 0; k < n; k++) {
        idx[k] = o->ncats ? o->cats[k] : k;
        double exact = (double)o->records * chosen_share(o, idx[k]);
        base[k] = (uint64_t)exact;
        rem[k] = exact - (double)base[k];
        given += base[k];
    }
    while (given < o->records) {
        int best = 0;
        for (int k = 1; k < n; k++)
            if (rem[k] > rem[best]) best = k;
        base[best]++;
        rem[best] = -1;
        given++;
        int all_used = 1;
        for (int k = 0; k < n; k++) all_used &= rem[k] < 0;
        if (all_used)
            for (int k = 0; k < n; k++) rem[k] = 0;
    }
    for (int k = 0; k < n; k++)
        if (idx[k] == cat) return base[k];
    return 0;
}

struct job {
    const struct pc_synth_opts *o;
    const char *dir;
    struct pc_synth_stats *st;
    pthread_mutex_t mu;
    int next, failed;
    uint64_t done, total;
    struct pc_error err;
};

static int write_one(struct job *j, int cat)
{
    const struct pc_synth_opts *o = j->o;
    char path[4096];
    snprintf(path, sizeof path, "%s/meta_%s.jsonl", j->dir, pc_synth_cats[cat].name);
    struct pc_error err;
    pc_error_clear(&err);
    struct pc_atomic w;
    int rc = pc_atomic_open(&w, path, &err);
    if (rc) goto fail;
    struct pc_buf b;
    pc_buf_init(&b, 0);
    uint64_t want_rec = pc_synth_records_for(o, cat);
    uint64_t want_bytes = o->records ? 0 : (uint64_t)((double)o->bytes * chosen_share(o, cat));
    uint64_t bytes = 0, i = 0, reported = 0;
    for (;; i++) {
        if (o->records ? i >= want_rec : bytes >= want_bytes) break;
        if (j->failed) {
            rc = PC_ECANCELED;
            break;
        }
        int kind;
        size_t before = b.len;
        rc = pc_synth_line(o->seed, cat, i, &b, &kind);
        if (rc) break;
        b.data[b.len++] = '\n';
        bytes += b.len - before;
        j->st->kinds[cat][kind]++;
        if (b.len >= (1u << 20)) {
            if (fwrite(b.data, 1, b.len, w.fp) != b.len) {
                rc = pc_error_set(&err, PC_EIO, "cannot write '%s'", path);
                break;
            }
            b.len = 0;
            if (o->progress && bytes - reported >= (8u << 20)) {
                pthread_mutex_lock(&j->mu);
                j->done += bytes - reported;
                o->progress(o->progress_ctx, j->done, j->total);
                pthread_mutex_unlock(&j->mu);
                reported = bytes;
            }
        }
    }
    if (!rc && b.len && fwrite(b.data, 1, b.len, w.fp) != b.len)
        rc = pc_error_set(&err, PC_EIO, "cannot write '%s'", path);
    pc_buf_release(&b);
    if (rc) {
        pc_atomic_abort(&w);
        if (rc == PC_ENOMEM) pc_error_set(&err, rc, "out of memory");
        goto fail;
    }
    rc = pc_atomic_commit(&w, &err);
    if (rc) goto fail;
    j->st->lines[cat] = i;
    j->st->bytes[cat] = bytes;
    pthread_mutex_lock(&j->mu);
    j->done += bytes - reported;
    if (o->progress) o->progress(o->progress_ctx, j->done, j->total);
    pthread_mutex_unlock(&j->mu);
    return PC_OK;
fail:
    pthread_mutex_lock(&j->mu);
    if (!j->failed && rc != PC_ECANCELED) {
        j->failed = 1;
        j->err = err;
        j->err.code = rc;
    }
    pthread_mutex_unlock(&j->mu);
    return rc;
}

static void *worker(void *arg)
{
    struct job *j = arg;
    for (;;) {
        pthread_mutex_lock(&j->mu);
        int n = j->o->ncats ? j->o->ncats : PC_SYNTH_NCAT;
        int k = j->failed || j->next >= n ? -1 : j->next++;
        pthread_mutex_unlock(&j->mu);
        if (k < 0) return NULL;
        write_one(j, j->o->ncats ? j->o->cats[k] : k);
    }
}

int pc_synth_write(const struct pc_synth_opts *o, const char *dir, struct pc_synth_stats *st,
                   struct pc_error *err)
{
    struct pc_synth_stats local;
    if (!st) st = &local;
    memset(st, 0, sizeof *st);
    if (!o->records && !o->bytes)
        return pc_error_set(err, PC_EINVAL, "nothing to generate: records and size are both 0");
    for (int i = 0; i < o->ncats; i++)
        if (o->cats[i] < 0 || o->cats[i] >= PC_SYNTH_NCAT)
            return pc_error_set(err, PC_EINVAL, "unknown category index %d", o->cats[i]);
    struct job j;
    memset(&j, 0, sizeof j);
    j.o = o;
    j.dir = dir;
    j.st = st;
    pthread_mutex_init(&j.mu, NULL);
    j.total = o->bytes;
    int nt = o->threads < 1 ? 1 : o->threads > 16 ? 16 : o->threads;
    pthread_t th[16];
    int started = 0;
    for (int t = 1; t < nt; t++)
        if (pthread_create(&th[started], NULL, worker, &j) == 0) started++;
    worker(&j);
    for (int t = 0; t < started; t++) pthread_join(th[t], NULL);
    pthread_mutex_destroy(&j.mu);
    if (j.failed) {
        if (err) *err = j.err;
        return j.err.code ? j.err.code : PC_EIO;
    }
    return PC_OK;
}
