//===--- LockSet.h - Which locks are held at each statement -----*- C++ -*-===//
//
// A forward must-analysis over clang::CFG: for every statement of a
// function, the locks that are held on every path to it, and in which mode.
// The vocabulary (mutex types, their members, lock functions, RAII guards and
// their tags) comes from the model's tables; functions and classes carrying
// Clang's thread-safety attributes (acquire_capability, release_capability,
// try_acquire_capability, scoped_lockable, requires_capability) work with no
// configuration.
//
// A lock is named by a LockPath: the mutex declaration plus the object it is
// reached through, so `this->Mu` and `Other.Mu` are different locks.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_ANALYSIS_LOCKSET_H
#define CONCTIDY_ANALYSIS_LOCKSET_H

#include "conctidy/Model/ConcurrencyModel.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace conctidy {

class FunctionSummaries;
struct LockPath;

/// Names the object a call returns a reference or pointer to (an accessor
/// such as `get_lock()` or `instance()`), for LockPath::fromExpr.
class PathResolver {
public:
  virtual ~PathResolver();
  virtual std::optional<LockPath> resolveCall(const clang::CallExpr &Call) = 0;
};

/// A lock, or any object reached from a root (`this`, a variable) through
/// members: the lock sets name locks so, and the shared-data analysis names
/// the data it accesses so.
struct LockPath {
  enum class RootKind { This, Variable, Capability };
  RootKind Root = RootKind::This;
  /// The variable for RootKind::Variable; null for `this`.
  const clang::ValueDecl *RootDecl = nullptr;
  /// For RootKind::Capability: a pseudo-lock that is no object of the
  /// program, named by the model (a runtime's guard: the Python GIL, a V8
  /// isolate's lock). It is held per path like any lock. RootDecl is then
  /// the object a per-object guard is for (the isolate of a v8::Locker, as
  /// guardedObject names it), null when unknown or when the guard is one
  /// per runtime.
  llvm::StringRef Capability;
  /// Members from the root to the mutex, outermost first.
  llvm::SmallVector<const clang::ValueDecl *, 2> Members;

  // Moves that cannot throw, so that vectors of paths, and of the accesses
  // that hold them, move their elements when they grow instead of copying.
  LockPath() = default;
  LockPath(const LockPath &) = default;
  LockPath(LockPath &&) noexcept = default;
  LockPath &operator=(const LockPath &) = default;
  LockPath &operator=(LockPath &&) noexcept = default;

  /// The path named by \p E, an lvalue or a pointer to one (`Mu`,
  /// `this->Mu`, `&Other.Mu`, `Impl->Mu`, `*Ptr`, `Owner->get()->Mu`
  /// through smart pointers). A call is followed through \p Resolver when
  /// given. Nothing when the object is reached through something else (an
  /// unknown call, an array element).
  static std::optional<LockPath> fromExpr(const clang::Expr *E,
                                          PathResolver *Resolver = nullptr);
  /// The pseudo-lock \p Name (a string with static storage, from the
  /// model), for the object \p Of when the guard is per object and the
  /// object is known.
  static LockPath capability(llvm::StringRef Name,
                             const clang::ValueDecl *Of = nullptr);

  /// This path with \p Tail's members appended.
  LockPath extended(llvm::ArrayRef<const clang::ValueDecl *> Tail) const;
  /// Whether the root is a local variable or parameter of a function.
  bool hasLocalRoot() const;

  /// The mutex declaration itself (the last member, or the variable).
  const clang::ValueDecl *mutexDecl() const;
  /// As a user would write it: "Mu" (for this->Mu), "Other.Mu", "GlobalMu".
  std::string spelling() const;

  bool operator==(const LockPath &O) const {
    return Root == O.Root && RootDecl == O.RootDecl && Members == O.Members &&
           Capability == O.Capability;
  }
  bool operator!=(const LockPath &O) const { return !(*this == O); }
  bool operator<(const LockPath &O) const;
};

struct HeldLock {
  LockPath Path;
  model::LockMode Mode;
  bool operator==(const HeldLock &O) const {
    return Path == O.Path && Mode == O.Mode;
  }
};

