//===--- Driver.cpp - what a conctidy run does ----------------------------===//

#include "Driver.h"
#include "Analyzer.h"
#include "ApplyFixes.h"
#include "Baseline.h"
#include "CachedAnalysis.h"
#include "Config.h"
#include "Dependencies.h"
#include "Diff.h"
#include "Findings.h"
#include "Inputs.h"
#include "JsonReport.h"
#include "LinkPhase.h"
#include "OutputFile.h"
#include "Parallel.h"
#include "Progress.h"
#include "Report.h"
#include "ResultCache.h"
#include "SarifReport.h"
#include "Worker.h"
#include "conctidy/Analysis/SummaryFile.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include <chrono>
#include <cstring>

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

/// The current directory, which baselines and SARIF paths are relative to.
static std::string workingDirectory() {
  SmallString<256> Dir;
  if (sys::fs::current_path(Dir))
    return "";
  return std::string(Dir);
}

/// Leaves out the findings that \p Matched marks, from both lists (which
/// describe the same diagnostics); returns how many.
static unsigned dropBaselined(std::vector<clang::tidy::ClangTidyError> &Diags,
                              std::vector<Finding> &Findings,
                              const std::vector<bool> &Matched) {
  std::vector<clang::tidy::ClangTidyError> KeptDiags;
  std::vector<Finding> KeptFindings;
  for (size_t I = 0; I < Findings.size(); ++I) {
    if (Matched[I])
      continue;
    KeptDiags.push_back(std::move(Diags[I]));
    KeptFindings.push_back(std::move(Findings[I]));
  }
  unsigned Dropped = Findings.size() - KeptFindings.size();
  Diags = std::move(KeptDiags);
  Findings = std::move(KeptFindings);
  return Dropped;
}

/// Leaves out the diagnostics that are not on a line \p Changed changes,
/// except compiler errors (the translation unit failed); from both lists.
static void dropUnchanged(std::vector<clang::tidy::ClangTidyError> &Diags,
                          std::vector<Finding> &Findings,
                          const ChangedLines &Changed) {
  std::vector<bool> Drop(Findings.size());
  for (size_t I = 0; I < Findings.size(); ++I)
    Drop[I] =
        !Findings[I].IsCompilerError &&
        !Changed.contains(Findings[I].Where.File, Findings[I].Where.Pos.Line);
  dropBaselined(Diags, Findings, Drop);
}

/// Is \p File a header (analyzed through the translation units that
/// include it)?
static bool isHeader(StringRef File) {
  StringRef Ext = sys::path::extension(File);
  return Ext.empty() || is_contained({".h", ".hh", ".hpp", ".hxx", ".h++",
                                      ".inc", ".inl", ".ipp", ".tcc", ".tpp"},
                                     Ext.lower());
}

/// The translation units to analyze for \p Changed: those of \p Files
/// that it changes, and if it changes headers, those that include one of
/// them (found with clang's dependency scanner, on \p Jobs threads).
static std::vector<std::string>
changedFiles(std::vector<std::string> Files, const ChangedLines &Changed,
             const clang::tooling::CompilationDatabase &Database,
             unsigned Jobs) {
  StringSet<> Selected, Headers;
  for (const std::string &File : Files)
    Selected.insert(File);
  for (const std::string &File : Changed.files())
    if (!Selected.contains(File) && isHeader(File))
      Headers.insert(File);
  std::vector<bool> Including;
  if (!Headers.empty())
    Including = includesAny(Database, Files, Headers, Jobs);
  std::vector<std::string> Kept;
  for (size_t I = 0; I < Files.size(); ++I)
    if (Changed.touches(Files[I]) || (!Including.empty() && Including[I]))
      Kept.push_back(std::move(Files[I]));
  return Kept;
}

static Expected<std::vector<TranslationUnitResult>>
analyze(const CommandLine &CL, const clang::tooling::CompilationDatabase &DB,
        ArrayRef<std::string> Files, CacheUse Cache,
        StringRef LinkedSummaries = "", const SummaryTable *Linked = nullptr) {
  WorkerPlan Plan = workerPlanFor(CL, DB);
  Plan.LinkedSummaries = LinkedSummaries.str();
  ProgressLine Progress(errs(),
                        !CL.Quiet && sys::Process::StandardErrIsDisplayed());
  // What each translation unit printed, and why it failed, in file order.
  auto OnResult = [&](const TranslationUnitResult &Result) {
    if (Result.Log.empty() && Result.Problem.empty())
      return;
    Progress.clear();
    errs() << Result.Log;
    printProblem(Result, errs());
  };
  auto OnProgress = [&](size_t Done, size_t Total, StringRef File) {
    Progress.update(Done, Total, File);
  };
  return runWorkers(Files, Plan, Cache, Linked, OnResult, OnProgress);
}

