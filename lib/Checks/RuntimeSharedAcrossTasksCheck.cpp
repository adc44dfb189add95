//===--- RuntimeSharedAcrossTasksCheck.cpp - conc-runtime-shared-across-tasks //

#include "RuntimeSharedAcrossTasksCheck.h"
#include "SummariesOption.h"
#include "conctidy/Analysis/ASTHelpers.h"
#include "conctidy/Analysis/FunctionSummaries.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace conctidy {

namespace {
/// A finding's type: the AST's, or as the other translation unit printed it.
struct FindingType {
  const AffinityFinding &F;
};
const StreamingDiagnostic &operator<<(const StreamingDiagnostic &DB,
                                      const FindingType &T) {
  if (!T.F.Type.isNull())
    return DB << T.F.Type;
  return DB << ("'" + T.F.RemoteType + "'");
}
} // namespace

static std::vector<std::string> splitNames(StringRef List) {
  llvm::SmallVector<StringRef, 8> Parts;
  List.split(Parts, ';', -1, /*KeepEmpty=*/false);
  std::vector<std::string> Out;
  for (StringRef P : Parts) {
    P = P.trim();
    P.consume_front("::");
    if (!P.empty())
      Out.push_back(P.str());
  }
  return Out;
}

// Unlike conc-unsynchronized-shared-map, `post`, `dispatch` and `defer` are
// not here: posting to an event loop is how code gets back to the runtime's
// own thread. boost::asio::post to a thread_pool is in the model.
static constexpr llvm::StringLiteral DefaultAsyncCalls = "enqueue;submit";

RuntimeSharedAcrossTasksCheck::RuntimeSharedAcrossTasksCheck(
    StringRef Name, tidy::ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      AsyncCalls(Options.get("AsyncCalls", DefaultAsyncCalls)),
      ThreadAffineTypes(Options.get("ThreadAffineTypes", "")),
      GuardTypes(Options.get("GuardTypes", "")),
      SummariesFile(Options.getLocalOrGlobal(SummariesFileOption, "")) {
  Config.Spawns.ExtraSpawners = splitNames(AsyncCalls);
  Config.ExtraAffineTypes = splitNames(ThreadAffineTypes);
  Config.ExtraGuardTypes = splitNames(GuardTypes);
  Classifier = std::make_unique<AffinityClassifier>(Config);
}

void RuntimeSharedAcrossTasksCheck::storeOptions(
    tidy::ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "AsyncCalls", AsyncCalls);
  Options.store(Opts, "ThreadAffineTypes", ThreadAffineTypes);
  Options.store(Opts, "GuardTypes", GuardTypes);
}

/// Whether the translation unit declares one of the runtimes' types (the
/// matchers skip system headers, so this is a name lookup).
bool RuntimeSharedAcrossTasksCheck::declaresRuntimeType(
    ASTContext &Context) const {
  auto Declared = [&](StringRef Qualified) {
    Qualified.consume_front("::");
    llvm::SmallVector<StringRef, 4> Parts;
    Qualified.split(Parts, "::");
    const DeclContext *DC = Context.getTranslationUnitDecl();
    for (unsigned I = 0; I < Parts.size(); ++I) {
      DeclContextLookupResult R = DC->lookup(&Context.Idents.get(Parts[I]));
      if (R.empty())
        return false;
      if (I + 1 == Parts.size())
        return true;
      DC = dyn_cast<DeclContext>(R.front());
      if (!DC)
        return false;
    }
    return false;
  };
  for (const model::ThreadAffineType &T : model::threadAffineTypes())
    if (Declared(T.QualifiedName))
      return true;
  return llvm::any_of(Config.ExtraAffineTypes, Declared);
}

void RuntimeSharedAcrossTasksCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(recordDecl(hasAttr(attr::Annotate)).bind("annotated"),
                     this);
  Finder->addMatcher(
      functionDecl(isDefinition(), unless(isExpansionInSystemHeader()))
          .bind("function"),
      this);
}

