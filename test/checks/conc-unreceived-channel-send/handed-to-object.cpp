// A queue handed to a server object's constructor, which keeps it in a
// member; a method of the object starts the consumer (what the translation
// unit shows of the object's methods).
// RUN: %clang_tidy -checks='-*,conc-unreceived-channel-send' %s -- -std=c++17 -I%S/Inputs 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-unreceived-channel-send' %s -- -std=c++17 -I%S/Inputs 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include "queues.h"
#include <thread>

struct Request {
  int Id = 0;
};
bool nextRequest(Request &);
bool handle(const Request &);

class Server {
public:
  explicit Server(pipeline::BoundedQueue<Request> &Queue) : Queue(Queue) {}
  void start() {
    Worker = std::thread([this] {
      Request R;
      while (Queue.pop(R))
        if (!handle(R))
          return;
    });
  }
  void join() { Worker.join(); }

private:
  pipeline::BoundedQueue<Request> &Queue;
  std::thread Worker;
};

void serve() {
  pipeline::BoundedQueue<Request> Requests(16);
  Server S(Requests);
  S.start();
  Request R;
  while (nextRequest(R))
    Requests.push(R);
  // CHECK: handed-to-object.cpp:[[@LINE-1]]:14: warning: send on 'Requests' (pipeline::BoundedQueue) may block forever: its only consumer, the lambda, may return at line [[@LINE-17]] while 'serve' keeps sending; keep receiving from 'Requests' until it is finished [conc-unreceived-channel-send]
  // CHECK: handed-to-object.cpp:[[@LINE-18]]:11: note: the consumer stops receiving here after 1 value without releasing the senders
  // CHECK: handed-to-object.cpp:[[@LINE-23]]:14: note: the consumer is started here with 'std::thread'
  // CHECK: handed-to-object.cpp:[[@LINE-9]]:35: note: 'Requests' holds 16 values
  // CHECK: handed-to-object.cpp:[[@LINE-8]]:5: note: started by this call of 'Server::start', whose object keeps 'Requests' in its member 'Queue'
  // CHECK: queues.h:20:5: note: 'pipeline::BoundedQueue' is a bounded blocking queue: 'push' waits here while it is full
  // CHECK: queues.h:39:5: note: 'finish' wakes the waiters, but the wait in 'push' does not test the flag it sets
  Requests.finish();
  S.join();
}

// The other direction: the object's threads push, the main loop stops
// draining at the first failure, and stop() then joins blocked threads.
int compute(int);
bool failed(int);

class Poller {
public:
  explicit Poller(pipeline::BoundedQueue<int> &Events) : Events(Events) {}
  void start() {
    for (int I = 0; I < 4; ++I)
      Threads[I] = std::thread([this, I] { Events.push(compute(I)); });
  }
  void stop() {
    for (std::thread &T : Threads)
      T.join();
  }

private:
  pipeline::BoundedQueue<int> &Events;
  std::thread Threads[4];
};

int mainLoop() {
  pipeline::BoundedQueue<int> Events(1);
  Poller P(Events);
  P.start();
  for (int I = 0; I < 4; ++I) {
    int V = 0;
    Events.pop(V);
    if (failed(V)) {
      P.stop();
      return -1;
    }
  }
  P.stop();
  return 0;
}
// CHECK: handed-to-object.cpp:[[@LINE-27]]:51: warning: send on 'Events' (pipeline::BoundedQueue) can block forever: 'mainLoop' may return at line [[@LINE-6]] before receiving all 4 values; give 'Events' room for 4 values [conc-unreceived-channel-send]
// CHECK: handed-to-object.cpp:[[@LINE-7]]:7: note: 'mainLoop' leaves here after receiving 1 value
// CHECK: handed-to-object.cpp:[[@LINE-29]]:20: note: tasks that send 4 values are started here with 'std::thread'
// CHECK: handed-to-object.cpp:[[@LINE-15]]:5: note: started by this call of 'Poller::start', whose object keeps 'Events' in its member 'Events'
// CHECK: queues.h:20:5: note: 'pipeline::BoundedQueue' is a bounded blocking queue: 'push' waits here while it is full
// CHECK: queues.h:39:5: note: 'finish' wakes the waiters, but the wait in 'push' does not test the flag it sets

//===--- No-report traps ---------------------------------------------------===//

// The object's own method closes the queue when the consumer fails.
class ClosingServer {
public:
  explicit ClosingServer(pipeline::ClosingQueue<Request> &Queue)
      : Queue(Queue) {}
  void start() {
    Worker = std::thread([this] {
      Request R;
      while (Queue.pop(R))
        if (!handle(R)) {
          Queue.close();
          return;
        }
    });
  }
  void join() { Worker.join(); }

private:
  pipeline::ClosingQueue<Request> &Queue;
  std::thread Worker;
};

void serveClosing() {
  pipeline::ClosingQueue<Request> Requests(16);
  ClosingServer S(Requests);
  S.start();
  Request R;
  while (nextRequest(R))
    Requests.push(R);
  Requests.close();
  S.join();
}

// The object drains the queue itself when it stops.
class DrainingPoller {
public:
  explicit DrainingPoller(pipeline::ClosingQueue<int> &Events)
      : Events(Events) {}
  void start() {
    for (int I = 0; I < 4; ++I)
      std::thread([this, I] { Events.push(compute(I)); }).detach();
  }
  void stop() {
    int V = 0;
    while (Events.pop(V)) {
    }
  }

private:
  pipeline::ClosingQueue<int> &Events;
};

int drainingLoop() {
  pipeline::ClosingQueue<int> Events(1);
  DrainingPoller P(Events);
  P.start();
  int V = 0;
  Events.pop(V);
  if (failed(V)) {
    P.stop();
    return -1;
  }
  return V;
}
