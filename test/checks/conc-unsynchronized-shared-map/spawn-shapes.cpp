// Threads started through a std::vector<std::thread>: emplace_back(fn,
// args...) runs fn on a new thread, each time round the loop; the real
// libstdc++.
// RUN: %clang_tidy -checks='-*,conc-unsynchronized-shared-map' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-unsynchronized-shared-map' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <map>
#include <mutex>
#include <thread>
#include <vector>

std::map<int, int> Hits;

void worker(int i) { Hits[i]++; }
// CHECK: spawn-shapes.cpp:[[@LINE-1]]:22: warning: 'Hits' ('std::map<int, int>') is written here without a lock by 'worker', which runs on several threads at once; guard it with a mutex [conc-unsynchronized-shared-map]

int main() {
  std::vector<std::thread> ts;
  for (int i = 0; i < 4; ++i)
    ts.emplace_back(worker, i);
  for (auto &t : ts)
    t.join();
}

// No report: the same, with the lock.
std::mutex SafeMu;
std::map<int, int> SafeHits;

void safeWorker(int i) {
  std::lock_guard<std::mutex> g(SafeMu);
  SafeHits[i]++;
}

void runSafe() {
  std::vector<std::thread> ts;
  for (int i = 0; i < 4; ++i)
    ts.emplace_back(safeWorker, i);
  for (auto &t : ts)
    t.join();
}
