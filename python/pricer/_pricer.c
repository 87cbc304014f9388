/* pricer._pricer: the CPython binding of pricer's public API (include/pricer/). A wrapper
 * only: argument conversion, the GIL, exceptions; no pipeline logic lives here. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "_pricer.h"

PyObject *pc_py_error; /* pricer.PricerError */

/* Raises PricerError(message) with .code, .file, .line, .offset set from e. */
PyObject *pc_py_raise(const struct pricer_error *e, int rc)
{
    const char *msg = e->message[0] ? e->message : pricer_strerror(rc);
    PyObject *text;
    if (e->file[0] && e->line > 0)
        text = PyUnicode_FromFormat("%s:%lld: %s", e->file, (long long)e->line, msg);
    else if (e->file[0] && !strstr(msg, e->file))
        text = PyUnicode_FromFormat("%s: %s", e->file, msg);
    else
        text = PyUnicode_FromString(msg);
    if (!text) return NULL;
    PyObject *exc = PyObject_CallOneArg(pc_py_error, text);
    Py_DECREF(text);
    if (!exc) return NULL;
    PyObject *v;
    if ((v = PyLong_FromLong(rc))) PyObject_SetAttrString(exc, "code", v), Py_DECREF(v);
    if ((v = e->file[0] ? PyUnicode_DecodeFSDefault(e->file) : Py_NewRef(Py_None)))
        PyObject_SetAttrString(exc, "file", v), Py_DECREF(v);
    if ((v = e->line > 0 ? PyLong_FromLongLong(e->line) : Py_NewRef(Py_None)))
        PyObject_SetAttrString(exc, "line", v), Py_DECREF(v);
    if ((v = e->offset >= 0 ? PyLong_FromLongLong(e->offset) : Py_NewRef(Py_None)))
        PyObject_SetAttrString(exc, "offset", v), Py_DECREF(v);
    PyErr_SetObject(pc_py_error, exc);
    Py_DECREF(exc);
    return NULL;
}

/* ---------------------------------------------------------------- Tokenizer */

static int tok_init(TokObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"spec", "env_tokenizer", "hf_hub_cache", "hf_home", "home", NULL};
    PyObject *spec = Py_None, *bytes = NULL;
    struct pricer_tokenizer_env env = {0};
    if (!PyArg_ParseTupleAndKeywords(args, kw, "|Ozzzz", kwlist, &spec, &env.tokenizer,
                                     &env.hf_hub_cache, &env.hf_home, &env.home))
        return -1;
    if (spec != Py_None && !PyUnicode_FSConverter(spec, &bytes)) return -1;
    struct pricer_error e;
    pricer_tokenizer *t = NULL;
    int rc;
    const char *s = bytes ? PyBytes_AS_STRING(bytes) : NULL;
    PyThreadState *ts_ = PyEval_SaveThread();
    rc = pricer_tokenizer_load_env(s, &env, &t, &e);
    PyEval_RestoreThread(ts_);
    Py_XDECREF(bytes);
    if (rc) {
        pc_py_raise(&e, rc);
        return -1;
    }
    pricer_tokenizer_free(self->tok);
    self->tok = t;
    return 0;
}

