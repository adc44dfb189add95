// Thread handles owned by std::unique_ptr / std::shared_ptr, against Debian's
// real libstdc++ headers.
// RUN: %clang_tidy -checks='-*,conc-unjoined-thread' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-unjoined-thread' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <memory>
#include <thread>

void work();
bool failed();
void keep(std::shared_ptr<std::thread> T);

void earlyReturn() {
  std::unique_ptr<std::thread> T = std::make_unique<std::thread>(work);
  // CHECK: smart-pointers.cpp:[[@LINE-1]]:32: warning: 'T' ('std::unique_ptr<std::thread>') can be destroyed while joinable, which calls 'std::terminate'; join or detach it on every path [conc-unjoined-thread]
  if (failed())
    return;
  // CHECK: smart-pointers.cpp:[[@LINE-1]]:5: note: 'T' is still joinable when this 'return' leaves its scope
  T->join();
  // CHECK: smart-pointers.cpp:[[@LINE-1]]:3: note: 'T' is joined here, but not on that path
}

void fromNew() {
  std::unique_ptr<std::thread> T(new std::thread(work));
  // CHECK: smart-pointers.cpp:[[@LINE-1]]:32: warning: 'T' ('std::unique_ptr<std::thread>') can be destroyed while joinable
}
// CHECK: smart-pointers.cpp:[[@LINE-1]]:1: note: 'T' is destroyed here, at the end of its scope, while joinable

void resetWhileJoinable() {
  std::shared_ptr<std::thread> T = std::make_shared<std::thread>(work);
  // CHECK: smart-pointers.cpp:[[@LINE-1]]:32: warning: 'T' ('std::shared_ptr<std::thread>') can destroy its thread while joinable, which calls 'std::terminate'; join or detach it first [conc-unjoined-thread]
  T.reset();
  // CHECK: smart-pointers.cpp:[[@LINE-1]]:3: note: 'T' destroys the thread here while it is still joinable
}

void reassigned() {
  std::unique_ptr<std::thread> T = std::make_unique<std::thread>(work);
  // CHECK: smart-pointers.cpp:[[@LINE-1]]:32: warning: 'T' ('std::unique_ptr<std::thread>') can still be joinable when a new thread is assigned to it, which calls 'std::terminate'; join or detach it before the assignment [conc-unjoined-thread]
  T = std::make_unique<std::thread>(work);
  // CHECK: smart-pointers.cpp:[[@LINE-1]]:3: note: 'T' is assigned here while still joinable
  T->join();
}

// No report below.

void joinedThroughArrow() {
  auto T = std::make_unique<std::thread>(work);
  if (T->joinable())
    T->join();
}

void joinedThroughStar() {
  std::unique_ptr<std::thread> T(new std::thread(work));
  (*T).detach();
}

std::thread *released() {
  auto T = std::make_unique<std::thread>(work);
  return T.release();
}

void shared() {
  auto T = std::make_shared<std::thread>(work);
  keep(T); // Another owner may join it.
}

void moved() {
  auto T = std::make_unique<std::thread>(work);
  std::unique_ptr<std::thread> U = std::move(T);
  U->join();
}

void empty() {
  std::unique_ptr<std::thread> T;
  std::unique_ptr<std::thread> U(nullptr);
  T.reset();
}

void joinedThenReset() {
  auto T = std::make_unique<std::thread>(work);
  T->join();
  T.reset(new std::thread(work));
  T->join();
}
