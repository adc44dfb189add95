//===--- FunctionSummaries.h - What a call does, per function ---*- C++ -*-===//
//
// One summary per function, computed on demand from its body in this
// translation unit (callees first, memoized, recursion cut), in terms of the
// function's own parameters and `this`. The lock-set dataflow reads it at
// every call it has no model row or attribute for, so a project's own
// mutex, guard and accessor classes are recognized by what their bodies do:
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

/// What a call of one function does to locks, in the callee's terms
/// (`this`, its parameters, globals).
struct LockSummary {
  /// Held when it returns, and not on entry.
  llvm::SmallVector<HeldLock, 2> Acquires;
  /// Released by it without being taken by it.
  llvm::SmallVector<LockPath, 2> Releases;
  /// The locks held by the guard object it returns by value.
  llvm::SmallVector<LockPath, 2> ReturnedGuardLocks;
  model::LockMode ReturnedGuardMode = model::LockMode::Exclusive;
  /// The object it returns a reference or pointer to, on every return.
  std::optional<LockPath> Returns;

  bool empty() const {
    return Acquires.empty() && Releases.empty() &&
           ReturnedGuardLocks.empty() && !Returns;
  }
};

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
};

class FunctionSummaries : public PathResolver {
public:
  explicit FunctionSummaries(clang::ASTContext &Context,
                             ShapeOptions Options = {});
  ~FunctionSummaries() override;

  clang::ASTContext &context() const { return Context; }

  /// The lock summary of \p F (empty when its body is not visible, it is in
  /// a system header, or the analysis is already inside it).
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
  /// names (`mutex_`), not the std::mutex inside it (`mutex_.mu_`).
  LockPath canonical(LockPath P);

  /// The locks \p Def's body acquires (or releases) on some path, in its
  /// own terms: how a class is recognized as a lockable or guard even when
  /// it locks only under a condition.
  llvm::SmallVector<LockPath, 2> mayLock(const clang::FunctionDecl &Def,
                                         model::LockEffect Effect);

  /// PathResolver: the object a call returns a reference or pointer to.
  std::optional<LockPath> resolveCall(const clang::CallExpr &Call) override;

  /// The locks \p F takes and the orders it takes them in, through its
  /// callees (computed on first use; LockOrder.h).
  const LockOrderSummary &lockOrder(const clang::FunctionDecl &F);
  LockOrderSummaries &lockOrders();

private:
  LockSummary compute(const clang::FunctionDecl &F);
  bool lockableByShape(const clang::CXXRecordDecl &RD);
  std::optional<GuardShape> computeGuardShape(const clang::CXXConstructorDecl &C);

  clang::ASTContext &Context;
  ShapeOptions Options;
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<LockSummary>>
      Locks;
  const LockSummary EmptySummary;
  llvm::DenseSet<const clang::FunctionDecl *> InProgress;
  llvm::DenseMap<const clang::CXXRecordDecl *, bool> Lockable;
  llvm::DenseSet<const clang::CXXRecordDecl *> LockableInProgress;
  llvm::DenseMap<const clang::CXXConstructorDecl *, std::optional<GuardShape>>
      Guards;
  unsigned Depth = 0;
  std::unique_ptr<LockOrderSummaries> Orders;
};

} // namespace conctidy

#endif // CONCTIDY_ANALYSIS_FUNCTIONSUMMARIES_H
