//===--- Inputs.h - the translation units conctidy analyzes -----*- C++ -*-===//
//
// Loads the compilation database and decides which files to analyze.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_TOOLS_CONCTIDY_INPUTS_H
#define CONCTIDY_TOOLS_CONCTIDY_INPUTS_H

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"
#include <memory>
#include <string>
#include <vector>

namespace conctidy::cli {

/// The translation units to analyze and how to compile them.
struct Inputs {
  std::unique_ptr<clang::tooling::CompilationDatabase> Database;
  /// The compile_commands.json loaded; empty for flags given after '--'.
  std::string DatabasePath;
  /// Absolute paths, without repeats.
  std::vector<std::string> Files;
};

/// Loads '<BuildPath>/compile_commands.json' (or BuildPath itself if it is a
/// file), selecting no files.
llvm::Expected<Inputs> loadDatabase(llvm::StringRef BuildPath);

/// Loads the database as loadDatabase does. Without \p Paths, selects all files
/// of the database, sorted; else selects \p Paths in order: a pattern
/// (PathPattern.h) selects the files of the database it matches, sorted, and
/// must match one; another path must exist and be in the database. Then
/// leaves out the files that a pattern of \p Excludes matches.
llvm::Expected<Inputs> loadFromBuildPath(llvm::StringRef BuildPath,
                                         llvm::ArrayRef<std::string> Paths,
                                         llvm::ArrayRef<std::string> Excludes);

/// Selects \p Paths, each of which must exist (no patterns), compiled with
/// \p Database (the flags given after '--'), except those that a pattern of
/// \p Excludes matches.
llvm::Expected<Inputs> loadWithFixedFlags(
    std::unique_ptr<clang::tooling::CompilationDatabase> Database,
    llvm::ArrayRef<std::string> Paths, llvm::ArrayRef<std::string> Excludes);

} // namespace conctidy::cli

#endif // CONCTIDY_TOOLS_CONCTIDY_INPUTS_H
