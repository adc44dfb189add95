// V8: an isolate used from another thread needs a v8::Locker; Local
// handles never leave their thread.
// RUN: %clang_tidy -checks='-*,conc-runtime-shared-across-tasks' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-runtime-shared-across-tasks' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <thread>
#include <v8.h>

void RunUnlocked(v8::Isolate *Isolate) {
  std::thread T([Isolate] {
    v8::HandleScope Scope(Isolate);
    // CHECK: v8.cpp:[[@LINE-1]]:27: warning: 'Isolate' ('v8::Isolate *') belongs to the thread that called 'RunUnlocked' and is used here on a thread started at line [[@LINE-2]]; take a v8::Locker for the isolate on this thread first [conc-runtime-shared-across-tasks]
    // CHECK: v8.cpp:[[@LINE-3]]:15: note: 'std::thread' starts the task on a new thread here
    v8::String::NewFromUtf8Literal(Isolate, "x");
  });
  T.join();
}

void RunLocked(v8::Isolate *Isolate) {
  std::thread T([Isolate] {
    v8::Locker Lock(Isolate);
    v8::Isolate::Scope IsolateScope(Isolate);
    v8::HandleScope Scope(Isolate);
    v8::String::NewFromUtf8Literal(Isolate, "x"); // no report
  });
  T.join();
}

// The guard must be held at the use: after its scope ends, it is not.
void LockedTooBriefly(v8::Isolate *Isolate) {
  std::thread T([Isolate] {
    {
      v8::Locker Lock(Isolate);
      v8::HandleScope Scope(Isolate);
    }
    Isolate->Enter();
    // CHECK: v8.cpp:[[@LINE-1]]:5: warning: 'Isolate' ('v8::Isolate *') belongs to the thread that called 'LockedTooBriefly' and is used here on a thread started at line [[@LINE-6]]; take a v8::Locker
    // CHECK: v8.cpp:[[@LINE-7]]:15: note: 'std::thread' starts
  });
  T.join();
}

// A v8::Unlocker gives the isolate back for its scope.
void Unlocked(v8::Isolate *Isolate) {
  std::thread T([Isolate] {
    v8::Locker Lock(Isolate);
    {
      v8::Unlocker Unlock(Isolate);
      Isolate->Exit();
      // CHECK: v8.cpp:[[@LINE-1]]:7: warning: 'Isolate' ('v8::Isolate *') belongs to the thread that called 'Unlocked' and is used here on a thread started at line [[@LINE-5]]; take a v8::Locker
      // CHECK: v8.cpp:[[@LINE-6]]:15: note: 'std::thread' starts
    }
  });
  T.join();
}

// A Local handle is bound to its thread's HandleScope, Locker or not.
void CarryLocal(v8::Isolate *Isolate, v8::Local<v8::String> Name) {
  std::thread T([Isolate, Name] {
    v8::Locker Lock(Isolate);
    int N = Name->Length();
    // CHECK: v8.cpp:[[@LINE-1]]:13: warning: 'Name' ('v8::Local<v8::String>') belongs to the thread that called 'CarryLocal' and is used here on a thread started at line [[@LINE-3]]; keep a v8::Global instead and make a new handle under a v8::Locker on this thread
    // CHECK: v8.cpp:[[@LINE-4]]:15: note: 'std::thread' starts
    (void)N;
  });
  T.join();
}

// A helper that the locked task calls is locked too.
static void compile(v8::Isolate *Isolate) {
  v8::HandleScope Scope(Isolate);
}
void LockedHelper(v8::Isolate *Isolate) {
  std::thread T([Isolate] {
    v8::Locker Lock(Isolate);
    compile(Isolate);
  });
  T.join();
}

// ... and reported when the task does not lock.
void UnlockedHelper(v8::Isolate *Isolate) {
  std::thread T([Isolate] { compile(Isolate); });
  // CHECK: v8.cpp:[[@LINE-13]]:25: warning: 'Isolate' ('v8::Isolate *') belongs to the thread that called 'UnlockedHelper' and is used here on a thread started at line [[@LINE-1]]; take a v8::Locker
  // CHECK: v8.cpp:[[@LINE-2]]:29: note: the task calls 'compile' here
  // CHECK: v8.cpp:[[@LINE-3]]:15: note: 'std::thread' starts
  T.join();
}

// A Global is fine to carry; the task makes its own Local under a Locker.
void CarryGlobal(v8::Isolate *Isolate, v8::Global<v8::String> *Name) {
  std::thread T([Isolate, Name] {
    v8::Locker Lock(Isolate);
    v8::HandleScope Scope(Isolate);
    v8::Local<v8::String> L = Name->Get(Isolate);
    (void)L->Length();
  });
  T.join();
}
