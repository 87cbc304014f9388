#define _GNU_SOURCE /* memrchr */
/* pricer tokenize: encode, decode or count tokens of JSON lines with a tokenizer.json. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "opts.h"

static const char tokenize_help[] =
    "usage: pricer tokenize [--tokenizer SPEC] [--decode | --count] [--clean-up on|off|auto]\n"
    "                       [--add-special-tokens] [-j N] [-o FILE] [--stats] [FILE|-]\n"
    "\n"
    "Reads JSON lines (FILE or standard input) and writes one output line per input line.\n"
    "\n"
    "  (default)                 encode: each line is {\"text\": \"...\"} or a bare JSON\n"
    "                            string; prints the JSON array of ids, e.g. [9906, 1917] (no\n"
    "                            special tokens are added unless --add-special-tokens;\n"
    "                            special-token text such as <|eot_id|> is matched)\n";

static const char tokenize_tail[] =
    "\n"
    "The first bad line (invalid JSON, wrong shape, unknown id, or a line longer than\n"
    "256 MiB) stops the run with its line number and exit status 1; the lines before it are\n"
    "written.\n";

enum {
    O_COUNT = 1,
    O_DECODE,
    O_CLEANUP,
    O_TOKENIZER,
    O_CACHE,
    O_JOBS,
    O_THREADS,
    O_OUTPUT,
    O_STATS,
    O_VERBOSE,
    O_QUIET,
    O_HELP,
    O_ADD_SPECIAL
};

static const struct pc_opt tokenize_opts[] = {
    {O_COUNT, 0, "count", PC_OPT_FLAG, NULL,
     "prints the number of tokens of each line instead of the ids", NULL},
    {O_DECODE, 0, "decode", PC_OPT_FLAG, NULL,
     "each line is a JSON array of ids; prints the decoded text as a\n"
     "JSON string (Python json.dumps style, ASCII escapes)",
     NULL},
    {O_CLEANUP, 0, "clean-up", PC_OPT_VALUE, "MODE",
     "decode only: on, off, or auto (default: as the tokenizer's\n"
     "tokenizer_config.json says, clean_up_tokenization_spaces)",
     NULL},
    {O_ADD_SPECIAL, 0, "add-special-tokens", PC_OPT_FLAG, NULL,
     "encode and --count: add the special tokens of the tokenizer's\n"
     "post_processor, as add_special_tokens=True (<|begin_of_text|>...)",
     NULL},
    {O_TOKENIZER, 0, "tokenizer", PC_OPT_VALUE, "SPEC",
     "a tokenizer.json file, a folder holding one (and its\n"
     "tokenizer_config.json), or a Hugging Face model id (ORG/NAME) in the\n"
     "local hub cache; default: $PRICER_TOKENIZER, else the Llama 3.1\n"
     "tokenizer installed by ./setup.sh",
     NULL},
    {O_CACHE, 0, "tokenizer-cache", PC_OPT_VALUE, "DIR|off",
     "folder of compiled tokenizer images, which make later starts take\n"
     "milliseconds (default: $PRICER_TOKENIZER_CACHE, else\n"
     "$XDG_CACHE_HOME/pricer, else ~/.cache/pricer; off = none)",
     NULL},
    {O_JOBS, 'j', "jobs", PC_OPT_VALUE, "N",
     "worker threads (output order is always the input order; default 1)", NULL},
    {O_THREADS, 0, "threads", PC_OPT_VALUE, "N", "the same as --jobs", NULL},
    {O_OUTPUT, 'o', "output", PC_OPT_VALUE, "FILE",
     "write to FILE (atomically) instead of standard output", NULL},
    {O_STATS, 0, "stats", PC_OPT_FLAG, NULL,
     "print sizes, load time and throughput to standard error", NULL},
    {O_VERBOSE, 'v', "verbose", PC_OPT_FLAG, NULL, "--stats, and the tokenizer file used", NULL},
    {O_QUIET, 'q', "quiet", PC_OPT_FLAG, NULL, "no --stats summary", NULL},
    {O_HELP, 'h', "help", PC_OPT_FLAG, NULL, "show this help", NULL},
    {0, 0, NULL, 0, NULL, NULL, NULL},
};

static const struct pc_opt_cmd tokenize_cmd = {"tokenize", tokenize_help, tokenize_tail,
                                               tokenize_opts};

enum { MODE_ENCODE, MODE_COUNT, MODE_DECODE };

struct tz_worker {
    const struct pc_tok *tok;
    int mode, cleanup;
    unsigned flags;       /* PC_TOK_ADD_SPECIAL with --add-special-tokens */
    const char *buf;      /* batch text */
    const size_t *starts; /* line i is buf[starts[i] .. starts[i+1]-1) (newline excluded) */
    size_t first, last;   /* lines [first, last) of the batch */
    struct pc_buf out;
    size_t bad; /* index of the first failing line, or SIZE_MAX */
    struct pc_error err;
    struct pc_tok_scratch *scratch;
    struct pc_json_doc *doc;
    struct pc_ids ids;
    struct pc_buf tmp;
    int stats;       /* measure the engine's time */
    double engine_s; /* seconds inside pc_tok_encode / pc_tok_decode */
    uint64_t text_bytes, n_tokens, n_lines;
};

