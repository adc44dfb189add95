//===--- CachedAnalysis.h - workers behind the result cache -----*- C++ -*-===//
//
// analyzeInWorkers (Parallel.h) for --cache-dir: the units whose cache entry
// still holds are not run; the others run in workers that record their
// inputs, and their results are stored. The results, the same as without
// the cache, come back in the order of the files.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_TOOLS_CONCTIDY_CACHEDANALYSIS_H
#define CONCTIDY_TOOLS_CONCTIDY_CACHEDANALYSIS_H

#include "Options.h"
#include "Parallel.h"
#include "ResultCache.h"
#include "clang-tidy/ClangTidyOptions.h"

namespace conctidy::cli {

/// Analyzes \p Files as analyzeInWorkers does, answering from \p Cache what
/// it can. The pass is the plan's: with ExportSummariesDir, a cached unit's
/// summary file is written back into that directory; with LinkedSummaries,
/// \p Linked is that table (what the units looked up in it must be the
/// same). The key takes each file's configuration from \p Options.
/// \p OnResult is called in file order once every unit is done.
llvm::Expected<std::vector<TranslationUnitResult>> analyzeWithCache(
    llvm::ArrayRef<std::string> Files, WorkerPlan Plan, ResultCache &Cache,
    clang::tidy::ClangTidyOptionsProvider &Options, const SummaryTable *Linked,
    InOrderCallback OnResult, ProgressCallback OnProgress);

/// With --cache-dir: the cache, and the configuration each file gets.
struct CacheUse {
  ResultCache *Cache = nullptr;
  clang::tidy::ClangTidyOptionsProvider *Options = nullptr;
};

/// The plan of workers that run this program for \p CL over \p DB (its
/// arguments, jobs and timeout).
WorkerPlan workerPlanFor(const CommandLine &CL,
                         const clang::tooling::CompilationDatabase &DB);

/// analyzeInWorkers, or analyzeWithCache when there is a cache.
llvm::Expected<std::vector<TranslationUnitResult>>
runWorkers(llvm::ArrayRef<std::string> Files, const WorkerPlan &Plan,
           CacheUse Cache, const SummaryTable *Linked, InOrderCallback OnResult,
           ProgressCallback OnProgress);

} // namespace conctidy::cli

#endif // CONCTIDY_TOOLS_CONCTIDY_CACHEDANALYSIS_H
