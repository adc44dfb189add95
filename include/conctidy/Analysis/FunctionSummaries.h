//===--- FunctionSummaries.h - What a call does, per function ---*- C++ -*-===//
//
// THE summary of a function: what a caller needs to know about a call of
// it, in terms of the function's own parameters and `this`, computed on
// demand from its body in this translation unit (callees first, memoized;
// recursion iterated to a bounded fixpoint over each cycle, SummaryMemo.h).
// Every analysis that asks what a callee does asks here, never walks
// callee bodies on its own. One FunctionSummary per function, made of named
// parts each computed lazily by its own file:
//
// - Locks (this file): the lock effects below;
// - Channels (ChannelSummary.cpp): channel/queue operations per parameter
//   and per member of `this`: sends, receives, releasing closes, and
//   whether it hands the channel to code no summary describes;
// - Threads (ThreadSummary.cpp): thread-handle effects per parameter
//   (join, detach, handed to unknown code), and whether it starts threads;
// - Control (ControlSummary.cpp): whether it may throw out of its body and
//   whether it never returns (abort, exit, an endless loop).
//
// A call is resolved to the definitions it may run (CallTargets): its
// direct callee, or for a virtual call the definitions of the method and of
// its overriders visible in the translation unit. Calls through function
// pointers or std::function, virtual calls with no visible definition, and
// functions whose body is not here are unknown: each part says what it
// assumes of them ("unknown" fields, never "does nothing").
//
// To add a part: a sub-struct with operator==, a SummaryMemo member, an
// accessor, and the computation in its own file.
//
// The lock-set dataflow reads the lock part at every call it has no model
// row or attribute for, so a project's own mutex, guard and accessor classes
// are recognized by what their bodies do:
//
// - lock effects: the locks a call leaves held or releases (net), so
//   `void Mutex::Lock() { mu_.lock(); }` locks its object;
// - the locks held by a guard it returns by value (`auto L = lock();`);
// - the object it returns a reference or pointer to, when that is always
//   the same global, static or member (`get_lock()`, `instance()`).
//
// From the summaries come the shapes of classes:
// - a lockable: a modelled mutex, a class with the capability attribute,
//   a class named in LockableTypes, or a class with a member function that
//   locks and one that unlocks (by their bodies; by their names, `Lock`/
//   `Unlock`, `Acquire`/`Release`..., when the bodies are not visible);
// - a scoped guard: a modelled guard, a scoped_lockable class, a class
//   named in ScopedGuardTypes, or a class whose constructor locks a lock it
//   is given (or a global one) and whose destructor, or a guard it holds,
//   unlocks it; classes derived from std::lock_guard and the like included.
//
// Functions in system headers get no body summary: the model describes
// them.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_ANALYSIS_FUNCTIONSUMMARIES_H
#define CONCTIDY_ANALYSIS_FUNCTIONSUMMARIES_H

#include "conctidy/Analysis/LockSet.h"
#include "conctidy/Analysis/SummaryMemo.h"
#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace conctidy {

struct LockOrderSummary;
class LockOrderSummaries;
class PortableLockPaths;

/// What a call of one function does to locks, in the callee's terms
/// (`this`, its parameters, globals).
struct LockSummary {
  /// Held when it returns, and not on entry.
  llvm::SmallVector<HeldLock, 2> Acquires;
  /// Released by it without being taken by it.
  llvm::SmallVector<LockPath, 2> Releases;
  /// The locks held by the guard object it returns by value.
  llvm::SmallVector<LockPath, 1> ReturnedGuardLocks;
  model::LockMode ReturnedGuardMode = model::LockMode::Exclusive;
  /// The object it returns a reference or pointer to, on every return.
  std::optional<LockPath> Returns;

  bool empty() const {
    return Acquires.empty() && Releases.empty() &&
           ReturnedGuardLocks.empty() && !Returns;
  }
  bool operator==(const LockSummary &O) const {
    return Acquires == O.Acquires && Releases == O.Releases &&
           ReturnedGuardLocks == O.ReturnedGuardLocks &&
           ReturnedGuardMode == O.ReturnedGuardMode && Returns == O.Returns;
  }
};

