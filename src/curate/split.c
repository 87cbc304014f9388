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
#include "io/atomic.h"
#include "io/tmpdir.h"
#include "out/export.h"
#include "out/parquet.h"

void pc_split_opts_init(struct pc_split_opts *o)
{
    memset(o, 0, sizeof *o);
    o->seed = 42;
    o->train = 400000;
    o->test = 2000;
    o->formats = PC_FMT_JSONL;
    o->openai_train = 200;
    o->openai_validation = 50;
}

unsigned pc_split_format_parse(const char *s)
{
    if (!strcmp(s, "jsonl")) return PC_FMT_JSONL;
    if (!strcmp(s, "parquet")) return PC_FMT_PARQUET;
    if (!strcmp(s, "openai")) return PC_FMT_OPENAI;
    return 0;
}

static int make_dir(const char *path, struct pc_error *err)
{
    if (mkdir(path, 0777) == 0 || errno == EEXIST) {
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) return PC_OK;
        return pc_error_set(err, PC_EIO, "'%s' exists and is not a directory", path);
    }
    return pc_error_set(err, PC_EIO, "cannot create directory '%s': %s", path, strerror(errno));
}

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p) snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* Writes buf to path atomically. */
static int write_file(const char *path, const struct pc_buf *buf, struct pc_error *err)
{
    struct pc_atomic w = {0};
    int rc = pc_atomic_open(&w, path, err);
    if (rc) return rc;
    if (buf->len && fwrite(buf->data, 1, buf->len, w.fp) != buf->len) {
        pc_atomic_abort(&w);
        return pc_error_set(err, PC_EIO, "cannot write '%s': %s", path, strerror(errno));
    }
    return pc_atomic_commit(&w, err);
}

struct split_ctx {
    const struct pc_split_opts *o;
    const char *sample, *dir;
    struct pc_items_files files;
    const struct pc_items_index *ix;
    struct pc_json_doc *doc;
    struct pc_buf row, ai_train, ai_val;
    uint64_t bytes;
    size_t n_ai_train, n_ai_val;
};

