//===--- UnsynchronizedSharedMapCheck.h - conc-unsynchronized-shared-map --===//

#ifndef CONCTIDY_CHECKS_UNSYNCHRONIZEDSHAREDMAPCHECK_H
#define CONCTIDY_CHECKS_UNSYNCHRONIZEDSHAREDMAPCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "conctidy/Analysis/SharedAccess.h"

namespace conctidy {

/// Infers which lock guards a shared container member and reports the
/// concurrent accesses that do not hold it.
///
/// For the user-facing documentation see
/// docs/checks/conc-unsynchronized-shared-map.md.
class UnsynchronizedSharedMapCheck : public clang::tidy::ClangTidyCheck {
public:
  UnsynchronizedSharedMapCheck(llvm::StringRef Name,
                               clang::tidy::ClangTidyContext *Context);
  bool isLanguageVersionSupported(
      const clang::LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void
  check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

private:
  bool isSharedContainer(clang::QualType T) const;
  void checkClass(const clang::CXXRecordDecl &Class,
                  clang::ASTContext &Context);
  /// Reports the accesses among \p All that are to \p Target.
  void reportTarget(const clang::ValueDecl &Target,
                    llvm::ArrayRef<SharedAccess> All);
  void report(const clang::ValueDecl &Target,
              llvm::ArrayRef<SharedAccess> Accesses);
  void reportUnlockedSpawnedWrites(const clang::ValueDecl &Target,
                                   llvm::ArrayRef<SharedAccess> Accesses);

  const bool IncludeSequenceContainers;
  const std::string ContainerTypes;
  const std::string AsyncCalls;
  std::vector<std::string> ExtraContainers;
  AccessOptions Access;

  // Globals, collected over the translation unit and checked at its end.
  clang::ASTContext *Context = nullptr;
  llvm::SmallVector<const clang::VarDecl *, 4> Globals;
  /// Functions started more than once (in a loop, or at several places).
  std::vector<const clang::FunctionDecl *> SpawnedRepeatedly;
};

} // namespace conctidy

#endif // CONCTIDY_CHECKS_UNSYNCHRONIZEDSHAREDMAPCHECK_H
