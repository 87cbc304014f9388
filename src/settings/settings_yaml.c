/* The YAML form of a run configuration (libyaml document API): see pc_runcfg_load_file. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "io/slurp.h"
#include "settings/settings.h"
#include "settings/settings_int.h"
#include "run/yaml_guard.h"

struct yctx {
    yaml_document_t *doc;
    const char *name;
    const char *base_dir;
    struct pc_runcfg *c;
    struct pc_error *err;
};

static int yfail(struct yctx *y, const yaml_node_t *n, const char *what, const char *key)
{
    pc_error_set(y->err, PC_EFORMAT, what, key);
    pc_error_at(y->err, y->name, n ? (int64_t)n->start_mark.line + 1 : 0, -1);
    return PC_EFORMAT;
}

static int is_null_scalar(const yaml_node_t *n)
{
    if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) return 0;
    const char *s = (const char *)n->data.scalar.value;
    return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL");
}

static int load_value(struct yctx *y, int idx, const yaml_node_t *n)
{
    const struct pc_runopt_def *d = &pc_runopt_defs[idx];
    struct pc_runval *v = &y->c->vals[idx];
    struct pc_runval nv = {PC_RUNVAL_CONFIG, (long)n->start_mark.line + 1, NULL, 0};
    int rc = PC_OK;
    const char *sec = pc_run_section_name(d->section);
    char full[128];
    snprintf(full, sizeof full, "%s%s%s", sec, *sec ? "." : "", d->key);
    if (is_null_scalar(n)) return PC_OK; /* `key:` with no value keeps the default */
    if (d->type == PC_RUNOPT_MAP) {
        if (n->type != YAML_MAPPING_NODE)
            return yfail(y, n, "'%s' must be a mapping (CATEGORY: INTEGER)", full);
        for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
             p++) {
            yaml_node_t *k = yaml_document_get_node(y->doc, p->key);
            yaml_node_t *val = yaml_document_get_node(y->doc, p->value);
            if (k->type != YAML_SCALAR_NODE || val->type != YAML_SCALAR_NODE) {
                pc_runval_clear(&nv);
                return yfail(y, k, "'%s' entries must be CATEGORY: INTEGER", full);
            }
            char entry[1024];
            snprintf(entry, sizeof entry, "%s=%s", (const char *)k->data.scalar.value,
                     (const char *)val->data.scalar.value);
            rc = pc_runval_push_checked(&nv, d, entry, NULL, y->err);
            if (rc) {
                pc_runval_clear(&nv);
                pc_error_at(y->err, y->name, (int64_t)k->start_mark.line + 1, -1);
                return rc;
            }
        }
    } else if (d->type == PC_RUNOPT_LIST || d->type == PC_RUNOPT_PATHS) {
        if (n->type == YAML_SCALAR_NODE) {
            rc = pc_runval_push_checked(&nv, d, (const char *)n->data.scalar.value, y->base_dir,
                                        y->err);
        } else if (n->type == YAML_SEQUENCE_NODE) {
            for (yaml_node_item_t *it = n->data.sequence.items.start;
                 it < n->data.sequence.items.top && !rc; it++) {
                yaml_node_t *e = yaml_document_get_node(y->doc, *it);
                if (e->type != YAML_SCALAR_NODE) {
                    pc_runval_clear(&nv);
                    return yfail(y, e, "'%s' items must be plain values", full);
                }
                rc = pc_runval_push_checked(&nv, d, (const char *)e->data.scalar.value, y->base_dir,
                                            y->err);
                if (rc) pc_error_at(y->err, y->name, (int64_t)e->start_mark.line + 1, -1);
            }
        } else {
            return yfail(y, n, "'%s' must be a list", full);
        }
    } else {
        if (n->type != YAML_SCALAR_NODE) return yfail(y, n, "'%s' must be a single value", full);
        rc =
            pc_runval_push_checked(&nv, d, (const char *)n->data.scalar.value, y->base_dir, y->err);
    }
    if (rc) {
        pc_runval_clear(&nv);
        if (rc == PC_EFORMAT && y->err && y->err->line_no == 0)
            pc_error_at(y->err, y->name, (int64_t)n->start_mark.line + 1, -1);
        return rc;
    }
    pc_runval_clear(v);
    *v = nv;
    return PC_OK;
}

