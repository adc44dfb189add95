// Minimal stand-in for CPython's <Python.h>.
#pragma once
#ifdef __cplusplus
extern "C" {
#endif
typedef struct _object {
  long ob_refcnt;
} PyObject;
typedef enum { PyGILState_LOCKED, PyGILState_UNLOCKED } PyGILState_STATE;
typedef struct _ts PyThreadState;
PyGILState_STATE PyGILState_Ensure(void);
void PyGILState_Release(PyGILState_STATE);
PyThreadState *PyEval_SaveThread(void);
void PyEval_RestoreThread(PyThreadState *);
PyObject *PyObject_CallObject(PyObject *callable, PyObject *args);
PyObject *PyLong_FromLong(long v);
void Py_DecRef(PyObject *o);
#define Py_DECREF(op) Py_DecRef((PyObject *)(op))
#define Py_BEGIN_ALLOW_THREADS                                                 \
  {                                                                            \
    PyThreadState *_save;                                                      \
    _save = PyEval_SaveThread();
#define Py_END_ALLOW_THREADS                                                   \
  PyEval_RestoreThread(_save);                                                 \
  }
#ifdef __cplusplus
}
#endif
