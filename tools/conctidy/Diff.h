//===--- Diff.h - the lines a patch changes ---------------------*- C++ -*-===//
//
// --diff=<rev> and --diff-file=<patch>: the lines that a unified diff adds or
// changes, per file, so that conctidy analyzes only the translation units of
// the changed files and reports only the findings on changed lines, as
// clang-tidy-diff.py does. Paths are read as `patch -p1` (and
// clang-tidy-diff.py -p1) reads them: the first component ("b/") is dropped.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_TOOLS_CONCTIDY_DIFF_H
#define CONCTIDY_TOOLS_CONCTIDY_DIFF_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <map>
#include <set>
#include <string>
#include <vector>

namespace conctidy::cli {

class ChangedLines {
public:
  /// Reads the unified diff \p Patch; its paths are relative to \p BaseDir.
  /// \p Source names the patch in error messages.
  static llvm::Expected<ChangedLines>
  parse(llvm::StringRef Patch, llvm::StringRef BaseDir, llvm::StringRef Source);

  /// Reads the patch in \p Path ("-": stdin); paths are relative to the
  /// working directory.
  static llvm::Expected<ChangedLines> fromFile(llvm::StringRef Path);

  /// Runs `git diff -U0 <Rev>` in the working directory; paths are relative
  /// to the top of the repository.
  static llvm::Expected<ChangedLines> fromGit(llvm::StringRef Rev);

  /// Does the patch add or change line \p Line (1-based) of \p File (an
  /// absolute path)?
  bool contains(llvm::StringRef File, unsigned Line) const;

  /// Does the patch add or change a line of \p File?
  bool touches(llvm::StringRef File) const { return Lines.count(File.str()); }

  /// The changed files (absolute), sorted.
  std::vector<std::string> files() const;

private:
  std::map<std::string, std::set<unsigned>> Lines;
};

} // namespace conctidy::cli

#endif // CONCTIDY_TOOLS_CONCTIDY_DIFF_H
