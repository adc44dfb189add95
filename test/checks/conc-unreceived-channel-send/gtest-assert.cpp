// A gtest ASSERT_* inside the receive loop returns from the test body.
// RUN: %clang_tidy -checks='-*,conc-unreceived-channel-send' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-unreceived-channel-send' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <boost/fiber/all.hpp>
#include <gtest/gtest.h>
#include <memory>
#include <thread>

int square(int);

TEST(Pool, SquaresInParallel) {
  auto Out = std::make_shared<boost::fibers::unbuffered_channel<int>>();
  for (int I = 0; I < 4; ++I)
    std::thread([Out, I] { Out->push(square(I)); }).detach();
  // CHECK: gtest-assert.cpp:[[@LINE-1]]:33: warning: send on 'Out' (boost::fibers::unbuffered_channel) can block forever: 'Pool_SquaresInParallel_Test' may return at line [[@LINE+5]] before receiving all 4 values; use a 'boost::fibers::buffered_channel' of capacity 8 (it holds 7 values) [conc-unreceived-channel-send]
  // CHECK: gtest-assert.cpp:[[@LINE+4]]:5: note: 'Pool_SquaresInParallel_Test' leaves here after receiving 1 value
  // CHECK: gtest-assert.cpp:[[@LINE-3]]:5: note: tasks that send 4 values are started here with 'std::thread'
  for (int I = 0; I < 4; ++I) {
    int V = Out->value_pop();
    ASSERT_EQ(V % 1, 0);
  }
}

// EXPECT_* does not return: every value is received.
TEST(Pool, ExpectOnly) {
  auto Out = std::make_shared<boost::fibers::unbuffered_channel<int>>();
  for (int I = 0; I < 4; ++I)
    std::thread([Out, I] { Out->push(square(I)); }).detach();
  for (int I = 0; I < 4; ++I) {
    int V = Out->value_pop();
    EXPECT_EQ(V % 1, 0);
  }
}
