// Scalar and aggregate fields written under a lock and accessed without
// it; the real libstdc++.
// RUN: %clang_tidy -checks='-*,conc-unsynchronized-shared-field' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-unsynchronized-shared-field' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <mutex>
#include <string>
#include <thread>
#include <vector>

// RacerD's rule: an unprotected read racing a protected write.
class Stats {
public:
  void record(int bytes) {
    std::lock_guard<std::mutex> g(mu_);
    ++requests_;
    total_ += bytes;
    lastPeer_ = "peer";
  }
  int requests() const { return requests_; }
  // CHECK: scenarios.cpp:[[@LINE-1]]:33: warning: 'requests_' ('int') is read here without holding 'mu_'; 1 of 1 other accesses hold it [conc-unsynchronized-shared-field]
  // CHECK: scenarios.cpp:[[@LINE-6]]:7: note: 'mu_' is held here, where 'requests_' is written
  void rename(const std::string &peer) { lastPeer_ = peer; }
  // CHECK: scenarios.cpp:[[@LINE-1]]:42: warning: 'lastPeer_' ('std::string' (aka 'basic_string<char>')) is written here without holding 'mu_'; 1 of 1 other accesses hold it
  // CHECK: scenarios.cpp:[[@LINE-7]]:5: note: 'mu_' is held here, where 'lastPeer_' is written
  long total() {
    std::lock_guard<std::mutex> g(mu_);
    return total_;
  }

private:
  mutable std::mutex mu_;
  int requests_ = 0;
  long total_ = 0;
  std::string lastPeer_;
};

// The converse: an unprotected write from a spawned thread racing reads
// under the lock.
class Poller {
public:
  void start() {
    worker_ = std::thread([this] {
      while (!stop_)
        // CHECK: scenarios.cpp:[[@LINE-1]]:15: warning: 'stop_' ('bool') is read here without holding 'mu_'; 2 of 2 other accesses hold it
        // CHECK: scenarios.cpp:[[@LINE+9]]:7: note: 'mu_' is held here, where 'stop_' is written
        polled_ = polled_ + 1;
      // CHECK: scenarios.cpp:[[@LINE-1]]:9: warning: 'polled_' ('int') is written here without holding 'mu_'; 1 of 2 other accesses hold it
      // CHECK: scenarios.cpp:[[@LINE+12]]:12: note: 'mu_' is held here, where 'polled_' is read
    });
  }
  void stop() {
    {
      std::lock_guard<std::mutex> g(mu_);
      stop_ = true;
    }
    worker_.join();
  }
  int polled() {
    std::lock_guard<std::mutex> g(mu_);
    return polled_ + (stop_ ? 1 : 0);
  }

private:
  std::mutex mu_;
  bool stop_ = false;
  int polled_ = 0;
  std::thread worker_;
};

// A struct field and a pointer field reached through a member.
struct Window {
  int width = 0;
  int *buffer = nullptr;
};

class Screen {
public:
  void resize(int w) {
    std::unique_lock<std::mutex> l(mu_);
    win_.width = w;
    win_.buffer = new int[w];
  }
  int width() { return win_.width; }
  // CHECK: scenarios.cpp:[[@LINE-1]]:29: warning: 'win_.width' ('int') is read here without holding 'mu_'; 1 of 1 other accesses hold it
  // CHECK: scenarios.cpp:[[@LINE-5]]:10: note: 'mu_' is held here, where 'win_.width' is written

private:
  std::mutex mu_;
  Window win_;
};

// Copying a pointer member into a local reads it (leveldb's
// `MemTable *mem = mem_;`).
struct Table {
  void ref();
};
class Db {
public:
  void get() {
    Table *mem = mem_;
    // CHECK: scenarios.cpp:[[@LINE-1]]:18: warning: 'mem_' ('Table *') is read here without holding 'mu_'; 1 of 1 other accesses hold it [conc-unsynchronized-shared-field]
    mem->ref();
  }
  void swap(Table *t) {
    std::lock_guard<std::mutex> l(mu_);
    mem_ = t;
    // CHECK: scenarios.cpp:[[@LINE-1]]:5: note: 'mu_' is held here, where 'mem_' is written
  }

private:
  std::mutex mu_;
  Table *mem_ = nullptr;
};