/// What a function does to one channel it is given (a parameter, or a
/// member of `this`), itself or through the functions it calls.
struct ChannelEffects {
  bool Sends = false;
  /// Receives of any kind (blocking, timed, try, drain, receive-all).
  bool Receives = false;
  /// A close that releases blocked senders.
  bool Closes = false;
  /// Handed to code no summary describes (an unknown callee, a copy, a
  /// capture, a store): anything may happen to it.
  bool Unknown = false;

  /// Whether a caller may take the call as leaving the channel alone.
  bool none() const { return !Sends && !Receives && !Closes && !Unknown; }
  /// Whether it may release the senders (a receive, a close, or unknown).
  bool mayRelease() const { return Receives || Closes || Unknown; }
  void merge(const ChannelEffects &O) {
    Sends |= O.Sends;
    Receives |= O.Receives;
    Closes |= O.Closes;
    Unknown |= O.Unknown;
  }
  bool operator==(const ChannelEffects &O) const {
    return Sends == O.Sends && Receives == O.Receives && Closes == O.Closes &&
           Unknown == O.Unknown;
  }
};

struct ChannelSummary {
  /// By parameter index (only channel parameters are non-empty).
  llvm::SmallVector<ChannelEffects, 2> Params;
  /// The channel members of `this` it touches.
  llvm::SmallVector<std::pair<const clang::FieldDecl *, ChannelEffects>, 1>
      Members;
  /// The whole summary is unknown (no body, a cycle that did not settle).
  bool Unknown = false;

  /// The effects on parameter \p Index (unknown for an unknown summary).
  ChannelEffects param(unsigned Index) const;
  /// The effects on `this->Field`.
  ChannelEffects member(const clang::FieldDecl &Field) const;
  bool operator==(const ChannelSummary &O) const {
    return Params == O.Params && Members == O.Members && Unknown == O.Unknown;
  }
};

/// What a function does to one thread handle it is given (a parameter),
/// itself or through the functions it calls.
struct HandleEffects {
  bool Joins = false;
  bool Detaches = false;
  /// Moved from, stored, or handed to code no summary describes.
  bool Unknown = false;

  bool none() const { return !Joins && !Detaches && !Unknown; }
  void merge(const HandleEffects &O) {
    Joins |= O.Joins;
    Detaches |= O.Detaches;
    Unknown |= O.Unknown;
  }
  bool operator==(const HandleEffects &O) const {
    return Joins == O.Joins && Detaches == O.Detaches && Unknown == O.Unknown;
  }
};

struct ThreadSummary {
  /// By parameter index (only handle parameters are non-empty).
  llvm::SmallVector<HandleEffects, 2> Params;
  /// The thread-handle members of `this` it uses other than by starting
  /// them, itself or through the methods it calls on `this` (at any depth).
  llvm::SmallVector<std::pair<const clang::FieldDecl *, HandleEffects>, 1>
      Members;
  /// The methods of its class it runs on `this` (the same object), itself
  /// or through them at any depth, each with whether it may run more than
  /// once per call (a call in a loop, or reached by two calls). Who starts
  /// what for an object: its methods' own bodies are then read as they are.
  llvm::SmallVector<std::pair<const clang::FunctionDecl *, bool>, 2>
      MethodsOnThis;
  /// It starts a thread (std::thread and the model's other handle types),
  /// itself or through its callees.
  bool Spawns = false;
  bool Unknown = false;

  HandleEffects param(unsigned Index) const;
  /// The effects on `this->Field`.
  HandleEffects member(const clang::FieldDecl &Field) const;
  bool operator==(const ThreadSummary &O) const {
    return Params == O.Params && Members == O.Members &&
           MethodsOnThis == O.MethodsOnThis && Spawns == O.Spawns &&
           Unknown == O.Unknown;
  }
};

