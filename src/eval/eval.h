/* Scoring price predictions the way the course's Tester does (SPEC §6.1): for each of the
 * first `size` test items, error = |guess - truth|, SLE = (ln(truth + 1) - ln(guess + 1))^2,
 * colour green when error < 40 or error / truth < 0.2, orange when error < 80 or
 * error / truth < 0.4, else red; the summary is the average error, RMSLE = sqrt(mean SLE)
 * and the percentage of green items. Sums run in item order with plain double additions,
 * as Python's sum() of floats does, so the figures are the notebook's to the last bit.
 *
 * Inputs are loaded whole (a test split is small; a train split is read for its prices and
 * categories only). Every loaded object has one owner and is not thread-safe. */
#ifndef PC_EVAL_EVAL_H
#define PC_EVAL_EVAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/error.h"

enum pc_eval_color { PC_EVAL_GREEN, PC_EVAL_ORANGE, PC_EVAL_RED };

/* "green", "orange", "red". */
const char *pc_eval_color_name(int color);

/* The Tester's colour of one guess (truth 0 makes error / truth infinite, never NaN-green). */
int pc_eval_color_for(double error, double truth);

/* One row of a test or train file. title and category may be NULL. */
struct pc_eval_row {
    double price;
    char *text;      /* the prompt (NULL when the set was loaded without text) */
    char *title;     /* printed title; NULL: taken from the prompt's first line */
    char *category;  /* NULL when the file has none */
    int64_t line;    /* line (JSONL) or row (Parquet) number, 1-based */
    uint64_t key[2]; /* pc_eval_text_key of the text (0, 0 without text), kept even when the
                        text itself is not */
};

struct pc_eval_set {
    struct pc_eval_row *rows;
    size_t n, cap;
};

enum { PC_EVAL_LOAD_TEXT = 1 }; /* pc_eval_set_load flags: keep each row's text */

/* Loads a split: a Parquet file (detected by its "PAR1" magic; columns text + price, as
 * pricer split writes it) or JSONL (.gz/.zst/.xz too), one object per line with a number
 * "price" (or "truth_price") and optionally "text" (or "test_prompt" / "prompt"), "title"
 * (or "title_prefix_as_printed") and "category". Empty lines are skipped. Errors:
 * PC_EFORMAT with err->file and err->line_no on the first bad line, PC_EIO, PC_ENOMEM.
 * The set is initialised here; free it with pc_eval_set_release (also after a failure). */
int pc_eval_set_load(struct pc_eval_set *s, const char *path, int flags, struct pc_error *err);
void pc_eval_set_release(struct pc_eval_set *s);

/* A 128-bit key of a text (two independent 64-bit hashes) for joining rows with items. */
void pc_eval_text_key(const char *s, size_t n, uint64_t key[2]);

/* Fills what rows lack from items files (pricer parse / curate output, one JSON object per
 * line with "test_prompt", "prompt", "category", "title"): a row whose text equals an item's
 * test_prompt or prompt gets that item's category when it has none and, when set_titles[i],
 * its title. sets[0..nsets) are joined in one pass over the items. *matched (may be NULL)
 * gets the number of rows that found an item. Lines that are not objects are skipped. Errors:
 * PC_EIO, PC_ENOMEM (err names the file). */
int pc_eval_join_items(struct pc_eval_set *const *sets, const int *set_titles, size_t nsets,
                       const char *const *items, size_t nitems, size_t *matched,
                       struct pc_error *err);

/* A row's title as the Tester prints it: row->title, else the line after the prompt's
 * "How much does this cost to the nearest dollar?\n\n" (or the first line of the text), cut
 * to 40 code points plus "..." when longer. Appends to out. */
int pc_eval_title(struct pc_buf *out, const struct pc_eval_row *row);

/* Predictions: one guess per line, aligned with the test file. A JSONL line is
 * {"price": number} or {"completion": "model text"} (price from pc_get_price); a CSV file
 * (name ending .csv, or a first line that is not a JSON object) has a header with a "price"
 * column, values read as Python float() does; line[i] is the file line of guess[i]. An empty
 * line is an error (it would shift every later guess). Errors: PC_EFORMAT with file and line,
 * PC_EIO. p is initialised here; release it with pc_eval_preds_release (also after a failure). */
struct pc_eval_preds {
    double *guess;
    int64_t *line;
    size_t n;
};
int pc_eval_preds_load(struct pc_eval_preds *p, const char *path, struct pc_error *err);
void pc_eval_preds_release(struct pc_eval_preds *p);

/* Baselines. Random: CPython random.seed(seed), then randrange(1, 1000) per item in order.
 * Constant: every guess = value. Category median: the median train price of the test item's
 * category (numpy/statistics median: the mean of the middle two for an even count); a test
 * item whose category is unknown or absent from train gets the median of all train prices.
 * guesses[0..n) are written. pc_eval_train_mean is Python's sum(prices) / len(prices). */
void pc_eval_baseline_random(double *guesses, size_t n, uint64_t seed);
double pc_eval_train_mean(const struct pc_eval_set *train);
/* PC_EINVAL when train is empty; PC_ENOMEM. *unknown (may be NULL) counts test items that got
 * the overall median. */
int pc_eval_baseline_category_median(double *guesses, const struct pc_eval_set *test, size_t n,
                                     const struct pc_eval_set *train, size_t *unknown,
                                     struct pc_error *err);

/* The scored items and the summary. */
struct pc_eval_item {
    double guess, truth, error, sle;
    int color;
};

struct pc_eval_result {
    struct pc_eval_item *items;
    size_t n;
    double average_error, rmsle, hit_percent;
    size_t colors[3]; /* by enum pc_eval_color */
};

/* Scores guesses[0..n) against test->rows[0..n) (n <= test->n). A guess at or below -1
 * (the Tester's log would fail) is PC_ERANGE with the item index in err->line_no (1-based);
 * the caller names the predictions line. PC_ENOMEM. */
int pc_eval_score(struct pc_eval_result *r, const struct pc_eval_set *test, const double *guesses,
                  size_t n, struct pc_error *err);
void pc_eval_result_release(struct pc_eval_result *r);

/* The Tester's line for item i (0-based), without colour codes or newline:
 * "1: Guess: $655.00 Truth: $374.41 Error: $280.59 SLE: 0.31 Item: OEM AC ...". */
int pc_eval_item_line(struct pc_buf *out, const struct pc_eval_result *r, size_t i,
                      const struct pc_eval_row *row);

/* The Tester's chart title: "NAME Error=$340.74 RMSLE=1.72 Hits=11.6%". */
int pc_eval_summary_line(struct pc_buf *out, const char *name, const struct pc_eval_result *r);

/* {"items": N, "average_error": x, "rmsle": y, "hit_percent": z, "colors": {"green": g,
 * "orange": o, "red": r}} (Python json.dumps spelling of the floats) plus a newline. */
int pc_eval_json(struct pc_buf *out, const struct pc_eval_result *r);

/* A self-contained HTML page (inline SVG and CSS, no scripts): the summary, the Tester's
 * scatter (x = ground truth, y = model estimate, both from 0 to the largest value, the
 * y = x line, points coloured by hit) and a histogram of the absolute errors stacked by
 * colour, and the worst items. name is the predictor's title ("Random Pricer"). */
int pc_eval_html(struct pc_buf *out, const char *name, const char *source,
                 const struct pc_eval_result *r, const struct pc_eval_set *test);

#endif
