// oneTBB's real mutexes and their scoped_lock guards, recognized by their
// shape (no model row names them), and tbb::task_group::run as a spawner.
// REQUIRES: tbb-headers
// RUN: %clang_tidy -checks='-*,conc-unsynchronized-shared-map,conc-unsynchronized-shared-field' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-unsynchronized-shared-map,conc-unsynchronized-shared-field' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

// Every accessor of Registry but two, and every access of a row but one,
// holds the lock: only those are reported.
#include <oneapi/tbb/spin_mutex.h>
#include <oneapi/tbb/mutex.h>
#include <oneapi/tbb/spin_rw_mutex.h>
#include <oneapi/tbb/task_group.h>
#include <map>
#include <string>

class Registry {
public:
  void add(int k, std::string v) {
    tbb::spin_mutex::scoped_lock l(mu_);
    names_[k] = std::move(v);
    ++adds_;
  }
  bool has(int k) { return names_.count(k) != 0; }
  // CHECK: tbb.cpp:[[@LINE-1]]:28: warning: 'names_' ('std::map<int, std::string>' (aka 'std::map<int, basic_string<char>>')) is read here without holding 'mu_'; 1 of 1 other accesses hold it [conc-unsynchronized-shared-map]
  // CHECK: tbb.cpp:[[@LINE-5]]:5: note: 'mu_' is held here, where 'names_' is written
  int adds() const { return adds_; }
  // CHECK: tbb.cpp:[[@LINE-1]]:29: warning: 'adds_' ('int') is read here without holding 'mu_'; 2 of 2 other accesses hold it [conc-unsynchronized-shared-field]
  // CHECK: tbb.cpp:[[@LINE-7]]:7: note: 'mu_' is held here, where 'adds_' is written
  int addsLocked() {
    tbb::spin_mutex::scoped_lock l(mu_);
    return adds_;
  }

private:
  tbb::spin_mutex mu_;
  std::map<int, std::string> names_;
  int adds_ = 0;
};

class Table {
public:
  void put(int k) {
    tbb::spin_rw_mutex::scoped_lock l(mu_, /*write=*/true);
    rows_[k] = k;
  }
  int get(int k) {
    tbb::spin_rw_mutex::scoped_lock l(mu_, /*write=*/false);
    return rows_.count(k);
  }
  int peek(int k) { return rows_.count(k); }
  // CHECK: tbb.cpp:[[@LINE-1]]:28: warning: 'rows_' ('std::map<int, int>') is read here without holding 'mu_'; 2 of 2 other accesses hold it [conc-unsynchronized-shared-map]
  // CHECK: tbb.cpp:[[@LINE-8]]:5: note: 'mu_' is held here, where 'rows_' is written
private:
  tbb::spin_rw_mutex mu_;
  std::map<int, int> rows_;
};

int total;
tbb::mutex total_mu;
void sum(int n) {
  tbb::task_group g;
  for (int i = 0; i < n; ++i)
    g.run([i] { total += i; });
  // CHECK: tbb.cpp:[[@LINE-1]]:17: warning: 'total' ('int') is written here without holding 'total_mu'; 1 of 1 other accesses hold it [conc-unsynchronized-shared-field]
  // CHECK: tbb.cpp:[[@LINE+5]]:3: note: 'total_mu' is held here, where 'total' is written
  g.wait();
}
void sumLocked(int n) {
  tbb::mutex::scoped_lock l(total_mu);
  total += n;
}
