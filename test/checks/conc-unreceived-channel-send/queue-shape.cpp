// Bounded blocking queues recognized by their shape, with no configuration
// (Inputs/queues.h, against the real libstdc++ headers), collector side:
// the creator stops draining while spawned senders remain.
// RUN: %clang_tidy -checks='-*,conc-unreceived-channel-send' %s -- -std=c++17 -I%S/Inputs 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-unreceived-channel-send' %s -- -std=c++17 -I%S/Inputs 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// The recognizer can be turned off.
// RUN: %clang_tidy -checks='-*,conc-unreceived-channel-send' -config="{CheckOptions: {conc-unreceived-channel-send.RecognizeQueues: false}}" %s -- -std=c++17 -I%S/Inputs 2>&1 \
// RUN:   | FileCheck %s --check-prefix=OFF --allow-empty -implicit-check-not='{{warning|error}}:'
// OFF-NOT: warning:

#include "queues.h"
#include <chrono>
#include <memory>
#include <thread>

int compute(int);
bool failed(int);
bool cancelled();

// finish() wakes the waiters, but push() does not look at the flag: the two
// senders that do not fit stay blocked.
int collectFirstError() {
  pipeline::BoundedQueue<int> Q(2);
  for (int I = 0; I < 4; ++I)
    std::thread([&Q, I] { Q.push(compute(I)); }).detach();
  // CHECK: queue-shape.cpp:[[@LINE-1]]:29: warning: send on 'Q' (pipeline::BoundedQueue) can block forever: 'collectFirstError' may return at line [[@LINE+11]] before receiving all 4 values; give 'Q' room for 4 values [conc-unreceived-channel-send]
  // CHECK: queue-shape.cpp:[[@LINE+10]]:7: note: 'collectFirstError' leaves here after receiving 1 value
  // CHECK: queue-shape.cpp:[[@LINE-3]]:5: note: tasks that send 4 values are started here with 'std::thread'
  // CHECK: queues.h:20:5: note: 'pipeline::BoundedQueue' is a bounded blocking queue: 'push' waits here while it is full
  // CHECK: queues.h:39:5: note: 'finish' wakes the waiters, but the wait in 'push' does not test the flag it sets
  int Sum = 0;
  for (int I = 0; I < 4; ++I) {
    int V = 0;
    Q.pop(V);
    if (failed(V)) {
      Q.finish();
      return -1;
    }
    Sum += V;
  }
  return Sum;
}

// A queue whose close() releases the senders, not closed on one path.
int forgetToClose() {
  auto Q = std::make_shared<pipeline::ClosingQueue<int>>(1);
  for (int I = 0; I < 3; ++I)
    std::thread([Q, I] { Q->push(compute(I)); }).detach();
  // CHECK: queue-shape.cpp:[[@LINE-1]]:29: warning: send on 'Q' (pipeline::ClosingQueue) can block forever: 'forgetToClose' may return at line [[@LINE+11]] before receiving all 3 values; give 'Q' room for 3 values [conc-unreceived-channel-send]
  // CHECK: queue-shape.cpp:[[@LINE+10]]:5: note: 'forgetToClose' leaves here after receiving 1 value
  // CHECK: queue-shape.cpp:[[@LINE-3]]:5: note: tasks that send 3 values are started here with 'std::thread'
  // CHECK: queues.h:58:5: note: 'pipeline::ClosingQueue' is a bounded blocking queue: 'push' waits here while it is full
  int V = 0;
  Q->pop(V);
  if (failed(V)) {
    Q->close();
    return -1;
  }
  if (V == 0)
    return 0;
  Q->close();
  return V;
}

// The capacity is set by a setter before the senders start.
int mailboxLimit() {
  pipeline::Mailbox Box;
  Box.set_limit(1);
  for (int I = 0; I < 3; ++I)
    std::thread([&Box, I] { Box.put(compute(I)); }).detach();
  // CHECK: queue-shape.cpp:[[@LINE-1]]:33: warning: send on 'Box' (pipeline::Mailbox) can block forever: 'mailboxLimit' may return at line [[@LINE+6]] before receiving all 3 values; give 'Box' room for 3 values [conc-unreceived-channel-send]
  // CHECK: queue-shape.cpp:[[@LINE+5]]:5: note: 'mailboxLimit' leaves here after receiving 1 value
  // CHECK: queue-shape.cpp:[[@LINE-3]]:5: note: tasks that send 3 values are started here with 'std::thread'
  // CHECK: queues.h:131:7: note: 'pipeline::Mailbox' is a bounded blocking queue: 'put' waits here while it is full
  int V = Box.take();
  if (failed(V))
    return -1;
  return V + Box.take() + Box.take();
}

