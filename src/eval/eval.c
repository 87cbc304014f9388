/* The Tester's arithmetic, baselines and text/JSON output (SPEC §6.1). */
#include "eval/eval.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "curate/rng.h"
#include "json/json.h"
#include "chart/stats.h"
#include "text/utf8.h"

#define TRY(x)                                                                                     \
    do {                                                                                           \
        int rc_ = (x);                                                                             \
        if (rc_) return rc_;                                                                       \
    } while (0)

static const char g_question[] = "How much does this cost to the nearest dollar?\n\n";

const char *pc_eval_color_name(int color)
{
    return color == PC_EVAL_GREEN ? "green" : color == PC_EVAL_ORANGE ? "orange" : "red";
}

int pc_eval_color_for(double error, double truth)
{
    /* Python: error<40 or error/truth < 0.2 (a zero truth with error >= 40 would raise
     * ZeroDivisionError there; here the ratio is infinite and the item not green) */
    double ratio = truth != 0 ? error / truth : INFINITY;
    if (error < 40 || ratio < 0.2) return PC_EVAL_GREEN;
    if (error < 80 || ratio < 0.4) return PC_EVAL_ORANGE;
    return PC_EVAL_RED;
}

int pc_eval_title(struct pc_buf *out, const struct pc_eval_row *row)
{
    const char *t = row->title;
    size_t n = t ? strlen(t) : 0;
    if (!t) {
        t = row->text ? row->text : "";
        size_t q = sizeof g_question - 1;
        if (strncmp(t, g_question, q) == 0) t += q;
        const char *nl = strchr(t, '\n');
        n = nl ? (size_t)(nl - t) : strlen(t);
    }
    if (pc_utf8_count(t, n) <= 40) return pc_buf_append(out, t, n);
    TRY(pc_buf_append(out, t, pc_utf8_prefix(t, n, 40)));
    return pc_buf_puts(out, "...");
}

void pc_eval_baseline_random(double *guesses, size_t n, uint64_t seed)
{
    struct pc_mt mt;
    pc_mt_seed_py(&mt, seed);
    for (size_t i = 0; i < n; i++) guesses[i] = (double)pc_py_randrange(&mt, 1, 1000);
}

