/* Reading the JSONL files the report and the assessment look at (plain, .gz, .zst or .xz,
 * through io/reader.h and io/lines.h), and a view of one items / split record.
 * Items lines (docs/formats.md): category, title, price, token_count, parent_asin, prompt,
 * test_prompt, source. Split lines: text, price. Keys are looked up by name. */
#ifndef PC_DATASET_RECORDS_H
#define PC_DATASET_RECORDS_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "json/json.h"

enum pc_rec_field {
    PC_RF_CATEGORY,
    PC_RF_TITLE,
    PC_RF_PRICE,
    PC_RF_TOKENS,
    PC_RF_ASIN,
    PC_RF_PROMPT,
    PC_RF_TEST_PROMPT,
    PC_RF_SOURCE,
    PC_RF_TEXT,
    PC_RF_COUNT
};
/* JSON key of each field ("category", ..., "text"). */
extern const char *const pc_rec_field_names[PC_RF_COUNT];

/* Field state: PC_RS_OK, or why it cannot be used. */
enum { PC_RS_OK = 0, PC_RS_MISSING, PC_RS_NULL, PC_RS_EMPTY, PC_RS_BADTYPE };

struct pc_rec_str {
    const char *s; /* NULL unless state OK (or EMPTY: "") */
    size_t len;
};

/* One record; strings point into the pc_json_doc it was parsed with. */
struct pc_rec {
    uint8_t state[PC_RF_COUNT];
    struct pc_rec_str str[PC_RF_COUNT]; /* string fields */
    double price;                       /* valid when state[PC_RF_PRICE] == OK */
    int64_t token_count;                /* valid when state[PC_RF_TOKENS] == OK */
};

/* Parses one line into r. PC_EFORMAT (err: message, byte offset) when the line is not a
 * JSON object. A price that is not a finite number, or a non-integer token_count, is
 * PC_RS_BADTYPE. */
int pc_rec_parse(struct pc_json_doc *doc, const char *line, size_t len, struct pc_rec *r,
                 struct pc_error *err);
/* As pc_rec_parse, but the records parsed before into doc stay valid (pc_json_parse_more)
 * until pc_json_doc_clear: one doc for a batch of lines. */
int pc_rec_parse_more(struct pc_json_doc *doc, const char *line, size_t len, struct pc_rec *r,
                      struct pc_error *err);

/* The prompt body: the text between the question line ("...?\n\n", when present) and the
 * first "\n\nPrice is $" (or "Price is $" at the start of a line), i.e. what the item's
 * description turned into. */
void pc_rec_body(const char *prompt, size_t len, const char **body, size_t *body_len);

/* Whether a line is blank (spaces and tabs only): pc_rec_scan skips those. */
int pc_rec_blank(const char *line, size_t len);
/* The message pc_rec_scan gives a line that pc_rec_parse refused with perr (n bytes). */
void pc_rec_bad_message(const struct pc_error *perr, char *msg, size_t n);

/* Streams the items or split JSONL file at path: calls rec(ctx, r, line_no) for each
 * parsed record and bad(ctx, line_no, message) for each line that is not a JSON object
 * (blank lines are ignored). A callback's non-zero return stops the scan and is returned.
 * I/O problems return PC_EIO / PC_EFORMAT (corrupt or truncated compressed data) / PC_ETOOBIG
 * (a line longer than 256 MiB) with err naming file and line. */
typedef int (*pc_rec_fn)(void *ctx, const struct pc_rec *r, int64_t line_no);
typedef int (*pc_rec_bad_fn)(void *ctx, int64_t line_no, const char *message);
int pc_rec_scan(const char *path, pc_rec_fn rec, pc_rec_bad_fn bad, void *ctx,
                struct pc_error *err);
#endif
