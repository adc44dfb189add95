// Data members reached through callees (the member-access part of the
// summaries): a member object's methods, a pimpl's methods, a free
// function given the object, a helper chain three calls deep. The accesses
// are in functions that never name the lock; the owner's methods lock.
// RUN: %clang_tidy -checks='-*,conc-unsynchronized-shared-map,conc-unsynchronized-shared-field' %s -- -std=c++17 -nostdinc++ -isystem %mocks -isystem %inputs/c 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error|note}}:'
// RUN: not %conctidy --checks='-*,conc-unsynchronized-shared-map,conc-unsynchronized-shared-field' %s -- -std=c++17 -nostdinc++ -isystem %mocks -isystem %inputs/c 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error|note}}:'

#include <map>
#include <memory>
#include <mutex>
#include <thread>

// A cache class with no lock of its own: its owner's lock guards it, and
// one of the owner's methods forgets it.
class ModuleCache {
public:
  void insert(int Id, int Code) { Modules[Id] = Code; }
  bool contains(int Id) const { return Modules.count(Id) != 0; }
  void erase(int Id) { Modules.erase(Id); }

private:
  std::map<int, int> Modules;
};

class Engine {
public:
  void compile(int Id) {
    std::lock_guard<std::mutex> G(Mu);
    Cache.insert(Id, 1);
  }
  void release(int Id) {
    std::lock_guard<std::mutex> G(Mu);
    Cache.erase(Id);
  }
  bool cached(int Id) { return Cache.contains(Id); }
  // CHECK: member-callees.cpp:20:40: warning: 'Cache.Modules' ('std::map<int, int>') is read here without holding 'Mu'; 2 of 2 other accesses hold it [conc-unsynchronized-shared-map]
  // CHECK: member-callees.cpp:[[@LINE-2]]:38: note: 'cached' reaches it through this call, without holding 'Mu'
  // CHECK: member-callees.cpp:31:11: note: 'Mu' is held where this call writes 'Cache.Modules' (in 'insert')
  // The member object itself, for the field check (its calls are reads
  // and writes of it).
  // CHECK: member-callees.cpp:[[@LINE-6]]:32: warning: 'Cache' ('ModuleCache') is read here without holding 'Mu'; 2 of 2 other accesses hold it [conc-unsynchronized-shared-field]
  // CHECK: member-callees.cpp:31:5: note: 'Mu' is held here, where 'Cache' is written

private:
  std::mutex Mu;
  ModuleCache Cache;
};

// A pimpl whose methods hold the data; the lock is the outer class's.
class Registry {
public:
  Registry();
  void add(int K, int V);
  int find(int K);

private:
  struct State;
  std::mutex Mu;
  std::unique_ptr<State> Impl;
};

struct Registry::State {
  void put(int K, int V) { Values[K] = V; }
  int get(int K) { return lookup(K); }
  int lookup(int K) { return at(K); }
  int at(int K) { return Values[K]; }
  // CHECK: member-callees.cpp:[[@LINE-1]]:26: warning: 'Impl->Values' ('std::map<int, int>') is written here without holding 'Mu'; 1 of 1 other accesses hold it [conc-unsynchronized-shared-map]
  // CHECK: member-callees.cpp:[[@LINE+10]]:42: note: 'find' reaches it through this call, without holding 'Mu'
  // CHECK: member-callees.cpp:[[@LINE+7]]:9: note: 'Mu' is held where this call writes 'Impl->Values' (in 'put')
  std::map<int, int> Values;
};

Registry::Registry() : Impl(new State) {}
void Registry::add(int K, int V) {
  std::lock_guard<std::mutex> G(Mu);
  Impl->put(K, V);
}
int Registry::find(int K) { return Impl->get(K); }

// A free function given the object writes it; a thread runs it without
// the object's lock.
struct Stats {
  std::mutex Mu;
  std::map<int, int> Hits;
  void record(int K) {
    std::lock_guard<std::mutex> G(Mu);
    Hits[K]++;
  }
  int hits(int K) {
    std::lock_guard<std::mutex> G(Mu);
    return Hits[K];
  }
};

void bump(Stats *S, int K) { S->Hits[K]++; }
// CHECK: member-callees.cpp:[[@LINE-1]]:33: warning: 'Hits' ('std::map<int, int>') is written here without holding 'Mu'; 2 of 2 other accesses hold it [conc-unsynchronized-shared-map]
// CHECK: member-callees.cpp:[[@LINE+3]]:3: note: 'worker' reaches it through this call, without holding 'Mu'
// CHECK: member-callees.cpp:89:5: note: 'Mu' is held here, where 'Hits' is written
void worker(Stats *S) {
  bump(S, 1);
}

void runWorkers(Stats &S) {
  std::thread T(worker, &S);
  S.record(2);
  T.join();
}

// One finding per line for a member and the object holding it (cpp-httplib's
// `ClientImpl::socket()`): the getter's read is data of `Sock` and of
// `Sock.Fd`, which a helper given the object writes under the lock.
struct Socket {
  int Fd = -1;
};
void closeSocket(Socket &S) { S.Fd = -1; }
class HttpClient {
public:
  int socket() const { return Sock.Fd; }
  // CHECK: member-callees.cpp:[[@LINE-1]]:36: warning: 'Sock.Fd' ('int') is read here without holding 'Mu'; 2 of 2 other accesses hold it [conc-unsynchronized-shared-field]
  // CHECK: member-callees.cpp:[[@LINE+3]]:5: note: 'Mu' is held where this call writes 'Sock.Fd' (in 'closeSocket')
  void stop() {
    std::lock_guard<std::mutex> G(Mu);
    closeSocket(Sock);
  }
  void connect() {
    std::lock_guard<std::mutex> G(Mu);
    Sock.Fd = 3;
  }

private:
  mutable std::mutex Mu;
  Socket Sock;
};
