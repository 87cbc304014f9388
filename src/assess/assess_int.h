/* Internal state of an assessment, shared by assess.c (collection) and assess_out.c
 * (renderings). Not part of the public interface. */
#ifndef PC_ASSESS_ASSESS_INT_H
#define PC_ASSESS_ASSESS_INT_H

#include "assess/assess.h"
#include "assess/minhash.h"
#include "chart/stats.h"

#define PC_AS_MAXEX 10
#define PC_AS_MAXFILES 255
#define PC_AS_RECENT_LOG2 12
#define PC_AS_RECENT (1 << PC_AS_RECENT_LOG2)
#define PC_AS_LINE(x) ((x) & (((int64_t)1 << 40) - 1))
#define PC_AS_FILE(x) ((int)((x) >> 40))

struct pc_as_ex {
    int part, part2;
    int64_t line, line2;
    double value;
    char text[160];
};

struct pc_as_finding {
    uint64_t count;
    size_t nex;
    struct pc_as_ex ex[PC_AS_MAXEX];
};

struct pc_as_set { /* open addressing: key 0 = empty */
    uint64_t *keys;
    int64_t *lines;
    uint8_t *mask;
    uint32_t *ntv; /* with_tv: test and validation records per key (2 per slot), else NULL */
    size_t cap, n;
    int with_tv;
};

struct pc_as_cat {
    char *name;
    size_t nlen; /* strlen(name) */
    float *lp;   /* log prices */
    size_t n, cap;
    struct pc_as_ex hi[3], lo[3]; /* highest / lowest prices (value = price) */
    size_t nhi, nlo;
    double q1, q3;
    uint64_t outliers;
};

struct pc_as_final {
    uint64_t h;
    int64_t line;
    uint8_t part;
};

enum { PC_AS_PRANGES = 7 };
extern const double pc_as_prange_edges[PC_AS_PRANGES + 1];

struct pc_assess {
    struct pc_assess_opts o;
    enum pc_assess_mode mode;
    char *files[PC_PART_COUNT];
    /* every file named with pc_assess_set_file; example lines carry the file's index in
     * their bits 40 and up (see PC_AS_LINE / PC_AS_FILE) */
    char *flist[PC_AS_MAXFILES];
    uint64_t fcount[PC_AS_MAXFILES];
    int nflist, cur[PC_PART_COUNT];
    uint64_t records, parts_n[PC_PART_COUNT];
    struct pc_as_finding bad;
    uint64_t field[PC_RF_COUNT][5];
    struct pc_as_finding field_ex[PC_RF_COUNT];
    struct pc_as_finding dup_asin, dup_exact, dup_near, leak_exact, leak_near;
    struct pc_as_finding fffd, trailing_space, midword, nopunct, nonpos_price, outliers;
    struct pc_as_set asins, bodies;
    uint64_t dup_key_asin, dup_key_title; /* records keyed by parent_asin / by title */
    /* exact leakage: test/validation records whose body is in train, per part, and the
     * distinct bodies involved; near leakage includes every exact one */
    uint64_t leak_part[PC_PART_COUNT], leak_bodies;
    struct pc_minhash *sigs;
    int64_t *sig_line;
    uint8_t *sig_part;
    uint64_t *sig_key; /* body hash of each indexed record */
    size_t nsig, sig_cap;
    uint64_t near_skipped;
    int sig_full; /* nsig reached near_max (read by pc_assess_prepare on other threads) */
    /* pc_assess_reuse_sigs: body hash -> index + 1 of src's signature (0 = empty slot) */
    const struct pc_assess *sig_src;
    uint32_t *sig_map;
    size_t sig_map_cap;
    uint8_t *bloom;
    struct pc_wordhash wordhash;   /* the Bloom filter's word hash (seed 7) */
    uint64_t recent[PC_AS_RECENT]; /* short words added lately (0: none; see assess.c) */
    struct pc_as_final *finals;
    size_t nfinal, final_cap;
    struct pc_as_ex cand[200]; /* first mid-word candidates with their text (value = hash) */
    uint64_t cand_h[200];
    size_t ncand;
    struct pc_as_cat *cats;
    size_t ncats;
    struct pc_catcount catcount;
    uint64_t prange[PC_AS_PRANGES];
    struct pc_hist prices, tokens;
    const struct pc_assess *before;
    int finished;
};

/* The signature a's reuse source (pc_assess_reuse_sigs) computed for body hash h, or NULL
 * (assess_mem.c). */
const struct pc_minhash *pc_as_reused_sig(const struct pc_assess *a, uint64_t h);

/* assess_index.c. The set: slot of key in s, or -1 when absent; pc_as_set_put inserts key
 * (growing s; PC_ENOMEM) and gives its slot, *found = 1 if it was there. */
int64_t pc_as_set_get(const struct pc_as_set *s, uint64_t key);
int pc_as_set_put(struct pc_as_set *s, uint64_t key, size_t *slot, int *found);
/* Sizes an empty s for n keys (no growth until more are put). PC_ENOMEM (s stays empty). */
int pc_as_set_reserve(struct pc_as_set *s, size_t n);
/* Frees a set's arrays and leaves it empty, of the same kind (with_tv). */
void pc_as_set_release(struct pc_as_set *s);
/* The Bloom filter of words (2^PC_AS_BLOOM_BITS_LOG2 bits at a->bloom): every whole word
 * (a letter run followed by a non-letter) of body b[0..n) is added (recent: the thread's
 * cache of short words just added; shared: other threads add to the filter at the same time,
 * so bits are set atomically); pc_as_bloom_has tests a word hash; pc_as_word_hash is the hash
 * of a word (pc_hash64 of it lower-cased, seed 7). */
#define PC_AS_BLOOM_BITS_LOG2 27                   /* 16 MiB */
static inline int pc_as_is_letter(unsigned char c) /* what a word is made of: ASCII letters */
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
void pc_as_bloom_words(const struct pc_assess *a, uint64_t *recent, int shared, const char *b,
                       size_t n);
int pc_as_bloom_has(const uint8_t *bloom, uint64_t h);
uint64_t pc_as_word_hash(const struct pc_assess *a, const char *s, size_t n);

/* Near duplicates within each part and near leakage of test/validation records into train,
 * over the indexed signatures; near leakage also counts every exact leak (assess_near.c).
 * Runs the LSH bands on up to o.threads threads, with the results of one thread: at most
 * PC_AS_NEAR_THREADS, and only as many as keep their buffers (about 48 bytes per indexed
 * record each) within PC_AS_NEAR_BUDGET bytes (one thread whatever it needs). PC_ENOMEM
 * only. */
#define PC_AS_NEAR_THREADS 8
#define PC_AS_NEAR_BUDGET ((size_t)96 << 20)
int pc_as_near_dups(struct pc_assess *a);
/* Adds the calling thread's CPU time so far to a->o.helper_ns (when set): the last call of a
 * thread that pc_assess_finish started (assess_near.c). */
void pc_as_helper_done(const struct pc_assess *a);

#endif