/// How a call of the function may end.
struct ControlSummary {
  /// An exception may leave its body (a throw outside every try block, or a
  /// call of a function that may throw); noexcept functions cannot. Only
  /// what the bodies show: an unknown callee is not assumed to throw.
  bool MayThrow = false;
  /// No path returns or throws: every path ends in abort(), exit(), a
  /// [[noreturn]] function or one whose summary never returns, or loops
  /// forever.
  bool NeverReturns = false;
  bool operator==(const ControlSummary &O) const {
    return MayThrow == O.MayThrow && NeverReturns == O.NeverReturns;
  }
};

/// The definitions a call may run.
struct CallTargets {
  llvm::SmallVector<const clang::FunctionDecl *, 2> Defs;
  /// Some target has no body here (a declaration, a function pointer, a
  /// virtual method with no visible definition, a system header).
  bool Unknown = false;
};

class ChannelVocabulary;
class SummaryTable;
struct PortableSummary;

/// How a scoped guard's constructor picks its lock.
struct GuardShape {
  /// The locks, in the constructor's terms (its parameters or globals).
  llvm::SmallVector<LockPath, 2> Locks;
  model::LockMode Mode = model::LockMode::Exclusive;
};

/// Names the configuration adds to the shapes.
struct ShapeOptions {
  /// Classes to take as lockables whatever their bodies say.
  std::vector<std::string> LockableTypes;
  /// Classes to take as scoped guards of their first lockable argument.
  std::vector<std::string> ScopedGuardTypes;
  /// Classes whose variables hold the user runtime's capability (a
  /// pseudo-lock, ThreadAffinity.h) for their scope.
  std::vector<std::string> CapabilityGuardTypes;
};

class RuntimeUseTable;
class GlobalAccessTable;
class MemberAccessTable;
struct AccessOptions;

class FunctionSummaries : public PathResolver {
public:
  explicit FunctionSummaries(clang::ASTContext &Context,
                             ShapeOptions Options = {});
  ~FunctionSummaries() override;

  clang::ASTContext &context() const { return Context; }
  const ShapeOptions &options() const { return Options; }

  /// The lock summary of \p F (empty when its body is not visible, it is in
  /// a system header, or the analysis is already inside it). For a function
  /// whose body is in another translation unit, the linked summary's lock
  /// part (LockSummaryFile.h), when a linked table is set.
  const LockSummary &locks(const clang::FunctionDecl &F);

  /// Whether \p RD is a lockable, by the model, attributes, options or its
  /// shape.
  bool isLockableClass(const clang::CXXRecordDecl &RD);
  /// The same for a type, or a pointer, reference or smart pointer to one.
  bool isLockableType(clang::QualType T);

  /// The guard shape of a constructor of a guard class; nothing when the
  /// class is not a guard (model guards are handled by the lock set).
  std::optional<GuardShape> guardShape(const clang::CXXConstructorDecl &Ctor);
  /// Whether \p RD is a scoped guard (any constructor).
  bool isGuardClass(const clang::CXXRecordDecl &RD);

  /// The lock effect of calling \p M by its name alone, for a lockable
  /// class whose bodies are not visible.
  std::optional<std::pair<model::LockEffect, model::LockMode>>
  effectByName(const clang::CXXMethodDecl &M);

  /// Shortens \p P at the outermost lockable object on it: the lock a user
  /// names (`mutex_`), not the std::mutex inside it (`mutex_.mu_`). Inside
  /// a lockable class, the member its own lock() takes is the object
  /// itself: `this->lock_` in abseil's FlagRegistry is `*this`, the lock
  /// `FlagRegistryLock frl(*this)` and `registry.Lock()` take.
  LockPath canonical(LockPath P);

  /// The locks \p Def's body acquires (or releases) on some path, in its
  /// own terms: how a class is recognized as a lockable or guard even when
  /// it locks only under a condition.
  llvm::SmallVector<LockPath, 2> mayLock(const clang::FunctionDecl &Def,
                                         model::LockEffect Effect);

  /// PathResolver: the object a call returns a reference or pointer to.
  std::optional<LockPath> resolveCall(const clang::CallExpr &Call) override;

