//===--- DanglingTaskCaptureCheck.h - conc-dangling-task-capture -*- C++
//-*-===//

#ifndef CONCTIDY_CHECKS_DANGLINGTASKCAPTURECHECK_H
#define CONCTIDY_CHECKS_DANGLINGTASKCAPTURECHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "conctidy/Analysis/FunctionSummaries.h"
#include "conctidy/Analysis/TaskLifetime.h"
#include <memory>
#include <string>
#include <vector>

namespace conctidy {

/// Finds tasks that can outlive their spawning scope (detached threads,
/// pool tasks, escaping futures, threads stored in members) and refer by
/// reference to a local, a parameter or `this` whose lifetime ends before
/// the task is known to have finished.
///
/// For the user-facing documentation see
/// docs/checks/conc-dangling-task-capture.md.
class DanglingTaskCaptureCheck : public clang::tidy::ClangTidyCheck {
public:
  DanglingTaskCaptureCheck(llvm::StringRef Name,
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
  void report(const DanglingCapture &D, const LocalReceiver *Receiver);

  const std::string AsyncCalls;
  const std::string SummariesFile;
  TaskLifetimeOptions Config;
  clang::ASTContext *Context = nullptr;
  /// `this` captures, reported at the end of the translation unit when a
  /// caller runs the method on a local object.
  std::vector<DanglingCapture> ThisCaptures;
  /// The summaries of this translation unit.
  std::unique_ptr<FunctionSummaries> Summaries;
};

} // namespace conctidy

#endif // CONCTIDY_CHECKS_DANGLINGTASKCAPTURECHECK_H
