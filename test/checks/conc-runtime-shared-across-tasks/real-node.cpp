// Against Node's real <node_api.h> and <v8.h> and libstdc++.
// REQUIRES: node-headers
// RUN: %clang_tidy -checks='-*,conc-runtime-shared-across-tasks' %s -- -std=c++17 %node_includes 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-runtime-shared-across-tasks' %s -- -std=c++17 %node_includes 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <node_api.h>
#include <thread>
#include <v8.h>

struct Job {
  napi_async_work Work;
  napi_ref Callback;
  int Result;
};

static void Execute(napi_env env, void *data) {
  Job *J = static_cast<Job *>(data);
  J->Result = 42;
  napi_value Message;
  napi_create_string_utf8(env, "done", NAPI_AUTO_LENGTH, &Message);
  // CHECK: real-node.cpp:[[@LINE-1]]:27: warning: 'env' ('napi_env'{{.*}}) belongs to the thread that called 'Start' and is used here on a pool thread queued at line [[@LINE+17]]; touch JavaScript only on the main thread
  // CHECK: real-node.cpp:[[@LINE+16]]:3: note: 'napi_create_async_work' queues the task on a thread pool here
}

// The complete callback runs on the main thread: no report.
static void Complete(napi_env env, napi_status, void *data) {
  Job *J = static_cast<Job *>(data);
  napi_value Fn, Result, Undefined;
  napi_get_reference_value(env, J->Callback, &Fn);
  napi_get_undefined(env, &Undefined);
  napi_call_function(env, Undefined, Fn, 0, nullptr, &Result);
}

napi_value Start(napi_env env, napi_callback_info info) {
  Job *J = new Job();
  napi_value Name;
  napi_create_string_utf8(env, "job", NAPI_AUTO_LENGTH, &Name);
  napi_create_async_work(env, nullptr, Name, Execute, Complete, J, &J->Work);
  napi_queue_async_work(env, J->Work);
  return nullptr;
}

// V8: an isolate used without, and with, a v8::Locker.
void Unlocked(v8::Isolate *Isolate) {
  std::thread T([Isolate] {
    v8::HandleScope Scope(Isolate);
    // CHECK: real-node.cpp:[[@LINE-1]]:27: warning: 'Isolate' ('v8::Isolate *') belongs to the thread that called 'Unlocked' and is used here on a thread started at line [[@LINE-2]]; take a v8::Locker for the isolate on this thread first
    // CHECK: real-node.cpp:[[@LINE-3]]:15: note: 'std::thread' starts
  });
  T.join();
}

void Locked(v8::Isolate *Isolate) {
  std::thread T([Isolate] {
    v8::Locker Lock(Isolate);
    v8::Isolate::Scope IsolateScope(Isolate);
    v8::HandleScope Scope(Isolate);
    v8::Local<v8::String> S = v8::String::NewFromUtf8Literal(Isolate, "x");
    (void)S->Length();
  });
  T.join();
}

// Handles the task makes itself from the isolate, under its own v8::Locker,
// belong to the task: no report.
void OwnHandles(v8::Isolate *Isolate) {
  std::thread T([Isolate] {
    v8::Locker Lock(Isolate);
    v8::Isolate::Scope IsolateScope(Isolate);
    v8::HandleScope Scope(Isolate);
    v8::Local<v8::Context> Context = Isolate->GetCurrentContext();
    v8::Local<v8::Object> Global = Context->Global();
    (void)Global;
  });
  T.join();
}

// Without the Locker, the isolate itself is the finding (once).
void OwnHandlesUnlocked(v8::Isolate *Isolate) {
  std::thread T([Isolate] {
    v8::Local<v8::Context> Context = Isolate->GetCurrentContext();
    // CHECK: real-node.cpp:[[@LINE-1]]:38: warning: 'Isolate' ('v8::Isolate *') belongs to the thread that called 'OwnHandlesUnlocked' and is used here on a thread started at line [[@LINE-2]]; take a v8::Locker for the isolate on this thread first
    // CHECK: real-node.cpp:[[@LINE-3]]:15: note: 'std::thread' starts
    (void)Context->Global();
  });
  T.join();
}
