//===--- Dependencies.h - which translation units include a file -*- C++
//-*-===//
//
// For --diff: when a header changes, the translation units to analyze are
// those that include it, found with clang's dependency scanner (the
// preprocessor over the minimized directives of each file, as
// clang-scan-deps does), which is much faster than analyzing them all.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_TOOLS_CONCTIDY_DEPENDENCIES_H
#define CONCTIDY_TOOLS_CONCTIDY_DEPENDENCIES_H

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringSet.h"
#include <string>
#include <vector>

namespace conctidy::cli {

/// Which of \p Files (absolute, in \p Database) include, directly or not,
/// one of \p Headers (absolute paths); scanned on \p Jobs threads. A file
/// whose includes cannot be found (a preprocessor error) counts as
/// including them, so that nothing is missed.
std::vector<bool>
includesAny(const clang::tooling::CompilationDatabase &Database,
            llvm::ArrayRef<std::string> Files, const llvm::StringSet<> &Headers,
            unsigned Jobs);

} // namespace conctidy::cli

#endif // CONCTIDY_TOOLS_CONCTIDY_DEPENDENCIES_H
