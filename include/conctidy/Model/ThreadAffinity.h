//===--- ThreadAffinity.h - Runtimes bound to the thread that made them -*- C++
//-*-===//
//
// The thread-affinity model: which objects of embedded or extended language
// runtimes (JNI, N-API, V8, Lua, CPython, QuickJS, Duktape) and of GUI
// toolkits (Qt's widgets and pixmaps) may be used only
// on the thread that created them, which guards make another thread's use
// legal, and which APIs are the sanctioned bridges between threads. Every
// rule is one row of one table in ThreadAffinity.cpp.
//
// Names are fully qualified with a leading "::", like ConcurrencyModel.h.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_MODEL_THREADAFFINITY_H
#define CONCTIDY_MODEL_THREADAFFINITY_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace conctidy {
namespace model {

/// What another thread may do with a runtime's objects.
enum class Affinity {
  /// Bound to its thread: any use on another thread is a bug (JNIEnv*,
  /// napi_env, v8::Local).
  Bound,
  /// Usable from another thread inside the runtime's guard (v8::Locker, the
  /// Python GIL).
  Guarded,
  /// Usable by one thread at a time with no guard: handing it over is fine,
  /// driving it from two threads is not (lua_State, JSContext).
  Owned,
};

/// One language runtime: how its objects behave across threads, and what
/// to tell the user.
struct Runtime {
  llvm::StringRef Name; ///< "JNI", "N-API", ...
  Affinity Kind;
  /// Functions whose arguments of this runtime's types count as uses:
  /// qualified-name prefixes ("napi_", "::v8::", "Py"). Member calls,
  /// dereferences and member accesses always count.
  llvm::StringRef ApiPrefixes; ///< ';'-separated
  /// The advice that ends the message, in clang-tidy's voice.
  llvm::StringRef Advice;
  /// The name of the capability its guards take (a pseudo-lock of the
  /// lock-set analysis, "GIL"); empty when it has no guard.
  llvm::StringRef Capability = "";
  /// The members a program's subclass adds are its own (a QWidget
  /// subclass's fields and methods): only the runtime's members, declared in
  /// its headers, use the object.
  bool SubclassMembersAreNative = false;
};

/// A type whose objects belong to a runtime. Matched through typedefs, on
/// the type itself or what a pointer or reference to it points to.
struct ThreadAffineType {
  llvm::StringRef QualifiedName;
  llvm::StringRef Runtime;
  /// Classes derived from this one are thread-affine too (Napi::Value).
  bool Subclasses;
};

/// A class that derives from a thread-affine type but whose subclasses are
/// native objects: their own fields may be used on any thread (a
/// Napi::ObjectWrap subclass's sqlite3 handle). Its thread-affine members
/// (`Value()`, `Env()`) are still reported, through their result types.
struct NativeWrapper {
  llvm::StringRef QualifiedName;
};

/// What a guard does.
enum class AffinityGuardForm {
  ScopedAcquire, ///< A variable of this type holds the guard for its scope.
  ScopedRelease, ///< A variable of this type drops the guard for its scope.
  CallAcquire,   ///< Calling this function takes the guard.
  CallRelease,   ///< Calling this function drops the guard.
};

/// Makes a Guarded runtime's objects usable on the current thread. The
/// lock-set analysis (LockSet.h) holds the runtime's capability per path
/// from an acquire to the release.
struct AffinityGuard {
  llvm::StringRef QualifiedName;
  llvm::StringRef Runtime;
  AffinityGuardForm Form;
  /// The constructor argument naming the object the guard is for
  /// (`v8::Locker Lock(Isolate)`: 0), whose capability it takes or drops
  /// alone; -1 when the guard is one per runtime (the GIL).
  int ObjectArgument = -1;
};

/// A sanctioned way to reach a runtime from another thread. Arguments of a
/// bridge call are never uses, and a lambda given to one runs on the
/// runtime's own thread.
struct Bridge {
  llvm::StringRef QualifiedName; ///< A function, member function or type.
  llvm::StringRef Runtime;
  /// When not empty: the call is a bridge only when an argument points to
  /// an object of this class or a subclass (QTimer::singleShot with a
  /// context object; without one, the functor runs on the calling thread).
  llvm::StringRef NeedsContextOf = "";
  /// When not empty: an argument naming this enumerator makes the call run
  /// on the calling thread, so it is no bridge (Qt::DirectConnection).
  llvm::StringRef UnlessArgument = "";
};

/// A connection of a callable to a signal of an object (`connect(sender,
/// &S::sig, functor)`) with no context object: the callable runs on the
/// thread that emits, the sender's thread once it is moved to another one.
struct DirectConnection {
  llvm::StringRef QualifiedName;
  unsigned NumArgs;   ///< The overload with no context object.
  unsigned SenderArg; ///< The object whose signal it is.
  unsigned CallableArg;
};

/// A call that moves an object to another thread (QObject::moveToThread).
struct ThreadMover {
  llvm::StringRef QualifiedName;
};

/// A thread class whose signals are emitted on the thread it starts: its
/// own (QThread::started, finished), and those that a subclass's override
/// of the run method emits. A callable connected to one without a context
/// object runs on that thread.
struct SignalingThread {
  llvm::StringRef QualifiedName;
  llvm::StringRef RunMethod;
  /// Its own signals emitted on the new thread, ';'-separated.
  llvm::StringRef OwnSignals;
};

/// The runtime that user options and the annotation name.
constexpr llvm::StringLiteral UserRuntimeName = "user";
/// `[[clang::annotate("conc::thread_affine")]]` on a class.
constexpr llvm::StringLiteral ThreadAffineAnnotation = "conc::thread_affine";

llvm::ArrayRef<Runtime> runtimes();
llvm::ArrayRef<ThreadAffineType> threadAffineTypes();
llvm::ArrayRef<AffinityGuard> affinityGuards();
llvm::ArrayRef<Bridge> bridges();
llvm::ArrayRef<NativeWrapper> nativeWrappers();
llvm::ArrayRef<DirectConnection> directConnections();
llvm::ArrayRef<ThreadMover> threadMovers();
llvm::ArrayRef<SignalingThread> signalingThreads();
const DirectConnection *findDirectConnection(llvm::StringRef QualifiedName);
const ThreadMover *findThreadMover(llvm::StringRef QualifiedName);

const Runtime *findRuntime(llvm::StringRef Name);
/// Looks up by qualified name ("::JNIEnv" or "JNIEnv").
const ThreadAffineType *findThreadAffineType(llvm::StringRef QualifiedName);
const AffinityGuard *findAffinityGuard(llvm::StringRef QualifiedName);
const Bridge *findBridge(llvm::StringRef QualifiedName);
/// The capability a guard takes or drops: its runtime's Capability.
llvm::StringRef capabilityOf(const AffinityGuard &G);
/// Whether \p Name (qualified, without "::") is a call of a Guarded
/// runtime's API that needs no guard (PyGILState_Check, PyMem_RawMalloc).
bool isGuardFreeCall(llvm::StringRef Name);
const NativeWrapper *findNativeWrapper(llvm::StringRef QualifiedName);

} // namespace model
} // namespace conctidy

#endif // CONCTIDY_MODEL_THREADAFFINITY_H
