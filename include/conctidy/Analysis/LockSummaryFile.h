//===--- LockSummaryFile.h - The lock part across translation units -*- C++
//-*-===//
//
// The lock part of a function's summary (LockSummary, FunctionSummaries.h)
// in the summary files that cross translation units (SummaryFile.h),
// without pointers into an AST: each lock named portably like the
// lock-order part names it (a root "this", "p<N>" or "g<USR>", then the
// USRs of the members, LockOrderFile.h):
//
// - the locks it leaves held (exclusive or shared) and those it releases:
//   a `lockMutex()` wrapper, a project lockable's `Lock()` in a .cpp;
// - the locks of the guard it returns by value (`auto L = lock();`);
// - the lock it returns a reference or pointer to (`mutex()`), only when
//   that is a lockable: other accessors are left out, to keep files small;
// - for a constructor of a scoped guard class, the guard's shape (the
//   locks it takes, in terms of its parameters or globals, and the mode),
//   so that a guard whose constructor is in another file is known by what
//   it does, not by its name.
//
// The lock-set dataflow reads it through FunctionSummaries::locks() and
// guardShape() for a function whose body is not in the translation unit.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_ANALYSIS_LOCKSUMMARYFILE_H
#define CONCTIDY_ANALYSIS_LOCKSUMMARYFILE_H

#include "conctidy/Analysis/LockOrderFile.h"
#include <optional>
#include <vector>

namespace conctidy {

struct LockSummary;
struct GuardShape;

struct PortableLockSummary {
  /// Left held on return (LockSummary::Acquires), by mode.
  std::vector<PortableLockPath> Acquires, SharedAcquires;
  std::vector<PortableLockPath> Releases;
  /// The locks of the guard returned by value.
  std::vector<PortableLockPath> ReturnedGuard;
  bool ReturnedGuardShared = false;
  /// The lockable returned by reference or pointer.
  std::optional<PortableLockPath> Returns;
  /// A scoped guard's constructor: the locks it takes (empty: no guard).
  std::vector<PortableLockPath> GuardLocks;
  bool GuardShared = false;

  bool empty() const {
    return Acquires.empty() && SharedAcquires.empty() && Releases.empty() &&
           ReturnedGuard.empty() && !Returns && GuardLocks.empty();
  }
  /// Union (an inline function defined in several translation units).
  void merge(const PortableLockSummary &O);
  bool operator==(const PortableLockSummary &O) const;
};

/// The lock part of \p F's summary (and its guard shape when \p F is a
/// guard's constructor), portably; locks that callers cannot name (locals,
/// static locals, pseudo-locks) are left out.
PortableLockSummary portableLockSummary(FunctionSummaries &Sums,
                                        const clang::FunctionDecl &F);

/// \p L in the terms of \p Callee, a declaration in this translation unit;
/// the locks it cannot name here are left out.
LockSummary resolveLockSummary(const PortableLockSummary &L,
                               const clang::FunctionDecl &Callee,
                               PortableLockPaths &Paths);

/// The guard shape \p L gives constructor \p Ctor, or nothing (no guard).
std::optional<GuardShape> resolveGuardShape(const PortableLockSummary &L,
                                            const clang::FunctionDecl &Ctor,
                                            PortableLockPaths &Paths);

} // namespace conctidy

#endif // CONCTIDY_ANALYSIS_LOCKSUMMARYFILE_H
