// Against Node's real <node_api.h>: a task that makes a virtual call runs
// any overrider the translation unit sees (@parcel/watcher's
// PromiseRunner::onExecute calls the runners' execute() on the pool).
// REQUIRES: node-headers
// RUN: %clang_tidy -checks='-*,conc-runtime-shared-across-tasks' %s -- -std=c++17 %node_includes 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error|note}}:'
// RUN: not %conctidy --checks='-*,conc-runtime-shared-across-tasks' %s -- -std=c++17 %node_includes 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error|note}}:'

#include <node_api.h>

struct Runner {
  virtual ~Runner() = default;
  virtual void execute(napi_env Env) = 0;
  napi_async_work Work;

  static void onExecute(napi_env Env, void *Data) {
    static_cast<Runner *>(Data)->execute(Env);
  }
  static void onComplete(napi_env, napi_status, void *) {}
  void queue(napi_env Env) {
    napi_value Name;
    napi_create_string_utf8(Env, "runner", NAPI_AUTO_LENGTH, &Name);
    napi_create_async_work(Env, nullptr, Name, onExecute, onComplete, this,
                           &Work);
    napi_queue_async_work(Env, Work);
  }
};

struct Subscribe : Runner {
  void execute(napi_env Env) override {
    napi_value Undefined;
    napi_get_undefined(Env, &Undefined);
    // CHECK: real-node-virtual.cpp:[[@LINE-1]]:24: warning: 'Env' ('napi_env'{{.*}}) belongs to the thread that called 'queue' and is used here on a pool thread queued at line 24; touch JavaScript only on the main thread
    // CHECK: real-node-virtual.cpp:18:5: note: the task calls 'execute' here, which may run 'Subscribe::execute'
    // CHECK: real-node-virtual.cpp:24:5: note: 'napi_create_async_work' queues the task on a thread pool here
  }
};

// An overrider that does not touch JavaScript: nothing to say of it.
struct Unsubscribe : Runner {
  int Done = 0;
  void execute(napi_env) override { Done = 1; }
};

// A call that runs one function: on a class no other overrides, and a
// qualified call. The sibling overrider that uses the env is not reached
// (without 'Job::' it is: LoudJob's run() may run on the pool).
struct Job {
  virtual ~Job() = default;
  virtual void run(napi_env Env) {}
  napi_async_work Work;
};

struct QuietJob final : Job {
  void run(napi_env) override {}
};

struct LoudJob : Job {
  void run(napi_env Env) override {
    napi_value Undefined;
    napi_get_undefined(Env, &Undefined);
  }
};

static void quietExecute(napi_env Env, void *Data) {
  static_cast<QuietJob *>(Data)->run(Env);
  static_cast<Job *>(Data)->Job::run(Env);
}
static void quietComplete(napi_env, napi_status, void *) {}

void startQuiet(napi_env Env, QuietJob *J) {
  napi_value Name;
  napi_create_string_utf8(Env, "quiet", NAPI_AUTO_LENGTH, &Name);
  napi_create_async_work(Env, nullptr, Name, quietExecute, quietComplete, J,
                         &J->Work);
  napi_queue_async_work(Env, J->Work);
}

// LoudJob's run() on the main thread (the complete callback): no report.
static void loudComplete(napi_env Env, napi_status, void *Data) {
  static_cast<Job *>(Data)->run(Env);
}
static void loudExecute(napi_env, void *) {}

void startLoud(napi_env Env, LoudJob *J) {
  napi_value Name;
  napi_create_string_utf8(Env, "loud", NAPI_AUTO_LENGTH, &Name);
  napi_create_async_work(Env, nullptr, Name, loudExecute, loudComplete, J,
                         &J->Work);
  napi_queue_async_work(Env, J->Work);
}
