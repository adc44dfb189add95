// co_return out of a coroutine with a joinable thread.
// RUN: %clang_tidy -checks='-*,conc-unjoined-thread' %s -- -std=c++20 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// Same findings through the conctidy CLI (exit 1 with findings, 0 without):
// RUN: not %conctidy --checks='-*,conc-unjoined-thread' %s -- -std=c++20 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <thread>

namespace std {
template <class R, class... Args> struct coroutine_traits {
  using promise_type = typename R::promise_type;
};
template <class P = void> struct coroutine_handle {
  static coroutine_handle from_address(void *) noexcept;
  coroutine_handle() = default;
  template <class Q> coroutine_handle(coroutine_handle<Q>) noexcept {}
};
struct suspend_never {
  bool await_ready() noexcept { return true; }
  void await_suspend(coroutine_handle<>) noexcept {}
  void await_resume() noexcept {}
};
} // namespace std

struct Task {
  struct promise_type {
    Task get_return_object();
    std::suspend_never initial_suspend();
    std::suspend_never final_suspend() noexcept;
    void return_void();
    void unhandled_exception();
  };
};

void work();
bool failed();

Task coroutine() {
  std::thread t(work);
  // CHECK: coroutine.cpp:[[@LINE-1]]:15: warning: 't' ('std::thread') can be destroyed while joinable
  if (failed())
    co_return;
  // CHECK: coroutine.cpp:[[@LINE-1]]:5: note: 't' is still joinable when this 'co_return' leaves its scope
  t.join();
}

Task coroutineJoins() {
  std::thread t(work);
  if (failed()) {
    t.join();
    co_return;
  }
  t.join();
}
