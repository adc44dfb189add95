// RUN: %clang_tidy -checks='-*,conc-join-under-lock' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-join-under-lock' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <future>
#include <mutex>
#include <thread>
#include <vector>

// stop() holds the mutex while it joins a worker that needs it to finish.
class Worker {
public:
  void start() { thread_ = std::thread(&Worker::run, this); }
  void stop() {
    std::lock_guard<std::mutex> g(mu_);
    stopping_ = true;
    thread_.join();
  }

private:
  void run() {
    for (;;) {
      std::lock_guard<std::mutex> g(mu_);
      if (stopping_)
        return;
    }
  }
  std::mutex mu_;
  bool stopping_ = false;
  std::thread thread_;
};

// A pool of lambdas, joined in a helper called under the lock.
class Pool {
public:
  Pool() {
    for (int i = 0; i < 4; ++i)
      threads_.emplace_back([this] {
        std::lock_guard<std::mutex> g(mu_);
        ++done_;
      });
  }
  void shutdown() {
    std::lock_guard<std::mutex> g(mu_);
    joinAll();
  }

private:
  void joinAll() {
    for (std::thread &t : threads_)
      t.join();
  }
  std::mutex mu_;
  int done_ = 0;
  std::vector<std::thread> threads_;
};

// Waiting on the future of a std::async task that takes the lock.
class Loader {
public:
  void begin() {
    result_ = std::async(std::launch::async, [this] {
      std::lock_guard<std::mutex> g(mu_);
      return 1;
    });
  }
  int finish() {
    std::lock_guard<std::mutex> g(mu_);
    return result_.get();
  }

private:
  std::mutex mu_;
  std::future<int> result_;
};

// No report: released before joining; a thread that takes another lock.
class Fine {
public:
  void start() {
    a_ = std::thread([this] { std::lock_guard<std::mutex> g(mu_); });
    b_ = std::thread([this] { std::lock_guard<std::mutex> g(other_); });
  }
  void stop() {
    {
      std::lock_guard<std::mutex> g(mu_);
      stopping_ = true;
    }
    a_.join();
    std::lock_guard<std::mutex> g(mu_);
    b_.join();
  }

private:
  std::mutex mu_, other_;
  bool stopping_ = false;
  std::thread a_, b_;
};

// CHECK: scenarios.cpp:18:5: warning: 'thread_' is joined while 'mu_' is held, and the thread it joins acquires 'mu_': neither can go on; release 'mu_' before joining [conc-join-under-lock]
// CHECK: scenarios.cpp:24:7: note: the thread acquires 'Worker::mu_' here
// CHECK: scenarios.cpp:14:28: note: the thread is started here
// CHECK: scenarios.cpp:16:5: note: 'mu_' is acquired here
// CHECK: scenarios.cpp:46:5: warning: 'threads_' is joined while 'mu_' is held, and the thread it joins acquires 'mu_': neither can go on; release 'mu_' before joining [conc-join-under-lock]
// CHECK: scenarios.cpp:52:7: note: joins here
// CHECK: scenarios.cpp:40:9: note: the thread acquires 'Pool::mu_' here
// CHECK: scenarios.cpp:39:7: note: the thread is started here
// CHECK: scenarios.cpp:45:5: note: 'mu_' is acquired here
// CHECK: scenarios.cpp:70:12: warning: 'result_' is waited for while 'mu_' is held, and the thread it waits for acquires 'mu_': neither can go on; release 'mu_' before waiting [conc-join-under-lock]
// CHECK: scenarios.cpp:64:7: note: the thread acquires 'Loader::mu_' here
// CHECK: scenarios.cpp:63:15: note: the thread is started here
// CHECK: scenarios.cpp:69:5: note: 'mu_' is acquired here