// The capacity is a template argument.
int ringOfTwo() {
  pipeline::FixedRing<int, 2> Ring;
  for (int I = 0; I < 3; ++I)
    std::thread([&Ring, I] { Ring.push(compute(I)); }).detach();
  // CHECK: queue-shape.cpp:[[@LINE-1]]:35: warning: send on 'Ring' (pipeline::FixedRing) can block forever: 'ringOfTwo' may return at line [[@LINE+5]] before receiving all 3 values; give 'Ring' room for 3 values [conc-unreceived-channel-send]
  // CHECK: queue-shape.cpp:[[@LINE+4]]:5: note: 'ringOfTwo' leaves here after receiving 0 values
  // CHECK: queue-shape.cpp:[[@LINE-3]]:5: note: tasks that send 3 values are started here with 'std::thread'
  // CHECK: queues.h:160:5: note: 'pipeline::FixedRing' is a bounded blocking queue: 'push' waits here while it is full
  if (failed(0))
    return -1;
  return Ring.pop() + Ring.pop() + Ring.pop();
}

// The consumer loop stops on the flag, not only when the queue is drained.
int stopOnFailure() {
  pipeline::ClosingQueue<int> Q(1);
  for (int I = 0; I < 3; ++I)
    std::thread([&Q, I] { Q.push(compute(I)); }).detach();
  // CHECK: queue-shape.cpp:[[@LINE-1]]:29: warning: send on 'Q' (pipeline::ClosingQueue) can block forever: 'stopOnFailure' may return at line [[@LINE+10]] before receiving all 3 values; give 'Q' room for 3 values [conc-unreceived-channel-send]
  // CHECK: queue-shape.cpp:[[@LINE+9]]:3: note: 'stopOnFailure' leaves here after receiving 1 value
  // CHECK: queue-shape.cpp:[[@LINE-3]]:5: note: tasks that send 3 values are started here with 'std::thread'
  // CHECK: queues.h:58:5: note: 'pipeline::ClosingQueue' is a bounded blocking queue: 'push' waits here while it is full
  int V = 0, Sum = 0;
  bool Failed = false;
  while (Q.pop(V) && !Failed) {
    Failed = failed(V);
    Sum += V;
  }
  return Sum;
}

// Ends only when pop() says the queue is closed and empty: drained.
int popUntilClosed() {
  pipeline::ClosingQueue<int> Q(1);
  for (int I = 0; I < 3; ++I)
    std::thread([&Q, I] { Q.push(compute(I)); }).detach();
  int V = 0, Sum = 0;
  while (Q.pop(V))
    Sum += V;
  return Sum;
}

// The flag is tested first: leaving through pop() drained the queue, but
// leaving through the flag did not.
int flagFirst() {
  pipeline::ClosingQueue<int> Q(1);
  for (int I = 0; I < 3; ++I)
    std::thread([&Q, I] { Q.push(compute(I)); }).detach();
  // CHECK: queue-shape.cpp:[[@LINE-1]]:29: warning: send on 'Q' (pipeline::ClosingQueue) can block forever: 'flagFirst' may return at line [[@LINE+7]] before receiving all 3 values; give 'Q' room for 3 values [conc-unreceived-channel-send]
  // CHECK: queue-shape.cpp:[[@LINE+6]]:3: note: 'flagFirst' leaves here after receiving 0 values
  // CHECK: queue-shape.cpp:[[@LINE-3]]:5: note: tasks that send 3 values are started here with 'std::thread'
  // CHECK: queues.h:58:5: note: 'pipeline::ClosingQueue' is a bounded blocking queue: 'push' waits here while it is full
  int V = 0, Sum = 0;
  while (!cancelled() && Q.pop(V))
    Sum += V;
  return Sum;
}

//===--- No-report traps ---------------------------------------------------===//

// An unbounded queue: push() never waits.
int unbounded() {
  pipeline::WorkQueue Q;
  for (int I = 0; I < 4; ++I)
    std::thread([&Q, I] { Q.push(compute(I)); }).detach();
  int V = Q.pop();
  if (failed(V))
    return -1;
  return V;
}

// A capacity of zero means unbounded (the predicate's `MaxSize == 0 ||`).
int zeroIsUnbounded() {
  pipeline::ClosingQueue<int> Q;
  for (int I = 0; I < 4; ++I)
    std::thread([&Q, I] { Q.push(compute(I)); }).detach();
  int V = 0;
  Q.pop(V);
  return V;
}

// Without set_limit() the mailbox is unbounded.
int mailboxUnset() {
  pipeline::Mailbox Box;
  for (int I = 0; I < 3; ++I)
    std::thread([&Box, I] { Box.put(compute(I)); }).detach();
  return Box.take();
}

