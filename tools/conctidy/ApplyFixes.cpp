//===--- ApplyFixes.cpp - write fix-its to disk or to YAML ----------------===//

#include "ApplyFixes.h"
#include "OutputFile.h"
#include "clang-tidy/ClangTidy.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace clang::tooling;
using namespace llvm;

namespace conctidy::cli {

/// Rewrites \p File with \p Edits made.
static Error applyToFile(StringRef File, const Replacements &Edits) {
  auto Failed = [&](const Twine &Why) {
    return createStringError("cannot apply fixes to '" + File + "': " + Why);
  };
  // Rewrite the file a symbolic link points to, not the link.
  SmallString<256> Target;
  if (std::error_code EC = sys::fs::real_path(File, Target))
    return Failed(EC.message());
  ErrorOr<std::unique_ptr<MemoryBuffer>> Code =
      MemoryBuffer::getFile(Target, /*IsText=*/false,
                            /*RequiresNullTerminator=*/false);
  if (!Code)
    return Failed(Code.getError().message());
  Expected<std::string> Changed =
      applyAllReplacements((*Code)->getBuffer(), Edits);
  if (!Changed)
    return Failed(toString(Changed.takeError()));
  // Keeps the file's permissions.
  return writeFileAtomically(Target, [&](raw_ostream &OS) { OS << *Changed; });
}

bool applyFixes(const ChosenFixes &Fixes, raw_ostream &Errors) {
  bool AllApplied = true;
  for (const auto &[File, Edits] : Fixes.ByFile) {
    if (Edits.empty())
      continue;
    if (Error Err = applyToFile(File, Edits)) {
      Errors << "conctidy: error: " << toString(std::move(Err)) << '\n';
      AllApplied = false;
    }
  }
  return AllApplied;
}

Error exportFixes(const ChosenFixes &Fixes, StringRef MainFile,
                  StringRef Path) {
  return writeFileAtomically(Path, [&](raw_ostream &OS) {
    clang::tidy::exportReplacements(MainFile, Fixes.Diagnostics, OS);
  });
}

} // namespace conctidy::cli
