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
  // CHECK: queues.h:20:5: note: 'pipeline::BoundedQueue' is a bounded blocking queue: 'push' waits here while it is full
  // CHECK: queues.h:39:5: note: 'finish' wakes the waiters, but the wait in 'push' does not test the flag it sets
  Requests.finish();
  S.join();
}

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