static int put_uint(struct pc_buf *b, uint64_t v)
{
    char d[24];
    int k = 0;
    do d[k++] = (char)('0' + v % 10);
    while ((v /= 10));
    int rc = pc_buf_reserve(b, (size_t)k);
    if (rc) return rc;
    while (k) b->data[b->len++] = d[--k];
    b->data[b->len] = '\0';
    return PC_OK;
}

/* "00" "01" .. "99": two digits per table lookup. */
static const char digit_pairs[201] =
    "00010203040506070809101112131415161718192021222324252627282930"
    "31323334353637383940414243444546474849505152535455565758596061"
    "62636465666768697071727374757677787980818283848586878889909192"
    "93949596979899";

/* Number of decimal digits of v (v < 10^10). */
static inline unsigned digit_count(uint32_t v)
{
    static const uint32_t pow10[10] = {0,      10,      100,      1000,      10000,
                                       100000, 1000000, 10000000, 100000000, 1000000000};
    unsigned bits = 32 - (unsigned)__builtin_clz(v | 1); /* 1..32 */
    unsigned d = (bits * 1233) >> 12;                    /* floor(bits * log10(2)) */
    return d + (v >= pow10[d]);                          /* pow10[0] = 0: one digit for 0..9 */
}

/* Writes the decimal digits of v at p; returns the end. Pairs of digits from the end. */
static inline char *fmt_u32(char *p, uint32_t v)
{
    char *e = p + digit_count(v), *q = e;
    while (v >= 100) {
        q -= 2;
        memcpy(q, digit_pairs + (v % 100) * 2, 2);
        v /= 100;
    }
    if (v >= 10)
        memcpy(q - 2, digit_pairs + v * 2, 2);
    else
        q[-1] = (char)('0' + v);
    return e;
}

/* Decimal text of 0..9999, built once before the workers start (then read-only): left-aligned
 * without leading zeros (u4, length in len4) and zero-padded to four digits (pad4). 90 KB
 * that stay in the core's caches, where a table per id (2 MB for 2^18 ids) missed. */
static char u4[10000][4], pad4[10000][4];
static uint8_t len4[10000];

static void build_digit_tables(void)
{
    for (uint32_t v = 0; v < 10000; v++) {
        char d[16];
        unsigned n = (unsigned)(fmt_u32(d, v) - d);
        memset(u4[v], 0, 4);
        memcpy(u4[v], d, n);
        len4[v] = (uint8_t)n;
        for (int k = 3, x = (int)v; k >= 0; k--, x /= 10) pad4[v][k] = (char)('0' + x % 10);
    }
}

/* Writes the decimal digits of v at p (8 bytes may be written); returns the end. */
static inline char *put_id(char *p, uint32_t v)
{
    if (v < 10000) {
        memcpy(p, u4[v], 4);
        return p + len4[v];
    }
    if (v < 100000000u) {
        uint32_t hi = v / 10000, lo = v % 10000;
        memcpy(p, u4[hi], 4);
        p += len4[hi];
        memcpy(p, pad4[lo], 4);
        return p + 4;
    }
    return fmt_u32(p, v);
}