// Room for every push.
int roomForAll() {
  pipeline::BoundedQueue<int> Q(4);
  for (int I = 0; I < 4; ++I)
    std::thread([&Q, I] { Q.push(compute(I)); }).detach();
  int V = 0;
  Q.pop(V);
  return V;
}

// A timed push gives up.
int timedPush() {
  pipeline::ClosingQueue<int> Q(1);
  for (int I = 0; I < 4; ++I)
    std::thread([&Q, I] {
      Q.push_for(compute(I), std::chrono::milliseconds(10));
    }).detach();
  int V = 0;
  Q.pop(V);
  return V;
}

// Closed on every exit: directly, by a scope guard, by a destructor.
int closedDirectly() {
  pipeline::ClosingQueue<int> Q(1);
  for (int I = 0; I < 3; ++I)
    std::thread([&Q, I] { Q.push(compute(I)); }).detach();
  int V = 0;
  Q.pop(V);
  if (failed(V)) {
    Q.close();
    return -1;
  }
  Q.close();
  return V;
}

template <typename F> struct ScopeExit {
  F Fn;
  ~ScopeExit() { Fn(); }
};
template <typename F> ScopeExit<F> onExit(F Fn) { return {Fn}; }

int closedByGuard() {
  pipeline::ClosingQueue<int> Q(1);
  auto Guard = onExit([&Q] { Q.close(); });
  for (int I = 0; I < 3; ++I)
    std::thread([&Q, I] { Q.push(compute(I)); }).detach();
  int V = 0;
  Q.pop(V);
  if (failed(V))
    return -1;
  return V;
}

struct Closer {
  pipeline::ClosingQueue<int> &Q;
  ~Closer() { Q.close(); }
};

int closedByDestructor() {
  pipeline::ClosingQueue<int> Q(1);
  Closer C{Q};
  for (int I = 0; I < 3; ++I)
    std::thread([&Q, I] { Q.push(compute(I)); }).detach();
  int V = 0;
  Q.pop(V);
  if (failed(V))
    return -1;
  return V;
}

// The consumer keeps draining after an error.
int drainsAfterError() {
  pipeline::BoundedQueue<int> Q(1);
  for (int I = 0; I < 4; ++I)
    std::thread([&Q, I] { Q.push(compute(I)); }).detach();
  bool Failed = false;
  int Sum = 0;
  for (int I = 0; I < 4; ++I) {
    int V = 0;
    Q.pop(V);
    if (failed(V))
      Failed = true;
    else
      Sum += V;
  }
  return Failed ? -1 : Sum;
}

// N senders against capacity N, the same expression.
int sameCount(int N) {
  pipeline::BoundedQueue<int> Q(N);
  for (int I = 0; I < N; ++I)
    std::thread([&Q, I] { Q.push(compute(I)); }).detach();
  int V = 0;
  Q.pop(V);
  return V;
}

// A timed wait that loops until there is room still blocks.
int pollingQueue() {
  pipeline::PollingQueue<int> Q(1);
  for (int I = 0; I < 3; ++I)
    std::thread([&Q, I] { Q.push(compute(I)); }).detach();
  // CHECK: queue-shape.cpp:[[@LINE-1]]:29: warning: send on 'Q' (pipeline::PollingQueue) can block forever: 'pollingQueue' may return at line [[@LINE+7]] before receiving all 3 values; give 'Q' room for 3 values [conc-unreceived-channel-send]
  // CHECK: queue-shape.cpp:[[@LINE+6]]:5: note: 'pollingQueue' leaves here after receiving 1 value
  // CHECK: queue-shape.cpp:[[@LINE-3]]:5: note: tasks that send 3 values are started here with 'std::thread'
  // CHECK: queues.h:{{[0-9]+}}:9: note: 'pipeline::PollingQueue' is a bounded blocking queue: 'push' waits here while it is full
  int V = 0;
  Q.wait_and_pop(V);
  if (failed(V))
    return -1;
  Q.wait_and_pop(V);
  Q.wait_and_pop(V);
  return V;
}

// Its bound 0 (the default) skips the wait.
int pollingUnbounded() {
  pipeline::PollingQueue<int> Q;
  for (int I = 0; I < 3; ++I)
    std::thread([&Q, I] { Q.push(compute(I)); }).detach();
  int V = 0;
  Q.wait_and_pop(V);
  return V;
}

// shutdown() empties it, so the waiting pushes go on.
int pollingShutdown() {
  pipeline::PollingQueue<int> Q(1);
  for (int I = 0; I < 3; ++I)
    std::thread([&Q, I] { Q.push(compute(I)); }).detach();
  int V = 0;
  Q.wait_and_pop(V);
  if (failed(V)) {
    Q.shutdown();
    return -1;
  }
  Q.shutdown();
  return V;
}
