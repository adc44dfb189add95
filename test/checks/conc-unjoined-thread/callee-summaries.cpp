// What callees do to a thread handle, from their summaries (any depth): a
// helper chain that only looks at the handle leaves the thread joinable; one
// that joins it, detaches it or loses track of it makes no claim.
// RUN: %clang_tidy -checks='-*,conc-unjoined-thread' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-unjoined-thread' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <thread>

void work();
void log(bool);
void adopt(std::thread &);

// Three calls deep, the handle is only looked at.
void report3(std::thread &T) { log(T.joinable()); }
void report2(std::thread &T) { report3(T); }
void report(std::thread &T) { report2(T); }

void reportsOnly() {
  std::thread t(work);
  // CHECK: callee-summaries.cpp:[[@LINE-1]]:15: warning: 't' ('std::thread') can be destroyed while joinable, which calls 'std::terminate'; join or detach it on every path [conc-unjoined-thread]
  report(t);
}
// CHECK: callee-summaries.cpp:[[@LINE-1]]:1: note: 't' is destroyed here, at the end of its scope, while joinable

// Three calls deep, the helper joins it: no claim.
void finish3(std::thread &T) { T.join(); }
void finish2(std::thread &T) { finish3(T); }
void finish(std::thread &T) { finish2(T); }

void joinedByHelper() {
  std::thread t(work);
  finish(t);
}

// Three calls deep, the helper detaches it: no claim.
void release3(std::thread &T) { T.detach(); }
void release2(std::thread &T) { release3(T); }
void release(std::thread &T) { release2(T); }

void detachedByHelper() {
  std::thread t(work);
  release(t);
}

// A helper whose body is not in this file: anything may happen.
void handedAway() {
  std::thread t(work);
  adopt(t);
}

// A helper that keeps the thread by moving it out: no claim.
std::thread Kept;
void keep(std::thread &T) { Kept = std::move(T); }
void keepsIt() {
  std::thread t(work);
  keep(t);
}

// A virtual helper whose visible overrider joins: no claim.
struct Owner {
  virtual ~Owner();
  virtual void take(std::thread &T) {}
};
struct JoiningOwner : Owner {
  void take(std::thread &T) override { finish(T); }
};
void toOwner(Owner &O) {
  std::thread t(work);
  O.take(t);
}

// Through a function pointer: unknown, no claim.
void viaPointer(void (*Done)(std::thread &)) {
  std::thread t(work);
  Done(t);
}
