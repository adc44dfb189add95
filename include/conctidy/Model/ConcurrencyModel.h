//===--- ConcurrencyModel.h - What concurrency APIs do ----------*- C++ -*-===//
//
// The model of the world's concurrency APIs, as data. Every rule about an
// API (which type is a thread handle, which call runs a callable on another
// thread, which type is a mutex and which member locks it) is one row of one
// table in ConcurrencyModel.cpp; the analyses and checks only query it.
//
// Names are fully qualified with a leading "::" (the form that
// clang::ast_matchers::hasAnyName() takes).
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_MODEL_CONCURRENCYMODEL_H
#define CONCTIDY_MODEL_CONCURRENCYMODEL_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <vector>

namespace conctidy {
namespace model {

//===----------------------------------------------------------------------===//
// Threads
//===----------------------------------------------------------------------===//

/// What the destructor of a thread handle does while the thread is joinable.
enum class JoinableDestruction {
  Terminates, ///< Calls std::terminate (std::thread).
  Joins,      ///< Requests stop and joins (std::jthread, boost::scoped_thread).
  Detaches,   ///< Detaches the thread (boost::thread before version 3).
};

/// A type that owns a thread of execution.
struct ThreadHandleType {
  llvm::StringRef QualifiedName;
  JoinableDestruction OnDestroy;
  /// When not empty, OnDestroy applies only if this macro is defined in the
  /// translation unit; otherwise the destructor detaches.
  llvm::StringRef OnlyIfMacro;
};

/// A member function of a thread handle, and what it does to the handle.
enum class HandleEffect {
  Join,   ///< Waits for the thread; the handle is no longer joinable.
  Detach, ///< Releases the thread; the handle is no longer joinable.
  Query,  ///< Reads the handle (joinable, get_id, ...); no change.
  Swap,   ///< Exchanges the thread with another handle.
};

struct ThreadHandleMember {
  llvm::StringRef Name;
  HandleEffect Effect;
};

/// A container whose elements it owns and destroys with itself.
struct OwningContainer {
  llvm::StringRef QualifiedName;
};

/// A member function of an owning container that adds an element built from
/// its arguments (so a thread added this way is joinable).
struct ContainerInsertion {
  llvm::StringRef Name;
};

/// Where a spawner runs the callable it is given.
enum class RunsOn {
  NewThread,      ///< Always on a new thread.
  MaybeNewThread, ///< On a new thread unless a policy says otherwise
                  ///< (std::async without std::launch::deferred).
  ThreadPool,     ///< On a thread of a pool or executor.
  Fiber,          ///< On a fiber or coroutine: concurrently with the caller,
                  ///< possibly on the caller's thread.
};

enum class SpawnerKind {
  Constructor,    ///< Constructing the named type starts the callable.
  FreeFunction,   ///< Calling the named function starts the callable.
  MemberFunction, ///< Calling the named member function starts the callable.
  Override,       ///< A method overriding the named virtual method runs on
                  ///< another thread (Napi::AsyncWorker::Execute); the
                  ///< callable and data indexes do not apply.
};

constexpr int AnyCallableArg = -1;
constexpr int ForwardsRest = -1;
constexpr int NoData = -2;

/// An API that runs a callable concurrently with its caller.
struct Spawner {
  SpawnerKind Kind;
  /// The type (constructors), function, or member function ("::T::f").
  llvm::StringRef QualifiedName;
  /// Index of the callable argument; AnyCallableArg: the first argument whose
  /// type is callable (std::async takes an optional launch policy first).
  int CallableArg;
  RunsOn Where;
  /// Which arguments reach the callable: ForwardsRest (every argument after
  /// the callable, std::thread), NoData, or the index of the one argument
  /// passed to it (pthread_create's `void *arg`).
  int DataArg = ForwardsRest;
  /// The spawner returns a future whose destructor waits for the callable
  /// to finish (std::async).
  bool ResultWaits = false;
  /// When not empty, the row applies only when the first argument's type is
  /// this class or nested in it (boost::asio::post to a thread_pool or its
  /// executor); otherwise the call is not this row's spawn.
  llvm::StringRef OnlyIfFirstArgType = "";
};

//===----------------------------------------------------------------------===//
// Locks
//===----------------------------------------------------------------------===//

enum class LockMode { Exclusive, Shared };

/// A lockable type.
struct MutexType {
  llvm::StringRef QualifiedName;
  bool HasSharedMode;
  bool Recursive;
};

enum class LockEffect {
  Acquire,    ///< Blocks until the lock is held.
  TryAcquire, ///< Holds the lock iff the result says success.
  Release,
};

/// What a member function of a lockable type (or of a movable guard) does.
struct LockMember {
  llvm::StringRef Name;
  LockEffect Effect;
  LockMode Mode;
};

/// A member function name that, on a class of the project's own, says the
/// member locks or unlocks its object: a class with an acquiring and a
/// releasing one whose bodies do so is a lockable (by their names alone
/// when the bodies are not visible).
using LockSpelling = LockMember;

/// A free function that locks or unlocks the mutex(es) it is given.
struct LockFunction {
  llvm::StringRef QualifiedName;
  LockEffect Effect;
  LockMode Mode;
  /// Index of the mutex argument; AllArgs: every argument (std::lock).
  int MutexArg;
  /// For TryAcquire: the result means success when it is zero (pthread).
  bool SuccessIsZero;
};
constexpr int AllArgs = -1;

/// A scoped guard type: locks in its constructor, unlocks in its destructor.
struct GuardType {
  llvm::StringRef QualifiedName;
  LockMode Mode;
  /// Locks every mutex argument (std::scoped_lock) rather than the first.
  bool LocksAllArgs;
  /// Can be unlocked, relocked, released and moved (std::unique_lock).
  bool Movable;
};

/// Tag types passed to a guard's constructor, and what they mean.
enum class GuardTag {
  DeferLock, ///< Does not lock.
  TryToLock, ///< Locks iff owns_lock() says so.
  AdoptLock, ///< The mutex is already held by the caller.
};

struct GuardTagType {
  llvm::StringRef QualifiedName;
  GuardTag Tag;
};

//===----------------------------------------------------------------------===//
// Shared containers
//===----------------------------------------------------------------------===//

/// A container whose concurrent modification corrupts it (rehashing,
/// rebalancing, reallocation).
struct SharedContainer {
  llvm::StringRef QualifiedName;
  /// A sequence container (vector, deque, list, string): checked only with
  /// the option IncludeSequenceContainers.
  bool Sequence;
};

enum class AccessKind { Read, Write };

/// What calling a member function of a shared container does to it.
struct ContainerMember {
  llvm::StringRef Name;
  AccessKind Access;
};

/// A function that calls the callable it is given before it returns, on the
/// caller's thread, so the callable holds the caller's locks.
struct SynchronousCaller {
  /// A function ("::std::for_each") or a member
  /// ("::std::condition_variable::wait").
  llvm::StringRef QualifiedName;
};

/// A function or constructor that keeps the function it is given and runs
/// it only while a mutex is held: `absl::Condition(this, &Queue::ready)` is
/// evaluated by the Mutex it is given to (Await, LockWhen, a MutexLock with
/// a condition), under that mutex. The functions it names are not entry
/// points of their own: their accesses are their callers', under a lock.
struct LockHeldCaller {
  llvm::StringRef QualifiedName;
};

/// A function that runs its callable once per flag, before any call with
/// that flag returns: what it runs is initialization, not concurrent code.
struct OnceCaller {
  llvm::StringRef QualifiedName;
  /// The argument that is the callable.
  unsigned CallableArg;
};

/// How a smart pointer owns the object it points to.
enum class Ownership {
  /// One owner; the object ends with it (`std::unique_ptr`).
  Unique,
  /// Shared by the copies; the last one ends it (`std::shared_ptr`).
  Shared,
  /// Does not own it (`QPointer`).
  Observer,
};

/// A class template whose objects act as a pointer to their first template
/// argument.
struct SmartPointer {
  llvm::StringRef QualifiedName;
  Ownership Owns;
};

/// A member function that returns only once the tasks it waits for have
/// finished (a latch or barrier wait, a future's get, a pool's join), so
/// what those tasks captured may end afterwards.
struct TaskWait {
  /// The class of the object the member is called on ("::std::latch"; for a
  /// class template, the template).
  llvm::StringRef ClassName;
  llvm::StringRef Member;
};

//===----------------------------------------------------------------------===//
// Queries
//===----------------------------------------------------------------------===//

llvm::ArrayRef<ThreadHandleType> threadHandleTypes();
llvm::ArrayRef<ThreadHandleMember> threadHandleMembers();
llvm::ArrayRef<OwningContainer> owningContainers();
llvm::ArrayRef<ContainerInsertion> containerInsertions();
llvm::ArrayRef<Spawner> spawners();
llvm::ArrayRef<MutexType> mutexTypes();
llvm::ArrayRef<LockMember> lockMembers();
llvm::ArrayRef<LockSpelling> lockSpellings();
const LockSpelling *findLockSpelling(llvm::StringRef Name);
llvm::ArrayRef<LockFunction> lockFunctions();
llvm::ArrayRef<GuardType> guardTypes();
llvm::ArrayRef<GuardTagType> guardTagTypes();
llvm::ArrayRef<SharedContainer> sharedContainers();
llvm::ArrayRef<ContainerMember> containerMembers();
llvm::ArrayRef<SynchronousCaller> synchronousCallers();
const SharedContainer *findSharedContainer(llvm::StringRef QualifiedName);
const ContainerMember *findContainerMember(llvm::StringRef Name);
bool isSynchronousCaller(llvm::StringRef QualifiedName);
llvm::ArrayRef<LockHeldCaller> lockHeldCallers();
bool isLockHeldCaller(llvm::StringRef QualifiedName);
llvm::ArrayRef<OnceCaller> onceCallers();
const OnceCaller *findOnceCaller(llvm::StringRef QualifiedName);
llvm::ArrayRef<SmartPointer> smartPointers();
/// The smart pointer template named \p QualifiedName ("::std::unique_ptr").
const SmartPointer *findSmartPointer(llvm::StringRef QualifiedName);
llvm::ArrayRef<TaskWait> taskWaits();
/// Whether calling \p Member on an object of class \p ClassName waits for
/// tasks (see TaskWait).
bool isTaskWait(llvm::StringRef ClassName, llvm::StringRef Member);

/// Looks up a row by qualified name ("::std::thread" or "std::thread").
const ThreadHandleType *findThreadHandleType(llvm::StringRef QualifiedName);
const Spawner *findSpawner(SpawnerKind Kind, llvm::StringRef QualifiedName);
const MutexType *findMutexType(llvm::StringRef QualifiedName);
const GuardType *findGuardType(llvm::StringRef QualifiedName);
const LockFunction *findLockFunction(llvm::StringRef QualifiedName);
/// Looks up a member of a thread handle or lockable type by its name.
const ThreadHandleMember *findThreadHandleMember(llvm::StringRef Name);
const LockMember *findLockMember(llvm::StringRef Name);
bool isContainerInsertion(llvm::StringRef MemberName);

/// Thread handle types whose joinable destruction terminates (possibly
/// under a macro), for matchers.
std::vector<llvm::StringRef> terminatingThreadHandleNames();
std::vector<llvm::StringRef> owningContainerNames();

} // namespace model
} // namespace conctidy

#endif // CONCTIDY_MODEL_CONCURRENCYMODEL_H