static void tok_dealloc(TokObject *self)
{
    pricer_tokenizer_free(self->tok);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static int tok_ready(TokObject *self)
{
    if (self->tok) return 1;
    PyErr_SetString(PyExc_ValueError, "tokenizer not loaded");
    return 0;
}

static PyObject *ids_to_list(const uint32_t *ids, size_t n)
{
    PyObject *l = PyList_New((Py_ssize_t)n);
    if (!l) return NULL;
    for (size_t i = 0; i < n; i++) {
        PyObject *v = PyLong_FromUnsignedLong(ids[i]);
        if (!v) {
            Py_DECREF(l);
            return NULL;
        }
        PyList_SET_ITEM(l, (Py_ssize_t)i, v);
    }
    return l;
}

/* encode(text, add_special_tokens=False) -> list of ids. */
static PyObject *tok_encode(TokObject *self, PyObject *args)
{
    PyObject *arg;
    int special = 0;
    if (!tok_ready(self) || !PyArg_ParseTuple(args, "O|p", &arg, &special)) return NULL;
    unsigned flags = special ? PRICER_ENCODE_ADD_SPECIAL_TOKENS : 0;
    Py_ssize_t len;
    const char *s = PyUnicode_AsUTF8AndSize(arg, &len);
    if (!s) return NULL;
    uint32_t *ids;
    size_t n;
    struct pricer_error e;
    int rc;
    PyThreadState *ts_ = PyEval_SaveThread();
    rc = pricer_tokenizer_encode_ex(self->tok, s, (size_t)len, flags, &ids, &n, &e);
    PyEval_RestoreThread(ts_);
    if (rc) return pc_py_raise(&e, rc);
    PyObject *l = ids_to_list(ids, n);
    pricer_free(ids);
    return l;
}

struct batch {
    const pricer_tokenizer *tok;
    const char **text;
    size_t *len;
    uint32_t **ids;
    size_t *n;
    size_t count;
    unsigned flags; /* PRICER_ENCODE_ADD_SPECIAL_TOKENS or 0 */
    size_t next;    /* next text to take (under mu) */
    pthread_mutex_t mu;
    int rc;
    struct pricer_error err;
};

static void *batch_worker(void *arg)
{
    struct batch *b = arg;
    for (;;) {
        pthread_mutex_lock(&b->mu);
        size_t i = b->next++;
        int stop = b->rc != 0;
        pthread_mutex_unlock(&b->mu);
        if (stop || i >= b->count) return NULL;
        struct pricer_error e;
        int rc = pricer_tokenizer_encode_ex(b->tok, b->text[i], b->len[i], b->flags, &b->ids[i],
                                            &b->n[i], &e);
        if (rc) {
            pthread_mutex_lock(&b->mu);
            if (!b->rc) {
                b->rc = rc;
                b->err = e;
            }
            pthread_mutex_unlock(&b->mu);
        }
    }
}

/* encode_batch(texts, threads, add_special_tokens=False) -> list of id lists; the GIL is
 * released while encoding. */
static PyObject *tok_encode_batch(TokObject *self, PyObject *args)
{
    PyObject *seq;
    int threads = 0, special = 0;
    if (!tok_ready(self) || !PyArg_ParseTuple(args, "O|ip", &seq, &threads, &special)) return NULL;
    PyObject *fast = PySequence_Fast(seq, "encode_batch wants a sequence of str");
    if (!fast) return NULL;
    size_t count = (size_t)PySequence_Fast_GET_SIZE(fast);
    struct batch b = {
        .tok = self->tok, .count = count, .flags = special ? PRICER_ENCODE_ADD_SPECIAL_TOKENS : 0};
    b.text = calloc(count + 1, sizeof *b.text);
    b.len = calloc(count + 1, sizeof *b.len);
    b.ids = calloc(count + 1, sizeof *b.ids);
    b.n = calloc(count + 1, sizeof *b.n);
    PyObject *out = NULL;
    if (!b.text || !b.len || !b.ids || !b.n) {
        PyErr_NoMemory();
        goto done;
    }
    for (size_t i = 0; i < count; i++) {
        Py_ssize_t l;
        /* the UTF-8 form is cached in the str object, alive as long as fast holds it */
        if (!(b.text[i] = PyUnicode_AsUTF8AndSize(PySequence_Fast_GET_ITEM(fast, i), &l)))
            goto done;
        b.len[i] = (size_t)l;
    }
    if (threads <= 0) threads = 4;
    if ((size_t)threads > count) threads = count ? (int)count : 1;
    pthread_mutex_init(&b.mu, NULL);
    PyThreadState *ts_ = PyEval_SaveThread();
    pthread_t tid[64];
    int started = 0;
    if (threads > 64) threads = 64;
    for (int i = 1; i < threads; i++)
        if (pthread_create(&tid[started], NULL, batch_worker, &b) == 0) started++;
    batch_worker(&b);
    for (int i = 0; i < started; i++) pthread_join(tid[i], NULL);
    PyEval_RestoreThread(ts_);
    pthread_mutex_destroy(&b.mu);
    if (b.rc) {
        pc_py_raise(&b.err, b.rc);
        goto done;
    }
    if (!(out = PyList_New((Py_ssize_t)count))) goto done;
    for (size_t i = 0; i < count; i++) {
        PyObject *l = ids_to_list(b.ids[i], b.n[i]);
        if (!l) {
            Py_CLEAR(out);
            goto done;
        }
        PyList_SET_ITEM(out, (Py_ssize_t)i, l);
    }
done:
    if (b.ids)
        for (size_t i = 0; i < count; i++) pricer_free(b.ids[i]);
    free(b.text);
    free(b.len);
    free(b.ids);
    free(b.n);
    Py_DECREF(fast);
    return out;
}

/* decode(ids, skip_special, cleanup) with cleanup -1 = the tokenizer's config. */
static PyObject *tok_decode(TokObject *self, PyObject *args)
{
    PyObject *seq;
    int skip = 0, cleanup = -1;
    if (!tok_ready(self) || !PyArg_ParseTuple(args, "O|pi", &seq, &skip, &cleanup)) return NULL;
    PyObject *fast = PySequence_Fast(seq, "decode wants a sequence of ints");
    if (!fast) return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(fast);
    uint32_t *ids = malloc((size_t)(n ? n : 1) * sizeof *ids);
    if (!ids) {
        Py_DECREF(fast);
        return PyErr_NoMemory();
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        unsigned long v = PyLong_AsUnsignedLong(PySequence_Fast_GET_ITEM(fast, i));
        if ((v == (unsigned long)-1 && PyErr_Occurred()) || v > UINT32_MAX) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_OverflowError, "token id too large");
            free(ids);
            Py_DECREF(fast);
            return NULL;
        }
        ids[i] = (uint32_t)v;
    }
    Py_DECREF(fast);
    char *text;
    size_t len;
    struct pricer_error e;
    int rc = pricer_tokenizer_decode(self->tok, ids, (size_t)n, skip, cleanup, &text, &len, &e);
    free(ids);
    if (rc) return pc_py_raise(&e, rc);
    PyObject *s = PyUnicode_DecodeUTF8(text, (Py_ssize_t)len, "replace");
    pricer_free(text);
    return s;
}