/* Appends "[1, 2, 3]\n" (Python json.dumps of the list) for ids[0..n). */
static int put_ids(struct tz_worker *w, const uint32_t *ids, size_t n)
{
    struct pc_buf *b = &w->out;
    /* Per id at most 10 digits + ", ", plus slack for the 4-byte copies. */
    int rc = pc_buf_reserve(b, n * 12 + 16);
    if (rc) return rc;
    char *p = b->data + b->len;
    *p++ = '[';
    for (size_t i = 0; i < n; i++) {
        if (i) {
            p[0] = ',';
            p[1] = ' ';
            p += 2;
        }
        p = put_id(p, ids[i]);
    }
    *p++ = ']';
    *p++ = '\n';
    *p = '\0';
    b->len = (size_t)(p - b->data);
    return PC_OK;
}

static int do_line(struct tz_worker *w, const char *line, size_t n)
{
    if (n && line[n - 1] == '\r') n--;
    const struct pc_json_val *root;
    struct pc_error *err = &w->err;
    int rc = pc_json_parse(w->doc, line, n, &root, err);
    if (rc) {
        char msg[sizeof err->message];
        snprintf(msg, sizeof msg, "%s", err->message);
        return pc_error_set(err, PC_EFORMAT, "invalid JSON: %s", msg);
    }
    if (w->mode == MODE_DECODE) {
        if (root->type != PC_JSON_ARRAY)
            return pc_error_set(err, PC_EFORMAT, "expected a JSON array of token ids");
        w->ids.len = 0;
        for (uint32_t i = 0; i < root->len; i++) {
            const struct pc_json_val *v = &root->u.items[i];
            if (v->type != PC_JSON_NUMBER || v->num_kind != PC_JSON_INT || v->num < 0 ||
                v->num > 4294967295.0)
                return pc_error_set(err, PC_EFORMAT,
                                    "element %u is not a token id (a non-negative integer)", i + 1);
            uint32_t id = (uint32_t)v->num;
            if (w->ids.len == w->ids.cap) {
                size_t cap = w->ids.cap ? w->ids.cap * 2 : 256;
                uint32_t *p = realloc(w->ids.ids, cap * sizeof *p);
                if (!p) return pc_error_set(err, PC_ENOMEM, "out of memory");
                w->ids.ids = p;
                w->ids.cap = cap;
            }
            w->ids.ids[w->ids.len++] = id;
        }
        pc_buf_reset(&w->tmp);
        double t0 = w->stats ? pc_cli_now() : 0;
        if ((rc = pc_tok_decode(w->tok, w->ids.ids, w->ids.len, w->cleanup, &w->tmp, err)))
            return rc;
        if (w->stats) w->engine_s += pc_cli_now() - t0;
        w->text_bytes += w->tmp.len;
        w->n_tokens += w->ids.len;
        if ((rc = pc_json_put_str(&w->out, w->tmp.data, w->tmp.len, 1)) ||
            (rc = pc_buf_putc(&w->out, '\n')))
            return pc_error_set(err, rc, "%s", pc_strerror(rc));
        return PC_OK;
    }
    const struct pc_json_val *text = root;
    if (root->type == PC_JSON_OBJECT) text = pc_json_get(root, "text");
    if (!text || text->type != PC_JSON_STRING)
        return pc_error_set(err, PC_EFORMAT,
                            "expected an object with a \"text\" string, or a JSON string");
    w->ids.len = 0;
    double t0 = w->stats ? pc_cli_now() : 0;
    rc = pc_tok_encode_ex(w->tok, w->scratch, text->u.str, text->len, w->flags, &w->ids);
    if (w->stats) w->engine_s += pc_cli_now() - t0;
    w->text_bytes += text->len;
    w->n_tokens += w->ids.len;
    if (rc == PC_EINVAL)
        return pc_error_set(err, rc, "text is not valid Unicode (lone surrogate escape)");
    if (rc) return pc_error_set(err, rc, "cannot encode: %s", pc_strerror(rc));
    if (w->mode == MODE_COUNT) {
        rc = put_uint(&w->out, w->ids.len);
        if (!rc) rc = pc_buf_putc(&w->out, '\n');
    } else {
        rc = put_ids(w, w->ids.ids, w->ids.len);
    }
    if (rc) return pc_error_set(err, rc, "%s", pc_strerror(rc));
    return PC_OK;
}

