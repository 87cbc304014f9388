/* pricer._pricer: parse, curate and split over the public API (include/pricer/). */
#include <stdlib.h>
#include <string.h>

#include "_pricer.h"

/* (see _pricer.h) */
const char **pc_py_paths_of(PyObject *seq, PyObject **keep, size_t *n)
{
    PyObject *fast = PySequence_Fast(seq, "paths must be a sequence");
    if (!fast) return NULL;
    Py_ssize_t k = PySequence_Fast_GET_SIZE(fast);
    PyObject *list = PyList_New(k);
    const char **out = calloc((size_t)k + 1, sizeof *out);
    if (!list || !out) {
        Py_XDECREF(list);
        free(out);
        Py_DECREF(fast);
        PyErr_NoMemory();
        return NULL;
    }
    for (Py_ssize_t i = 0; i < k; i++) {
        PyObject *b = NULL;
        if (!PyUnicode_FSConverter(PySequence_Fast_GET_ITEM(fast, i), &b)) {
            Py_DECREF(list);
            free(out);
            Py_DECREF(fast);
            return NULL;
        }
        PyList_SET_ITEM(list, i, b);
        out[i] = PyBytes_AS_STRING(b);
    }
    Py_DECREF(fast);
    *keep = list;
    *n = (size_t)k;
    return out;
}

/* The size limits of parse and parse_record (checked, then set in o) and the optional
 * tokenizer object (None: the default). -1 with a Python exception set on a bad value. */
static int limits_and_tokenizer(struct pricer_parse_options *o, Py_ssize_t min_chars,
                                Py_ssize_t ceiling, Py_ssize_t min_tokens, Py_ssize_t max_tokens,
                                PyObject *tokobj, const pricer_tokenizer **tok)
{
    if (min_chars < 0 || ceiling < 0 || min_tokens < 0 || max_tokens < 1) {
        PyErr_SetString(PyExc_ValueError,
                        "character and token limits must be >= 0 (max_tokens >= 1)");
        return -1;
    }
    o->min_chars = (size_t)min_chars;
    o->ceiling_chars = (size_t)ceiling;
    o->min_tokens = (size_t)min_tokens;
    o->max_tokens = (size_t)max_tokens;
    *tok = NULL;
    if (tokobj != Py_None) {
        if (!PyObject_TypeCheck(tokobj, &pc_py_tok_type) || !((TokObject *)tokobj)->tok) {
            PyErr_SetString(PyExc_TypeError, "tokenizer must be a loaded pricer tokenizer");
            return -1;
        }
        *tok = ((TokObject *)tokobj)->tok;
    }
    return 0;
}

PyObject *pc_py_parse_files(PyObject *mod, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {
        "paths",         "output",     "tokenizer",  "category",  "jobs",      "min_chars",
        "ceiling_chars", "min_tokens", "max_tokens", "min_price", "max_price", "question",
        "prefix",        "cleanup",    "truncate",   "source",    NULL};
    struct pricer_parse_options o;
    pricer_parse_options_init(&o);
    PyObject *paths, *tokobj = Py_None, *outobj, *outb = NULL, *keep = NULL;
    Py_ssize_t min_chars = (Py_ssize_t)o.min_chars, ceiling = (Py_ssize_t)o.ceiling_chars;
    Py_ssize_t min_tokens = (Py_ssize_t)o.min_tokens, max_tokens = (Py_ssize_t)o.max_tokens;
    if (!PyArg_ParseTupleAndKeywords(
            args, kw, "OO|Ozinnnnddzzizp", kwlist, &paths, &outobj, &tokobj, &o.category, &o.jobs,
            &min_chars, &ceiling, &min_tokens, &max_tokens, &o.min_price, &o.max_price, &o.question,
            &o.prefix, &o.cleanup, &o.truncate, &o.with_source))
        return NULL;
    const pricer_tokenizer *tok = NULL;
    if (limits_and_tokenizer(&o, min_chars, ceiling, min_tokens, max_tokens, tokobj, &tok))
        return NULL;
    size_t n;
    const char **p = pc_py_paths_of(paths, &keep, &n);
    if (!p) return NULL;
    if (!PyUnicode_FSConverter(outobj, &outb)) {
        free(p);
        Py_DECREF(keep);
        return NULL;
    }
    struct pricer_parse_stats st;
    struct pricer_error e;
    int rc;
    PyThreadState *ts_ = PyEval_SaveThread();
    rc = pricer_parse_files(p, n, PyBytes_AS_STRING(outb), tok, &o, &st, &e);
    PyEval_RestoreThread(ts_);
    free(p);
    Py_DECREF(keep);
    Py_DECREF(outb);
    if (rc) return pc_py_raise(&e, rc);
    return Py_BuildValue("{s:K,s:K,s:K,s:K,s:K,s:K,s:K}", "lines", st.lines, "invalid", st.invalid,
                         "priced", st.priced, "in_window", st.in_window, "too_short", st.too_short,
                         "too_few_tokens", st.too_few_tokens, "kept", st.kept);
}

