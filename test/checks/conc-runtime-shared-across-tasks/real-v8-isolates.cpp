// A v8::Locker guards the isolate it is made for, not every isolate: against
// Node's real <v8.h> and libstdc++.
// REQUIRES: node-headers
// RUN: %clang_tidy -checks='-*,conc-runtime-shared-across-tasks' %s -- -std=c++17 %node_includes 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-runtime-shared-across-tasks' %s -- -std=c++17 %node_includes 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <thread>
#include <v8.h>

// The task locks the other isolate and uses this one.
void LockedOther(v8::Isolate *Isolate, v8::Isolate *Other) {
  std::thread T([Isolate, Other] {
    v8::Locker Lock(Other);
    v8::HandleScope Scope(Isolate);
    // CHECK: real-v8-isolates.cpp:[[@LINE-1]]:27: warning: 'Isolate' ('v8::Isolate *') belongs to the thread that called 'LockedOther' and is used here on a thread started at line [[@LINE-3]]; take a v8::Locker for the isolate on this thread first
    // CHECK: real-v8-isolates.cpp:[[@LINE-4]]:15: note: 'std::thread' starts
  });
  T.join();
}

// Each isolate under its own Locker: no report.
void LockedEach(v8::Isolate *Isolate, v8::Isolate *Other) {
  std::thread T([Isolate, Other] {
    v8::Locker Lock(Isolate);
    v8::Locker LockOther(Other);
    v8::HandleScope Scope(Isolate);
    v8::HandleScope OtherScope(Other);
  });
  T.join();
}

// Giving back the other isolate keeps this one locked: no report.
void UnlockedOther(v8::Isolate *Isolate, v8::Isolate *Other) {
  std::thread T([Isolate, Other] {
    v8::Locker Lock(Isolate);
    v8::Locker LockOther(Other);
    {
      v8::Unlocker Unlock(Other);
      v8::HandleScope Scope(Isolate);
    }
  });
  T.join();
}

// Locked through a local copy of the same isolate: no report.
void LockedCopy(v8::Isolate *Isolate) {
  std::thread T([Isolate] {
    v8::Isolate *Same = Isolate;
    v8::Locker Lock(Same);
    v8::HandleScope Scope(Isolate);
  });
  T.join();
}

// Locked through the member of the object that carries it: no report.
struct Engine {
  v8::Isolate *Isolate;
};
void LockedMember(Engine *E) {
  std::thread T([E] {
    v8::Locker Lock(E->Isolate);
    v8::HandleScope Scope(E->Isolate);
  });
  T.join();
}

// A Locker whose isolate the analysis cannot name counts for any: no report.
void LockedUnknown(v8::Isolate *Isolate) {
  std::thread T([Isolate] {
    v8::Locker Lock(v8::Isolate::GetCurrent());
    v8::HandleScope Scope(Isolate);
  });
  T.join();
}

// A helper that uses its parameter: the caller's Locker must be for the
// isolate it passes.
void EnterScope(v8::Isolate *I) { v8::HandleScope Scope(I); }

void HelperLockedOther(v8::Isolate *Isolate, v8::Isolate *Other) {
  std::thread T([Isolate, Other] {
    v8::Locker Lock(Other);
    EnterScope(Isolate);
    // CHECK: real-v8-isolates.cpp:[[@LINE-6]]:57: warning: 'I' ('v8::Isolate *') belongs to the thread that called 'HelperLockedOther' and is used here on a thread started at line [[@LINE-3]]; take a v8::Locker for the isolate on this thread first
    // CHECK: real-v8-isolates.cpp:[[@LINE-2]]:5: note: the task calls 'EnterScope' here
    // CHECK: real-v8-isolates.cpp:[[@LINE-5]]:15: note: 'std::thread' starts
  });
  T.join();
}

void HelperLocked(v8::Isolate *Isolate, v8::Isolate *Other) {
  std::thread T([Isolate, Other] {
    v8::Locker Lock(Isolate);
    EnterScope(Isolate);
    v8::Locker LockOther(Other);
    EnterScope(Other);
  });
  T.join();
}

// A helper that takes the Locker for its own parameter: no report.
void LockAndEnter(v8::Isolate *I) {
  v8::Locker Lock(I);
  v8::HandleScope Scope(I);
}

void HelperLocksItself(v8::Isolate *Isolate) {
  std::thread T([Isolate] { LockAndEnter(Isolate); });
  T.join();
}