/// The locks held at one point, and the RAII guards that manage some.
class LockState {
public:
  // Moves that cannot throw (see LockPath).
  LockState() = default;
  LockState(const LockState &) = default;
  LockState(LockState &&) noexcept = default;
  LockState &operator=(const LockState &) = default;
  LockState &operator=(LockState &&) noexcept = default;

  /// Held locks, sorted by path.
  llvm::ArrayRef<HeldLock> held() const { return Held; }
  const HeldLock *find(const LockPath &P) const;
  bool holds(const LockPath &P) const { return find(P) != nullptr; }

  void acquire(const LockPath &P, model::LockMode Mode);
  void release(const LockPath &P);
  /// An assertion that \p P is held (`Mu.AssertHeld()`): held from here,
  /// and, when it was not held before, held since entry (a precondition),
  /// so a later release counts in released().
  void assertHeld(const LockPath &P, model::LockMode Mode);

  /// Whether the capability \p Name is held for the object \p Of (see
  /// guardedObject): taken for it, or for an object that is not known; any
  /// of them when \p Of is null.
  bool holdsCapability(llvm::StringRef Name, const clang::ValueDecl *Of) const;
  /// Whether the capability \p Name is released for \p Of on every path
  /// (the same matching as holdsCapability).
  bool releasedCapability(llvm::StringRef Name,
                          const clang::ValueDecl *Of) const;

  /// Locks released on every path without having been taken on it (what an
  /// `unlock()` wrapper does), sorted.
  llvm::ArrayRef<LockPath> released() const { return Released; }

  /// A guard variable and the locks it releases when destroyed.
  struct Guard {
    const clang::VarDecl *Var;
    llvm::SmallVector<LockPath, 1> Locks;
    model::LockMode Mode;
    bool Owns;
    /// An inverse guard (v8::Unlocker, gil_scoped_release): it released
    /// its locks when made and takes them again when destroyed.
    bool Reacquires = false;
    bool operator==(const Guard &O) const {
      return Var == O.Var && Locks == O.Locks && Mode == O.Mode &&
             Owns == O.Owns && Reacquires == O.Reacquires;
    }
  };
  Guard *findGuard(const clang::VarDecl *Var);
  const Guard *findGuard(const clang::VarDecl *Var) const;
  void addGuard(Guard G);
  llvm::ArrayRef<Guard> guards() const { return Guards; }
  void removeGuard(const clang::VarDecl *Var);
  /// The guard starts or stops owning its locks (unique_lock::lock/unlock).
  void setGuardOwns(Guard &G, bool Owns);

  /// Whether \p P is released for a while inside the scope of a guard that
  /// owns it (`MutexLock L(&Mu); ... Mu.Unlock(); here; Mu.Lock();`): the
  /// code gave it up on purpose and takes it back before the guard ends.
  bool suspended(const LockPath &P) const;

  /// Keeps only what both states hold (the weaker mode of the two).
  void intersect(const LockState &Other);

  bool operator==(const LockState &O) const {
    return Held == O.Held && Guards == O.Guards && Released == O.Released &&
           Asserted == O.Asserted;
  }
  bool operator!=(const LockState &O) const { return !(*this == O); }

private:
  llvm::SmallVector<HeldLock, 1> Held;
  llvm::SmallVector<Guard, 0> Guards;
  llvm::SmallVector<LockPath, 0> Released;
  /// Held by an assertion only (sorted): held on entry, as far as the
  /// function knows.
  llvm::SmallVector<LockPath, 0> Asserted;
};

/// The locks a guard object takes when it is initialized by \p Init (a
/// constructor call of a modelled, annotated or shape-recognized guard, or
/// a call that returns a guard by value), in the terms of the code around
/// it; nothing when \p Init makes no guard.
struct GuardInit {
  llvm::SmallVector<LockPath, 1> Locks;
  model::LockMode Mode = model::LockMode::Exclusive;
  /// Holds its locks from the start (not defer_lock / try_to_lock).
  bool Owns = true;
};
std::optional<GuardInit> guardInitOf(const clang::Expr *Init,
                                     FunctionSummaries &Summaries);

