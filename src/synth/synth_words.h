/* Word lists of the synthetic catalogue generator (internal to src/synth/).
 * Every string is stored ALREADY ESCAPED as Python json.dumps writes it (ASCII only, code
 * points >= 0x7F as lowercase \uXXXX, astral ones as surrogate pairs, '"' as \"), so the
 * generator can copy fragments straight into a line. Templates contain placeholders
 * {N} noun, {A} adjective, {B} brand, {M} material, {U} use, {C} colour, {D} a number,
 * {P} a part number with digits, {S} a size. */
#ifndef PC_SYNTH_SYNTH_WORDS_H
#define PC_SYNTH_SYNTH_WORDS_H

#include <stdint.h>

struct pc_synth_list {
    const char *const *v;
    uint32_t n;
};

struct pc_synth_cat {
    const char *name;          /* file name part: meta_<name>.jsonl */
    const char *main_category; /* the "main_category" value */
    double share;              /* share of the catalogue (real file sizes) */
    double median, sigma;      /* log-normal price: median dollars, sigma of ln(price) */
    double p_null;             /* probability of a null price */
    const char *rank_top;      /* top-level "Best Sellers Rank" key */
    struct pc_synth_list nouns, adjs, brands, uses, subcats, features;
};

extern const struct pc_synth_cat pc_synth_cats[];

/* Shared lists. */
extern const struct pc_synth_list pc_synth_sentences; /* description sentence templates */
extern const struct pc_synth_list pc_synth_generic_features;
extern const struct pc_synth_list pc_synth_materials;
extern const struct pc_synth_list pc_synth_colors;
extern const struct pc_synth_list pc_synth_months;
extern const struct pc_synth_list pc_synth_rare; /* rare non-ASCII snippets: CJK, emoji */
extern const struct pc_synth_list pc_synth_video_titles;

#endif
