//===--- UnsynchronizedSharedMapCheck.cpp - conc-unsynchronized-shared-map ===//

#include "UnsynchronizedSharedMapCheck.h"
#include "OptionLists.h"
#include "conctidy/Analysis/ASTHelpers.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include <set>

using namespace clang;
using namespace clang::ast_matchers;
using conctidy::model::AccessKind;

namespace conctidy {

namespace {
/// One report per source line.
class LineSet {
public:
  /// Whether \p Loc is the first location seen on its line.
  bool first(SourceLocation Loc, const SourceManager &SM) {
    return Seen.insert({SM.getFileID(Loc), SM.getSpellingLineNumber(Loc)})
        .second;
  }

private:
  std::set<std::pair<FileID, unsigned>> Seen;
};
} // namespace

UnsynchronizedSharedMapCheck::UnsynchronizedSharedMapCheck(
    StringRef Name, tidy::ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), IncludeSequenceContainers(Options.get(
                                         "IncludeSequenceContainers", false)),
      ContainerTypes(Options.get("ContainerTypes", "")),
      AsyncCalls(Options.get("AsyncCalls", DefaultAsyncCalls)) {
  ExtraContainers = splitNameList(ContainerTypes);
  Access.Spawns.ExtraSpawners = splitNameList(AsyncCalls);
}

void UnsynchronizedSharedMapCheck::storeOptions(
    tidy::ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "IncludeSequenceContainers", IncludeSequenceContainers);
  Options.store(Opts, "ContainerTypes", ContainerTypes);
  Options.store(Opts, "AsyncCalls", AsyncCalls);
}

void UnsynchronizedSharedMapCheck::registerMatchers(MatchFinder *Finder) {
  std::vector<StringRef> Names;
  for (const model::SharedContainer &C : model::sharedContainers())
    if (!C.Sequence || IncludeSequenceContainers)
      Names.push_back(C.QualifiedName);
  for (const std::string &Extra : ExtraContainers)
    Names.push_back(Extra);
  auto Container = qualType(hasUnqualifiedDesugaredType(
      recordType(hasDeclaration(namedDecl(hasAnyName(Names))))));
  Finder->addMatcher(cxxRecordDecl(isDefinition(),
                                   unless(isExpansionInSystemHeader()),
                                   has(fieldDecl(hasType(Container))))
                         .bind("class"),
                     this);

  // Globals (namespace scope, static members, static locals) and the
  // functions that use them; thread_local and const ones are never shared.
  auto Global = varDecl(hasGlobalStorage(), unless(hasThreadStorageDuration()),
                        unless(hasType(isConstQualified())), hasType(Container),
                        unless(isExpansionInSystemHeader()));
  // Their users and the functions started on threads are found at the end
  // of the translation unit, only when there are such globals.
  Finder->addMatcher(Global.bind("global"), this);
}

bool UnsynchronizedSharedMapCheck::isSharedContainer(QualType T) const {
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD)
    return false;
  std::string Name = qualifiedName(*RD);
  if (const model::SharedContainer *C = model::findSharedContainer(Name))
    return !C->Sequence || IncludeSequenceContainers;
  return llvm::is_contained(ExtraContainers, Name);
}

void UnsynchronizedSharedMapCheck::check(
    const MatchFinder::MatchResult &Result) {
  Context = Result.Context;
  if (const auto *Class = Result.Nodes.getNodeAs<CXXRecordDecl>("class")) {
    checkClass(*Class, *Result.Context);
    return;
  }
  if (const auto *Var = Result.Nodes.getNodeAs<VarDecl>("global"))
    if (!isInTemplateInstantiation(*Var) &&
        !llvm::is_contained(Globals, Var->getCanonicalDecl()))
      Globals.push_back(Var->getCanonicalDecl());
}

void UnsynchronizedSharedMapCheck::checkClass(const CXXRecordDecl &Class,
                                              ASTContext &Context) {
  // Instantiations are skipped here rather than with the isInstantiated()
  // matcher, which would build a parent map of the whole translation unit.
  if (Class.isDependentContext() || Class.isInvalidDecl() ||
      isInTemplateInstantiation(Class))
    return;
  // Only classes that own a lock (or annotate a guard) share their
  // containers under it.
  bool OwnsLock = false;
  llvm::SmallVector<const FieldDecl *, 4> Containers;
  for (const FieldDecl *F : Class.fields()) {
    if (isLockableType(F->getType()))
      OwnsLock = true;
    if (isSharedContainer(F->getType())) {
      Containers.push_back(F);
      if (F->hasAttr<GuardedByAttr>())
        OwnsLock = true;
    }
  }
  if (!OwnsLock || Containers.empty())
    return;
  std::vector<SharedAccess> Accesses =
      collectMemberAccesses(Class, Containers, Context, Access);
  for (const FieldDecl *F : Containers)
    reportTarget(*F, Accesses);
}

void UnsynchronizedSharedMapCheck::onEndOfTranslationUnit() {
  if (Context && !Globals.empty()) {
    // Functions used only by the started ones are as concurrent as they.
    GlobalUses Uses = findGlobalUses(*Context, Globals);
    SpawnedRepeatedly = std::move(Uses.SpawnedRepeatedly);
    std::vector<SharedAccess> Accesses = collectGlobalAccesses(
        Globals, Uses.Users, Uses.Spawned, *Context, Access);
    for (const VarDecl *G : Globals)
      reportTarget(*G, Accesses);
  }
  Globals.clear();
  SpawnedRepeatedly.clear();
  Context = nullptr;
}

