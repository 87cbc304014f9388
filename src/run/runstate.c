/* run.json bookkeeping and resume fingerprints (see runstate.h). */
#include "io/slurp.h"
#include "run/runstate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/version.h"
#include "io/atomic.h"
#include "json/json.h"
#include "run/sha256.h"

void pc_run_state_init(struct pc_run_state *s)
{
    memset(s, 0, sizeof *s);
}

static void file_release(struct pc_run_file *f)
{
    free(f->path);
    free(f->category);
}

static void stage_release(struct pc_run_stage *st)
{
    free(st->name);
    for (size_t i = 0; i < st->argc; i++) free(st->argv[i]);
    free(st->argv);
    for (size_t i = 0; i < st->noutputs; i++) file_release(&st->outputs[i]);
    free(st->outputs);
    for (size_t i = 0; i < st->ncounts; i++) free(st->counts[i].name);
    free(st->counts);
    memset(st, 0, sizeof *st);
}

void pc_run_state_release(struct pc_run_state *s)
{
    for (size_t i = 0; i < s->ninputs; i++) file_release(&s->inputs[i]);
    free(s->inputs);
    for (size_t i = 0; i < s->nstages; i++) stage_release(&s->stages[i]);
    free(s->stages);
    memset(s, 0, sizeof *s);
}

struct pc_run_stage *pc_run_state_stage(struct pc_run_state *s, const char *name)
{
    for (size_t i = 0; i < s->nstages; i++)
        if (!strcmp(s->stages[i].name, name)) return &s->stages[i];
    return NULL;
}

const struct pc_run_file *pc_run_state_input(const struct pc_run_state *s, const char *path)
{
    for (size_t i = 0; s && i < s->ninputs; i++)
        if (!strcmp(s->inputs[i].path, path)) return &s->inputs[i];
    return NULL;
}

struct pc_run_stage *pc_run_state_add_stage(struct pc_run_state *s, const char *name,
                                            char *const *argv, size_t argc)
{
    struct pc_run_stage *st = pc_run_state_stage(s, name);
    if (st)
        stage_release(st);
    else {
        struct pc_run_stage *v = realloc(s->stages, (s->nstages + 1) * sizeof *v);
        if (!v) return NULL;
        s->stages = v;
        st = &s->stages[s->nstages++];
        memset(st, 0, sizeof *st);
    }
    st->name = strdup(name);
    st->argv = calloc(argc ? argc : 1, sizeof *st->argv);
    if (!st->name || !st->argv) return NULL;
    for (size_t i = 0; i < argc; i++) {
        st->argv[i] = strdup(argv[i]);
        if (!st->argv[i]) return NULL;
        st->argc++;
    }
    st->status = PC_STAGE_RAN;
    return st;
}

static int file_stat(const char *path, uint64_t *size, int64_t *mtime_ns)
{
    struct stat sb;
    if (stat(path, &sb) != 0) return -1;
    *size = (uint64_t)sb.st_size;
    *mtime_ns = (int64_t)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec;
    return 0;
}

static int push_file(struct pc_run_file **v, size_t *n, const struct pc_run_file *f)
{
    struct pc_run_file *nv = realloc(*v, (*n + 1) * sizeof *nv);
    if (!nv) return PC_ENOMEM;
    *v = nv;
    nv[(*n)++] = *f;
    return PC_OK;
}

