// Against the real Boost.Fiber and libstdc++ headers (libboost-fiber-dev),
// and the buffered_channel fix-it applied with --fix.
// RUN: %clang_tidy -checks='-*,conc-unreceived-channel-send' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-unreceived-channel-send' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: cp %s %t.cpp
// RUN: %clang_tidy -checks='-*,conc-unreceived-channel-send' -fix %t.cpp -- -std=c++17 > /dev/null 2>&1
// RUN: FileCheck %s --check-prefix=FIXED < %t.cpp
// RUN: %clang_tidy -checks='-*,conc-unreceived-channel-send' %t.cpp -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s --check-prefix=AFTER-FIX -implicit-check-not='{{warning|error}}:'

#include <boost/fiber/buffered_channel.hpp>
#include <boost/fiber/unbuffered_channel.hpp>
#include <chrono>
#include <future>
#include <memory>
#include <thread>
#include <vector>

bool runCheck(int Index);

bool handleRequest() {
  auto Results = std::make_shared<boost::fibers::unbuffered_channel<bool>>();
  for (int I = 0; I < 10; ++I)
    std::thread([Results, I] { Results->push(runCheck(I)); }).detach();
  // CHECK: real-boost-fiber.cpp:[[@LINE-1]]:41: warning: send on 'Results' (boost::fibers::unbuffered_channel) can block forever: 'handleRequest' may return at line [[@LINE+5]] before receiving all 10 values; use a 'boost::fibers::buffered_channel' of capacity 16 (it holds 15 values) [conc-unreceived-channel-send]
  // CHECK: real-boost-fiber.cpp:[[@LINE+4]]:7: note: 'handleRequest' leaves here after receiving 1 value
  // CHECK: real-boost-fiber.cpp:[[@LINE-3]]:5: note: tasks that send 10 values are started here with 'std::thread'
  for (int I = 0; I < 10; ++I)
    if (!Results->value_pop())
      return false;
  return true;
}

// The fix-it: a local unbuffered channel whose std::async senders the
// futures wait for becomes a buffered_channel with a slot for each.
int firstFailure() {
  boost::fibers::unbuffered_channel<int> Codes;
  // FIXED: {{^}}  boost::fibers::buffered_channel<int> Codes{8};{{$}}
  std::vector<std::future<void>> Pending;
  for (int I = 0; I < 5; ++I)
    Pending.push_back(std::async(std::launch::async, [&Codes, I] {
      Codes.push(runCheck(I) ? 0 : I);
    }));
  // CHECK: real-boost-fiber.cpp:[[@LINE-2]]:13: warning: send on 'Codes' (boost::fibers::unbuffered_channel) can block forever: 'firstFailure' may return at line [[@LINE+8]] before receiving all 5 values, and the destructor of the 'std::future' waits for the blocked task; use a 'boost::fibers::buffered_channel' of capacity 8 (it holds 7 values) [conc-unreceived-channel-send]
  // CHECK: real-boost-fiber.cpp:[[@LINE+7]]:7: note: 'firstFailure' leaves here after receiving 1 value
  // CHECK: real-boost-fiber.cpp:[[@LINE-7]]:34: note: the destructor of 'Pending' waits for the blocked task, so 'firstFailure' hangs too
  // CHECK: real-boost-fiber.cpp:[[@LINE-6]]:23: note: tasks that send 5 values are started here with 'std::async'
  for (int I = 0; I < 5; ++I) {
    int Code = 0;
    Codes.pop(Code);
    if (Code != 0)
      return Code;
  }
  return 0;
}

// Room for every sender: no report.
bool bigEnough() {
  auto Results = std::make_shared<boost::fibers::buffered_channel<bool>>(16);
  for (int I = 0; I < 10; ++I)
    std::thread([Results, I] { Results->push(runCheck(I)); }).detach();
  return Results->value_pop();
}
// AFTER-FIX: real-boost-fiber.cpp.tmp.cpp:{{[0-9]+}}:41: warning: send on 'Results' (boost::fibers::unbuffered_channel)
