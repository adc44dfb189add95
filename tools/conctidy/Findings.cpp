//===--- Findings.cpp - diagnostics with lines, columns, functions --------===//

#include "Findings.h"
#include "FunctionIndex.h"
#include "Paths.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang::tidy;
using namespace clang::tooling;
using namespace llvm;

namespace conctidy::cli {

std::string normalizeSnippet(StringRef Line) {
  std::string Result;
  bool PendingSpace = false;
  for (char C : Line.trim()) {
    if (isSpace(C)) {
      PendingSpace = true;
      continue;
    }
    if (PendingSpace)
      Result += ' ';
    PendingSpace = false;
    Result += C;
  }
  return Result;
}

static Location locate(StringRef File, unsigned Offset, StringRef BuildDir,
                       SourceText &Sources) {
  Location L;
  L.File = absolutePath(File, BuildDir);
  L.Offset = Offset;
  L.Pos = Sources.position(L.File, Offset);
  return L;
}

static StringRef levelName(ClangTidyError::Level Level) {
  switch (Level) {
  case ClangTidyError::Remark:
    return "remark";
  case ClangTidyError::Warning:
    return "warning";
  case ClangTidyError::Error:
    return "error";
  }
  return "warning";
}

std::vector<Finding>
describeDiagnostics(ArrayRef<ClangTidyError> Diagnostics,
                    ArrayRef<TranslationUnitResult> Results,
                    SourceText &Sources) {
  std::vector<FunctionSpan> Functions;
  for (const TranslationUnitResult &Result : Results)
    Functions.insert(Functions.end(), Result.Functions.begin(),
                     Result.Functions.end());

  std::vector<Finding> All;
  for (const ClangTidyError &Diag : Diagnostics) {
    Finding F;
    F.Check = Diag.DiagnosticName;
    F.Level = levelName(Diag.DiagLevel).str();
    if (Diag.IsWarningAsError)
      F.Level = "error";
    F.IsFinding = isFinding(Diag);
    F.IsCompilerError = isCompilerError(Diag);
    F.Message = Diag.Message.Message;
    F.Where = locate(Diag.Message.FilePath, Diag.Message.FileOffset,
                     Diag.BuildDirectory, Sources);
    F.Function =
        enclosingFunction(Functions, F.Where.File, F.Where.Offset).str();
    F.Snippet = normalizeSnippet(Sources.lineAt(F.Where.File, F.Where.Offset));
    for (const DiagnosticMessage &Note : Diag.Notes)
      F.Notes.push_back({Note.Message, locate(Note.FilePath, Note.FileOffset,
                                              Diag.BuildDirectory, Sources)});
    for (const auto &FileFix : Diag.Message.Fix)
      for (const Replacement &R : FileFix.second) {
        FixEdit Edit;
        Edit.Begin = locate(R.getFilePath(), R.getOffset(), Diag.BuildDirectory,
                            Sources);
        Edit.End =
            Sources.position(Edit.Begin.File, R.getOffset() + R.getLength());
        Edit.Length = R.getLength();
        Edit.Text = R.getReplacementText().str();
        F.Fixes.push_back(std::move(Edit));
      }
    All.push_back(std::move(F));
  }
  return All;
}

} // namespace conctidy::cli
