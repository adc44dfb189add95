//===--- OutputFile.h - write a file all at once or not at all --*- C++ -*-===//

#ifndef CONCTIDY_TOOLS_CONCTIDY_OUTPUTFILE_H
#define CONCTIDY_TOOLS_CONCTIDY_OUTPUTFILE_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

namespace conctidy::cli {

/// Writes \p Path through a temporary file in the same directory that is
/// renamed over it at the end, so that readers never see half a file and a
/// failed write leaves any previous file as it was. "-" is stdout.
llvm::Error
writeFileAtomically(llvm::StringRef Path,
                    llvm::function_ref<void(llvm::raw_ostream &)> Write);

} // namespace conctidy::cli

#endif // CONCTIDY_TOOLS_CONCTIDY_OUTPUTFILE_H
