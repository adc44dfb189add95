// A function annotated ABSL_UNLOCK_FUNCTION(mu_) is called with mu_ held,
// as -Wthread-safety assumes (abseil's CordzInfo::Unlock reads rep_
// before it unlocks): no report there. An access without the lock next
// to it is still reported. The real abseil headers.
// REQUIRES: absl-headers
// RUN: %clang_tidy -checks='-*,conc-unsynchronized-shared-field' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-unsynchronized-shared-field' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <absl/synchronization/mutex.h>

void check(int);

class Info {
public:
  void begin() ABSL_EXCLUSIVE_LOCK_FUNCTION(Mu) {
    Mu.Lock();
    check(Value);
  }
  void end() ABSL_UNLOCK_FUNCTION(Mu) {
    check(Value);
    Mu.Unlock();
  }
  void set(int V) {
    absl::MutexLock L(&Mu);
    Value = V;
  }
  int peek() { return Value; }
  // CHECK: absl-unlock-function.cpp:[[@LINE-1]]:23: warning: 'Value' ('int') is read here without holding 'Mu', which guards it (GUARDED_BY) [conc-unsynchronized-shared-field]

private:
  absl::Mutex Mu;
  int Value ABSL_GUARDED_BY(Mu) = 0;
};
