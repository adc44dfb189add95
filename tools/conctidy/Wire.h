//===--- Wire.h - a translation unit's result as JSON -----------*- C++ -*-===//
//
// The worker processes hand their TranslationUnitResult to the parent as a
// JSON document. This is conctidy's private protocol between two copies of
// the same binary, not an output format: it keeps every field of clang-tidy's
// diagnostics (offsets, notes, fixes) so that the parent prints exactly what
// an in-process run would print. Text that is not UTF-8 (a path, a message,
// replacement text) is sent as hex, so that no byte is lost.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_TOOLS_CONCTIDY_WIRE_H
#define CONCTIDY_TOOLS_CONCTIDY_WIRE_H

#include "Analyzer.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

namespace conctidy::cli {

/// Writes \p Result as one JSON document.
void writeResult(const TranslationUnitResult &Result, llvm::raw_ostream &OS);

/// Reads what writeResult wrote; fails on anything else.
llvm::Expected<TranslationUnitResult> readResult(llvm::StringRef Text);

/// Writes the compile commands of one translation unit, which the parent
/// hands to its worker (so that no worker reads the whole database).
void writeCommands(llvm::ArrayRef<clang::tooling::CompileCommand> Commands,
                   llvm::raw_ostream &OS);

/// Reads what writeCommands wrote.
llvm::Expected<std::vector<clang::tooling::CompileCommand>>
readCommands(llvm::StringRef Text);

} // namespace conctidy::cli

#endif // CONCTIDY_TOOLS_CONCTIDY_WIRE_H
