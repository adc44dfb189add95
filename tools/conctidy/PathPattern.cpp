//===--- PathPattern.cpp - globs over the files of a database -------------===//

#include "PathPattern.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace conctidy::cli {

bool isPattern(StringRef Path) {
  return Path.find_first_of("*?[{") != StringRef::npos;
}

/// The components of \p Path after the root ('/').
static SmallVector<StringRef, 16> components(StringRef Path) {
  SmallVector<StringRef, 16> Parts;
  Path.split(Parts, '/', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  return Parts;
}

Expected<PathPattern> PathPattern::create(StringRef Pattern) {
  PathPattern Result;
  Result.Text = Pattern.str();
  SmallString<256> Absolute(Pattern);
  sys::fs::make_absolute(Absolute);
  sys::path::remove_dots(Absolute, /*remove_dot_dot=*/true);
  for (StringRef Part : components(Absolute)) {
    Component C;
    if (Part == "**") {
      C.AnyDepth = true;
    } else {
      // GlobPattern keeps a reference to its text.
      C.Text = std::make_unique<std::string>(Part.str());
      Expected<GlobPattern> Glob =
          GlobPattern::create(*C.Text, /*MaxSubPatterns=*/1024);
      if (!Glob)
        return createStringError("invalid pattern '" + Pattern +
                                 "': " + toString(Glob.takeError()));
      C.Glob = std::move(*Glob);
    }
    Result.Components.push_back(std::move(C));
  }
  return std::move(Result);
}

bool PathPattern::matchFrom(size_t P, ArrayRef<StringRef> Parts) const {
  if (P == Components.size())
    return Parts.empty();
  if (Components[P].AnyDepth) {
    // '**' takes none, one, or more of the components.
    for (size_t Taken = 0; Taken <= Parts.size(); ++Taken)
      if (matchFrom(P + 1, Parts.drop_front(Taken)))
        return true;
    return false;
  }
  return !Parts.empty() && Components[P].Glob.match(Parts.front()) &&
         matchFrom(P + 1, Parts.drop_front());
}

bool PathPattern::matches(StringRef File) const {
  SmallVector<StringRef, 16> Parts = components(File);
  return matchFrom(0, Parts);
}

} // namespace conctidy::cli
