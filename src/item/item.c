#define _GNU_SOURCE
#include "item/item.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/scrub.h"
#include "text/utf8.h"

#define PC_LINE_BUF_MAX ((size_t)256 << 20) /* cap of every per-record buffer */

struct pc_item_ctx {
    struct pc_item_opts opts;
    int cleanup;       /* resolved: 0 or 1 */
    int no_surrogates; /* set by pc_item_from_line: the line held no lone surrogate */
    const struct pc_tok *tok;
    struct pc_tok_scratch *ts;
    struct pc_json_doc *doc;
    struct pc_buf contents, details, text, scratch, decoded, prompt;
    struct pc_ids ids;
};

void pc_item_opts_init(struct pc_item_opts *o)
{
    o->min_chars = 300;
    o->ceiling_chars = 1120;
    o->min_tokens = 150;
    o->max_tokens = 160;
    o->min_price = 0.5;
    o->max_price = 999.49;
    o->question = "How much does this cost to the nearest dollar?";
    o->prefix = "Price is $";
    o->cleanup = -1;
    o->truncate = PC_TRUNC_TOKENS;
}

int pc_truncate_parse(const char *s)
{
    if (!strcmp(s, "tokens")) return PC_TRUNC_TOKENS;
    if (!strcmp(s, "words")) return PC_TRUNC_WORDS;
    if (!strcmp(s, "sentences")) return PC_TRUNC_SENTENCES;
    return -1;
}

struct pc_item_ctx *pc_item_ctx_new(const struct pc_tok *tok, const struct pc_item_opts *opts)
{
    struct pc_item_ctx *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->opts = *opts;
    c->tok = tok;
    c->cleanup = opts->cleanup < 0 ? (tok ? pc_tok_cleanup_default(tok) : 1) : !!opts->cleanup;
    c->doc = pc_json_doc_new();
    c->ts = pc_tok_scratch_new();
    if (!c->doc || !c->ts) {
        pc_item_ctx_free(c);
        return NULL;
    }
    struct pc_buf *bufs[] = {&c->contents, &c->details, &c->text,
                             &c->scratch,  &c->decoded, &c->prompt};
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++) pc_buf_init(bufs[i], PC_LINE_BUF_MAX);
    return c;
}

void pc_item_ctx_free(struct pc_item_ctx *c)
{
    if (!c) return;
    pc_json_doc_free(c->doc);
    pc_tok_scratch_free(c->ts);
    pc_buf_release(&c->contents);
    pc_buf_release(&c->details);
    pc_buf_release(&c->text);
    pc_buf_release(&c->scratch);
    pc_buf_release(&c->decoded);
    pc_buf_release(&c->prompt);
    pc_ids_release(&c->ids);
    free(c);
}

/* SPEC §2 REMOVALS, in this order. */
static const struct {
    const char *s;
    size_t n;
} removals[] = {
#define R(lit)                                                                                     \
    {                                                                                              \
        lit, sizeof(lit) - 1                                                                       \
    }
    R("\"Batteries Included?\": \"No\""),
    R("\"Batteries Included?\": \"Yes\""),
    R("\"Batteries Required?\": \"No\""),
    R("\"Batteries Required?\": \"Yes\""),
    R("By Manufacturer"),
    R("Item"),
    R("Date First"),
    R("Package"),
    R(":"),
    R("Number of"),
    R("Best Sellers"),
    R("Number"),
    R("Product "),
#undef R
};

size_t pc_item_removals(char *s, size_t n)
{
    /* The first four patterns all start with "Batteries and come first, so when the string
     * has none, those passes (whose input is then the string itself) change nothing. */
    size_t i = memmem(s, n, "\"Batteries ", 11) ? 0 : 4;
    for (; i < sizeof removals / sizeof removals[0]; i++)
        n = pc_replace_shrink(s, n, removals[i].s, removals[i].n, "", 0);
    return n;
}

