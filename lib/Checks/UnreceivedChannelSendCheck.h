//===--- UnreceivedChannelSendCheck.h - conc-unreceived-channel-send ------===//

#ifndef CONCTIDY_CHECKS_UNRECEIVEDCHANNELSENDCHECK_H
#define CONCTIDY_CHECKS_UNRECEIVEDCHANNELSENDCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "conctidy/Analysis/ChannelAccounting.h"
#include "conctidy/Analysis/FunctionSummaries.h"
#include <memory>

namespace conctidy {

/// Reports a blocking send in spawned code on a channel whose creator can
/// return before receiving every value, leaving the sender blocked forever.
///
/// For the user-facing documentation see
/// docs/checks/conc-unreceived-channel-send.md.
class UnreceivedChannelSendCheck : public clang::tidy::ClangTidyCheck {
public:
  UnreceivedChannelSendCheck(llvm::StringRef Name,
                             clang::tidy::ClangTidyContext *Context);
  bool isLanguageVersionSupported(
      const clang::LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void
  check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override { Summaries.reset(); }
  /// The channels this check's options recognize.
  const ChannelVocabulary &vocabulary() const { return Vocabulary; }

private:
  /// The summaries of this translation unit, with this check's vocabulary.
  FunctionSummaries &summaries(clang::ASTContext &Context);
  void report(const UnreceivedSends &Found, const clang::FunctionDecl &Function,
              clang::ASTContext &Context);
  /// A member channel, in each method of its class.
  void checkMember(const clang::FieldDecl &Field, clang::ASTContext &Context);
  /// Whether \p In starts a task that runs \p Task.
  bool startsTask(const clang::CXXMethodDecl &In,
                  const clang::CXXMethodDecl &Task) const;
  /// The other direction: the function sends, its consumer task stops.
  void reportAbandoned(const UnreceivedSends &Found,
                       const clang::FunctionDecl &Function,
                       clang::ASTContext &Context);
  /// The evidence: the early exit, a waiting destructor, the spawn.
  void notes(const UnreceivedSends &Found, const clang::FunctionDecl &Function);
  /// For a queue recognized by its shape: the wait that blocks, a close
  /// that does not release.
  void shapeNotes(const UnreceivedSends &Found);
  /// The call of the method of an object that keeps the channel and starts
  /// the tasks.
  void startedByNote(const UnreceivedSends &Found);

  const std::string ChannelTypes;
  const std::string SendMethods;
  const std::string ReceiveMethods;
  const std::string CloseMethods;
  const int CapacityArgument;
  const std::string CapacitySetter;
  const bool ZeroCapacityIsUnbounded;
  const std::string DrainMethods;
  const bool RecognizeQueues;
  const std::string AsyncCalls;
  const std::string SummariesFile;
  ChannelVocabulary Vocabulary;
  SpawnOptions Spawns;
  std::unique_ptr<FunctionSummaries> Summaries;
};

} // namespace conctidy

#endif // CONCTIDY_CHECKS_UNRECEIVEDCHANNELSENDCHECK_H