  /// The channel part of \p F's summary; channels are recognized by the
  /// vocabulary set with setChannelVocabulary (none: nothing is a channel).
  const ChannelSummary &channels(const clang::FunctionDecl &F);
  void setChannelVocabulary(const ChannelVocabulary *V) { Vocabulary = V; }
  const ChannelVocabulary *channelVocabulary() const { return Vocabulary; }
  /// The member of `this` that constructor \p Ctor keeps its parameter
  /// \p Index in (`Queue(Q)`, `Queue(&Q)`), itself or through the base and
  /// delegated-to constructors it hands the parameter to, at any depth;
  /// null when none does (ChannelSummary.cpp).
  const clang::FieldDecl *keptInMember(const clang::CXXConstructorDecl &Ctor,
                                       unsigned Index);
  /// The thread-handle part of \p F's summary.
  const ThreadSummary &threads(const clang::FunctionDecl &F);
  /// The control part of \p F's summary.
  const ControlSummary &control(const clang::FunctionDecl &F);

  /// The summaries of functions whose body is not in this translation unit
  /// (the linked summaries of the whole database, SummaryFile.h); by
  /// default the process-wide table, if any.
  void setLinked(const SummaryTable *Table) { Linked = Table; }
  const SummaryTable *linkedTable() const { return Linked; }
  /// The linked summary of \p F, when its body is not here.
  const PortableSummary *linked(const clang::FunctionDecl &F);
  /// Whether the linked summaries say another unit calls \p F (its
  /// accesses are then its callers' there).
  bool calledFromOtherUnits(const clang::FunctionDecl &F);
  /// Names the linked summaries' locks and globals in this unit.
  PortableLockPaths &linkedPaths();

  /// The definitions \p Call (a call or a constructor call) may run: with
  /// a body here, or a linked summary.
  CallTargets targets(const clang::Expr &Call);
  /// Whether \p Call dispatches on the dynamic type of its object (a
  /// virtual call that is not devirtualized): which overrider runs depends
  /// on objects made elsewhere.
  static bool dispatchesVirtually(const clang::CallExpr &Call);
  /// The parameter of the callee that argument \p Arg of \p Call binds to
  /// (skipping the object argument of a member operator), or nothing for
  /// variadic arguments.
  static std::optional<unsigned> paramIndexOf(const clang::Expr &Call,
                                              unsigned Arg);
  /// The visible overriders of \p M (any depth), from an index of the
  /// translation unit built on the first question.
  llvm::ArrayRef<const clang::CXXMethodDecl *>
  overriders(const clang::CXXMethodDecl &M);

  /// The functions of the unit outside system headers whose body is code
  /// of their own, in traversal order (listed on the first question, by
  /// SharedAccess.cpp; access::forEachUnitFunction).
  llvm::ArrayRef<const clang::FunctionDecl *> unitFunctions();

  /// Whether \p F is given to a lock-held caller of the model (an
  /// `absl::Condition`, a Mutex's invariant) in this translation unit: the
  /// library runs it only under a mutex (LockHeldCallbacks.cpp).
  bool runsUnderLock(const clang::FunctionDecl &F);

  /// The runtime-use part (RuntimeUseSummary.h, computed by its own file):
  /// the runtime objects a function uses, per parameter, `this` and global.
  RuntimeUseTable &runtimeUses();

  /// The access part for global data (GlobalAccessSummary.h, computed by
  /// its own file), made with \p Options on the first request.
  GlobalAccessTable &globalAccesses(const AccessOptions &Options);
  /// The access part for data members (MemberAccessSummary.h), likewise.
  MemberAccessTable &memberAccesses(const AccessOptions &Options);

  /// The locks \p F takes and the orders it takes them in, through its
  /// callees (computed on first use; LockOrder.h).
  const LockOrderSummary &lockOrder(const clang::FunctionDecl &F);
  LockOrderSummaries &lockOrders();

private:
  LockSummary compute(const clang::FunctionDecl &F);
  ChannelSummary computeChannels(const clang::FunctionDecl &Def);
  ThreadSummary computeThreads(const clang::FunctionDecl &Def);
  ControlSummary computeControl(const clang::FunctionDecl &Def);
  /// The definition of \p F whose body a summary may read, or null.
  const clang::FunctionDecl *visibleDefinition(const clang::FunctionDecl &F);

