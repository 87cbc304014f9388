/* What the report keeps of each stage while streaming its files: only numbers (histogram
 * bins, counters, a bounded point sample), never the records, so memory does not grow with
 * the input. Filled one line at a time; not thread-safe. */
#ifndef PC_REPORT_COLLECT_H
#define PC_REPORT_COLLECT_H

#include <stdint.h>

#include "core/buf.h"
#include "json/json.h"
#include "dataset/records.h"
#include "chart/stats.h"

/* Raw meta_<Category>.jsonl rows, seen as the reference's day-1 notebook saw them. */
struct pc_raw_stats {
    uint64_t lines, rows, skipped_json, skipped_media, priced, price_unparsable;
    struct pc_hist lengths;   /* content length of priced rows: 0..6000, bins of 100 */
    struct pc_hist prices;    /* prices > 0: $0..1000, bins of 10 */
    struct pc_catcount files; /* rows per input file name */
};
int pc_raw_stats_init(struct pc_raw_stats *s);
void pc_raw_stats_release(struct pc_raw_stats *s);
/* Adds one raw line of file `name`. Lines that are not JSON objects, or whose images/videos
 * are not lists of objects (the loader's rules, SPEC §1.1), are counted as skipped. */
int pc_raw_stats_add(struct pc_raw_stats *s, struct pc_json_doc *doc, const char *name,
                     const char *line, size_t len);

/* What the day-1 statistics make of one parsed line (root NULL: not JSON): one of the
 * PC_RAW_* classes; for PC_RAW_PRICED also *price (> 0) and *len (pc_raw_content_length). */
enum { PC_RAW_SKIPPED_JSON, PC_RAW_SKIPPED_MEDIA, PC_RAW_ROW, PC_RAW_UNPARSABLE, PC_RAW_PRICED };
int pc_raw_classify(const struct pc_json_val *root, double *price, uint64_t *len);

/* One batch of raw lines (the pipeline's single pass): counters plus the priced rows'
 * (price, length) in line order, merged into a pc_raw_stats in input order so the result is
 * the one pc_raw_stats_add gives line by line. Not thread-safe; one per batch. */
struct pc_raw_part {
    uint64_t lines, rows, skipped_json, skipped_media, priced, price_unparsable;
    double *prices;
    uint64_t *lens;
    size_t n, cap;
};
void pc_raw_part_reset(struct pc_raw_part *p);
void pc_raw_part_release(struct pc_raw_part *p);
/* One line, root as parsed (NULL when the line is not JSON). PC_ENOMEM. */
int pc_raw_part_add(struct pc_raw_part *p, const struct pc_json_val *root);
/* Adds the part's rows to s (file rows counted under name). PC_ENOMEM. */
int pc_raw_part_merge(struct pc_raw_stats *s, const char *name, const struct pc_raw_part *p);

/* Serialises s as one JSON object, and adds such an object into s (s initialised; several
 * loads merge files in call order). Histogram sums are exact (pc_xsum_dump text), other
 * doubles have 17 significant digits, so loading the files of N shards of an input gives
 * exactly the statistics of the unsharded input. PC_EFORMAT. */
int pc_raw_stats_dump(struct pc_buf *o, const struct pc_raw_stats *s);
int pc_raw_stats_load_add(struct pc_raw_stats *s, const struct pc_json_val *v);

/* The "content length" of a raw record as the reference computed it:
 * len(title + str(description) + str(features) + str(details)) in code points, where
 * details is the json.dumps string the loader made (or None). Exposed for tests. */
uint64_t pc_raw_content_length(const struct pc_json_val *rec);

/* Items (parse output) or a curated sample: same line format. */
struct pc_items_stats {
    uint64_t n, bad;
    struct pc_hist tokens; /* token_count: 0..300, bins of 1 */
    struct pc_hist prices; /* $0..1000, bins of 10 */
    struct pc_hist plen;   /* prompt length in code points (all values; bins unused) */
    struct pc_catcount cats;
    struct pc_catcount cat_price_sum_x100; /* sum of cents per category (for averages) */
    struct pc_points scatter;              /* (prompt length, price), at most 5,000 points */
};
int pc_items_stats_init(struct pc_items_stats *s);
void pc_items_stats_release(struct pc_items_stats *s);
/* Adds record r; chars: the prompt's length in code points when counted ahead (e.g. on a
 * worker thread, report/scan_par.h), -1 to count it here. */
void pc_items_stats_add(struct pc_items_stats *s, const struct pc_rec *r, int64_t chars);

/* One split file (train/test/validation.jsonl). */
struct pc_splitfile_stats {
    uint64_t n, bad;
    struct pc_hist prices;
    struct pc_hist tlen; /* text length in code points (0..2000, bins of 50) */
};
int pc_splitfile_stats_init(struct pc_splitfile_stats *s);
void pc_splitfile_stats_release(struct pc_splitfile_stats *s);
/* Adds record r; chars: the text's length in code points when counted ahead, -1 to count it
 * here. */
void pc_splitfile_stats_add(struct pc_splitfile_stats *s, const struct pc_rec *r, int64_t chars);

#endif
