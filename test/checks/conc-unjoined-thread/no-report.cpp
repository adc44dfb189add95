// Every function here is correct: no finding.
// RUN: %clang_tidy -checks='-*,conc-unjoined-thread' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:' --allow-empty
// Same findings through the conctidy CLI (exit 1 with findings, 0 without):
// RUN: %conctidy --checks='-*,conc-unjoined-thread' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:' --allow-empty
// CHECK-NOT: warning:

#include <stdexcept>
#include <thread>
#include <vector>

void work();
bool failed();
void consume(std::thread &&);
void adopt(std::thread &);
void inspect(const std::thread &);
[[noreturn]] void fatal(const char *);

void joinedOnEveryPath() {
  std::thread t(work);
  if (failed()) {
    t.join();
    return;
  }
  t.join();
}

void detachedOrJoined(bool Background) {
  std::thread t(work);
  if (Background)
    t.detach();
  else
    t.join();
}

void joinedBeforeEarlyReturn() {
  std::thread t(work);
  t.join();
  if (failed())
    return;
  work();
}

void neverStarted() {
  std::thread t;
  if (failed())
    return;
  inspect(t);
}

void jthreadJoinsItself() {
  std::jthread t(work);
  if (failed())
    return;
}

std::thread returned() {
  std::thread t(work);
  return t;
}

void movedAway() {
  std::thread t(work);
  consume(std::move(t));
  if (failed())
    return;
}

void movedIntoContainer(std::vector<std::thread> &Pool) {
  std::thread t(work);
  Pool.push_back(std::move(t));
  if (failed())
    return;
}

void handedOverByReference() {
  std::thread t(work);
  adopt(t);
  if (failed())
    return;
}

void addressTaken() {
  std::thread t(work);
  std::thread *P = &t;
  if (failed())
    return;
  P->join();
}

void noreturnAfterStart() {
  std::thread t(work);
  if (failed())
    fatal("cannot continue");
  t.join();
}

void abortAfterStart() {
  std::thread t(work);
  if (failed())
    std::terminate();
  t.join();
}

void guardedByJoinable() {
  std::thread t;
  if (failed())
    t = std::thread(work);
  if (t.joinable())
    t.join();
}

void negatedJoinableTest() {
  std::thread t;
  if (failed())
    t = std::thread(work);
  if (!t.joinable())
    return;
  t.join();
}

template <class F> struct ScopeExit {
  F Fn;
  ~ScopeExit() { Fn(); }
};
template <class F> ScopeExit<F> onScopeExit(F Fn) { return {Fn}; }

void scopeGuardJoins() {
  std::thread t(work);
  auto Guard = onScopeExit([&] { t.join(); });
  if (failed())
    return;
}

void rethrowAfterJoin() {
  std::thread t(work);
  try {
    if (failed())
      throw std::runtime_error("failed");
  } catch (...) {
    t.join();
    throw;
  }
  t.join();
}

void throwCaughtInsideScope() {
  std::thread t(work);
  try {
    throw 1;
  } catch (int) {
  }
  t.join();
}

void swappedWithEmpty() {
  std::thread t(work);
  std::thread Other;
  t.swap(Other);
  Other.join();
}

void resetToEmpty() {
  std::thread t;
  t = std::thread();
  if (failed())
    return;
}

template <class T> void inTemplate(T Value) {
  std::thread t(work);
  if (Value)
    t.join();
  else
    t.detach();
}
void instantiate() { inTemplate(1); }

#define START_AND_JOIN(name)                                                   \
  std::thread name(work);                                                      \
  name.join()

void inMacro() {
  START_AND_JOIN(t);
  if (failed())
    return;
}

void loopJoinsEach(int N) {
  for (int I = 0; I < N; ++I) {
    std::thread t(work);
    if (failed()) {
      t.detach();
      continue;
    }
    t.join();
  }
}

void threadReferenceIsNotOwner(std::thread &Owned) {
  std::thread &Ref = Owned;
  if (failed())
    return;
}

void threadParameter(std::thread T) {
  if (failed())
    return;
  T.join();
}

void loopForever() {
  std::thread t(work);
  for (;;)
    work();
}

// An empty pack leaves the handle default-constructed: only arguments that
// are always there start a thread.
template <class... Ts> std::thread::id packMayBeEmpty(Ts... Xs) {
  std::thread t(Xs...);
  return t.get_id();
}