  bool lockableByShape(const clang::CXXRecordDecl &RD);
  std::optional<GuardShape> computeGuardShape(const clang::CXXConstructorDecl &C);

  clang::ASTContext &Context;
  ShapeOptions Options;
  SummaryMemo<LockSummary> Locks{/*MaxDepth=*/8, LockSummary()};
  const LockSummary EmptySummary;
  SummaryMemo<ChannelSummary> Channels{/*MaxDepth=*/32, unknownChannels()};
  SummaryMemo<ThreadSummary> Threads{/*MaxDepth=*/32, unknownThreads()};
  SummaryMemo<ControlSummary> Controls{/*MaxDepth=*/32, ControlSummary()};
  const ChannelVocabulary *Vocabulary = nullptr;
  const SummaryTable *Linked;
  llvm::DenseMap<const clang::FunctionDecl *, const PortableSummary *>
      LinkedByDecl;
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<ChannelSummary>>
      LinkedChannels;
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<ThreadSummary>>
      LinkedThreads;
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<ControlSummary>>
      LinkedControl;
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<LockSummary>>
      LinkedLocks;
  /// Names the linked summaries' locks in this translation unit.
  std::unique_ptr<PortableLockPaths> LinkedPaths;
  /// The lock part of \p F's linked summary, or null.
  const LockSummary *linkedLocks(const clang::FunctionDecl &F);
  std::optional<
      llvm::DenseMap<const clang::CXXMethodDecl *,
                     llvm::SmallVector<const clang::CXXMethodDecl *, 2>>>
      Overriders;
  std::optional<llvm::DenseSet<const clang::FunctionDecl *>> UnderLock;
  std::optional<std::vector<const clang::FunctionDecl *>> UnitFunctionList;
  static ChannelSummary unknownChannels() {
    ChannelSummary S;
    S.Unknown = true;
    return S;
  }
  static ThreadSummary unknownThreads() {
    ThreadSummary S;
    S.Unknown = true;
    return S;
  }
  llvm::DenseMap<const clang::CXXRecordDecl *, bool> Lockable;
  /// isLockableType(), by type (qualifiers and sugar included).
  llvm::DenseMap<const void *, bool> LockableTypes;
  bool lockableTypeUncached(clang::QualType T);
  llvm::DenseSet<const clang::CXXRecordDecl *> LockableInProgress;
  llvm::DenseMap<const clang::CXXConstructorDecl *, std::optional<GuardShape>>
      Guards;
  /// The members a lockable class's own lock members take (by class).
  llvm::DenseMap<const clang::CXXRecordDecl *,
                 llvm::SmallVector<const clang::ValueDecl *, 1>>
      OwnLocks;
  /// Whether \p Member is what \p RD's own lock members take.
  bool isOwnLock(const clang::CXXRecordDecl &RD, const clang::ValueDecl *Member);
  /// keptInMember(), by constructor and parameter (null: none, or being
  /// computed).
  llvm::DenseMap<std::pair<const clang::FunctionDecl *, unsigned>,
                 const clang::FieldDecl *>
      Kept;
  /// Made and destroyed by RuntimeUseSummary.cpp (an incomplete type here).
  std::unique_ptr<RuntimeUseTable, void (*)(RuntimeUseTable *)> RuntimeUses{
      nullptr, nullptr};
  std::unique_ptr<GlobalAccessTable, void (*)(GlobalAccessTable *)>
      GlobalAccesses{nullptr, nullptr};
  std::unique_ptr<MemberAccessTable, void (*)(MemberAccessTable *)>
      MemberAccesses{nullptr, nullptr};
  std::unique_ptr<LockOrderSummaries> Orders;
};

} // namespace conctidy

#endif // CONCTIDY_ANALYSIS_FUNCTIONSUMMARIES_H
