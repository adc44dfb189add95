// A blocking receive while holding a lock that every sender needs: the
// senders wait for the lock, the receiver for a value. Queues recognized by
// their shape (the project's own BoundedQueue, no configuration).
// RUN: %clang_tidy -checks='-*,conc-join-under-lock' %s -- -std=c++17 -I%S/../conc-unreceived-channel-send/Inputs 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-join-under-lock' %s -- -std=c++17 -I%S/../conc-unreceived-channel-send/Inputs 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include "queues.h"
#include <mutex>
#include <shared_mutex>

// consume() holds mu_ while it waits for a result; produce(), the only
// sender, needs mu_ to push one.
class Pipeline {
public:
  void produce(int V) {
    std::lock_guard<std::mutex> G(mu_);
    ++produced_;
    results_.push(V);
  }
  int consume() {
    std::lock_guard<std::mutex> G(mu_);
    int V = 0;
    results_.pop(V);
    // CHECK: receive-under-lock.cpp:[[@LINE-1]]:5: warning: receive from 'results_' blocks while 'mu_' is held, and every send on 'results_' acquires 'mu_' first: neither can go on; release 'mu_' before receiving [conc-join-under-lock]
    // CHECK: receive-under-lock.cpp:[[@LINE-7]]:5: note: 'results_' sends here with 'Pipeline::mu_' held, in 'Pipeline::produce'
    // CHECK: receive-under-lock.cpp:[[@LINE-5]]:5: note: 'mu_' is acquired here
    return V;
  }

private:
  std::mutex mu_;
  int produced_ = 0;
  pipeline::BoundedQueue<int> results_{4};
};

// Through private helpers on both sides.
class Relay {
public:
  void send(int V) {
    std::lock_guard<std::mutex> G(mu_);
    put(V);
  }
  int await() {
    std::unique_lock<std::mutex> G(mu_);
    return take();
    // CHECK: receive-under-lock.cpp:[[@LINE-1]]:12: warning: receive from 'in_' blocks while 'mu_' is held, and every send on 'in_' acquires 'mu_' first: neither can go on; release 'mu_' before receiving [conc-join-under-lock]
    // CHECK: receive-under-lock.cpp:[[@LINE+10]]:5: note: receives here
    // CHECK: receive-under-lock.cpp:[[@LINE-7]]:5: note: through this call to 'Relay::put'
    // CHECK: receive-under-lock.cpp:[[@LINE+5]]:21: note: 'in_' sends here with 'Relay::mu_' held, in 'Relay::send'
    // CHECK: receive-under-lock.cpp:[[@LINE-6]]:5: note: 'mu_' is acquired here
  }

private:
  void put(int V) { in_.push(V); }
  int take() {
    int V = 0;
    in_.pop(V);
    return V;
  }
  std::mutex mu_;
  pipeline::BoundedQueue<int> in_{1};
};

// No report: one sender does not take the lock, and it can release the
// receiver.
class Mixed {
public:
  void produceLocked(int V) {
    std::lock_guard<std::mutex> G(mu_);
    q_.push(V);
  }
  void produceUnlocked(int V) { q_.push(V); }
  int consume() {
    std::lock_guard<std::mutex> G(mu_);
    int V = 0;
    q_.pop(V);
    return V;
  }

private:
  std::mutex mu_;
  pipeline::BoundedQueue<int> q_{2};
};

// No report: the receiver releases the lock before it waits.
class Releases {
public:
  void produce(int V) {
    std::lock_guard<std::mutex> G(mu_);
    q_.push(V);
  }
  int consume() {
    std::unique_lock<std::mutex> G(mu_);
    ++waiting_;
    G.unlock();
    int V = 0;
    q_.pop(V);
    return V;
  }

private:
  std::mutex mu_;
  int waiting_ = 0;
  pipeline::BoundedQueue<int> q_{2};
};

// No report: reader and writers share the lock.
class Shared {
public:
  void produce(int V) {
    std::shared_lock<std::shared_mutex> G(mu_);
    q_.push(V);
  }
  int consume() {
    std::shared_lock<std::shared_mutex> G(mu_);
    int V = 0;
    q_.pop(V);
    return V;
  }

private:
  std::shared_mutex mu_;
  pipeline::BoundedQueue<int> q_{2};
};

// No report: nobody sends on it here (the senders are elsewhere, unknown).
class NoSenders {
public:
  int consume() {
    std::lock_guard<std::mutex> G(mu_);
    int V = 0;
    q_.pop(V);
    return V;
  }

private:
  std::mutex mu_;
  pipeline::BoundedQueue<int> q_{2};
};
