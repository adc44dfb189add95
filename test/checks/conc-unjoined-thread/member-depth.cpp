// Data members settled by a method three calls down: the member part of the
// thread summaries follows the methods called on 'this' at any depth.
// RUN: %clang_tidy -checks='-*,conc-unjoined-thread' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-unjoined-thread' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <thread>

// The destructor joins through shutdown() -> stopAll() -> joinWorker(), but
// only while 'Running', which the thread clears: found only through the
// chain (one call deep, the destructor's call was not a join).
class Worker {
public:
  Worker() : T(&Worker::run, this) {}
  ~Worker() {
    // CHECK: member-depth.cpp:[[@LINE-1]]:3: warning: 'T' ('std::thread') is joined on some paths of the destructor of 'Worker' only; destroying it while joinable calls 'std::terminate'; join it whenever it is joinable [conc-unjoined-thread]
    // CHECK: member-depth.cpp:[[@LINE+5]]:3: note: the destructor can leave here with 'T' still joinable, when 'Running' says so
    // CHECK: member-depth.cpp:[[@LINE+11]]:8: note: 'Running' is changed by a member function that neither starts nor joins 'T'
    // CHECK: member-depth.cpp:[[@LINE+2]]:7: note: 'T' is joined here, but not on that path
    if (Running)
      shutdown();
  }

private:
  void shutdown() { stopAll(); }
  void stopAll() { joinWorker(); }
  void joinWorker() { T.join(); }
  void run() { Running = false; }
  bool Running = true;
  std::thread T;
};

// No report below.

// restart() joins the old thread through stop() -> stopNow() -> joinNow()
// before it assigns a new one.
class Restart {
public:
  Restart() : T(&Restart::run, this) {}
  void restart() {
    stop();
    T = std::thread(&Restart::run, this);
  }
  ~Restart() { stop(); }

private:
  void stop() { stopNow(); }
  void stopNow() { joinNow(); }
  void joinNow() {
    if (T.joinable())
      T.join();
  }
  void run() {}
  std::thread T;
};
