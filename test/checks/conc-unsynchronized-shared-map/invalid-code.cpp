// Invalid code, macros and dependent bases: errors from the compiler, no
// crash and no finding built on broken expressions.
// RUN: not %clang_tidy -checks='-*,conc-unsynchronized-shared-map,conc-unsynchronized-shared-field' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='warning:'

#include <map>
#include <mutex>

struct Broken {
  void f() {
    std::lock_guard<std::mutex> g(mu_);
    m_[1] = undefined_thing;
    // CHECK: invalid-code.cpp:[[@LINE-1]]:13: error: use of undeclared identifier 'undefined_thing'
  }
  int g() { return m_.count(1) + nosuch(); }
  // CHECK: invalid-code.cpp:[[@LINE-1]]:34: error: use of undeclared identifier 'nosuch'
  NoSuchType n_;
  // CHECK: invalid-code.cpp:[[@LINE-1]]:3: error: unknown type name 'NoSuchType'
  std::mutex mu_;
  std::map<int, int> m_;
};

template <typename Base> class Derived : public Base {
public:
  void f() {
    this->mu_.lock();
    this->m_[1] = 2;
    this->mu_.unlock();
  }
  int g() { return this->m_.size(); }
};
