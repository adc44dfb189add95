//===--- SummaryExport.cpp - a TU's function summaries for other TUs ------===//

#include "SummaryExport.h"
#include "../../lib/Checks/RuntimeSharedAcrossTasksCheck.h"
#include "../../lib/Checks/UnreceivedChannelSendCheck.h"
#include "conctidy/Analysis/AccessFile.h"
#include "conctidy/Analysis/SharedAccess.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang/ASTMatchers/ASTMatchers.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace conctidy::cli {

static SummaryTable *ExportSink = nullptr;

void setSummaryExportSink(SummaryTable *Sink) { ExportSink = Sink; }

namespace {

class SummaryExportCheck : public tidy::ClangTidyCheck {
public:
  SummaryExportCheck(StringRef Name, tidy::ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context),
        // Only read for its options: the channels it recognizes.
        Channels("conc-unreceived-channel-send", Context),
        Runtimes("conc-runtime-shared-across-tasks", Context) {}

  void registerMatchers(MatchFinder *Finder) override {
    Finder->addMatcher(translationUnitDecl().bind("unit"), this);
  }

  void check(const MatchFinder::MatchResult &Result) override {
    if (!ExportSink)
      return;
    FunctionSummaries Sums(*Result.Context);
    Sums.setChannelVocabulary(&Channels.vocabulary());
    *ExportSink = exportSummaries(*Result.Context, Sums);
    if (Runtimes.declaresRuntimeType(*Result.Context))
      exportRuntimeUses(*Result.Context, Runtimes.options(), *ExportSink);
    // The shared-data checks' spawners are the model's (their AsyncCalls
    // option is not read here).
    exportAccesses(Sums, AccessOptions(), *ExportSink);
  }

private:
  UnreceivedChannelSendCheck Channels;
  RuntimeSharedAcrossTasksCheck Runtimes;
};

class SummaryModule : public tidy::ClangTidyModule {
public:
  void addCheckFactories(tidy::ClangTidyCheckFactories &Factories) override {
    Factories.registerCheck<SummaryExportCheck>(SummaryExportCheckName);
  }
};

} // namespace

static tidy::ClangTidyModuleRegistry::Add<SummaryModule>
    Registration("conctidy-internal-summaries",
                 "conctidy's hidden summary export check");

} // namespace conctidy::cli
