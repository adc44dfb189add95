// What callees do to the handle of a task that captures locals by
// reference, from their summaries (any depth): a helper chain that detaches
// it lets the task outlive the locals; one that joins it, or that also
// joins, makes no claim.
// RUN: %clang_tidy -checks='-*,conc-dangling-task-capture' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-dangling-task-capture' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <thread>

void use(int &);
bool failed();
void adopt(std::thread &);

// Three calls deep, the helper detaches the thread.
void release3(std::thread &T) { T.detach(); }
void release2(std::thread &T) { release3(T); }
void release(std::thread &T) { release2(T); }

void detachedByHelper() {
  int Count = 0;
  std::thread T([&Count] { use(Count); });
  // CHECK: callee-summaries.cpp:[[@LINE-1]]:19: warning: 'Count' is captured by reference by a task that can outlive it; capture it by value or move it into the task, or wait for the task before 'Count' goes out of scope [conc-dangling-task-capture]
  // CHECK: callee-summaries.cpp:[[@LINE-2]]:15: note: the task is started here ('std::thread')
  release(T);
  // CHECK: callee-summaries.cpp:[[@LINE-1]]:3: note: its thread is detached here
}
// CHECK: callee-summaries.cpp:[[@LINE-1]]:1: note: 'Count' is destroyed here, at the end of its scope, while the task may still use it

// A helper chain that only looks at the handle changes nothing: the later
// detach still lets the task outlive the local.
void report3(std::thread &T) { (void)T.joinable(); }
void report2(std::thread &T) { report3(T); }
void report(std::thread &T) { report2(T); }

void lookedAtThenDetached() {
  int Count = 0;
  std::thread T([&Count] { use(Count); });
  // CHECK: callee-summaries.cpp:[[@LINE-1]]:19: warning: 'Count' is captured by reference by a task that can outlive it
  // CHECK: callee-summaries.cpp:[[@LINE-2]]:15: note: the task is started here ('std::thread')
  report(T);
  T.detach();
  // CHECK: callee-summaries.cpp:[[@LINE-1]]:3: note: its thread is detached here
}
// CHECK: callee-summaries.cpp:[[@LINE-1]]:1: note: 'Count' is destroyed here, at the end of its scope, while the task may still use it

// Three calls deep, the helper joins it: no claim.
void finish3(std::thread &T) { T.join(); }
void finish2(std::thread &T) { finish3(T); }
void finish(std::thread &T) { finish2(T); }

void joinedByHelper() {
  int Count = 0;
  std::thread T([&Count] { use(Count); });
  finish(T);
}

// Detached when it failed, joined otherwise: the helper may join, no claim.
void settle(std::thread &T) {
  if (failed())
    release(T);
  else
    finish(T);
}
void settledByHelper() {
  int Count = 0;
  std::thread T([&Count] { use(Count); });
  settle(T);
}

// A helper whose body is not in this file: no claim.
void handedAway() {
  int Count = 0;
  std::thread T([&Count] { use(Count); });
  adopt(T);
}