static int load_mapping(struct yctx *y, const yaml_node_t *m, int section)
{
    unsigned char seen[256] = {0};
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(y->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(y->doc, p->value);
        if (k->type != YAML_SCALAR_NODE) return yfail(y, k, "%s", "keys must be plain names");
        const char *key = (const char *)k->data.scalar.value;
        if (section == PC_RUN_GLOBAL) {
            int sec = -1;
            for (int s = 1; s < PC_RUN_NSECTION; s++)
                if (!strcmp(key, pc_run_section_name(s))) sec = s;
            if (sec > 0) {
                if (seen[200 + sec]++) return yfail(y, k, "duplicate key '%s'", key);
                if (is_null_scalar(v)) continue;
                if (v->type != YAML_MAPPING_NODE)
                    return yfail(y, v, "'%s' must be a mapping of options", key);
                int rc = load_mapping(y, v, sec);
                if (rc) return rc;
                continue;
            }
        }
        int idx = pc_runopt_find(pc_run_section_name(section), key);
        if (idx < 0) {
            char full[160];
            snprintf(full, sizeof full, "%s%s%s", pc_run_section_name(section), section ? "." : "",
                     key);
            return yfail(y, k, "unknown key '%s' (see 'pricer run --help-config')", full);
        }
        if (idx < 200 && seen[idx]++) return yfail(y, k, "duplicate key '%s'", key);
        int rc = load_value(y, idx, v);
        if (rc) return rc;
    }
    return PC_OK;
}

int pc_runcfg_load_text(struct pc_runcfg *c, const char *text, size_t n, const char *name,
                        const char *base_dir, struct pc_error *err)
{
    yaml_parser_t parser;
    yaml_document_t doc;
    if (pc_yaml_guard_depth(text, n, name, PC_YAML_MAX_DEPTH, err)) return PC_EFORMAT;
    if (!yaml_parser_initialize(&parser)) return pc_error_set(err, PC_ENOMEM, "out of memory");
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, n);
    if (!yaml_parser_load(&parser, &doc)) {
        const yaml_mark_t *m = parser.problem ? &parser.problem_mark : &parser.context_mark;
        pc_error_set(err, PC_EFORMAT, "invalid YAML: %s%s%s",
                     parser.problem ? parser.problem : "syntax error", parser.context ? " " : "",
                     parser.context ? parser.context : "");
        pc_error_at(err, name, (int64_t)m->line + 1, (int64_t)m->index);
        yaml_parser_delete(&parser);
        return PC_EFORMAT;
    }
    struct yctx y = {&doc, name, base_dir, c, err};
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    int rc = PC_OK;
    if (root && !is_null_scalar(root)) {
        if (root->type != YAML_MAPPING_NODE)
            rc = yfail(&y, root, "%s", "the configuration must be a mapping of options");
        else
            rc = load_mapping(&y, root, PC_RUN_GLOBAL);
    }
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    return rc;
}

int pc_runcfg_load_file(struct pc_runcfg *c, const char *path, struct pc_error *err)
{
    struct pc_buf b;
    pc_buf_init(&b, 16u << 20);
    int rc = pc_read_file(path, &b);
    if (rc) {
        int e = errno;
        pc_buf_release(&b);
        if (rc == PC_EIO)
            return pc_error_set(err, PC_EIO, "cannot open '%s': %s", path, strerror(e));
        return pc_error_set(err, rc, "cannot read '%s': %s", path, pc_strerror(rc));
    }
    char *dir = strdup(path);
    if (!dir) {
        pc_buf_release(&b);
        return pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        strcpy(dir, ".");
    if (slash == dir) strcpy(dir, "/");
    rc = pc_runcfg_load_text(c, b.data ? b.data : "", b.len, path, dir, err);
    free(dir);
    pc_buf_release(&b);
    if (!rc) {
        free(c->config_path);
        c->config_path = strdup(path);
    }
    return rc;
}