/* Writes one split: rows perm[0..n) of the sample; train uses prompt, others test_prompt. */
static int write_split(struct split_ctx *c, const char *name, const uint32_t *perm, size_t n,
                       int is_train, struct pc_card_split *card, struct pc_error *err)
{
    const struct pc_split_opts *o = c->o;
    char fname[128], *jpath = NULL, *ppath = NULL;
    struct pc_atomic jw = {0};
    struct pc_parquet *pq = NULL;
    int rc = PC_OK;
    uint64_t text_bytes = 0;
    if (o->formats & PC_FMT_JSONL) {
        snprintf(fname, sizeof fname, "%s.jsonl", name);
        if (!(jpath = join(c->dir, fname))) return pc_error_set(err, PC_ENOMEM, "out of memory");
        if ((rc = pc_atomic_open(&jw, jpath, err))) goto done;
    }
    if (o->formats & PC_FMT_PARQUET) {
        snprintf(fname, sizeof fname, "data/%s-00000-of-00001.parquet", name);
        if (!(ppath = join(c->dir, fname))) {
            rc = pc_error_set(err, PC_ENOMEM, "out of memory");
            goto done;
        }
        if ((rc = pc_parquet_open(&pq, ppath, o->parquet_page_bytes, o->parquet_codec, err)))
            goto done;
    }
    for (size_t i = 0; i < n; i++) {
        const struct pc_line_ref *r = &c->ix->refs[perm[i]];
        struct pc_item_view v;
        const char *line;
        if ((rc = pc_items_files_line(&c->files, r, &line, err))) break;
        if ((rc = pc_items_parse_line(c->doc, line, r->len, &v, err))) {
            pc_error_at(err, c->sample, 0, (int64_t)r->offset);
            break;
        }
        const char *text = is_train ? v.prompt : v.test_prompt;
        size_t tlen = is_train ? v.prompt_len : v.test_prompt_len;
        text_bytes += tlen;
        if (jw.fp) {
            pc_buf_reset(&c->row);
            if ((rc = pc_jsonl_put_row(&c->row, text, tlen, v.price))) break;
            if (fwrite(c->row.data, 1, c->row.len, jw.fp) != c->row.len) {
                rc = pc_error_set(err, PC_EIO, "cannot write '%s': %s", jpath, strerror(errno));
                break;
            }
            c->bytes += c->row.len;
        }
        if (pq && (rc = pc_parquet_add(pq, text, tlen, v.price, err))) break;
        if (is_train && (o->formats & PC_FMT_OPENAI)) {
            struct pc_buf *ai = NULL;
            size_t *cnt = NULL;
            if (i < o->openai_train) {
                ai = &c->ai_train;
                cnt = &c->n_ai_train;
            } else if (i - o->openai_train < o->openai_validation) {
                ai = &c->ai_val;
                cnt = &c->n_ai_val;
            }
            if (ai) {
                /* lines joined by "\n", none after the last (as the reference wrote them) */
                if ((*cnt && (rc = pc_buf_putc(ai, '\n'))) ||
                    (rc = pc_openai_put_line(ai, v.test_prompt, v.test_prompt_len, v.price)))
                    break;
                ++*cnt;
            }
        }
    }
    if (rc) goto done;
    if (jw.fp && (rc = pc_atomic_commit(&jw, err))) goto done;
    card->name = name;
    card->rows = n;
    card->num_bytes = pc_card_num_bytes(n, text_bytes);
    if (pq) {
        rc = pc_parquet_commit(pq, &card->parquet_bytes, err);
        pq = NULL;
        c->bytes += card->parquet_bytes;
    }
done:
    if (rc == PC_ENOMEM && err && !err->message[0]) pc_error_set(err, rc, "out of memory");
    pc_atomic_abort(&jw);
    pc_parquet_abort(pq);
    free(jpath);
    free(ppath);
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
    /* Everything is written into a temporary folder moved into place at the end. */
    struct pc_tmpdir td = {0};
    const char *dir = final_dir;
    struct pc_items_index ix;
    pc_items_index_init(&ix);
    struct split_ctx c = {.o = o, .sample = sample, .dir = dir, .ix = &ix};
    pc_buf_init(&c.row, 0);
    pc_buf_init(&c.ai_train, 0);
    pc_buf_init(&c.ai_val, 0);
    uint32_t *perm = NULL;
    char *path = NULL;
    struct pc_split_stats s = {0};
    const char *names[3] = {"train", "test", "validation"};
    size_t want[3] = {o->train, o->test, o->validation}, got[3];
    struct pc_card_split card[3] = {{0}};
    ix.jobs = o->jobs;
    ix.group_by = o->group_by;
    int rc = pc_items_index_files(&ix, &sample, 1, progress, ud, err);
    if (rc) goto done;
    s.sample = ix.n;
    for (size_t i = 0; i < ix.n; i++) {
        double p = ix.refs[i].price;
        if (p > 0 && p <= PC_SPLIT_ABSURD_PRICE) continue;
        if (!s.odd_prices++) {
            s.odd_first_item = i + 1;
            s.odd_first_price = p;
        }
    }
    size_t need = o->train + o->test + o->validation, left = ix.n;
    if (need < o->train || need < o->test) need = SIZE_MAX;
    if (ix.n < need) {
        s.short_sample = 1;
        if (!o->allow_short) {
            rc = pc_error_set(err, PC_ESHORT,
                              "the sample has %zu items, fewer than the %zu requested "
                              "(train %zu + test %zu + validation %zu)",
                              ix.n, need, o->train, o->test, o->validation);
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
    if (!(perm = malloc((ix.n ? ix.n : 1) * sizeof *perm))) {
        rc = pc_error_set(err, PC_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < ix.n; i++) perm[i] = (uint32_t)i;
    struct pc_mt mt;
    pc_mt_seed_py(&mt, o->seed);
    pc_py_shuffle_u32(&mt, perm, ix.n); /* SPEC §5 step 1 */
    if (o->group_by && (rc = group_slice(o, &ix, &perm, want, got, &s, err))) goto done;

    if ((rc = pc_tmpdir_open(&td, final_dir, err))) goto done;
    dir = c.dir = td.tmp;
    if (o->formats & PC_FMT_PARQUET) {
        if (!(path = join(dir, "data"))) {
            rc = pc_error_set(err, PC_ENOMEM, "out of memory");
            goto done;
        }
        if ((rc = make_dir(path, err))) goto done;
    }
    if ((rc = pc_items_files_open(&c.files, &sample, 1, err))) goto done;
    if (!(c.doc = pc_json_doc_new())) {
        rc = pc_error_set(err, PC_ENOMEM, "out of memory");
        goto done;
    }
    size_t n_card = 0, at = 0;
    for (int i = 0; i < 3; i++) {
        if (i == 2 && want[2] == 0) break;
        rc = write_split(&c, names[i], perm + at, got[i], i == 0, &card[n_card], err);
        if (rc) goto done;
        n_card++;
        at += got[i];
    }
    s.train = got[0];
    s.test = got[1];
    s.validation = want[2] ? got[2] : 0;
    if (o->formats & PC_FMT_PARQUET) {
        struct pc_buf b;
        pc_buf_init(&b, 0);
        free(path);
        if (!(path = join(dir, "README.md")) || pc_card_put(&b, o->title, card, n_card)) {
            pc_buf_release(&b);
            rc = pc_error_set(err, PC_ENOMEM, "out of memory");
            goto done;
        }
        rc = write_file(path, &b, err);
        c.bytes += b.len;
        pc_buf_release(&b);
        if (rc) goto done;
    }
    if (o->formats & PC_FMT_OPENAI) {
        const char *files[2] = {"openai_train.jsonl", "openai_validation.jsonl"};
        struct pc_buf *bufs[2] = {&c.ai_train, &c.ai_val};
        for (int i = 0; i < 2; i++) {
            free(path);
            if (!(path = join(dir, files[i]))) {
                rc = pc_error_set(err, PC_ENOMEM, "out of memory");
                goto done;
            }
            if ((rc = write_file(path, bufs[i], err))) goto done;
            c.bytes += bufs[i]->len;
        }
        s.openai_train = c.n_ai_train;
        s.openai_validation = c.n_ai_val;
    }
    if ((rc = pc_tmpdir_commit(&td, err))) goto done;
    s.bytes_written = c.bytes;
    if (st) *st = s;
done:
    pc_tmpdir_abort(&td);
    if (rc && st) *st = s;
    pc_items_files_release(&c.files);
    pc_json_doc_free(c.doc);
    free(perm);
    free(path);
    pc_buf_release(&c.row);
    pc_buf_release(&c.ai_train);
    pc_buf_release(&c.ai_val);
    pc_items_index_release(&ix);
    return rc;
}