/* parse_record(line, tokenizer=None, **options) -> (items JSON line or None, reason). */
PyObject *pc_py_parse_record(PyObject *mod, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"line",       "tokenizer",  "category",  "min_chars", "ceiling_chars",
                             "min_tokens", "max_tokens", "min_price", "max_price", "question",
                             "prefix",     "cleanup",    "truncate",  NULL};
    struct pricer_parse_options o;
    pricer_parse_options_init(&o);
    PyObject *tokobj = Py_None;
    const char *line;
    Py_ssize_t len;
    Py_ssize_t min_chars = (Py_ssize_t)o.min_chars, ceiling = (Py_ssize_t)o.ceiling_chars;
    Py_ssize_t min_tokens = (Py_ssize_t)o.min_tokens, max_tokens = (Py_ssize_t)o.max_tokens;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "s#|Oznnnnddzziz", kwlist, &line, &len, &tokobj,
                                     &o.category, &min_chars, &ceiling, &min_tokens, &max_tokens,
                                     &o.min_price, &o.max_price, &o.question, &o.prefix, &o.cleanup,
                                     &o.truncate))
        return NULL;
    const pricer_tokenizer *tok = NULL;
    if (limits_and_tokenizer(&o, min_chars, ceiling, min_tokens, max_tokens, tokobj, &tok))
        return NULL;
    char *item;
    const char *reason;
    struct pricer_error e;
    int rc;
    PyThreadState *ts_ = PyEval_SaveThread();
    rc = pricer_parse_record(tok, line, (size_t)len, &o, &item, &reason, &e);
    PyEval_RestoreThread(ts_);
    if (rc) return pc_py_raise(&e, rc);
    PyObject *r;
    if (item) {
        r = Py_BuildValue("(ss)", item, reason);
        pricer_free(item);
    } else {
        r = Py_BuildValue("(Os)", Py_None, reason);
    }
    return r;
}

