// CPython and pybind11: Python objects on another thread need the GIL.
// RUN: %clang_tidy -checks='-*,conc-runtime-shared-across-tasks' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-runtime-shared-across-tasks' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <pybind11/pybind11.h>
#include <thread>

void CallbackWithoutGil(PyObject *Callback) {
  std::thread([Callback] {
    PyObject *R = PyObject_CallObject(Callback, nullptr);
    // CHECK: python.cpp:[[@LINE-1]]:39: warning: 'Callback' ('PyObject *'{{.*}}) belongs to the thread that called 'CallbackWithoutGil' and is used here on a thread started at line [[@LINE-2]]; take the GIL on this thread first (PyGILState_Ensure, or pybind11::gil_scoped_acquire) [conc-runtime-shared-across-tasks]
    // CHECK: python.cpp:[[@LINE-3]]:3: note: 'std::thread' starts the task on a new thread here
    Py_DECREF(R);
  }).detach();
}

void CallbackWithGil(PyObject *Callback) {
  std::thread([Callback] {
    PyGILState_STATE S = PyGILState_Ensure();
    PyObject *R = PyObject_CallObject(Callback, nullptr);
    Py_DECREF(R);
    Py_DECREF(Callback);
    PyGILState_Release(S);
  }).detach();
}

// After the release, the GIL is no longer held.
void ReleasedTooEarly(PyObject *Callback) {
  std::thread([Callback] {
    PyGILState_STATE S = PyGILState_Ensure();
    PyObject *R = PyObject_CallObject(Callback, nullptr);
    PyGILState_Release(S);
    Py_DECREF(Callback);
    // CHECK: python.cpp:[[@LINE-1]]:15: warning: 'Callback' ('PyObject *'{{.*}}) belongs to the thread that called 'ReleasedTooEarly' and is used here on a thread started at line [[@LINE-5]]; take the GIL
    // CHECK: python.cpp:[[@LINE-6]]:3: note: 'std::thread'
    (void)R;
  }).detach();
}

// pybind11: gil_scoped_acquire in the task.
void Notify(pybind11::function Fn) {
  std::thread([Fn] {
    pybind11::gil_scoped_acquire Gil;
    Fn("done");
  }).detach();
}

void NotifyWithoutGil(pybind11::function Fn) {
  std::thread([Fn] {
    Fn("done");
    // CHECK: python.cpp:[[@LINE-1]]:5: warning: 'Fn' ('pybind11::function') belongs to the thread that called 'NotifyWithoutGil' and is used here on a thread started at line [[@LINE-2]]; take the GIL
    // CHECK: python.cpp:[[@LINE-3]]:3: note: 'std::thread'
  }).detach();
}

// A helper called between Py_BEGIN_ALLOW_THREADS and Py_END_ALLOW_THREADS
// on the task's thread, after the task took the GIL: the release holds
// there, the use after the end does not need it reported.
static void busy(PyObject *Obj) { PyObject_CallObject(Obj, nullptr); }
void AllowThreads(PyObject *Obj) {
  std::thread([Obj] {
    PyGILState_STATE S = PyGILState_Ensure();
    Py_BEGIN_ALLOW_THREADS
    Py_END_ALLOW_THREADS
    busy(Obj);
    PyGILState_Release(S);
  }).detach();
}

// Released around a use: reported.
void UseWhileReleased(PyObject *Obj) {
  std::thread([Obj] {
    PyGILState_STATE S = PyGILState_Ensure();
    Py_BEGIN_ALLOW_THREADS
    PyObject_CallObject(Obj, nullptr);
    // CHECK: python.cpp:[[@LINE-1]]:25: warning: 'Obj' ('PyObject *'{{.*}}) belongs to the thread that called 'UseWhileReleased' and is used here on a thread started at line [[@LINE-4]]; take the GIL
    // CHECK: python.cpp:[[@LINE-5]]:3: note: 'std::thread'
    Py_END_ALLOW_THREADS
    PyGILState_Release(S);
  }).detach();
}
