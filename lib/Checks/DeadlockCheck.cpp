//===--- DeadlockCheck.cpp - The common adapter of the deadlock checks ----===//

#include "DeadlockCheck.h"
#include "OptionLists.h"
#include "SummariesOption.h"
#include "conctidy/Analysis/ASTHelpers.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include <mutex>

using namespace clang;
using namespace clang::ast_matchers;

namespace conctidy {

struct DeadlockCache {
  ASTContext *Context = nullptr;
  std::vector<const FunctionDecl *> Functions;
  llvm::DenseSet<const FunctionDecl *> Seen;
  std::unique_ptr<FunctionSummaries> Summaries;
  std::unique_ptr<DeadlockAnalysis> Analysis;
  unsigned Finished = 0, Users = 0;
};

namespace {

/// The checks of one translation unit share one cache: the first check
/// made makes it, the others of that translation unit find it.
std::shared_ptr<DeadlockCache> sharedCache() {
  static std::mutex Lock;
  static std::weak_ptr<DeadlockCache> Current;
  std::lock_guard<std::mutex> Guard(Lock);
  std::shared_ptr<DeadlockCache> C = Current.lock();
  if (!C) {
    C = std::make_shared<DeadlockCache>();
    Current = C;
  }
  ++C->Users;
  return C;
}

} // namespace

DeadlockCheck::DeadlockCheck(StringRef Name, tidy::ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      AsyncCalls(Options.getLocalOrGlobal("AsyncCalls", DefaultAsyncCalls)),
      LockableTypes(Options.getLocalOrGlobal("LockableTypes", "")),
      ScopedGuardTypes(Options.getLocalOrGlobal("ScopedGuardTypes", "")),
      SummariesFile(Options.getLocalOrGlobal(SummariesFileOption, "")),
      Cache(sharedCache()) {
  Spawns.ExtraSpawners = splitNameList(AsyncCalls);
  Shapes.LockableTypes = splitNameList(LockableTypes);
  Shapes.ScopedGuardTypes = splitNameList(ScopedGuardTypes);
}

DeadlockCheck::~DeadlockCheck() = default;

void DeadlockCheck::storeOptions(tidy::ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "AsyncCalls", AsyncCalls);
  Options.store(Opts, "LockableTypes", LockableTypes);
  Options.store(Opts, "ScopedGuardTypes", ScopedGuardTypes);
}

void DeadlockCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(
      functionDecl(isDefinition(), unless(isExpansionInSystemHeader()))
          .bind("function"),
      this);
  Finder->addMatcher(
      lambdaExpr(unless(isExpansionInSystemHeader())).bind("lambda"), this);
}

void DeadlockCheck::check(const MatchFinder::MatchResult &Result) {
  Context = Result.Context;
  if (Cache->Context != Context) {
    // A cache left from another translation unit (should not happen).
    Cache->Context = Context;
    Cache->Functions.clear();
    Cache->Seen.clear();
    Cache->Analysis.reset();
    Cache->Summaries.reset();
  }
  const FunctionDecl *F = Result.Nodes.getNodeAs<FunctionDecl>("function");
  if (const auto *L = Result.Nodes.getNodeAs<LambdaExpr>("lambda"))
    F = L->getCallOperator();
  if (!F || !F->hasBody() || F->isInvalidDecl() ||
      (F->isImplicit() && !isa<CXXMethodDecl>(F)) ||
      isInTemplateInstantiation(*F))
    return;
  if (Cache->Seen.insert(F).second)
    Cache->Functions.push_back(F);
}

void DeadlockCheck::onEndOfTranslationUnit() {
  if (!Context || Cache->Context != Context)
    return;
  if (!Cache->Analysis) {
    Cache->Summaries = std::make_unique<FunctionSummaries>(*Context, Shapes);
    std::string Error = useSummariesFile(*Cache->Summaries, SummariesFile);
    if (!Error.empty())
      configurationDiag(Error);
    Cache->Analysis = std::make_unique<DeadlockAnalysis>(
        Cache->Functions, *Cache->Summaries, Spawns);
  }
  report(*Cache->Analysis, *Cache->Summaries);
  // The last check of the translation unit lets it go.
  if (++Cache->Finished == Cache->Users) {
    Cache->Analysis.reset();
    Cache->Summaries.reset();
    Cache->Functions.clear();
    Cache->Seen.clear();
    Cache->Context = nullptr;
  }
}

std::string DeadlockCheck::codeName(const FunctionDecl &F) {
  return conctidy::codeName(F);
}

const LockAcquisition &DeadlockCheck::innermost(const LockAcquisition &A) {
  const LockAcquisition *At = &A;
  while (At->Inner)
    At = At->Inner;
  return *At;
}

void DeadlockCheck::noteAcquisition(const LockAcquisition &A, StringRef What) {
  const LockAcquisition *At = &A;
  while (At->Inner) {
    diag(At->Site->getBeginLoc(), "through this call to '%0'",
         DiagnosticIDs::Note)
        << (At->Callee ? At->Callee->getQualifiedNameAsString() : "");
    At = At->Inner;
  }
  if (At->Remote) {
    // A callee whose body is in another file: its own acquisition there.
    diag(At->Site->getBeginLoc(), "through this call to '%0'",
         DiagnosticIDs::Note)
        << (At->Callee ? At->Callee->getQualifiedNameAsString() : "");
    noteAt(At->Remote->At, What);
    return;
  }
  diag(At->Site->getBeginLoc(), What, DiagnosticIDs::Note);
}

SourceLocation DeadlockCheck::locationOf(const PortableSite &Site) {
  if (!Context || !Site.valid())
    return SourceLocation();
  SourceManager &SM = Context->getSourceManager();
  llvm::Expected<FileEntryRef> File = SM.getFileManager().getFileRef(Site.File);
  if (!File) {
    llvm::consumeError(File.takeError());
    return SourceLocation();
  }
  FileID ID = SM.getOrCreateFileID(*File, SrcMgr::C_User);
  if (ID.isInvalid())
    return SourceLocation();
  return SM.translateLineCol(ID, Site.Line, Site.Column);
}

void DeadlockCheck::noteAt(const PortableSite &Site, StringRef What) {
  SourceLocation Loc = locationOf(Site);
  if (Loc.isValid())
    diag(Loc, What, DiagnosticIDs::Note);
  else
    diag(Loc, "%0 (%1)", DiagnosticIDs::Note) << What << Site.str();
}

} // namespace conctidy
