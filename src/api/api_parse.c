/* Public API shim: pricer_parse_files (include/pricer/parse.h) over pipe/parse_job. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "item/category.h"
#include "api/api.h"
#include "io/atomic.h"
#include "io/reader.h"
#include "pipe/parse_job.h"
#include "pipe/pipe.h"
#include "pricer/parse.h"
#include "tok/tok.h"

/* The public tokenizer's first member is the internal one (api_tok.c). */
struct pricer_tokenizer_head {
    struct pc_tok *tok;
};

void pricer_parse_options_init(struct pricer_parse_options *o)
{
    struct pc_item_opts d;
    pc_item_opts_init(&d);
    memset(o, 0, sizeof *o);
    o->min_chars = d.min_chars;
    o->ceiling_chars = d.ceiling_chars;
    o->min_tokens = d.min_tokens;
    o->max_tokens = d.max_tokens;
    o->min_price = d.min_price;
    o->max_price = d.max_price;
    o->cleanup = d.cleanup;
    o->with_source = 1;
}

char *pricer_category_from_path(const char *path)
{
    return pc_category_from_path(path);
}

static int sink(void *user, const char *data, size_t len, struct pc_error *err)
{
    struct pc_atomic *w = user;
    if (fwrite(data, 1, len, w->fp) != len)
        return pc_error_set(err, PC_EIO, "cannot write '%s': %s", w->path, strerror(errno));
    return PC_OK;
}

static void fill_stats(struct pricer_parse_stats *st, const struct pc_parse_stats *s, size_t n)
{
    struct pc_parse_stats all = {0};
    for (size_t i = 0; i < n; i++) pc_parse_stats_add(&all, &s[i]);
    memset(st, 0, sizeof *st);
    st->lines = all.lines;
    st->invalid = pc_parse_stats_invalid(&all);
    st->priced = all.priced;
    st->in_window = all.in_window;
    st->too_short = all.outcome[PC_OUT_TOO_SHORT];
    st->too_few_tokens = all.outcome[PC_OUT_FEW_TOKENS];
    st->kept = all.outcome[PC_OUT_KEPT];
}

/* The item rules' options of the public options. PC_EINVAL naming a bad one. */
static int item_opts(const struct pricer_parse_options *o, struct pc_item_opts *io,
                     struct pc_error *e)
{
    pc_item_opts_init(io);
    io->min_chars = o->min_chars;
    io->ceiling_chars = o->ceiling_chars;
    io->min_tokens = o->min_tokens;
    io->max_tokens = o->max_tokens;
    io->min_price = o->min_price;
    io->max_price = o->max_price;
    if (o->question) io->question = o->question;
    if (o->prefix) io->prefix = o->prefix;
    io->cleanup = o->cleanup < 0 ? -1 : !!o->cleanup;
    if (o->truncate && (io->truncate = pc_truncate_parse(o->truncate)) < 0)
        return pc_error_set(e, PC_EINVAL, "truncate wants tokens, words or sentences, not '%s'",
                            o->truncate);
    if (!io->max_tokens || io->min_price > io->max_price || !io->prefix[0])
        return pc_error_set(e, PC_EINVAL,
                            "invalid parse options (max_tokens 0, min_price above max_price or "
                            "empty prefix)");
    return PC_OK;
}

