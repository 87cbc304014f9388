/* Data-quality assessment of items JSONL (parse/curate output) or a split folder
 * (train/test/validation.jsonl), streamed one record at a time with bounded memory:
 *  - unparseable lines; missing, null, empty or mistyped fields;
 *  - duplicate products (a parent_asin seen before; the title for records without one) and
 *    exact duplicate prompts (same body text, see pc_rec_body);
 *  - near-duplicate prompts: MinHash (64 buckets, word shingles, seed) + LSH banding
 *    (16 x 4), a pair counts when the estimated Jaccard similarity >= threshold;
 *  - train/test leakage (split folders), per test/validation record, over their number:
 *    exact when its body is also a train body (whatever order the parts are added in; the
 *    distinct bodies are counted too), near when a train body is at least as similar by
 *    the MinHash rule, each LSH candidate checked against every train member of its bucket;
 *    every exact leak is a near leak too;
 *  - price outliers per category: log(price) beyond Q1 - 3 IQR or Q3 + 3 IQR;
 *  - truncation of the body (the reference cuts at 160 tokens, SPEC §2 step 8): ends in
 *    U+FFFD (cut inside a character), ends in a space (cut before a number), ends inside a
 *    word (its last word, a run of letters, never appears as a whole word anywhere in the
 *    data: a Bloom filter of every whole word seen), or ends without closing punctuation;
 *  - category and price-range balance (compared with a "before" assessment when given).
 * Near-duplicate search indexes at most near_max records (~260 bytes each); the first
 * records are indexed, so read test/validation before train. Exact checks cover all.
 * Not thread-safe; one owner. */
#ifndef PC_ASSESS_ASSESS_H
#define PC_ASSESS_ASSESS_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "assess/minhash.h"
#include "dataset/records.h"

struct pc_assess_opts {
    uint64_t seed;    /* MinHash seed (default 42) */
    double threshold; /* near-duplicate Jaccard threshold (default 0.8) */
    int shingle;      /* words per shingle (default 5) */
    size_t near_max;  /* records indexed for near-duplicates (default 500,000; 0 = off) */
    size_t examples;  /* examples kept per finding (default 3, at most 10) */
    double iqr_k;     /* outlier fence factor (default 3) */
    /* threads pc_assess_finish may use (default 1): the near-duplicate search runs its LSH
     * bands on threads (at most 8, each with ~48 bytes per indexed record of buffers, fewer
     * when they would take more than 96 MiB) and the outliers beside it; the findings are
     * the same at any count */
    int threads;
    /* Optional (read by pc_assess_finish only): the CPU nanoseconds of the threads it
     * starts are added here, atomically, for callers that charge CPU by thread clock
     * (default NULL: not counted). */
    uint64_t *helper_ns;
    /* Records expected (default 0: unknown), a hint: the duplicate indexes are sized for them
     * at once instead of growing (each growth rehashes on the thread that adds records in
     * order); more records still fit; the findings are the same either way. */
    size_t expect;
    /* pc_assess_path calls progress(progress_ud, records read so far) every 4,096 records
     * and once at the end (default NULL: none). */
    void (*progress)(void *ud, uint64_t records);
    void *progress_ud;
};
void pc_assess_opts_default(struct pc_assess_opts *o);

enum pc_assess_mode { PC_ASSESS_ITEMS, PC_ASSESS_SPLIT };
/* Parts of a split folder (items use PC_PART_MAIN). */
enum { PC_PART_MAIN = 0, PC_PART_TEST = 1, PC_PART_VALIDATION = 2, PC_PART_COUNT = 3 };

struct pc_assess;

/* NULL on allocation failure. The Bloom filter takes 16 MiB. */
struct pc_assess *pc_assess_new(const struct pc_assess_opts *o, enum pc_assess_mode mode);
void pc_assess_free(struct pc_assess *a); /* accepts NULL */

/* Names the file of a part (for messages: "train.jsonl:12"). Copied. */
int pc_assess_set_file(struct pc_assess *a, int part, const char *name);

