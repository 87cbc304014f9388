/* One split's rows to the writers on several threads (split_rows.h), on pc_pipe. */
#include "curate/split_rows.h"

#include <stdlib.h>
#include <string.h>

#include "pipe/pipe.h"

#define BATCH_ROWS 256
#define BATCH_BYTES ((size_t)1 << 20)

struct rows_run {
    const struct pc_split_rows *r;
    size_t next;                 /* fill: first row of the next batch */
    int chunked[PC_MAX_FORMATS]; /* format f is formatted by the workers */
    int replay;                  /* some format takes its rows through write */
    uint64_t text_bytes;
};

struct rows_batch {
    size_t from, to;
    struct pc_buf chunk[PC_MAX_FORMATS]; /* per chunked format */
    struct pc_buf rows;                  /* the rows for write: a row_head then its four strings */
    uint64_t text_bytes;
};

/* A row for the formats that take rows through write: this header, then line, category,
 * prompt and test_prompt, each followed by a NUL. */
struct row_head {
    double price;
    uint64_t offset; /* of the line in the sample, for messages */
    size_t len[4];
};

struct worker {
    struct pc_json_doc *doc;
    char *line;
    size_t cap;
};

static void *worker_new(void *user)
{
    (void)user;
    struct worker *w = calloc(1, sizeof *w);
    if (w && !(w->doc = pc_json_doc_new())) {
        free(w);
        return NULL;
    }
    return w;
}

static void worker_free(void *user, void *p)
{
    (void)user;
    struct worker *w = p;
    if (!w) return;
    pc_json_doc_free(w->doc);
    free(w->line);
    free(w);
}

static void *batch_new(void *user)
{
    (void)user;
    struct rows_batch *b = calloc(1, sizeof *b);
    if (!b) return NULL;
    for (int f = 0; f < PC_MAX_FORMATS; f++) pc_buf_init(&b->chunk[f], 0);
    pc_buf_init(&b->rows, 0);
    return b;
}

static void batch_free(void *user, void *p)
{
    (void)user;
    struct rows_batch *b = p;
    if (!b) return;
    for (int f = 0; f < PC_MAX_FORMATS; f++) pc_buf_release(&b->chunk[f]);
    pc_buf_release(&b->rows);
    free(b);
}

static int rows_fill(void *user, struct pc_pipe_batch *pb, struct pc_error *err)
{
    (void)err;
    struct rows_run *x = user;
    const struct pc_split_rows *r = x->r;
    if (x->next >= r->n) return 0;
    struct rows_batch *b = pb->result;
    size_t bytes = 0;
    b->from = x->next;
    while (x->next < r->n && x->next - b->from < BATCH_ROWS && bytes < BATCH_BYTES)
        bytes += r->refs[r->perm[x->next++]].len;
    b->to = x->next;
    pb->lines.n = 0; /* no lines: the range is the batch */
    return 1;
}

static int put_row(struct pc_buf *out, const struct pc_item_view *v, const char *line,
                   const struct pc_line_ref *ref)
{
    struct row_head h = {.price = v->price,
                         .offset = ref->offset,
                         .len = {ref->len, v->category_len, v->prompt_len, v->test_prompt_len}};
    const char *s[4] = {line, v->category, v->prompt, v->test_prompt};
    if (pc_buf_append(out, &h, sizeof h)) return PC_ENOMEM;
    for (int i = 0; i < 4; i++)
        if (pc_buf_append(out, s[i], h.len[i]) || pc_buf_putc(out, '\0')) return PC_ENOMEM;
    return PC_OK;
}

static void row_of(const struct pc_item_view *v, const char *line, size_t len, int is_train,
                   struct pc_row *row)
{
    *row = (struct pc_row){
        .text = is_train ? v->prompt : v->test_prompt,
        .text_len = is_train ? v->prompt_len : v->test_prompt_len,
        .price = v->price,
        .category = v->category,
        .category_len = v->category_len,
        .prompt = v->prompt,
        .prompt_len = v->prompt_len,
        .test_prompt = v->test_prompt,
        .test_prompt_len = v->test_prompt_len,
        .line = line,
        .line_len = len,
    };
}

