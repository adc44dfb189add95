//===--- OutputFile.h - write a file all at once or not at all --*- C++ -*-===//

#ifndef CONCTIDY_TOOLS_CONCTIDY_OUTPUTFILE_H
#define CONCTIDY_TOOLS_CONCTIDY_OUTPUTFILE_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

namespace conctidy::cli {

/// Writes \p Path. A regular file (or a file that does not exist yet) is
/// written through a temporary file in the same directory that is renamed
/// over it at the end, keeping the existing file's permissions, so that
/// readers never see half a file and a failed write leaves any previous file
/// as it was. Symbolic links are followed to the file they name. A character
/// device, a FIFO or a socket, and paths through /proc or /dev/fd, are opened
/// and written in place, never replaced. "-" and /dev/stdout are stdout. A
/// directory is refused.
llvm::Error
writeFileAtomically(llvm::StringRef Path,
                    llvm::function_ref<void(llvm::raw_ostream &)> Write);

/// Fails, naming \p Path, if writeFileAtomically would certainly fail: the
/// path is a directory or the directory it goes in does not exist. Checked
/// before the analysis, so that a long run is not wasted.
llvm::Error checkOutputPath(llvm::StringRef Path);

} // namespace conctidy::cli

#endif // CONCTIDY_TOOLS_CONCTIDY_OUTPUTFILE_H