int pc_run_add_input(struct pc_run_state *s, const char *path, const char *category,
                     const struct pc_run_state *known, struct pc_error *err)
{
    struct pc_run_file f = {0};
    if (file_stat(path, &f.size, &f.mtime_ns) != 0)
        return pc_error_set(err, PC_EIO, "cannot open '%s': No such file or directory", path);
    const struct pc_run_file *k = pc_run_state_input(known, path);
    if (k && k->size == f.size && k->mtime_ns == f.mtime_ns && k->sha256[0])
        memcpy(f.sha256, k->sha256, 65);
    else {
        int rc = pc_sha256_file(path, f.sha256, NULL, err);
        if (rc) return rc;
    }
    f.path = strdup(path);
    f.category = category ? strdup(category) : NULL;
    if (!f.path || (category && !f.category) || push_file(&s->inputs, &s->ninputs, &f)) {
        file_release(&f);
        return pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    return PC_OK;
}

int pc_run_add_input_known(struct pc_run_state *s, const char *path, const char *category,
                           uint64_t size, int64_t mtime_ns, const char *sha256)
{
    struct pc_run_file f = {0};
    f.size = size;
    f.mtime_ns = mtime_ns;
    snprintf(f.sha256, sizeof f.sha256, "%s", sha256 ? sha256 : "");
    f.path = strdup(path);
    f.category = category ? strdup(category) : NULL;
    if (!f.path || (category && !f.category) || push_file(&s->inputs, &s->ninputs, &f)) {
        file_release(&f);
        return PC_ENOMEM;
    }
    return PC_OK;
}

int pc_run_stage_add_output(struct pc_run_stage *st, const char *rundir, const char *rel,
                            struct pc_error *err)
{
    char full[4096];
    snprintf(full, sizeof full, "%s/%s", rundir, rel);
    struct pc_run_file f = {0};
    if (file_stat(full, &f.size, &f.mtime_ns) != 0)
        return pc_error_set(err, PC_EIO, "stage '%s' did not write '%s'", st->name, full);
    int rc = pc_sha256_file(full, f.sha256, NULL, err);
    if (rc) return rc;
    f.path = strdup(rel);
    if (!f.path || push_file(&st->outputs, &st->noutputs, &f)) {
        file_release(&f);
        return pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    return PC_OK;
}

int pc_run_stage_add_output_hashed(struct pc_run_stage *st, const char *rundir, const char *rel,
                                   const char *sha256, struct pc_error *err)
{
    char full[4096];
    snprintf(full, sizeof full, "%s/%s", rundir, rel);
    struct pc_run_file f = {0};
    if (file_stat(full, &f.size, &f.mtime_ns) != 0)
        return pc_error_set(err, PC_EIO, "stage '%s' did not write '%s'", st->name, full);
    snprintf(f.sha256, sizeof f.sha256, "%s", sha256);
    f.path = strdup(rel);
    if (!f.path || push_file(&st->outputs, &st->noutputs, &f)) {
        file_release(&f);
        return pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    return PC_OK;
}

int pc_run_stage_add_count(struct pc_run_stage *st, const char *name, uint64_t value)
{
    for (size_t i = 0; i < st->ncounts; i++)
        if (!strcmp(st->counts[i].name, name)) {
            st->counts[i].value = value;
            return PC_OK;
        }
    struct pc_run_count *v = realloc(st->counts, (st->ncounts + 1) * sizeof *v);
    if (!v) return PC_ENOMEM;
    st->counts = v;
    v[st->ncounts].name = strdup(name);
    if (!v[st->ncounts].name) return PC_ENOMEM;
    v[st->ncounts++].value = value;
    return PC_OK;
}

int pc_run_stage_copy_results(struct pc_run_stage *dst, const struct pc_run_stage *src)
{
    memcpy(dst->fingerprint, src->fingerprint, 65);
    for (size_t i = 0; i < src->noutputs; i++) {
        struct pc_run_file f = src->outputs[i];
        f.path = strdup(f.path);
        f.category = NULL;
        if (!f.path || push_file(&dst->outputs, &dst->noutputs, &f)) return PC_ENOMEM;
    }
    for (size_t i = 0; i < src->ncounts; i++)
        if (pc_run_stage_add_count(dst, src->counts[i].name, src->counts[i].value))
            return PC_ENOMEM;
    return PC_OK;
}

/* Whether argv[i] is "-j" followed by a count (as the pipeline writes a stage's thread
 * count): a fingerprint leaves it out, the bytes being the same at any thread count. */
static int is_threads_arg(char *const *argv, size_t argc, size_t i)
{
    if (strcmp(argv[i], "-j") || i + 1 >= argc || !argv[i + 1][0]) return 0;
    return strspn(argv[i + 1], "0123456789") == strlen(argv[i + 1]);
}

void pc_run_fingerprint(const char *rundir, char *const *argv, size_t argc,
                        const char *const *input_hashes, size_t ninputs, char out[65])
{
    struct pc_sha256 c;
    pc_sha256_init(&c);
    pc_sha256_update(&c, "pricer " PRICER_VERSION, strlen("pricer " PRICER_VERSION) + 1);
    size_t rl = strlen(rundir);
    for (size_t i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (is_threads_arg(argv, argc, i)) {
            i++;
            continue;
        }
        if (rl && !strncmp(a, rundir, rl) && (a[rl] == '/' || a[rl] == '\0')) {
            pc_sha256_update(&c, "$RUNDIR", 7);
            a += rl;
        }
        pc_sha256_update(&c, a, strlen(a) + 1);
    }
    for (size_t i = 0; i < ninputs; i++)
        pc_sha256_update(&c, input_hashes[i], strlen(input_hashes[i]) + 1);
    unsigned char d[32];
    pc_sha256_final(&c, d);
    pc_sha256_hex(d, out);
}

void pc_run_tokenizer_identity(const char *spec, char *out, size_t n)
{
#ifdef PC_DEFAULT_TOKENIZER
    if (!spec || !*spec) spec = PC_DEFAULT_TOKENIZER;
#endif
    if (!spec) spec = "";
    struct stat sb;
    char a[4200], b[4200];
    uint64_t s1 = 0, s2 = 0;
    int64_t m1 = 0, m2 = 0;
    if (stat(spec, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        snprintf(a, sizeof a, "%s/tokenizer.json", spec);
        snprintf(b, sizeof b, "%s/tokenizer_config.json", spec);
    } else {
        snprintf(a, sizeof a, "%s", spec);
        const char *slash = strrchr(spec, '/');
        snprintf(b, sizeof b, "%.*stokenizer_config.json", slash ? (int)(slash - spec + 1) : 0,
                 spec);
    }
    file_stat(a, &s1, &m1);
    file_stat(b, &s2, &m2);
    snprintf(out, n, "tokenizer %s %llu %lld %llu %lld", spec, (unsigned long long)s1,
             (long long)m1, (unsigned long long)s2, (long long)m2);
}

int pc_run_stage_outputs_intact(const struct pc_run_stage *st, const char *rundir)
{
    if (st->noutputs == 0) return 0;
    for (size_t i = 0; i < st->noutputs; i++) {
        char full[4096];
        snprintf(full, sizeof full, "%s/%s", rundir, st->outputs[i].path);
        uint64_t size;
        int64_t mt;
        if (file_stat(full, &size, &mt) != 0) return 0;
        if (size != st->outputs[i].size || mt != st->outputs[i].mtime_ns) return 0;
    }
    return 1;
}

/* ---- run.json ---- */

static int put_str(struct pc_buf *b, const char *s)
{
    return pc_json_put_str(b, s, strlen(s), 1);
}

static int put_file(struct pc_buf *b, const struct pc_run_file *f)
{
    int rc = pc_buf_puts(b, "{\"path\": ");
    if (!rc) rc = put_str(b, f->path);
    if (!rc && f->category) {
        rc = pc_buf_puts(b, ", \"category\": ");
        if (!rc) rc = put_str(b, f->category);
    }
    if (!rc)
        rc = pc_buf_printf(b, ", \"size\": %llu, \"mtime_ns\": %lld, \"sha256\": \"%s\"}",
                           (unsigned long long)f->size, (long long)f->mtime_ns, f->sha256);
    return rc;
}

static const char *status_name(int st)
{
    return st == PC_STAGE_REUSED ? "reused" : st == PC_STAGE_FAILED ? "failed" : "ran";
}

int pc_run_state_write(const struct pc_run_state *s, const char *path, const char *head,
                       const char *tail, struct pc_error *err)
{
    struct pc_buf b;
    pc_buf_init(&b, 0);
    int rc = pc_buf_puts(&b, "{");
    if (!rc && head && *head) rc = pc_buf_printf(&b, "%s,\n ", head);
    if (!rc) rc = pc_buf_puts(&b, "\"inputs\": [");
    for (size_t i = 0; i < s->ninputs && !rc; i++) {
        rc = pc_buf_puts(&b, i ? ",\n   " : "\n   ");
        if (!rc) rc = put_file(&b, &s->inputs[i]);
    }
    if (!rc) rc = pc_buf_puts(&b, "],\n \"stages\": [");
    for (size_t i = 0; i < s->nstages && !rc; i++) {
        const struct pc_run_stage *st = &s->stages[i];
        rc = pc_buf_puts(&b, i ? ",\n  {\"name\": " : "\n  {\"name\": ");
        if (!rc) rc = put_str(&b, st->name);
        if (!rc)
            rc = pc_buf_printf(&b,
                               ", \"status\": \"%s\", \"seconds\": %.6f, \"cpu_seconds\": %.3f, "
                               "\"main_cpu_seconds\": %.3f, \"serial_cpu_seconds\": %.3f, "
                               "\"hash_cpu_seconds\": %.3f, \"peak_rss_mb\": %.1f, "
                               "\"fingerprint\": \"%s\", \"command\": [",
                               status_name(st->status), st->seconds, st->cpu_seconds,
                               st->main_cpu_seconds, st->serial_cpu_seconds, st->hash_cpu_seconds,
                               st->peak_rss_mb, st->fingerprint);
        for (size_t k = 0; k < st->argc && !rc; k++) {
            if (k) rc = pc_buf_puts(&b, ", ");
            if (!rc) rc = put_str(&b, st->argv[k]);
        }
        if (!rc) rc = pc_buf_puts(&b, "],\n   \"outputs\": [");
        for (size_t k = 0; k < st->noutputs && !rc; k++) {
            if (k) rc = pc_buf_puts(&b, ", ");
            if (!rc) rc = put_file(&b, &st->outputs[k]);
        }
        if (!rc) rc = pc_buf_puts(&b, "],\n   \"counts\": {");
        for (size_t k = 0; k < st->ncounts && !rc; k++) {
            if (k) rc = pc_buf_puts(&b, ", ");
            if (!rc) rc = put_str(&b, st->counts[k].name);
            if (!rc) rc = pc_buf_printf(&b, ": %llu", (unsigned long long)st->counts[k].value);
        }
        if (!rc) rc = pc_buf_puts(&b, "}}");
    }
    if (!rc) rc = pc_buf_puts(&b, "]");
    if (!rc && tail && *tail) rc = pc_buf_printf(&b, ",\n %s", tail);
    if (!rc) rc = pc_buf_puts(&b, "}\n");
    if (rc) {
        pc_buf_release(&b);
        return pc_error_set(err, rc, "cannot build '%s': %s", path, pc_strerror(rc));
    }
    struct pc_atomic w;
    rc = pc_atomic_open(&w, path, err);
    if (!rc) {
        if (fwrite(b.data, 1, b.len, w.fp) != b.len) {
            pc_atomic_abort(&w);
            rc = pc_error_set(err, PC_EIO, "cannot write '%s'", path);
        } else
            rc = pc_atomic_commit(&w, err);
    }
    pc_buf_release(&b);
    return rc;
}

/* ---- loading an earlier run.json ---- */

static const char *jstr(const struct pc_json_val *o, const char *key)
{
    const struct pc_json_val *v = pc_json_get(o, key);
    return v && v->type == PC_JSON_STRING ? v->u.str : NULL;
}

static uint64_t jnum(const struct pc_json_val *o, const char *key)
{
    const struct pc_json_val *v = pc_json_get(o, key);
    if (!v || v->type != PC_JSON_NUMBER) return 0;
    return strtoull(v->u.raw, NULL, 10);
}

static int load_file(const struct pc_json_val *o, struct pc_run_file *f)
{
    memset(f, 0, sizeof *f);
    const char *p = jstr(o, "path"), *sha = jstr(o, "sha256"), *cat = jstr(o, "category");
    if (!p || !sha || strlen(sha) != 64) return PC_EFORMAT;
    f->path = strdup(p);
    f->category = cat ? strdup(cat) : NULL;
    f->size = jnum(o, "size");
    const struct pc_json_val *mt = pc_json_get(o, "mtime_ns");
    f->mtime_ns = mt && mt->type == PC_JSON_NUMBER ? strtoll(mt->u.raw, NULL, 10) : 0;
    memcpy(f->sha256, sha, 65);
    return f->path ? PC_OK : PC_ENOMEM;
}

int pc_run_state_load(struct pc_run_state *s, const char *path, struct pc_error *err)
{
    struct pc_buf b;
    pc_buf_init(&b, 256u << 20);
    int rc = pc_read_file(path, &b);
    if (rc == PC_EIO) {
        pc_buf_release(&b);
        return pc_error_set(err, PC_ENOTFOUND, "no earlier '%s'", path);
    }
    struct pc_json_doc *doc = pc_json_doc_new();
    const struct pc_json_val *root = NULL;
    if (!rc && doc)
        rc = pc_json_parse(doc, b.data ? b.data : "", b.len, &root, err);
    else if (!doc)
        rc = PC_ENOMEM;
    if (!rc && (!root || root->type != PC_JSON_OBJECT)) rc = PC_EFORMAT;
    const struct pc_json_val *in = rc ? NULL : pc_json_get(root, "inputs");
    for (uint32_t i = 0; in && in->type == PC_JSON_ARRAY && i < in->len && !rc; i++) {
        struct pc_run_file f;
        if (load_file(&in->u.items[i], &f) == PC_OK)
            rc = push_file(&s->inputs, &s->ninputs, &f);
        else
            file_release(&f);
    }
    const struct pc_json_val *sv = rc ? NULL : pc_json_get(root, "stages");
    for (uint32_t i = 0; sv && sv->type == PC_JSON_ARRAY && i < sv->len && !rc; i++) {
        const struct pc_json_val *o = &sv->u.items[i];
        const char *name = jstr(o, "name"), *fp_ = jstr(o, "fingerprint"),
                   *stat = jstr(o, "status");
        if (!name || !fp_ || strlen(fp_) != 64 || !stat || !strcmp(stat, "failed")) continue;
        struct pc_run_stage *st = pc_run_state_add_stage(s, name, NULL, 0);
        if (!st) {
            rc = PC_ENOMEM;
            break;
        }
        memcpy(st->fingerprint, fp_, 65);
        const struct pc_json_val *outs = pc_json_get(o, "outputs");
        for (uint32_t k = 0; outs && outs->type == PC_JSON_ARRAY && k < outs->len && !rc; k++) {
            struct pc_run_file f;
            if (load_file(&outs->u.items[k], &f) == PC_OK)
                rc = push_file(&st->outputs, &st->noutputs, &f);
            else {
                file_release(&f);
                st->fingerprint[0] = '\0'; /* damaged record: never reuse */
            }
        }
        const struct pc_json_val *cn = pc_json_get(o, "counts");
        for (uint32_t k = 0; cn && cn->type == PC_JSON_OBJECT && k < cn->len && !rc; k++)
            if (cn->u.members[k].val.type == PC_JSON_NUMBER)
                rc = pc_run_stage_add_count(st, cn->u.members[k].key,
                                            strtoull(cn->u.members[k].val.u.raw, NULL, 10));
    }
    pc_json_doc_free(doc);
    pc_buf_release(&b);
    if (rc == PC_EFORMAT) return pc_error_set(err, PC_EFORMAT, "'%s' is not a run record", path);
    return rc;
}
