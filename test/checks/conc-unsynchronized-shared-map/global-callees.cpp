// Global data reached through callees (the global-access part of the
// summaries): the accesses are in functions that never name a lock, the
// locks in callers up to three calls away.
// RUN: %clang_tidy -checks='-*,conc-unsynchronized-shared-map,conc-unsynchronized-shared-field' %s -- -std=c++17 -nostdinc++ -isystem %mocks -isystem %inputs/c 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error|note}}:'
// RUN: not %conctidy --checks='-*,conc-unsynchronized-shared-map,conc-unsynchronized-shared-field' %s -- -std=c++17 -nostdinc++ -isystem %mocks -isystem %inputs/c 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error|note}}:'

#include <map>
#include <mutex>
#include <thread>
#include <vector>

// A cache whose writers lock in their callers, three calls up, and whose
// reader forgets to.
std::mutex CacheMu;
std::map<int, int> Cache;

void storeEntry(int K) { Cache[K] = K; }
void fill(int K) { storeEntry(K); }
void compileAndCache(int K) {
  std::lock_guard<std::mutex> G(CacheMu);
  fill(K);
}
void compileOther(int K) {
  std::lock_guard<std::mutex> G(CacheMu);
  fill(K + 1);
}

int findEntry(int K) {
  auto It = Cache.find(K);
  // CHECK: global-callees.cpp:[[@LINE-1]]:13: warning: 'Cache' ('std::map<int, int>') is read here without holding 'CacheMu'; 1 of 2 other accesses hold it [conc-unsynchronized-shared-map]
  // CHECK: global-callees.cpp:[[@LINE+8]]:26: note: 'lookupTask' reaches it through this call, without holding 'CacheMu'
  // CHECK: global-callees.cpp:23:3: note: 'CacheMu' is held where this call writes 'Cache' (in 'storeEntry')
  return It == Cache.end() ? 0 : It->second;
  // CHECK: global-callees.cpp:[[@LINE-1]]:16: warning: 'Cache' ('std::map<int, int>') is read here without holding 'CacheMu'; 1 of 2 other accesses hold it [conc-unsynchronized-shared-map]
  // CHECK: global-callees.cpp:[[@LINE+4]]:26: note: 'lookupTask' reaches it through this call, without holding 'CacheMu'
  // CHECK: global-callees.cpp:23:3: note: 'CacheMu' is held where this call writes 'Cache' (in 'storeEntry')
}
int probe(int K) { return findEntry(K); }
void lookupTask(int K) { probe(K); }

// A counter bumped under the lock by a helper, read outside it by another.
std::mutex StatsMu;
int Hits;

void bump() { ++Hits; }
void countHit() {
  std::lock_guard<std::mutex> G(StatsMu);
  bump();
}
int hits() { return Hits; }
// CHECK: global-callees.cpp:[[@LINE-1]]:21: warning: 'Hits' ('int') is read here without holding 'StatsMu'; 1 of 1 other accesses hold it [conc-unsynchronized-shared-field]
// CHECK: global-callees.cpp:[[@LINE+5]]:5: note: 'report' reaches it through this call, without holding 'StatsMu'
// CHECK: global-callees.cpp:[[@LINE-5]]:3: note: 'StatsMu' is held where this call writes 'Hits' (in 'bump')

void report() {
  for (int I = 0; I < 3; ++I)
    hits();
}

// A worker started in a loop that writes through a helper, with no lock
// anywhere.
std::vector<int> Log;
void append(int V) { Log.emplace_back(V); }
// CHECK: global-callees.cpp:[[@LINE-1]]:22: warning: 'Log' ('std::vector<int>') is written here without a lock by 'logWorker', which runs on several threads at once; guard it with a mutex [conc-unsynchronized-shared-map]
void logWorker(int V) { append(V); }
// CHECK: global-callees.cpp:[[@LINE-1]]:25: note: 'logWorker' reaches it through this call

void start() {
  std::thread A(compileAndCache, 1), B(compileOther, 2), C(lookupTask, 3);
  std::vector<std::thread> Loggers;
  for (int I = 0; I < 4; ++I)
    Loggers.emplace_back(std::thread(logWorker, I));
  A.join();
  B.join();
  C.join();
  for (auto &T : Loggers)
    T.join();
}

// Through a virtual call: the accesses of every visible overrider.
std::mutex JobsMu;
std::map<int, int> Jobs;
struct Task {
  virtual void run(int K) = 0;
};
struct Store : Task {
  void run(int K) override { Jobs[K] = K; }
};
void runLocked(Task &T) {
  std::lock_guard<std::mutex> G(JobsMu);
  T.run(1);
}
int peekJobs() { return Jobs.count(1); }
// CHECK: global-callees.cpp:[[@LINE-1]]:25: warning: 'Jobs' ('std::map<int, int>') is read here without holding 'JobsMu'; 1 of 1 other accesses hold it [conc-unsynchronized-shared-map]
// CHECK: global-callees.cpp:[[@LINE-4]]:5: note: 'JobsMu' is held where this call writes 'Jobs' (in 'run')