int pricer_parse_record(const pricer_tokenizer *tok, const char *line, size_t len,
                        const struct pricer_parse_options *o, char **item, const char **reason,
                        struct pricer_error *err)
{
    struct pc_error e;
    pc_error_clear(&e);
    *item = NULL;
    if (reason) *reason = NULL;
    struct pricer_parse_options def;
    if (!o) {
        pricer_parse_options_init(&def);
        o = &def;
    }
    struct pc_item_opts io;
    int rc = item_opts(o, &io, &e);
    if (rc) return pc_api_error(err, &e, rc);
    struct pc_tok *own = NULL;
    const struct pc_tok *t = tok ? ((const struct pricer_tokenizer_head *)tok)->tok : NULL;
    if (!t && (rc = pc_tok_load(NULL, &own, &e))) return pc_api_error(err, &e, rc);
    if (!t) t = own;
    struct pc_item_ctx *c = pc_item_ctx_new(t, &io);
    struct pc_item it;
    struct pc_line_info info;
    int out = c ? pc_item_from_line(c, line, len, &it, &info, &e)
                : pc_error_set(&e, PC_ENOMEM, "out of memory");
    if (out == PC_OUT_KEPT) {
        struct pc_buf b;
        pc_buf_init(&b, 0);
        rc = pc_item_write_json(&b, o->category ? o->category : "", &it, NULL);
        if (!rc && b.len) b.data[--b.len] = '\0'; /* no newline */
        if (!rc && !(*item = pc_buf_detach(&b, NULL))) rc = PC_ENOMEM;
        if (rc) pc_error_set(&e, rc, "%s", pc_strerror(rc));
        pc_buf_release(&b);
    } else if (out < 0) {
        rc = out;
    }
    if (!rc && reason) *reason = pc_outcome_key(out);
    pc_item_ctx_free(c);
    pc_tok_free(own);
    return rc ? pc_api_error(err, &e, rc) : PRICER_OK;
}

int pricer_parse_files(const char *const *paths, size_t n, const char *output,
                       const pricer_tokenizer *tok, const struct pricer_parse_options *o,
                       struct pricer_parse_stats *st, struct pricer_error *err)
{
    struct pc_error e;
    pc_error_clear(&e);
    if (st) memset(st, 0, sizeof *st);
    struct pricer_parse_options def;
    if (!o) {
        pricer_parse_options_init(&def);
        o = &def;
    }
    struct pc_item_opts io;
    int rc0 = item_opts(o, &io, &e);
    if (rc0) return pc_api_error(err, &e, rc0);
    if (!output || !n)
        return pc_api_error(err, &e, pc_error_set(&e, PC_EINVAL, "no input or no output given"));

    struct pc_parse_input *in = calloc(n, sizeof *in);
    char **cats = calloc(n, sizeof *cats);
    struct pc_reader **rd = calloc(n, sizeof *rd);
    struct pc_parse_stats *ps = calloc(n, sizeof *ps);
    struct pc_tok *own = NULL;
    struct pc_atomic w = {0};
    int rc = in && cats && rd && ps ? PC_OK : pc_error_set(&e, PC_ENOMEM, "out of memory");
    for (size_t i = 0; i < n && !rc; i++) {
        cats[i] = o->category ? strdup(o->category) : pricer_category_from_path(paths[i]);
        if (!cats[i]) {
            rc = pc_error_set(&e, PC_EINVAL,
                              "cannot tell the category of '%s' (not meta_<Category>.jsonl); "
                              "give a category",
                              paths[i]);
            pc_error_at(&e, paths[i], 0, -1);
            break;
        }
        if ((rc = pc_reader_open(&rd[i], paths[i], &e))) {
            if (!e.file[0]) pc_error_at(&e, paths[i], 0, -1);
            break;
        }
        in[i].name = paths[i];
        in[i].category = cats[i];
        in[i].reader = rd[i];
    }
    const struct pc_tok *t = tok ? ((const struct pricer_tokenizer_head *)tok)->tok : NULL;
    if (!rc && !t && !(rc = pc_tok_load(NULL, &own, &e))) t = own;
    if (!rc) rc = pc_atomic_open(&w, output, &e);
    if (!rc) {
        struct pc_parse_cfg cfg = {
            .inputs = in,
            .n_inputs = n,
            .tok = t,
            .opts = io,
            .threads = o->jobs > 0 ? o->jobs : pc_pipe_cpus(),
            .with_source = o->with_source,
            .user = &w,
            .write = sink,
        };
        rc = pc_parse_run(&cfg, ps, &e);
        if (st) fill_stats(st, ps, n);
        if (rc)
            pc_atomic_abort(&w);
        else
            rc = pc_atomic_commit(&w, &e);
    }
    for (size_t i = 0; i < n; i++) {
        if (rd) pc_reader_free(rd[i]);
        if (cats) free(cats[i]);
    }
    free(in);
    free(cats);
    free(rd);
    free(ps);
    pc_tok_free(own);
    return rc ? pc_api_error(err, &e, rc) : PRICER_OK;
}
