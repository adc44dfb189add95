// Data reached beyond `this->member`: pimpl, members of members, reference
// and smart-pointer members, another object of the class, a singleton, and
// a class template analyzed once; the real libstdc++.
// RUN: %clang_tidy -checks='-*,conc-unsynchronized-shared-map' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-unsynchronized-shared-map' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <map>
#include <memory>
#include <condition_variable>
#include <mutex>
#include <queue>
#include <set>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

// The wazero shape: the lock and the cache live behind a pimpl.
class Engine {
public:
  Engine();
  void addModule(int id, std::string code) {
    std::unique_lock<std::shared_mutex> l(impl_->mu);
    impl_->compiled[id] = std::move(code);
  }
  void deleteModule(int id) {
    std::unique_lock<std::shared_mutex> l(impl_->mu);
    impl_->compiled.erase(id);
  }
  std::string lookup(int id) {
    auto it = impl_->compiled.find(id);
    // CHECK: access-paths.cpp:[[@LINE-1]]:22: warning: 'impl_->compiled' ('std::unordered_map<int, std::string>' (aka 'std::unordered_map<int, basic_string<char>>')) is read here without holding 'impl_->mu'; 2 of 2 other accesses hold it [conc-unsynchronized-shared-map]
    // CHECK: access-paths.cpp:[[@LINE-9]]:12: note: 'impl_->mu' is held here, where 'impl_->compiled' is written
    return it->second;
  }

private:
  struct Impl {
    std::shared_mutex mu;
    std::unordered_map<int, std::string> compiled;
  };
  std::unique_ptr<Impl> impl_;
};

// The same behind a project's own smart pointer, known by its shape: a
// class template whose `operator->` gives the `T *` it keeps.
template <typename T> class OwnedPtr {
public:
  explicit OwnedPtr(T *p) : p_(p) {}
  ~OwnedPtr() { delete p_; }
  T *operator->() const { return p_; }
  T &operator*() const { return *p_; }

private:
  T *p_;
};

class Compiler {
public:
  Compiler();
  void add(int id, std::string code) {
    std::unique_lock<std::shared_mutex> l(impl_->mu);
    impl_->compiled[id] = std::move(code);
  }
  bool has(int id) {
    return impl_->compiled.count(id) != 0;
    // CHECK: access-paths.cpp:[[@LINE-1]]:19: warning: 'impl_->compiled' ('std::unordered_map<int, std::string>' (aka 'std::unordered_map<int, basic_string<char>>')) is read here without holding 'impl_->mu'; 1 of 1 other accesses hold it [conc-unsynchronized-shared-map]
    // CHECK: access-paths.cpp:[[@LINE-5]]:12: note: 'impl_->mu' is held here, where 'impl_->compiled' is written
  }

private:
  struct Impl {
    std::shared_mutex mu;
    std::unordered_map<int, std::string> compiled;
  };
  OwnedPtr<Impl> impl_;
};

// A member of a member, and the lock beside it.
class Scheduler {
public:
  void submit(int job) {
    std::lock_guard<std::mutex> g(state_.mu);
    state_.pending.insert(job);
  }
  void cancel(int job) {
    state_.pending.erase(job);
    // CHECK: access-paths.cpp:[[@LINE-1]]:12: warning: 'state_.pending' ('std::set<int>') is written here without holding 'state_.mu'; 1 of 1 other accesses hold it
    // CHECK: access-paths.cpp:[[@LINE-5]]:12: note: 'state_.mu' is held here, where 'state_.pending' is written
  }

private:
  struct State {
    std::mutex mu;
    std::set<int> pending;
  } state_;
};

// A container behind a shared_ptr member, and a reference member.
struct Shared {
  std::mutex mu;
  std::map<int, int> values;
};

