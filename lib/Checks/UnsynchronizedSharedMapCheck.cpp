//===--- UnsynchronizedSharedMapCheck.cpp - conc-unsynchronized-shared-map ===//

#include "UnsynchronizedSharedMapCheck.h"
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

static std::vector<std::string> splitList(StringRef List) {
  llvm::SmallVector<StringRef, 8> Parts;
  List.split(Parts, ';', -1, /*KeepEmpty=*/false);
  std::vector<std::string> Out;
  for (StringRef P : Parts)
    if (!P.trim().empty())
      Out.push_back(P.trim().str());
  return Out;
}

static constexpr llvm::StringLiteral DefaultAsyncCalls =
    "post;dispatch;defer;submit;enqueue;::boost::asio::post;"
    "::boost::asio::dispatch;::boost::asio::defer";

UnsynchronizedSharedMapCheck::UnsynchronizedSharedMapCheck(
    StringRef Name, tidy::ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), IncludeSequenceContainers(Options.get(
                                         "IncludeSequenceContainers", false)),
      ContainerTypes(Options.get("ContainerTypes", "")),
      AsyncCalls(Options.get("AsyncCalls", DefaultAsyncCalls)) {
  for (std::string &Name : splitList(ContainerTypes)) {
    StringRef N(Name);
    N.consume_front("::");
    ExtraContainers.push_back(N.str());
  }
  for (std::string &Call : splitList(AsyncCalls)) {
    StringRef C(Call);
    C.consume_front("::");
    Access.AsyncCalls.push_back(C.str());
  }
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
                                   unless(isInstantiated()),
                                   has(fieldDecl(hasType(Container))))
                         .bind("class"),
                     this);
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
  const auto *Class = Result.Nodes.getNodeAs<CXXRecordDecl>("class");
  if (!Class || Class->isDependentContext() || Class->isInvalidDecl())
    return;
  // Only classes that own a lock (or annotate a guard) share their
  // containers under it.
  bool OwnsLock = false;
  llvm::SmallVector<const FieldDecl *, 4> Containers;
  for (const FieldDecl *F : Class->fields()) {
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
  std::vector<MemberAccess> Accesses =
      collectMemberAccesses(*Class, Containers, *Result.Context, Access);
  for (const FieldDecl *F : Containers) {
    llvm::SmallVector<MemberAccess, 8> Mine;
    for (const MemberAccess &A : Accesses)
      if (A.Field == F)
        Mine.push_back(A);
    reportField(*F, Mine);
  }
}

void UnsynchronizedSharedMapCheck::reportField(
    const FieldDecl &Field, llvm::ArrayRef<MemberAccess> Accesses) {
  // Read-only after construction: nothing to race with.
  bool ConcurrentWrite = llvm::any_of(Accesses, [](const MemberAccess &A) {
    return A.Concurrent && A.Access == AccessKind::Write;
  });
  if (!ConcurrentWrite)
    return;
  std::optional<Guard> G = inferGuard(Accesses, guardedByAnnotation(Field));
  if (!G)
    return;
  std::string GuardName = G->Lock.spelling();

  const MemberAccess *Evidence = nullptr;
  unsigned Concurrent = 0, Guarded = 0;
  for (const MemberAccess &A : Accesses) {
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

  const SourceManager &SM = Field.getASTContext().getSourceManager();
  std::set<std::pair<FileID, unsigned>> ReportedLines;
  for (const MemberAccess &A : Accesses) {
    if (!A.Concurrent)
      continue;
    const HeldLock *H = A.Held.find(G->Lock);
    bool Write = A.Access == AccessKind::Write;
    bool SharedOnly = H && Write && H->Mode == model::LockMode::Shared;
    if (H && !SharedOnly)
      continue;
    SourceLocation Loc = A.Use->getMemberLoc();
    if (Loc.isMacroID())
      Loc = SM.getExpansionLoc(Loc);
    if (!ReportedLines
             .insert({SM.getFileID(Loc), SM.getSpellingLineNumber(Loc)})
             .second)
      continue;
    unsigned Others = Concurrent - 1;
    unsigned OthersGuarded = Guarded - (H ? 1 : 0);
    if (SharedOnly) {
      diag(Loc, "%0 (%1) is written here while '%2' is held only in shared "
                "mode; writers must hold it exclusively")
          << &Field << Field.getType() << GuardName;
    } else if (G->Annotated) {
      diag(Loc, "%0 (%1) is %select{read|written}2 here without holding "
                "'%3', which guards it (GUARDED_BY)")
          << &Field << Field.getType() << Write << GuardName;
    } else {
      // Accesses under another lock are the Eraser-style case: say which.
      std::string OtherLocks;
      for (const HeldLock &Other : A.Held.held())
        if (Other.Path.Root == LockPath::RootKind::This)
          OtherLocks +=
              (OtherLocks.empty() ? "'" : ", '") + Other.Path.spelling() + "'";
      diag(Loc, "%0 (%1) is %select{read|written}2 here without holding "
                "'%3'%select{| (it holds %4)}5; %6 of %7 other accesses "
                "hold it")
          << &Field << Field.getType() << Write << GuardName << OtherLocks
          << !OtherLocks.empty() << OthersGuarded << Others;
    }
    if (Evidence)
      diag(Evidence->Use->getMemberLoc(),
           "'%0' is held here, where %1 is %select{read|written}2",
           DiagnosticIDs::Note)
          << GuardName << &Field << (Evidence->Access == AccessKind::Write);
  }
}

} // namespace conctidy
