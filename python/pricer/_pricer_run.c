/* pricer._pricer: the pipeline functions (include/pricer/run.h): run, run_plan, run_shard
 * and run_settings. Wrappers only: argument conversion, the GIL (released around every
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
