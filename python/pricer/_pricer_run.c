/* pricer._pricer: the pipeline functions (include/pricer/run.h): run, run_plan, run_shard,
 * run_settings and run_args. Wrappers only: argument conversion, the GIL (released around every
 * library call, so Dask worker threads run shards in parallel), exceptions. */
#include <stdlib.h>
#include <string.h>

#include "_pricer.h"

/* The keyword arguments every pipeline function takes, converted; release with opts_free. */
struct pyopts {
    struct pricer_run_options o;
    struct pricer_tokenizer_env env;
    PyObject *rb, *cb, *kkeep, *vkeep;
    const char **k, **v;
};

static void opts_free(struct pyopts *p)
{
    free(p->k);
    free(p->v);
    Py_XDECREF(p->kkeep);
    Py_XDECREF(p->vkeep);
    Py_XDECREF(p->rb);
    Py_XDECREF(p->cb);
}

/* rundir, config, keys, values -> p->o (0, or -1 with an exception set). */
static int opts_of(struct pyopts *p, PyObject *rundir, PyObject *config, PyObject *keys,
                   PyObject *values)
{
    size_t nk = 0, nv = 0;
    if (!PyUnicode_FSConverter(rundir, &p->rb)) return -1;
    if (config && config != Py_None && !PyUnicode_FSConverter(config, &p->cb)) return -1;
    if (keys && keys != Py_None && !(p->k = pc_py_paths_of(keys, &p->kkeep, &nk))) return -1;
    if (values && values != Py_None && !(p->v = pc_py_paths_of(values, &p->vkeep, &nv))) return -1;
    if (nk != nv) {
        PyErr_SetString(PyExc_ValueError, "keys and values differ in length");
        return -1;
    }
    p->o.rundir = PyBytes_AS_STRING(p->rb);
    p->o.config = p->cb ? PyBytes_AS_STRING(p->cb) : NULL;
    p->o.keys = p->k;
    p->o.values = p->v;
    p->o.n = nk;
    p->o.env = &p->env;
    return 0;
}

PyObject *pc_py_run(PyObject *mod, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {
        "rundir",        "config",       "keys",    "values", "force",   "shards", "worker",
        "env_tokenizer", "hf_hub_cache", "hf_home", "home",   "command", NULL};
    PyObject *rundir, *config = NULL, *keys = NULL, *values = NULL, *command = NULL;
    PyObject *ckeep = NULL;
    const char **cv = NULL;
    size_t cn = 0;
    int force = 0;
    unsigned int shards = 0;
    const char *worker = NULL;
    struct pyopts p;
    memset(&p, 0, sizeof p);
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|OOOpIzzzzzO", kwlist, &rundir, &config, &keys,
                                     &values, &force, &shards, &worker, &p.env.tokenizer,
                                     &p.env.hf_hub_cache, &p.env.hf_home, &p.env.home, &command))
        return NULL;
    if (command && command != Py_None && !(cv = pc_py_paths_of(command, &ckeep, &cn))) return NULL;
    PyObject *res = NULL;
    if (opts_of(&p, rundir, config, keys, values) == 0) {
        p.o.force = force;
        p.o.shards = shards;
        p.o.worker = worker;
        p.o.argv = cv;
        p.o.argc = (int)cn;
        struct pricer_run_result r;
        struct pricer_error e;
        int rc;
        PyThreadState *ts_ = PyEval_SaveThread();
        rc = pricer_run_ex(&p.o, &r, &e);
        PyEval_RestoreThread(ts_);
        if (rc)
            pc_py_raise(&e, rc);
        else
            res = Py_BuildValue(
                "{s:i,s:K,s:K,s:K,s:K,s:K,s:K,s:i,s:i,s:d}", "inputs", r.inputs, "rows",
                (unsigned long long)r.rows, "items", (unsigned long long)r.items, "sample",
                (unsigned long long)r.sample, "train", (unsigned long long)r.train, "test",
                (unsigned long long)r.test, "validation", (unsigned long long)r.validation,
                "stages", r.stages, "reused", r.reused, "seconds", r.seconds);
    }
    opts_free(&p);
    free(cv);
    Py_XDECREF(ckeep);
    return res;
}

