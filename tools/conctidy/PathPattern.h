//===--- PathPattern.h - globs over the files of a database -----*- C++ -*-===//
//
// The positional paths and --exclude take glob patterns, matched against
// absolute paths one component at a time: '*', '?', '[...]' and '{a,b}'
// within a component (never across '/'), and '**' as a whole component for
// any number of directories, none included.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_TOOLS_CONCTIDY_PATHPATTERN_H
#define CONCTIDY_TOOLS_CONCTIDY_PATHPATTERN_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/GlobPattern.h"
#include <memory>
#include <string>
#include <vector>

namespace conctidy::cli {

/// Does \p Path have glob characters ('*', '?', '[' or '{'), so that it is
/// a pattern rather than the name of a file?
bool isPattern(llvm::StringRef Path);

class PathPattern {
public:
  /// Compiles \p Pattern, made absolute against the working directory.
  static llvm::Expected<PathPattern> create(llvm::StringRef Pattern);

  /// Does \p File (absolute, without '.' or '..') match?
  bool matches(llvm::StringRef File) const;

  /// The pattern as the user gave it.
  llvm::StringRef text() const { return Text; }

private:
  /// One component of the pattern; '**' has no glob.
  struct Component {
    bool AnyDepth = false;
    /// The text that Glob refers to, where moves do not change it.
    std::unique_ptr<std::string> Text;
    llvm::GlobPattern Glob;
  };
  bool matchFrom(size_t P, llvm::ArrayRef<llvm::StringRef> Parts) const;

  std::string Text;
  std::vector<Component> Components;
};

} // namespace conctidy::cli

#endif // CONCTIDY_TOOLS_CONCTIDY_PATHPATTERN_H
