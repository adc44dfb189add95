// Against the real Boost.Thread header (libboost-thread-dev):
// sync_bounded_queue(n) holds n values; push_back/<< wait while it is full;
// close() wakes them (they throw sync_queue_is_closed).
// REQUIRES: boost-thread-headers
// RUN: %clang_tidy -checks='-*,conc-unreceived-channel-send' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-unreceived-channel-send' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <boost/thread/sync_bounded_queue.hpp>
#include <thread>

int compute(int);
bool failed(int);

int firstResult() {
  boost::sync_bounded_queue<int> Q(2);
  for (int I = 0; I < 4; ++I)
    std::thread([&Q, I] { Q.push_back(compute(I)); }).detach();
  // CHECK: real-boost-thread.cpp:[[@LINE-1]]:29: warning: send on 'Q' (boost::concurrent::sync_bounded_queue) can block forever: 'firstResult' may return at line [[@LINE+5]] before receiving all 4 values; give 'Q' room for 4 values [conc-unreceived-channel-send]
  // CHECK: real-boost-thread.cpp:[[@LINE+4]]:5: note: 'firstResult' leaves here after receiving 1 value
  // CHECK: real-boost-thread.cpp:[[@LINE-3]]:5: note: tasks that send 4 values are started here with 'std::thread'
  int V = Q.pull_front();
  if (failed(V))
    return -1;
  return V + Q.pull_front() + Q.pull_front() + Q.pull_front();
}

// close() on the early path releases the senders.
int closed() {
  boost::concurrent::sync_bounded_queue<int> Q(2);
  for (int I = 0; I < 4; ++I)
    std::thread([&Q, I] {
      try {
        Q << compute(I);
      } catch (...) {
      }
    }).detach();
  int V = 0;
  Q >> V;
  if (failed(V)) {
    Q.close();
    return -1;
  }
  return V + Q.pull_front() + Q.pull_front() + Q.pull_front();
}