PyObject *pc_py_curate_files(PyObject *mod, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"inputs",    "output",   "seed",    "slot_min",       "slot_max",
                             "all_above", "slot_cap", "weights", "default_weight", "no_balance",
                             "jobs",      "dedup",    NULL};
    struct pricer_curate_options o;
    pricer_curate_options_init(&o);
    PyObject *inputs, *outobj, *weights = Py_None, *outb = NULL, *keep = NULL;
    Py_ssize_t jobs = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OO|IiiiIOIpnz", kwlist, &inputs, &outobj, &o.seed,
                                     &o.slot_min, &o.slot_max, &o.all_above, &o.slot_cap, &weights,
                                     &o.default_weight, &o.no_balance, &jobs, &o.dedup))
        return NULL;
    o.jobs = jobs > 0 ? (size_t)jobs : 0;
    const char **names = NULL;
    uint32_t *w = NULL;
    PyObject *items = NULL;
    if (weights != Py_None) {
        if (!PyDict_Check(weights)) {
            PyErr_SetString(PyExc_TypeError, "weights must be a dict {category: weight}");
            return NULL;
        }
        Py_ssize_t k = PyDict_Size(weights), pos = 0, i = 0;
        names = calloc((size_t)k + 1, sizeof *names);
        w = calloc((size_t)k + 1, sizeof *w);
        if (!names || !w) {
            free(names);
            free(w);
            return PyErr_NoMemory();
        }
        PyObject *key, *val;
        while (PyDict_Next(weights, &pos, &key, &val)) {
            const char *s = PyUnicode_AsUTF8(key);
            unsigned long v = PyLong_AsUnsignedLong(val);
            if (!s || PyErr_Occurred() || v > UINT32_MAX) {
                if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "weight too large");
                free(names);
                free(w);
                return NULL;
            }
            names[i] = s;
            w[i++] = (uint32_t)v;
        }
        o.weight_categories = names;
        o.weights = w;
        o.n_weights = (size_t)k;
    }
    size_t n;
    const char **p = pc_py_paths_of(inputs, &keep, &n);
    int ok = p && PyUnicode_FSConverter(outobj, &outb);
    PyObject *res = NULL;
    if (ok) {
        struct pricer_curate_stats st;
        struct pricer_error e;
        int rc;
        PyThreadState *ts_ = PyEval_SaveThread();
        rc = pricer_curate_files(p, n, PyBytes_AS_STRING(outb), &o, &st, &e);
        PyEval_RestoreThread(ts_);
        if (rc)
            pc_py_raise(&e, rc);
        else
            res = Py_BuildValue("{s:K,s:K,s:K,s:K}", "items", st.items, "selected", st.selected,
                                "out_of_range", st.out_of_range, "dedup_removed", st.dedup_removed);
    }
    free(p);
    free(names);
    free(w);
    Py_XDECREF(items);
    Py_XDECREF(keep);
    Py_XDECREF(outb);
    return res;
}

PyObject *pc_py_split_file(PyObject *mod, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"sample",
                             "output",
                             "seed",
                             "train",
                             "test",
                             "validation",
                             "allow_short",
                             "formats",
                             "parquet_codec",
                             "title",
                             "jobs",
                             "license",
                             "parquet_row_group",
                             "parquet_shard_bytes",
                             "group_by",
                             NULL};
    struct pricer_split_options o;
    pricer_split_options_init(&o);
    PyObject *sample, *outobj, *sb = NULL, *ob = NULL;
    unsigned long long seed = o.seed, row_group = 0, shard = 0;
    Py_ssize_t train = (Py_ssize_t)o.train, test = (Py_ssize_t)o.test, val = 0, jobs = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OO|KnnnpzzznzKKz", kwlist, &sample, &outobj, &seed,
                                     &train, &test, &val, &o.allow_short, &o.formats,
                                     &o.parquet_codec, &o.title, &jobs, &o.license, &row_group,
                                     &shard, &o.group_by))
        return NULL;
    if (train < 0 || test < 0 || val < 0) {
        PyErr_SetString(PyExc_ValueError, "split sizes must be >= 0");
        return NULL;
    }
    o.seed = seed;
    o.parquet_row_group = row_group;
    o.parquet_shard_bytes = shard;
    o.train = (size_t)train;
    o.test = (size_t)test;
    o.validation = (size_t)val;
    o.jobs = jobs > 0 ? (size_t)jobs : 0;
    if (!PyUnicode_FSConverter(sample, &sb)) return NULL;
    if (!PyUnicode_FSConverter(outobj, &ob)) {
        Py_DECREF(sb);
        return NULL;
    }
    struct pricer_split_stats st;
    struct pricer_error e;
    int rc;
    PyThreadState *ts_ = PyEval_SaveThread();
    rc = pricer_split_file(PyBytes_AS_STRING(sb), PyBytes_AS_STRING(ob), &o, &st, &e);
    PyEval_RestoreThread(ts_);
    Py_DECREF(sb);
    Py_DECREF(ob);
    if (rc) return pc_py_raise(&e, rc);
    return Py_BuildValue("{s:n,s:n,s:n,s:n,s:O,s:K,s:n,s:n}", "sample", (Py_ssize_t)st.sample,
                         "train", (Py_ssize_t)st.train, "test", (Py_ssize_t)st.test, "validation",
                         (Py_ssize_t)st.validation, "short_sample",
                         st.short_sample ? Py_True : Py_False, "bytes_written",
                         (unsigned long long)st.bytes_written, "groups", (Py_ssize_t)st.groups,
                         "group_skipped", (Py_ssize_t)st.group_skipped);
}