static PyObject *tok_id_to_token(TokObject *self, PyObject *arg)
{
    if (!tok_ready(self)) return NULL;
    unsigned long id = PyLong_AsUnsignedLong(arg);
    if (PyErr_Occurred()) {
        if (!PyErr_ExceptionMatches(PyExc_OverflowError)) return NULL;
        PyErr_Clear();
        Py_RETURN_NONE;
    }
    char *s;
    struct pricer_error e;
    if (id > UINT32_MAX || pricer_tokenizer_id_to_token(self->tok, (uint32_t)id, &s, &e))
        Py_RETURN_NONE;
    PyObject *r = PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "replace");
    pricer_free(s);
    return r;
}

static PyObject *tok_token_to_id(TokObject *self, PyObject *arg)
{
    if (!tok_ready(self)) return NULL;
    Py_ssize_t len;
    const char *s = PyUnicode_AsUTF8AndSize(arg, &len);
    if (!s) return NULL;
    uint32_t id;
    if (pricer_tokenizer_token_to_id(self->tok, s, (size_t)len, &id)) Py_RETURN_NONE;
    return PyLong_FromUnsignedLong(id);
}

static PyObject *tok_vocab_size(TokObject *self, PyObject *unused)
{
    if (!tok_ready(self)) return NULL;
    return PyLong_FromSize_t(pricer_tokenizer_vocab_size(self->tok));
}

static PyObject *tok_path(TokObject *self, PyObject *unused)
{
    if (!tok_ready(self)) return NULL;
    return PyUnicode_DecodeFSDefault(pricer_tokenizer_path(self->tok));
}

static PyObject *tok_cleanup_default(TokObject *self, PyObject *unused)
{
    if (!tok_ready(self)) return NULL;
    return PyBool_FromLong(pricer_tokenizer_cleanup_default(self->tok));
}

