/* Parsing raw catalogue records (Amazon Reviews 2023 meta_<Category>.jsonl lines, plain or
 * .gz/.zst/.xz) into items with prompts, exactly as the reference pipeline does, and writing
 * them as items JSONL (docs/formats.md: the lines `pricer parse` writes).
 *
 * Thread-safety: the functions are reentrant; one call may use several threads internally
 * (options.jobs). The tokenizer is shared read-only. */
#ifndef PRICER_PARSE_H
#define PRICER_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "pricer/error.h"
#include "pricer/tokenizer.h"

#ifdef __cplusplus
extern "C" {
#endif

/* How items are cut; reference values by pricer_parse_options_init. */
struct pricer_parse_options {
    size_t min_chars;     /* 300: contents of <= this many code points are too short */
    size_t ceiling_chars; /* 1120: contents cut to this many code points */
    size_t min_tokens;    /* 150: texts of <= this many tokens are dropped */
    size_t max_tokens;    /* 160: texts cut to this many tokens (>= 1) */
    double min_price;     /* 0.5, inclusive */
    double max_price;     /* 999.49, inclusive */
    const char *question; /* NULL = "How much does this cost to the nearest dollar?" */
    const char *prefix;   /* NULL = "Price is $" */
    int cleanup;          /* decode clean-up: 1 on, 0 off, -1 the tokenizer's config */
    const char *truncate; /* NULL or "tokens" (reference), "words", "sentences" */
    const char *category; /* NULL = from each file name meta_<Category>.jsonl[...] */
    int with_source;      /* 1: add "source": "FILE:LINE" to each item (default) */
    int jobs;             /* worker threads; 0 = one per core. Output identical for any value */
};

/* Fills o with the reference profile. */
PRICER_API void pricer_parse_options_init(struct pricer_parse_options *o);

/* What happened to the lines of all inputs. */
struct pricer_parse_stats {
    uint64_t lines;          /* lines read */
    uint64_t invalid;        /* not a loadable record (bad JSON, no images list, ...) */
    uint64_t priced;         /* the price parsed as a number */
    uint64_t in_window;      /* ... inside min_price..max_price */
    uint64_t too_short;      /* contents of min_chars or fewer code points */
    uint64_t too_few_tokens; /* text of min_tokens or fewer tokens */
    uint64_t kept;           /* items written */
};

/* Parses the files paths[0..n) in order and writes the items JSONL to output (a path,
 * written to a temporary file renamed into place on success; "-" = standard output).
 * Items come out in input order. tok NULL = the default tokenizer. st (may be NULL) gets the
 * counts (also on failure: what was done so far). Errors name the file (and line): an input
 * that cannot be opened or read (PRICER_EIO), no category for a file name (PRICER_EINVAL),
 * output not writable, bad options (PRICER_EINVAL). Invalid lines are not errors: they are
 * counted in st->invalid. Nothing is left at output on failure. */
PRICER_API int pricer_parse_files(const char *const *paths, size_t n, const char *output,
                                  const pricer_tokenizer *tok, const struct pricer_parse_options *o,
                                  struct pricer_parse_stats *st, struct pricer_error *err);

/* One raw record line[0..len) (a meta_*.jsonl line, without its newline) through the loader
 * and the item rules, as pricer_parse_files does for each line: when the record becomes an
 * item, *item gets its items JSONL line (malloc'd, NUL-terminated, no "source" key, no
 * newline; free with pricer_free); otherwise *item is NULL. *reason (may be NULL) gets the
 * outcome's stable key: "kept", or why the record is skipped ("invalid_json", "no_price",
 * "price_out_of_window", "too_short", "too_few_tokens", ...). o->category names the item's
 * category (NULL = ""). tok NULL = the default tokenizer (loaded for this call: pass one
 * when calling repeatedly). A skipped record is not an error; errors: PRICER_EINVAL (bad
 * options), PRICER_ENOMEM, tokenizer failures. Reentrant. */
PRICER_API int pricer_parse_record(const pricer_tokenizer *tok, const char *line, size_t len,
                                   const struct pricer_parse_options *o, char **item,
                                   const char **reason, struct pricer_error *err);

/* Category of a file name: "dir/meta_Gift_Cards.jsonl.gz" -> "Gift_Cards" (malloc'd; free
 * with pricer_free), or NULL when the name does not have that shape. */
PRICER_API char *pricer_category_from_path(const char *path);

#ifdef __cplusplus
}
#endif

#endif