static int rows_work(void *user, void *wp, struct pc_pipe_batch *pb, struct pc_error *err)
{
    struct rows_run *x = user;
    const struct pc_split_rows *r = x->r;
    struct worker *w = wp;
    struct rows_batch *b = pb->result;
    for (int f = 0; f < PC_MAX_FORMATS; f++) pc_buf_reset(&b->chunk[f]);
    pc_buf_reset(&b->rows);
    b->text_bytes = 0;
    for (size_t k = b->from; k < b->to; k++) {
        const struct pc_line_ref *ref = &r->refs[r->perm[k]];
        if (w->cap < (size_t)ref->len + 1) {
            char *nl = realloc(w->line, (size_t)ref->len + 1);
            if (!nl) return pc_error_set(err, PC_ENOMEM, "out of memory");
            w->line = nl;
            w->cap = (size_t)ref->len + 1;
        }
        int rc = pc_items_files_read(r->files, ref, w->line, err);
        if (rc) return rc;
        struct pc_item_view v;
        struct pc_row row;
        if ((rc = pc_items_parse_line(w->doc, w->line, ref->len, &v, err))) {
            pc_error_at(err, r->sample, 0, (int64_t)ref->offset);
            return rc;
        }
        row_of(&v, w->line, ref->len, r->is_train, &row);
        b->text_bytes += row.text_len;
        for (size_t f = 0; f < r->n_w; f++)
            if (x->chunked[f] && (rc = pc_formats[f]->format(r->eo, &row, &b->chunk[f]))) {
                pc_error_set(err, rc, "%s", pc_strerror(rc));
                pc_error_at(err, r->sample, 0, (int64_t)ref->offset);
                return rc;
            }
        if (x->replay && put_row(&b->rows, &v, w->line, ref))
            return pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    return PC_OK;
}

static int rows_emit(void *user, struct pc_pipe_batch *pb, struct pc_error *err)
{
    struct rows_run *x = user;
    const struct pc_split_rows *r = x->r;
    struct rows_batch *b = pb->result;
    size_t rows = b->to - b->from;
    int rc = PC_OK;
    for (size_t f = 0; f < r->n_w && !rc; f++)
        if (x->chunked[f])
            rc = pc_formats[f]->write_chunk(r->w[f], b->chunk[f].data, b->chunk[f].len, rows, err);
    for (size_t at = 0; x->replay && !rc && at < b->rows.len;) {
        struct row_head h;
        memcpy(&h, b->rows.data + at, sizeof h);
        const char *s[4];
        at += sizeof h;
        for (int i = 0; i < 4; i++) {
            s[i] = b->rows.data + at;
            at += h.len[i] + 1;
        }
        struct pc_item_view v = {.category = s[1],
                                 .category_len = h.len[1],
                                 .price = h.price,
                                 .prompt = s[2],
                                 .prompt_len = h.len[2],
                                 .test_prompt = s[3],
                                 .test_prompt_len = h.len[3]};
        struct pc_row row;
        row_of(&v, s[0], h.len[0], r->is_train, &row);
        for (size_t f = 0; f < r->n_w && !rc; f++)
            if (r->w[f] && !x->chunked[f] && (rc = pc_formats[f]->write(r->w[f], &row, err)))
                pc_error_at(err, r->sample, 0, (int64_t)h.offset);
    }
    x->text_bytes += b->text_bytes;
    return rc;
}

int pc_split_write_rows(const struct pc_split_rows *r, uint64_t *text_bytes, struct pc_error *err)
{
    struct rows_run x = {.r = r};
    if (r->n_w > PC_MAX_FORMATS) return pc_error_set(err, PC_EINVAL, "too many formats");
    for (size_t f = 0; f < r->n_w; f++) {
        if (!r->w[f]) continue;
        x.chunked[f] = pc_formats[f]->format && pc_formats[f]->write_chunk;
        if (!x.chunked[f]) x.replay = 1;
    }
    struct pc_pipe_ops ops = {
        .user = &x,
        .fill = rows_fill,
        .worker_new = worker_new,
        .worker_free = worker_free,
        .result_new = batch_new,
        .result_free = batch_free,
        .work = rows_work,
        .emit = rows_emit,
    };
    int rc = pc_pipe_run(&ops, r->threads < 1 ? 1 : r->threads, err);
    *text_bytes = x.text_bytes;
    return rc;
}
