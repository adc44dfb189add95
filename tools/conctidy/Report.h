//===--- Report.h - print what conctidy found -------------------*- C++ -*-===//
//
// Turns the results of the analyzed translation units into output: the
// diagnostics in clang-tidy's format on stdout, a summary on stderr, and the
// exit code. Other formats (SARIF, JSON) belong here too.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_TOOLS_CONCTIDY_REPORT_H
#define CONCTIDY_TOOLS_CONCTIDY_REPORT_H

#include "Analyzer.h"
#include "ExitCode.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/raw_ostream.h"
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace conctidy::cli {

/// What makes two diagnostics the same one (e.g. in a header that several
/// translation units include): absolute file, offset, check and message.
using DiagnosticKey =
    std::tuple<std::string, unsigned, std::string, std::string>;
DiagnosticKey diagnosticKey(const clang::tidy::ClangTidyError &Diag);

/// The diagnostics of all \p Results, ordered by file and offset, with the
/// repeats of one diagnostic (e.g. in a header that several translation
/// units include) dropped. For one translation unit this is clang-tidy's
/// own order.
std::vector<clang::tidy::ClangTidyError>
mergeDiagnostics(llvm::ArrayRef<TranslationUnitResult> Results);

/// Prints why \p Result failed, if it failed other than by not compiling:
/// "<file>: analysis failed: <reason>".
void printProblem(const TranslationUnitResult &Result, llvm::raw_ostream &OS);

/// Prints \p Diagnostics to stdout exactly as clang-tidy does.
void printDiagnostics(llvm::ArrayRef<clang::tidy::ClangTidyError> Diagnostics,
                      const TidyConfig &Config,
                      llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> BaseFS);

struct Summary {
  unsigned Findings = 0;
  unsigned FilesWithFindings = 0;
  /// Findings left out because the baseline has them.
  unsigned Baselined = 0;
  unsigned TranslationUnits = 0;
  unsigned Failed = 0;
  /// Findings per check, sorted by check name.
  std::vector<std::pair<std::string, unsigned>> ByCheck;
  /// Wall time of the whole run.
  double Seconds = 0;
};

Summary summarize(llvm::ArrayRef<TranslationUnitResult> Results,
                  llvm::ArrayRef<clang::tidy::ClangTidyError> Diagnostics);

/// "conctidy: 3 findings (conc-a: 2, conc-b: 1) in 2 files; 5 translation
/// units analyzed, 0 failed, in 1.2 s"; with a baseline, "... in 2 files
/// (3 in the baseline); ...".
void printSummary(const Summary &S, bool WithBaseline, llvm::raw_ostream &OS);

ExitCode exitCodeFor(const Summary &S);

/// Prints \p Checks the way clang-tidy's --list-checks does.
void printEnabledChecks(llvm::ArrayRef<std::string> Checks,
                        llvm::raw_ostream &OS);

} // namespace conctidy::cli

#endif // CONCTIDY_TOOLS_CONCTIDY_REPORT_H