class Worker {
public:
  explicit Worker(Shared &s) : shared_(s), seen_(std::make_shared<std::set<int>>()) {}
  void record(int k) {
    std::lock_guard<std::mutex> g(shared_.mu);
    shared_.values[k] = k;
    seen_->insert(k);
  }
  void forget(int k) {
    std::lock_guard<std::mutex> g(shared_.mu);
    seen_->erase(k);
  }
  int peek(int k) {
    int n = seen_->count(k);
    // CHECK: access-paths.cpp:[[@LINE-1]]:13: warning: 'seen_' ('std::shared_ptr<std::set<int>>') is read here without holding 'shared_.mu'; 2 of 2 other accesses hold it
    // CHECK: access-paths.cpp:[[@LINE-9]]:5: note: 'shared_.mu' is held here, where 'seen_' is written
    return n + shared_.values.at(k);
    // CHECK: access-paths.cpp:[[@LINE-1]]:24: warning: 'shared_.values' ('std::map<int, int>') is read here without holding 'shared_.mu'; 1 of 1 other accesses hold it
    // CHECK: access-paths.cpp:[[@LINE-13]]:13: note: 'shared_.mu' is held here, where 'shared_.values' is written
  }

private:
  Shared &shared_;
  std::shared_ptr<std::set<int>> seen_;
};

// Another object of the same class, with its own lock; a singleton.
class Table {
public:
  static Table *instance() {
    static Table T;
    return &T;
  }
  void put(int k) {
    std::lock_guard<std::mutex> g(mu_);
    rows_[k] = k;
  }
  void mergeFrom(Table &other) {
    std::lock_guard<std::mutex> g(mu_);
    for (auto &kv : other.rows_)
      // CHECK: access-paths.cpp:[[@LINE-1]]:27: warning: 'rows_' ('std::map<int, int>') is written here without holding 'mu_'; 2 of 3 other accesses hold it
      // CHECK: access-paths.cpp:[[@LINE-6]]:5: note: 'mu_' is held here, where 'rows_' is written
      rows_[kv.first] = kv.second;
  }
  static bool has(int k) {
    return instance()->rows_.count(k) != 0;
    // CHECK: access-paths.cpp:[[@LINE-1]]:24: warning: 'rows_' ('std::map<int, int>') is read here without holding 'mu_'; 2 of 3 other accesses hold it
    // CHECK: access-paths.cpp:[[@LINE-12]]:5: note: 'mu_' is held here, where 'rows_' is written
  }

private:
  std::mutex mu_;
  std::map<int, int> rows_;
};

// A class template: analyzed once as written, one report whatever the
// instantiations.
template <typename K, typename V> class Cache {
public:
  void put(const K &k, const V &v) {
    std::lock_guard<std::mutex> g(mu_);
    map_[k] = v;
  }
  void erase(const K &k) {
    std::lock_guard<std::mutex> g(mu_);
    map_.erase(k);
  }
  bool contains(const K &k) const {
    return map_.find(k) != map_.end();
    // CHECK: access-paths.cpp:[[@LINE-1]]:12: warning: 'map_' ('std::map<K, V>') is read here without holding 'mu_'; 2 of 3 other accesses hold it
    // CHECK: access-paths.cpp:[[@LINE-5]]:5: note: 'mu_' is held here, where 'map_' is written
  }

private:
  mutable std::mutex mu_;
  std::map<K, V> map_;
};

template class Cache<int, int>;
template class Cache<std::string, double>;

bool use(Cache<long, long> &c) {
  c.put(1, 2);
  return c.contains(1);
}

// A blocking queue whose mutex type is a template parameter (with a
// lockable default): the guards are dependent, the queue is a sequence.
template <typename T, typename Mutex = std::mutex> class BlockingQueue {
public:
  void push(T v) {
    std::lock_guard<Mutex> g(mu_);
    q_.push(std::move(v));
    cv_.notify_one();
  }
  T pop() {
    std::unique_lock<Mutex> l(mu_);
    cv_.wait(l, [this] { return !q_.empty(); });
    T v = q_.front();
    q_.pop();
    return v;
  }
  size_t size() const { return q_.size(); }
  // CHECK: access-paths.cpp:[[@LINE-1]]:32: warning: 'q_' ('std::queue<T>') is read here without holding 'mu_'; 4 of 4 other accesses hold it
  // CHECK: access-paths.cpp:[[@LINE-12]]:5: note: 'mu_' is held here, where 'q_' is written

private:
  mutable Mutex mu_;
  std::condition_variable_any cv_;
  std::queue<T> q_;
};
BlockingQueue<int> Queue;
