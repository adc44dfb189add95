//===--- JsonSkim.h - The members of a JSON object, values unparsed -*- C++
//-*-===//
//
// Private to the analysis library: finds the members of a JSON object
// without building its values, so that a reader can parse only the values
// it needs (a linked summary file holds thousands of functions, and an
// analysis worker asks about a few dozen of them). It checks only what it
// must to find where each value ends (strings, brackets); a value's own
// errors are found when it is parsed.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_LIB_ANALYSIS_JSONSKIM_H
#define CONCTIDY_LIB_ANALYSIS_JSONSKIM_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <string>

namespace conctidy {

/// Calls \p Member with each key of the JSON object \p Text (decoded) and
/// the text of its value, in order. Fails, naming the offset, if \p Text is
/// not one object (whitespace around it aside) whose members can be told
/// apart.
llvm::Error skimJsonObject(
    llvm::StringRef Text,
    llvm::function_ref<void(std::string Key, llvm::StringRef Value)> Member);

} // namespace conctidy

#endif // CONCTIDY_LIB_ANALYSIS_JSONSKIM_H
