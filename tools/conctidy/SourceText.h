//===--- SourceText.h - lines and columns of source files -------*- C++ -*-===//
//
// clang-tidy's diagnostics carry byte offsets; the JSON and SARIF reports and
// the baseline need lines, columns and the text of lines. Files are read once
// and kept.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_TOOLS_CONCTIDY_SOURCETEXT_H
#define CONCTIDY_TOOLS_CONCTIDY_SOURCETEXT_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MemoryBuffer.h"
#include <memory>
#include <vector>

namespace conctidy::cli {

/// A 1-based line and a 1-based column counted in bytes, as clang's.
struct Position {
  unsigned Line = 0;
  unsigned Column = 0;
};

class SourceText {
public:
  /// The position of \p Offset in \p File; {0, 0} if the file cannot be read
  /// or is shorter.
  Position position(llvm::StringRef File, unsigned Offset);

  /// The text of the line that contains \p Offset, without its line break;
  /// empty if unknown.
  llvm::StringRef lineAt(llvm::StringRef File, unsigned Offset);

private:
  struct Text {
    std::unique_ptr<llvm::MemoryBuffer> Buffer;
    /// Offsets of the line starts.
    std::vector<unsigned> LineStarts;
  };
  const Text *get(llvm::StringRef File);

  llvm::StringMap<std::unique_ptr<Text>> Files;
};

} // namespace conctidy::cli

#endif // CONCTIDY_TOOLS_CONCTIDY_SOURCETEXT_H