/* Adds one record of part read at line_no. PC_ENOMEM only. */
int pc_assess_add(struct pc_assess *a, int part, int64_t line_no, const struct pc_rec *r);
/* The per-record work of pc_assess_add that depends only on the record, a's options and
 * a's reuse source, done ahead on any thread (several threads at once on one assessment,
 * while the calling thread adds prepared records): where the body is, its hash and how it
 * ends, the product key's hash, the body's MinHash signature, and its words in the Bloom
 * filter (set atomically). recent is the calling thread's own cache of PC_ASSESS_RECENT
 * words (zeroed before its first use, then kept per assessment).
 * pc_assess_add_prepared then adds the record as pc_assess_add would, in input order: the
 * results are the same as without preparing. prep NULL: pc_assess_add. */
enum { PC_ASSESS_RECENT = 4096 };
struct pc_assess_prep {
    uint64_t body_hash;
    int has_body, has_sig, has_words; /* has_words: the body's words are in the filter */
    size_t body_off, body_len;        /* the body within the prompt (text) field */
    int key_f;                        /* duplicate-product key field (-1: none) */
    uint64_t key_hash;                /* and its hash (items only) */
    int end;                          /* how the body ends (assess.c) */
    uint64_t end_hash;                /* its last word's hash (when it ends in a letter) */
    struct pc_minhash sig;
};
void pc_assess_prepare(const struct pc_assess *a, const struct pc_rec *r, struct pc_assess_prep *p,
                       uint64_t *recent);
/* Hints the processor to fetch the index slots pc_assess_add_prepared will touch for prep, a
 * few records ahead of adding it (calling thread only; changes no result). */
void pc_assess_prefetch(const struct pc_assess *a, const struct pc_assess_prep *prep);
int pc_assess_add_prepared(struct pc_assess *a, int part, int64_t line, const struct pc_rec *r,
                           const struct pc_assess_prep *prep);

/* Counts a line that could not be parsed (msg is copied for the first examples). */
int pc_assess_add_bad(struct pc_assess *a, int part, int64_t line_no, const char *msg);

/* Computes the findings that need all records (near-duplicates, outliers, mid-word cuts).
 * Call once, after the last add. PC_ENOMEM only. */
int pc_assess_finish(struct pc_assess *a);

/* Reuses the MinHash signatures src computed (same shingle and seed, else a no-op): a body
 * src indexed (same 64-bit body hash, the key the exact-duplicate check trusts too) takes
 * its signature instead of computing it again. The pipeline's items, sample and split hold
 * the same bodies, so each assessment reuses the previous one's. src must have had its last
 * add and must stay alive and untrimmed until a's last add. PC_ENOMEM (then nothing is
 * reused; the results are the same either way). */
int pc_assess_reuse_sigs(struct pc_assess *a, const struct pc_assess *src);

/* Frees what only collection and pc_assess_finish need (hash sets, the Bloom filter,
 * per-category price lists and, unless keep_sigs, the signatures): a finished assessment
 * keeps only what its renderings and pc_assess_problems read (plus, with keep_sigs, what
 * pc_assess_reuse_sigs reads). Call after pc_assess_finish; without keep_sigs only after the
 * last assessment that reuses a's signatures has had its last add. May be called again. */
void pc_assess_trim(struct pc_assess *a, int keep_sigs);

/* Optional "before curation" assessment for the balance comparison (not owned; must
 * outlive a's rendering). */
void pc_assess_set_before(struct pc_assess *a, const struct pc_assess *before);

/* Number of problems found (records with any finding except balance): 0 for clean data. */
uint64_t pc_assess_problems(const struct pc_assess *a);

/* Renderings of the findings: plain text with Unicode histograms (for terminals), one
 * JSON object (machines), an HTML fragment (the report). */
int pc_assess_text(const struct pc_assess *a, struct pc_buf *out);
int pc_assess_json(const struct pc_assess *a, struct pc_buf *out);
int pc_assess_html(const struct pc_assess *a, struct pc_buf *out);

/* Assesses path, an items JSONL file or a split folder (its test.jsonl and
 * validation.jsonl are read before train.jsonl), into a new, finished assessment (*out,
 * free with pc_assess_free). Errors: PC_EIO/PC_ETOOBIG (err names file and line),
 * PC_ENOTFOUND (a folder without split files), PC_ENOMEM. */
int pc_assess_path(struct pc_assess **out, const char *path, const struct pc_assess_opts *o,
                   struct pc_error *err);

#endif
