// RUN: %clang_tidy -checks='-*,conc-unjoined-thread' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// Same findings through the conctidy CLI (exit 1 with findings, 0 without):
// RUN: not %conctidy --checks='-*,conc-unjoined-thread' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <stdexcept>
#include <thread>

void work();
bool failed();

void earlyReturn() {
  std::thread t(work);
  // CHECK: early-exit.cpp:[[@LINE-1]]:15: warning: 't' ('std::thread') can be destroyed while joinable, which calls 'std::terminate'; join or detach it on every path [conc-unjoined-thread]
  if (failed())
    return;
  // CHECK: early-exit.cpp:[[@LINE-1]]:5: note: 't' is still joinable when this 'return' leaves its scope
  t.join();
  // CHECK: early-exit.cpp:[[@LINE-1]]:3: note: 't' is joined here, but not on that path
}

int earlyReturnWithValue(int N) {
  std::thread t(work);
  // CHECK: early-exit.cpp:[[@LINE-1]]:15: warning: 't' ('std::thread')
  for (int I = 0; I < N; ++I)
    if (failed())
      return I;
  // CHECK: early-exit.cpp:[[@LINE-1]]:7: note: 't' is still joinable when this 'return' leaves its scope
  t.detach();
  // CHECK: early-exit.cpp:[[@LINE-1]]:3: note: 't' is detached here, but not on that path
  return N;
}

void breakOutOfLoopScope(int N) {
  for (int I = 0; I < N; ++I) {
    std::thread t(work);
    // CHECK: early-exit.cpp:[[@LINE-1]]:17: warning: 't' ('std::thread')
    if (failed())
      break;
    // CHECK: early-exit.cpp:[[@LINE-1]]:7: note: 't' is still joinable when this 'break' leaves its scope
    t.join();
  }
}

void continueInLoop(int N) {
  while (N--) {
    std::thread t(work);
    // CHECK: early-exit.cpp:[[@LINE-1]]:17: warning: 't' ('std::thread')
    if (failed())
      continue;
    // CHECK: early-exit.cpp:[[@LINE-1]]:7: note: 't' is still joinable when this 'continue' leaves its scope
    t.join();
  }
}

void gotoOut() {
  {
    std::thread t(work);
    // CHECK: early-exit.cpp:[[@LINE-1]]:17: warning: 't' ('std::thread')
    if (failed())
      goto out;
    // CHECK: early-exit.cpp:[[@LINE-1]]:7: note: 't' is still joinable when this 'goto' leaves its scope
    t.join();
  }
out:
  return;
}

void explicitThrow() {
  std::thread t(work);
  // CHECK: early-exit.cpp:[[@LINE-1]]:15: warning: 't' ('std::thread')
  if (failed())
    throw std::runtime_error("failed");
  // CHECK: early-exit.cpp:[[@LINE-1]]:5: note: 't' is still joinable when this exception leaves its scope
  t.join();
}

void neverJoined() {
  std::thread t(work);
  // CHECK: early-exit.cpp:[[@LINE-1]]:15: warning: 't' ('std::thread')
  work();
}
// CHECK: early-exit.cpp:[[@LINE-1]]:1: note: 't' is destroyed here, at the end of its scope, while joinable

void startedByAssignment(bool Background) {
  std::thread t;
  if (Background)
    t = std::thread(work);
  // CHECK: early-exit.cpp:[[@LINE-1]]:5: warning: 't' ('std::thread')
  if (failed())
    return;
  // CHECK: early-exit.cpp:[[@LINE-1]]:5: note: 't' is still joinable when this 'return' leaves its scope
  if (t.joinable())
    t.join();
}

void lambdaBody() {
  auto Run = [] {
    std::thread t(work);
    // CHECK: early-exit.cpp:[[@LINE-1]]:17: warning: 't' ('std::thread')
    if (failed())
      return;
    // CHECK: early-exit.cpp:[[@LINE-1]]:7: note: 't' is still joinable when this 'return' leaves its scope
    t.join();
  };
  Run();
}

// The throw is caught inside the thread's scope: the catch handler then
// returns without joining.
void caughtThenReturn() {
  std::thread t(work);
  // CHECK: early-exit.cpp:[[@LINE-1]]:15: warning: 't' ('std::thread')
  try {
    if (failed())
      throw 1;
  } catch (int) {
    return;
    // CHECK: early-exit.cpp:[[@LINE-1]]:5: note: 't' is still joinable when this 'return' leaves its scope
  }
  t.join();
}

// The early return hands back another thread; 't' is destroyed joinable.
std::thread returnsAnotherThread() {
  std::thread t(work);
  // CHECK: early-exit.cpp:[[@LINE-1]]:15: warning: 't' ('std::thread')
  if (failed())
    return std::thread();
  // CHECK: early-exit.cpp:[[@LINE-1]]:5: note: 't' is still joinable when this 'return' leaves its scope
  return t;
}

// What a fatal test assertion (gtest ASSERT_*) expands to: a hidden return.
#define ASSERT_TRUE_OR_RETURN(c)                                               \
  do {                                                                         \
    if (!(c))                                                                  \
      return;                                                                  \
  } while (0)

void testBody() {
  std::thread Server(work);
  // CHECK: early-exit.cpp:[[@LINE-1]]:15: warning: 'Server' ('std::thread') can be destroyed while joinable
  ASSERT_TRUE_OR_RETURN(!failed());
  // CHECK: early-exit.cpp:[[@LINE-1]]:3: note: 'Server' is still joinable when this 'return' leaves its scope
  // CHECK: early-exit.cpp:[[@LINE-8]]:7: note: expanded from macro 'ASSERT_TRUE_OR_RETURN'
  Server.join();
}
