// The GIL as a capability of the lock-set analysis, against CPython's real
// <Python.h>: Python called on the same thread while the GIL is released
// (Py_BEGIN_ALLOW_THREADS, Py_UNBLOCK_THREADS), and a task whose
// PyEval_RestoreThread is conditional.
// REQUIRES: python-headers
// RUN: %clang_tidy -checks='-*,conc-runtime-shared-across-tasks' %s -- -std=c++17 %python_includes 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-runtime-shared-across-tasks' %s -- -std=c++17 %python_includes 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <thread>
#include <unistd.h>

// An early return inside Py_BEGIN_ALLOW_THREADS without Py_BLOCK_THREADS.
PyObject *ReadEarlyReturn(PyObject *Self, PyObject *Args) {
  char Buffer[64];
  ssize_t N;
  Py_BEGIN_ALLOW_THREADS
  N = read(0, Buffer, sizeof Buffer);
  if (N < 0)
    return PyErr_SetFromErrno(PyExc_OSError);
  // CHECK: real-python-gil-released.cpp:[[@LINE-1]]:12: warning: 'PyErr_SetFromErrno' needs the GIL, which this thread has released on every path to here; take the GIL back before the call [conc-runtime-shared-across-tasks]
  // CHECK: real-python-gil-released.cpp:[[@LINE-5]]:3: note: the GIL is released here
  Py_END_ALLOW_THREADS
  return PyLong_FromSsize_t(N);
}

// The documented idiom: Py_BLOCK_THREADS before the early return.
PyObject *ReadBlockBeforeReturn(PyObject *Self, PyObject *Args) {
  char Buffer[64];
  ssize_t N;
  Py_BEGIN_ALLOW_THREADS
  N = read(0, Buffer, sizeof Buffer);
  if (N < 0) {
    Py_BLOCK_THREADS
    return PyErr_SetFromErrno(PyExc_OSError);
  }
  Py_END_ALLOW_THREADS
  return PyLong_FromSsize_t(N);
}

// Py_BLOCK_THREADS ... Py_UNBLOCK_THREADS, then Python with the GIL
// released again.
PyObject *UnblockThenCall(PyObject *Self, PyObject *Args) {
  ssize_t N = 0;
  PyObject *Ok = nullptr;
  Py_BEGIN_ALLOW_THREADS
  Py_BLOCK_THREADS
  Ok = PyLong_FromLong(1);
  Py_UNBLOCK_THREADS
  N = write(1, "x", 1);
  if (N < 0) {
    Py_DECREF(Ok);
    // CHECK: real-python-gil-released.cpp:[[@LINE-1]]:5: warning: 'Py_DECREF' needs the GIL, which this thread has released on every path to here; take the GIL back before the call [conc-runtime-shared-across-tasks]
    // CHECK: real-python-gil-released.cpp:[[@LINE-5]]:3: note: the GIL is released here
    Py_BLOCK_THREADS
    return nullptr;
  }
  Py_END_ALLOW_THREADS
  return Ok;
}

// The GIL released on one path only: not known released, no report.
PyObject *MaybeReleased(PyObject *Self, PyObject *Args, int Slow) {
  PyThreadState *Save = nullptr;
  if (Slow)
    Save = PyEval_SaveThread();
  if (Save)
    PyEval_RestoreThread(Save);
  return PyLong_FromLong(0);
}

// Released, then taken back only under a condition: not held on every path.
PyObject *ConditionalRestore(PyObject *Self, PyObject *Args, int Fast) {
  PyThreadState *Save = PyEval_SaveThread();
  if (Fast)
    PyEval_RestoreThread(Save);
  return PyLong_FromLong(0);
  // CHECK: real-python-gil-released.cpp:[[@LINE-1]]:10: warning: 'PyLong_FromLong' needs the GIL, which this thread has released on every path to here; take the GIL back before the call [conc-runtime-shared-across-tasks]
  // CHECK: real-python-gil-released.cpp:[[@LINE-5]]:25: note: the GIL is released here
}

// GIL-free calls inside the released region are fine.
void RawMemory() {
  Py_BEGIN_ALLOW_THREADS
  void *P = PyMem_RawMalloc(16);
  PyMem_RawFree(P);
  Py_END_ALLOW_THREADS
}

// A task that takes the GIL only under a condition: the object is used on a
// path without it.
void TaskConditionalGil(PyObject *Callback, PyThreadState *State, bool Have) {
  std::thread([Callback, State, Have] {
    if (Have)
      PyEval_RestoreThread(State);
    PyObject *R = PyObject_CallNoArgs(Callback);
    // CHECK: real-python-gil-released.cpp:[[@LINE-1]]:39: warning: 'Callback' ('PyObject *'{{.*}}) belongs to the thread that called 'TaskConditionalGil' and is used here on a thread started at line [[@LINE-4]]; take the GIL on this thread first
    // CHECK: real-python-gil-released.cpp:[[@LINE-5]]:3: note: 'std::thread' starts the task on a new thread here
    Py_XDECREF(R);
  }).detach();
}

// The GIL taken on every path, then dropped after the last use: no report.
void TaskGilEveryPath(PyObject *Callback, PyThreadState *State, bool Fast) {
  std::thread([Callback, State, Fast] {
    if (Fast)
      PyEval_RestoreThread(State);
    else
      PyEval_AcquireThread(State);
    PyObject *R = PyObject_CallNoArgs(Callback);
    Py_XDECREF(R);
    PyEval_SaveThread();
  }).detach();
}

// pybind11-style inverse guard spelled with the C API: a v8::Unlocker-like
// scope is covered in real-node.cpp; here, the GIL dropped and taken back
// in a loop body stays balanced: no report.
void Balanced(int N) {
  for (int I = 0; I < N; ++I) {
    Py_BEGIN_ALLOW_THREADS
    usleep(1);
    Py_END_ALLOW_THREADS
    PyErr_CheckSignals();
  }
}
