// Channels held in members: a class whose methods start the senders or the
// consumer (lambdas capturing `this`, std::thread(&C::run, this)).
// RUN: %clang_tidy -checks='-*,conc-unreceived-channel-send' %s -- -std=c++17 -I%S/Inputs 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-unreceived-channel-send' %s -- -std=c++17 -I%S/Inputs 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include "queues.h"
#include <string>
#include <thread>

int compute(int);
bool failed(int);
bool readLine(std::string &);
bool process(const std::string &);

// The collector returns at the first failure; the other fetchers block in
// push() on the member queue.
class Fetcher {
public:
  int firstFailure() {
    for (int I = 0; I < 4; ++I)
      std::thread([this, I] { Results.push(compute(I)); }).detach();
    // CHECK: member-channel.cpp:[[@LINE-1]]:39: warning: send on 'Results' (pipeline::BoundedQueue) can block forever: 'firstFailure' may return at line [[@LINE+9]] before receiving all 4 values; give 'Results' room for 4 values [conc-unreceived-channel-send]
    // CHECK: member-channel.cpp:[[@LINE+8]]:9: note: 'firstFailure' leaves here after receiving 1 value
    // CHECK: member-channel.cpp:[[@LINE-3]]:7: note: tasks that send 4 values are started here with 'std::thread'
    // CHECK: queues.h:20:5: note: 'pipeline::BoundedQueue' is a bounded blocking queue: 'push' waits here while it is full
    // CHECK: queues.h:39:5: note: 'finish' wakes the waiters, but the wait in 'push' does not test the flag it sets
    for (int I = 0; I < 4; ++I) {
      int V = 0;
      Results.pop(V);
      if (failed(V))
        return -1;
    }
    return 0;
  }

private:
  pipeline::BoundedQueue<int> Results{1};
};

// The reader method starts the consumer method and keeps pushing.
class Pipeline {
public:
  void run() {
    Worker = std::thread(&Pipeline::consume, this);
    std::string Line;
    while (readLine(Line))
      Lines.push(Line);
    // CHECK: member-channel.cpp:[[@LINE-1]]:13: warning: send on 'Lines' (pipeline::BoundedQueue) may block forever: its only consumer, 'consume', may return at line [[@LINE+15]] while 'run' keeps sending; keep receiving from 'Lines' until it is finished [conc-unreceived-channel-send]
    // CHECK: member-channel.cpp:[[@LINE+14]]:9: note: the consumer stops receiving here after 1 value without releasing the senders
    // CHECK: member-channel.cpp:[[@LINE-6]]:14: note: the consumer is started here with 'std::thread'
    // CHECK: member-channel.cpp:[[@LINE+15]]:39: note: 'Lines' holds 8 values
    // CHECK: queues.h:20:5: note: 'pipeline::BoundedQueue' is a bounded blocking queue: 'push' waits here while it is full
    // CHECK: queues.h:39:5: note: 'finish' wakes the waiters, but the wait in 'push' does not test the flag it sets
    Lines.finish();
    Worker.join();
  }

private:
  void consume() {
    std::string Line;
    while (Lines.pop(Line))
      if (!process(Line))
        return;
  }
  std::thread Worker;
  pipeline::BoundedQueue<std::string> Lines{8};
};

//===--- No-report traps ---------------------------------------------------===//

// Another method drains the queue: the analysis cannot tell when it runs.
class Drained {
public:
  int first() {
    for (int I = 0; I < 4; ++I)
      std::thread([this, I] { Q.push(compute(I)); }).detach();
    int V = 0;
    Q.pop(V);
    if (failed(V))
      return -1;
    return V;
  }
  void drainRest() {
    int V = 0;
    while (Q.pop(V)) {
    }
  }

private:
  pipeline::BoundedQueue<int> Q{1};
};

// The consumer calls a method that closes the queue before it returns.
class StopsCleanly {
public:
  void run() {
    Worker = std::thread([this] {
      std::string Line;
      while (Lines.pop(Line))
        if (!process(Line)) {
          stop();
          return;
        }
    });
    std::string Line;
    while (readLine(Line))
      Lines.push(Line);
    Worker.join();
  }
  void stop() { Lines.close(); }

private:
  std::thread Worker;
  pipeline::ClosingQueue<std::string> Lines{8};
};
