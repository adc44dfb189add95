//===--- AccessUnits.h - Bodies analyzed for their accesses -----*- C++ -*-===//
//
// Private to the analysis library: the pieces of SharedAccess.cpp that the
// access part of the summaries (GlobalAccessSummary.cpp) reads its
// functions' bodies with, so that both see an access the same way.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_LIB_ANALYSIS_ACCESSUNITS_H
#define CONCTIDY_LIB_ANALYSIS_ACCESSUNITS_H

#include "conctidy/Analysis/SharedAccess.h"
#include "clang/Analysis/CFGStmtMap.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/BitVector.h"
#include <memory>
#include <optional>
#include <vector>

namespace conctidy {
namespace access {

/// A function body analyzed with an entry lock state: a function, or a
/// lambda inside one.
struct Unit {
  const clang::FunctionDecl *Function;
  bool Concurrent;
  bool Spawned;
  std::unique_ptr<LockSetAnalysis> Locks;
  std::unique_ptr<clang::ParentMap> Parents;
  /// The blocks of the CFG from which every path ends in a call that does
  /// not return (abort(), a fatal log's Fail()), made on first use.
  mutable std::optional<llvm::BitVector> Dying;
  mutable std::unique_ptr<clang::CFGStmtMap> Blocks;
};

/// A function whose name says it skips the locking on purpose
/// (`FlushLogFilesUnsafe`, `...ForTesting`).
bool isUnsafeByName(const clang::FunctionDecl &F);

/// Whether every path from \p S ends in a call that does not return.
bool onDyingPath(const Unit &U, const clang::Stmt &S);

/// \p F and the lambdas inside it, each a Unit: \p F from \p Entry, a
/// lambda that runs in place from the locks held where it is written, one
/// that runs elsewhere from none (and Spawned).
void analyzeWithLambdas(const clang::FunctionDecl &F, bool Concurrent,
                        bool Spawned, LockState Entry, FunctionSummaries &Sums,
                        const AccessOptions &Options, std::vector<Unit> &Units);

/// The access \p Use of \p Target in \p U, with the locks \p Held there.
SharedAccess accessAt(const Unit &U, const clang::Expr &Use, LockPath Path,
                      const clang::ValueDecl *Target, LockState Held,
                      bool Concurrent);

/// The part of a function during which threads it starts may run: from its
/// first spawn to its last join (in source order). A function that starts
/// no thread may itself run on any thread: all of it.
struct ThreadWindow {
  bool Everywhere = true;
  clang::SourceLocation From, To;
  bool contains(clang::SourceLocation L, const clang::SourceManager &SM) const {
    if (Everywhere)
      return true;
    if (SM.isBeforeInTranslationUnit(L, From))
      return false;
    return !To.isValid() || !SM.isBeforeInTranslationUnit(To, L);
  }
};
ThreadWindow threadWindow(const clang::Stmt &Body, const clang::ParentMap &PM,
                          const AccessOptions &Options,
                          const clang::SourceManager &SM);

/// Sorts accesses by where they are written.
void sortBySource(std::vector<SharedAccess> &Accesses,
                  const clang::SourceManager &SM);

} // namespace access
} // namespace conctidy

#endif // CONCTIDY_LIB_ANALYSIS_ACCESSUNITS_H
