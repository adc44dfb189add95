// Correct code: no finding.
// RUN: %clang_tidy -checks='-*,conc-unsynchronized-shared-map' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:' --allow-empty
// Same findings through the conctidy CLI (exit 1 with findings, 0 without):
// RUN: %conctidy --checks='-*,conc-unsynchronized-shared-map' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:' --allow-empty
// CHECK-NOT: warning:

#include <condition_variable>
#include <mutex>
#include <thread>
#include <unordered_map>

#define GUARDED_BY(x) __attribute__((guarded_by(x)))
#define REQUIRES(x) __attribute__((requires_capability(x)))

// Every access holds the lock.
class AlwaysLocked {
public:
  int get(int K) {
    std::lock_guard<std::mutex> Lock(Mu);
    auto It = Map.find(K);
    return It == Map.end() ? 0 : It->second;
  }
  void put(int K, int V) {
    std::unique_lock<std::mutex> Lock(Mu);
    Map[K] = V;
  }

private:
  std::mutex Mu;
  std::unordered_map<int, int> Map;
};

// A private helper reached only with the lock held, also recursively.
class Helpers {
public:
  void put(int K) {
    std::lock_guard<std::mutex> Lock(Mu);
    insertLocked(K);
  }
  void drop(int K) {
    Mu.lock();
    eraseLocked(K, 2);
    Mu.unlock();
  }

private:
  void insertLocked(int K) { Map[K] = K; }
  void eraseLocked(int K, int Depth) {
    Map.erase(K);
    if (Depth > 0)
      eraseLocked(K + 1, Depth - 1);
  }
  std::mutex Mu;
  std::unordered_map<int, int> Map;
};

// Condition variable predicates and call_once run under the caller's lock.
class Queue {
public:
  void waitFor(int K) {
    std::unique_lock<std::mutex> Lock(Mu);
    Ready.wait(Lock, [&] { return Items.count(K) != 0; });
    Items.erase(K);
  }
  void push(int K) {
    std::lock_guard<std::mutex> Lock(Mu);
    Items[K] = 1;
    auto Bump = [&] { Items[K + 1] = 2; };
    Bump();
  }

private:
  std::mutex Mu;
  std::condition_variable Ready;
  std::unordered_map<int, int> Items;
};

// Two mutexes locked together.
class Transfer {
public:
  void move(int K) {
    std::scoped_lock<std::mutex, std::mutex> Both(A, B);
    Map.erase(K);
  }
  void add(int K) {
    std::lock_guard<std::mutex> Lock(A);
    Map[K] = 1;
  }

private:
  std::mutex A, B;
  std::unordered_map<int, int> Map;
};

// Constructors and destructors do not run concurrently; a table filled in
// the constructor and only read later needs no lock.
class Table {
public:
  Table() {
    Names[1] = 1;
    Names[2] = 2;
  }
  ~Table() { Names.clear(); }
  int lookup(int K) const { return Names.at(K); }
  int size() const { return Names.size(); }

private:
  std::mutex Mu;
  std::unordered_map<int, int> Names;
};

// Annotated members used correctly, and REQUIRES on a helper.
class Annotated {
public:
  void put(int K) {
    std::lock_guard<std::mutex> Lock(Mu);
    putLocked(K);
  }
  int get(int K) {
    std::lock_guard<std::mutex> Lock(Mu);
    return Map.count(K);
  }
  void putLocked(int K) REQUIRES(Mu) { Map[K] = K; }

private:
  std::mutex Mu;
  std::unordered_map<int, int> Map GUARDED_BY(Mu);
};

// try_lock: the access happens only on the branch that holds the lock.
class TryLock {
public:
  bool tryPut(int K) {
    if (!Mu.try_lock())
      return false;
    Map[K] = K;
    Mu.unlock();
    return true;
  }
  void put(int K) {
    std::lock_guard<std::mutex> Lock(Mu);
    Map[K] = K;
  }

private:
  std::mutex Mu;
  std::unordered_map<int, int> Map;
};

// No lock anywhere: a class that is not shared (single-threaded use).
class Unshared {
public:
  void put(int K) { Map[K] = K; }
  int get(int K) { return Map.count(K); }

private:
  std::unordered_map<int, int> Map;
};

// A worker lambda that takes the lock itself.
class Worker {
public:
  void start() {
    std::thread([this] {
      std::lock_guard<std::mutex> Lock(Mu);
      Results[1] = 1;
    }).detach();
  }
  int get() {
    std::lock_guard<std::mutex> Lock(Mu);
    return Results.size();
  }

private:
  std::mutex Mu;
  std::unordered_map<int, int> Results;
};


// A setter that configures the object, and a request path that reads the
// configuration under a lock taken for something else: no lock guards the
// headers' writes, so the lock is not inferred as their guard.
class Client {
public:
  void setDefaultHeaders(const std::unordered_map<int, int> &H) {
    DefaultHeaders = H;
  }
  void send() {
    std::lock_guard<std::mutex> Lock(RequestMu);
    for (const auto &KV : DefaultHeaders)
      (void)KV;
  }

private:
  std::mutex RequestMu;
  std::unordered_map<int, int> DefaultHeaders;
};
