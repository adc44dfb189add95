//===--- InputDigests.cpp - the files a translation unit read -------------===//

#include "InputDigests.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace llvm;

namespace conctidy::cli {

static std::vector<InputDigest> *DigestSink = nullptr;

void setInputDigestSink(std::vector<InputDigest> *Sink) { DigestSink = Sink; }

std::string digestOf(StringRef Content) {
  XXH128_hash_t H = xxh3_128bits(
      ArrayRef<uint8_t>(Content.bytes_begin(), Content.bytes_end()));
  return utohexstr(H.high64, /*LowerCase=*/true, /*Width=*/16) +
         utohexstr(H.low64, /*LowerCase=*/true, /*Width=*/16);
}

namespace {

class InputDigestsCheck : public tidy::ClangTidyCheck {
public:
  using ClangTidyCheck::ClangTidyCheck;

  void registerMatchers(MatchFinder *Finder) override {
    Finder->addMatcher(translationUnitDecl().bind("unit"), this);
  }

  // Matched once, after the whole unit is parsed: every file it read has
  // its content loaded in the source manager by then.
  void check(const MatchFinder::MatchResult &Result) override {
    if (!DigestSink)
      return;
    const SourceManager &SM = *Result.SourceManager;
    std::vector<InputDigest> Inputs;
    for (auto It = SM.fileinfo_begin(); It != SM.fileinfo_end(); ++It) {
      std::optional<MemoryBufferRef> Buffer =
          It->second ? It->second->getBufferIfLoaded() : std::nullopt;
      if (!Buffer)
        continue; // Looked up, never read (e.g. a __has_include probe).
      SmallString<256> Path(It->first.getName());
      if (SM.getFileManager().getVirtualFileSystem().makeAbsolute(Path))
        continue;
      // ".." stays: through a symbolic link it names another directory.
      sys::path::remove_dots(Path, /*remove_dot_dot=*/false);
      Inputs.push_back({std::string(Path), digestOf(Buffer->getBuffer())});
    }
    llvm::sort(Inputs, [](const InputDigest &A, const InputDigest &B) {
      return A.Path < B.Path;
    });
    Inputs.erase(std::unique(Inputs.begin(), Inputs.end()), Inputs.end());
    *DigestSink = std::move(Inputs);
  }
};

class InputDigestsModule : public tidy::ClangTidyModule {
public:
  void addCheckFactories(tidy::ClangTidyCheckFactories &Factories) override {
    Factories.registerCheck<InputDigestsCheck>(InputDigestsCheckName);
  }
};

} // namespace

static tidy::ClangTidyModuleRegistry::Add<InputDigestsModule>
    Registration("conctidy-internal-input-digests",
                 "conctidy's hidden input digest check");

} // namespace conctidy::cli
