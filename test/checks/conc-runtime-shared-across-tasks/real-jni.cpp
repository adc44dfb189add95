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