void UnsynchronizedSharedMapCheck::reportTarget(
    const ValueDecl &Target, llvm::ArrayRef<SharedAccess> All) {
  llvm::SmallVector<SharedAccess, 8> Mine;
  for (const SharedAccess &A : All)
    if (A.Target == &Target)
      Mine.push_back(A);
  report(Target, Mine);
}

void UnsynchronizedSharedMapCheck::report(
    const ValueDecl &Target, llvm::ArrayRef<SharedAccess> Accesses) {
  // Read-only after construction: nothing to race with.
  bool ConcurrentWrite = llvm::any_of(Accesses, [](const SharedAccess &A) {
    return A.Concurrent && A.Access == AccessKind::Write;
  });
  if (!ConcurrentWrite)
    return;
  const auto *Field = dyn_cast<FieldDecl>(&Target);
  std::optional<Guard> G =
      inferGuard(Accesses, Field ? guardedByAnnotation(*Field) : std::nullopt);
  if (!G) {
    reportUnlockedSpawnedWrites(Target, Accesses);
    return;
  }
  // A lock that only readers hold is weak evidence: it may be held for
  // something else (a setter that configures the object before use would
  // be reported). Trust it only against a write from another thread.
  if (!G->Annotated) {
    bool GuardedWrite = llvm::any_of(Accesses, [&](const SharedAccess &A) {
      return A.Concurrent && A.Access == AccessKind::Write &&
             A.Held.holds(G->Lock);
    });
    bool SpawnedWrite = llvm::any_of(Accesses, [&](const SharedAccess &A) {
      return A.Spawned && A.Access == AccessKind::Write &&
             !A.Held.holds(G->Lock);
    });
    if (!GuardedWrite && !SpawnedWrite)
      return;
  }
  std::string GuardName = G->Lock.spelling();

  const SharedAccess *Evidence = nullptr;
  unsigned Concurrent = 0, Guarded = 0;
  for (const SharedAccess &A : Accesses) {
    if (!A.Concurrent)
      continue;
    ++Concurrent;
    if (const HeldLock *H = A.Held.find(G->Lock)) {
      ++Guarded;
      bool Better = !Evidence || (A.Access == AccessKind::Write &&
                                  Evidence->Access != AccessKind::Write);
      if (Better && (A.Access == AccessKind::Read ||
                     H->Mode == model::LockMode::Exclusive))
        Evidence = &A;
    }
  }

  const SourceManager &SM = Target.getASTContext().getSourceManager();
  LineSet ReportedLines;
  for (const SharedAccess &A : Accesses) {
    if (!A.Concurrent)
      continue;
    const HeldLock *H = A.Held.find(G->Lock);
    bool Write = A.Access == AccessKind::Write;
    bool SharedOnly = H && Write && H->Mode == model::LockMode::Shared;
    if (H && !SharedOnly)
      continue;
    SourceLocation Loc = SM.getExpansionLoc(A.Use->getExprLoc());
    if (!ReportedLines.first(Loc, SM))
      continue;
    unsigned Others = Concurrent - 1;
    unsigned OthersGuarded = Guarded - (H ? 1 : 0);
    if (SharedOnly) {
      diag(Loc, "%0 (%1) is written here while '%2' is held only in shared "
                "mode; writers must hold it exclusively")
          << &Target << Target.getType() << GuardName;
    } else if (G->Annotated) {
      diag(Loc, "%0 (%1) is %select{read|written}2 here without holding "
                "'%3', which guards it (GUARDED_BY)")
          << &Target << Target.getType() << Write << GuardName;
    } else {
      // Accesses under another lock are the Eraser-style case: say which.
      std::string OtherLocks;
      for (const HeldLock &Other : A.Held.held())
        if (Other.Path.Root == LockPath::RootKind::This ||
            !cast<VarDecl>(Other.Path.RootDecl)->hasLocalStorage())
          OtherLocks +=
              (OtherLocks.empty() ? "'" : ", '") + Other.Path.spelling() + "'";
      diag(Loc, "%0 (%1) is %select{read|written}2 here without holding "
                "'%3'%select{| (it holds %4)}5; %6 of %7 other accesses "
                "hold it")
          << &Target << Target.getType() << Write << GuardName << OtherLocks
          << !OtherLocks.empty() << OthersGuarded << Others;
    }
    if (Evidence)
      diag(Evidence->Use->getExprLoc(),
           "'%0' is held here, where %1 is %select{read|written}2",
           DiagnosticIDs::Note)
          << GuardName << &Target << (Evidence->Access == AccessKind::Write);
  }
}

void UnsynchronizedSharedMapCheck::reportUnlockedSpawnedWrites(
    const ValueDecl &Target, llvm::ArrayRef<SharedAccess> Accesses) {
  // No lock anywhere: only a function started on several threads at once
  // (in a loop, or at several places) that writes is a sure race.
  const SourceManager &SM = Target.getASTContext().getSourceManager();
  LineSet ReportedLines;
  for (const SharedAccess &A : Accesses) {
    if (!A.Spawned || A.Access != AccessKind::Write ||
        !llvm::is_contained(SpawnedRepeatedly, A.Function))
      continue;
    SourceLocation Loc = SM.getExpansionLoc(A.Use->getExprLoc());
    if (!ReportedLines.first(Loc, SM))
      continue;
    diag(Loc, "%0 (%1) is written here without a lock by %2, which runs on "
              "several threads at once; guard it with a mutex")
        << &Target << Target.getType() << A.Function;
  }
}

} // namespace conctidy