void RuntimeSharedAcrossTasksCheck::check(
    const MatchFinder::MatchResult &Result) {
  if (const auto *RD = Result.Nodes.getNodeAs<RecordDecl>("annotated")) {
    for (const auto *A : RD->specific_attrs<AnnotateAttr>())
      if (A->getAnnotation() == model::ThreadAffineAnnotation)
        RuntimeSeen = true;
    return;
  }
  const auto *F = Result.Nodes.getNodeAs<FunctionDecl>("function");
  if (!F)
    return;
  if (!LookedUp) {
    LookedUp = true;
    RuntimeSeen = RuntimeSeen || declaresRuntimeType(*Result.Context);
  }
  if (!RuntimeSeen)
    return;
  if (!Summaries) {
    Summaries = std::make_unique<FunctionSummaries>(
        *Result.Context, affinityShapeOptions(Config));
    std::string Error = useSummariesFile(*Summaries, SummariesFile);
    if (!Error.empty())
      configurationDiag(Error);
  }
  for (const ReleasedGuardUse &U :
       findUsesWithGuardReleased(*F, *Result.Context, Config, Summaries.get()))
    reportReleased(U, *Result.SourceManager);
  // Lambdas are analyzed with the function they are in.
  if (const auto *M = dyn_cast<CXXMethodDecl>(F))
    if (M->getParent()->isLambda())
      return;
  for (const AffinityFinding &Finding : findRuntimeSharing(
           *F, *Result.Context, *Classifier, Config, Summaries.get()))
    report(Finding, *Result.SourceManager);
}

void RuntimeSharedAcrossTasksCheck::onEndOfTranslationUnit() {
  RuntimeSeen = false;
  LookedUp = false;
  Summaries.reset();
  Reported.clear();
}

void RuntimeSharedAcrossTasksCheck::reportReleased(const ReleasedGuardUse &U,
                                                   const SourceManager &SM) {
  SourceLocation Loc = SM.getFileLoc(U.Call->getBeginLoc());
  if (!Reported.insert({Loc.getRawEncoding(), U.Callee}).second)
    return;
  diag(Loc, "%0 needs the %1, which this thread has released on every path "
            "to here; take the %1 back before the call")
      << U.Callee << U.Runtime->Capability;
  if (U.Release)
    diag(SM.getFileLoc(U.Release->getBeginLoc()), "the %0 is released here",
         DiagnosticIDs::Note)
        << U.Runtime->Capability;
}

