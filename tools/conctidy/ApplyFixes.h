//===--- ApplyFixes.h - write fix-its to disk or to YAML --------*- C++ -*-===//

#ifndef CONCTIDY_TOOLS_CONCTIDY_APPLYFIXES_H
#define CONCTIDY_TOOLS_CONCTIDY_APPLYFIXES_H

#include "Fixes.h"
#include "llvm/Support/Error.h"

namespace conctidy::cli {

/// --fix: makes the replacements of \p Fixes in their files, each file
/// rewritten at once (OutputFile.h) and keeping its permissions. A file that
/// cannot be changed is left as it was, with an error on \p Errors; returns
/// whether every file was changed.
bool applyFixes(const ChosenFixes &Fixes, llvm::raw_ostream &Errors);

/// --export-fixes: writes the diagnostics of \p Fixes with the fixes chosen
/// to \p Path in clang-tidy's YAML format (what clang-apply-replacements
/// reads), at once. \p MainFile is the file it names as the source.
llvm::Error exportFixes(const ChosenFixes &Fixes, llvm::StringRef MainFile,
                        llvm::StringRef Path);

} // namespace conctidy::cli

#endif // CONCTIDY_TOOLS_CONCTIDY_APPLYFIXES_H