/* "\n".join(list) + "\n" when the joined string is non-empty (SPEC §2 steps 1-2). */
static int join_list(const struct pc_json_val *list, struct pc_buf *out)
{
    if (!list || list->type != PC_JSON_ARRAY) return PC_EFORMAT;
    for (uint32_t i = 0; i < list->len; i++)
        if (list->u.items[i].type != PC_JSON_STRING) return PC_EFORMAT;
    size_t start = out->len;
    int rc;
    for (uint32_t i = 0; i < list->len; i++) {
        const struct pc_json_val *s = &list->u.items[i];
        if (i && (rc = pc_buf_putc(out, '\n')) != PC_OK) return rc;
        if ((rc = pc_buf_append(out, s->u.str, s->len)) != PC_OK) return rc;
    }
    if (out->len > start && (rc = pc_buf_putc(out, '\n')) != PC_OK) return rc;
    return PC_OK;
}

int pc_item_contents(const struct pc_record *rec, struct pc_buf *out, struct pc_buf *tmp)
{
    int rc;
    if ((rc = pc_buf_reserve(out, 0)) != PC_OK) return rc;
    if ((rc = join_list(rec->description, out)) != PC_OK) return rc;
    if ((rc = join_list(rec->features, out)) != PC_OK) return rc;
    if (rec->details) {
        /* json.dumps never gives an empty string, so details (even "{}"/"null") counts. */
        pc_buf_reset(tmp);
        if ((rc = pc_json_dump_py(tmp, rec->details)) != PC_OK) return rc;
        if (tmp->len > 0) {
            size_t n = pc_item_removals(tmp->data, tmp->len);
            if ((rc = pc_buf_append(out, tmp->data, n)) != PC_OK) return rc;
            if ((rc = pc_buf_putc(out, '\n')) != PC_OK) return rc;
        }
    }
    return PC_OK;
}

static int fail_code(int rc, struct pc_error *err, const char *what)
{
    if (rc == PC_ETOOBIG) return PC_OUT_LINE_TOO_LONG;
    return pc_error_set(err, rc, "%s: %s", what, pc_strerror(rc));
}

/* Byte length of the longest common prefix of a[0..an) and b[0..bn). */
static size_t common_prefix(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i = 0, n = an < bn ? an : bn;
    while (i < n && a[i] == b[i]) i++;
    return i;
}

/* --truncate words/sentences: the byte length of text to keep, given that the first
 * max_tokens ids decode (without clean-up) to raw. Returns 0 to keep the token cut. */
static size_t soft_cut(const char *text, size_t tn, const char *raw, size_t rn, int mode)
{
    size_t p = common_prefix(raw, rn, text, tn);
    if (p == rn && p < tn && (text[p] == ' ' || text[p] == '\n')) {
        /* the token cut already ends a word */
    } else {
        while (p > 0 && text[p - 1] != ' ' && text[p - 1] != '\n') p--;
        if (p == 0) return 0;
    }
    while (p > 0 && text[p - 1] == ' ') p--;
    if (p == 0) return 0;
    if (mode == PC_TRUNC_SENTENCES) {
        const char *nl = memchr(text, '\n', p);
        size_t body = nl ? (size_t)(nl - text) + 1 : 0;
        for (size_t q = p; q > body; q--) {
            char ch = text[q - 1];
            if ((ch == '.' || ch == '!' || ch == '?') && (q == p || text[q] == ' ')) return q;
        }
    }
    return p;
}

size_t pc_item_round_price(double price, char *out)
{
    /* SPEC §2 step 9: Python round() = half to even on the binary double = rint. */
    double r = rint(price);
    if (r == 0) r = 0; /* -0.0 prints as "0", like Python's int */
    int n = snprintf(out, 400, "%.0f", r);
    return n < 0 ? 0 : (size_t)n;
}

static int build_prompt(struct pc_item_ctx *c, const char *text, size_t tn, double price)
{
    struct pc_buf *p = &c->prompt;
    pc_buf_reset(p);
    int rc;
    if ((rc = pc_buf_puts(p, c->opts.question)) != PC_OK) return rc;
    if ((rc = pc_buf_append(p, "\n\n", 2)) != PC_OK) return rc;
    if ((rc = pc_buf_append(p, text, tn)) != PC_OK) return rc;
    if ((rc = pc_buf_append(p, "\n\n", 2)) != PC_OK) return rc;
    if ((rc = pc_buf_puts(p, c->opts.prefix)) != PC_OK) return rc;
    char r[400];
    size_t n = pc_item_round_price(price, r);
    if ((rc = pc_buf_append(p, r, n)) != PC_OK) return rc;
    return pc_buf_append(p, ".00", 3);
}

