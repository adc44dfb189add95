// RUN: %clang_tidy -checks='-*,conc-unsynchronized-shared-map' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// Same findings through the conctidy CLI (exit 1 with findings, 0 without):
// RUN: not %conctidy --checks='-*,conc-unsynchronized-shared-map' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <functional>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <unordered_map>

// Check-then-act: the lookup runs before the lock is taken.
class ModuleCache {
public:
  int get(int Key) {
    auto It = Cache.find(Key);
    // CHECK: scenarios.cpp:[[@LINE-1]]:15: warning: 'Cache' ('std::unordered_map<int, int>') is read here without holding 'Mu'; 2 of 3 other accesses hold it [conc-unsynchronized-shared-map]
    // CHECK: scenarios.cpp:[[@LINE+7]]:5: note: 'Mu' is held here, where 'Cache' is written
    if (It != Cache.end())
      // CHECK: scenarios.cpp:[[@LINE-1]]:15: warning: 'Cache' ('std::unordered_map<int, int>') is read here without holding 'Mu'; 2 of 3 other accesses hold it
      // CHECK: scenarios.cpp:[[@LINE+4]]:5: note: 'Mu' is held here
      return It->second;
    int Value = compute(Key);
    std::lock_guard<std::mutex> Lock(Mu);
    Cache[Key] = Value;
    return Value;
  }
  void clear() {
    std::lock_guard<std::mutex> Lock(Mu);
    Cache.clear();
  }

private:
  int compute(int);
  std::mutex Mu;
  std::unordered_map<int, int> Cache;
};

// A const getter reads size() without the lock.
class Registry {
public:
  void add(int Id, int Value) {
    std::lock_guard<std::mutex> Lock(Mu);
    Entries.emplace(Id, Value);
  }
  unsigned count() const {
    return Entries.size();
    // CHECK: scenarios.cpp:[[@LINE-1]]:12: warning: 'Entries' ('std::unordered_map<int, int>') is read here without holding 'Mu'; 1 of 1 other accesses hold it
    // CHECK: scenarios.cpp:[[@LINE-5]]:5: note: 'Mu' is held here, where 'Entries' is written
  }

private:
  mutable std::mutex Mu;
  std::unordered_map<int, int> Entries;
};

// unique_lock released early, then the map is written.
class Sessions {
public:
  void close(int Id) {
    std::unique_lock<std::mutex> Lock(Mu);
    bool Known = Open.count(Id) != 0;
    Lock.unlock();
    if (Known)
      Open.erase(Id);
    // CHECK: scenarios.cpp:[[@LINE-1]]:7: warning: 'Open' ('std::unordered_map<int, int>') is written here without holding 'Mu'; 2 of 2 other accesses hold it
    // CHECK: scenarios.cpp:[[@LINE+4]]:5: note: 'Mu' is held here, where 'Open' is written
  }
  void open(int Id) {
    std::lock_guard<std::mutex> Lock(Mu);
    Open[Id] = 1;
  }

private:
  std::mutex Mu;
  std::unordered_map<int, int> Open;
};

// An erase from a stored callback skips the lock.
class Timers {
public:
  void watch(std::function<void(int)> &Slot) {
    std::lock_guard<std::mutex> Lock(Mu);
    Pending[1] = 2;
    Slot = [this](int Id) { Pending.erase(Id); };
    // CHECK: scenarios.cpp:[[@LINE-1]]:29: warning: 'Pending' ('std::unordered_map<int, int>') is written here without holding 'Mu'; 1 of 1 other accesses hold it
    // CHECK: scenarios.cpp:[[@LINE-3]]:5: note: 'Mu' is held here
  }

private:
  std::mutex Mu;
  std::unordered_map<int, int> Pending;
};

// A lambda run on a worker thread writes the map.
class Indexer {
public:
  void indexAsync(int Doc) {
    std::thread([this, Doc] { Index[Doc] = 1; }).detach();
    // CHECK: scenarios.cpp:[[@LINE-1]]:31: warning: 'Index' ('std::unordered_map<int, int>') is written here without holding 'Mu'; 1 of 1 other accesses hold it
  }
  int lookup(int Doc) {
    std::lock_guard<std::mutex> Lock(Mu);
    return Index.count(Doc);
    // CHECK: scenarios.cpp:[[@LINE-1]]:12: note: 'Mu' is held here
  }

private:
  std::mutex Mu;
  std::unordered_map<int, int> Index;
};

// Reads under one mutex, writes under another.
class TwoLocks {
public:
  int read(int K) {
    std::lock_guard<std::mutex> Lock(ReadMu);
    return Map.at(K);
    // CHECK: scenarios.cpp:[[@LINE-1]]:12: warning: 'Map' ('std::unordered_map<int, int>') is read here without holding 'WriteMu' (it holds 'ReadMu'); 2 of 2 other accesses hold it
  }
  void write(int K) {
    std::lock_guard<std::mutex> Lock(WriteMu);
    Map[K] = K;
    // CHECK: scenarios.cpp:[[@LINE-1]]:5: note: 'WriteMu' is held here, where 'Map' is written
  }
  void erase(int K) {
    std::lock_guard<std::mutex> Lock(WriteMu);
    Map.erase(K);
  }

private:
  std::mutex ReadMu, WriteMu;
  std::unordered_map<int, int> Map;
};

// A write under a reader lock.
class Config {
public:
  int get(int K) {
    std::shared_lock<std::shared_mutex> Lock(Mu);
    return Values.at(K);
  }
  void setDefault(int K) {
    std::shared_lock<std::shared_mutex> Lock(Mu);
    Values.try_emplace(K, 0);
    // CHECK: scenarios.cpp:[[@LINE-1]]:5: warning: 'Values' ('std::unordered_map<int, int>') is written here while 'Mu' is held only in shared mode; writers must hold it exclusively
  }
  void set(int K, int V) {
    std::lock_guard<std::shared_mutex> Lock(Mu);
    Values[K] = V;
    // CHECK: scenarios.cpp:[[@LINE-1]]:5: note: 'Mu' is held here, where 'Values' is written
  }

private:
  std::shared_mutex Mu;
  std::unordered_map<int, int> Values;
};

// A getter that takes the lock to return the value: a write without it
// races the getter (the converse of RacerD's rule). A class template,
// analyzed once as written.
template <class T> class Generic {
public:
  void put(int K) { Map[K] = T(); }
  // CHECK: scenarios.cpp:[[@LINE-1]]:21: warning: 'Map' ('std::unordered_map<int, T>') is written here without holding 'Mu'; 1 of 1 other accesses hold it
  int get(int K) {
    std::lock_guard<std::mutex> Lock(Mu);
    return Map.count(K);
    // CHECK: scenarios.cpp:[[@LINE-1]]:12: note: 'Mu' is held here, where 'Map' is read
  }

private:
  std::mutex Mu;
  std::unordered_map<int, T> Map;
};
Generic<int> Instance;
Generic<long> OtherInstance;
