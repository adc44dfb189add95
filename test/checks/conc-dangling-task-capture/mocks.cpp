// RUN: %clang_tidy -checks='-*,conc-dangling-task-capture' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// Same findings through the conctidy CLI (exit 1 with findings, 0 without):
// RUN: not %conctidy --checks='-*,conc-dangling-task-capture' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <future>
#include <thread>
#include <utility>
#include <vector>

void use(int &);
void read(const int *);

// A project's pool: `enqueue` is in the check's default AsyncCalls.
struct Pool {
  template <class F> void enqueue(F &&f) {}
  void wait();
};

template <class F> struct ScopeGuard {
  explicit ScopeGuard(F f) : Fn(f) {}
  ~ScopeGuard() { Fn(); }
  F Fn;
};

void detachedTemporary() {
  int Count = 0;
  std::thread([&] { use(Count); }).detach();
  // CHECK: mocks.cpp:[[@LINE-1]]:25: warning: 'Count' is captured by reference by a task that can outlive it; capture it by value or move it into the task, or wait for the task before 'Count' goes out of scope [conc-dangling-task-capture]
  // CHECK: mocks.cpp:[[@LINE-2]]:3: note: the task is started here ('std::thread')
  // CHECK: mocks.cpp:[[@LINE-3]]:3: note: its thread is detached here
}
// CHECK: mocks.cpp:[[@LINE-1]]:1: note: 'Count' is destroyed here, at the end of its scope, while the task may still use it

// An async helper that takes its arguments by reference and returns at once.
void asyncHelper(int Arg) {
  std::thread T([&Arg] { use(Arg); });
  // CHECK: mocks.cpp:[[@LINE-1]]:19: warning: 'Arg' is captured by reference by a task that can outlive it
  // CHECK: mocks.cpp:[[@LINE-2]]:15: note: the task is started here ('std::thread')
  T.detach();
  // CHECK: mocks.cpp:[[@LINE-1]]:3: note: its thread is detached here
}
// CHECK: mocks.cpp:[[@LINE-1]]:1: note: the function ends here while the task may still use 'Arg'

void referenceParameter(int &Out) {
  std::thread([&Out] { use(Out); }).detach();
  // CHECK: mocks.cpp:[[@LINE-1]]:17: warning: reference parameter 'Out' is captured by reference by a task that can outlive the call, and the caller's object with it; capture a copy, or wait for the task before returning [conc-dangling-task-capture]
}

void addressOfLocal() {
  int Value = 0;
  std::thread T(read, &Value);
  // CHECK: mocks.cpp:[[@LINE-1]]:23: warning: the address of 'Value' is passed to a task that can outlive it; pass a copy or move it into the task, or wait for the task before 'Value' goes out of scope [conc-dangling-task-capture]
  T.detach();
}

void earlyReturn(bool Fast) {
  int Local = 0;
  std::thread T([&] { use(Local); });
  // CHECK: mocks.cpp:[[@LINE-1]]:27: warning: 'Local' is captured by reference by a task that can outlive it
  if (Fast) {
    T.detach();
    // CHECK: mocks.cpp:[[@LINE-1]]:5: note: its thread is detached here
    return;
    // CHECK: mocks.cpp:[[@LINE-1]]:5: note: 'Local' is destroyed when this 'return' leaves its scope, while the task may still use it
  }
  T.join();
}

void blockScope() {
  {
    int Inner = 0;
    std::thread([&Inner] { use(Inner); }).detach();
    // CHECK: mocks.cpp:[[@LINE-1]]:19: warning: 'Inner' is captured by reference by a task that can outlive it
  }
  // CHECK: mocks.cpp:[[@LINE-1]]:3: note: 'Inner' is destroyed here, at the end of its scope, while the task may still use it
}

void posted(Pool &P) {
  int Local = 1;
  P.enqueue([&] { use(Local); });
  // CHECK: mocks.cpp:[[@LINE-1]]:23: warning: 'Local' is captured by reference by a task that can outlive it
  // CHECK: mocks.cpp:[[@LINE-2]]:3: note: the task is posted here ('Pool::enqueue')
}

std::future<int> escapingFuture() {
  int Local = 1;
  return std::async([&] {
    // CHECK: mocks.cpp:[[@LINE+4]]:9: warning: 'Local' is captured by reference by a task that can outlive it
    // CHECK: mocks.cpp:[[@LINE-2]]:10: note: the task is started here ('std::async')
    // CHECK: mocks.cpp:[[@LINE-3]]:3: note: the future that would wait for it escapes here
    // CHECK: mocks.cpp:[[@LINE-4]]:3: note: 'Local' is destroyed when this 'return' leaves its scope, while the task may still use it
    use(Local);
    return 0;
  });
}

class Server {
public:
  void start() {
    int Port = 80;
    Worker = std::thread([&] { use(Port); });
    // CHECK: mocks.cpp:[[@LINE-1]]:36: warning: 'Port' is captured by reference by a task that can outlive it
    // CHECK: mocks.cpp:[[@LINE-2]]:14: note: the task is started here ('std::thread')
    // CHECK: mocks.cpp:[[@LINE-3]]:5: note: its thread is stored in a data member here, which outlives the function
  }
  void startMany(int N) {
    Workers.emplace_back([&N] { use(N); });
    // CHECK: mocks.cpp:[[@LINE-1]]:28: warning: 'N' is captured by reference by a task that can outlive it
    // CHECK: mocks.cpp:[[@LINE-2]]:5: note: the task is started here ('std::thread')
  }
  ~Server() {
    Worker.join();
  }
  void spawn() { std::thread([this] { use(Requests); }).detach(); }
  // CHECK: mocks.cpp:[[@LINE-1]]:31: warning: 'this' is captured by a task that can outlive the object ('runServer' calls 'spawn' on its local 'S'); capture 'shared_from_this()' or copies of the members, or join the task before the object is destroyed [conc-dangling-task-capture]

private:
  int Requests = 0;
  std::thread Worker;
  std::vector<std::thread> Workers;
};

void runServer() {
  Server S;
  // CHECK: mocks.cpp:[[@LINE-1]]:10: note: 'S' is declared here
  S.spawn();
  // CHECK: mocks.cpp:[[@LINE-1]]:3: note: 'spawn' starts the task here
}
// CHECK: mocks.cpp:[[@LINE-1]]:1: note: 'S' is destroyed here, at the end of its scope, while the task may still use it

// A helper in this file that detaches the thread it is given.
void detachLater(std::thread &T) { T.detach(); }
void throughHelper() {
  int Local = 0;
  std::thread T([&] { use(Local); });
  // CHECK: mocks.cpp:[[@LINE-1]]:27: warning: 'Local' is captured by reference by a task that can outlive it
  detachLater(T);
  // CHECK: mocks.cpp:[[@LINE-1]]:3: note: its thread is detached here
}

// The guard that waits is destroyed after 'Local' (declared before it).
void guardTooEarly(Pool &P) {
  ScopeGuard Guard([&] { P.wait(); });
  int Local = 1;
  P.enqueue([&] { use(Local); });
  // CHECK: mocks.cpp:[[@LINE-1]]:23: warning: 'Local' is captured by reference by a task that can outlive it
}
