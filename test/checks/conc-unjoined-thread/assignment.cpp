// A new thread assigned (or move-assigned) to a handle that is still
// joinable calls std::terminate.
// RUN: %clang_tidy -checks='-*,conc-unjoined-thread' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-unjoined-thread' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <thread>
#include <utility>

void work();
bool again();

void restart() {
  std::thread T(work);
  // CHECK: assignment.cpp:[[@LINE-1]]:15: warning: 'T' ('std::thread') can still be joinable when a new thread is assigned to it, which calls 'std::terminate'; join or detach it before the assignment [conc-unjoined-thread]
  T = std::thread(work);
  // CHECK: assignment.cpp:[[@LINE-1]]:3: note: 'T' is assigned here while still joinable
  T.join();
}

void moveAssigned() {
  std::thread T(work);
  // CHECK: assignment.cpp:[[@LINE-1]]:15: warning: 'T' ('std::thread') can still be joinable when a new thread is assigned to it
  std::thread U(work);
  T = std::move(U);
  // CHECK: assignment.cpp:[[@LINE-1]]:3: note: 'T' is assigned here while still joinable
  T.join();
}

void inALoop() {
  std::thread T;
  while (again())
    T = std::thread(work);
  // CHECK: assignment.cpp:[[@LINE-1]]:5: warning: 'T' ('std::thread') can still be joinable when a new thread is assigned to it
  // CHECK: assignment.cpp:[[@LINE-2]]:5: note: 'T' is assigned here while still joinable
  if (T.joinable())
    T.join();
}

// No report below.

void joinedBefore() {
  std::thread T(work);
  T.join();
  T = std::thread(work);
  T.join();
}

void joinedInTheLoop() {
  std::thread T;
  while (again()) {
    T = std::thread(work);
    T.join();
  }
}

void testedFirst() {
  std::thread T(work);
  if (!T.joinable())
    T = std::thread(work);
  T.join();
}
