//===--- Report.cpp - print what conctidy found ---------------------------===//

#include "Report.h"
#include "Config.h"
#include "Paths.h"
#include "clang-tidy/ClangTidy.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include <map>
#include <set>
#include <tuple>

using namespace clang::tidy;
using namespace llvm;

namespace conctidy::cli {

static std::string absoluteFile(const ClangTidyError &Diag) {
  return absolutePath(Diag.Message.FilePath, Diag.BuildDirectory);
}

DiagnosticKey diagnosticKey(const ClangTidyError &Diag) {
  return DiagnosticKey(absoluteFile(Diag), Diag.Message.FileOffset,
                       Diag.DiagnosticName, Diag.Message.Message);
}

std::vector<ClangTidyError>
mergeDiagnostics(ArrayRef<TranslationUnitResult> Results) {
  // Each result is sorted by location already. Order all of them by location
  // and, at one location, by where they came from, which keeps each result's
  // own order.
  std::vector<const ClangTidyError *> All;
  for (const TranslationUnitResult &Result : Results)
    for (const ClangTidyError &Diag : Result.Diagnostics)
      All.push_back(&Diag);
  std::vector<size_t> Arrival(All.size());
  for (size_t I = 0; I < All.size(); ++I)
    Arrival[I] = I;
  llvm::sort(Arrival, [&](size_t A, size_t B) {
    const clang::tooling::DiagnosticMessage &MA = All[A]->Message;
    const clang::tooling::DiagnosticMessage &MB = All[B]->Message;
    return std::tie(MA.FilePath, MA.FileOffset, A) <
           std::tie(MB.FilePath, MB.FileOffset, B);
  });

  std::set<DiagnosticKey> Seen;
  std::vector<ClangTidyError> Unique;
  for (size_t I : Arrival) {
    const ClangTidyError &Diag = *All[I];
    if (Seen.insert(diagnosticKey(Diag)).second)
      Unique.push_back(Diag);
  }
  return Unique;
}

void printProblem(const TranslationUnitResult &Result, raw_ostream &OS) {
  if (!Result.Problem.empty())
    OS << Result.File << ": analysis failed: " << Result.Problem << '\n';
}

void printDiagnostics(ArrayRef<ClangTidyError> Diagnostics,
                      const TidyConfig &Config,
                      IntrusiveRefCntPtr<vfs::FileSystem> BaseFS) {
  // handleErrors only asks the context whether to use colors.
  ClangTidyContext Context(Config.makeProvider());
  unsigned WarningsAsErrors = 0;
  handleErrors(Diagnostics, Context, FB_NoFix, WarningsAsErrors,
               std::move(BaseFS));
  outs().flush();
}

Summary summarize(ArrayRef<TranslationUnitResult> Results,
                  ArrayRef<ClangTidyError> Diagnostics) {
  Summary S;
  S.TranslationUnits = Results.size();
  S.Failed = count_if(Results, [](const TranslationUnitResult &Result) {
    return Result.Failed;
  });
  StringSet<> Files;
  std::map<std::string, unsigned> ByCheck;
  for (const ClangTidyError &Diag : Diagnostics) {
    if (!isFinding(Diag))
      continue;
    ++S.Findings;
    ++ByCheck[Diag.DiagnosticName];
    Files.insert(absoluteFile(Diag));
  }
  S.FilesWithFindings = Files.size();
  S.ByCheck.assign(ByCheck.begin(), ByCheck.end());
  return S;
}

static void printCount(raw_ostream &OS, unsigned N, StringRef Singular,
                       StringRef Plural) {
  OS << N << ' ' << (N == 1 ? Singular : Plural);
}

void printSummary(const Summary &S, bool WithBaseline, raw_ostream &OS) {
  OS << "conctidy: ";
  printCount(OS, S.Findings, "finding", "findings");
  if (!S.ByCheck.empty()) {
    OS << " (";
    ListSeparator Sep;
    for (const auto &[Check, N] : S.ByCheck)
      OS << Sep << Check << ": " << N;
    OS << ")";
  }
  OS << " in ";
  printCount(OS, S.FilesWithFindings, "file", "files");
  if (WithBaseline)
    OS << " (" << S.Baselined << " in the baseline)";
  OS << "; ";
  printCount(OS, S.TranslationUnits, "translation unit", "translation units");
  OS << " analyzed, " << S.Failed << " failed, in " << format("%.1f", S.Seconds)
     << " s\n";
}

ExitCode exitCodeFor(const Summary &S) {
  if (S.Failed)
    return ExitCode::AnalysisFailed;
  if (S.Findings)
    return ExitCode::Findings;
  return ExitCode::Clean;
}

void printEnabledChecks(ArrayRef<std::string> Checks, raw_ostream &OS) {
  OS << "Enabled checks:";
  for (const std::string &Check : Checks)
    OS << "\n    " << Check;
  OS << "\n\n";
}

} // namespace conctidy::cli
