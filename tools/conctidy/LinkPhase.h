//===--- LinkPhase.h - the summaries passes of --cross-tu -------*- C++ -*-===//
//
// Before the analysis of --cross-tu: every unit's function summaries are
// exported, then merged for the whole database. The link is iterated: in
// each round after the first, the units that looked up a function whose
// linked summary changed (or appeared) in the last round are summarized
// again with the linked table, so that a unit's summaries hold what its
// callees in other units do through their own callees in a third. A chain
// of calls through N+1 files is thus followed with N rounds; the rounds
// stop when no entry a unit asked about changes, or at the bound.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_TOOLS_CONCTIDY_LINKPHASE_H
#define CONCTIDY_TOOLS_CONCTIDY_LINKPHASE_H

#include "CachedAnalysis.h"
#include "Options.h"
#include "conctidy/Analysis/SummaryFile.h"

namespace conctidy::cli {

/// The export rounds and the link phase of --cross-tu for \p Files of
/// \p DB: the summary files are written into \p Dir, and the linked table
/// into Dir/linked.summaries.json, whose path is returned; \p Linked gets
/// the table. A unit whose summaries cannot be read is left out with a
/// warning: its functions stay unknown to the others.
llvm::Expected<std::string>
linkSummaries(const CommandLine &CL,
              const clang::tooling::CompilationDatabase &DB,
              llvm::ArrayRef<std::string> Files, llvm::StringRef Dir,
              CacheUse Cache, SummaryTable &Linked);

} // namespace conctidy::cli

#endif // CONCTIDY_TOOLS_CONCTIDY_LINKPHASE_H
