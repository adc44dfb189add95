// Boost.Thread's real mutex and guards with boost::unordered_map (declared
// as boost::unordered::unordered_map), abseil's Mutex, MutexLock and
// flat_hash_map.
// REQUIRES: boost-thread-headers, absl-headers
// RUN: %clang_tidy -checks='-*,conc-unsynchronized-shared-map,conc-unsynchronized-shared-field' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-unsynchronized-shared-map,conc-unsynchronized-shared-field' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <absl/base/call_once.h>
#include <absl/container/flat_hash_map.h>
#include <absl/synchronization/mutex.h>
#include <boost/thread/locks.hpp>
#include <boost/thread/mutex.hpp>
#include <boost/unordered_map.hpp>
#include <string>

class Sessions {
public:
  void open(int id) {
    boost::lock_guard<boost::mutex> g(mu_);
    open_[id] = "x";
  }
  bool isOpen(int id) { return open_.count(id) != 0; }
  // CHECK: boost-absl.cpp:[[@LINE-1]]:32: warning: 'open_'
  // CHECK: boost-absl.cpp:[[@LINE-4]]:5: note: 'mu_' is held here, where 'open_' is written
  bool isOpenLocked(int id) {
    boost::unique_lock<boost::mutex> l(mu_);
    return open_.count(id) != 0;
  }

private:
  boost::mutex mu_;
  boost::unordered_map<int, std::string> open_;
};

class Routes {
public:
  void add(int k) {
    absl::MutexLock l(&mu_);
    routes_[k] = k;
    version_++;
  }
  int find(int k) { return routes_.contains(k) ? version_ : 0; }
  // CHECK: boost-absl.cpp:[[@LINE-1]]:28: warning: 'routes_' ('absl::flat_hash_map<int, int>') is read here without holding 'mu_'; 1 of 1 other accesses hold it [conc-unsynchronized-shared-map]
  // CHECK: boost-absl.cpp:[[@LINE-5]]:5: note: 'mu_' is held here, where 'routes_' is written
  // CHECK: boost-absl.cpp:[[@LINE-3]]:50: warning: 'version_' ('int') is read here without holding 'mu_'; 2 of 2 other accesses hold it [conc-unsynchronized-shared-field]
  // CHECK: boost-absl.cpp:[[@LINE-6]]:5: note: 'mu_' is held here, where 'version_' is written
  int versionLocked() {
    absl::ReaderMutexLock l(&mu_);
    return version_;
  }

private:
  absl::Mutex mu_;
  absl::flat_hash_map<int, int> routes_;
  int version_ = 0;
};

// Code run by absl::call_once (a member function or a lambda) is
// initialization, done before any call passing the flag returns: the
// unlocked writes in it are no race. The write after it is.
class LazyTable {
public:
  int get(int k) {
    absl::call_once(once_, &LazyTable::init, this);
    absl::MutexLock l(&mu_);
    return limit_ + base_;
  }
  void set(int v) {
    absl::call_once(once_, [this] { base_ = 1; });
    absl::MutexLock l(&mu_);
    limit_ = v;
    base_ = v;
  }
  void reset() { limit_ = 0; }
  // CHECK: boost-absl.cpp:[[@LINE-1]]:18: warning: 'limit_' ('int') is written here without holding 'mu_'; 2 of 2 other accesses hold it [conc-unsynchronized-shared-field]
  // CHECK: boost-absl.cpp:[[@LINE-5]]:5: note: 'mu_' is held here, where 'limit_' is written

private:
  void init() { limit_ = base_; }
  absl::once_flag once_;
  absl::Mutex mu_;
  int limit_ = 0;
  int base_ = 0;
};

// A lockable class of the project whose Lock() takes its member, and a
// guard of the whole object: `RegistryLock L(*this)` inside, `L(R)` on the
// singleton outside, and the attribute's `lock_` are one lock.
class Registry {
public:
  void Lock() ABSL_EXCLUSIVE_LOCK_FUNCTION(lock_) { lock_.Lock(); }
  void Unlock() ABSL_UNLOCK_FUNCTION(lock_) { lock_.Unlock(); }
  int *find(int k);
  void add(int k, int *v);
  int size() { return flags_.size(); }
  // CHECK: boost-absl.cpp:[[@LINE-1]]:23: warning: 'flags_' ('absl::flat_hash_map<int, int *>') is read here without holding '*this'; 4 of 4 other accesses hold it [conc-unsynchronized-shared-map]
  // CHECK: boost-absl.cpp:[[@LINE+23]]:3: note: '*this' is held here, where 'flags_' is written
  static Registry &global();
  friend void visit(void (*F)(int *));

private:
  absl::Mutex lock_;
  absl::flat_hash_map<int, int *> flags_;
};
class RegistryLock {
public:
  explicit RegistryLock(Registry &R) : R_(R) { R_.Lock(); }
  ~RegistryLock() { R_.Unlock(); }

private:
  Registry &R_;
};
int *Registry::find(int k) {
  RegistryLock L(*this);
  auto It = flags_.find(k);
  return It != flags_.end() ? It->second : nullptr;
}
void Registry::add(int k, int *v) {
  RegistryLock L(*this);
  flags_[k] = v;
}
void visit(void (*F)(int *)) {
  Registry &R = Registry::global();
  RegistryLock L(R);
  for (auto &E : R.flags_)
    F(E.second);
}
