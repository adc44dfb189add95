// A pool waited on inside GoogleTest's EXPECT_NO_THROW (whose else branch
// only reports a failure), with Debian's real gtest headers: the wait counts.
// Seen in cpp-httplib's test suite.
// RUN: %clang_tidy -checks='-*,conc-dangling-task-capture' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-dangling-task-capture' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <atomic>
#include <functional>
#include <gtest/gtest.h>
#include <memory>

struct TaskQueue {
  virtual ~TaskQueue() = default;
  virtual void enqueue(std::function<void()> Fn) = 0;
  virtual void shutdown() = 0;
};
TaskQueue *makePool();

TEST(Pool, Waited) {
  std::atomic_uint Count{0};
  std::unique_ptr<TaskQueue> Queue{makePool()};
  for (int I = 0; I < 10; ++I)
    Queue->enqueue([&Count] { Count.fetch_add(1); });
  EXPECT_NO_THROW(Queue->shutdown());
  EXPECT_EQ(10u, Count.load());
}

TEST(Pool, NotWaited) {
  std::atomic_uint Count{0};
  std::unique_ptr<TaskQueue> Queue{makePool()};
  Queue->enqueue([&Count] { Count.fetch_add(1); });
  // CHECK: gtest-no-throw.cpp:[[@LINE-1]]:20: warning: 'Count' is captured by reference by a task that can outlive it
  EXPECT_EQ(0u, Count.load());
}
