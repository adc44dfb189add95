//===--- LinkPhase.cpp - the summaries passes of --cross-tu ---------------===//

#include "LinkPhase.h"
#include "InputDigests.h"
#include "OutputFile.h"
#include "Progress.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"
#include <chrono>
#include <optional>

using namespace llvm;

namespace conctidy::cli {

namespace {

/// What an export round's units depend on: per unit, the functions of
/// other units it looked up, each with what it found (relevantDigest).
class LookupsPerUnit {
public:
  explicit LookupsPerUnit(size_t Units) : Found(Units) {}

  /// Unit \p I was exported against \p Table and looked up what \p Result
  /// says.
  void record(size_t I, const TranslationUnitResult &Result,
              const SummaryTable &Table) {
    Found[I].clear();
    for (const auto &[USR, Digest] : Result.LinkedLookups) {
      Found[I].emplace_back(USR, relevantDigest(Table, USR));
      Asked.insert(USR);
    }
  }

  /// Marks the functions of \p Linked that some unit looked up.
  void markCalled(SummaryTable &Linked) const {
    for (const auto &USR : Asked)
      Linked.markCalledElsewhere(USR.getKey());
  }

  /// Does some unit look up a function of \p Unit?
  bool isCalled(const SummaryTable &Unit) const {
    return any_of(Unit.functions(),
                  [&](const auto &F) { return Asked.contains(F.first); });
  }

  /// Does unit \p I find something else in \p Table than when it was last
  /// exported?
  bool changed(size_t I, const SummaryTable &Table) {
    for (const auto &[USR, Digest] : Found[I])
      if (relevantDigest(Table, USR) != Digest)
        return true;
    return false;
  }

  /// The digests below are of \p Table's entries from now on.
  void digestsOf(const SummaryTable *Table) {
    if (Table != Digested)
      Digests.clear();
    Digested = Table;
  }

private:
  /// The digest of \p USR's entry in \p Table, or "" when there is none or
  /// it says nothing: a unit that did not find a function took it for
  /// unknown, which can only leave it out, never make it wrong, so an entry
  /// that says nothing is no reason to summarize the unit again.
  const std::string &relevantDigest(const SummaryTable &Table,
                                    StringRef USR) {
    digestsOf(&Table);
    auto [It, New] = Digests.try_emplace(USR);
    if (New) {
      const PortableSummary *S = Table.find(USR);
      if (S && !S->saysNothing())
        It->second = digestOf(Table.entryText(USR));
    }
    return It->second;
  }

  std::vector<std::vector<std::pair<std::string, std::string>>> Found;
  /// Every function some unit looked up (in any round).
  StringSet<> Asked;
  StringMap<std::string> Digests;
  const SummaryTable *Digested = nullptr;
};

/// The union of the tables of \p PerUnit (deterministic: sorted by USR).
SummaryTable mergeAll(ArrayRef<std::optional<SummaryTable>> PerUnit) {
  SummaryTable All;
  for (const std::optional<SummaryTable> &Table : PerUnit)
    if (Table)
      All.merge(*Table);
  return All;
}

double secondsSince(std::chrono::steady_clock::time_point Start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - Start)
      .count();
}

} // namespace

