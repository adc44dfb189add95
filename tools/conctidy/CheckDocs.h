//===--- CheckDocs.h - the check pages, embedded ----------------*- C++ -*-===//
//
// docs/checks/<check>.md, embedded in the binary at build time
// (GenerateCheckDocs.cmake), so that the SARIF report can carry each rule's
// help without depending on where the documentation is installed.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_TOOLS_CONCTIDY_CHECKDOCS_H
#define CONCTIDY_TOOLS_CONCTIDY_CHECKDOCS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <string>

namespace conctidy::cli {

struct CheckDoc {
  llvm::StringRef Check;
  /// The whole page, in Markdown.
  llvm::StringRef Markdown;
};

/// All embedded pages, sorted by check.
llvm::ArrayRef<CheckDoc> checkDocs();

/// The page of \p Check, or null.
const CheckDoc *findCheckDoc(llvm::StringRef Check);

/// The first paragraph after the title, its lines joined with spaces.
std::string firstParagraph(llvm::StringRef Markdown);

} // namespace conctidy::cli

#endif // CONCTIDY_TOOLS_CONCTIDY_CHECKDOCS_H
