// Project mutex and guard classes recognized by what their bodies do, with
// no thread-safety attributes and no configuration; the real libstdc++.
// RUN: %clang_tidy -checks='-*,conc-unsynchronized-shared-map' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-unsynchronized-shared-map' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <map>
#include <mutex>
#include <pthread.h>
#include <set>
#include <string>

// leveldb's shape: a Mutex wrapping std::mutex, a MutexLock guard taking a
// pointer to it.
namespace port {
class Mutex {
public:
  void Lock() { mu_.lock(); }
  void Unlock() { mu_.unlock(); }

private:
  std::mutex mu_;
};
} // namespace port

class MutexLock {
public:
  explicit MutexLock(port::Mutex *mu) : mu_(mu) { this->mu_->Lock(); }
  ~MutexLock() { this->mu_->Unlock(); }

private:
  port::Mutex *const mu_;
};

class TableCache {
public:
  void Insert(int k, int v) {
    MutexLock l(&mutex_);
    cache_[k] = v;
  }
  void Evict(int k) {
    mutex_.Lock();
    cache_.erase(k);
    mutex_.Unlock();
  }
  bool Contains(int k) {
    return cache_.count(k) != 0;
    // CHECK: lock-shapes.cpp:[[@LINE-1]]:12: warning: 'cache_' ('std::map<int, int>') is read here without holding 'mutex_'; 2 of 2 other accesses hold it [conc-unsynchronized-shared-map]
    // CHECK: lock-shapes.cpp:[[@LINE-10]]:5: note: 'mutex_' is held here, where 'cache_' is written
  }

private:
  port::Mutex mutex_;
  std::map<int, int> cache_;
};

// muduo's shape: a MutexLock over pthread_mutex_t and a MutexLockGuard
// taking a reference.
class PthreadMutex {
public:
  PthreadMutex() { pthread_mutex_init(&m_, nullptr); }
  void lock() { pthread_mutex_lock(&m_); }
  void unlock() { pthread_mutex_unlock(&m_); }

private:
  pthread_mutex_t m_;
};

class MutexLockGuard {
public:
  explicit MutexLockGuard(PthreadMutex &m) : m_(m) { m_.lock(); }
  ~MutexLockGuard() { m_.unlock(); }

private:
  PthreadMutex &m_;
};

class Connections {
public:
  void add(int fd) {
    MutexLockGuard g(mu_);
    fds_.insert(fd);
  }
  void remove(int fd) {
    fds_.erase(fd);
    // CHECK: lock-shapes.cpp:[[@LINE-1]]:5: warning: 'fds_' ('std::set<int>') is written here without holding 'mu_'; 1 of 1 other accesses hold it
    // CHECK: lock-shapes.cpp:[[@LINE-5]]:5: note: 'mu_' is held here, where 'fds_' is written
  }

private:
  PthreadMutex mu_;
  std::set<int> fds_;
};

// A guard derived from std::lock_guard, and one holding a std::unique_lock
// with its own Unlock().
class ScopedGuard : public std::lock_guard<std::mutex> {
public:
  explicit ScopedGuard(std::mutex &m) : std::lock_guard<std::mutex>(m) {}
};

class RelockableGuard {
public:
  explicit RelockableGuard(std::mutex &m) : lock_(m) {}
  void UnLock() { lock_.unlock(); }
  void Lock() { lock_.lock(); }

private:
  std::unique_lock<std::mutex> lock_;
};

class Registry {
public:
  void put(const std::string &k) {
    ScopedGuard g(mu_);
    names_.insert(k);
  }
  void drop(const std::string &k) {
    RelockableGuard g(mu_);
    names_.erase(k);
    g.UnLock();
    names_.clear();
    // CHECK: lock-shapes.cpp:[[@LINE-1]]:5: warning: 'names_' ('std::set<std::string>' (aka 'std::set<basic_string<char>>')) is written here without holding 'mu_'; 2 of 2 other accesses hold it
    // CHECK: lock-shapes.cpp:[[@LINE-8]]:5: note: 'mu_' is held here, where 'names_' is written
  }

private:
  std::mutex mu_;
  std::set<std::string> names_;
};

// A guard returned by value, a mutex inherited from a base class, and a
// global mutex reached through a function.
class Lockable {
public:
  void lock() { m_.lock(); }
  void unlock() { m_.unlock(); }

private:
  std::mutex m_;
};

class Index : public Lockable {
public:
  std::unique_lock<std::mutex> Lock() {
    return std::unique_lock<std::mutex>(own_);
  }
  void add(int k) {
    auto l = Lock();
    byId_[k] = 1;
  }
  void add2(int k) {
    std::lock_guard<Lockable> g(*this);
    byName_[k] = 1;
  }
  int find(int k) {
    return byId_.count(k) + byName_.count(k);
    // CHECK: lock-shapes.cpp:[[@LINE-1]]:12: warning: 'byId_' ('std::map<int, int>') is read here without holding 'own_'; 1 of 1 other accesses hold it
    // CHECK: lock-shapes.cpp:[[@LINE-9]]:5: note: 'own_' is held here, where 'byId_' is written
    // CHECK: lock-shapes.cpp:[[@LINE-3]]:29: warning: 'byName_' ('std::map<int, int>') is read here without holding '*this'; 1 of 1 other accesses hold it
    // CHECK: lock-shapes.cpp:[[@LINE-7]]:5: note: '*this' is held here, where 'byName_' is written
  }

private:
  std::mutex own_;
  std::map<int, int> byId_;
  std::map<int, int> byName_;
};

std::mutex &registryLock() {
  static std::mutex M;
  return M;
}

class Plugins {
public:
  void load(int id) {
    std::lock_guard<std::mutex> g(registryLock());
    loaded_.insert(id);
  }
  bool loaded(int id) {
    return loaded_.count(id);
    // CHECK: lock-shapes.cpp:[[@LINE-1]]:12: warning: 'loaded_' ('std::set<int>') is read here without holding 'M'; 1 of 1 other accesses hold it
    // CHECK: lock-shapes.cpp:[[@LINE-5]]:5: note: 'M' is held here, where 'loaded_' is written
  }

private:
  // One registry for all instances, guarded by the global lock.
  static std::set<int> loaded_;
};

// A spin lock over std::atomic_flag: lock() spins on test_and_set,
// unlock() clears the flag.
#include <atomic>
class SpinLock {
public:
  void lock() {
    while (flag_.test_and_set(std::memory_order_acquire)) {
    }
  }
  void unlock() { flag_.clear(std::memory_order_release); }

private:
  std::atomic_flag flag_ = ATOMIC_FLAG_INIT;
};

class Timers {
public:
  void arm(int id) {
    std::lock_guard<SpinLock> g(spin_);
    armed_.insert(id);
  }
  void disarm(int id) { armed_.erase(id); }
  // CHECK: lock-shapes.cpp:[[@LINE-1]]:25: warning: 'armed_' ('std::set<int>') is written here without holding 'spin_'; 1 of 1 other accesses hold it
  // CHECK: lock-shapes.cpp:[[@LINE-4]]:5: note: 'spin_' is held here, where 'armed_' is written

private:
  SpinLock spin_;
  std::set<int> armed_;
};
