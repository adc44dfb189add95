//===--- Paths.cpp - the paths in clang-tidy's diagnostics ----------------===//

#include "Paths.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace conctidy::cli {

std::string absolutePath(StringRef File, StringRef BuildDirectory) {
  if (File.empty() || sys::path::is_absolute(File) || BuildDirectory.empty())
    return File.str();
  SmallString<256> Absolute(BuildDirectory);
  sys::path::append(Absolute, File);
  sys::path::remove_dots(Absolute, /*remove_dot_dot=*/true);
  return std::string(Absolute);
}

std::string relativeTo(StringRef File, StringRef Base) {
  if (Base.empty())
    return File.str();
  SmallString<256> Prefix(Base);
  if (!sys::path::is_separator(Prefix.back()))
    Prefix += sys::path::get_separator();
  if (!File.starts_with(Prefix))
    return File.str();
  return File.drop_front(Prefix.size()).str();
}

} // namespace conctidy::cli
