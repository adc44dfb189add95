// Against CPython's real <Python.h> and libstdc++.
// REQUIRES: python-headers
// RUN: %clang_tidy -checks='-*,conc-runtime-shared-across-tasks' %s -- -std=c++17 %python_includes 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-runtime-shared-across-tasks' %s -- -std=c++17 %python_includes 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <thread>

void WithoutGil(PyObject *Callback) {
  std::thread([Callback] {
    PyObject *R = PyObject_CallNoArgs(Callback);
    // CHECK: real-python.cpp:[[@LINE-1]]:39: warning: 'Callback' ('PyObject *'{{.*}}) belongs to the thread that called 'WithoutGil' and is used here on a thread started at line [[@LINE-2]]; take the GIL on this thread first (PyGILState_Ensure, or pybind11::gil_scoped_acquire)
    // CHECK: real-python.cpp:[[@LINE-3]]:3: note: 'std::thread' starts the task on a new thread here
    Py_XDECREF(R);
  }).detach();
}

// With the GIL: no report.
void WithGil(PyObject *Callback) {
  std::thread([Callback] {
    PyGILState_STATE State = PyGILState_Ensure();
    PyObject *R = PyObject_CallNoArgs(Callback);
    Py_XDECREF(R);
    Py_DECREF(Callback);
    PyGILState_Release(State);
  }).detach();
}

// `delete` runs the destructor, which uses the object without the GIL.
struct Holder {
  PyObject *Object;
  ~Holder() { Py_DECREF(Object); }
};

void DeleteOnThread(Holder *H) {
  std::thread([H] {
    delete H;
    // CHECK: real-python.cpp:[[@LINE-6]]:25: warning: 'Object' ('PyObject *'{{.*}}) belongs to the thread that called 'DeleteOnThread' and is used here on a thread started at line [[@LINE-2]]; take the GIL on this thread first
    // CHECK: real-python.cpp:[[@LINE-2]]:5: note: the task calls '~Holder' here
    // CHECK: real-python.cpp:[[@LINE-4]]:3: note: 'std::thread' starts
  }).detach();
}

// With the GIL around the delete: no report.
void DeleteUnderGil(Holder *H) {
  std::thread([H] {
    PyGILState_STATE S = PyGILState_Ensure();
    delete H;
    PyGILState_Release(S);
  }).detach();
}

// Callees at any depth, through the runtime-use summaries.
static void Level3(PyObject *O) { Py_DECREF(O); }
// CHECK: real-python.cpp:[[@LINE-1]]:45: warning: 'O' ('PyObject *'{{.*}}) belongs to the thread that called 'DeepChain' and is used here on a thread started at line [[@LINE+5]]; take the GIL on this thread first
// CHECK: real-python.cpp:[[@LINE+4]]:49: note: the task calls 'Level1' here
// CHECK: real-python.cpp:[[@LINE+3]]:31: note: 'std::thread' starts
static void Level2(PyObject *O) { Level3(O); }
static void Level1(PyObject *O) { Level2(O); }
void DeepChain(PyObject *O) { std::thread([O] { Level1(O); }).detach(); }

// The GIL taken halfway down the chain: no report.
static void Level2Locked(PyObject *O) {
  PyGILState_STATE S = PyGILState_Ensure();
  Level3(O);
  PyGILState_Release(S);
}
void DeepChainGuarded(PyObject *O) {
  std::thread([O] { Level2Locked(O); }).detach();
}

// A recursive helper terminates.
static void Recursive(PyObject *O, int N) {
  if (N > 0)
    Recursive(O, N - 1);
}
void RecursiveTask(PyObject *O) {
  std::thread([O] { Recursive(O, 3); }).detach();
}