double pc_eval_train_mean(const struct pc_eval_set *train)
{
    double sum = 0;
    for (size_t i = 0; i < train->n; i++) sum += train->rows[i].price;
    return train->n ? sum / (double)train->n : 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median_sorted(const double *v, size_t n)
{
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

struct catrow {
    const char *cat;
    double price;
};

static int cmp_catrow(const void *a, const void *b)
{
    const struct catrow *x = a, *y = b;
    int c = strcmp(x->cat, y->cat);
    return c ? c : cmp_double(&x->price, &y->price);
}

/* Median of the train rows of category cat in the sorted table (NAN when none). */
static double category_median(const struct catrow *t, size_t n, const char *cat)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(t[mid].cat, cat) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo;
    while (end < n && strcmp(t[end].cat, cat) == 0) end++;
    if (end == lo) return NAN;
    size_t k = end - lo;
    return k % 2 ? t[lo + k / 2].price : (t[lo + k / 2 - 1].price + t[lo + k / 2].price) / 2;
}

int pc_eval_baseline_category_median(double *guesses, const struct pc_eval_set *test, size_t n,
                                     const struct pc_eval_set *train, size_t *unknown,
                                     struct pc_error *err)
{
    if (train->n == 0) return pc_error_set(err, PC_EINVAL, "the train file has no rows");
    double *all = malloc(train->n * sizeof *all);
    struct catrow *t = malloc(train->n * sizeof *t);
    if (!all || !t) {
        free(all);
        free(t);
        return pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    size_t nt = 0;
    for (size_t i = 0; i < train->n; i++) {
        all[i] = train->rows[i].price;
        if (train->rows[i].category)
            t[nt++] = (struct catrow){train->rows[i].category, train->rows[i].price};
    }
    qsort(all, train->n, sizeof *all, cmp_double);
    qsort(t, nt, sizeof *t, cmp_catrow);
    double overall = median_sorted(all, train->n);
    size_t miss = 0;
    for (size_t i = 0; i < n; i++) {
        const char *c = test->rows[i].category;
        double m = c ? category_median(t, nt, c) : NAN;
        if (isnan(m)) {
            m = overall;
            miss++;
        }
        guesses[i] = m;
    }
    if (unknown) *unknown = miss;
    free(all);
    free(t);
    return PC_OK;
}

int pc_eval_score(struct pc_eval_result *r, const struct pc_eval_set *test, const double *guesses,
                  size_t n, struct pc_error *err)
{
    memset(r, 0, sizeof *r);
    if (n > test->n) return pc_error_set(err, PC_EINVAL, "%zu guesses for %zu items", n, test->n);
    r->items = calloc(n ? n : 1, sizeof *r->items);
    if (!r->items) return pc_error_set(err, PC_ENOMEM, "out of memory");
    r->n = n;
    double sum_err = 0, sum_sle = 0;
    for (size_t i = 0; i < n; i++) {
        struct pc_eval_item *it = &r->items[i];
        it->guess = guesses[i];
        it->truth = test->rows[i].price;
        if (it->guess <= -1 || it->truth <= -1) {
            pc_error_at(err, NULL, (int64_t)i + 1, -1);
            return pc_error_set(
                err, PC_ERANGE, "%s %.17g is at or below -1, where the Tester's log fails",
                it->guess <= -1 ? "guess" : "truth", it->guess <= -1 ? it->guess : it->truth);
        }
        it->error = fabs(it->guess - it->truth);
        double log_error = log(it->truth + 1) - log(it->guess + 1);
        it->sle = log_error * log_error;
        it->color = pc_eval_color_for(it->error, it->truth);
        r->colors[it->color]++;
        sum_err += it->error;
        sum_sle += it->sle;
    }
    if (n) {
        r->average_error = sum_err / (double)n;
        r->rmsle = sqrt(sum_sle / (double)n);
        r->hit_percent = (double)r->colors[PC_EVAL_GREEN] / (double)n * 100;
    }
    return PC_OK;
}

void pc_eval_result_release(struct pc_eval_result *r)
{
    free(r->items);
    memset(r, 0, sizeof *r);
}

int pc_eval_item_line(struct pc_buf *out, const struct pc_eval_result *r, size_t i,
                      const struct pc_eval_row *row)
{
    const struct pc_eval_item *it = &r->items[i];
    char g[48], t[48], e[48], s[48];
    TRY(pc_buf_printf(out, "%zu: Guess: $%s Truth: $%s Error: $%s SLE: %s Item: ", i + 1,
                      pc_fmt_fixed(it->guess, 2, 1, g), pc_fmt_fixed(it->truth, 2, 1, t),
                      pc_fmt_fixed(it->error, 2, 1, e), pc_fmt_fixed(it->sle, 2, 1, s)));
    return pc_eval_title(out, row);
}

int pc_eval_summary_line(struct pc_buf *out, const char *name, const struct pc_eval_result *r)
{
    char e[48], l[48], h[48];
    return pc_buf_printf(out, "%s Error=$%s RMSLE=%s Hits=%s%%", name,
                         pc_fmt_fixed(r->average_error, 2, 1, e), pc_fmt_fixed(r->rmsle, 2, 1, l),
                         pc_fmt_fixed(r->hit_percent, 1, 0, h));
}

int pc_eval_json(struct pc_buf *out, const struct pc_eval_result *r)
{
    char e[32], l[32], h[32];
    pc_py_float_repr(r->average_error, e);
    pc_py_float_repr(r->rmsle, l);
    pc_py_float_repr(r->hit_percent, h);
    /* json.dumps spells the non-finite floats NaN / Infinity */
    const char *ev = isnan(r->average_error) ? "NaN" : isinf(r->average_error) ? "Infinity" : e;
    const char *lv = isnan(r->rmsle) ? "NaN" : isinf(r->rmsle) ? "Infinity" : l;
    return pc_buf_printf(out,
                         "{\"items\": %zu, \"average_error\": %s, \"rmsle\": %s, \"hit_percent\": "
                         "%s, \"colors\": {\"green\": %zu, \"orange\": %zu, \"red\": %zu}}\n",
                         r->n, ev, lv, h, r->colors[0], r->colors[1], r->colors[2]);
}
