//===--- Progress.h - a progress line on a terminal -------------*- C++ -*-===//
//
// "[12/120] src/net/parser.cpp" on stderr, rewritten in place as translation
// units finish; only when stderr is a terminal and --quiet is not given, so
// logs and CI output never contain it. Anything else printed to stderr must
// clear it first.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_TOOLS_CONCTIDY_PROGRESS_H
#define CONCTIDY_TOOLS_CONCTIDY_PROGRESS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

namespace conctidy::cli {

class ProgressLine {
public:
  ProgressLine(llvm::raw_ostream &OS, bool Enabled)
      : OS(OS), Enabled(Enabled) {}
  ~ProgressLine() { clear(); }

  void update(size_t Done, size_t Total, llvm::StringRef File);
  /// Erases the line, if shown.
  void clear();

private:
  llvm::raw_ostream &OS;
  bool Enabled;
  bool Shown = false;
};

} // namespace conctidy::cli

#endif // CONCTIDY_TOOLS_CONCTIDY_PROGRESS_H
