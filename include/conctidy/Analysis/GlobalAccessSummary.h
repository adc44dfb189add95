//===--- GlobalAccessSummary.h - The globals a function reaches -*- C++ -*-===//
//
// The access part of the function summaries (FunctionSummaries.h), for
// global data: every access to a variable with static storage that a
// function makes, itself, in the lambdas it runs, or through the functions
// it calls at any depth, each with the locks held relative to the
// function's entry (RacerD's shape). A caller composes a callee's part at
// each call: the locks it holds there, minus what the callee releases,
// plus what the callee takes before the access. An access on a thread the
// function starts (a lambda given to a spawner) carries the locks of that
// thread instead, whatever the caller holds.
//
// So `void record(int K) { Table[K] = 1; }` called by a worker under `Mu`
// is a write of `Table` under `Mu` from that worker, and a `lookup()` that
// reads it, called from another thread without `Mu`, is an unguarded read:
// neither function names the other, and neither is analyzed twice.
//
// Calls are followed to the definitions they may run, as every part reads
// them (FunctionSummaries::targets): the direct callee, or for a virtual
// call every visible overrider; with --cross-tu, a function defined in
// another unit adds the accesses its linked summary exports
// (AccessFile.h). A call through a function pointer or std::function
// and a function with no body anywhere add nothing (its callee, when it is
// here, is an entry of its own).
//
// The part depends on the shared-data checks' options (their spawners), so
// it is made by the first of them to ask.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_ANALYSIS_GLOBALACCESSSUMMARY_H
#define CONCTIDY_ANALYSIS_GLOBALACCESSSUMMARY_H

#include "conctidy/Analysis/AccessSummary.h"
#include "conctidy/Analysis/SummaryMemo.h"
#include "llvm/ADT/DenseMap.h"
#include <vector>

namespace conctidy {

/// The memo of the part: one summary per definition, computed on first
/// request, callees first; recursion by SummaryMemo's policy.
class GlobalAccessTable {
public:
  GlobalAccessTable(FunctionSummaries &Sums, AccessOptions Options)
      : Sums(Sums), Options(std::move(Options)) {}

  /// The accesses to globals \p Def reaches (a definition with a body).
  const AccessSummary &of(const clang::FunctionDecl &Def);

private:
  AccessSummary compute(const clang::FunctionDecl &Def);
  FunctionSummaries &Sums;
  AccessOptions Options;
  SummaryMemo<AccessSummary> Memo{/*MaxDepth=*/32, AccessSummary()};
};

} // namespace conctidy

#endif // CONCTIDY_ANALYSIS_GLOBALACCESSSUMMARY_H