static void *run_worker(void *arg)
{
    struct tz_worker *w = arg;
    w->bad = SIZE_MAX;
    pc_buf_reset(&w->out);
    for (size_t i = w->first; i < w->last; i++) {
        const char *line = w->buf + w->starts[i];
        size_t n = w->starts[i + 1] - w->starts[i] - 1;
        pc_error_clear(&w->err);
        if (do_line(w, line, n)) {
            w->bad = i;
            break;
        }
        w->n_lines++;
    }
    return NULL;
}

static int parse_args(int argc, char **argv, const char **spec, int *mode, int *cleanup,
                      int *threads, const char **input, const char **output, int *stats,
                      const char **cache, unsigned *flags)
{
    int id;
    struct pc_opts p;
    pc_opts_init(&p, &tokenize_cmd, argc, argv);
    while ((id = pc_opts_next(&p)) != PC_OPTS_END) {
        const char *val = p.value;
        switch (id) {
        case PC_OPTS_ERROR:
            return PC_EXIT_USAGE;
        case O_HELP:
            pc_opts_help(&tokenize_cmd, stdout);
            exit(PC_EXIT_OK);
        case O_DECODE:
            *mode = MODE_DECODE;
            break;
        case O_COUNT:
            *mode = MODE_COUNT;
            break;
        case O_ADD_SPECIAL:
            *flags |= PC_TOK_ADD_SPECIAL;
            break;
        case O_STATS:
            *stats = 1;
            break;
        case O_VERBOSE:
            pc_cli_set_verbose();
            break;
        case O_QUIET:
            pc_cli_set_quiet();
            break;
        case O_TOKENIZER:
            *spec = val;
            break;
        case O_CACHE:
            *cache = val;
            break;
        case O_CLEANUP:
            if (!strcmp(val, "on"))
                *cleanup = 1;
            else if (!strcmp(val, "off"))
                *cleanup = 0;
            else if (!strcmp(val, "auto"))
                *cleanup = -1;
            else
                return pc_cli_usage("tokenize", "--clean-up takes on, off or auto, not '%s'", val);
            break;
        case O_JOBS:
        case O_THREADS: {
            char *end;
            long v = strtol(val, &end, 10);
            if (*end || end == val || v < 1 || v > 256)
                return pc_cli_usage("tokenize", "%s takes a number of threads (1-256), not '%s'",
                                    p.spelled, val);
            *threads = (int)v;
            break;
        }
        case O_OUTPUT:
            *output = val;
            break;
        case PC_OPTS_OPERAND:
            if (*input) return pc_cli_usage("tokenize", "only one input file may be given");
            *input = val;
            break;
        }
    }
    if (pc_cli_verbose) *stats = 1;
    if (pc_cli_silent) *stats = 0;
    return PC_EXIT_OK;
}

#define BATCH_BYTES ((size_t)4 << 20)
/* Longest input line accepted (documented in README and --help); longer: exit 1, FILE:LINE. */
#define PC_TOKENIZE_MAX_LINE ((size_t)256 << 20)

