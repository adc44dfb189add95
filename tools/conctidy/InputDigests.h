//===--- InputDigests.h - the files a translation unit read -----*- C++ -*-===//
//
// A hidden clang-tidy check, conctidy-internal-input-digests, that records
// every file the translation unit read (its main file and every header,
// system headers included) with a digest of the content it was compiled
// from. It reports nothing. With --cache-dir the worker enables it, so that
// the parent can tell later, by hashing the same files again, whether a
// cached result still holds (ResultCache.h).
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_TOOLS_CONCTIDY_INPUTDIGESTS_H
#define CONCTIDY_TOOLS_CONCTIDY_INPUTDIGESTS_H

#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace conctidy::cli {

/// A file a translation unit read (absolute path) and the digest of its
/// content.
struct InputDigest {
  std::string Path;
  std::string Digest;
  bool operator==(const InputDigest &O) const {
    return Path == O.Path && Digest == O.Digest;
  }
};

/// The digest of \p Content (hexadecimal, 128 bits of XXH3).
std::string digestOf(llvm::StringRef Content);

/// The name of the hidden check.
inline constexpr char InputDigestsCheckName[] =
    "conctidy-internal-input-digests";

/// Makes the check store the translation unit's inputs, sorted by path, in
/// \p Sink (nullptr: record nothing). One translation unit per process, so
/// a global is enough.
void setInputDigestSink(std::vector<InputDigest> *Sink);

} // namespace conctidy::cli

#endif // CONCTIDY_TOOLS_CONCTIDY_INPUTDIGESTS_H
