// Against Debian's real libstdc++ headers.
// RUN: %clang_tidy -checks='-*,conc-unjoined-thread' %s -- -std=c++20 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// Same findings through the conctidy CLI (exit 1 with findings, 0 without):
// RUN: not %conctidy --checks='-*,conc-unjoined-thread' %s -- -std=c++20 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <stdexcept>
#include <thread>
#include <vector>

int compute(int Shard);
bool valid(int Shard);

int runShards(int N) {
  std::vector<std::thread> Workers;
  // The second iteration throws while the first thread runs.
  // CHECK: real-libstdcxx.cpp:[[@LINE+6]]:5: warning: 'Workers' ('std::vector<std::thread>') can be destroyed while it holds joinable threads, which calls 'std::terminate'; join or detach them on every path, or hold 'std::jthread's [conc-unjoined-thread]
  // CHECK: real-libstdcxx.cpp:[[@LINE+4]]:7: note: 'Workers' still holds joinable threads when this exception leaves its scope
  // CHECK: real-libstdcxx.cpp:[[@LINE+6]]:3: note: 'Workers' is joined here, but not on that path
  for (int I = 0; I < N; ++I) {
    if (!valid(I))
      throw std::invalid_argument("bad shard");
    Workers.emplace_back(compute, I);
  }
  for (std::thread &T : Workers)
    T.join();
  return N;
}

void single() {
  std::thread T([] { compute(0); });
  // CHECK: real-libstdcxx.cpp:[[@LINE-1]]:15: warning: 'T' ('std::thread') can be destroyed while joinable
  if (!valid(0))
    return;
  // CHECK: real-libstdcxx.cpp:[[@LINE-1]]:5: note: 'T' is still joinable when this 'return' leaves its scope
  T.join();
}

// No report below.

void jthreads(int N) {
  std::vector<std::jthread> Workers;
  for (int I = 0; I < N; ++I) {
    if (!valid(I))
      return;
    Workers.emplace_back(compute, I);
  }
}

void joined(int N) {
  std::vector<std::thread> Workers;
  for (int I = 0; I < N; ++I)
    Workers.emplace_back(compute, I);
  for (auto &T : Workers)
    T.join();
}
