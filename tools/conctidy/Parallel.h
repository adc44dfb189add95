//===--- Parallel.h - analyze translation units in worker processes -*- C++
//-*-===//
//
// Runs one worker process (Worker.h) per translation unit, at most Jobs at a
// time. A worker that crashes, exits without a result, or runs longer than
// the timeout fails its translation unit with a reason; the others go on.
// Results come back in the order of the files, whatever the parallelism.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_TOOLS_CONCTIDY_PARALLEL_H
#define CONCTIDY_TOOLS_CONCTIDY_PARALLEL_H

#include "Analyzer.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/FunctionExtras.h"
#include "llvm/Support/Error.h"
#include <string>
#include <sys/types.h>
#include <vector>

namespace conctidy::cli {

struct WorkerPlan {
  /// This program.
  std::string Executable;
  /// The compile commands; each worker gets those of its file only.
  const clang::tooling::CompilationDatabase *Database = nullptr;
  /// The arguments the parent was given (without argv[0]); the worker parses
  /// them again for the configuration and the compilation database.
  std::vector<std::string> Arguments;
  /// How many workers run at once (at least 1).
  unsigned Jobs = 1;
  /// A worker running longer than this is killed; 0: no limit.
  unsigned TimeoutSeconds = 0;
  /// The export rounds of --cross-tu: each worker writes its unit's
  /// summaries into this directory (summaryFileFor) instead of analyzing it.
  std::string ExportSummariesDir;
  /// Which export round (1: without linked summaries).
  unsigned ExportRound = 1;
  /// The linked summaries the workers read: in the analysis, and in the
  /// export rounds after the first.
  std::string LinkedSummaries;
  /// --cache-dir: workers record their units' inputs and linked lookups.
  bool DigestInputs = false;
};

/// Called once per file, in the order of the files, as soon as that file
/// and all before it are done.
using InOrderCallback = llvm::function_ref<void(const TranslationUnitResult &)>;
/// Called whenever a file is done, in any order: how many are done of all.
using ProgressCallback =
    llvm::function_ref<void(size_t Done, size_t Total, llvm::StringRef File)>;

/// The summary file of \p File in \p Dir (named by a hash of the path).
std::string summaryFileFor(llvm::StringRef Dir, llvm::StringRef File);

/// Starts \p Args (the program first) with stdin from /dev/null and stdout
/// and stderr into \p LogPath, in a process group of its own (so that it
/// and anything it starts can be killed at once with kill(-pid)); returns
/// its pid, or 0 with \p Error set.
pid_t spawnInOwnGroup(const std::vector<std::string> &Args,
                      llvm::StringRef LogPath, std::string &Error);

/// From now on, SIGINT, SIGTERM and SIGHUP only make pendingInterrupt()
/// return the signal; analyzeInWorkers then stops.
void catchInterrupts();

/// The first of SIGINT, SIGTERM or SIGHUP received since catchInterrupts(),
/// or 0.
int pendingInterrupt();

/// Analyzes \p Files in workers. Each worker runs in a process group of its
/// own and dies with the parent. Fails if no temporary directory can be made
/// for the workers' results, or on an interrupt (pendingInterrupt()), after
/// killing the workers and removing the temporary directory.
llvm::Expected<std::vector<TranslationUnitResult>>
analyzeInWorkers(llvm::ArrayRef<std::string> Files, const WorkerPlan &Plan,
                 InOrderCallback OnResult, ProgressCallback OnProgress);

} // namespace conctidy::cli

#endif // CONCTIDY_TOOLS_CONCTIDY_PARALLEL_H