Expected<std::string>
linkSummaries(const CommandLine &CL,
              const clang::tooling::CompilationDatabase &DB,
              ArrayRef<std::string> Files, StringRef Dir, CacheUse Cache,
              SummaryTable &Linked) {
  WorkerPlan Plan = workerPlanFor(CL, DB);
  Plan.ExportSummariesDir = Dir.str();
  SmallString<256> LinkedPath(Dir);
  sys::path::append(LinkedPath, "linked.summaries.json");
  ProgressLine Progress(errs(),
                        !CL.Quiet && sys::Process::StandardErrIsDisplayed());
  auto OnProgress = [&](size_t Done, size_t Total, StringRef File) {
    Progress.update(Done, Total, File);
  };
  bool Timing = !CL.Quiet && getenv("CONCTIDY_LINK_TIMING");

  // Each unit's own table, read back after each of its exports.
  std::vector<std::optional<SummaryTable>> PerUnit(Files.size());
  LookupsPerUnit Lookups(Files.size());
  std::vector<bool> Failed(Files.size());
  std::vector<size_t> Units(Files.size());
  for (size_t I = 0; I < Files.size(); ++I)
    Units[I] = I;
  SummaryTable Current; // What the round's units read (none in the first).
  double LinkSeconds = 0;
  for (unsigned Round = 1;; ++Round) {
    std::vector<std::string> RoundFiles;
    for (size_t I : Units)
      RoundFiles.push_back(Files[I]);
    Plan.ExportRound = Round;
    Plan.LinkedSummaries = Round == 1 ? "" : std::string(LinkedPath);
    // The analysis reports what fails to compile.
    Expected<std::vector<TranslationUnitResult>> Exported =
        runWorkers(RoundFiles, Plan, Cache, Round == 1 ? nullptr : &Current,
                   [](const TranslationUnitResult &) {}, OnProgress);
    Progress.clear();
    if (!Exported)
      return Exported.takeError();

    auto Start = std::chrono::steady_clock::now();
    size_t Changed = 0;
    for (size_t J = 0; J < Units.size(); ++J) {
      size_t I = Units[J];
      const TranslationUnitResult &Result = (*Exported)[J];
      // A unit that failed keeps its last table (none in the first round)
      // and is not exported again.
      if (!Result.Problem.empty() && Round > 1) {
        Failed[I] = true;
        continue;
      }
      Expected<SummaryTable> Table =
          SummaryTable::read(summaryFileFor(Dir, Files[I]));
      if (!Table) {
        if (Round == 1)
          errs() << "conctidy: warning: " << toString(Table.takeError())
                 << "; the functions of '" << Files[I]
                 << "' are unknown to the other translation units\n";
        else
          consumeError(Table.takeError());
        continue;
      }
      if (Round > 1 && PerUnit[I] &&
          PerUnit[I]->functions() != Table->functions())
        ++Changed;
      PerUnit[I] = std::move(*Table);
      Lookups.record(I, Result, Current);
    }
    if (Timing && Round > 1)
      errs() << "conctidy: link round " << Round << ": " << Changed << " of "
             << Units.size() << " changed their summaries\n";
    Current = mergeAll(PerUnit);
    Lookups.digestsOf(nullptr); // Current is another table now.
    LinkSeconds += secondsSince(Start);
    if (Round == CL.CrossTURounds)
      break;
    // The next round: the units that find something new, whichever round
    // they were last exported in, and that define a function another unit
    // asks about (a unit nobody calls into, such as a test's, is not
    // summarized again: the analysis reads its bodies).
    Units.clear();
    for (size_t I = 0; I < Files.size(); ++I)
      if (PerUnit[I] && !Failed[I] && Lookups.isCalled(*PerUnit[I]) &&
          Lookups.changed(I, Current))
        Units.push_back(I);
    if (Timing)
      errs() << "conctidy: link round " << Round + 1 << ": " << Units.size()
             << " of " << Files.size()
             << " translation units find changed summaries\n";
    if (Units.empty())
      break;
    if (Error Err = writeFileAtomically(
            LinkedPath, [&](raw_ostream &OS) { Current.write(OS); }))
      return std::move(Err);
  }
  auto Start = std::chrono::steady_clock::now();
  Lookups.markCalled(Current);
  if (Error Err = writeFileAtomically(
          LinkedPath, [&](raw_ostream &OS) { Current.write(OS); }))
    return std::move(Err);
  Linked = std::move(Current);
  LinkSeconds += secondsSince(Start);
  if (Timing) {
    errs() << "conctidy: linked " << Linked.size() << " function summaries of "
           << Files.size() << " translation units in "
           << format("%.3f", LinkSeconds) << " s\n";
    size_t Cut = count_if(Linked.functions(),
                          [](const auto &F) { return F.second.AccessesCut; });
    if (Cut)
      errs() << "conctidy: " << Cut << " of them had more than "
             << MaxPortableAccesses
             << " accesses in a part; the linked table keeps "
             << MaxPortableAccesses << " of each\n";
  }
  return std::string(LinkedPath);
}

} // namespace conctidy::cli