int cmd_tokenize(int argc, char **argv)
{
    const char *spec = NULL, *input = NULL, *output = "-";
    const char *cache_opt = NULL;
    int mode = MODE_ENCODE, cleanup = -1, threads = 1, stats = 0;
    unsigned flags = 0;
    int rc = parse_args(argc, argv, &spec, &mode, &cleanup, &threads, &input, &output, &stats,
                        &cache_opt, &flags);
    if (rc) return rc;
    if (pc_cli_refuse_overwrite("tokenize", output, 0, &input, 1)) return PC_EXIT_USAGE;

    struct pc_error err;
    pc_error_clear(&err);
    struct pc_tok *tok;
    double t_start = pc_cli_now();
    char cache_buf[4096];
    struct pc_tok_load_opts lo = {pc_cli_tok_cache_dir(cache_opt, cache_buf, sizeof cache_buf),
                                  pc_cli_tok_env()};
    if (pc_tok_load_ex(spec, &lo, &tok, &err)) return pc_cli_report(&err);
    if (flags && mode != MODE_DECODE && pc_tok_post_check(tok, &err)) {
        pc_tok_free(tok);
        return pc_cli_report(&err);
    }
    double t_loaded = pc_cli_now();
    if (cleanup < 0) cleanup = pc_tok_cleanup_default(tok);

    FILE *in = stdin;
    const char *in_name = input ? input : "<stdin>";
    if (input && strcmp(input, "-") != 0 && !(in = fopen(input, "rb"))) {
        pc_tok_free(tok);
        return pc_cli_fail("cannot open '%s': %s", input, strerror(errno));
    }
    struct pc_atomic ow = {0};
    if (pc_atomic_open(&ow, output, &err)) {
        if (in != stdin) fclose(in);
        pc_tok_free(tok);
        return pc_cli_report(&err);
    }
    static char outbuf[1 << 16];
    if (ow.fp == stdout) setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);

    if (mode == MODE_ENCODE) build_digit_tables();
    struct tz_worker *ws = calloc((size_t)threads, sizeof *ws);
    pthread_t *tids = calloc((size_t)threads, sizeof *tids);
    int status = PC_EXIT_OK;
    if (!ws || !tids) {
        status = pc_cli_fail("out of memory");
        goto done;
    }
    for (int t = 0; t < threads; t++) {
        ws[t].tok = tok;
        ws[t].mode = mode;
        ws[t].cleanup = cleanup;
        ws[t].flags = flags;
        ws[t].stats = stats;
        pc_buf_init(&ws[t].out, 0);
        pc_buf_init(&ws[t].tmp, 0);
        ws[t].scratch = pc_tok_scratch_new();
        ws[t].doc = pc_json_doc_new();
        if (!ws[t].scratch || !ws[t].doc) {
            status = pc_cli_fail("out of memory");
            goto done;
        }
    }

    /* Batches of whole lines: read, split into line starts, hand contiguous ranges to the
     * workers, write their outputs in order. */
    struct pc_buf buf;
    pc_buf_init(&buf, 0);
    size_t *starts = NULL, starts_cap = 0;
    int64_t line_base = 0;
    int eof = 0;
    /* want: bytes to hold before cutting a batch; it doubles while one line is longer than
     * the batch (linear time: bytes before `scanned` are known to hold no newline). */
    size_t want = BATCH_BYTES, scanned = 0;
    while (!eof && status == PC_EXIT_OK) {
        while (buf.len < want && !eof) {
            if (pc_buf_reserve(&buf, want - buf.len)) {
                status = pc_cli_fail("out of memory");
                break;
            }
            size_t k = fread(buf.data + buf.len, 1, buf.cap - buf.len - 1, in);
            buf.len += k;
            if (k == 0) eof = 1;
        }
        if (status) break;
        if (ferror(in)) {
            status = pc_cli_fail("cannot read '%s': %s", in_name, strerror(errno));
            break;
        }
        /* Complete lines only, except at end of input (a last line without '\n'). */
        size_t end = buf.len;
        if (!eof) {
            const char *nl =
                buf.len > scanned ? memrchr(buf.data + scanned, '\n', buf.len - scanned) : NULL;
            if (!nl) { /* one line longer than the batch: read more, up to the cap */
                scanned = buf.len;
                if (buf.len > PC_TOKENIZE_MAX_LINE) {
                    status = pc_cli_fail("%s:%lld: line longer than %d MiB (the limit of "
                                         "pricer tokenize)",
                                         in_name, (long long)line_base + 1,
                                         (int)(PC_TOKENIZE_MAX_LINE >> 20));
                    break;
                }
                want = buf.len * 2;
                continue;
            }
            end = (size_t)(nl - buf.data) + 1;
        } else if (end && buf.data[end - 1] != '\n') {
            if (pc_buf_putc(&buf, '\n')) {
                status = pc_cli_fail("out of memory");
                break;
            }
            end = buf.len;
        }
        size_t nlines = 0;
        for (size_t p = 0; p < end;) {
            const char *nl = memchr(buf.data + p, '\n', end - p);
            if (nlines + 2 > starts_cap) {
                starts_cap = starts_cap ? starts_cap * 2 : 4096;
                size_t *ns = realloc(starts, starts_cap * sizeof *ns);
                if (!ns) {
                    status = pc_cli_fail("out of memory");
                    break;
                }
                starts = ns;
            }
            starts[nlines++] = p;
            p = (size_t)(nl - buf.data) + 1;
        }
        if (status) break;
        if (starts) starts[nlines] = end;
        int used = 0;
        for (int t = 0; t < threads; t++) {
            ws[t].buf = buf.data;
            ws[t].starts = starts;
            ws[t].first = nlines * (size_t)t / (size_t)threads;
            ws[t].last = nlines * (size_t)(t + 1) / (size_t)threads;
            if (ws[t].first == ws[t].last) continue;
            if (t == threads - 1 || threads == 1 ||
                pthread_create(&tids[t], NULL, run_worker, &ws[t]) != 0) {
                run_worker(&ws[t]);
                tids[t] = 0;
            }
            used = t + 1;
        }
        for (int t = 0; t < used; t++) {
            if (ws[t].first == ws[t].last) continue;
            if (tids[t]) pthread_join(tids[t], NULL);
            tids[t] = 0;
        }
        for (int t = 0; t < used && status == PC_EXIT_OK; t++) {
            if (ws[t].first == ws[t].last) continue;
            if (ws[t].out.len && fwrite(ws[t].out.data, 1, ws[t].out.len, ow.fp) != ws[t].out.len) {
                status = pc_cli_fail("cannot write '%s': %s", output, strerror(errno));
                break;
            }
            if (ws[t].bad != SIZE_MAX) {
                pc_error_at(&ws[t].err, in_name, line_base + (int64_t)ws[t].bad + 1, -1);
                status = pc_cli_report(&ws[t].err);
            }
        }
        line_base += (int64_t)nlines;
        memmove(buf.data, buf.data + end, buf.len - end);
        buf.len -= end;
        want = BATCH_BYTES;
        scanned = 0;
    }
    pc_buf_release(&buf);
    free(starts);
