#include "investigate/investigate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "item/item.h"
#include "json/json.h"
#include "pipe/pipe.h"
#include "text/scrub.h"
#include "text/utf8.h"

static const char *const field_names[] = {
#define PC_X_FIELD(name) #name,
    PC_INV_FIELDS(PC_X_FIELD)
#undef PC_X_FIELD
};
/* their lengths (sizeof of the literal, without its NUL): field_index runs per member */
static const unsigned char field_lens[] = {
#define PC_X_FIELD(name) sizeof #name - 1,
    PC_INV_FIELDS(PC_X_FIELD)
#undef PC_X_FIELD
};

const char *pc_inv_field_name(int f)
{
    return f >= 0 && f < PC_INV_NFIELDS ? field_names[f] : "unknown";
}

struct pc_inv_stats *pc_inv_stats_new(void)
{
    struct pc_inv_stats *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->cents = calloc(PC_INV_CENTS_MAX, sizeof *s->cents);
    s->lens = calloc(PC_INV_LEN_MAX, sizeof *s->lens);
    if (!s->cents || !s->lens) {
        pc_inv_stats_free(s);
        return NULL;
    }
    return s;
}

void pc_inv_stats_free(struct pc_inv_stats *s)
{
    if (!s) return;
    free(s->cents);
    free(s->lens);
    free(s->price_other);
    free(s->len_other);
    free(s);
}

/* Appends x to the list *v of *n values (capacity: the next power of two). */
static int push_double(double **v, uint64_t *n, double x)
{
    if ((*n & (*n - 1)) == 0) { /* 0, 1, 2, 4, ...: grow */
        double *p = realloc(*v, (size_t)(*n ? *n * 2 : 1) * sizeof *p);
        if (!p) return PC_ENOMEM;
        *v = p;
    }
    (*v)[(*n)++] = x;
    return PC_OK;
}

static int push_u32(uint32_t **v, uint64_t *n, uint32_t x)
{
    if ((*n & (*n - 1)) == 0) {
        uint32_t *p = realloc(*v, (size_t)(*n ? *n * 2 : 1) * sizeof *p);
        if (!p) return PC_ENOMEM;
        *v = p;
    }
    (*v)[(*n)++] = x;
    return PC_OK;
}

int pc_inv_stats_add(struct pc_inv_stats *d, const struct pc_inv_stats *s)
{
    d->rows += s->rows;
    for (int i = 0; i < PC_OUT_COUNT; i++) d->outcome[i] += s->outcome[i];
    d->records += s->records;
    d->priced += s->priced;
    d->in_window += s->in_window;
    d->above_max += s->above_max;
    pc_xsum_merge(&d->price_x, &s->price_x);
    d->price_sum = pc_xsum_value(&d->price_x);
    if (s->price_max > d->price_max) d->price_max = s->price_max;
    for (uint32_t i = 0; i < PC_INV_CENTS_MAX; i++) d->cents[i] += s->cents[i];
    for (uint64_t i = 0; i < s->price_big; i++)
        if (push_double(&d->price_other, &d->price_big, s->price_other[i])) return PC_ENOMEM;
    d->len_n += s->len_n;
    d->len_sum += s->len_sum;
    if (s->len_max > d->len_max) d->len_max = s->len_max;
    d->len_over_min += s->len_over_min;
    for (uint32_t i = 0; i < PC_INV_LEN_MAX; i++) d->lens[i] += s->lens[i];
    for (uint64_t i = 0; i < s->len_big; i++)
        if (push_u32(&d->len_other, &d->len_big, s->len_other[i])) return PC_ENOMEM;
    for (int f = 0; f < PC_INV_NFIELDS; f++) {
        d->missing[f] += s->missing[f];
        d->null[f] += s->null[f];
        d->empty[f] += s->empty[f];
    }
    d->other_keys += s->other_keys;
    return PC_OK;
}

