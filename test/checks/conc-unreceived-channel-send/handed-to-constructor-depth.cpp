// A queue handed to an object's constructor that keeps it in a member only
// three constructors down: Server's hands it to its base, whose
// constructor delegates to the one that keeps it (the summaries'
// keptInMember, at any depth).
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

class ServerBase {
public:
  explicit ServerBase(pipeline::BoundedQueue<Request> &Queue)
      : ServerBase(Queue, 1) {}
  ServerBase(pipeline::BoundedQueue<Request> &Queue, int Workers)
      : Queue(Queue), Workers(Workers) {}

protected:
  pipeline::BoundedQueue<Request> &Queue;
  int Workers;
};

// start() starts the consumer, which can stop receiving while serve() keeps
// sending.
class Server : public ServerBase {
public:
  explicit Server(pipeline::BoundedQueue<Request> &Requests)
      : ServerBase(Requests) {}
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
  std::thread Worker;
};

void serve() {
  pipeline::BoundedQueue<Request> Requests(16);
  Server S(Requests);
  S.start();
  Request R;
  while (nextRequest(R))
    Requests.push(R);
  // CHECK: handed-to-constructor-depth.cpp:[[@LINE-1]]:14: warning: send on 'Requests' (pipeline::BoundedQueue) may block forever: its only consumer, the lambda, may return at line {{[0-9]+}} while 'serve' keeps sending; keep receiving from 'Requests' until it is finished [conc-unreceived-channel-send]
  // CHECK: handed-to-constructor-depth.cpp:[[@LINE-17]]:11: note: the consumer stops receiving here after 1 value without releasing the senders
  // CHECK: handed-to-constructor-depth.cpp:[[@LINE-22]]:14: note: the consumer is started here with 'std::thread'
  // CHECK: handed-to-constructor-depth.cpp:[[@LINE-9]]:35: note: 'Requests' holds 16 values
  // CHECK: handed-to-constructor-depth.cpp:[[@LINE-8]]:5: note: started by this call of 'Server::start', whose object keeps 'Requests' in its member 'Queue'
  // CHECK: queues.h:20:5: note: 'pipeline::BoundedQueue' is a bounded blocking queue: 'push' waits here while it is full
  // CHECK: queues.h:39:5: note: 'finish' wakes the waiters, but the wait in 'push' does not test the flag it sets
  Requests.finish();
  S.join();
}

//===--- No-report traps ---------------------------------------------------===//

// The same chain, and the consumer closes the queue when it stops.
class ClosingBase {
public:
  explicit ClosingBase(pipeline::ClosingQueue<Request> &Queue)
      : ClosingBase(Queue, 1) {}
  ClosingBase(pipeline::ClosingQueue<Request> &Queue, int Workers)
      : Queue(Queue), Workers(Workers) {}

protected:
  pipeline::ClosingQueue<Request> &Queue;
  int Workers;
};

class ClosingServer : public ClosingBase {
public:
  explicit ClosingServer(pipeline::ClosingQueue<Request> &Requests)
      : ClosingBase(Requests) {}
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

// The chain hands the first parameter to the base's second, which is not
// kept: the object's consumer receives from the other queue, and what it
// does says nothing about Requests.
class RelayBase {
public:
  RelayBase(pipeline::BoundedQueue<Request> &Kept,
            pipeline::BoundedQueue<Request> &Ignored)
      : Queue(Kept) {}

protected:
  pipeline::BoundedQueue<Request> &Queue;
};

class Relay : public RelayBase {
public:
  Relay(pipeline::BoundedQueue<Request> &In,
        pipeline::BoundedQueue<Request> &Out)
      : RelayBase(Out, In) {}
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
  std::thread Worker;
};

void relay() {
  pipeline::BoundedQueue<Request> Requests(16), Replies(16);
  Relay S(Requests, Replies);
  S.start();
  Request R;
  while (nextRequest(R))
    Requests.push(R);
  Requests.finish();
  S.join();
}
