// No-report traps of conc-dangling-task-capture.
// RUN: %clang_tidy -checks='-*,conc-dangling-task-capture' %s -- -std=c++20 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -allow-empty -implicit-check-not='{{warning|error}}:'
// RUN: %conctidy --checks='-*,conc-dangling-task-capture' %s -- -std=c++20 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -allow-empty -implicit-check-not='{{warning|error}}:'

#include <future>
#include <memory>
#include <thread>
#include <utility>

namespace std {
class latch {
public:
  explicit latch(long);
  void count_down(long = 1);
  void wait() const;
};
template <class F = void> class barrier {
public:
  explicit barrier(long);
  void arrive_and_wait();
};
template <class T> class enable_shared_from_this {
public:
  shared_ptr<T> shared_from_this();
};
} // namespace std

void use(int &);
void use(const int &);

struct Pool {
  template <class F> void enqueue(F &&f) {}
  void wait();
};

// A scope guard that runs a callable when it is destroyed.
template <class F> struct ScopeExit {
  explicit ScopeExit(F f) : Fn(f) {}
  ~ScopeExit() { Fn(); }
  F Fn;
};

int Global;

void byValue() {
  int Count = 0;
  std::thread([Count] { use(Count); }).detach();
  std::thread([=] { use(Count); }).detach();
  std::thread([C = std::move(Count)] { use(C); }).detach();
}

void joinedOnEveryPath(bool Fast) {
  int Local = 0;
  std::thread T([&] { use(Local); });
  if (Fast) {
    T.join();
    return;
  }
  T.join();
}

void joinedByScopeGuard() {
  int Local = 0;
  std::thread T([&] { use(Local); });
  ScopeExit Guard([&] { T.join(); });
}

void poolOfValues(Pool &P) {
  int Local = 1;
  P.enqueue([Local] { use(Local); });
}

void poolWaited(Pool &P) {
  int Local = 1;
  P.enqueue([&] { use(Local); });
  P.wait();
}

void poolWaitedByGuard(Pool &P) {
  int Local = 1;
  ScopeExit Guard([&] { P.wait(); });
  P.enqueue([&] { use(Local); });
}

void globalsAndStatics() {
  static int Counter = 0;
  std::thread([&] { use(Counter); use(Global); }).detach();
}

void latchWait() {
  int Result = 0;
  std::latch Done(1);
  std::thread([&] {
    use(Result);
    Done.count_down();
  }).detach();
  Done.wait();
}

void barrierWait() {
  int Result = 0;
  std::barrier<> Sync(2);
  std::thread([&] {
    use(Result);
    Sync.arrive_and_wait();
  }).detach();
  Sync.arrive_and_wait();
}

int waitedFuture() {
  int Local = 1;
  std::future<int> F = std::async([&] {
    use(Local);
    return 0;
  });
  return F.get();
}

void discardedFuture() {
  int Local = 1;
  // The temporary future waits at the end of the full expression.
  std::async([&] {
    use(Local);
    return 0;
  });
}

void jthreadJoins() {
  int Local = 0;
  std::jthread T([&] { use(Local); });
}

// A project's own jthread-like class that joins in its destructor.
class JoiningThread {
public:
  template <class F> explicit JoiningThread(F &&Fn) : T(std::forward<F>(Fn)) {}
  ~JoiningThread() {
    if (T.joinable())
      T.join();
  }

private:
  std::thread T;
};

void projectJthread() {
  int Local = 0;
  JoiningThread T([&] { use(Local); });
}

class Session : public std::enable_shared_from_this<Session> {
public:
  void start() {
    std::thread([this, Self = shared_from_this()] { use(State); }).detach();
  }

private:
  int State = 0;
};

void runSession() {
  Session S;
  S.start();
}

// `this` of an object that is not a local of any caller here.
class Service {
public:
  void spawn() { std::thread([this] { use(N); }).detach(); }

private:
  int N = 0;
};
void runService(Service &S) { S.spawn(); }

// The caller keeps using the object (it may wait for the task).
class Job {
public:
  void spawn() { std::thread([this] { use(N); Done.count_down(); }).detach(); }
  void wait() { Done.wait(); }

private:
  int N = 0;
  std::latch Done{1};
};
void runJob() {
  Job J;
  J.spawn();
  J.wait();
}

// The task is owned by the object, which joins it in its destructor.
class Owner {
public:
  void start() { Worker = std::thread([this] { use(N); }); }
  ~Owner() { Worker.join(); }

private:
  int N = 0;
  std::thread Worker;
};
void runOwner() {
  Owner O;
  O.start();
}

// The thread is stored in a member and joined before the function returns.
class Batch {
public:
  void run() {
    int Local = 0;
    Worker = std::thread([&] { use(Local); });
    Worker.join();
  }

private:
  std::thread Worker;
};

// The server loop never ends: its locals outlive every task.
[[noreturn]] void serve() {
  int Config = 0;
  std::thread([&] { use(Config); }).detach();
  for (;;) {
  }
}

// Templates are not analyzed (dependent code).
template <class T> void generic(T Value) {
  std::thread([&] { use(Value); }).detach();
}

// A helper of this file joins the thread (the summaries' job, later).
void cleanup(std::thread &T) { T.join(); }
void joinedByHelper() {
  int Local = 0;
  std::thread T([&] { use(Local); });
  cleanup(T);
}

// A helper of this file waits for the pool's tasks through a latch.
void finish(std::latch &Done) { Done.wait(); }
void waitedByHelper(Pool &P) {
  int Local = 0;
  std::latch Done(1);
  P.enqueue([&] {
    use(Local);
    Done.count_down();
  });
  finish(Done);
}
