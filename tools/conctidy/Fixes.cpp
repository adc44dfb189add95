//===--- Fixes.cpp - the fix-its that --fix and --export-fixes use --------===//

#include "Fixes.h"
#include "Paths.h"
#include "Report.h"
#include <set>

using namespace clang::tidy;
using namespace clang::tooling;
using namespace llvm;

namespace conctidy::cli {

/// The keys of the diagnostics that some translation unit that compiled
/// reported.
static std::set<DiagnosticKey>
fromTranslationUnitsThatCompiled(ArrayRef<TranslationUnitResult> Results) {
  std::set<DiagnosticKey> Keys;
  for (const TranslationUnitResult &Result : Results)
    if (!Result.Failed)
      for (const ClangTidyError &Diag : Result.Diagnostics)
        Keys.insert(diagnosticKey(Diag));
  return Keys;
}

namespace {

/// The replacements chosen so far, and the choice for one more fix.
class Chooser {
public:
  explicit Chooser(raw_ostream &Warnings) : Warnings(Warnings) {}

  /// Chooses the fix of \p Diag if it conflicts with none chosen before;
  /// returns its replacements that are new (absolute paths), or nullopt.
  std::optional<StringMap<Replacements>> choose(const ClangTidyError &Diag);

  std::map<std::string, Replacements> take() { return std::move(ByFile); }

private:
  raw_ostream &Warnings;
  std::map<std::string, Replacements> ByFile;
  /// Every replacement chosen, to make each only once.
  std::set<Replacement> Seen;
};

} // namespace

std::optional<StringMap<Replacements>>
Chooser::choose(const ClangTidyError &Diag) {
  std::map<std::string, Replacements> Trial;
  StringMap<Replacements> New;
  for (const auto &[Path, Edits] : Diag.Message.Fix) {
    for (const Replacement &R : Edits) {
      std::string File = absolutePath(R.getFilePath(), Diag.BuildDirectory);
      Replacement Absolute(File, R.getOffset(), R.getLength(),
                           R.getReplacementText());
      if (Seen.count(Absolute))
        continue;
      auto It = Trial.find(File);
      if (It == Trial.end()) {
        auto Chosen = ByFile.find(File);
        It = Trial
                 .emplace(File, Chosen == ByFile.end() ? Replacements()
                                                       : Chosen->second)
                 .first;
      }
      if (Error Err = It->second.add(Absolute)) {
        consumeError(std::move(Err));
        Warnings << "conctidy: warning: a fix of " << Diag.DiagnosticName
                 << " conflicts with another fix in '" << File
                 << "'; it is not applied\n";
        return std::nullopt;
      }
      if (Error Err = New[File].add(Absolute))
        consumeError(std::move(Err)); // cannot conflict: a subset of Trial
    }
  }
  for (auto &[File, Edits] : Trial) {
    for (const Replacement &R : Edits)
      Seen.insert(R);
    ByFile[File] = std::move(Edits);
  }
  return New;
}

ChosenFixes chooseFixes(ArrayRef<ClangTidyError> Diagnostics,
                        ArrayRef<TranslationUnitResult> Results,
                        raw_ostream &Warnings) {
  std::set<DiagnosticKey> Compiled = fromTranslationUnitsThatCompiled(Results);
  Chooser Choose(Warnings);
  ChosenFixes Out;
  for (const ClangTidyError &Diag : Diagnostics) {
    ClangTidyError Exported = Diag;
    Exported.Message.Fix.clear();
    if (!Diag.Message.Fix.empty()) {
      ++Out.Suggested;
      if (!Compiled.count(diagnosticKey(Diag))) {
        Warnings << "conctidy: warning: a fix of " << Diag.DiagnosticName
                 << " in '"
                 << absolutePath(Diag.Message.FilePath, Diag.BuildDirectory)
                 << "', whose translation unit does not compile, is not "
                    "applied\n";
      } else if (std::optional<StringMap<Replacements>> New =
                     Choose.choose(Diag)) {
        ++Out.Chosen;
        Exported.Message.Fix = std::move(*New);
      }
    }
    Out.Diagnostics.push_back(std::move(Exported));
  }
  Out.ByFile = Choose.take();
  return Out;
}

} // namespace conctidy::cli
