// Minimal stand-in for <pybind11/pybind11.h>.
#pragma once
#include <Python.h>
namespace pybind11 {
class handle {
public:
  handle();
  PyObject *ptr() const;
  template <class... Args> class object operator()(Args &&...args) const;
  class object attr(const char *name) const;
};
class object : public handle {
public:
  object();
  object(const object &);
  ~object();
};
class function : public object {};
class gil_scoped_acquire {
public:
  gil_scoped_acquire();
  ~gil_scoped_acquire();
};
class gil_scoped_release {
public:
  gil_scoped_release();
  ~gil_scoped_release();
};
} // namespace pybind11
namespace py = pybind11;
