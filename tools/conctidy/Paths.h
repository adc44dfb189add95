//===--- Paths.h - the paths in clang-tidy's diagnostics --------*- C++ -*-===//

#ifndef CONCTIDY_TOOLS_CONCTIDY_PATHS_H
#define CONCTIDY_TOOLS_CONCTIDY_PATHS_H

#include "llvm/ADT/StringRef.h"
#include <string>

namespace conctidy::cli {

/// \p File made absolute: clang-tidy keeps paths as the compile command
/// spelled them, relative to \p BuildDirectory.
std::string absolutePath(llvm::StringRef File, llvm::StringRef BuildDirectory);

/// \p File relative to \p Base if it is under it, else \p File.
std::string relativeTo(llvm::StringRef File, llvm::StringRef Base);

} // namespace conctidy::cli

#endif // CONCTIDY_TOOLS_CONCTIDY_PATHS_H
