// RUN: %clang_tidy -checks='-*,conc-self-deadlock' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-self-deadlock' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <mutex>

// A method locks a non-recursive mutex and calls a helper that locks it
// again.
class Cache {
public:
  int get(int k) {
    std::lock_guard<std::mutex> g(mu_);
    if (k < 0)
      return 0;
    return refill(k);
  }
  void twice() {
    mu_.lock();
    mu_.lock();
    mu_.unlock();
    mu_.unlock();
  }

private:
  int refill(int k) {
    std::lock_guard<std::mutex> g(mu_);
    return k + 1;
  }
  std::mutex mu_;
};

// A project's own mutex (recognized by its shape) wrapping std::mutex, two
// calls deep.
class Mutex {
public:
  void Lock() { mu_.lock(); }
  void Unlock() { mu_.unlock(); }

private:
  std::mutex mu_;
};
class Registry {
public:
  void add() {
    mu_.Lock();
    update();
    mu_.Unlock();
  }

private:
  void update() { touch(); }
  void touch() {
    mu_.Lock();
    mu_.Unlock();
  }
  Mutex mu_;
};

// No report: a recursive mutex; a helper that locks only on some path; the
// lock released before; a lock held only on some path; a try_lock.
class Fine {
public:
  void a() {
    std::lock_guard<std::recursive_mutex> g(rmu_);
    std::lock_guard<std::recursive_mutex> h(rmu_);
  }
  void b() {
    std::lock_guard<std::mutex> g(mu_);
    maybe(true);
  }
  void c() {
    mu_.lock();
    mu_.unlock();
    mu_.lock();
    mu_.unlock();
  }
  void d(bool x) {
    if (x)
      mu_.lock();
    mu_.lock();
  }
  void e() {
    std::lock_guard<std::mutex> g(mu_);
    if (mu_.try_lock())
      mu_.unlock();
  }

private:
  void maybe(bool locked) {
    if (!locked)
      std::lock_guard<std::mutex> g(mu_);
  }
  std::recursive_mutex rmu_;
  std::mutex mu_;
};

// No report: a helper that asserts the lock is held (leveldb's
// mutex_.AssertHeld()) takes nothing.
class AssertingMutex {
public:
  void Lock() { mu_.lock(); }
  void Unlock() { mu_.unlock(); }
  void AssertHeld() {}

private:
  std::mutex mu_;
};
class Asserts {
public:
  void f() {
    mu_.Lock();
    helper();
    mu_.Unlock();
  }

private:
  void helper() { mu_.AssertHeld(); }
  AssertingMutex mu_;
};

// No report: a helper that expects the lock held, releases it around slow
// work and takes it back (leveldb's WriteLevel0Table).
class Releases {
public:
  void f() {
    mu_.Lock();
    writeTable();
    mu_.Unlock();
  }

private:
  void writeTable() {
    mu_.AssertHeld();
    mu_.Unlock();
    slowWork();
    mu_.Lock();
  }
  void slowWork();
  AssertingMutex mu_;
};

// CHECK: scenarios.cpp:16:12: warning: 'Cache::refill' acquires 'mu_' while it is already held here, and 'std::mutex' is not recursive: the thread waits for itself forever; release it before the call, or call a version that expects it held [conc-self-deadlock]
// CHECK: scenarios.cpp:27:5: note: 'mu_' is acquired again here
// CHECK: scenarios.cpp:13:5: note: 'mu_' is acquired here
// CHECK: scenarios.cpp:20:5: warning: 'mu_' is acquired here while it is already held, and 'std::mutex' is not recursive: the thread waits for itself forever; release it first, or do not lock it again here [conc-self-deadlock]
// CHECK: scenarios.cpp:19:5: note: 'mu_' is acquired here
// CHECK: scenarios.cpp:47:5: warning: 'Registry::update' acquires 'mu_' while it is already held here, and 'Mutex' is not recursive: the thread waits for itself forever; release it before the call, or call a version that expects it held [conc-self-deadlock]
// CHECK: scenarios.cpp:52:19: note: through this call to 'Registry::touch'
// CHECK: scenarios.cpp:54:5: note: 'mu_' is acquired again here
// CHECK: scenarios.cpp:46:5: note: 'mu_' is acquired here
