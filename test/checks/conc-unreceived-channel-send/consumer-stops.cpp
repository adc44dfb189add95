// The other direction: the creator sends, and the consumer task it started
// stops receiving (an error, a timeout, an assertion that returns) without
// releasing it. Queues recognized by their shape (Inputs/queues.h) and a
// modelled channel.
// RUN: %clang_tidy -checks='-*,conc-unreceived-channel-send' %s -- -std=c++17 -I%S/Inputs 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-unreceived-channel-send' %s -- -std=c++17 -I%S/Inputs 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include "queues.h"
#include <string>
#include <thread>

bool readLine(std::string &);
bool process(const std::string &);
int compute(int);
bool ok(int);

// The reader keeps pushing while the worker has returned on an error: the
// push blocks once the queue is full, and join() is never reached.
void readAll() {
  pipeline::BoundedQueue<std::string> Lines(8);
  std::thread Worker([&Lines] {
    std::string Line;
    while (Lines.pop(Line))
      if (!process(Line))
        return;
  });
  std::string Line;
  while (readLine(Line))
    Lines.push(Line);
  // CHECK: consumer-stops.cpp:[[@LINE-1]]:11: warning: send on 'Lines' (pipeline::BoundedQueue) may block forever: its only consumer, the lambda, may return at line [[@LINE-5]] while 'readAll' keeps sending; keep receiving from 'Lines' until it is finished [conc-unreceived-channel-send]
  // CHECK: consumer-stops.cpp:[[@LINE-6]]:9: note: the consumer stops receiving here after 1 value without releasing the senders
  // CHECK: consumer-stops.cpp:[[@LINE-11]]:15: note: the consumer is started here with 'std::thread'
  // CHECK: consumer-stops.cpp:[[@LINE-13]]:39: note: 'Lines' holds 8 values
  // CHECK: queues.h:20:5: note: 'pipeline::BoundedQueue' is a bounded blocking queue: 'push' waits here while it is full
  // CHECK: queues.h:39:5: note: 'finish' wakes the waiters, but the wait in 'push' does not test the flag it sets
  Lines.finish();
  Worker.join();
}

// A constant number of values against a smaller capacity: "can".
void sendFour() {
  pipeline::ClosingQueue<int> Q(2);
  std::thread Worker([&Q] {
    int V = 0;
    for (;;) {
      Q.pop(V);
      if (!ok(compute(V)))
        break;
    }
  });
  for (int I = 0; I < 4; ++I)
    Q.push(I);
  // CHECK: consumer-stops.cpp:[[@LINE-1]]:7: warning: send on 'Q' (pipeline::ClosingQueue) can block forever: its only consumer, the lambda, may leave its loop at line [[@LINE-5]] while 'sendFour' sends 4 values; close 'Q' where the consumer stops [conc-unreceived-channel-send]
  // CHECK: consumer-stops.cpp:[[@LINE-6]]:9: note: the consumer stops receiving here after 1 value without releasing the senders
  // CHECK: consumer-stops.cpp:[[@LINE-12]]:15: note: the consumer is started here with 'std::thread'
  // CHECK: consumer-stops.cpp:[[@LINE-14]]:31: note: 'Q' holds 2 values
  // CHECK: queues.h:58:5: note: 'pipeline::ClosingQueue' is a bounded blocking queue: 'push' waits here while it is full
  Q.close();
  Worker.join();
}

//===--- No-report traps ---------------------------------------------------===//

// The consumer closes the queue where it stops: the pushes return.
void closesOnError() {
  pipeline::ClosingQueue<std::string> Lines(8);
  std::thread Worker([&Lines] {
    std::string Line;
    while (Lines.pop(Line))
      if (!process(Line)) {
        Lines.close();
        return;
      }
  });
  std::string Line;
  while (readLine(Line))
    Lines.push(Line);
  Lines.close();
  Worker.join();
}

// The consumer stops at a sentinel value the creator sends last.
void sentinel() {
  pipeline::BoundedQueue<int> Q(1);
  std::thread Worker([&Q] {
    for (;;) {
      int V = 0;
      Q.pop(V);
      if (V < 0)
        return;
      compute(V);
    }
  });
  for (int I = 0; I < 4; ++I)
    Q.push(I);
  Q.push(-1);
  Worker.join();
}

// The consumer returns only when pop() says the queue is finished.
void untilFinished() {
  pipeline::BoundedQueue<int> Q(1);
  std::thread Worker([&Q] {
    for (;;) {
      int V = 0;
      if (!Q.pop(V))
        return;
      compute(V);
    }
  });
  for (int I = 0; I < 4; ++I)
    Q.push(I);
  Q.finish();
  Worker.join();
}

// The sender stops on the flag the consumer sets.
void flagStopsTheSender() {
  pipeline::BoundedQueue<std::string> Lines(8);
  bool Failed = false;
  std::thread Worker([&Lines, &Failed] {
    std::string Line;
    while (Lines.pop(Line))
      if (!process(Line)) {
        Failed = true;
        return;
      }
  });
  std::string Line;
  while (!Failed && readLine(Line))
    Lines.push(Line);
  Lines.finish();
  Worker.join();
}

// The capacity holds every value.
void roomForAll() {
  pipeline::BoundedQueue<int> Q(4);
  std::thread Worker([&Q] {
    int V = 0;
    Q.pop(V);
    if (!ok(V))
      return;
  });
  for (int I = 0; I < 4; ++I)
    Q.push(I);
  Worker.join();
}

// Unknown on both sides: a capacity that is not a constant.
void unknownBoth(std::size_t N) {
  pipeline::BoundedQueue<std::string> Lines(N);
  std::thread Worker([&Lines] {
    std::string Line;
    while (Lines.pop(Line))
      if (!process(Line))
        return;
  });
  std::string Line;
  while (readLine(Line))
    Lines.push(Line);
  Lines.finish();
  Worker.join();
}

// An unbounded queue never blocks the sender.
void unboundedQueue() {
  pipeline::WorkQueue Q;
  std::thread Worker([&Q] {
    if (!ok(Q.pop()))
      return;
  });
  for (int I = 0; I < 4; ++I)
    Q.push(I);
  Worker.join();
}