/// --fix and --export-fixes; false if a file could not be written.
static bool handleFixes(const CommandLine &CL,
                        ArrayRef<clang::tidy::ClangTidyError> Diagnostics,
                        ArrayRef<TranslationUnitResult> Results,
                        StringRef MainFile) {
  if (!CL.Fix && !CL.ExportFixesFile)
    return true;
  ChosenFixes Fixes = chooseFixes(Diagnostics, Results, errs());
  bool Written = true;
  if (CL.ExportFixesFile)
    if (Error Err = exportFixes(Fixes, MainFile, *CL.ExportFixesFile)) {
      errs() << "conctidy: error: " << toString(std::move(Err)) << '\n';
      Written = false;
    }
  if (CL.Fix) {
    if (!applyFixes(Fixes, errs()))
      Written = false;
    else if (!CL.Quiet && Fixes.Suggested)
      errs() << "conctidy: applied " << Fixes.Chosen << " of "
             << Fixes.Suggested << " suggested fix"
             << (Fixes.Suggested == 1 ? "" : "es") << '\n';
  }
  return Written;
}

/// Stopped by \p Signal; the exit code is the shell's for a death by that
/// signal. Signals are checked between the stages of a run, so a file being
/// written when the signal comes is finished, never left half-written.
static ExitCode interrupted(int Signal, bool NothingWritten = true) {
  errs() << "conctidy: interrupted by " << strsignal(Signal)
         << (NothingWritten ? "; no output written" : "") << '\n';
  return static_cast<ExitCode>(128 + Signal);
}

/// Fails if an output file named on the command line cannot be written, so
/// that this is known before a long analysis.
static Error checkOutputs(const CommandLine &CL) {
  for (const std::optional<std::string> &Path :
       {CL.OutputFile, CL.WriteBaselineFile, CL.ExportFixesFile})
    if (Path)
      if (Error Err = checkOutputPath(*Path))
        return Err;
  return Error::success();
}

