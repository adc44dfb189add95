// The path search's cost does not grow with the value of a loop bound: a
// spawn loop and a receive loop to INT_MAX finish within the time of the
// parse (under 1.5 GB of address space and 60 s; before the search kept
// one state per count of receives and ran out of memory here).
// RUN: ulimit -v 1500000 && timeout 60 %clang_tidy -checks='-*,conc-unreceived-channel-send' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: ulimit -v 1500000 && not timeout 60 %conctidy --checks='-*,conc-unreceived-channel-send' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#define INT_MAX 2147483647
#include <msd/channel.hpp>
#include <thread>

int compute(int);
bool failed(int);

// Every value is received: no report, however large the bound.
int drainAll() {
  msd::channel<int> Ch{1};
  for (int I = 0; I < INT_MAX; ++I)
    std::thread([&Ch, I] { Ch << compute(I); }).detach();
  int Sum = 0;
  for (int I = 0; I < INT_MAX; ++I) {
    int V = 0;
    Ch >> V;
    Sum += V;
  }
  return Sum;
}

// Nested loops whose counts multiply past 2^64 saturate.
int drainNested() {
  msd::channel<int> Ch{1};
  for (int I = 0; I < INT_MAX; ++I)
    for (int J = 0; J < INT_MAX; ++J)
      for (int K = 0; K < INT_MAX; ++K)
        std::thread([&Ch, I] { Ch << compute(I); }).detach();
  int Sum = 0;
  for (;;) {
    int V = 0;
    Ch >> V;
    Sum += V;
  }
}

// An early return inside the receive loop is found with the fewest
// receives on its path, still without walking the loop INT_MAX times.
int firstFailure() {
  msd::channel<int> Ch{1};
  for (int I = 0; I < INT_MAX; ++I)
    std::thread([&Ch, I] { Ch << compute(I); }).detach();
  // CHECK: growth.cpp:[[@LINE-1]]:31: warning: send on 'Ch' (msd::channel) can block forever: 'firstFailure' may return at line [[@LINE+7]] before receiving all 2147483647 values; give 'Ch' room for 2147483647 values [conc-unreceived-channel-send]
  // CHECK: growth.cpp:[[@LINE+6]]:7: note: 'firstFailure' leaves here after receiving 1 value
  // CHECK: growth.cpp:[[@LINE-3]]:5: note: tasks that send 2147483647 values are started here with 'std::thread'
  for (int I = 0; I < INT_MAX; ++I) {
    int V = 0;
    Ch >> V;
    if (failed(V))
      return -1;
  }
  return 0;
}