/// \p P, written in the terms of the callee of \p Call (`this`, its
/// parameters, globals), in the caller's terms; nothing when it names the
/// callee's locals or the call does not say.
std::optional<LockPath> rebaseToCall(const LockPath &P,
                                     const clang::CallExpr &Call,
                                     FunctionSummaries &Summaries);

/// rebaseToCall() for many paths through one call: the call's object and
/// arguments are named once (a summary rebases every record of its
/// callee's through each call).
class CallRebaser {
public:
  CallRebaser(const clang::CallExpr &Call, FunctionSummaries &Summaries);
  ~CallRebaser();
  CallRebaser(const CallRebaser &) = delete;
  CallRebaser &operator=(const CallRebaser &) = delete;

  std::optional<LockPath> operator()(const LockPath &P) const;
  const clang::CallExpr &call() const { return Call; }

private:
  struct Site;
  const clang::CallExpr &Call;
  FunctionSummaries &Summaries;
  std::unique_ptr<Site> S;
};

/// The object a per-object guard is for, or a guarded runtime's object is
/// used through, as one declaration: the variable, parameter or member
/// \p E names (`Isolate`, `this->Isolate_`, `Job->Isolate`), through local
/// variables initialized from one (`v8::Isolate *I = Isolate_;`); null
/// when \p E is anything else (a call). Two expressions naming the same
/// member of different objects are the same: a guard counts for both.
const clang::ValueDecl *guardedObject(const clang::Expr *E);

/// Whether \p T is a lockable type (a modelled mutex, or a class with the
/// capability attribute), or a pointer or reference to one. Classes that
/// are lockables by their shape: FunctionSummaries::isLockableType.
bool isLockableType(clang::QualType T);

/// The model's row for a mutex type (or a typedef of one, like
/// pthread_mutex_t); also for pointers and references to one.
const model::MutexType *mutexTypeOf(clang::QualType T);

/// The lock sets of one function.
class LockSetAnalysis {
public:
  /// Runs the analysis over \p Function's body, starting with \p Entry held
  /// (plus what the function's requires_capability attributes say).
  /// Calls without a model row or attribute apply the callee's summary from
  /// \p Summaries (one is made for this analysis when none is given).
  LockSetAnalysis(const clang::FunctionDecl &Function,
                  clang::ASTContext &Context, LockState Entry = {},
                  FunctionSummaries *Summaries = nullptr);
  ~LockSetAnalysis();

  /// Whether the function could be analyzed (it has a body and a CFG).
  bool valid() const { return Graph != nullptr; }

  /// The locks held on every path to \p S (any statement or expression of
  /// the body, outside nested lambdas); null when \p S is unreachable or not
  /// in the body.
  const LockState *before(const clang::Stmt *S) const;

  /// The locks \p S takes by blocking: a lock call, a guard that owns its
  /// locks, a call whose summary leaves them held, a guard's lock(); also
  /// when they are held already. Not try-locks (they take a lock on a branch
  /// edge) or assertions that a lock is held.
  llvm::ArrayRef<HeldLock> takenBy(const clang::Stmt *S) const;

  /// The function's CFG (null when not valid()).
  clang::CFG *cfg() const { return Graph.get(); }

  /// The locks held on every path to the function's exit.
  const LockState *atExit() const;
  /// The state the analysis started from (with requires_capability).
  const LockState &atEntry() const { return Entry; }

private:
  std::unique_ptr<FunctionSummaries> OwnSummaries;
  LockState Entry;
  std::unique_ptr<clang::CFG> Graph;
  /// The state before each statement, as an index into Unique.
  llvm::DenseMap<const clang::Stmt *, unsigned> States;
  std::vector<LockState> Unique;
  llvm::DenseMap<const clang::Stmt *, llvm::SmallVector<HeldLock, 1>> TakenBy;
  std::optional<LockState> Exit;
};

} // namespace conctidy

#endif // CONCTIDY_ANALYSIS_LOCKSET_H
