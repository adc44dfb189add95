// A queue kept by an object whose method starts the consumer (or the
// senders) three calls down: the methods a call runs on the object come
// from the thread summaries (MethodsOnThis), at any depth.
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

// start() -> launch() -> spawnWorker() starts the consumer, which can stop
// receiving while serve() keeps sending.
class Server {
public:
  explicit Server(pipeline::BoundedQueue<Request> &Queue) : Queue(Queue) {}
  void start() { launch(); }
  void join() { Worker.join(); }

private:
  void launch() { spawnWorker(); }
  void spawnWorker() {
    Worker = std::thread([this] {
      Request R;
      while (Queue.pop(R))
        if (!handle(R))
          return;
    });
  }
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
  // CHECK: handed-to-object-depth.cpp:[[@LINE-1]]:14: warning: send on 'Requests' (pipeline::BoundedQueue) may block forever: its only consumer, the lambda, may return at line {{[0-9]+}} while 'serve' keeps sending; keep receiving from 'Requests' until it is finished [conc-unreceived-channel-send]
  // CHECK: handed-to-object-depth.cpp:[[@LINE-15]]:11: note: the consumer stops receiving here after 1 value without releasing the senders
  // CHECK: handed-to-object-depth.cpp:[[@LINE-20]]:14: note: the consumer is started here with 'std::thread'
  // CHECK: handed-to-object-depth.cpp:[[@LINE-9]]:35: note: 'Requests' holds 16 values
  // CHECK: handed-to-object-depth.cpp:[[@LINE-8]]:5: note: started by this call of 'Server::start', whose object keeps 'Requests' in its member 'Queue'
  // CHECK: queues.h:20:5: note: 'pipeline::BoundedQueue' is a bounded blocking queue: 'push' waits here while it is full
  // CHECK: queues.h:39:5: note: 'finish' wakes the waiters, but the wait in 'push' does not test the flag it sets
  Requests.finish();
  S.join();
}

// start() -> startThreads() -> spawnAll() starts the senders; mainLoop()
// stops receiving at the first failure.
int compute(int);
bool failed(int);

class Poller {
public:
  explicit Poller(pipeline::BoundedQueue<int> &Events) : Events(Events) {}
  void start() { startThreads(); }
  void stop() {
    for (std::thread &T : Threads)
      T.join();
  }

private:
  void startThreads() { spawnAll(); }
  void spawnAll() {
    for (int I = 0; I < 4; ++I)
      Threads[I] = std::thread([this, I] { Events.push(compute(I)); });
  }
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
// CHECK: handed-to-object-depth.cpp:[[@LINE-21]]:51: warning: send on 'Events' (pipeline::BoundedQueue) can block forever: 'mainLoop' may return at line {{[0-9]+}} before receiving all 4 values; give 'Events' room for 4 values [conc-unreceived-channel-send]
// CHECK: handed-to-object-depth.cpp:[[@LINE-7]]:7: note: 'mainLoop' leaves here after receiving 1 value
// CHECK: handed-to-object-depth.cpp:[[@LINE-23]]:20: note: tasks that send 4 values are started here with 'std::thread'
// CHECK: handed-to-object-depth.cpp:[[@LINE-15]]:5: note: started by this call of 'Poller::start', whose object keeps 'Events' in its member 'Events'
// CHECK: queues.h:20:5: note: 'pipeline::BoundedQueue' is a bounded blocking queue: 'push' waits here while it is full
// CHECK: queues.h:39:5: note: 'finish' wakes the waiters, but the wait in 'push' does not test the flag it sets

//===--- No-report traps ---------------------------------------------------===//

// The chain starts the consumer twice (a loop halfway down): two consumers,
// no claim about either.
class TwoWorkers {
public:
  explicit TwoWorkers(pipeline::BoundedQueue<Request> &Queue) : Queue(Queue) {}
  void start() { launchAll(); }
  void join() {
    for (std::thread &T : Workers)
      T.join();
  }

private:
  void launchAll() {
    for (int I = 0; I < 2; ++I)
      spawnWorker(I);
  }
  void spawnWorker(int I) {
    Workers[I] = std::thread([this] {
      Request R;
      while (Queue.pop(R))
        if (!handle(R))
          return;
    });
  }
  pipeline::BoundedQueue<Request> &Queue;
  std::thread Workers[2];
};

void serveTwice() {
  pipeline::BoundedQueue<Request> Requests(16);
  TwoWorkers S(Requests);
  S.start();
  Request R;
  while (nextRequest(R))
    Requests.push(R);
  Requests.finish();
  S.join();
}

// The consumer three calls down closes the queue when it stops.
class ClosingServer {
public:
  explicit ClosingServer(pipeline::ClosingQueue<Request> &Queue)
      : Queue(Queue) {}
  void start() { launch(); }
  void join() { Worker.join(); }

private:
  void launch() { spawnWorker(); }
  void spawnWorker() {
    Worker = std::thread([this] {
      Request R;
      while (Queue.pop(R))
        if (!handle(R)) {
          Queue.close();
          return;
        }
    });
  }
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