int pc_item_from_record(struct pc_item_ctx *c, const struct pc_record *rec, struct pc_item *it,
                        struct pc_line_info *info, struct pc_error *err)
{
    const struct pc_item_opts *o = &c->opts;
    int rc;
    if (!rec->title || rec->title->type != PC_JSON_STRING) return PC_OUT_BAD_FIELD;
    pc_buf_reset(&c->contents);
    rc = pc_item_contents(rec, &c->contents, &c->details);
    if (rc == PC_EFORMAT) return PC_OUT_BAD_FIELD;
    if (rc != PC_OK) return fail_code(rc, err, "contents");
    size_t chars = pc_utf8_count(c->contents.data, c->contents.len);
    if (info) info->chars = chars;
    if (chars <= o->min_chars) return PC_OUT_TOO_SHORT;                              /* step 4 */
    size_t cn = pc_utf8_prefix(c->contents.data, c->contents.len, o->ceiling_chars); /* step 5 */

    /* Step 6. */
    struct pc_buf *t = &c->text;
    pc_buf_reset(t);
    if ((rc = pc_scrub(rec->title->u.str, rec->title->len, t, &c->scratch)) != PC_OK ||
        (rc = pc_buf_putc(t, '\n')) != PC_OK ||
        (rc = pc_scrub(c->contents.data, cn, t, &c->scratch)) != PC_OK)
        return fail_code(rc, err, "text");
    /* Only an escaped lone surrogate can make the text invalid (the parser rejects bad
     * UTF-8), so the check is skipped when the line had none. */
    if (!c->no_surrogates && !pc_utf8_valid(t->data, t->len, NULL)) return PC_OUT_BAD_TEXT;

    /* Step 7. */
    c->ids.len = 0;
    if ((rc = pc_tok_encode(c->tok, c->ts, t->data, t->len, &c->ids)) != PC_OK)
        return pc_error_set(err, rc, "cannot tokenize the text: %s", pc_strerror(rc));
    size_t ntok = c->ids.len;
    if (ntok <= o->min_tokens) return PC_OUT_FEW_TOKENS;

    /* Step 8. */
    size_t keep = ntok < o->max_tokens ? ntok : o->max_tokens;
    struct pc_buf *d = &c->decoded;
    pc_buf_reset(d);
    if (o->truncate != PC_TRUNC_TOKENS && ntok > o->max_tokens) {
        if ((rc = pc_tok_decode(c->tok, c->ids.ids, keep, 0, d, err)) != PC_OK) return rc;
        size_t cut = soft_cut(t->data, t->len, d->data, d->len, o->truncate);
        if (cut > 0) {
            pc_buf_reset(d);
            rc = c->cleanup ? pc_tok_cleanup(t->data, cut, d) : pc_buf_append(d, t->data, cut);
            if (rc != PC_OK) return fail_code(rc, err, "text");
        } else {
            pc_buf_reset(d);
            if ((rc = pc_tok_decode(c->tok, c->ids.ids, keep, c->cleanup, d, err)) != PC_OK)
                return rc;
        }
    } else {
        if ((rc = pc_tok_decode(c->tok, c->ids.ids, keep, c->cleanup, d, err)) != PC_OK) return rc;
    }
    if ((rc = pc_buf_reserve(d, 0)) != PC_OK) return fail_code(rc, err, "text");

    /* Steps 9-10. */
    if ((rc = build_prompt(c, d->data, d->len, rec->price_value)) != PC_OK)
        return fail_code(rc, err, "prompt");
    size_t count = 0;
    if ((rc = pc_tok_count(c->tok, c->ts, c->prompt.data, c->prompt.len, &count)) != PC_OK)
        return pc_error_set(err, rc, "cannot tokenize the prompt: %s", pc_strerror(rc));

