//===--- Version.h - conctidy's version -------------------------*- C++ -*-===//

#ifndef CONCTIDY_TOOLS_CONCTIDY_VERSION_H
#define CONCTIDY_TOOLS_CONCTIDY_VERSION_H

#include "llvm/Config/llvm-config.h"

#ifndef CONCTIDY_VERSION
#error "CONCTIDY_VERSION must be defined by the build (tools/conctidy)"
#endif

namespace conctidy::cli {

inline constexpr char ConctidyVersion[] = CONCTIDY_VERSION;
/// The LLVM the tool was built against.
inline constexpr char LLVMVersion[] = LLVM_VERSION_STRING;

} // namespace conctidy::cli

#endif // CONCTIDY_TOOLS_CONCTIDY_VERSION_H
