//===--- DeadlockCheck.h - The common adapter of the deadlock checks -*- C++
//-*-===//
//
// conc-lock-order-inversion, conc-self-deadlock and conc-join-under-lock
// ask one deadlock analysis (Deadlocks.h) of the translation unit, made
// once for the three of them, and differ in what they report. They are
// three checks, not modes of one, because they find three different bugs
// with three different fixes, and clang-tidy users enable, configure and
// NOLINT checks by name.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_CHECKS_DEADLOCKCHECK_H
#define CONCTIDY_CHECKS_DEADLOCKCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "conctidy/Analysis/Deadlocks.h"
#include <memory>

namespace conctidy {

/// The analysis of one translation unit, shared by the deadlock checks.
struct DeadlockCache;

class DeadlockCheck : public clang::tidy::ClangTidyCheck {
public:
  DeadlockCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context);
  ~DeadlockCheck() override;
  bool isLanguageVersionSupported(
      const clang::LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void
  check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

protected:
  virtual void report(DeadlockAnalysis &Analysis,
                      FunctionSummaries &Summaries) = 0;

  /// Notes for how \p A is reached from the function it is recorded in:
  /// each call on the way, then the acquisition itself (\p What).
  void noteAcquisition(const LockAcquisition &A, llvm::StringRef What);
  /// A note at \p Site, a place in another file (in the text when the
  /// file cannot be read).
  void noteAt(const PortableSite &Site, llvm::StringRef What);
  clang::SourceLocation locationOf(const PortableSite &Site);
  /// How a message names the code of \p F: "'Bus::publish'", "the lambda
  /// in 'DB::Start'".
  static std::string codeName(const clang::FunctionDecl &F);
  /// The innermost acquisition \p A leads to (through its callees).
  static const LockAcquisition &innermost(const LockAcquisition &A);

private:
  const std::string AsyncCalls;
  const std::string LockableTypes;
  const std::string ScopedGuardTypes;
  const std::string SummariesFile;
  SpawnOptions Spawns;
  ShapeOptions Shapes;
  std::shared_ptr<DeadlockCache> Cache;
  clang::ASTContext *Context = nullptr;
};

} // namespace conctidy

#endif // CONCTIDY_CHECKS_DEADLOCKCHECK_H
