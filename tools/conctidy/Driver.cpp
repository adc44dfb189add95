//===--- Driver.cpp - what a conctidy run does ----------------------------===//

#include "Driver.h"
#include "Analyzer.h"
#include "Config.h"
#include "Inputs.h"
#include "Parallel.h"
#include "Report.h"
#include "Worker.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace conctidy::cli {

static ExitCode inputError(Error Err) {
  errs() << "conctidy: error: " << toString(std::move(Err)) << '\n';
  return ExitCode::UsageError;
}

/// --list-checks: the checks enabled for the first file named, or for a file
/// in the working directory, as clang-tidy does.
static ExitCode listChecks(const CommandLine &CL, const TidyConfig &Config) {
  SmallString<256> File(CL.Paths.empty() ? "dummy" : CL.Paths.front());
  sys::fs::make_absolute(File);
  printEnabledChecks(Config.enabledChecks(File), outs());
  return ExitCode::Clean;
}

ExitCode run(CommandLine &CL) {
  if (CL.WorkerFile)
    return runWorker(CL);
  IntrusiveRefCntPtr<vfs::OverlayFileSystem> BaseFS(
      new vfs::OverlayFileSystem(vfs::getRealFileSystem()));

  Expected<TidyConfig> Config = TidyConfig::create(CL.Config, BaseFS);
  if (!Config)
    return inputError(Config.takeError());
  if (CL.ListChecks)
    return listChecks(CL, *Config);

  Expected<Inputs> In =
      CL.BuildPath ? loadFromBuildPath(*CL.BuildPath, CL.Paths)
                   : loadWithFixedFlags(std::move(CL.FixedDatabase), CL.Paths);
  if (!In)
    return inputError(In.takeError());
  if (In->Files.empty())
    errs() << "conctidy: warning: the compilation database '"
           << In->DatabasePath << "' lists no files\n";

  // As clang-tidy: targets for parsing inline assembly.
  InitializeAllTargetInfos();
  InitializeAllTargetMCs();
  InitializeAllAsmParsers();

  WorkerPlan Plan;
  Plan.Executable = sys::fs::getMainExecutable(
      CL.Argv0.c_str(), reinterpret_cast<void *>(&inputError));
  Plan.Arguments = CL.Arguments;
  Plan.Jobs = CL.Jobs;
  Plan.TimeoutSeconds = CL.TimeoutSeconds;
  // What each translation unit printed, and why it failed, in file order.
  auto OnResult = [](const TranslationUnitResult &Result) {
    errs() << Result.Log;
    printProblem(Result, errs());
  };
  auto OnProgress = [](size_t, size_t, StringRef) {};
  Expected<std::vector<TranslationUnitResult>> Analyzed =
      analyzeInWorkers(In->Files, Plan, OnResult, OnProgress);
  if (!Analyzed)
    return inputError(Analyzed.takeError());
  std::vector<TranslationUnitResult> &Results = *Analyzed;

  std::vector<clang::tidy::ClangTidyError> Diagnostics =
      mergeDiagnostics(Results);
  printDiagnostics(Diagnostics, *Config, BaseFS);
  Summary S = summarize(Results, Diagnostics);
  if (!CL.Quiet)
    printSummary(S, errs());
  return exitCodeFor(S);
}

} // namespace conctidy::cli
