/* Shard plan files (pipe/shard.h): every shard's ranges, computed once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "io/slurp.h"
#include "io/frames.h"
#include "json/json.h"
#include "pipe/shard.h"

int pc_shard_plan_dump(struct pc_buf *o, const char *const *paths, size_t count, unsigned n,
                       const struct pc_shard_range *all)
{
    pc_buf_printf(o, "{\"shards\": %u, \"inputs\": [", n);
    for (size_t i = 0; i < count; i++) {
        struct stat st;
        unsigned long long size = stat(paths[i], &st) == 0 ? (unsigned long long)st.st_size : 0;
        pc_buf_puts(o, i ? ", {\"file\": " : "{\"file\": ");
        pc_json_put_str(o, paths[i], strlen(paths[i]), 0);
        enum pc_compression comp = (enum pc_compression)all[i].comp;
        int cut = comp != PC_COMP_NONE && !all[i].whole; /* compressed, cut at units */
        pc_buf_printf(o,
                      ", \"size\": %llu, \"compressed\": %s, \"compression\": \"%s\", "
                      "\"split\": \"%s\", \"units\": %llu, \"ranges\": [",
                      size, comp != PC_COMP_NONE ? "true" : "false", pc_compression_name(comp),
                      pc_units_kind(comp, all[i].units), (unsigned long long)all[i].units);
        for (unsigned k = 0; k < n; k++) {
            const struct pc_shard_range *r = &all[(size_t)k * count + i];
            pc_buf_printf(o, "%s[%d, %llu, %llu, %lld", k ? ", " : "", r->take,
                          (unsigned long long)r->begin, (unsigned long long)r->end,
                          (long long)r->line_base);
            if (cut) pc_buf_printf(o, ", %llu", (unsigned long long)r->skip);
            pc_buf_puts(o, "]");
        }
        pc_buf_puts(o, "]}");
    }
    return pc_buf_puts(o, "]}\n");
}

static int u64_of(const struct pc_json_val *v, uint64_t *out)
{
    if (!v || v->type != PC_JSON_NUMBER || v->num_kind != PC_JSON_INT || v->u.raw[0] == '-')
        return PC_EFORMAT;
    *out = strtoull(v->u.raw, NULL, 10);
    return PC_OK;
}

static int load(const struct pc_json_val *root, const char *const *paths, size_t count, unsigned k,
                unsigned n, struct pc_shard_range *out, const char **why)
{
    uint64_t shards = 0;
    const struct pc_json_val *ins = pc_json_get(root, "inputs");
    if (u64_of(pc_json_get(root, "shards"), &shards) || !ins || ins->type != PC_JSON_ARRAY)
        return PC_EFORMAT;
    if (shards != n) {
        *why = "is a plan for another number of shards";
        return PC_EFORMAT;
    }
    if (ins->len != count) {
        *why = "is a plan for other inputs";
        return PC_EFORMAT;
    }
    for (size_t i = 0; i < count; i++) {
        const struct pc_json_val *e = &ins->u.items[i], *f = pc_json_get(e, "file");
        const struct pc_json_val *c = pc_json_get(e, "compressed"), *rs = pc_json_get(e, "ranges");
        uint64_t size = 0;
        if (!f || f->type != PC_JSON_STRING || u64_of(pc_json_get(e, "size"), &size) || !c ||
            (c->type != PC_JSON_TRUE && c->type != PC_JSON_FALSE) || !rs ||
            rs->type != PC_JSON_ARRAY || rs->len != n)
            return PC_EFORMAT;
        struct stat st;
        if (strcmp(f->u.str, paths[i]) || stat(paths[i], &st) || (uint64_t)st.st_size != size) {
            *why = "is a plan for other inputs (names, order or sizes differ)";
            return PC_EFORMAT;
        }
        const struct pc_json_val *r = &rs->u.items[k - 1];
        uint64_t v[5] = {0, 0, 0, 0, 0};
        int packed = c->type == PC_JSON_TRUE, cut = 0; /* cut: compressed, cut at units */
        if (r->type != PC_JSON_ARRAY || (r->len != 4 && !(packed && r->len == 5)))
            return PC_EFORMAT;
        for (size_t j = 0; j < r->len; j++)
            if (u64_of(&r->u.items[j], &v[j])) return PC_EFORMAT;
        if (v[0] > 1 || v[1] > v[2] || v[2] > size) return PC_EFORMAT;
        memset(&out[i], 0, sizeof out[i]);
        if (packed) {
            const struct pc_json_val *cn = pc_json_get(e, "compression");
            int comp = PC_COMP_NONE;
            for (int z = PC_COMP_GZIP; z <= PC_COMP_XZ; z++)
                if (cn && cn->type == PC_JSON_STRING &&
                    !strcmp(cn->u.str, pc_compression_name((enum pc_compression)z)))
                    comp = z;
            cut = r->len == 5;
            if (cut && comp == PC_COMP_NONE) return PC_EFORMAT;
            out[i].comp = comp;
        }
        out[i].take = (int)v[0];
        out[i].whole = packed && !cut;
        out[i].begin = v[1];
        out[i].end = v[2];
        out[i].line_base = (int64_t)v[3];
        out[i].skip = v[4];
    }
    return PC_OK;
}

int pc_shard_plan_load(const char *file, const char *const *paths, size_t count, unsigned k,
                       unsigned n, struct pc_shard_range *out, struct pc_error *err)
{
    if (k < 1 || k > n) return pc_error_set(err, PC_EINVAL, "shard %u/%u does not exist", k, n);
    struct pc_buf b;
    pc_buf_init(&b, (size_t)1 << 30);
    int rc = pc_read_file(file, &b);
    if (rc == PC_EIO) {
        pc_buf_release(&b);
        return pc_error_set(err, PC_EIO, "cannot open '%s'", file);
    }
    struct pc_json_doc *doc = pc_json_doc_new();
    const struct pc_json_val *root = NULL;
    const char *why = NULL;
    if (!rc && !doc) rc = PC_ENOMEM;
    if (!rc) rc = pc_json_parse(doc, b.data ? b.data : "", b.len, &root, NULL);
    if (!rc) rc = load(root, paths, count, k, n, out, &why);
    pc_json_doc_free(doc);
    pc_buf_release(&b);
    if (!rc) return PC_OK;
    pc_error_at(err, file, 0, -1);
    if (rc == PC_ENOMEM) return pc_error_set(err, rc, "out of memory reading '%s'", file);
    return pc_error_set(err, PC_EFORMAT, "'%s' %s", file, why ? why : "is not a shard plan");
}
