//===--- CachedAnalysis.cpp - workers behind the result cache -------------===//

#include "CachedAnalysis.h"
#include "OutputFile.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace conctidy::cli {

/// The compile commands a worker gets for \p File (directories absolute).
static std::vector<clang::tooling::CompileCommand>
commandsFor(const clang::tooling::CompilationDatabase &Database,
            StringRef File) {
  std::vector<clang::tooling::CompileCommand> Commands =
      Database.getCompileCommands(File);
  for (clang::tooling::CompileCommand &Command : Commands) {
    SmallString<256> Directory(Command.Directory);
    sys::fs::make_absolute(Directory);
    Command.Directory = std::string(Directory);
  }
  return Commands;
}

Expected<std::vector<TranslationUnitResult>> analyzeWithCache(
    ArrayRef<std::string> Files, WorkerPlan Plan, ResultCache &Cache,
    clang::tidy::ClangTidyOptionsProvider &Options, const SummaryTable *Linked,
    InOrderCallback OnResult, ProgressCallback OnProgress) {
  bool Export = !Plan.ExportSummariesDir.empty();
  // Each export round has a key of its own, so that a warm run finds every
  // round's result of a unit, each checked against that round's table.
  std::string Pass =
      Export ? (Plan.ExportRound == 1
                    ? std::string("export-summaries")
                    : "export-summaries-round" + std::to_string(Plan.ExportRound))
      : !Plan.LinkedSummaries.empty() ? "analyze-linked"
                                      : "analyze";
  Cache.useNewLinkedTable();
  std::vector<std::optional<TranslationUnitResult>> Results(Files.size());
  std::vector<std::string> Keys(Files.size());
  std::vector<std::string> Missed;
  std::vector<size_t> MissedIndex;
  for (size_t I = 0; I < Files.size(); ++I) {
    std::vector<clang::tooling::CompileCommand> Commands =
        commandsFor(*Plan.Database, Files[I]);
    if (Commands.empty()) { // The workers say why.
      Missed.push_back(Files[I]);
      MissedIndex.push_back(I);
      continue;
    }
    Keys[I] = Cache.keyFor(
        Commands,
        clang::tidy::configurationAsText(Options.getOptions(Files[I])), Pass);
    std::optional<CachedUnit> Unit =
        Cache.lookup(Keys[I], Files[I], Linked, errs());
    // The first pass's summary file goes back where the link phase reads
    // it; if it cannot be written, the unit runs again.
    if (Unit && Export &&
        writeFileAtomically(summaryFileFor(Plan.ExportSummariesDir, Files[I]),
                            [&](raw_ostream &OS) { OS << Unit->Summaries; }))
      Unit.reset();
    if (!Unit) {
      Missed.push_back(Files[I]);
      MissedIndex.push_back(I);
      continue;
    }
    Results[I] = std::move(Unit->Result);
    OnProgress(I + 1 - Missed.size(), Files.size(), Files[I]);
  }

  size_t FromCache = Files.size() - Missed.size();
  Plan.DigestInputs = true;
  Expected<std::vector<TranslationUnitResult>> Ran = analyzeInWorkers(
      Missed, Plan, [](const TranslationUnitResult &) {},
      [&](size_t Done, size_t, StringRef File) {
        OnProgress(FromCache + Done, Files.size(), File);
      });
  if (!Ran)
    return Ran.takeError();
  for (size_t J = 0; J < Missed.size(); ++J) {
    size_t I = MissedIndex[J];
    TranslationUnitResult &Result = (*Ran)[J];
    // Only a unit that ran is kept: a crash or a timeout may not repeat.
    if (Result.Problem.empty() && !Keys[I].empty()) {
      CachedUnit Unit;
      Unit.Result = Result;
      bool Complete = true;
      if (Export) {
        ErrorOr<std::unique_ptr<MemoryBuffer>> Summaries =
            MemoryBuffer::getFile(
                summaryFileFor(Plan.ExportSummariesDir, Files[I]));
        Complete = static_cast<bool>(Summaries);
        if (Summaries)
          Unit.Summaries = (*Summaries)->getBuffer().str();
      }
      if (Complete)
        Cache.store(Keys[I], Unit, errs());
    }
    Results[I] = std::move(Result);
  }

  std::vector<TranslationUnitResult> All;
  All.reserve(Files.size());
  for (std::optional<TranslationUnitResult> &Result : Results) {
    OnResult(*Result);
    All.push_back(std::move(*Result));
  }
  if (getenv("CONCTIDY_CACHE_STATS"))
    errs() << "conctidy: cache (" << Pass << "): " << FromCache << " of "
           << Files.size() << " translation units reused\n";
  return std::move(All);
}

WorkerPlan workerPlanFor(const CommandLine &CL,
                         const clang::tooling::CompilationDatabase &DB) {
  WorkerPlan Plan;
  Plan.Database = &DB;
  Plan.Executable = sys::fs::getMainExecutable(
      CL.Argv0.c_str(), reinterpret_cast<void *>(&workerPlanFor));
  Plan.Arguments = CL.Arguments;
  Plan.Jobs = CL.Jobs;
  Plan.TimeoutSeconds = CL.TimeoutSeconds;
  return Plan;
}

Expected<std::vector<TranslationUnitResult>>
runWorkers(ArrayRef<std::string> Files, const WorkerPlan &Plan, CacheUse Cache,
           const SummaryTable *Linked, InOrderCallback OnResult,
           ProgressCallback OnProgress) {
  if (!Cache.Cache)
    return analyzeInWorkers(Files, Plan, OnResult, OnProgress);
  return analyzeWithCache(Files, Plan, *Cache.Cache, *Cache.Options, Linked,
                          OnResult, OnProgress);
}

} // namespace conctidy::cli
