// N-API (C): napi_env and napi_value in the execute callback of
// napi_create_async_work, which runs on a libuv worker thread.
// RUN: %clang_tidy -checks='-*,conc-runtime-shared-across-tasks' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-runtime-shared-across-tasks' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <node_api.h>
#include <uv.h>

struct Work {
  napi_async_work Request;
  napi_ref Callback;
  napi_threadsafe_function Progress;
  int Input;
  int Output;
};

static void Execute(napi_env env, void *data) {
  Work *W = static_cast<Work *>(data);
  W->Output = W->Input * 2;
  napi_value Message;
  napi_create_string_utf8(env, "done", 4, &Message);
  // CHECK: napi-c.cpp:[[@LINE-1]]:27: warning: 'env' ('napi_env'{{.*}}) belongs to the thread that called 'Start' and is used here on a pool thread queued at line [[@LINE+20]]; touch JavaScript only on the main thread (the complete callback, OnOK) or call back through a threadsafe function (napi_threadsafe_function, Napi::ThreadSafeFunction) [conc-runtime-shared-across-tasks]
  // CHECK: napi-c.cpp:[[@LINE+19]]:3: note: 'napi_create_async_work' queues the task on a thread pool here
  napi_value Fn;
  napi_get_reference_value(env, W->Callback, &Fn);
  // CHECK: napi-c.cpp:[[@LINE-1]]:33: warning: 'W->Callback' ('napi_ref'{{.*}}) belongs to the thread that called 'Start' and is used here on a pool thread queued at line [[@LINE+16]]; touch
  // CHECK: napi-c.cpp:[[@LINE+15]]:3: note: 'napi_create_async_work'
  // The sanctioned bridge: no report.
  napi_call_threadsafe_function(W->Progress, nullptr, napi_tsfn_blocking);
}

// The complete callback runs on the main thread: no report.
static void Complete(napi_env env, napi_status, void *data) {
  Work *W = static_cast<Work *>(data);
  napi_value Fn, Result;
  napi_get_reference_value(env, W->Callback, &Fn);
  napi_call_function(env, Fn, Fn, 0, nullptr, &Result);
}

napi_value Start(napi_env env, napi_value Resource) {
  Work *W = new Work();
  napi_create_async_work(env, Resource, Resource, Execute, Complete, W,
                         &W->Request);
  napi_queue_async_work(env, W->Request);
  return nullptr;
}

// A captureless lambda as the execute callback.
napi_value StartLambda(napi_env env, napi_value Resource) {
  Work *W = new Work();
  napi_create_async_work(
      env, Resource, Resource,
      [](napi_env env, void *data) {
        napi_throw_error(env, nullptr, "failed");
        // CHECK: napi-c.cpp:[[@LINE-1]]:26: warning: 'env' ('napi_env'{{.*}}) belongs to the thread that called 'StartLambda' and is used here on a pool thread queued at line [[@LINE-4]]; touch
        // CHECK: napi-c.cpp:[[@LINE-5]]:3: note: 'napi_create_async_work'
      },
      [](napi_env env, napi_status, void *) {
        napi_throw_error(env, nullptr, "failed");
      },
      W, &W->Request);
  return nullptr;
}

// uv_queue_work: the work callback runs on the pool, the after callback on
// the loop's thread.
static napi_env SavedEnv;
static void OnPool(uv_work_t *Req) {
  napi_value V;
  napi_create_string_utf8(SavedEnv, "x", 1, &V);
  // CHECK: napi-c.cpp:[[@LINE-1]]:27: warning: 'SavedEnv' ('napi_env'{{.*}}) belongs to the thread that set it and is used here on a pool thread queued at line [[@LINE+12]]; touch
  // CHECK: napi-c.cpp:[[@LINE+11]]:3: note: 'uv_queue_work'
  uv_async_send(static_cast<uv_async_t *>(Req->data));
}
static void AfterPool(uv_work_t *, int) {
  napi_value V;
  napi_create_string_utf8(SavedEnv, "x", 1, &V);
}

napi_value Schedule(napi_env env) {
  SavedEnv = env;
  static uv_work_t Req;
  uv_queue_work(uv_default_loop(), &Req, OnPool, AfterPool);
  return nullptr;
}

// An env that the execute callback only carries, without calling napi_*:
// no report.
static void Carry(napi_env env, void *data) {
  Work *W = static_cast<Work *>(data);
  W->Output = env != nullptr;
}
napi_value StartCarry(napi_env env, napi_value R) {
  Work *W = new Work();
  napi_create_async_work(env, R, R, Carry, Complete, W, &W->Request);
  return nullptr;
}

// An execute callback that hands the env to a parameter its callee never
// reads (node-addon-api's OnExecute(Napi::Env /*DO_NOT_USE*/)): no report.
static void onExecute(napi_env /*DO_NOT_USE*/) {}
static void Forward(napi_env env, void *) { onExecute(env); }
napi_value StartForward(napi_env env, napi_value R) {
  Work *W = new Work();
  napi_create_async_work(env, R, R, Forward, Complete, W, &W->Request);
  return nullptr;
}
