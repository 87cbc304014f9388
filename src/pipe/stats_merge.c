/* Merging parse statistics files (`pricer parse --merge-stats`, the shards of a run). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/slurp.h"
#include "json/json.h"
#include "pipe/parse_job.h"

static int get_u64(const struct pc_json_val *o, const char *key, uint64_t *out)
{
    const struct pc_json_val *v = pc_json_get(o, key);
    if (!v || v->type != PC_JSON_NUMBER || v->num_kind != PC_JSON_INT || v->u.raw[0] == '-')
        return PC_EFORMAT;
    *out = strtoull(v->u.raw, NULL, 10);
    return PC_OK;
}

/* Adds one "stats" object into st. */
static int stats_load_add(struct pc_parse_stats *st, const struct pc_json_val *o)
{
    struct pc_parse_stats s;
    memset(&s, 0, sizeof s);
    if (!o || o->type != PC_JSON_OBJECT) return PC_EFORMAT;
    int rc = get_u64(o, "rows", &s.lines);
    if (!rc) rc = get_u64(o, "priced", &s.priced);
    if (!rc) rc = get_u64(o, "in_window", &s.in_window);
    if (!rc) rc = get_u64(o, "token_count_max", &s.tokens_max);
    if (!rc) rc = get_u64(o, "tokens_sum", &s.tokens_sum);
    const struct pc_json_val *oc = pc_json_get(o, "outcomes");
    for (int i = 0; !rc && i < PC_OUT_COUNT; i++)
        rc = get_u64(oc, pc_outcome_key(i), &s.outcome[i]);
    const struct pc_json_val *pm = pc_json_get(o, "price_max");
    const struct pc_json_val *px = pc_json_get(o, "price_sum_exact");
    if (!rc && (!pm || pm->type != PC_JSON_NUMBER || !px || px->type != PC_JSON_STRING))
        rc = PC_EFORMAT;
    if (!rc) {
        s.price_max = pm->num;
        rc = pc_xsum_load_add(&s.price_x, px->u.str, px->len);
    }
    if (!rc) {
        s.price_sum = pc_xsum_value(&s.price_x);
        pc_parse_stats_add(st, &s);
    }
    return rc;
}

struct merged {
    size_t n;
    char **names, **cats;
    struct pc_parse_stats *st;
};

static void merged_free(struct merged *m)
{
    for (size_t i = 0; i < m->n; i++) {
        if (m->names) free(m->names[i]);
        if (m->cats) free(m->cats[i]);
    }
    free(m->names);
    free(m->cats);
    free(m->st);
}

/* Adds one parsed file into m (the first one sets the inputs). */
static int merge_one(struct merged *m, const struct pc_json_val *root, int first, const char **why)
{
    const struct pc_json_val *ins = pc_json_get(root, "inputs");
    if (!ins || ins->type != PC_JSON_ARRAY) return PC_EFORMAT;
    if (first) {
        m->n = ins->len;
        m->names = calloc(m->n + 1, sizeof *m->names);
        m->cats = calloc(m->n + 1, sizeof *m->cats);
        m->st = calloc(m->n + 1, sizeof *m->st);
        if (!m->names || !m->cats || !m->st) return PC_ENOMEM;
    } else if (ins->len != m->n) {
        *why = "lists other inputs than the first file";
        return PC_EFORMAT;
    }
    for (size_t i = 0; i < m->n; i++) {
        const struct pc_json_val *e = &ins->u.items[i];
        const struct pc_json_val *f = pc_json_get(e, "file"), *c = pc_json_get(e, "category");
        if (!f || f->type != PC_JSON_STRING || !c || c->type != PC_JSON_STRING) return PC_EFORMAT;
        if (first) {
            if (!(m->names[i] = strdup(f->u.str)) || !(m->cats[i] = strdup(c->u.str)))
                return PC_ENOMEM;
        } else if (strcmp(m->names[i], f->u.str) || strcmp(m->cats[i], c->u.str)) {
            *why = "lists other inputs than the first file";
            return PC_EFORMAT;
        }
        int rc = stats_load_add(&m->st[i], pc_json_get(e, "stats"));
        if (rc) return rc;
    }
    return PC_OK;
}

int pc_parse_stats_merge_files(const char *const *files, size_t n, struct pc_buf *out,
                               struct pc_error *err)
{
    if (!n) return pc_error_set(err, PC_EINVAL, "no statistics files to merge");
    struct merged m;
    memset(&m, 0, sizeof m);
    struct pc_json_doc *doc = pc_json_doc_new();
    struct pc_buf b;
    pc_buf_init(&b, (size_t)256 << 20);
    int rc = doc ? PC_OK : PC_ENOMEM;
    const char *why = NULL;
    size_t i = 0;
    for (; !rc && i < n; i++) {
        const struct pc_json_val *root = NULL;
        pc_buf_reset(&b);
        rc = pc_read_file(files[i], &b);
        if (!rc) rc = pc_json_parse(doc, b.data ? b.data : "", b.len, &root, NULL);
        if (!rc) rc = merge_one(&m, root, i == 0, &why);
    }
    if (!rc) {
        const char **names = (const char **)m.names, **cats = (const char **)m.cats;
        rc = pc_parse_stats_json(out, names, cats, m.st, m.n);
    }
    pc_json_doc_free(doc);
    pc_buf_release(&b);
    merged_free(&m);
    if (!rc) return PC_OK;
    const char *f = i ? files[i - 1] : "";
    pc_error_at(err, f, 0, -1);
    if (rc == PC_EIO) return pc_error_set(err, rc, "cannot read '%s'", f);
    if (rc == PC_EFORMAT)
        return pc_error_set(err, rc, "'%s' %s", f,
                            why ? why : "is not a pricer parse statistics file with exact sums");
    return pc_error_set(err, rc, "%s", pc_strerror(rc));
}
