//===--- OptionLists.h - Semicolon-separated check options ------*- C++ -*-===//

#ifndef CONCTIDY_CHECKS_OPTIONLISTS_H
#define CONCTIDY_CHECKS_OPTIONLISTS_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace conctidy {

/// The default of the AsyncCalls option of every check: calls that run the
/// callable they are given on another thread, besides the model's
/// spawners.
inline constexpr llvm::StringLiteral DefaultAsyncCalls =
    "post;dispatch;defer;submit;enqueue;::boost::asio::post;"
    "::boost::asio::dispatch;::boost::asio::defer";

/// The non-empty, trimmed items of a `;`-separated option value.
inline std::vector<std::string> splitList(llvm::StringRef List) {
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  List.split(Parts, ';', -1, /*KeepEmpty=*/false);
  std::vector<std::string> Out;
  for (llvm::StringRef P : Parts)
    if (!P.trim().empty())
      Out.push_back(P.trim().str());
  return Out;
}

/// The items of \p List without a leading "::".
inline std::vector<std::string> splitNameList(llvm::StringRef List) {
  std::vector<std::string> Out = splitList(List);
  for (std::string &Name : Out)
    if (llvm::StringRef(Name).starts_with("::"))
      Name.erase(0, 2);
  return Out;
}

} // namespace conctidy

#endif // CONCTIDY_CHECKS_OPTIONLISTS_H
