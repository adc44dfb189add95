//===--- DeadlockCheck.cpp - The common adapter of the deadlock checks ----===//

#include "DeadlockCheck.h"
#include "OptionLists.h"
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
  if (const auto *M = dyn_cast<CXXMethodDecl>(&F))
    if (M->getParent()->isLambda()) {
      const DeclContext *DC = M->getParent()->getDeclContext();
      while (DC && !isa<FunctionDecl>(DC))
        DC = DC->getParent();
      if (const auto *Outer = dyn_cast_or_null<FunctionDecl>(DC))
        return "the lambda in " + codeName(*Outer);
      return "a lambda";
    }
  return "'" + F.getQualifiedNameAsString() + "'";
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
  diag(At->Site->getBeginLoc(), What, DiagnosticIDs::Note);
}

} // namespace conctidy
