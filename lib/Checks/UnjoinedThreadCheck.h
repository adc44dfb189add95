//===--- UnjoinedThreadCheck.h - conc-unjoined-thread -----------*- C++ -*-===//

#ifndef CONCTIDY_CHECKS_UNJOINEDTHREADCHECK_H
#define CONCTIDY_CHECKS_UNJOINEDTHREADCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "conctidy/Analysis/FunctionSummaries.h"
#include "conctidy/Analysis/ThreadLifetime.h"
#include "llvm/ADT/DenseMap.h"
#include <memory>

namespace conctidy {

/// Finds thread handles (std::thread, a container of them, or a data
/// member) that can be destroyed while joinable, which calls std::terminate.
///
/// For the user-facing documentation see docs/checks/conc-unjoined-thread.md.
class UnjoinedThreadCheck : public clang::tidy::ClangTidyCheck {
public:
  UnjoinedThreadCheck(llvm::StringRef Name,
                      clang::tidy::ClangTidyContext *Context);
  bool isLanguageVersionSupported(
      const clang::LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;
  void registerPPCallbacks(const clang::SourceManager &SM,
                           clang::Preprocessor *PP,
                           clang::Preprocessor *ModuleExpanderPP) override;
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void
  check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

private:
  bool destructionTerminates(const HandleShape &Shape) const;
  void checkLocal(const clang::VarDecl &Handle, const HandleShape &Shape,
                  clang::ASTContext &Context);
  void checkMember(const clang::FieldDecl &Field);
  /// The summaries of \p Context's translation unit, made on first use.
  FunctionSummaries &summaries(clang::ASTContext &Context);

  const bool AnyCallMayThrow;
  const bool VisibleCallsMayThrow;
  const std::string SummariesFile;
  clang::Preprocessor *PP = nullptr;
  llvm::DenseMap<const clang::FunctionDecl *,
                 std::unique_ptr<FunctionThreadLifetimes>>
      Functions;
  /// The summaries of this translation unit.
  std::unique_ptr<FunctionSummaries> Summaries;
};

} // namespace conctidy

#endif // CONCTIDY_CHECKS_UNJOINEDTHREADCHECK_H