ExitCode run(CommandLine &CL) {
  if (CL.WorkerFile)
    return runWorker(CL);
  catchInterrupts();
  if (Error Err = checkOutputs(CL))
    return inputError(std::move(Err));
  IntrusiveRefCntPtr<vfs::OverlayFileSystem> BaseFS(
      new vfs::OverlayFileSystem(vfs::getRealFileSystem()));

  auto Start = std::chrono::steady_clock::now();
  Expected<TidyConfig> Config = TidyConfig::create(CL.Config, BaseFS);
  if (!Config)
    return inputError(Config.takeError());
  if (CL.ListChecks)
    return listChecks(CL, *Config);

  std::optional<Baseline> Known;
  if (CL.BaselineFile) {
    Expected<Baseline> Loaded = Baseline::load(*CL.BaselineFile);
    if (!Loaded)
      return inputError(Loaded.takeError());
    Known = std::move(*Loaded);
  }

  Expected<Inputs> In =
      CL.BuildPath ? loadFromBuildPath(*CL.BuildPath, CL.Paths, CL.Excludes)
                   : loadWithFixedFlags(std::move(CL.FixedDatabase), CL.Paths,
                                        CL.Excludes);
  if (!In)
    return inputError(In.takeError());
  std::optional<ChangedLines> Changed;
  if (CL.DiffRevision || CL.DiffFile) {
    Expected<ChangedLines> Read = CL.DiffRevision
                                      ? ChangedLines::fromGit(*CL.DiffRevision)
                                      : ChangedLines::fromFile(*CL.DiffFile);
    if (!Read)
      return inputError(Read.takeError());
    Changed = std::move(*Read);
    bool HadFiles = !In->Files.empty();
    In->Files =
        changedFiles(std::move(In->Files), *Changed, *In->Database, CL.Jobs);
    if (HadFiles && In->Files.empty()) {
      if (!CL.Quiet)
        errs() << "conctidy: the diff changes no file to analyze\n";
      return ExitCode::Clean;
    }
  }
  if (Error Err = Config->validate(In->Files))
    return inputError(std::move(Err));
  if (In->Files.empty() && !CL.Excludes.empty())
    errs() << "conctidy: warning: '--exclude' leaves no files to analyze\n";
  else if (In->Files.empty())
    errs() << "conctidy: warning: the compilation database '"
           << In->DatabasePath << "' lists no files\n";

  // --cache-dir: results of unchanged units are reused.
  std::optional<ResultCache> Cache;
  std::unique_ptr<clang::tidy::ClangTidyOptionsProvider> CacheOptions;
  CacheUse UseCache;
  if (CL.CacheDir) {
    Expected<ResultCache> Opened = ResultCache::open(
        *CL.CacheDir,
        sys::fs::getMainExecutable(CL.Argv0.c_str(),
                                   reinterpret_cast<void *>(&inputError)));
    if (!Opened)
      return inputError(Opened.takeError());
    Cache = std::move(*Opened);
    CacheOptions = Config->makeProvider();
    UseCache = {&*Cache, CacheOptions.get()};
  }

  // --cross-tu: summaries first, then the analysis that reads them.
  std::string LinkedSummaries;
  SummaryTable Linked;
  SmallString<256> TempSummaries;
  auto RemoveTemp = make_scope_exit([&] {
    if (!TempSummaries.empty())
      sys::fs::remove_directories(TempSummaries);
  });
  if (CL.CrossTU && !In->Files.empty()) {
    std::string Dir;
    if (CL.SummariesDir) {
      if (std::error_code EC = sys::fs::create_directories(*CL.SummariesDir))
        return inputError(
            createStringError(EC, "cannot create the summaries directory '" +
                                      *CL.SummariesDir + "': " + EC.message()));
      Dir = *CL.SummariesDir;
    } else {
      if (std::error_code EC = sys::fs::createUniqueDirectory(
              "conctidy-summaries", TempSummaries))
        return inputError(createStringError(
            EC, "cannot create a temporary directory for the summaries: " +
                    EC.message()));
      Dir = std::string(TempSummaries);
    }
    Expected<std::string> LinkedPath =
        linkSummaries(CL, *In->Database, In->Files, Dir, UseCache, Linked);
    if (int Signal = pendingInterrupt())
      return interrupted(Signal);
    if (!LinkedPath)
      return inputError(LinkedPath.takeError());
    LinkedSummaries = std::move(*LinkedPath);
  }

  Expected<std::vector<TranslationUnitResult>> Analyzed =
      analyze(CL, *In->Database, In->Files, UseCache, LinkedSummaries,
              LinkedSummaries.empty() ? nullptr : &Linked);
  if (int Signal = pendingInterrupt())
    return interrupted(Signal);
  if (!Analyzed)
    return inputError(Analyzed.takeError());
  std::vector<TranslationUnitResult> &Results = *Analyzed;

  std::vector<clang::tidy::ClangTidyError> Diagnostics =
      mergeDiagnostics(Results);
  SourceText Sources;
  std::vector<Finding> Findings =
      describeDiagnostics(Diagnostics, Results, Sources);
  std::string BaseDir = workingDirectory();
  if (Changed)
    dropUnchanged(Diagnostics, Findings, *Changed);

  unsigned Baselined = 0;
  if (int Signal = pendingInterrupt())
    return interrupted(Signal);
  if (CL.WriteBaselineFile) {
    Baseline Recorded = Baseline::record(Findings, BaseDir);
    if (Error Err =
            writeFileAtomically(*CL.WriteBaselineFile,
                                [&](raw_ostream &OS) { Recorded.write(OS); }))
      return inputError(std::move(Err));
    Known = std::move(Recorded);
  }
  if (Known)
    Baselined =
        dropBaselined(Diagnostics, Findings, Known->match(Findings, BaseDir));

  Summary S = summarize(Results, Diagnostics);
  S.Baselined = Baselined;
  S.Seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - Start)
          .count();
  if (int Signal = pendingInterrupt())
    return interrupted(Signal, !CL.WriteBaselineFile);
  if (CL.Format == OutputFormat::Text) {
    printDiagnostics(Diagnostics, *Config, BaseFS);
  } else {
    auto Write = [&](raw_ostream &OS) {
      if (CL.Format == OutputFormat::Json)
        writeJsonReport(Findings, Results, S, OS);
      else
        writeSarifReport(Findings, Results, BaseDir, OS);
    };
    if (Error Err = writeFileAtomically(CL.OutputFile.value_or("-"), Write))
      return inputError(std::move(Err));
  }
  bool FixesWritten = handleFixes(CL, Diagnostics, Results,
                                  In->Files.empty() ? "" : In->Files.front());
  if (!CL.Quiet)
    printSummary(S, Known.has_value(), errs());
  if (!FixesWritten)
    return ExitCode::UsageError;
  if (int Signal = pendingInterrupt())
    return interrupted(Signal, /*NothingWritten=*/false);
  return exitCodeFor(S);
}

} // namespace conctidy::cli