PyObject *pc_py_run_plan(PyObject *mod, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"rundir", "config", "keys", "values", NULL};
    PyObject *rundir, *config = NULL, *keys = NULL, *values = NULL;
    struct pyopts p;
    memset(&p, 0, sizeof p);
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|OOO", kwlist, &rundir, &config, &keys, &values))
        return NULL;
    PyObject *res = NULL;
    if (opts_of(&p, rundir, config, keys, values) == 0) {
        struct pricer_run_plan plan;
        struct pricer_error e;
        int rc;
        PyThreadState *ts_ = PyEval_SaveThread();
        rc = pricer_run_plan(&p.o, &plan, &e);
        PyEval_RestoreThread(ts_);
        if (rc)
            pc_py_raise(&e, rc);
        else {
            res = PyList_New(plan.n);
            for (int i = 0; res && i < plan.n; i++) {
                PyObject *d = Py_BuildValue("{s:i,s:O&,s:s,s:s,s:K}", "index", i, "path",
                                            PyUnicode_DecodeFSDefault, plan.paths[i], "category",
                                            plan.categories[i], "name", plan.names[i], "size",
                                            (unsigned long long)plan.sizes[i]);
                if (!d)
                    Py_CLEAR(res);
                else
                    PyList_SET_ITEM(res, i, d);
            }
            pricer_run_plan_free(&plan);
        }
    }
    opts_free(&p);
    return res;
}

PyObject *pc_py_run_shard(PyObject *mod, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"rundir",       "input",   "k",     "n",      "config",
                             "keys",         "values",  "force", "worker", "env_tokenizer",
                             "hf_hub_cache", "hf_home", "home",  NULL};
    PyObject *rundir, *config = NULL, *keys = NULL, *values = NULL;
    int input = 0, force = 0;
    unsigned int k = 0, n = 0;
    const char *worker = NULL;
    struct pyopts p;
    memset(&p, 0, sizeof p);
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OiII|OOOpzzzzz", kwlist, &rundir, &input, &k, &n,
                                     &config, &keys, &values, &force, &worker, &p.env.tokenizer,
                                     &p.env.hf_hub_cache, &p.env.hf_home, &p.env.home))
        return NULL;
    PyObject *res = NULL;
    if (opts_of(&p, rundir, config, keys, values) == 0) {
        p.o.force = force;
        p.o.worker = worker;
        struct pricer_shard_result r;
        struct pricer_error e;
        int rc;
        PyThreadState *ts_ = PyEval_SaveThread();
        rc = pricer_run_shard(&p.o, input, k, n, &r, &e);
        PyEval_RestoreThread(ts_);
        if (rc)
            pc_py_raise(&e, rc);
        else
            res = Py_BuildValue("{s:O,s:K,s:K,s:K,s:K,s:d}", "reused",
                                r.reused ? Py_True : Py_False, "bytes", (unsigned long long)r.bytes,
                                "items_bytes", (unsigned long long)r.items_bytes, "items",
                                (unsigned long long)r.items, "rows", (unsigned long long)r.rows,
                                "seconds", r.seconds);
    }
    opts_free(&p);
    return res;
}

PyObject *pc_py_run_settings(PyObject *mod, PyObject *unused)
{
    PyObject *list = PyList_New(0);
    const char *sec, *key, *type;
    for (size_t i = 0; list && pricer_run_setting(i, &sec, &key, &type); i++) {
        PyObject *t = Py_BuildValue("(sss)", sec, key, type);
        if (!t || PyList_Append(list, t) < 0) Py_CLEAR(list);
        Py_XDECREF(t);
    }
    return list;
}

/* `--config -` for pricer_run_args_parse: sys.stdin.buffer.read() (the GIL is held). */
struct stdin_keep {
    PyObject *data;
};

static const char *py_read_stdin(void *user, size_t *n)
{
    struct stdin_keep *k = user;
    PyObject *in = PySys_GetObject("stdin"); /* borrowed */
    PyObject *buf = in ? PyObject_GetAttrString(in, "buffer") : NULL;
    PyObject *data = buf ? PyObject_CallMethod(buf, "read", NULL) : NULL;
    Py_XDECREF(buf);
    if (!data || !PyBytes_Check(data)) {
        Py_XDECREF(data);
        PyErr_Clear();
        return NULL;
    }
    Py_XDECREF(k->data);
    k->data = data;
    *n = (size_t)PyBytes_GET_SIZE(data);
    return PyBytes_AS_STRING(data);
}

