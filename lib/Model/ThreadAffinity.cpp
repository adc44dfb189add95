//===--- ThreadAffinity.cpp - The tables of the thread-affinity model -----===//
//
// One table per kind of rule. To teach conctidy a new runtime, add a row to
// Runtimes, its types to ThreadAffineTypes, and its guards and bridges.
//
//===----------------------------------------------------------------------===//

#include "conctidy/Model/ThreadAffinity.h"
#include "conctidy/Model/Lookup.h"

namespace conctidy {
namespace model {

namespace {

using A = Affinity;

// The runtimes, what another thread may do with their objects, which calls
// use them, and the advice that ends each report.
const Runtime Runtimes[] = {
    {"JNI", A::Bound, "",
     "attach this thread with JavaVM::AttachCurrentThread instead",
     "JNI attachment"},
    {"N-API", A::Bound, "napi_;node_api_;::Napi::",
     "touch JavaScript only on the main thread (the complete callback, "
     "OnOK) or call back through a threadsafe function "
     "(napi_threadsafe_function, Napi::ThreadSafeFunction)"},
    {"V8 handle", A::Bound, "::v8::;::Nan::;::node::",
     "keep a v8::Global instead and make a new handle under a v8::Locker on "
     "this thread"},
    {"V8 isolate", A::Guarded, "::v8::;::Nan::;::node::",
     "take a v8::Locker for the isolate on this thread first", "v8::Locker"},
    {"Python", A::Guarded, "Py;_Py;::pybind11::",
     "take the GIL on this thread first (PyGILState_Ensure, or "
     "pybind11::gil_scoped_acquire)",
     "GIL"},
    {"Lua", A::Owned, "lua",
     "a lua_State must be driven by one thread: create one state per thread"},
    {"QuickJS", A::Owned, "JS_",
     "a JSRuntime and its contexts must stay on one thread: create one "
     "runtime per thread"},
    {"Duktape", A::Owned, "duk_",
     "a Duktape heap must stay on one thread: create one heap per thread"},
    // Qt's widgets and pixmaps belong to the GUI thread (Qt 5's "Threads
    // and QObjects": QWidget and its subclasses are not reentrant; QPixmap
    // is GUI-thread only). Passing one to Qt's API is a use.
    {"Qt GUI", A::Bound, "Q",
     "hand the work to the GUI thread: emit a signal, call "
     "QMetaObject::invokeMethod with Qt::QueuedConnection, or give connect "
     "and QTimer::singleShot a context object",
     "", true},
    {UserRuntimeName, A::Bound, "",
     "use it only on the thread that created it, or hand the work back to "
     "that thread",
     "user guard"},
};

// Types of the runtimes' objects. C handles are listed by their typedef and
// their struct, so that either spelling matches.
const ThreadAffineType ThreadAffineTypes[] = {
    // JNI: C++ (`struct JNIEnv_`) and C (`const struct JNINativeInterface_ *`).
    {"::JNIEnv", "JNI", false},
    {"::JNIEnv_", "JNI", false},
    {"::JNINativeInterface_", "JNI", false},
    // N-API (C): valid only in the call that received them.
    {"::napi_env", "N-API", false},
    {"::napi_env__", "N-API", false},
    {"::napi_value", "N-API", false},
    {"::napi_value__", "N-API", false},
    {"::napi_ref", "N-API", false},
    {"::napi_ref__", "N-API", false},
    {"::napi_handle_scope", "N-API", false},
    {"::napi_handle_scope__", "N-API", false},
    {"::napi_deferred", "N-API", false},
    {"::napi_deferred__", "N-API", false},
    // node-addon-api (C++).
    {"::Napi::Env", "N-API", false},
    {"::Napi::Value", "N-API", true},
    {"::Napi::Reference", "N-API", true},
    {"::Napi::HandleScope", "N-API", false},
    {"::Napi::CallbackInfo", "N-API", false},
    // V8.
    {"::v8::Local", "V8 handle", false},
    {"::v8::MaybeLocal", "V8 handle", false},
    {"::v8::HandleScope", "V8 handle", false},
    {"::v8::FunctionCallbackInfo", "V8 handle", false},
    {"::Nan::FunctionCallbackInfo", "V8 handle", false},
    {"::v8::Isolate", "V8 isolate", false},
    // CPython and pybind11.
    {"::PyObject", "Python", false},
    {"::_object", "Python", false},
    {"::pybind11::handle", "Python", true},
    // Qt: widgets (and every subclass, QMainWindow, QLabel, ...) and
    // pixmaps. QImage is reentrant and not here.
    {"::QWidget", "Qt GUI", true},
    {"::QPixmap", "Qt GUI", false},
    {"::QBitmap", "Qt GUI", false},
    {"::QCursor", "Qt GUI", false},
    // Lua, QuickJS, Duktape.
    {"::lua_State", "Lua", false},
    {"::JSContext", "QuickJS", false},
    {"::JSRuntime", "QuickJS", false},
    {"::duk_context", "Duktape", false},
    {"::duk_hthread", "Duktape", false},
};

// Wrappers of native objects: not thread-affine, nor are their subclasses.
const NativeWrapper NativeWrappers[] = {
    {"::Napi::ObjectWrap"},
    {"::Nan::ObjectWrap"},
    {"::node::ObjectWrap"},
};

using GF = AffinityGuardForm;

// Guards of the Guarded runtimes.
const AffinityGuard AffinityGuards[] = {
    // One per isolate: v8::Locker(Isolate *), v8::Unlocker(Isolate *).
    {"::v8::Locker", "V8 isolate", GF::ScopedAcquire, 0},
    {"::v8::Unlocker", "V8 isolate", GF::ScopedRelease, 0},
    {"::PyGILState_Ensure", "Python", GF::CallAcquire},
    {"::PyGILState_Release", "Python", GF::CallRelease},
    {"::PyEval_RestoreThread", "Python", GF::CallAcquire},
    {"::PyEval_SaveThread", "Python", GF::CallRelease},
    {"::PyEval_AcquireThread", "Python", GF::CallAcquire},
    {"::PyEval_ReleaseThread", "Python", GF::CallRelease},
    {"::pybind11::gil_scoped_acquire", "Python", GF::ScopedAcquire},
    {"::pybind11::gil_scoped_release", "Python", GF::ScopedRelease},
    // Py_BEGIN_ALLOW_THREADS, Py_UNBLOCK_THREADS: PyEval_SaveThread;
    // Py_END_ALLOW_THREADS, Py_BLOCK_THREADS: PyEval_RestoreThread.
    // JNI: a thread attached to the VM (its own JNIEnv comes with it).
    {"::JavaVM_::AttachCurrentThread", "JNI", GF::CallAcquire},
    {"::JavaVM_::AttachCurrentThreadAsDaemon", "JNI", GF::CallAcquire},
    {"::JavaVM_::DetachCurrentThread", "JNI", GF::CallRelease},
};

// Calls of a Guarded runtime's API that are legal without its guard
// (qualified-name prefixes): CPython's thread-state, raw-memory and
// initialization functions.
const llvm::StringLiteral GuardFreeCalls[] = {
    "PyGILState_",
    "PyEval_RestoreThread",
    "PyEval_AcquireThread",
    "PyEval_SaveThread",
    "PyMem_Raw",
    "PyThread_",
    "Py_IsInitialized",
    "Py_DecodeLocale",
    "Py_EncodeLocale",
    "PyOS_AfterFork",
    "v8::Locker",
    "v8::Unlocker",
    "v8::Isolate::GetCurrent",
    "v8::Locker::IsLocked",
};

// The sanctioned bridges: never reported, and a lambda given to one runs on
// the runtime's thread.
const Bridge Bridges[] = {
    {"::napi_threadsafe_function", "N-API"},
    {"::napi_call_threadsafe_function", "N-API"},
    {"::napi_acquire_threadsafe_function", "N-API"},
    {"::napi_release_threadsafe_function", "N-API"},
    {"::Napi::ThreadSafeFunction", "N-API"},
    {"::Napi::ThreadSafeFunction::BlockingCall", "N-API"},
    {"::Napi::ThreadSafeFunction::NonBlockingCall", "N-API"},
    {"::Napi::TypedThreadSafeFunction::BlockingCall", "N-API"},
    {"::Napi::TypedThreadSafeFunction::NonBlockingCall", "N-API"},
    {"::uv_async_send", "N-API"},
    {"::JavaVM", "JNI"},
    {"::JavaVM_::AttachCurrentThread", "JNI"},
    {"::JavaVM_::AttachCurrentThreadAsDaemon", "JNI"},
    {"::JavaVM_::GetEnv", "JNI"},
    {"::JavaVM_::DetachCurrentThread", "JNI"},
    // Qt: queued calls and events run on the receiver's thread; a signal
    // emitted from another thread reaches GUI-thread receivers queued (an
    // auto connection); connect itself is thread-safe.
    {"::QMetaObject::invokeMethod", "Qt GUI", "", "::Qt::DirectConnection"},
    {"::QMetaObject::activate", "Qt GUI"},
    {"::QTimer::singleShot", "Qt GUI", "::QObject"},
    {"::QCoreApplication::postEvent", "Qt GUI"},
    {"::QObject::deleteLater", "Qt GUI"},
    {"::QObject::connect", "Qt GUI"},
    {"::QObject::disconnect", "Qt GUI"},
};

// Connections without a context object.
const DirectConnection DirectConnections[] = {
    {"::QObject::connect", 3, 0, 2},
};

const ThreadMover ThreadMovers[] = {
    {"::QObject::moveToThread"},
};

// Qt 5's QThread: "started" and "finished" are emitted from the new thread
// (qthread.cpp, QThreadPrivate::start and finish), and so is every signal
// run() emits.
const SignalingThread SignalingThreads[] = {
    {"::QThread", "run", "started;finished"},
};

} // namespace

llvm::ArrayRef<Runtime> runtimes() { return Runtimes; }
llvm::ArrayRef<ThreadAffineType> threadAffineTypes() {
  return ThreadAffineTypes;
}
llvm::ArrayRef<AffinityGuard> affinityGuards() { return AffinityGuards; }
llvm::ArrayRef<Bridge> bridges() { return Bridges; }
llvm::ArrayRef<NativeWrapper> nativeWrappers() { return NativeWrappers; }
llvm::ArrayRef<DirectConnection> directConnections() {
  return DirectConnections;
}
llvm::ArrayRef<ThreadMover> threadMovers() { return ThreadMovers; }
llvm::ArrayRef<SignalingThread> signalingThreads() { return SignalingThreads; }

const DirectConnection *findDirectConnection(llvm::StringRef QualifiedName) {
  return findByQualifiedName(directConnections(), QualifiedName);
}

const ThreadMover *findThreadMover(llvm::StringRef QualifiedName) {
  return findByQualifiedName(threadMovers(), QualifiedName);
}

const Runtime *findRuntime(llvm::StringRef Name) {
  return findByName(runtimes(), Name);
}

const ThreadAffineType *findThreadAffineType(llvm::StringRef QualifiedName) {
  return findByQualifiedName(threadAffineTypes(), QualifiedName);
}

const AffinityGuard *findAffinityGuard(llvm::StringRef QualifiedName) {
  return findByQualifiedName(affinityGuards(), QualifiedName);
}

const Bridge *findBridge(llvm::StringRef QualifiedName) {
  return findByQualifiedName(bridges(), QualifiedName);
}

llvm::StringRef capabilityOf(const AffinityGuard &G) {
  const Runtime *R = findRuntime(G.Runtime);
  return R && !R->Capability.empty() ? R->Capability : G.Runtime;
}

bool isGuardFreeCall(llvm::StringRef Name) {
  Name.consume_front("::");
  for (llvm::StringRef P : GuardFreeCalls)
    if (Name.starts_with(P))
      return true;
  return false;
}

const NativeWrapper *findNativeWrapper(llvm::StringRef QualifiedName) {
  return findByQualifiedName(nativeWrappers(), QualifiedName);
}

} // namespace model
} // namespace conctidy
