//===--- RuntimeUseSummary.h - Runtime objects a function uses --*- C++ -*-===//
//
// The runtime-use part of the function summaries (FunctionSummaries.h):
// which objects of thread-affine runtimes (ThreadAffinity.h) a function
// uses, itself or through the functions it calls at any depth, reached
// through which of its parameters, `this`, or a global, and whether the
// use still needs the runtime's guard from the caller. The task analysis
// (RuntimeAffinity.h) computes a function's part the first time a task
// calls it, with the same walk it runs over task bodies, and maps each use
// onto the call's arguments; no callee body is walked twice.
//
// The part depends on the options of the runtime check (its user types),
// so the check keeps the FunctionSummaries it is computed in.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_ANALYSIS_RUNTIMEUSESUMMARY_H
#define CONCTIDY_ANALYSIS_RUNTIMEUSESUMMARY_H

#include "conctidy/Analysis/RuntimeAffinity.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <memory>
#include <vector>

namespace conctidy {

/// One use of a runtime's object by a function, in its own terms.
struct RuntimeUse {
  enum class Source { Param, This, Global };
  Source From = Source::Param;
  /// For Source::Param: the parameter's index.
  unsigned Param = 0;
  /// The object, its name and type as written at the use, the use, the
  /// runtime and the reason (Task, Spawner and CallInTask unset).
  AffinityFinding Finding;
  /// A Guarded runtime's object used where the function itself does not
  /// hold the guard (and has not dropped it): the caller's guard decides.
  bool NeedsCallerGuard = false;
};

struct RuntimeUseSummary {
  std::vector<RuntimeUse> Uses;
};

/// The memo of the runtime-use part: one summary per function, computed on
/// first request; a recursive request (a cycle) and a chain deeper than
/// MaxDepth see an empty summary.
class RuntimeUseTable {
public:
  static constexpr unsigned MaxDepth = 16;
  const RuntimeUseSummary &
  get(const clang::FunctionDecl &F,
      llvm::function_ref<RuntimeUseSummary(const clang::FunctionDecl &)>
          Compute);

private:
  llvm::DenseMap<const clang::FunctionDecl *,
                 std::unique_ptr<RuntimeUseSummary>>
      Memo;
  llvm::DenseSet<const clang::FunctionDecl *> InProgress;
  const RuntimeUseSummary Empty;
  unsigned Depth = 0;
};

} // namespace conctidy

#endif // CONCTIDY_ANALYSIS_RUNTIMEUSESUMMARY_H
