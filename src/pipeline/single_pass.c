/* The pipeline's single pass over each raw file (see single_pass.h). */
#include "io/slurp.h"
#include "pipeline/single_pass.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json/json.h"

struct part {
    struct pc_inv_part *inv;
    struct pc_raw_part raw;
};

static void *scratch_new(void *user)
{
    (void)user;
    return pc_inv_scratch_new();
}

static void scratch_free(void *user, void *s)
{
    (void)user;
    pc_inv_scratch_free(s);
}

static void *part_new(void *user)
{
    (void)user;
    struct part *p = calloc(1, sizeof *p);
    if (p && !(p->inv = pc_inv_part_new())) {
        free(p);
        return NULL;
    }
    return p;
}

static void part_free(void *user, void *v)
{
    (void)user;
    struct part *p = v;
    if (!p) return;
    pc_inv_part_free(p->inv);
    pc_raw_part_release(&p->raw);
    free(p);
}

static void part_reset(void *user, void *v)
{
    (void)user;
    struct part *p = v;
    pc_inv_part_reset(p->inv);
    pc_raw_part_reset(&p->raw);
}

static int on_line(void *user, void *scratch, void *v, const char *line, size_t len,
                   int64_t line_no, int outcome, const struct pc_line_info *info)
{
    struct pc_single_pass *sp = user;
    struct part *p = v;
    (void)outcome;
    if (!line) {
        pc_inv_part_too_long(p->inv, line_no, len);
        return pc_raw_part_add(&p->raw, NULL);
    }
    const struct pc_json_val *root = NULL;
    size_t known = info && info->chars ? info->chars : (size_t)-1;
    /* The item rules parsed this line already: their record is reused, not parsed again. */
    const struct pc_json_val *parsed = info ? info->root : NULL;
    int rc = pc_inv_part_line(&sp->win, scratch, p->inv, line, len, line_no, known, parsed, &root);
    return rc ? rc : pc_raw_part_add(&p->raw, root);
}

static int on_merge(void *user, void *v, size_t source)
{
    struct pc_single_pass *sp = user;
    struct part *p = v;
    (void)source;
    int rc = pc_inv_part_merge(&sp->win, sp->inv, p->inv);
    return rc ? rc : pc_raw_part_merge(&sp->raw, sp->name, &p->raw);
}

int pc_single_pass_init(struct pc_single_pass *sp, const struct pc_inv_opts *win, const char *name)
{
    memset(sp, 0, sizeof *sp);
    sp->win = *win;
    const char *b = strrchr(name, '/');
    sp->name = b ? b + 1 : name;
    sp->inv = pc_inv_stats_new();
    if (!sp->inv || pc_raw_stats_init(&sp->raw)) {
        pc_single_pass_release(sp);
        return PC_ENOMEM;
    }
    sp->obs = (struct pc_line_observer){sp,        scratch_new, scratch_free, part_new,
                                        part_free, part_reset,  on_line,      on_merge};
    return PC_OK;
}

void pc_single_pass_release(struct pc_single_pass *sp)
{
    pc_inv_stats_free(sp->inv);
    pc_raw_stats_release(&sp->raw);
    memset(sp, 0, sizeof *sp);
}

int pc_single_pass_dump(const struct pc_single_pass *sp, const char *path, const char *category,
                        struct pc_buf *out)
{
    pc_buf_puts(out, "{\"file\": ");
    pc_json_put_str(out, path, strlen(path), 0);
    pc_buf_puts(out, ", \"category\": ");
    pc_json_put_str(out, category, strlen(category), 0);
    pc_buf_puts(out, ", \"investigate\": ");
    pc_inv_stats_dump(out, sp->inv);
    pc_buf_puts(out, ", \"raw\": ");
    pc_raw_stats_dump(out, &sp->raw);
    return pc_buf_puts(out, "}\n");
}

int pc_single_pass_load(const char *file, struct pc_inv_stats *inv, struct pc_raw_stats *raw,
                        struct pc_error *err)
{
    struct pc_buf b;
    pc_buf_init(&b, (size_t)256 << 20);
    int rc = pc_read_file(file, &b);
    if (rc == PC_EIO) {
        pc_buf_release(&b);
        return pc_error_set(err, PC_EIO, "cannot open '%s'", file);
    }
    struct pc_json_doc *doc = pc_json_doc_new();
    const struct pc_json_val *root = NULL;
    if (!rc && !doc) rc = PC_ENOMEM;
    if (!rc) rc = pc_json_parse(doc, b.data ? b.data : "", b.len, &root, NULL);
    if (!rc && inv) rc = pc_inv_stats_load(inv, pc_json_get(root, "investigate"));
    if (!rc && raw) rc = pc_raw_stats_load_add(raw, pc_json_get(root, "raw"));
    pc_json_doc_free(doc);
    pc_buf_release(&b);
    if (rc == PC_ENOMEM) return pc_error_set(err, rc, "out of memory reading '%s'", file);
    if (rc) return pc_error_set(err, PC_EFORMAT, "'%s' is not a pricer statistics file", file);
    return PC_OK;
}

int pc_single_pass_merge_files(const char *const *files, size_t n, const char *path,
                               const char *category, struct pc_buf *out, struct pc_error *err)
{
    struct pc_single_pass sp;
    struct pc_inv_opts win;
    pc_inv_opts_init(&win); /* not used by the merge: the shards measured the windows */
    if (pc_single_pass_init(&sp, &win, path)) return pc_error_set(err, PC_ENOMEM, "out of memory");
    int rc = PC_OK;
    for (size_t k = 0; k < n && !rc; k++) {
        struct pc_inv_stats *one = pc_inv_stats_new(); /* a load sets, it does not add */
        if (!one) rc = pc_error_set(err, PC_ENOMEM, "out of memory");
        if (!rc) rc = pc_single_pass_load(files[k], one, &sp.raw, err);
        if (!rc && pc_inv_stats_add(sp.inv, one))
            rc = pc_error_set(err, PC_ENOMEM, "out of memory");
        pc_inv_stats_free(one);
    }
    if (!rc && pc_single_pass_dump(&sp, path, category, out))
        rc = pc_error_set(err, PC_ENOMEM, "out of memory");
    pc_single_pass_release(&sp);
    return rc;
}
