// Against Debian's real libstdc++ headers.
// RUN: %clang_tidy -checks='-*,conc-dangling-task-capture' %s -- -std=c++20 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-dangling-task-capture' %s -- -std=c++20 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <functional>
#include <future>
#include <latch>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

void process(const std::string &);
void fill(std::vector<int> &);

// An async helper that takes its arguments by reference and returns at once.
void logAsync(const std::string &Message) {
  std::thread([&] { process(Message); }).detach();
  // CHECK: real-libstdcxx.cpp:[[@LINE-1]]:29: warning: reference parameter 'Message' is captured by reference by a task that can outlive the call, and the caller's object with it; capture a copy, or wait for the task before returning [conc-dangling-task-capture]
  // CHECK: real-libstdcxx.cpp:[[@LINE-2]]:3: note: the task is started here ('std::thread')
  // CHECK: real-libstdcxx.cpp:[[@LINE-3]]:3: note: its thread is detached here
}
// CHECK: real-libstdcxx.cpp:[[@LINE-1]]:1: note: the function ends here while the task may still use 'Message'

// A detached thread that uses a block-scoped mutex.
void blockScopedMutex() {
  std::mutex M;
  std::vector<int> Data;
  std::thread T([&M, &Data] {
    // CHECK: real-libstdcxx.cpp:[[@LINE-1]]:19: warning: 'M' is captured by reference by a task that can outlive it
    // CHECK: real-libstdcxx.cpp:[[@LINE-2]]:23: warning: 'Data' is captured by reference by a task that can outlive it
    std::lock_guard<std::mutex> G(M);
    fill(Data);
  });
  T.detach();
}

void refWrapper() {
  std::vector<int> Out;
  std::thread(fill, std::ref(Out)).detach();
  // CHECK: real-libstdcxx.cpp:[[@LINE-1]]:21: warning: 'Out' is captured by reference by a task that can outlive it
}

std::future<void> startFill() {
  std::vector<int> Buffer;
  auto F = std::async(std::launch::async, [&] { fill(Buffer); });
  // CHECK: real-libstdcxx.cpp:[[@LINE-1]]:54: warning: 'Buffer' is captured by reference by a task that can outlive it
  return F;
  // CHECK: real-libstdcxx.cpp:[[@LINE-1]]:3: note: the future that would wait for it escapes here
}

class Crawler {
public:
  void start() { std::thread([this] { fill(Pages); }).detach(); }
  // CHECK: real-libstdcxx.cpp:[[@LINE-1]]:31: warning: 'this' is captured by a task that can outlive the object ('crawl' calls 'start' on its local 'C')

private:
  std::vector<int> Pages;
};

void crawl() {
  Crawler C;
  C.start();
}

// No report below.

void joined() {
  std::vector<int> Out;
  std::thread T([&] { fill(Out); });
  T.join();
}

void latched() {
  std::vector<int> Out;
  std::latch Done(1);
  std::thread([&] {
    fill(Out);
    Done.count_down();
  }).detach();
  Done.wait();
}

void waited() {
  std::vector<int> Out;
  auto F = std::async(std::launch::async, [&] { fill(Out); });
  F.wait();
}

void jthreadJoins() {
  std::vector<int> Out;
  std::jthread T([&] { fill(Out); });
}

class Session : public std::enable_shared_from_this<Session> {
public:
  void start() {
    std::thread([Self = shared_from_this()] { fill(Self->Data); }).detach();
  }
  std::vector<int> Data;
};

void copies(std::string Message) {
  std::thread([Message] { process(Message); }).detach();
  std::thread([M = std::move(Message)] { process(M); }).detach();
}
