// abseil's real Mutex runs a Condition's function, and a Mutex's
// invariant, only with the mutex held: the functions given to them are
// not entry points of their own (abseil's mutex_test.cc: `G0GE2`,
// `CheckSumG0G1` through a parameter), nor is a flag whose address it is
// given (`absl::Condition(&x.done)`). A read outside the lock next to
// them is still reported.
// REQUIRES: absl-headers
// RUN: %clang_tidy -checks='-*,conc-unsynchronized-shared-map,conc-unsynchronized-shared-field' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-unsynchronized-shared-map,conc-unsynchronized-shared-field' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <absl/synchronization/mutex.h>
#include <atomic>
#include <deque>
#include <thread>

// A member condition, with LockWhen and with Await.
class Queue {
public:
  void push(int V) {
    absl::MutexLock G(&Mu);
    Items.push_back(V);
  }
  int pop() {
    Mu.LockWhen(absl::Condition(this, &Queue::notEmpty));
    int V = Items.front();
    Items.pop_front();
    Mu.Unlock();
    return V;
  }
  int popAwait() {
    absl::MutexLock G(&Mu);
    Mu.Await(absl::Condition(this, &Queue::notEmpty));
    int V = Items.front();
    Items.pop_front();
    return V;
  }
  // The bug next to them: no lock.
  int size() { return Items.size(); }
  // CHECK: absl-conditions.cpp:[[@LINE-1]]:23: warning: 'Items' ('std::deque<int>') is read here without holding 'Mu'; 5 of 5 other accesses hold it [conc-unsynchronized-shared-map]

private:
  bool notEmpty() const { return !Items.empty(); }
  absl::Mutex Mu;
  std::deque<int> Items;
};

// A free function condition on an object, with a MutexLock's condition.
struct State {
  absl::Mutex Mu;
  int Count = 0;
};
static bool positive(State *S) { return S->Count > 0; }
void produce(State *S) {
  absl::MutexLock G(&S->Mu);
  ++S->Count;
}
void consume(State *S) {
  absl::MutexLock G(&S->Mu, absl::Condition(&positive, S));
  --S->Count;
}

// An invariant handed on through a parameter, as abseil's tests do.
struct Sums {
  absl::Mutex Mu;
  int G0 = 0, G1 = 0;
};
static void checkSums(void *V) {
  Sums *S = static_cast<Sums *>(V);
  if (S->G0 != -S->G1)
    __builtin_trap();
}
static void enableChecks(Sums *S, void (*Invariant)(void *)) {
  S->Mu.EnableInvariantDebugging(Invariant, S);
}
void step(Sums *S) {
  absl::MutexLock G(&S->Mu);
  ++S->G0;
  --S->G1;
}

// A Condition on a flag's address: the mutex reads it under the lock.
struct Gate {
  absl::Mutex Mu;
  bool Open = false;
};
void openGate(Gate *G) {
  absl::MutexLock L(&G->Mu);
  G->Open = true;
}
void passGate(Gate *G) {
  G->Mu.LockWhen(absl::Condition(&G->Open));
  G->Mu.Unlock();
}
void passGateScoped(Gate *G) {
  absl::MutexLock L(&G->Mu, absl::Condition(&G->Open));
}

// A counter whose waiter reads the flag by a Condition under the lock
// (abseil's BlockingCounter): the write that forgets the lock races it.
class Counter {
public:
  void decrement() {
    if (--Count == 0)
      Done = true;
    // CHECK: absl-conditions.cpp:[[@LINE-1]]:7: warning: 'Done' ('bool') is written here without holding 'Lock'; 1 of 1 other accesses hold it [conc-unsynchronized-shared-field]
  }
  void wait() {
    absl::MutexLock L(&Lock);
    Lock.Await(absl::Condition(&Done));
  }

private:
  absl::Mutex Lock;
  std::atomic<int> Count{2};
  bool Done = false;
};

// Await without the lock: its Condition reads the flag unguarded.
class Latch {
public:
  void open() {
    absl::MutexLock L(&Lock);
    Open = true;
  }
  void wait() { Lock.Await(absl::Condition(&Open)); }
  // CHECK: absl-conditions.cpp:[[@LINE-1]]:45: warning: 'Open' ('bool') is read here without holding 'Lock'; 1 of 1 other accesses hold it [conc-unsynchronized-shared-field]

private:
  absl::Mutex Lock;
  bool Open = false;
};

void run() {
  Counter C;
  Latch La;
  std::thread T5([&] {
    C.decrement();
    La.open();
  });
  std::thread T6([&] {
    C.wait();
    La.wait();
  });
  T5.join();
  T6.join();
  Gate Gt;
  std::thread T3([&] { openGate(&Gt); }), T4([&] {
    passGate(&Gt);
    passGateScoped(&Gt);
  });
  T3.join();
  T4.join();
  Queue Q;
  State St;
  Sums S;
  enableChecks(&S, checkSums);
  std::thread T1([&] {
    Q.push(1);
    produce(&St);
    step(&S);
  });
  std::thread T2([&] {
    Q.pop();
    Q.popAwait();
    Q.size();
    consume(&St);
    step(&S);
  });
  T1.join();
  T2.join();
}
