// Data members: smart pointers that own a thread, a destructor that joins
// only behind a state the thread itself changes, a new thread assigned while
// the one another function started may be joinable. Real libstdc++.
// RUN: %clang_tidy -checks='-*,conc-unjoined-thread' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-unjoined-thread' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <memory>
#include <thread>

class Worker {
public:
  Worker() : T(&Worker::run, this) {}
  ~Worker() {
    // CHECK: member-paths.cpp:[[@LINE-1]]:3: warning: 'T' ('std::thread') is joined on some paths of the destructor of 'Worker' only; destroying it while joinable calls 'std::terminate'; join it whenever it is joinable [conc-unjoined-thread]
    // CHECK: member-paths.cpp:[[@LINE+5]]:3: note: the destructor can leave here with 'T' still joinable, when 'Running' says so
    // CHECK: member-paths.cpp:[[@LINE+9]]:8: note: 'Running' is changed by a member function that neither starts nor joins 'T'
    // CHECK: member-paths.cpp:[[@LINE+2]]:7: note: 'T' is joined here, but not on that path
    if (Running)
      T.join();
  }

private:
  // The thread clears the flag when it is done, but stays joinable.
  void run() { Running = false; }
  bool Running = true;
  std::thread T;
};

class Restart {
public:
  Restart() : T(&Restart::run, this) {}
  void restart() { T = std::thread(&Restart::run, this); }
  // CHECK: member-paths.cpp:[[@LINE-1]]:20: warning: a new thread is assigned to 'T' ('std::thread') here while the thread started elsewhere may still be joinable, which calls 'std::terminate'; join or detach it before the assignment [conc-unjoined-thread]
  // CHECK: member-paths.cpp:[[@LINE-3]]:15: note: 'T' is also started here
  ~Restart() {
    if (T.joinable())
      T.join();
  }

private:
  void run() {}
  std::thread T;
  // CHECK: member-paths.cpp:[[@LINE-1]]:15: note: 'T' declared here
};

class Owner {
public:
  void start() { T = std::make_unique<std::thread>(&Owner::run, this); }
  // CHECK: member-paths.cpp:[[@LINE-1]]:18: warning: 'T' ('std::unique_ptr<std::thread>') is started here, but no member function of 'Owner' joins or detaches it; destroying it calls 'std::terminate' [conc-unjoined-thread]

private:
  void run() {}
  std::unique_ptr<std::thread> T;
  // CHECK: member-paths.cpp:[[@LINE-1]]:32: note: 'T' declared here
};

// No report below.

class OwnerJoined {
public:
  void start() { T = std::make_unique<std::thread>(&OwnerJoined::run, this); }
  ~OwnerJoined() {
    if (T && T->joinable())
      T->join();
  }

private:
  void run() {}
  std::unique_ptr<std::thread> T;
};

class OwnerReleased {
public:
  void start() { T.reset(new std::thread(&OwnerReleased::run, this)); }
  std::thread *take() { return T.release(); }

private:
  void run() {}
  std::unique_ptr<std::thread> T;
};

// The state is written only where the thread is started or joined.
class Stopper {
public:
  void start() {
    Stopped = false;
    T = std::thread(&Stopper::run, this);
  }
  void stop() {
    if (Stopped)
      return;
    Stopped = true;
    T.join();
  }
  ~Stopper() {
    if (!Stopped)
      stop();
  }

private:
  void run() {}
  bool Stopped = true;
  std::thread T;
};

class RestartJoined {
public:
  RestartJoined() : T(&RestartJoined::run, this) {}
  void restart() {
    stop();
    T = std::thread(&RestartJoined::run, this);
  }
  void stop() {
    if (T.joinable())
      T.join();
  }
  ~RestartJoined() { stop(); }

private:
  void run() {}
  std::thread T;
};

class JoinableTestInDestructor {
public:
  JoinableTestInDestructor() : T(&JoinableTestInDestructor::run, this) {}
  ~JoinableTestInDestructor() {
    if (T.joinable())
      T.join();
  }

private:
  void run() { Done = true; }
  bool Done = false;
  std::thread T;
};