/* Setting i's values as Python: a list (list, paths), a dict (map), else a str. */
static PyObject *setting_value(const char *type, const char *const *items, size_t n)
{
    if (!strcmp(type, "list") || !strcmp(type, "paths")) {
        PyObject *l = PyList_New((Py_ssize_t)n);
        for (size_t i = 0; l && i < n; i++) {
            PyObject *s = PyUnicode_DecodeFSDefault(items[i]);
            if (!s)
                Py_CLEAR(l);
            else
                PyList_SET_ITEM(l, (Py_ssize_t)i, s);
        }
        return l;
    }
    if (!strcmp(type, "map")) {
        PyObject *d = PyDict_New();
        for (size_t i = 0; d && i < n; i++) {
            const char *eq = strchr(items[i], '=');
            PyObject *k = PyUnicode_FromStringAndSize(items[i], eq - items[i]);
            PyObject *v = PyUnicode_FromString(eq + 1);
            if (!k || !v || PyDict_SetItem(d, k, v) < 0) Py_CLEAR(d);
            Py_XDECREF(k);
            Py_XDECREF(v);
        }
        return d;
    }
    return PyUnicode_DecodeFSDefault(n ? items[0] : "");
}

/* The resolved settings of a: {full key: {"value", "source", "line"}} in table order. */
static PyObject *settings_dict(const pricer_run_args *a)
{
    PyObject *d = PyDict_New();
    const char *sec, *key, *type, *source;
    const char *const *items;
    size_t n;
    long line;
    for (size_t i = 0; d && pricer_run_setting(i, &sec, &key, &type) &&
                       pricer_run_args_setting(a, i, &items, &n, &source, &line);
         i++) {
        PyObject *v = setting_value(type, items, n);
        PyObject *s =
            v ? Py_BuildValue("{s:O,s:s,s:l}", "value", v, "source", source, "line", line) : NULL;
        Py_XDECREF(v);
        char full[128];
        snprintf(full, sizeof full, "%s%s%s", sec, *sec ? "." : "", key);
        if (!s || PyDict_SetItemString(d, full, s) < 0) Py_CLEAR(d);
        Py_XDECREF(s);
    }
    return d;
}

/* Py_BuildValue's O& converter: a path as str, or None. */
static PyObject *path_or_none(void *p)
{
    return p ? PyUnicode_DecodeFSDefault(p) : Py_NewRef(Py_None);
}

PyObject *pc_py_run_args(PyObject *mod, PyObject *arg)
{
    PyObject *keep = NULL;
    size_t n = 0;
    const char **v = pc_py_paths_of(arg, &keep, &n);
    if (!v) return NULL;
    const char **argv = malloc((n + 2) * sizeof *argv);
    if (!argv) {
        free(v);
        Py_XDECREF(keep);
        return PyErr_NoMemory();
    }
    argv[0] = "run";
    memcpy(argv + 1, v, n * sizeof *argv);
    argv[n + 1] = NULL;
    struct stdin_keep sk = {NULL};
    struct pricer_run_args_hooks hooks = {&sk, py_read_stdin, NULL};
    pricer_run_args *a;
    struct pricer_error e;
    int rc = pricer_run_args_parse((int)n + 1, argv, &hooks, &a, &e);
    free(argv);
    free(v);
    Py_XDECREF(keep);
    Py_XDECREF(sk.data);
    if (rc) return pc_py_raise(&e, rc);
    struct pricer_run_args_info in;
    pricer_run_args_info(a, &in);
    PyObject *settings = settings_dict(a);
    PyObject *shard =
        in.shard_n ? Py_BuildValue("(II)", in.shard_k, in.shard_n) : Py_NewRef(Py_None);
    PyObject *res = NULL;
    if (settings && shard)
        res = Py_BuildValue("{s:O&,s:i,s:O&,s:O,s:O,s:O,s:I,s:z,s:O,s:z,s:O}", "config",
                            path_or_none, in.config, "configs", in.configs, "output", path_or_none,
                            in.rundir, "force", in.force ? Py_True : Py_False, "dry_run",
                            in.dry_run ? Py_True : Py_False, "shard", shard, "shards", in.shards,
                            "verbosity",
                            in.verbosity == 'q'   ? "quiet"
                            : in.verbosity == 'v' ? "verbose"
                                                  : NULL,
                            "help", in.help ? Py_True : Py_False, "help_config",
                            in.help_config == 2   ? "markdown"
                            : in.help_config == 1 ? "text"
                                                  : NULL,
                            "settings", settings);
    Py_XDECREF(settings);
    Py_XDECREF(shard);
    pricer_run_args_free(a);
    return res;
}
