//===--- JsonInput.h - parse JSON that users give -------------*- C++ -*-===//
//
// llvm::json::parse recurses once per nesting level, so a hostile file
// nested tens of thousands of levels deep overflows the stack. The inputs
// conctidy reads (compilation databases, baselines) are a few levels deep;
// deeper text is refused before it is parsed.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_TOOLS_CONCTIDY_JSONINPUT_H
#define CONCTIDY_TOOLS_CONCTIDY_JSONINPUT_H

#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

namespace conctidy::cli {

/// The deepest nesting of arrays and objects accepted.
inline constexpr unsigned MaxJsonDepth = 64;

/// Parses \p Text, failing without recursion if arrays and objects nest
/// deeper than \p MaxDepth.
llvm::Expected<llvm::json::Value> parseJson(llvm::StringRef Text,
                                            unsigned MaxDepth = MaxJsonDepth);

} // namespace conctidy::cli

#endif // CONCTIDY_TOOLS_CONCTIDY_JSONINPUT_H
