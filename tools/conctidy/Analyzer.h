//===--- Analyzer.h - analyze one translation unit --------------*- C++ -*-===//
//
// Runs the enabled checks over one translation unit and returns what they
// found, without printing anything. Each call has its own clang-tidy context,
// so that translation units can later be analyzed in parallel.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_TOOLS_CONCTIDY_ANALYZER_H
#define CONCTIDY_TOOLS_CONCTIDY_ANALYZER_H

#include "FunctionIndex.h"
#include "InputDigests.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/IntrusiveRefCntPtr.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <string>
#include <vector>

namespace conctidy::cli {

class TidyConfig;

/// What analyzing one translation unit produced.
struct TranslationUnitResult {
  /// The main file (absolute).
  std::string File;
  /// All diagnostics clang-tidy kept: check findings with their notes, and
  /// compiler diagnostics.
  std::vector<clang::tidy::ClangTidyError> Diagnostics;
  /// The translation unit could not be (fully) analyzed: it does not
  /// compile, or Problem says why it was not run.
  bool Failed = false;
  /// Why the translation unit was not run at all, or why its analysis
  /// failed (a crash, a timeout); empty if it ran.
  std::string Problem;
  /// The function definitions of the translation unit, if the hidden
  /// function index check was enabled.
  std::vector<FunctionSpan> Functions;
  /// What the analysis printed to stderr (e.g. "Error while processing"),
  /// replayed by the parent in the order of the translation units.
  std::string Log;
  /// With --cache-dir: every file the unit read, with its digest.
  std::vector<InputDigest> Inputs;
  /// With --cache-dir and --cross-tu: the functions the analysis looked up
  /// in the linked summaries, each with the digest of the entry it found
  /// ("" for none).
  std::vector<std::pair<std::string, std::string>> LinkedLookups;
};

/// Is \p Diag a finding of a conctidy check (conc-*)?
bool isFinding(const clang::tidy::ClangTidyError &Diag);

/// Is \p Diag a compiler error, which means the translation unit could not
/// be analyzed?
bool isCompilerError(const clang::tidy::ClangTidyError &Diag);

/// Analyzes \p File, compiled as \p Database says, with the checks \p Config
/// enables for it.
TranslationUnitResult analyzeTranslationUnit(
    const clang::tooling::CompilationDatabase &Database, llvm::StringRef File,
    const TidyConfig &Config,
    llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> BaseFS);

} // namespace conctidy::cli

#endif // CONCTIDY_TOOLS_CONCTIDY_ANALYZER_H
