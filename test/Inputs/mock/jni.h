// Minimal stand-in for the JDK's <jni.h> (C++ flavour).
#pragma once
typedef int jint;
typedef struct _jobject *jobject;
typedef struct _jclass *jclass;
typedef struct _jmethodID *jmethodID;
typedef struct _jstring *jstring;
#define JNI_OK 0
#define JNI_VERSION_1_6 0x00010006
#define JNIEXPORT
#define JNICALL
struct JNIEnv_ {
  jclass FindClass(const char *name);
  jmethodID GetMethodID(jclass c, const char *name, const char *sig);
  void CallVoidMethod(jobject o, jmethodID m, ...);
  jstring NewStringUTF(const char *s);
  jobject NewGlobalRef(jobject o);
};
typedef JNIEnv_ JNIEnv;
struct JavaVM_ {
  jint AttachCurrentThread(void **penv, void *args);
  jint DetachCurrentThread();
  jint GetEnv(void **penv, jint version);
};
typedef JavaVM_ JavaVM;
