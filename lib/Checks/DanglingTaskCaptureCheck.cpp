//===--- DanglingTaskCaptureCheck.cpp - conc-dangling-task-capture --------===//

#include "DanglingTaskCaptureCheck.h"
#include "OptionLists.h"
#include "SummariesOption.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace conctidy {

DanglingTaskCaptureCheck::DanglingTaskCaptureCheck(
    StringRef Name, tidy::ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      AsyncCalls(Options.get("AsyncCalls", DefaultAsyncCalls)),
      SummariesFile(Options.getLocalOrGlobal(SummariesFileOption, "")) {
  Config.Spawns.ExtraSpawners = splitNameList(AsyncCalls);
}

void DanglingTaskCaptureCheck::storeOptions(
    tidy::ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "AsyncCalls", AsyncCalls);
}

void DanglingTaskCaptureCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(
      functionDecl(isDefinition(), unless(isExpansionInSystemHeader()))
          .bind("function"),
      this);
}

void DanglingTaskCaptureCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *F = Result.Nodes.getNodeAs<FunctionDecl>("function");
  if (!F)
    return;
  Context = Result.Context;
  if (!Summaries || &Summaries->context() != Context) {
    Summaries = std::make_unique<FunctionSummaries>(*Context);
    std::string Error = useSummariesFile(*Summaries, SummariesFile);
    if (!Error.empty())
      configurationDiag(Error);
  }
  Config.Summaries = Summaries.get();
  for (const DanglingCapture &D :
       findDanglingCaptures(*F, *Result.Context, Config)) {
    if (D.Kind == CaptureKind::This)
      ThisCaptures.push_back(D);
    else
      report(D, nullptr);
  }
}

void DanglingTaskCaptureCheck::report(const DanglingCapture &D,
                                      const LocalReceiver *Receiver) {
  switch (D.Kind) {
  case CaptureKind::ByReference:
    diag(D.CaptureLoc,
         "%0 is captured by reference by a task that can outlive it; capture "
         "it by value or move it into the task, or wait for the task before "
         "%0 goes out of scope")
        << D.Captured;
    break;
  case CaptureKind::AddressOf:
    diag(D.CaptureLoc,
         "the address of %0 is passed to a task that can outlive it; pass a "
         "copy or move it into the task, or wait for the task before %0 goes "
         "out of scope")
        << D.Captured;
    break;
  case CaptureKind::ReferenceParameter:
    diag(D.CaptureLoc,
         "reference parameter %0 is captured by reference by a task that can "
         "outlive the call, and the caller's object with it; capture a copy, "
         "or wait for the task before returning")
        << D.Captured;
    break;
  case CaptureKind::This:
    diag(D.CaptureLoc,
         "'this' is captured by a task that can outlive the object (%0 calls "
         "%1 on its local %2); capture 'shared_from_this()' or copies of the "
         "members, or join the task before the object is destroyed")
        << cast<FunctionDecl>(Receiver->Object->getParentFunctionOrMethod())
        << D.Method << Receiver->Object;
    break;
  }

  // Where the task starts, and why it outlives the scope.
  switch (D.Outlives) {
  case TaskOutlives::Posted:
    diag(D.SpawnSite->getBeginLoc(), "the task is posted here ('%0')",
         DiagnosticIDs::Note)
        << D.SpawnerName;
    break;
  case TaskOutlives::Detached:
    diag(D.SpawnSite->getBeginLoc(), "the task is started here ('%0')",
         DiagnosticIDs::Note)
        << D.SpawnerName;
    diag(D.OutlivesAt->getBeginLoc(), "its thread is detached here",
         DiagnosticIDs::Note);
    break;
  case TaskOutlives::FutureEscapes:
    diag(D.SpawnSite->getBeginLoc(), "the task is started here ('%0')",
         DiagnosticIDs::Note)
        << D.SpawnerName;
    diag(D.OutlivesAt->getBeginLoc(),
         "the future that would wait for it escapes here", DiagnosticIDs::Note);
    break;
  case TaskOutlives::StoredInMember:
    diag(D.SpawnSite->getBeginLoc(), "the task is started here ('%0')",
         DiagnosticIDs::Note)
        << D.SpawnerName;
    if (D.OutlivesAt != D.SpawnSite)
      diag(D.OutlivesAt->getBeginLoc(),
           "its thread is stored in a data member here, which outlives the "
           "function",
           DiagnosticIDs::Note);
    break;
  }

  // Where the object ends while the task may still run.
  auto EndNote = [&](const ValueDecl *Object, const ScopeExit &X,
                     bool FunctionExit) {
    if (X.Kind == ScopeExitKind::End) {
      diag(X.Where->getEndLoc(),
           FunctionExit
               ? "the function ends here while the task may still use %0"
               : "%0 is destroyed here, at the end of its scope, while the "
                 "task may still use it",
           DiagnosticIDs::Note)
          << Object;
      return;
    }
    diag(X.Where->getBeginLoc(),
         FunctionExit ? "the function returns here while the task may still "
                        "use %0"
                      : "%0 is destroyed when this '%1' leaves its scope, "
                        "while the task may still use it",
         DiagnosticIDs::Note)
        << Object << scopeExitSpelling(X.Kind);
  };
  if (D.Kind == CaptureKind::This) {
    diag(Receiver->Object->getLocation(), "%0 is declared here",
         DiagnosticIDs::Note)
        << Receiver->Object;
    diag(Receiver->Call->getBeginLoc(), "%0 starts the task here",
         DiagnosticIDs::Note)
        << D.Method;
    EndNote(Receiver->Object, Receiver->End, false);
    return;
  }
  EndNote(D.Captured, D.End, isa<ParmVarDecl>(D.Captured));
}

void DanglingTaskCaptureCheck::onEndOfTranslationUnit() {
  if (!ThisCaptures.empty() && Context) {
    llvm::SmallPtrSet<const CXXMethodDecl *, 8> Methods;
    for (const DanglingCapture &D : ThisCaptures)
      Methods.insert(cast<CXXMethodDecl>(D.Method->getCanonicalDecl()));
    auto Receivers = findLocalReceivers(*Context, Methods);
    for (const DanglingCapture &D : ThisCaptures) {
      auto It =
          Receivers.find(cast<CXXMethodDecl>(D.Method->getCanonicalDecl()));
      if (It != Receivers.end())
        report(D, &It->second);
    }
  }
  ThisCaptures.clear();
  Context = nullptr;
  Config.Summaries = nullptr;
  Summaries.reset();
}

} // namespace conctidy
