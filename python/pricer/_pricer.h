/* Shared by the files of the pricer._pricer extension (python/pricer/). */
#ifndef PRICER_PY_PRICER_H
#define PRICER_PY_PRICER_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <pricer/pricer.h>

/* pricer.PricerError (created by the module's init). */
extern PyObject *pc_py_error;

/* Raises PricerError from e (message with file:line, attributes code, file, line,
 * offset); returns NULL. */
PyObject *pc_py_raise(const struct pricer_error *e, int rc);

/* The Tokenizer type and its object: tok is NULL until loaded. */
typedef struct {
    PyObject_HEAD pricer_tokenizer *tok;
} TokObject;
extern PyTypeObject pc_py_tok_type;

/* A list of str/PathLike -> NULL-terminated array of char * (into *keep's bytes objects,
 * a new reference); NULL with an exception set. */
const char **pc_py_paths_of(PyObject *seq, PyObject **keep, size_t *n);

/* The stage functions (_pricer_stages.c), METH_VARARGS | METH_KEYWORDS. */
PyObject *pc_py_parse_files(PyObject *mod, PyObject *args, PyObject *kw);
PyObject *pc_py_parse_record(PyObject *mod, PyObject *args, PyObject *kw);
PyObject *pc_py_curate_files(PyObject *mod, PyObject *args, PyObject *kw);
PyObject *pc_py_split_file(PyObject *mod, PyObject *args, PyObject *kw);
/* The pipeline (_pricer_run.c): run, run_plan, run_shard (METH_VARARGS | METH_KEYWORDS) and
 * run_settings (METH_NOARGS). */
PyObject *pc_py_run(PyObject *mod, PyObject *args, PyObject *kw);
PyObject *pc_py_run_plan(PyObject *mod, PyObject *args, PyObject *kw);
PyObject *pc_py_run_shard(PyObject *mod, PyObject *args, PyObject *kw);
PyObject *pc_py_run_settings(PyObject *mod, PyObject *unused);
/* run_args(list of str) -> dict: `pricer run`'s arguments read by the library (METH_O). */
PyObject *pc_py_run_args(PyObject *mod, PyObject *arg);

#endif
