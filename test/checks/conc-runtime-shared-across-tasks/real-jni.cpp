// Against the JDK's real <jni.h> and libstdc++.
// REQUIRES: jni-headers
// RUN: %clang_tidy -checks='-*,conc-runtime-shared-across-tasks' %s -- -std=c++17 %jni_includes 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-runtime-shared-across-tasks' %s -- -std=c++17 %jni_includes 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <jni.h>
#include <thread>

static JavaVM *TheVM;

extern "C" JNIEXPORT void JNICALL
Java_com_example_Downloader_start(JNIEnv *env, jobject self) {
  jobject target = env->NewGlobalRef(self);
  std::thread worker([env, target] {
    jclass c = env->GetObjectClass(target);
    // CHECK: real-jni.cpp:[[@LINE-1]]:16: warning: 'env' ('JNIEnv *'{{.*}}) belongs to the thread that called 'Java_com_example_Downloader_start' and is used here on a thread started at line [[@LINE-2]]; attach this thread with JavaVM::AttachCurrentThread instead [conc-runtime-shared-across-tasks]
    // CHECK: real-jni.cpp:[[@LINE-3]]:15: note: 'std::thread' starts the task on a new thread here
    (void)c;
  });
  worker.detach();
}

// The attached env: no report.
extern "C" JNIEXPORT void JNICALL
Java_com_example_Downloader_attached(JNIEnv *env, jobject self) {
  jobject target = env->NewGlobalRef(self);
  std::thread([target] {
    JNIEnv *threadEnv = nullptr;
    if (TheVM->GetEnv(reinterpret_cast<void **>(&threadEnv),
                      JNI_VERSION_1_6) != JNI_OK)
      TheVM->AttachCurrentThread(reinterpret_cast<void **>(&threadEnv),
                                 nullptr);
    jclass c = threadEnv->GetObjectClass(target);
    (void)c;
    threadEnv->DeleteGlobalRef(target);
    TheVM->DetachCurrentThread();
  }).detach();
}

// A JNIEnv cached at load time in a global, a static member and a field of
// a long-lived object, used by a function that a thread runs.
static JNIEnv *CachedEnv;
struct Bridge {
  static JNIEnv *StaticEnv;
  JNIEnv *Env = nullptr;
};
JNIEnv *Bridge::StaticEnv;
static Bridge *TheBridge;

extern "C" JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *) {
  TheVM = vm;
  vm->GetEnv(reinterpret_cast<void **>(&CachedEnv), JNI_VERSION_1_6);
  Bridge::StaticEnv = CachedEnv;
  TheBridge = new Bridge;
  TheBridge->Env = CachedEnv;
  return JNI_VERSION_1_6;
}

static void notifyJava(const char *Message) {
  CachedEnv->NewStringUTF(Message);
  // CHECK: real-jni.cpp:[[@LINE-1]]:3: warning: 'CachedEnv' ('JNIEnv *'{{.*}}) belongs to the thread that set it and is used here on a thread started at line [[@LINE+14]]; attach this thread with JavaVM::AttachCurrentThread instead
  // CHECK: real-jni.cpp:[[@LINE+13]]:20: note: the task calls 'notifyJava' here
  // CHECK: real-jni.cpp:[[@LINE+12]]:3: note: 'std::thread' starts the task on a new thread here
  Bridge::StaticEnv->ExceptionClear();
  // CHECK: real-jni.cpp:[[@LINE-1]]:3: warning: 'Bridge::StaticEnv' ('JNIEnv *'{{.*}}) belongs to the thread that set it and is used here on a thread started at line [[@LINE+10]]
  // CHECK: real-jni.cpp:[[@LINE+9]]:20: note: the task calls 'notifyJava' here
  // CHECK: real-jni.cpp:[[@LINE+8]]:3: note: 'std::thread' starts
  TheBridge->Env->ExceptionClear();
  // CHECK: real-jni.cpp:[[@LINE-1]]:3: warning: 'TheBridge->Env' ('JNIEnv *'{{.*}}) belongs to the thread that set it and is used here on a thread started at line [[@LINE+6]]
  // CHECK: real-jni.cpp:[[@LINE+5]]:20: note: the task calls 'notifyJava' here
  // CHECK: real-jni.cpp:[[@LINE+4]]:3: note: 'std::thread' starts
}

void startNotifier() {
  std::thread([] { notifyJava("tick"); }).detach();
}

// A thread_local cache is per thread: no report.
static thread_local JNIEnv *ThreadEnv;
static void notifyLocal() { ThreadEnv->ExceptionClear(); }
void startLocalNotifier() {
  std::thread([] { notifyLocal(); }).detach();
}
