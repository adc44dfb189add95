// RUN: %clang_tidy -checks='-*,conc-unjoined-thread' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// Same findings through the conctidy CLI (exit 1 with findings, 0 without):
// RUN: not %conctidy --checks='-*,conc-unjoined-thread' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <thread>
#include <vector>

class Poller {
public:
  void start() {
    Worker = std::thread(&Poller::run, this);
    // CHECK: members.cpp:[[@LINE-1]]:5: warning: 'Worker' ('std::thread') is started here, but no member function of 'Poller' joins or detaches it; destroying it calls 'std::terminate' [conc-unjoined-thread]
  }
  ~Poller() { Stop = true; }

private:
  void run();
  std::thread Worker;
  // CHECK: members.cpp:[[@LINE-1]]:15: note: 'Worker' declared here
  bool Stop = false;
};
void Poller::run() {}

class Pool {
public:
  Pool(int N) {
    for (int I = 0; I < N; ++I)
      Workers.emplace_back(&Pool::loop, this);
    // CHECK: members.cpp:[[@LINE-1]]:7: warning: 'Workers' ('std::vector<std::thread>') is started here, but no member function of 'Pool' joins or detaches it
  }

private:
  void loop() {}
  std::vector<std::thread> Workers;
  // CHECK: members.cpp:[[@LINE-1]]:28: note: 'Workers' declared here
};

class StartedInInitializer {
public:
  StartedInInitializer() : T(&StartedInInitializer::run, this) {}
  // CHECK: members.cpp:[[@LINE-1]]:28: warning: 'T' ('std::thread') is started here, but no member function of 'StartedInInitializer' joins or detaches it
private:
  void run() {}
  std::thread T;
  // CHECK: members.cpp:[[@LINE-1]]:15: note: 'T' declared here
};

// No report below.

class JoinsInDestructor {
public:
  void start() { T = std::thread(&JoinsInDestructor::run, this); }
  ~JoinsInDestructor() {
    if (T.joinable())
      T.join();
  }

private:
  void run() {}
  std::thread T;
};

class JoinsInStop {
public:
  JoinsInStop() : T(&JoinsInStop::run, this) {}
  void stop() { T.join(); }

private:
  void run() {}
  std::thread T;
};

class DefinedElsewhere {
public:
  void start() { T = std::thread(&DefinedElsewhere::run, this); }
  void stop(); // Defined in another file: it may join.

private:
  void run() {}
  std::thread T;
};

struct PublicMember {
  void start() { T = std::thread([] {}); }
  std::thread T; // Anyone may join it.
};

class HasFriend {
  friend void joinIt(HasFriend &);

public:
  void start() { T = std::thread([] {}); }

private:
  std::thread T;
};

class UsesJThread {
public:
  void start() { T = std::jthread([] {}); }

private:
  std::jthread T;
};

class NeverStarted {
public:
  bool running() const { return T.joinable(); }

private:
  std::thread T;
};

template <class Fn> class TemplatedOwner {
public:
  void start(Fn F) { T = std::thread(F); }

private:
  std::thread T;
};

class JoinsInLambda {
public:
  void start() { T = std::thread([] {}); }
  ~JoinsInLambda() {
    auto Stop = [this] { T.join(); };
    Stop();
  }

private:
  std::thread T;
};
