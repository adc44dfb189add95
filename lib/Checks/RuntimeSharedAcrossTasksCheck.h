//===--- RuntimeSharedAcrossTasksCheck.h - conc-runtime-shared-across-tasks
//===//

#ifndef CONCTIDY_CHECKS_RUNTIMESHAREDACROSSTASKSCHECK_H
#define CONCTIDY_CHECKS_RUNTIMESHAREDACROSSTASKSCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "conctidy/Analysis/FunctionSummaries.h"
#include "conctidy/Analysis/RuntimeAffinity.h"
#include <memory>
#include <set>

namespace conctidy {

/// Reports objects of thread-affine language runtimes (JNIEnv*, napi_env,
/// v8::Local, lua_State*, PyObject*, ...) used by code that runs on another
/// thread.
///
/// For the user-facing documentation see
/// docs/checks/conc-runtime-shared-across-tasks.md.
class RuntimeSharedAcrossTasksCheck : public clang::tidy::ClangTidyCheck {
public:
  RuntimeSharedAcrossTasksCheck(llvm::StringRef Name,
                                clang::tidy::ClangTidyContext *Context);
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void
  check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

  /// The options, for the CLI's export of the runtime-use summaries.
  const AffinityOptions &options() const { return Config; }
  /// Whether the translation unit declares one of the runtimes' types.
  bool declaresRuntimeType(clang::ASTContext &Context) const;

private:
  void report(const AffinityFinding &F, const clang::SourceManager &SM);
  void reportReleased(const ReleasedGuardUse &U,
                      const clang::SourceManager &SM);

  const std::string AsyncCalls;
  const std::string ThreadAffineTypes;
  const std::string GuardTypes;
  /// The linked summaries of other translation units (SummariesOption.h).
  const std::string SummariesFile;
  AffinityOptions Config;
  std::unique_ptr<AffinityClassifier> Classifier;
  /// The translation unit's summaries (their runtime-use part depends on
  /// this check's options, so the check keeps its own).
  std::unique_ptr<FunctionSummaries> Summaries;
  /// The translation unit declares a runtime type: functions are analyzed
  /// only then.
  bool RuntimeSeen = false;
  bool LookedUp = false;
  std::set<std::pair<unsigned, const clang::Decl *>> Reported;
};

} // namespace conctidy

#endif // CONCTIDY_CHECKS_RUNTIMESHAREDACROSSTASKSCHECK_H