static PyMethodDef tok_methods[] = {
    {"encode", (PyCFunction)tok_encode, METH_VARARGS,
     "encode(text, add_special_tokens=False) -> list of ids"},
    {"encode_batch", (PyCFunction)tok_encode_batch, METH_VARARGS,
     "encode_batch(texts, threads=4, add_special_tokens=False) -> list of id lists (GIL "
     "released)"},
    {"decode", (PyCFunction)tok_decode, METH_VARARGS,
     "decode(ids, skip_special=False, cleanup=-1) -> str"},
    {"id_to_token", (PyCFunction)tok_id_to_token, METH_O, "id_to_token(id) -> str or None"},
    {"token_to_id", (PyCFunction)tok_token_to_id, METH_O, "token_to_id(token) -> int or None"},
    {"vocab_size", (PyCFunction)tok_vocab_size, METH_NOARGS, "number of ids"},
    {"path", (PyCFunction)tok_path, METH_NOARGS, "tokenizer.json loaded"},
    {"cleanup_default", (PyCFunction)tok_cleanup_default, METH_NOARGS,
     "clean_up_tokenization_spaces of the tokenizer's config"},
    {NULL, NULL, 0, NULL},
};

PyTypeObject pc_py_tok_type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "pricer._pricer.Tokenizer",
    .tp_basicsize = sizeof(TokObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_doc = "A loaded tokenizer.json (see pricer.Tokenizer)",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)tok_init,
    .tp_dealloc = (destructor)tok_dealloc,
    .tp_methods = tok_methods,
};

static PyObject *version(PyObject *mod, PyObject *unused)
{
    return PyUnicode_FromString(pricer_version());
}

static PyObject *split_formats(PyObject *mod, PyObject *unused)
{
    return PyUnicode_FromString(pricer_split_formats());
}

static PyMethodDef methods[] = {
    {"parse_files", (PyCFunction)(void (*)(void))pc_py_parse_files, METH_VARARGS | METH_KEYWORDS,
     "parse_files(paths, output, tokenizer=None, **options) -> stats dict"},
    {"parse_record", (PyCFunction)(void (*)(void))pc_py_parse_record, METH_VARARGS | METH_KEYWORDS,
     "parse_record(line, tokenizer=None, **options) -> (item JSON or None, reason)"},
    {"run", (PyCFunction)(void (*)(void))pc_py_run, METH_VARARGS | METH_KEYWORDS,
     "run(rundir, config=None, keys=(), values=(), force=False, shards=0, worker=None) -> dict"},
    {"run_plan", (PyCFunction)(void (*)(void))pc_py_run_plan, METH_VARARGS | METH_KEYWORDS,
     "run_plan(rundir, config=None, keys=(), values=()) -> list of input dicts"},
    {"run_shard", (PyCFunction)(void (*)(void))pc_py_run_shard, METH_VARARGS | METH_KEYWORDS,
     "run_shard(rundir, input, k, n, config=None, keys=(), values=(), force=False, "
     "worker=None) -> dict"},
    {"run_settings", pc_py_run_settings, METH_NOARGS, "[(section, key, type)] of every setting"},
    {"run_args", pc_py_run_args, METH_O,
     "run_args(list of `pricer run` arguments) -> dict of the run's resolved options"},
    {"curate_files", (PyCFunction)(void (*)(void))pc_py_curate_files, METH_VARARGS | METH_KEYWORDS,
     "curate_files(inputs, output, **options) -> stats dict"},
    {"split_file", (PyCFunction)(void (*)(void))pc_py_split_file, METH_VARARGS | METH_KEYWORDS,
     "split_file(sample, output_dir, **options) -> stats dict"},
    {"version", version, METH_NOARGS, "library version"},
    {"split_formats", split_formats, METH_NOARGS, "export formats, comma-separated"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "pricer._pricer",
                                    "Binding of pricer's C library", -1, methods};

PyMODINIT_FUNC PyInit__pricer(void)
{
    if (PyType_Ready(&pc_py_tok_type) < 0) return NULL;
    PyObject *m = PyModule_Create(&module);
    if (!m) return NULL;
    pc_py_error = PyErr_NewExceptionWithDoc(
        "pricer.PricerError",
        "A pricer library error; .code, .file, .line and .offset say what and where.", NULL, NULL);
    if (!pc_py_error || PyModule_AddObjectRef(m, "PricerError", pc_py_error) < 0 ||
        PyModule_AddObjectRef(m, "Tokenizer", (PyObject *)&pc_py_tok_type) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
