// Against the real oneTBB header (libtbb-dev): concurrent_bounded_queue's
// push() blocks at the capacity set_capacity() gives; a default queue is
// unbounded; abort() wakes the blocked pushes; try_push never blocks.
// REQUIRES: tbb-headers
// RUN: %clang_tidy -checks='-*,conc-unreceived-channel-send' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-unreceived-channel-send' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <tbb/concurrent_queue.h>
#include <thread>

int compute(int);
bool failed(int);

int firstResult() {
  tbb::concurrent_bounded_queue<int> Q;
  Q.set_capacity(2);
  for (int I = 0; I < 4; ++I)
    std::thread([&Q, I] { Q.push(compute(I)); }).detach();
  // CHECK: real-tbb.cpp:[[@LINE-1]]:29: warning: send on 'Q' (tbb::detail::d2::concurrent_bounded_queue) can block forever: 'firstResult' may return at line [[@LINE+6]] before receiving all 4 values; give 'Q' room for 4 values [conc-unreceived-channel-send]
  // CHECK: real-tbb.cpp:[[@LINE+5]]:5: note: 'firstResult' leaves here after receiving 1 value
  // CHECK: real-tbb.cpp:[[@LINE-3]]:5: note: tasks that send 4 values are started here with 'std::thread'
  int V = 0;
  Q.pop(V);
  if (failed(V))
    return -1;
  return V;
}

// Without set_capacity() the queue is unbounded.
int unbounded() {
  tbb::concurrent_bounded_queue<int> Q;
  for (int I = 0; I < 4; ++I)
    std::thread([&Q, I] { Q.push(compute(I)); }).detach();
  int V = 0;
  Q.pop(V);
  return V;
}

// set_capacity(-1) makes it unbounded again.
int negativeCapacity() {
  tbb::concurrent_bounded_queue<int> Q;
  Q.set_capacity(-1);
  for (int I = 0; I < 4; ++I)
    std::thread([&Q, I] { Q.push(compute(I)); }).detach();
  int V = 0;
  Q.pop(V);
  return V;
}

// abort() on the early path wakes the blocked pushes (they throw).
int aborted() {
  tbb::concurrent_bounded_queue<int> Q;
  Q.set_capacity(1);
  for (int I = 0; I < 4; ++I)
    std::thread([&Q, I] {
      try {
        Q.push(compute(I));
      } catch (...) {
      }
    }).detach();
  int V = 0;
  Q.pop(V);
  if (failed(V)) {
    Q.abort();
    return -1;
  }
  for (int I = 1; I < 4; ++I)
    Q.pop(V);
  return V;
}

// try_push never blocks.
int tryPush() {
  tbb::concurrent_bounded_queue<int> Q;
  Q.set_capacity(1);
  for (int I = 0; I < 4; ++I)
    std::thread([&Q, I] { Q.try_push(compute(I)); }).detach();
  int V = 0;
  Q.pop(V);
  return V;
}

// Room for every push.
int roomForAll() {
  tbb::concurrent_bounded_queue<int> Q;
  Q.set_capacity(4);
  for (int I = 0; I < 4; ++I)
    std::thread([&Q, I] { Q.push(compute(I)); }).detach();
  int V = 0;
  Q.pop(V);
  return V;
}
