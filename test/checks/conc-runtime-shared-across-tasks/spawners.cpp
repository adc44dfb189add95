// The spawners of the model beyond std::thread: Qt, Boost.Asio thread pools,
// folly and oneTBB executors, QThread::run overrides; QuickJS and Duktape.
// RUN: %clang_tidy -checks='-*,conc-runtime-shared-across-tasks' %s -- -std=c++17 -nostdinc++ -isystem %mocks -isystem %mocks/runtime 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-runtime-shared-across-tasks' %s -- -std=c++17 -nostdinc++ -isystem %mocks -isystem %mocks/runtime 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <duktape.h>
#include <executors.h>
#include <jni.h>
#include <quickjs.h>
#include <thread>

void Qt(JNIEnv *env) {
  QtConcurrent::run([env] { env->FindClass("a"); });
  // CHECK: spawners.cpp:[[@LINE-1]]:29: warning: 'env' ('JNIEnv *'{{.*}}) belongs to the thread that called 'Qt' and is used here on a pool thread queued at line [[@LINE-1]]; attach
  // CHECK: spawners.cpp:[[@LINE-2]]:3: note: 'QtConcurrent::run' queues the task on a thread pool here
  QThreadPool::globalInstance()->start([env] { env->FindClass("b"); });
  // CHECK: spawners.cpp:[[@LINE-1]]:48: warning: 'env' ('JNIEnv *'{{.*}}) belongs to the thread that called 'Qt' and is used here on a pool thread queued at line [[@LINE-1]]; attach
  // CHECK: spawners.cpp:[[@LINE-2]]:3: note: 'QThreadPool::start' queues
}

void Asio(JNIEnv *env, boost::asio::thread_pool &Pool,
          boost::asio::io_context &Loop) {
  boost::asio::post(Pool, [env] { env->FindClass("a"); });
  // CHECK: spawners.cpp:[[@LINE-1]]:35: warning: 'env' ('JNIEnv *'{{.*}}) belongs to the thread that called 'Asio' and is used here on a pool thread queued at line [[@LINE-1]]; attach
  // CHECK: spawners.cpp:[[@LINE-2]]:3: note: 'boost::asio::post' queues
  // An io_context runs its handlers on whichever thread runs it (often the
  // owner's): no report.
  boost::asio::post(Loop, [env] { env->FindClass("b"); });
}

void Folly(JNIEnv *env, folly::CPUThreadPoolExecutor &Ex, tbb::task_group &G) {
  Ex.add([env] { env->FindClass("a"); });
  // CHECK: spawners.cpp:[[@LINE-1]]:18: warning: 'env' ('JNIEnv *'{{.*}}) belongs to the thread that called 'Folly' and is used here on a pool thread queued at line [[@LINE-1]]; attach
  // CHECK: spawners.cpp:[[@LINE-2]]:3: note: 'folly::CPUThreadPoolExecutor::add' queues
  G.run([env] { env->FindClass("b"); });
  // CHECK: spawners.cpp:[[@LINE-1]]:17: warning: 'env' ('JNIEnv *'{{.*}}) belongs to the thread that called 'Folly' and is used here on a pool thread queued at line [[@LINE-1]]; attach
  // CHECK: spawners.cpp:[[@LINE-2]]:3: note: 'tbb::task_group::run' queues
  G.wait();
}

class Loader : public QThread {
public:
  explicit Loader(JNIEnv *Env) : Env(Env) {}

protected:
  void run() override { Env->FindClass("a"); }
  // CHECK: spawners.cpp:[[@LINE-1]]:25: warning: 'Env' ('JNIEnv *'{{.*}}) belongs to the thread that created the 'Loader' and is used here on another thread; attach
  // CHECK: spawners.cpp:[[@LINE-2]]:8: note: 'run' overrides 'QThread::run', which runs on another thread

private:
  JNIEnv *Env;
};

// QuickJS and Duktape contexts: owned by one thread at a time.
void Quick(JSContext *Ctx, duk_context *Duk) {
  std::thread T([Ctx] { JS_Eval(Ctx, "1", 1, "<eval>", 0); });
  // CHECK: spawners.cpp:[[@LINE-1]]:33: warning: 'Ctx' ('JSContext *'{{.*}}) is used here on a thread started at line [[@LINE-1]] while the thread that called 'Quick' keeps using it; a JSRuntime and its contexts must stay on one thread: create one runtime per thread
  // CHECK: spawners.cpp:[[@LINE-2]]:15: note: 'std::thread' starts
  // CHECK: spawners.cpp:[[@LINE+1]]:11: note: the thread that started the task uses 'Ctx' here
  JS_Eval(Ctx, "2", 1, "<eval>", 0);
  std::thread U([Duk] { duk_eval_string(Duk, "1"); });
  // CHECK: spawners.cpp:[[@LINE-1]]:41: warning: 'Duk' ('duk_context *'{{.*}}) is used here on a thread started at line [[@LINE-1]] while the thread that called 'Quick' keeps using it; a Duktape heap must stay on one thread: create one heap per thread
  // CHECK: spawners.cpp:[[@LINE-2]]:15: note: 'std::thread' starts
  // CHECK: spawners.cpp:[[@LINE+1]]:19: note: the thread that started the task uses 'Duk' here
  duk_eval_string(Duk, "2");
  T.join();
  U.join();
}
