/* Assessing a path: an items file, or a split folder (test/validation read before train). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "assess/assess.h"
#include "core/error.h"

struct scan_ctx {
    struct pc_assess *a;
    int part;
    const struct pc_assess_opts *o;
    uint64_t *records;
};

static int on_rec(void *p, const struct pc_rec *r, int64_t line)
{
    struct scan_ctx *c = p;
    if ((++*c->records & 4095) == 0 && c->o->progress)
        c->o->progress(c->o->progress_ud, *c->records);
    return pc_assess_add(c->a, c->part, line, r);
}

static int on_bad(void *p, int64_t line, const char *msg)
{
    struct scan_ctx *c = p;
    return pc_assess_add_bad(c->a, c->part, line, msg);
}

int pc_assess_path(struct pc_assess **out, const char *path, const struct pc_assess_opts *o,
                   struct pc_error *err)
{
    struct stat st;
    int is_dir = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
    struct pc_assess *a = pc_assess_new(o, is_dir ? PC_ASSESS_SPLIT : PC_ASSESS_ITEMS);
    if (!a) return pc_error_set(err, PC_ENOMEM, "out of memory");
    int rc = PC_OK;
    uint64_t records = 0;
    if (is_dir) {
        /* test and validation first: the near-duplicate index keeps the first records */
        static const char *const names[] = {"test.jsonl", "validation.jsonl", "train.jsonl"};
        static const int parts[] = {PC_PART_TEST, PC_PART_VALIDATION, PC_PART_MAIN};
        int found = 0;
        for (int i = 0; i < 3 && !rc; i++) {
            size_t n = strlen(path) + strlen(names[i]) + 2;
            char *f = malloc(n);
            if (!f) {
                rc = pc_error_set(err, PC_ENOMEM, "out of memory");
                break;
            }
            snprintf(f, n, "%s/%s", path, names[i]);
            if (stat(f, &st) == 0) {
                found++;
                pc_assess_set_file(a, parts[i], f);
                struct scan_ctx c = {a, parts[i], o, &records};
                rc = pc_rec_scan(f, on_rec, on_bad, &c, err);
            }
            free(f);
        }
        if (!rc && !found) {
            rc = pc_error_set(err, PC_ENOTFOUND,
                              "'%s' has no train.jsonl, test.jsonl or validation.jsonl", path);
        }
    } else {
        pc_assess_set_file(a, PC_PART_MAIN, path);
        struct scan_ctx c = {a, PC_PART_MAIN, o, &records};
        rc = pc_rec_scan(path, on_rec, on_bad, &c, err);
    }
    if (!rc && o->progress) o->progress(o->progress_ud, records);
    if (!rc) rc = pc_assess_finish(a);
    if (rc) {
        if (rc == PC_ENOMEM && !err->message[0]) pc_error_set(err, rc, "out of memory");
        pc_assess_free(a);
        return rc;
    }
    *out = a;
    return PC_OK;
}
