//===--- Findings.h - diagnostics with lines, columns, functions -*- C++
//-*-===//
//
// The merged diagnostics of a run, described for the structured reports (JSON,
// SARIF) and the baseline: absolute files, lines and columns, the enclosing
// function, the normalized text of the line, notes and fix-its.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_TOOLS_CONCTIDY_FINDINGS_H
#define CONCTIDY_TOOLS_CONCTIDY_FINDINGS_H

#include "Analyzer.h"
#include "SourceText.h"
#include "llvm/ADT/ArrayRef.h"
#include <string>
#include <vector>

namespace conctidy::cli {

struct Location {
  std::string File; // absolute
  unsigned Offset = 0;
  Position Pos;
};

struct FindingNote {
  std::string Message;
  Location Where;
};

/// A fix-it: replace [Offset, Offset + Length) of File with Text.
struct FixEdit {
  Location Begin;
  Position End;
  unsigned Length = 0;
  std::string Text;
};

struct Finding {
  std::string Check;
  /// "warning" or "error" ("remark" is not produced by clang-tidy).
  std::string Level;
  /// A conc-* finding, rather than a compiler diagnostic.
  bool IsFinding = false;
  /// A compiler error: the translation unit failed.
  bool IsCompilerError = false;
  std::string Message;
  Location Where;
  /// The qualified name of the enclosing function; empty outside functions.
  std::string Function;
  /// The line of the finding with runs of whitespace made one space.
  std::string Snippet;
  std::vector<FindingNote> Notes;
  std::vector<FixEdit> Fixes;
};

/// Describes \p Diagnostics (merged, as printed); \p Results give the
/// function spans.
std::vector<Finding>
describeDiagnostics(llvm::ArrayRef<clang::tidy::ClangTidyError> Diagnostics,
                    llvm::ArrayRef<TranslationUnitResult> Results,
                    SourceText &Sources);

/// \p Line with leading and trailing whitespace removed and inner runs of
/// whitespace made one space.
std::string normalizeSnippet(llvm::StringRef Line);

} // namespace conctidy::cli

#endif // CONCTIDY_TOOLS_CONCTIDY_FINDINGS_H