void RuntimeSharedAcrossTasksCheck::report(const AffinityFinding &F,
                                           const SourceManager &SM) {
  SourceLocation Loc = SM.getFileLoc(F.Use->getBeginLoc());
  if (!Reported.insert({Loc.getRawEncoding(), F.Object}).second)
    return;
  bool Pool = F.Task ? F.Task->Where == model::RunsOn::ThreadPool
                     : F.OverrideRow->Where == model::RunsOn::ThreadPool;
  std::string Where;
  if (F.Task && (F.MovedBy || F.ThreadSignal)) {
    Where =
        "the thread of the sender connected at line " +
        std::to_string(SM.getExpansionLineNumber(F.Task->Site->getBeginLoc()));
  } else if (F.Task) {
    unsigned Line = SM.getExpansionLineNumber(F.Task->Site->getBeginLoc());
    Where =
        (Pool ? "a pool thread queued at line " : "a thread started at line ") +
        std::to_string(Line);
  } else {
    Where = Pool ? "a pool thread" : "another thread";
  }
  std::string Owner;
  if (F.Global)
    Owner = "the thread that set it";
  else if (F.Task)
    Owner = "the thread that called '" + F.Spawner->getNameAsString() + "'";
  else
    Owner = "the thread that created the '" +
            F.Override->getParent()->getNameAsString() + "'";

  if (F.Why == AffinityFinding::Reason::WrongThread) {
    diag(Loc, "'%0' (%1) belongs to %2 and is used here on %3; %4")
        << F.Name << FindingType{F} << Owner << Where << F.Runtime->Advice;
  } else if (F.OtherUse) {
    std::string Other =
        F.OtherTask
            ? "the task started at line " +
                  std::to_string(
                      SM.getExpansionLineNumber(F.OtherTask->getBeginLoc()))
            : "the thread that called '" + F.Spawner->getNameAsString() + "'";
    if (F.Lock.empty())
      diag(Loc, "'%0' (%1) is used here on %2 while %3 keeps using it; %4")
          << F.Name << FindingType{F} << Where << Other << F.Runtime->Advice;
    else if (F.LockHeldHere)
      diag(Loc, "'%0' (%1) is used here under '%2' on %3 while %4 uses it "
                "without '%2'; take '%2' there too")
          << F.Name << FindingType{F} << F.Lock << Where << Other;
    else
      diag(Loc, "'%0' (%1) is used here on %2 without '%3', which %4 holds "
                "when it uses it; take '%3' here too")
          << F.Name << FindingType{F} << Where << F.Lock << Other;
  } else {
    diag(Loc, "'%0' (%1) is used here on %2, started in a loop with the same "
              "'%0', so several threads drive it at once; %3")
        << F.Name << FindingType{F} << Where << F.Runtime->Advice;
  }
  if (F.CallInTask) {
    const FunctionDecl *Callee = nullptr;
    if (const auto *C = dyn_cast<CallExpr>(F.CallInTask))
      Callee = C->getDirectCallee();
    else if (const auto *D = dyn_cast<CXXDeleteExpr>(F.CallInTask))
      if (const CXXRecordDecl *RD = D->getDestroyedType()->getAsCXXRecordDecl())
        Callee = RD->getDestructor();
    // A virtual call: the overrider that makes the use.
    const FunctionDecl *Runs = F.CalleeInTask;
    if (Callee && Runs &&
        Runs->getCanonicalDecl() != Callee->getCanonicalDecl())
      diag(F.CallInTask->getBeginLoc(),
           "the task calls %0 here, which may run '%1'%2", DiagnosticIDs::Note)
          << Callee << Runs->getQualifiedNameAsString()
          << (F.RemoteUse.empty()
                  ? std::string()
                  : (", which uses '" + F.RemoteName + "' at " + F.RemoteUse +
                     " (another translation unit)"));
    else if (Callee && !F.RemoteUse.empty())
      diag(F.CallInTask->getBeginLoc(),
           "the task calls %0 here, which uses '%1' at %2 (another "
           "translation unit)",
           DiagnosticIDs::Note)
          << Callee << F.RemoteName << F.RemoteUse;
    else if (Callee)
      diag(F.CallInTask->getBeginLoc(), "the task calls %0 here",
           DiagnosticIDs::Note)
          << Callee;
  }
  if (F.Task && (F.MovedBy || F.ThreadSignal)) {
    diag(F.Task->Site->getBeginLoc(),
         "'%0' connects the callable without a context object, so it runs "
         "on the thread that emits the signal; pass a context object",
         DiagnosticIDs::Note)
        << F.Task->SpawnerName;
    if (F.MovedBy)
      diag(F.MovedBy->getBeginLoc(),
           "the sender is moved to another thread here", DiagnosticIDs::Note);
    else if (F.EmittedAt)
      diag(F.EmittedAt->getBeginLoc(),
           "'%0' is emitted here, on the thread the sender starts",
           DiagnosticIDs::Note)
          << F.ThreadSignal->getQualifiedNameAsString();
    else
      diag(F.Task->Site->getBeginLoc(),
           "'%0' is emitted on the thread the sender starts",
           DiagnosticIDs::Note)
          << F.ThreadSignal->getQualifiedNameAsString();
  } else if (F.Task)
    diag(F.Task->Site->getBeginLoc(),
         "'%0' %select{starts the task on a new thread|queues the task on a "
         "thread pool}1 here",
         DiagnosticIDs::Note)
        << F.Task->SpawnerName << Pool;
  else
    diag(F.Override->getLocation(),
         "%0 overrides '%1', which runs on %select{another thread|a pool "
         "thread}2",
         DiagnosticIDs::Note)
        << F.Override << F.OverrideRow->QualifiedName.drop_front(2) << Pool;
  if (F.OtherUse && F.OtherTask)
    diag(F.OtherUse->getBeginLoc(), "the other task uses '%0' here",
         DiagnosticIDs::Note)
        << F.Name;
  else if (F.OtherUse)
    diag(F.OtherUse->getBeginLoc(),
         "the thread that started the task uses '%0' here, before waiting for "
         "it",
         DiagnosticIDs::Note)
        << F.Name;
}

} // namespace conctidy
