/* The item rules (SPEC §2): from a loader record to an item with its prompt, exactly as the
 * reference builds them, plus options beyond the reference (each defaulting to the reference
 * value).
 *
 * A struct pc_item_ctx is per-thread working memory (JSON doc, tokenizer scratch, buffers):
 * create one per worker, reuse it for every line. The tokenizer itself is shared read-only.
 * Items returned point into the context and stay valid until its next use. */
#ifndef PC_ITEM_ITEM_H
#define PC_ITEM_ITEM_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/error.h"
#include "item/outcome.h"
#include "item/record.h"
#include "tok/tok.h"

/* How the text is cut to max_tokens (SPEC §2 step 8 is PC_TRUNC_TOKENS). */
enum pc_truncate {
    PC_TRUNC_TOKENS,   /* reference: decode(first max_tokens ids), may cut mid-word */
    PC_TRUNC_WORDS,    /* end at the last whole word within the token limit */
    PC_TRUNC_SENTENCES /* end at the last sentence end (. ! ?) within it, else as WORDS */
};

struct pc_item_opts {
    size_t min_chars;     /* 300: contents of <= this many code points are too short */
    size_t ceiling_chars; /* 1120: contents cut to this many code points */
    size_t min_tokens;    /* 150: texts of <= this many tokens are dropped */
    size_t max_tokens;    /* 160: texts cut to this many tokens */
    double min_price;     /* 0.5 (inclusive) */
    double max_price;     /* 999.49 (inclusive) */
    const char *question; /* "How much does this cost to the nearest dollar?" */
    const char *prefix;   /* "Price is $" */
    int cleanup;          /* decode clean-up: 1 on, 0 off, -1 auto (tokenizer's config) */
    int truncate;         /* enum pc_truncate */
};

/* Fills o with the reference profile (SPEC §2 constants; cleanup -1 = auto, which is on for
 * Llama 3.1). */
void pc_item_opts_init(struct pc_item_opts *o);

/* "tokens" / "words" / "sentences" -> enum pc_truncate, or -1. */
int pc_truncate_parse(const char *s);

/* A kept item; strings are views into the context (not NUL-terminated unless stated). */
struct pc_item {
    const char *title; /* raw title (UTF-8) */
    size_t title_len;
    double price;
    const char *prompt; /* NUL-terminated */
    size_t prompt_len;
    size_t test_prompt_len; /* test_prompt = prompt[0..test_prompt_len) (SPEC §2) */
    size_t token_count;
    const char *parent_asin; /* NULL when missing or not a string */
    size_t parent_asin_len;
    const char *details; /* the loader's details string (SPEC §1.1: json.dumps of the
                            record's details); NULL when the record has none */
    size_t details_len;
    size_t text_chars;  /* code points of contents before the ceiling cut */
    size_t text_tokens; /* tokens of the text before the max_tokens cut */
};

struct pc_item_ctx;

/* Creates a context for one thread. tok must stay alive while the context is used; opts is
 * copied. NULL on allocation failure. */
struct pc_item_ctx *pc_item_ctx_new(const struct pc_tok *tok, const struct pc_item_opts *opts);
void pc_item_ctx_free(struct pc_item_ctx *c); /* accepts NULL */

/* Per-line facts the statistics need besides the outcome. */
struct pc_line_info {
    int priced;   /* the price parsed as a float */
    double price; /* when priced */
    size_t chars; /* code points of contents (0 when not reached) */
    /* The line parsed as JSON (any type), or NULL when it did not parse: owned by the item
     * context and valid until its next call, so a caller can look at the same record
     * without parsing the line again. */
    const struct pc_json_val *root;
    char message[160]; /* for invalid lines: what is wrong (e.g. the JSON error and column) */
};

/* Runs one raw line through the loader (SPEC §1.1-§1.2) and the item rules (SPEC §2).
 * Returns an enum pc_outcome (PC_OUT_KEPT: *it is filled), or a negative pc_code on a
 * failure that is not the line's fault (out of memory, tokenizer error; err filled). */
int pc_item_from_line(struct pc_item_ctx *c, const char *line, size_t len, struct pc_item *it,
                      struct pc_line_info *info, struct pc_error *err);

/* Why a line that failed to parse as JSON is invalid: PC_OUT_INVALID_UTF8, PC_OUT_NUL_BYTE
 * or PC_OUT_INVALID_JSON (the most specific first). */
int pc_line_invalid_reason(const char *line, size_t len);

/* pc_line_invalid_reason, plus the message that goes with the reason into msg (cap bytes):
 * "invalid UTF-8 at byte N" / "NUL byte at byte N" (1-based), or for invalid JSON
 * "<json_msg> at byte <json_byte>" (json_byte 1-based; the JSON parser's message). */
int pc_line_invalid_explain(const char *line, size_t len, const char *json_msg, long long json_byte,
                            char *msg, size_t cap);

/* The item rules alone on a converted record whose price is already in the window
 * (rec->price_value set). Same returns as pc_item_from_line. */
int pc_item_from_record(struct pc_item_ctx *c, const struct pc_record *rec, struct pc_item *it,
                        struct pc_line_info *info, struct pc_error *err);

/* SPEC §2 steps 1-3: appends the contents string (description, features, details after the
 * REMOVALS) to out. PC_EFORMAT when description or features is missing or not a list of
 * strings (the reference would fail on it). details_tmp is scratch. */
int pc_item_contents(const struct pc_record *rec, struct pc_buf *out, struct pc_buf *details_tmp);

/* SPEC §2 step 3: the 13 REMOVALS in order, in place on s[0..n); returns the new length. */
size_t pc_item_removals(char *s, size_t n);

/* Writes R of SPEC §2 step 9 into out (>= 400 bytes): the price rounded half to even on
 * the binary double (C rint), as an integer ("0" for 0.5, "2" for 2.5, "999" for 999.49).
 * Returns its length. */
size_t pc_item_round_price(double price, char *out);

/* Appends the JSON object line of an item (docs/formats.md), ending in '\n'. source is
 * "FILE:LINE" or NULL. "details" (string or null) comes last, after "source". */
int pc_item_write_json(struct pc_buf *out, const char *category, const struct pc_item *it,
                       const char *source);

#endif