    size_t plen = strlen(o->prefix);
    const char *hit = memmem(c->prompt.data, c->prompt.len, o->prefix, plen);
    it->title = rec->title->u.str;
    it->title_len = rec->title->len;
    it->price = rec->price_value;
    it->prompt = c->prompt.data;
    it->prompt_len = c->prompt.len;
    it->test_prompt_len = hit ? (size_t)(hit - c->prompt.data) + plen : c->prompt.len;
    it->token_count = count;
    it->parent_asin = NULL;
    it->parent_asin_len = 0;
    if (rec->parent_asin && rec->parent_asin->type == PC_JSON_STRING) {
        it->parent_asin = rec->parent_asin->u.str;
        it->parent_asin_len = rec->parent_asin->len;
    }
    it->details = NULL;
    it->details_len = 0;
    if (rec->details) { /* the contents step is done with c->details: reuse it */
        pc_buf_reset(&c->details);
        if ((rc = pc_record_details_str(rec, &c->details)) != PC_OK)
            return fail_code(rc, err, "details");
        it->details = c->details.data;
        it->details_len = c->details.len;
    }
    it->text_chars = chars;
    it->text_tokens = ntok;
    return PC_OUT_KEPT;
}

/* Why a line did not parse: the most specific reason first. */
int pc_line_invalid_reason(const char *line, size_t len)
{
    size_t bad;
    if (!pc_utf8_valid(line, len, &bad)) return PC_OUT_INVALID_UTF8;
    if (memchr(line, '\0', len)) return PC_OUT_NUL_BYTE;
    return PC_OUT_INVALID_JSON;
}

int pc_line_invalid_explain(const char *line, size_t len, const char *json_msg, long long json_byte,
                            char *msg, size_t cap)
{
    size_t bad = 0;
    if (!pc_utf8_valid(line, len, &bad)) {
        snprintf(msg, cap, "invalid UTF-8 at byte %zu", bad + 1);
        return PC_OUT_INVALID_UTF8;
    }
    const char *nul = memchr(line, '\0', len);
    if (nul) {
        snprintf(msg, cap, "NUL byte at byte %zu", (size_t)(nul - line) + 1);
        return PC_OUT_NUL_BYTE;
    }
    snprintf(msg, cap, "%.100s at byte %lld", json_msg, json_byte);
    return PC_OUT_INVALID_JSON;
}

int pc_item_from_line(struct pc_item_ctx *c, const char *line, size_t len, struct pc_item *it,
                      struct pc_line_info *info, struct pc_error *err)
{
    struct pc_line_info dummy;
    if (!info) info = &dummy;
    info->priced = 0;
    info->price = 0;
    info->chars = 0;
    info->root = NULL;
    info->message[0] = '\0';
    if (len == 0) return PC_OUT_EMPTY_LINE;
    const struct pc_json_val *root = NULL;
    struct pc_error perr;
    pc_error_clear(&perr);
    int rc = pc_json_parse(c->doc, line, len, &root, &perr);
    if (rc == PC_ENOMEM) return pc_error_set(err, rc, "out of memory parsing a line");
    if (rc == PC_ETOOBIG) {
        snprintf(info->message, sizeof info->message, "line too big to parse (%zu bytes)", len);
        return PC_OUT_LINE_TOO_LONG;
    }
    if (rc != PC_OK) {
        return pc_line_invalid_explain(
            line, len, perr.message[0] ? perr.message : pc_strerror(rc),
            (long long)(perr.byte_offset >= 0 ? perr.byte_offset + 1 : 0), info->message,
            sizeof info->message);
    }
    info->root = root;
    struct pc_record rec;
    int o = pc_record_from_json(root, &rec);
    if (o != PC_OUT_KEPT) {
        snprintf(info->message, sizeof info->message, "%s", pc_outcome_desc(o));
        return o;
    }
    o = pc_record_price(&rec, c->opts.min_price, c->opts.max_price, &info->priced);
    info->price = rec.price_value;
    if (o != PC_OUT_KEPT) return o;
    c->no_surrogates = !c->doc->lone_surrogates;
    o = pc_item_from_record(c, &rec, it, info, err);
    c->no_surrogates = 0;
    if (o >= 0 && pc_outcome_invalid(o))
        snprintf(info->message, sizeof info->message, "%s", pc_outcome_desc(o));
    return o;
}
