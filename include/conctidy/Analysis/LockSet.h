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

namespace conctidy {

/// A lock, as the path from a root (`this`, a variable) through members.
struct LockPath {
  enum class RootKind { This, Variable };
  RootKind Root = RootKind::This;
  /// The variable for RootKind::Variable; null for `this`.
  const clang::ValueDecl *RootDecl = nullptr;
  /// Members from the root to the mutex, outermost first.
  llvm::SmallVector<const clang::ValueDecl *, 2> Members;

  /// The path named by \p E, a mutex lvalue or a pointer to one
  /// (`Mu`, `this->Mu`, `&Other.Mu`, `Impl->Mu`). Nothing when the mutex is
  /// reached through something that is not a variable or a member (a call,
  /// an array element).
  static std::optional<LockPath> fromExpr(const clang::Expr *E);

  /// The mutex declaration itself (the last member, or the variable).
  const clang::ValueDecl *mutexDecl() const;
  /// As a user would write it: "Mu" (for this->Mu), "Other.Mu", "GlobalMu".
  std::string spelling() const;

  bool operator==(const LockPath &O) const {
    return Root == O.Root && RootDecl == O.RootDecl && Members == O.Members;
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
  /// Held locks, sorted by path.
  llvm::ArrayRef<HeldLock> held() const { return Held; }
  const HeldLock *find(const LockPath &P) const;
  bool holds(const LockPath &P) const { return find(P) != nullptr; }

  void acquire(const LockPath &P, model::LockMode Mode);
  void release(const LockPath &P);

  /// A guard variable and the locks it releases when destroyed.
  struct Guard {
    const clang::VarDecl *Var;
    llvm::SmallVector<LockPath, 2> Locks;
    model::LockMode Mode;
    bool Owns;
    bool operator==(const Guard &O) const {
      return Var == O.Var && Locks == O.Locks && Mode == O.Mode &&
             Owns == O.Owns;
    }
  };
  Guard *findGuard(const clang::VarDecl *Var);
  void addGuard(Guard G);
  void removeGuard(const clang::VarDecl *Var);
  /// The guard starts or stops owning its locks (unique_lock::lock/unlock).
  void setGuardOwns(Guard &G, bool Owns);

  /// Keeps only what both states hold (the weaker mode of the two).
  void intersect(const LockState &Other);

  bool operator==(const LockState &O) const {
    return Held == O.Held && Guards == O.Guards;
  }
  bool operator!=(const LockState &O) const { return !(*this == O); }

private:
  llvm::SmallVector<HeldLock, 4> Held;
  llvm::SmallVector<Guard, 2> Guards;
};

/// Whether \p T is a lockable type (a modelled mutex, or a class with the
/// capability attribute), or a pointer or reference to one.
bool isLockableType(clang::QualType T);

/// The lock sets of one function.
class LockSetAnalysis {
public:
  /// Runs the analysis over \p Function's body, starting with \p Entry held
  /// (plus what the function's requires_capability attributes say).
  LockSetAnalysis(const clang::FunctionDecl &Function,
                  clang::ASTContext &Context, LockState Entry = {});
  ~LockSetAnalysis();

  /// Whether the function could be analyzed (it has a body and a CFG).
  bool valid() const { return Graph != nullptr; }

  /// The locks held on every path to \p S (any statement or expression of
  /// the body, outside nested lambdas); null when \p S is unreachable or not
  /// in the body.
  const LockState *before(const clang::Stmt *S) const;

  /// The locks held on every path to the function's exit.
  const LockState *atExit() const;

private:
  std::unique_ptr<clang::CFG> Graph;
  llvm::DenseMap<const clang::Stmt *, LockState> States;
  std::optional<LockState> Exit;
};

} // namespace conctidy

#endif // CONCTIDY_ANALYSIS_LOCKSET_H
