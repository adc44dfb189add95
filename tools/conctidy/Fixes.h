//===--- Fixes.h - the fix-its that --fix and --export-fixes use -*- C++
//-*-===//
//
// Chooses the fix-its of a run that can be applied together, as
// clang-apply-replacements does: a replacement suggested more than once (a
// header included by several translation units) is made once, and the fix of
// a diagnostic that conflicts with a fix already chosen is skipped whole,
// with a warning naming the file.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_TOOLS_CONCTIDY_FIXES_H
#define CONCTIDY_TOOLS_CONCTIDY_FIXES_H

#include "Analyzer.h"
#include "clang/Tooling/Core/Replacement.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/raw_ostream.h"
#include <map>
#include <string>
#include <vector>

namespace conctidy::cli {

struct ChosenFixes {
  /// The replacements to make, per absolute file: conflict-free, each once.
  std::map<std::string, clang::tooling::Replacements> ByFile;
  /// The diagnostics, with the replacements chosen from their fix (absolute
  /// paths) and no fix if it was skipped, for --export-fixes.
  std::vector<clang::tidy::ClangTidyError> Diagnostics;
  /// Diagnostics that suggested a fix, and those whose fix was chosen.
  unsigned Suggested = 0;
  unsigned Chosen = 0;
};

/// Chooses among the fixes of \p Diagnostics (merged, in order; a fix of a
/// warning, not of its notes, as clang-tidy's --fix). Fixes of diagnostics
/// that only translation units that failed reported are skipped, since their
/// code did not compile. Warnings go to \p Warnings.
ChosenFixes chooseFixes(llvm::ArrayRef<clang::tidy::ClangTidyError> Diagnostics,
                        llvm::ArrayRef<TranslationUnitResult> Results,
                        llvm::raw_ostream &Warnings);

} // namespace conctidy::cli

#endif // CONCTIDY_TOOLS_CONCTIDY_FIXES_H
