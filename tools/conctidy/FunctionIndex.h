//===--- FunctionIndex.h - where the functions of a TU are ------*- C++ -*-===//
//
// A hidden clang-tidy check, conctidy-internal-function-index, that records
// the source span and qualified name of every function definition outside
// system headers. It reports nothing. The worker enables it so that each
// finding can be attributed to its enclosing function, which keys baselines
// and fills SARIF's logical locations; the diagnostics of clang-tidy only
// carry file offsets.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_TOOLS_CONCTIDY_FUNCTIONINDEX_H
#define CONCTIDY_TOOLS_CONCTIDY_FUNCTIONINDEX_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace conctidy::cli {

/// A function definition: [Begin, End] byte offsets in File (absolute).
struct FunctionSpan {
  std::string File;
  unsigned Begin = 0;
  unsigned End = 0;
  std::string Name;
};

/// The name of the hidden check.
inline constexpr char FunctionIndexCheckName[] =
    "conctidy-internal-function-index";

/// Makes the check append to \p Sink (nullptr: record nothing). One
/// translation unit per process, so a global is enough.
void setFunctionIndexSink(std::vector<FunctionSpan> *Sink);

/// The innermost function of \p Functions that contains \p Offset of
/// \p File, or "" if none does.
llvm::StringRef enclosingFunction(llvm::ArrayRef<FunctionSpan> Functions,
                                  llvm::StringRef File, unsigned Offset);

} // namespace conctidy::cli

#endif // CONCTIDY_TOOLS_CONCTIDY_FUNCTIONINDEX_H
