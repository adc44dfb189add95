// A class annotated conc::thread_affine, and the options ThreadAffineTypes,
// GuardTypes and AsyncCalls.
// RUN: %clang_tidy -checks='-*,conc-runtime-shared-across-tasks' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s --check-prefix=DEFAULT -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-runtime-shared-across-tasks' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s --check-prefix=DEFAULT -implicit-check-not='{{warning|error}}:'
// RUN: %clang_tidy -checks='-*,conc-runtime-shared-across-tasks' \
// RUN:   -config="{CheckOptions: {conc-runtime-shared-across-tasks.ThreadAffineTypes: '::app::Session', conc-runtime-shared-across-tasks.GuardTypes: '::app::SessionLock', conc-runtime-shared-across-tasks.AsyncCalls: '::app::ThreadPool::schedule'}}" \
// RUN:   %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s --check-prefixes=DEFAULT,CONFIGURED -implicit-check-not='{{warning|error}}:'

#include <thread>

// A single-threaded script engine (the k6 browser promise case).
class [[clang::annotate("conc::thread_affine")]] ScriptRuntime {
public:
  void resolve(int Promise, int Value);
};

void FetchAsync(ScriptRuntime *Rt, int Promise) {
  std::thread([Rt, Promise] {
    int Body = 42;
    Rt->resolve(Promise, Body);
    // DEFAULT: user-types.cpp:[[@LINE-1]]:5: warning: 'Rt' ('ScriptRuntime *') belongs to the thread that called 'FetchAsync' and is used here on a thread started at line [[@LINE-3]]; use it only on the thread that created it, or hand the work back to that thread [conc-runtime-shared-across-tasks]
    // DEFAULT: user-types.cpp:[[@LINE-4]]:3: note: 'std::thread' starts the task on a new thread here
  }).detach();
}

// Subclasses of an annotated class are thread-affine too.
class Browser : public ScriptRuntime {};
void Navigate(Browser &B) {
  std::thread T([&B] { B.resolve(1, 2); });
  // DEFAULT: user-types.cpp:[[@LINE-1]]:24: warning: 'B' ('Browser &') belongs to the thread that called 'Navigate' and is used here on a thread started at line [[@LINE-1]]; use it only
  // DEFAULT: user-types.cpp:[[@LINE-2]]:15: note: 'std::thread' starts
  T.join();
}

// A method of the annotated class that starts a thread on `this`.
class [[clang::annotate("conc::thread_affine")]] EventLoop {
public:
  void tick();
  void startTimer() {
    std::thread([this] { tick(); }).detach();
    // DEFAULT: user-types.cpp:[[@LINE-1]]:26: warning: 'this' ('EventLoop *') belongs to the thread that called 'startTimer' and is used here on a thread started at line [[@LINE-1]]; use it only
    // DEFAULT: user-types.cpp:[[@LINE-2]]:5: note: 'std::thread' starts
  }
};

// Types and guards from the options, and a project's own pool.
namespace app {
class Session {
public:
  void send(const char *);
};
class SessionLock {
public:
  explicit SessionLock(Session &S);
  ~SessionLock();
};
class ThreadPool {
public:
  template <class F> void schedule(F &&f) {}
};
} // namespace app

void Push(app::Session &S, app::ThreadPool &Pool) {
  Pool.schedule([&S] { S.send("ping"); });
  // CONFIGURED: user-types.cpp:[[@LINE-1]]:24: warning: 'S' ('app::Session &') belongs to the thread that called 'Push' and is used here on a pool thread queued at line [[@LINE-1]]; use it only
  // CONFIGURED: user-types.cpp:[[@LINE-2]]:3: note: 'app::ThreadPool::schedule' queues the task on a thread pool here
  Pool.schedule([&S] {
    app::SessionLock Lock(S);
    S.send("ping");
  });
}
