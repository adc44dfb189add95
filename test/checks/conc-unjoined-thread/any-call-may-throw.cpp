// Implicit exception paths are off by default and on with AnyCallMayThrow.
// RUN: %clang_tidy -checks='-*,conc-unjoined-thread' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s --check-prefix=DEFAULT --allow-empty -implicit-check-not='{{warning|error}}:'
// RUN: %clang_tidy -checks='-*,conc-unjoined-thread' \
// RUN:   -config="{CheckOptions: {conc-unjoined-thread.AnyCallMayThrow: true}}" %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s --check-prefix=THROW -implicit-check-not='{{warning|error}}:'
// Same findings through the conctidy CLI (exit 1 with findings, 0 without):
// RUN: %conctidy --checks='-*,conc-unjoined-thread' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s --check-prefix=DEFAULT --allow-empty -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-unjoined-thread' \
// RUN:   --config="{CheckOptions: {conc-unjoined-thread.AnyCallMayThrow: true}}" %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s --check-prefix=THROW -implicit-check-not='{{warning|error}}:'
// DEFAULT-NOT: warning:

#include <thread>
#include <vector>

void work();
void mayThrow();
void wontThrow() noexcept;

void callBetween() {
  std::thread t(work);
  // THROW: any-call-may-throw.cpp:[[@LINE-1]]:15: warning: 't' ('std::thread') can be destroyed while joinable
  wontThrow();
  mayThrow();
  // THROW: any-call-may-throw.cpp:[[@LINE-1]]:3: note: 't' is still joinable if this call throws (option 'AnyCallMayThrow')
  t.join();
}

void callInsideTry() {
  std::thread t(work);
  try {
    mayThrow();
  } catch (...) {
  }
  t.join();
}

void callAfterJoin() {
  std::thread t(work);
  t.join();
  mayThrow();
}

// The insertion that starts the first thread is not itself an exit.
void oneInsertion() {
  std::vector<std::thread> Workers;
  Workers.emplace_back(work);
  for (auto &T : Workers)
    T.join();
}

void secondInsertionMayThrow() {
  std::vector<std::thread> Workers;
  Workers.emplace_back(work);
  // THROW: any-call-may-throw.cpp:[[@LINE-1]]:3: warning: 'Workers' ('std::vector<std::thread>') can be destroyed while it holds joinable threads
  Workers.emplace_back(work);
  // THROW: any-call-may-throw.cpp:[[@LINE-1]]:3: note: 'Workers' still holds joinable threads if this call throws (option 'AnyCallMayThrow')
  for (auto &T : Workers)
    T.join();
}