done:
    if (stats && ws) {
        double t_end = pc_cli_now(), eng = 0;
        uint64_t bytes = 0, toks = 0, lines = 0;
        for (int t = 0; t < threads; t++) {
            eng += ws[t].engine_s;
            bytes += ws[t].text_bytes;
            toks += ws[t].n_tokens;
            lines += ws[t].n_lines;
        }
        char b1[32], b2[32];
        static const char *const image[] = {"no image cache", "image loaded", "image written",
                                            "invalid image replaced", "image not saved"};
        int is = pc_tok_image_state(tok);
        if (pc_cli_verbose)
            fprintf(stderr, "pricer tokenize: tokenizer '%s' (vocabulary %zu), %d thread%s\n",
                    pc_tok_path(tok), pc_tok_vocab_size(tok), threads, threads == 1 ? "" : "s");
        fprintf(stderr,
                "pricer tokenize: %s lines, %.2f MB of text, %s tokens; load %.3f s (%s); "
                "engine %.3f s (%.1f MB/s per thread); end to end %.3f s (%.1f MB/s)\n",
                pc_cli_commas(lines, b1), bytes / 1e6, pc_cli_commas(toks, b2), t_loaded - t_start,
                is >= 0 && is <= 4 ? image[is] : "?", eng, eng > 0 ? bytes / 1e6 / eng : 0.0,
                t_end - t_loaded, t_end > t_loaded ? bytes / 1e6 / (t_end - t_loaded) : 0.0);
    }
    if (status == PC_EXIT_OK) {
        if (pc_atomic_commit(&ow, &err)) status = pc_cli_report(&err);
    } else {
        if (ow.fp == stdout) fflush(stdout);
        pc_atomic_abort(&ow);
    }
    for (int t = 0; ws && t < threads; t++) {
        pc_buf_release(&ws[t].out);
        pc_buf_release(&ws[t].tmp);
        pc_tok_scratch_free(ws[t].scratch);
        pc_json_doc_free(ws[t].doc);
        pc_ids_release(&ws[t].ids);
    }
    free(ws);
    free(tids);
    if (in != stdin) fclose(in);
    pc_tok_free(tok);
    return status;
}