uint64_t pc_inv_invalid(const struct pc_inv_stats *s)
{
    uint64_t n = 0;
    for (int i = 0; i < PC_OUT_COUNT; i++)
        if (pc_outcome_invalid(i)) n += s->outcome[i];
    return n;
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

/* The k-th smallest (0-based) of the histogram values i / div (h[i] times each) merged with
 * the sorted list other[0..no). Listed values never equal a histogram value. */
static double kth(const uint32_t *h, uint32_t bins, double div, const double *other, uint64_t no,
                  uint64_t k)
{
    uint64_t acc = 0, j = 0;
    for (uint32_t i = 0; i < bins; i++) {
        double v = (double)i / div;
        for (; j < no && other[j] < v; j++, acc++)
            if (acc == k) return other[j];
        if (h[i] && k < acc + h[i]) return v;
        acc += h[i];
    }
    return j + (k - acc) < no ? other[j + (k - acc)] : NAN;
}

/* numpy.median of the histogram plus the listed values (total of them in all). */
static double median(const uint32_t *h, uint32_t bins, double div, const double *other, uint64_t no,
                     uint64_t total)
{
    if (!total) return NAN;
    double *srt = malloc((size_t)(no ? no : 1) * sizeof *srt);
    if (!srt) return NAN;
    if (no) memcpy(srt, other, (size_t)no * sizeof *srt);
    qsort(srt, (size_t)no, sizeof *srt, cmp_double);
    double lo = kth(h, bins, div, srt, no, (total - 1) / 2),
           hi = kth(h, bins, div, srt, no, total / 2);
    free(srt);
    return (lo + hi) / 2;
}

double pc_inv_price_median(const struct pc_inv_stats *s)
{
    return median(s->cents, PC_INV_CENTS_MAX, 100.0, s->price_other, s->price_big, s->priced);
}

double pc_inv_len_median(const struct pc_inv_stats *s)
{
    double *other = malloc((size_t)(s->len_big ? s->len_big : 1) * sizeof *other);
    if (!other) return NAN;
    for (uint64_t i = 0; i < s->len_big; i++) other[i] = s->len_other[i];
    double m = median(s->lens, PC_INV_LEN_MAX, 1.0, other, s->len_big, s->len_n);
    free(other);
    return m;
}

/* Per-batch results: counters plus the batch's prices and lengths (bounded by its size). */
struct pc_inv_part {
    struct pc_inv_stats st; /* without histograms */
    uint64_t present[PC_INV_NFIELDS];
    double *prices;
    size_t np, capp;
    uint32_t *lens;
    size_t nl, capl;
    int n_inv;
    struct {
        int64_t line_no;
        int outcome;
        char message[160];
    } inv[8];
};

struct inv_job {
    const struct pc_parse_input *inputs;
    struct pc_inv_opts opts;
    struct pc_pipe_source src;
    uint64_t rows;
    struct pc_inv_stats **per;
    void *user;
    void (*on_progress)(void *, uint64_t, uint64_t);
    void (*on_invalid)(void *, const char *, int64_t, int, const char *);
};

struct pc_inv_scratch {
    struct pc_json_doc *doc;
    struct pc_buf contents, tmp;
};

static int inv_fill(void *user, struct pc_pipe_batch *b, struct pc_error *err)
{
    return pc_pipe_source_fill(&((struct inv_job *)user)->src, b, err);
}

static void *inv_worker_new(void *user)
{
    struct pc_inv_scratch *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    if (!(w->doc = pc_json_doc_new())) {
        free(w);
        return NULL;
    }
    pc_buf_init(&w->contents, (size_t)256 << 20);
    pc_buf_init(&w->tmp, (size_t)256 << 20);
    return w;
}

static void inv_worker_free(void *user, void *p)
{
    struct pc_inv_scratch *w = p;
    if (!w) return;
    pc_json_doc_free(w->doc);
    pc_buf_release(&w->contents);
    pc_buf_release(&w->tmp);
    free(w);
}

static void *inv_result_new(void *user)
{
    return calloc(1, sizeof(struct pc_inv_part));
}

static void inv_result_free(void *user, void *p)
{
    struct pc_inv_part *r = p;
    if (!r) return;
    free(r->prices);
    free(r->lens);
    free(r);
}

static void note(struct pc_inv_part *r, int64_t line_no, int outcome, const char *msg)
{
    r->st.outcome[outcome]++;
    if (r->n_inv >= 8) return;
    r->inv[r->n_inv].line_no = line_no;
    r->inv[r->n_inv].outcome = outcome;
    snprintf(r->inv[r->n_inv].message, sizeof r->inv[0].message, "%s", msg);
    r->n_inv++;
}

static int field_index(const char *k, size_t n)
{
    for (int f = 0; f < PC_INV_NFIELDS; f++)
        if (field_lens[f] == n && !memcmp(field_names[f], k, n)) return f;
    return -1;
}

static int is_empty(const struct pc_json_val *v)
{
    return (v->type == PC_JSON_STRING || v->type == PC_JSON_ARRAY || v->type == PC_JSON_OBJECT) &&
           v->len == 0;
}

static int push_price(struct pc_inv_part *r, double x)
{
    if (r->np == r->capp) {
        size_t cap = r->capp ? r->capp * 2 : 1024;
        double *p = realloc(r->prices, cap * sizeof *p);
        if (!p) return PC_ENOMEM;
        r->prices = p;
        r->capp = cap;
    }
    r->prices[r->np++] = x;
    return PC_OK;
}

static int push_len(struct pc_inv_part *r, uint32_t x)
{
    if (r->nl == r->capl) {
        size_t cap = r->capl ? r->capl * 2 : 1024;
        uint32_t *p = realloc(r->lens, cap * sizeof *p);
        if (!p) return PC_ENOMEM;
        r->lens = p;
        r->capl = cap;
    }
    r->lens[r->nl++] = x;
    return PC_OK;
}

static int inv_line(const struct pc_inv_opts *win, struct pc_inv_scratch *w, struct pc_inv_part *r,
                    const char *line, size_t len, int64_t line_no, size_t known_chars,
                    const struct pc_json_val *parsed, const struct pc_json_val **root_out)
{
    if (root_out) *root_out = NULL;
    r->st.rows++;
    if (len == 0) {
        note(r, line_no, PC_OUT_EMPTY_LINE, "empty line");
        return PC_OK;
    }
    const struct pc_json_val *root = parsed;
    struct pc_error perr;
    pc_error_clear(&perr);
    int rc = root ? PC_OK : pc_json_parse(w->doc, line, len, &root, &perr);
    if (rc == PC_ENOMEM) return rc;
    if (rc != PC_OK) {
        char msg[160];
        int o = pc_line_invalid_explain(line, len, perr.message, (long long)(perr.byte_offset + 1),
                                        msg, sizeof msg);
        if (rc == PC_ETOOBIG) {
            o = PC_OUT_LINE_TOO_LONG;
            snprintf(msg, sizeof msg, "%.100s", perr.message);
        }
        note(r, line_no, o, msg);
        return PC_OK;
    }
    if (root->type != PC_JSON_OBJECT) {
        note(r, line_no, PC_OUT_NOT_OBJECT, "line is not a JSON object");
        return PC_OK;
    }
    if (root_out) *root_out = root;
    r->st.records++;
    int other = 0;
    for (uint32_t i = 0; i < root->len; i++) {
        const struct pc_json_member *m = &root->u.members[i];
        int f = field_index(m->key, m->key_len);
        if (f < 0) {
            other = 1;
            continue;
        }
        r->present[f]++;
        if (m->val.type == PC_JSON_NULL) r->st.null[f]++;
        if (is_empty(&m->val)) r->st.empty[f]++;
    }
    r->st.other_keys += other;
    struct pc_record rec;
    int o = pc_record_from_json(root, &rec);
    if (o != PC_OUT_KEPT) note(r, line_no, o, pc_outcome_desc(o));
    int priced = 0;
    int wo = pc_record_price(&rec, win->min_price, win->max_price, &priced);
    if (priced && isfinite(rec.price_value) && rec.price_value > 0) {
        if ((rc = push_price(r, rec.price_value)) != PC_OK) return rc;
        if (wo == PC_OUT_KEPT) r->st.in_window++;
    }
    if (known_chars != (size_t)-1) /* the item rules measured the same contents */
        return push_len(r, known_chars > UINT32_MAX ? UINT32_MAX : (uint32_t)known_chars);
    pc_buf_reset(&w->contents);
    rc = pc_item_contents(&rec, &w->contents, &w->tmp);
    if (rc == PC_OK) {
        size_t n = pc_utf8_count(w->contents.data, w->contents.len);
        if ((rc = push_len(r, n > UINT32_MAX ? UINT32_MAX : (uint32_t)n)) != PC_OK) return rc;
    } else if (rc != PC_EFORMAT && rc != PC_ETOOBIG) {
        return rc;
    }
    return PC_OK;
}

static int inv_work(void *user, void *worker, struct pc_pipe_batch *b, struct pc_error *err)
{
    struct inv_job *j = user;
    struct pc_inv_part *r = b->result;
    pc_inv_part_reset(r);
    const struct pc_line_batch *lb = &b->lines;
    for (size_t li = 0; li < lb->n; li++) {
        int64_t line_no = lb->lines[li].line_no;
        if (lb->lines[li].too_long) {
            pc_inv_part_too_long(r, line_no, lb->lines[li].len);
            continue;
        }
        int rc = inv_line(&j->opts, worker, r, pc_line_batch_text(lb, li), lb->lines[li].len,
                          line_no, (size_t)-1, NULL, NULL);
        if (rc < 0) {
            pc_error_at(err, j->inputs[b->source].name, line_no, -1);
            return pc_error_set(err, rc, "%s", pc_strerror(rc));
        }
    }
    return PC_OK;
}

static int inv_emit(void *user, struct pc_pipe_batch *b, struct pc_error *err)
{
    struct inv_job *j = user;
    struct pc_inv_part *r = b->result;
    if (pc_inv_part_merge(&j->opts, j->per[b->source], r))
        return pc_error_set(err, PC_ENOMEM, "out of memory");
    if (j->on_invalid)
        for (int i = 0; i < r->n_inv; i++)
            j->on_invalid(j->user, j->inputs[b->source].name, r->inv[i].line_no, r->inv[i].outcome,
                          r->inv[i].message);
    j->rows += r->st.rows;
    if (j->on_progress) j->on_progress(j->user, b->end_offset, j->rows);
    return PC_OK;
}

void pc_inv_opts_init(struct pc_inv_opts *o)
{
    o->min_price = 0.5;
    o->max_price = 999.49;
    o->min_chars = 300;
}

int pc_investigate_run(const struct pc_parse_input *inputs, size_t n_inputs,
                       const struct pc_inv_opts *opts, int threads, struct pc_inv_stats **per_input,
                       void *user, void (*on_progress)(void *, uint64_t, uint64_t),
                       void (*on_invalid)(void *, const char *, int64_t, int, const char *),
                       struct pc_error *err)
{
    struct inv_job j;
    memset(&j, 0, sizeof j);
    j.inputs = inputs;
    if (opts)
        j.opts = *opts;
    else
        pc_inv_opts_init(&j.opts);
    pc_pipe_source_init(&j.src, inputs, n_inputs);
    j.per = per_input;
    j.user = user;
    j.on_progress = on_progress;
    j.on_invalid = on_invalid;
    struct pc_pipe_ops ops = {
        .user = &j,
        .fill = inv_fill,
        .worker_new = inv_worker_new,
        .worker_free = inv_worker_free,
        .result_new = inv_result_new,
        .result_free = inv_result_free,
        .work = inv_work,
        .emit = inv_emit,
    };
    int rc = pc_pipe_run(&ops, threads, err);
    pc_pipe_source_release(&j.src);
    return rc;
}

/* ---- one batch at a time, for a pass that does more than investigate ---- */

struct pc_inv_scratch *pc_inv_scratch_new(void)
{
    return inv_worker_new(NULL);
}

void pc_inv_scratch_free(struct pc_inv_scratch *w)
{
    inv_worker_free(NULL, w);
}

struct pc_inv_part *pc_inv_part_new(void)
{
    return inv_result_new(NULL);
}

void pc_inv_part_free(struct pc_inv_part *r)
{
    inv_result_free(NULL, r);
}

void pc_inv_part_reset(struct pc_inv_part *r)
{
    memset(&r->st, 0, sizeof r->st);
    memset(r->present, 0, sizeof r->present);
    r->np = r->nl = 0;
    r->n_inv = 0;
}

void pc_inv_part_too_long(struct pc_inv_part *r, int64_t line_no, uint64_t len)
{
    char msg[160];
    snprintf(msg, sizeof msg, "line of %llu bytes is longer than the limit",
             (unsigned long long)len);
    r->st.rows++;
    note(r, line_no, PC_OUT_LINE_TOO_LONG, msg);
}

int pc_inv_part_line(const struct pc_inv_opts *o, struct pc_inv_scratch *w, struct pc_inv_part *r,
                     const char *line, size_t len, int64_t line_no, size_t known_chars,
                     const struct pc_json_val *parsed, const struct pc_json_val **root)
{
    return inv_line(o, w, r, line, len, line_no, known_chars, parsed, root);
}

int pc_inv_part_merge(const struct pc_inv_opts *o, struct pc_inv_stats *d,
                      const struct pc_inv_part *r)
{
    /* Counters (histogram pointers of r->st are NULL: add by hand). */
    d->rows += r->st.rows;
    for (int i = 0; i < PC_OUT_COUNT; i++) d->outcome[i] += r->st.outcome[i];
    d->records += r->st.records;
    d->in_window += r->st.in_window;
    d->other_keys += r->st.other_keys;
    for (int f = 0; f < PC_INV_NFIELDS; f++) {
        d->missing[f] += r->st.records - r->present[f];
        d->null[f] += r->st.null[f];
        d->empty[f] += r->st.empty[f];
    }
    for (size_t i = 0; i < r->np; i++) {
        double x = r->prices[i];
        d->priced++;
        pc_xsum_add(&d->price_x, x);
        if (x > d->price_max) d->price_max = x;
        if (x > o->max_price) d->above_max++;
        double c = floor(x * 100.0 + 0.5);
        if (c < PC_INV_CENTS_MAX && c / 100.0 == x) /* exactly c cents */
            d->cents[(uint32_t)c]++;
        else if (push_double(&d->price_other, &d->price_big, x))
            return PC_ENOMEM;
    }
    if (r->np) d->price_sum = pc_xsum_value(&d->price_x);
    for (size_t i = 0; i < r->nl; i++) {
        uint32_t n = r->lens[i];
        d->len_n++;
        d->len_sum += n;
        if (n > d->len_max) d->len_max = n;
        if (n > o->min_chars) d->len_over_min++;
        if (n < PC_INV_LEN_MAX)
            d->lens[n]++;
        else if (push_u32(&d->len_other, &d->len_big, n))
            return PC_ENOMEM;
    }
    return PC_OK;
}

int pc_inv_push_other(struct pc_inv_stats *s, double price, int is_price, uint32_t len)
{
    return is_price ? push_double(&s->price_other, &s->price_big, price)
                    : push_u32(&s->len_other, &s->len_big, len);
}
