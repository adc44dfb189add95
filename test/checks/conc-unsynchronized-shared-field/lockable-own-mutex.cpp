// A class with its own lock() and unlock() over a member mutex is a
// lockable (abseil's CordzInfo): inside it, that mutex is the object, as
// the lock sets name it, and so is its GUARDED_BY lock. A guard of the
// mutex satisfies the annotation; a read without it is still reported.
// RUN: %clang_tidy -checks='-*,conc-unsynchronized-shared-field' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-unsynchronized-shared-field' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <mutex>
#define GUARDED_BY(x) __attribute__((guarded_by(x)))

class Info {
public:
  void lock() { Mu.lock(); }
  void unlock() { Mu.unlock(); }
  void set(int V) {
    std::lock_guard<std::mutex> G(Mu);
    Value = V;
  }
  int get() {
    std::lock_guard<std::mutex> G(Mu);
    return Value;
  }
  int peek() { return Value; }
  // CHECK: lockable-own-mutex.cpp:[[@LINE-1]]:23: warning: 'Value' ('int') is read here without holding 'Mu', which guards it (GUARDED_BY) [conc-unsynchronized-shared-field]
  // CHECK: lockable-own-mutex.cpp:19:5: note: 'Mu' is held here, where 'Value' is written

private:
  std::mutex Mu;
  int Value GUARDED_BY(Mu) = 0;
};
