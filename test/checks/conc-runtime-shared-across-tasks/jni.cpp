// JNIEnv* is bound to its thread: any use on another thread is a bug,
// unless the task attaches its own thread.
// RUN: %clang_tidy -checks='-*,conc-runtime-shared-across-tasks' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-runtime-shared-across-tasks' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <jni.h>
#include <thread>

extern "C" JNIEXPORT void JNICALL
Java_com_example_Downloader_start(JNIEnv *env, jobject self) {
  std::thread worker([env, self] {
    jclass c = env->FindClass("com/example/Downloader");
    // CHECK: jni.cpp:[[@LINE-1]]:16: warning: 'env' ('JNIEnv *' (aka 'JNIEnv_ *')) belongs to the thread that called 'Java_com_example_Downloader_start' and is used here on a thread started at line 13; attach this thread with JavaVM::AttachCurrentThread instead [conc-runtime-shared-across-tasks]
    // CHECK: jni.cpp:13:15: note: 'std::thread' starts the task on a new thread here
    env->CallVoidMethod(self, env->GetMethodID(c, "done", "()V"));
  });
  worker.detach();
}

// Passed as an argument to the thread function.
static void notify(JNIEnv *env, jobject target) {
  env->CallVoidMethod(target, nullptr);
  // CHECK: jni.cpp:[[@LINE-1]]:3: warning: 'env' ('JNIEnv *' (aka 'JNIEnv_ *')) belongs to the thread that called 'Java_com_example_Downloader_notifyLater' and is used here on a thread started at line [[@LINE+6]]; attach
  // CHECK: jni.cpp:[[@LINE+5]]:15: note: 'std::thread' starts the task
}

extern "C" JNIEXPORT void JNICALL
Java_com_example_Downloader_notifyLater(JNIEnv *env, jobject self) {
  std::thread t(notify, env, self);
  t.detach();
}

// Reached through a captured struct's field, and in a function the task
// calls.
struct Callback {
  JNIEnv *Env;
  jobject Target;
};

static void fire(const Callback &C) {
  C.Env->CallVoidMethod(C.Target, nullptr);
  // CHECK: jni.cpp:[[@LINE-1]]:3: warning: 'C.Env' ('JNIEnv *' (aka 'JNIEnv_ *')) belongs to the thread that called 'Java_com_example_Downloader_later' and is used here on a thread started at line [[@LINE+8]]; attach
  // CHECK: jni.cpp:[[@LINE+7]]:24: note: the task calls 'fire' here
  // CHECK: jni.cpp:[[@LINE+6]]:15: note: 'std::thread' starts the task
}

extern "C" JNIEXPORT void JNICALL
Java_com_example_Downloader_later(JNIEnv *env, jobject self) {
  Callback Cb{env, self};
  std::thread t([Cb] { fire(Cb); });
  t.detach();
}

// A JNIEnv cached in a global at load time.
static JNIEnv *CachedEnv;
static JavaVM *TheVM;

extern "C" JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *) {
  TheVM = vm;
  vm->GetEnv(reinterpret_cast<void **>(&CachedEnv), JNI_VERSION_1_6);
  return JNI_VERSION_1_6;
}

void logFromWorker() {
  std::thread([] {
    CachedEnv->NewStringUTF("hello");
    // CHECK: jni.cpp:[[@LINE-1]]:5: warning: 'CachedEnv' ('JNIEnv *' (aka 'JNIEnv_ *')) belongs to the thread that set it and is used here on a thread started at line [[@LINE-2]]; attach
    // CHECK: jni.cpp:[[@LINE-3]]:3: note: 'std::thread' starts the task
  }).detach();
}

//===--- No report ---===//

// The task attaches its own thread and uses the env it gets.
extern "C" JNIEXPORT void JNICALL
Java_com_example_Downloader_attached(JNIEnv *env, jobject self) {
  JavaVM *vm = TheVM;
  jobject target = env->NewGlobalRef(self);
  std::thread([vm, target] {
    JNIEnv *threadEnv = nullptr;
    if (vm->GetEnv(reinterpret_cast<void **>(&threadEnv), JNI_VERSION_1_6) !=
        JNI_OK)
      vm->AttachCurrentThread(reinterpret_cast<void **>(&threadEnv), nullptr);
    threadEnv->CallVoidMethod(target, nullptr);
    vm->DetachCurrentThread();
  }).detach();
}

// A captured env re-bound on the new thread before its first use.
extern "C" JNIEXPORT void JNICALL
Java_com_example_Downloader_rebound(JNIEnv *env, jobject self) {
  std::thread([&env] {
    TheVM->AttachCurrentThread(reinterpret_cast<void **>(&env), nullptr);
    env->FindClass("java/lang/Object");
  }).join();
}

// Only compared, never called through.
extern "C" JNIEXPORT void JNICALL
Java_com_example_Downloader_compare(JNIEnv *env, jobject) {
  std::thread([env] {
    bool Same = env == nullptr;
    (void)Same;
  }).join();
}

// Used on the calling thread, by a lambda that is not a task.
template <class F> void now(F f) { f(); }
extern "C" JNIEXPORT void JNICALL
Java_com_example_Downloader_sync(JNIEnv *env, jobject) {
  auto Find = [env] { env->FindClass("java/lang/String"); };
  Find();
  now([env] { env->FindClass("java/lang/String"); });
}

// A thread-local cache is per thread.
static thread_local JNIEnv *LocalEnv;
void useLocal() {
  std::thread([] { LocalEnv->FindClass("x"); }).join();
}

// Templates are not analyzed.
template <class T> void inTemplate(JNIEnv *env, T) {
  std::thread([env] { env->FindClass("x"); }).join();
}
