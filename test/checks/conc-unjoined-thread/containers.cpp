// RUN: %clang_tidy -checks='-*,conc-unjoined-thread' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// Same findings through the conctidy CLI (exit 1 with findings, 0 without):
// RUN: not %conctidy --checks='-*,conc-unjoined-thread' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <array>
#include <thread>
#include <vector>

void work(int);
bool failed(int);

void vectorEarlyReturn(int N) {
  std::vector<std::thread> Workers;
  for (int I = 0; I < N; ++I) {
    Workers.emplace_back(work, I);
    // CHECK: containers.cpp:[[@LINE-1]]:5: warning: 'Workers' ('std::vector<std::thread>') can be destroyed while it holds joinable threads, which calls 'std::terminate'; join or detach them on every path [conc-unjoined-thread]
    if (failed(I))
      return;
    // CHECK: containers.cpp:[[@LINE-1]]:7: note: 'Workers' still holds joinable threads when this 'return' leaves its scope
  }
  for (std::thread &T : Workers)
    T.join();
  // CHECK: containers.cpp:[[@LINE-2]]:3: note: 'Workers' is joined here, but not on that path
}

void vectorNeverJoined(int N) {
  std::vector<std::thread> Workers;
  for (int I = 0; I < N; ++I)
    Workers.push_back(std::thread(work, I));
  // CHECK: containers.cpp:[[@LINE-1]]:5: warning: 'Workers' ('std::vector<std::thread>') can be destroyed while it holds joinable threads
}
// CHECK: containers.cpp:[[@LINE-1]]:1: note: 'Workers' is destroyed here, at the end of its scope, while it holds joinable threads

void cArray() {
  std::thread Pair[2];
  Pair[0] = std::thread(work, 0);
  // CHECK: containers.cpp:[[@LINE-1]]:3: warning: 'Pair' ('std::thread[2]') can be destroyed while it holds joinable threads
  Pair[1] = std::thread(work, 1);
  if (failed(0))
    return;
  // CHECK: containers.cpp:[[@LINE-1]]:5: note: 'Pair' still holds joinable threads when this 'return' leaves its scope
  for (int I = 0; I < 2; ++I)
    Pair[I].join();
}

// No report below.

void vectorJoinedInRangeFor(int N) {
  std::vector<std::thread> Workers;
  for (int I = 0; I < N; ++I)
    Workers.emplace_back(work, I);
  for (auto &T : Workers)
    if (T.joinable())
      T.join();
}

void vectorJoinedByIndex(int N) {
  std::vector<std::thread> Workers;
  for (int I = 0; I < N; ++I)
    Workers.emplace_back(work, I);
  for (int I = 0; I < N; ++I)
    Workers[I].join();
}

void vectorDetachedAll(int N) {
  std::vector<std::thread> Workers;
  for (int I = 0; I < N; ++I)
    Workers.emplace_back(work, I);
  for (auto &T : Workers)
    T.detach();
}

void emptyVector() {
  std::vector<std::thread> Workers(4);
  if (failed(0))
    return;
}

void stdArrayJoined() {
  std::array<std::thread, 2> Pair;
  for (auto &T : Pair)
    T = std::thread(work, 1);
  for (auto &T : Pair)
    T.join();
}

void vectorMovedOut(std::vector<std::thread> &Out) {
  std::vector<std::thread> Workers;
  Workers.emplace_back(work, 0);
  Out = std::move(Workers);
  if (failed(0))
    return;
}

std::vector<std::thread> vectorReturned() {
  std::vector<std::thread> Workers;
  Workers.emplace_back(work, 0);
  return Workers;
}

void joinAll(std::vector<std::thread> &);

void vectorJoinedByHelper() {
  std::vector<std::thread> Workers;
  Workers.emplace_back(work, 0);
  joinAll(Workers);
}

void vectorOfJThreads() {
  std::vector<std::jthread> Workers;
  Workers.emplace_back(work, 0);
  if (failed(0))
    return;
}
