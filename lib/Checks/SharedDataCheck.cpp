//===--- SharedDataCheck.cpp - Shared data accessed without its lock ------===//

#include "SharedDataCheck.h"
#include "OptionLists.h"
#include "SummariesOption.h"
#include "conctidy/Analysis/ASTHelpers.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Path.h"
#include <map>
#include <set>

using namespace clang;
using namespace clang::ast_matchers;
using conctidy::model::AccessKind;

namespace conctidy {

namespace {

/// What the shared-data checks of one translation unit share: the function
/// summaries and the accesses of each class, computed once for both checks.
struct TranslationUnitCache {
  ASTContext *Context = nullptr;
  std::unique_ptr<FunctionSummaries> Summaries;
  std::unique_ptr<OutsideCode> Outside;
  std::map<const CXXRecordDecl *, std::vector<SharedAccess>> Classes;

  OutsideCode *outside(const AccessOptions &Options) {
    if (!Outside)
      Outside = std::make_unique<OutsideCode>(*Summaries, Options);
    return Outside.get();
  }
};

TranslationUnitCache &cacheFor(ASTContext &Context, const ShapeOptions &S,
                               SharedDataCheck &Check) {
  static TranslationUnitCache Cache;
  if (Cache.Context != &Context) {
    Cache.Classes.clear();
    Cache.Outside.reset();
    Cache.Summaries = std::make_unique<FunctionSummaries>(Context, S);
    Check.linkSummaries(*Cache.Summaries);
    Cache.Context = &Context;
  }
  return Cache;
}

} // namespace

SharedDataCheck::SharedDataCheck(StringRef Name,
                                 tidy::ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      IncludeSequenceContainers(Options.get("IncludeSequenceContainers", true)),
      ContainerTypes(Options.get("ContainerTypes", "")),
      AsyncCalls(Options.getLocalOrGlobal("AsyncCalls", DefaultAsyncCalls)),
      LockableTypes(Options.getLocalOrGlobal("LockableTypes", "")),
      ScopedGuardTypes(Options.getLocalOrGlobal("ScopedGuardTypes", "")),
      SummariesFile(Options.getLocalOrGlobal(SummariesFileOption, "")) {
  ExtraContainers = splitNameList(ContainerTypes);
  Access.Spawns.ExtraSpawners = splitNameList(AsyncCalls);
  Shapes.LockableTypes = splitNameList(LockableTypes);
  Shapes.ScopedGuardTypes = splitNameList(ScopedGuardTypes);
}

void SharedDataCheck::storeOptions(tidy::ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "IncludeSequenceContainers", IncludeSequenceContainers);
  Options.store(Opts, "ContainerTypes", ContainerTypes);
  Options.store(Opts, "AsyncCalls", AsyncCalls);
  Options.store(Opts, "LockableTypes", LockableTypes);
  Options.store(Opts, "ScopedGuardTypes", ScopedGuardTypes);
}

void SharedDataCheck::linkSummaries(FunctionSummaries &Sums) {
  std::string Error = useSummariesFile(Sums, SummariesFile);
  if (!Error.empty())
    configurationDiag(Error);
}

bool SharedDataCheck::isSharedContainer(QualType T) const {
  std::string Name = dataTypeName(T);
  if (Name.empty())
    return false;
  if (const model::SharedContainer *C = model::findSharedContainer(Name))
    return !C->Sequence || IncludeSequenceContainers;
  return llvm::is_contained(ExtraContainers, Name);
}

void SharedDataCheck::registerMatchers(MatchFinder *Finder) {
  // Every class of the project with data members; which ones carry a lock
  // is decided by their shape (checkClass), not by names a matcher knows.
  Finder->addMatcher(cxxRecordDecl(isDefinition(),
                                   unless(isExpansionInSystemHeader()),
                                   has(fieldDecl()))
                         .bind("class"),
                     this);
  if (!checksGlobals())
    return;
  // Globals (namespace scope, static members, static locals) and the
  // functions that use them; thread_local and const ones are never shared.
  Finder->addMatcher(varDecl(hasGlobalStorage(),
                             unless(hasThreadStorageDuration()),
                             unless(hasType(isConstQualified())),
                             unless(isExpansionInSystemHeader()))
                         .bind("global"),
                     this);
}

void SharedDataCheck::check(const MatchFinder::MatchResult &Result) {
  Context = Result.Context;
  if (const auto *Class = Result.Nodes.getNodeAs<CXXRecordDecl>("class")) {
    checkClass(*Class);
    return;
  }
  if (const auto *Var = Result.Nodes.getNodeAs<VarDecl>("global"))
    if (!isInTemplateInstantiation(*Var) && !Var->isInvalidDecl() &&
        !staticMemberOfLockedClass(*Var) &&
        isTargetType(Var->getType(),
                     *cacheFor(*Context, Shapes, *this).Summaries) &&
        !llvm::is_contained(Globals, Var->getCanonicalDecl()))
      Globals.push_back(Var->getCanonicalDecl());
}

bool SharedDataCheck::staticMemberOfLockedClass(const VarDecl &Var) {
  // The class's own analysis sees it, with the locks its helpers get from
  // their call sites.
  if (!Var.isStaticDataMember())
    return false;
  // A class of static members only is not matched as a class: its data
  // are globals.
  const auto *Class = dyn_cast<CXXRecordDecl>(Var.getDeclContext());
  return Class && !Class->field_empty() &&
         classHasLock(*Class, *cacheFor(*Context, Shapes, *this).Summaries);
}

void SharedDataCheck::checkClass(const CXXRecordDecl &Class) {
  // Instantiations are skipped here rather than with the isInstantiated()
  // matcher, which would build a parent map of the whole translation unit;
  // a class template is analyzed once, as written.
  if (Class.isInvalidDecl() || Class.isLambda() ||
      isInTemplateInstantiation(Class))
    return;
  TranslationUnitCache &Cache = cacheFor(*Context, Shapes, *this);
  auto It = Cache.Classes.find(&Class);
  if (It == Cache.Classes.end()) {
    std::vector<SharedAccess> Accesses;
    // Only classes that carry a lock share their data under it.
    if (classHasLock(Class, *Cache.Summaries))
      Accesses = collectMemberAccesses(
          Class,
          [&](const ValueDecl &F) {
            // Locks are not data; neither are const members.
            QualType T = F.getType();
            return !T.isConstQualified() &&
                   !Cache.Summaries->isLockableType(T);
          },
          *Cache.Summaries, Access, Cache.outside(Access));
    It = Cache.Classes.emplace(&Class, std::move(Accesses)).first;
  }
  // Group by the data accessed, in the order first seen.
  std::vector<std::vector<SharedAccess>> ByData;
  for (const SharedAccess &A : It->second) {
    if (!isTargetType(A.Target->getType(), *Cache.Summaries))
      continue;
    SharedAccess Mine = A;
    if (Mine.ThroughPointer && !pointeeIsData()) {
      Mine.PointeeWritten = Mine.Access == AccessKind::Write;
      Mine.Access = AccessKind::Read;
    }
    auto Group = llvm::find_if(ByData, [&](const std::vector<SharedAccess> &G) {
      return G.front().Path == A.Path;
    });
    if (Group == ByData.end())
      ByData.push_back({Mine});
    else
      Group->push_back(Mine);
  }
  for (const std::vector<SharedAccess> &Group : ByData)
    report(Group);
}

void SharedDataCheck::onEndOfTranslationUnit() {
  if (Context && !Globals.empty()) {
    TranslationUnitCache &Cache = cacheFor(*Context, Shapes, *this);
    // Functions used only by the started ones are as concurrent as they.
    GlobalUses Uses = findGlobalUses(*Context, Globals, *Cache.Summaries);
    SpawnedRepeatedly = std::move(Uses.SpawnedRepeatedly);
    std::vector<SharedAccess> Accesses =
        collectGlobalAccesses(Globals, Uses, *Cache.Summaries, Access);
    for (const VarDecl *G : Globals) {
      std::vector<SharedAccess> Mine;
      for (const SharedAccess &A : Accesses)
        if (A.Target == G) {
          Mine.push_back(A);
          if (A.ThroughPointer && !pointeeIsData()) {
            Mine.back().PointeeWritten = A.Access == AccessKind::Write;
            Mine.back().Access = AccessKind::Read;
          }
        }
      if (!Mine.empty())
        report(Mine);
    }
  }
  Globals.clear();
  SpawnedRepeatedly.clear();
  ReportedUses.clear();
  ReportedLines.clear();
  if (Context) {
    TranslationUnitCache &Cache = cacheFor(*Context, Shapes, *this);
    Cache.Classes.clear();
    Cache.Outside.reset();
    Cache.Summaries.reset();
    Cache.Context = nullptr;
  }
  Context = nullptr;
}

/// Whether one of \p A and \p B is the other or a member of it.
static bool nested(const LockPath &A, const LockPath &B) {
  if (A.Root != B.Root || A.RootDecl != B.RootDecl)
    return false;
  size_t N = std::min(A.Members.size(), B.Members.size());
  return llvm::equal(llvm::ArrayRef(A.Members).take_front(N),
                     llvm::ArrayRef(B.Members).take_front(N));
}

bool SharedDataCheck::reportedAlready(const SharedAccess &A,
                                      SourceLocation Loc,
                                      const SourceManager &SM) {
  if (!ReportedUses.insert(A.Use).second)
    return true;
  std::vector<LockPath> &Line =
      ReportedLines[{SM.getFileID(Loc), SM.getSpellingLineNumber(Loc)}];
  if (llvm::any_of(Line, [&](const LockPath &P) { return nested(P, A.Path); }))
    return true;
  Line.push_back(A.Path);
  return false;
}

/// Where an access is made, for a message: "here", or for an access in
/// another unit's function, "by 'lookup' (cache.cpp:8:28) through this call".
static std::string whereMade(const SharedAccess &A) {
  if (A.RemoteWhere.empty())
    return "here";
  return "by '" + A.RemoteFunction + "' (" +
         llvm::sys::path::filename(A.RemoteWhere).str() + ") through this call";
}

void SharedDataCheck::report(llvm::ArrayRef<SharedAccess> Accesses) {
  const SharedAccess &First = Accesses.front();
  const ValueDecl &Target = *First.Target;
  std::optional<LockPath> Annotation = guardedByAnnotation(First.Path);
  // Matched as the lock sets name it: inside a lockable class, the member
  // its own lock() takes is the object (`GUARDED_BY(mu_)` is `*this`);
  // the message keeps the annotation's name.
  std::optional<LockPath> Written = Annotation;
  if (Annotation)
    Annotation = cacheFor(Target.getASTContext(), Shapes, *this)
                     .Summaries->canonical(*Annotation);
  const SourceManager &SM = Target.getASTContext().getSourceManager();
  std::vector<UnguardedAccess> Found =
      findUnguardedAccesses(Accesses, Annotation, SM);
  if (Found.empty() && !inferGuard(Accesses, Annotation)) {
    reportUnlockedSpawnedWrites(Target, Accesses);
    return;
  }
  std::string Data = First.Path.spelling();
  for (const UnguardedAccess &U : Found) {
    const SharedAccess &A = *U.Access;
    SourceLocation Loc = SM.getExpansionLoc(A.Use->getExprLoc());
    if (reportedAlready(A, Loc, SM))
      continue;
    bool Write = A.Access == AccessKind::Write;
    std::string GuardName =
        (Written && U.Lock == *Annotation ? *Written : U.Lock).spelling();
    std::string Where = whereMade(A);
    switch (U.What) {
    case UnguardedAccess::Kind::SharedModeWrite:
      diag(Loc, "'%0' (%1) is written %3 while '%2' is held only in shared "
                "mode; writers must hold it exclusively")
          << Data << Target.getType() << GuardName << Where;
      break;
    case UnguardedAccess::Kind::Annotated:
      diag(Loc, "'%0' (%1) is %select{read|written}2 %4 without holding "
                "'%3', which guards it (GUARDED_BY)")
          << Data << Target.getType() << Write << GuardName << Where;
      break;
    case UnguardedAccess::Kind::Missing: {
      // Accesses under another lock are the Eraser-style case: say which.
      std::string OtherLocks;
      for (const LockPath &Other : U.InsteadHeld)
        OtherLocks += (OtherLocks.empty() ? "'" : ", '") + Other.spelling() + "'";
      diag(Loc, "'%0' (%1) is %select{read|written}2 %8 without holding "
                "'%3'%select{| (it holds %4)}5; %6 of %7 other accesses "
                "hold it")
          << Data << Target.getType() << Write << GuardName << OtherLocks
          << !OtherLocks.empty() << U.OthersGuarded << U.Others << Where;
      break;
    }
    }
    if (A.Via && A.Via != A.Use)
      diag(A.Via->getExprLoc(),
           "%0 reaches it through this call, without holding '%1'",
           DiagnosticIDs::Note)
          << A.Entry << GuardName;
    if (U.Evidence && U.Evidence->Via)
      diag(U.Evidence->Via->getExprLoc(),
           "'%0' is held where this call %select{reads|writes}1 '%2' (in %3)",
           DiagnosticIDs::Note)
          << GuardName << (U.Evidence->Access == AccessKind::Write) << Data
          << U.Evidence->Function;
    else if (U.Evidence)
      diag(U.Evidence->Use->getExprLoc(),
           "'%0' is held here, where '%1' is %select{read|written}2",
           DiagnosticIDs::Note)
          << GuardName << Data << (U.Evidence->Access == AccessKind::Write);
  }
}

void SharedDataCheck::reportUnlockedSpawnedWrites(
    const ValueDecl &Target, llvm::ArrayRef<SharedAccess> Accesses) {
  // No lock anywhere: only a function started on several threads at once
  // (in a loop, or at several places) that writes is a sure race.
  const SourceManager &SM = Target.getASTContext().getSourceManager();
  std::set<std::pair<FileID, unsigned>> Lines;
  for (const SharedAccess &A : Accesses) {
    const FunctionDecl *Runner = A.Entry ? A.Entry : A.Function;
    // A lock no guard can be named after (a mutex the threads are given by
    // reference, `std::lock_guard<std::mutex> L(M);` on a parameter) is
    // still a lock: "without a lock" would be wrong.
    if (!A.Spawned || A.Access != AccessKind::Write || !A.Held.held().empty() ||
        !llvm::is_contained(SpawnedRepeatedly, Runner))
      continue;
    SourceLocation Loc = SM.getExpansionLoc(A.Use->getExprLoc());
    if (!Lines.insert({SM.getFileID(Loc), SM.getSpellingLineNumber(Loc)})
             .second ||
        reportedAlready(A, Loc, SM))
      continue;
    diag(Loc, "'%0' (%1) is written %3 without a lock by %2, which runs on "
              "several threads at once; guard it with a mutex")
        << A.Path.spelling() << Target.getType() << Runner << whereMade(A);
    if (A.Via && A.Via != A.Use)
      diag(A.Via->getExprLoc(), "%0 reaches it through this call",
           DiagnosticIDs::Note)
          << Runner;
  }
}

} // namespace conctidy
