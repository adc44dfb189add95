// In C++20 the message suggests std::jthread.
// RUN: %clang_tidy -checks='-*,conc-unjoined-thread' %s -- -std=c++20 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// Same findings through the conctidy CLI (exit 1 with findings, 0 without):
// RUN: not %conctidy --checks='-*,conc-unjoined-thread' %s -- -std=c++20 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <thread>
#include <vector>

void work();
bool failed();

void earlyReturn() {
  std::thread t(work);
  // CHECK: cxx20-jthread-advice.cpp:[[@LINE-1]]:15: warning: 't' ('std::thread') can be destroyed while joinable, which calls 'std::terminate'; join or detach it on every path, or use 'std::jthread' [conc-unjoined-thread]
  if (failed())
    return;
  t.join();
}

void containerOfThreads() {
  std::vector<std::thread> Workers;
  Workers.emplace_back(work);
  // CHECK: cxx20-jthread-advice.cpp:[[@LINE-1]]:3: warning: 'Workers' ('std::vector<std::thread>') can be destroyed while it holds joinable threads, which calls 'std::terminate'; join or detach them on every path, or hold 'std::jthread's [conc-unjoined-thread]
}
