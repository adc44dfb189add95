//===--- ThreadAffinity.h - Runtimes bound to the thread that made them -*- C++
//-*-===//
//
// The thread-affinity model: which objects of embedded or extended language
// runtimes (JNI, N-API, V8, Lua, CPython, QuickJS, Duktape) may be used only
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

/// Makes a Guarded runtime's objects usable on the current thread.
struct AffinityGuard {
  llvm::StringRef QualifiedName;
  llvm::StringRef Runtime;
  AffinityGuardForm Form;
};

/// A sanctioned way to reach a runtime from another thread. Arguments of a
/// bridge call are never uses, and a lambda given to one runs on the
/// runtime's own thread.
struct Bridge {
  llvm::StringRef QualifiedName; ///< A function, member function or type.
  llvm::StringRef Runtime;
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

const Runtime *findRuntime(llvm::StringRef Name);
/// Looks up by qualified name ("::JNIEnv" or "JNIEnv").
const ThreadAffineType *findThreadAffineType(llvm::StringRef QualifiedName);
const AffinityGuard *findAffinityGuard(llvm::StringRef QualifiedName);
const Bridge *findBridge(llvm::StringRef QualifiedName);
const NativeWrapper *findNativeWrapper(llvm::StringRef QualifiedName);

} // namespace model
} // namespace conctidy

#endif // CONCTIDY_MODEL_THREADAFFINITY_H
