//===--- SharedAccess.cpp - Accesses to shared data, with their locks -----===//

#include "conctidy/Analysis/SharedAccess.h"
#include "conctidy/Analysis/ASTHelpers.h"
#include "clang/AST/Attr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include <map>

using namespace clang;
using conctidy::model::AccessKind;

namespace conctidy {

//===----------------------------------------------------------------------===//
// Reads and writes
//===----------------------------------------------------------------------===//

namespace {

AccessKind byParameter(const FunctionDecl *Callee, unsigned Index) {
  if (!Callee || Index >= Callee->getNumParams())
    return AccessKind::Read;
  return isMutableReferenceOrPointer(Callee->getParamDecl(Index)->getType())
             ? AccessKind::Write
             : AccessKind::Read;
}

} // namespace

AccessKind classifyContainerUse(const Expr &Use, const ParentMap &PM) {
  const Stmt *Child = nullptr;
  const Stmt *P = semanticParent(&Use, PM, &Child);
  if (!P)
    return AccessKind::Read;
  if (const auto *ME = dyn_cast<MemberExpr>(P)) {
    const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(PM.getParent(ME));
    const auto *Method = Call ? Call->getMethodDecl() : nullptr;
    if (!Method)
      return AccessKind::Read;
    if (Method->getIdentifier())
      if (const model::ContainerMember *M =
              model::findContainerMember(Method->getName()))
        return M->Access;
    return Method->isConst() ? AccessKind::Read : AccessKind::Write;
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(P)) {
    if (Op->getNumArgs() == 0 || Op->getArg(0)->IgnoreParenImpCasts() != &Use)
      return AccessKind::Read;
    switch (Op->getOperator()) {
    case OO_Subscript: {
      // map[key] inserts; a const operator[] does not.
      const auto *Method =
          dyn_cast_or_null<CXXMethodDecl>(Op->getDirectCallee());
      return Method && Method->isConst() ? AccessKind::Read : AccessKind::Write;
    }
    case OO_Equal:
    case OO_PlusEqual:
    case OO_MinusEqual:
    case OO_PipeEqual:
    case OO_AmpEqual:
    case OO_LessLessEqual:
      return AccessKind::Write;
    default:
      return AccessKind::Read;
    }
  }
  // for (auto &KV : Map): writes when the elements are bound mutably.
  if (const auto *DS = dyn_cast<DeclStmt>(P)) {
    if (const auto *For = dyn_cast_or_null<CXXForRangeStmt>(PM.getParent(DS))) {
      if (For->getRangeStmt() == DS)
        return isMutableReferenceOrPointer(For->getLoopVariable()->getType())
                   ? AccessKind::Write
                   : AccessKind::Read;
    }
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D))
        if (VD->getInit() && VD->getInit()->IgnoreParenImpCasts() == &Use)
          return isMutableReferenceOrPointer(VD->getType()) ? AccessKind::Write
                                                            : AccessKind::Read;
    return AccessKind::Read;
  }
  if (const auto *Call = dyn_cast<CallExpr>(P)) {
    for (unsigned I = 0; I < Call->getNumArgs(); ++I)
      if (Call->getArg(I)->IgnoreParenImpCasts() == &Use)
        return byParameter(Call->getDirectCallee(), I);
    return AccessKind::Read;
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(P)) {
    for (unsigned I = 0; I < Construct->getNumArgs(); ++I)
      if (Construct->getArg(I)->IgnoreParenImpCasts() == &Use)
        return byParameter(Construct->getConstructor(), I);
    return AccessKind::Read;
  }
  if (const auto *U = dyn_cast<UnaryOperator>(P))
    return U->getOpcode() == UO_AddrOf ? AccessKind::Write : AccessKind::Read;
  return AccessKind::Read;
}

//===----------------------------------------------------------------------===//
// Where the code of a class runs, and with which locks
//===----------------------------------------------------------------------===//

namespace {

/// Whether the lambda \p L runs on another thread or later (a spawner's or
/// an async call's argument, a stored callback), rather than in place.
bool runsElsewhere(const LambdaExpr &L, const ParentMap &PM,
                   const AccessOptions &Options) {
  bool Stored = false;
  const Stmt *Child = &L;
  const Stmt *P = PM.getParent(&L);
  for (; P; Child = P, P = PM.getParent(P)) {
    if (isa<ParenExpr, ImplicitCastExpr, MaterializeTemporaryExpr,
            CXXBindTemporaryExpr, ExprWithCleanups, CXXFunctionalCastExpr>(P))
      continue;
    const auto *Construct = dyn_cast<CXXConstructExpr>(P);
    if (!Construct)
      break;
    const CXXRecordDecl *RD = Construct->getType()->getAsCXXRecordDecl();
    if (!RD)
      break;
    if (asSpawn(*Construct, Options.Spawns))
      return true;
    std::string Name = qualifiedName(*RD);
    if (Name == "std::function" || Name == "std::move_only_function" ||
        Name == "boost::function")
      Stored = true;
  }
  if (!P)
    return Stored;
  if (const auto *Call = dyn_cast<CallExpr>(P)) {
    if (Call->getCallee()->IgnoreParenImpCasts() == Child)
      return false; // Called in place.
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call))
      if (Op->getOperator() == OO_Call && Op->getArg(0) == Child)
        return false;
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee)
      return Stored;
    if (asSpawn(*Call, Options.Spawns))
      return true;
    if (model::isSynchronousCaller(qualifiedName(*Callee)))
      return false;
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call))
      if (Op->getOperator() == OO_Equal)
        return true; // Assigned to a variable or member: a callback.
    return Stored;
  }
  if (isa<ReturnStmt>(P))
    return true;
  return Stored;
}

/// Whether \p E is `this` (written or implicit).
bool isThis(const Expr *E) {
  return isa<CXXThisExpr>(E->IgnoreParenImpCasts());
}

/// A function body analyzed with an entry lock state: a member function or
/// a lambda inside one.
struct Unit {
  const FunctionDecl *Function;
  bool Concurrent;
  bool Spawned;
  std::unique_ptr<LockSetAnalysis> Locks;
  std::unique_ptr<ParentMap> Parents;
};

/// Analyzes \p F from \p Entry, then the lambdas written in it: those that
/// run elsewhere from no lock, the others from the locks held where they
/// are written.
void analyzeWithLambdas(const FunctionDecl &F, bool Concurrent, bool Spawned,
                        LockState Entry, ASTContext &Context,
                        const AccessOptions &Options,
                        std::vector<Unit> &Units) {
  if (!F.getBody())
    return;
  Unit U{&F, Concurrent, Spawned,
         std::make_unique<LockSetAnalysis>(F, Context, std::move(Entry)),
         std::make_unique<ParentMap>(F.getBody())};
  if (!U.Locks->valid())
    return;
  struct Inner {
    const LambdaExpr *Lambda;
    bool Elsewhere;
    LockState Entry;
  };
  llvm::SmallVector<Inner, 2> Lambdas;
  forEachOwnStmt(F.getBody(), [&](const Stmt *S) {
    const auto *L = dyn_cast<LambdaExpr>(S);
    if (!L)
      return;
    if (runsElsewhere(*L, *U.Parents, Options)) {
      Lambdas.push_back({L, true, LockState()});
    } else {
      const LockState *Here = U.Locks->before(L);
      Lambdas.push_back({L, false, Here ? *Here : LockState()});
    }
  });
  Units.push_back(std::move(U));
  for (Inner &I : Lambdas)
    analyzeWithLambdas(*I.Lambda->getCallOperator(), Concurrent || I.Elsewhere,
                       Spawned || I.Elsewhere, std::move(I.Entry), Context,
                       Options, Units);
}

class ClassAnalysis {
public:
  ClassAnalysis(const CXXRecordDecl &Class, ASTContext &Context,
                const AccessOptions &Options)
      : Class(Class), Context(Context), Options(Options) {}

  std::vector<Unit> run();

private:
  bool isPrivateHelper(const CXXMethodDecl &M) const {
    return M.getAccess() == AS_private && !M.isVirtual() && !M.isStatic() &&
           !isa<CXXConstructorDecl>(M) && !isa<CXXDestructorDecl>(M);
  }
  void analyze(const FunctionDecl &F, bool Concurrent, LockState Entry,
               std::vector<Unit> &Units) {
    analyzeWithLambdas(F, Concurrent, false, std::move(Entry), Context, Options,
                       Units);
  }

  const CXXRecordDecl &Class;
  ASTContext &Context;
  const AccessOptions &Options;
};

std::vector<Unit> ClassAnalysis::run() {
  // Entry states of private helpers, from their call sites; unknown until a
  // caller has been analyzed.
  std::map<const FunctionDecl *, std::optional<LockState>> HelperEntry;
  llvm::SmallVector<const FunctionDecl *, 8> Definitions;
  for (const CXXMethodDecl *M : Class.methods()) {
    const FunctionDecl *Def = nullptr;
    if (!M->isDefined(Def) || !Def->getBody() || M->isDeleted())
      continue;
    Definitions.push_back(Def);
    if (isPrivateHelper(*M))
      HelperEntry[Def] = std::nullopt;
  }

  std::vector<Unit> Units;
  for (unsigned Round = 0; Round < 6; ++Round) {
    Units.clear();
    for (const FunctionDecl *Def : Definitions) {
      bool Structor =
          isa<CXXConstructorDecl>(Def) || isa<CXXDestructorDecl>(Def);
      auto It = HelperEntry.find(Def);
      if (It == HelperEntry.end())
        analyze(*Def, !Structor, LockState(), Units);
      else if (It->second)
        analyze(*Def, true, *It->second, Units);
    }
    // Summaries: the locks held at every call of each helper.
    std::map<const FunctionDecl *, std::optional<LockState>> AtCalls;
    for (const Unit &U : Units)
      forEachOwnStmt(U.Function->getBody(), [&](const Stmt *S) {
        const auto *Call = dyn_cast<CXXMemberCallExpr>(S);
        if (!Call || !Call->getMethodDecl() ||
            !isThis(Call->getImplicitObjectArgument()))
          return;
        const FunctionDecl *Def = nullptr;
        if (!Call->getMethodDecl()->isDefined(Def) || !HelperEntry.count(Def))
          return;
        const LockState *Here = U.Locks->before(Call);
        if (!Here)
          return;
        // Calls from constructors and destructors do not run concurrently.
        if (!U.Concurrent)
          return;
        std::optional<LockState> &Met = AtCalls[Def];
        if (!Met)
          Met = *Here;
        else
          Met->intersect(*Here);
      });
    bool Changed = false;
    for (auto &[Def, Entry] : HelperEntry) {
      auto It = AtCalls.find(Def);
      std::optional<LockState> New =
          It != AtCalls.end() ? It->second : std::nullopt;
      if (New != Entry) {
        Entry = New;
        Changed = true;
      }
    }
    if (!Changed)
      break;
  }
  // Helpers no analyzed code calls (callbacks, or only constructors call
  // them) are entry points of their own.
  for (auto &[Def, Entry] : HelperEntry)
    if (!Entry)
      analyze(*Def, true, LockState(), Units);
  return Units;
}

} // namespace

namespace {

/// The part of a function during which threads it starts may run: from its
/// first spawn to its last join (in source order). A function that starts
/// no thread may itself run on any thread: all of it.
struct ThreadWindow {
  bool Everywhere = true;
  SourceLocation From, To;
  bool contains(SourceLocation L, const SourceManager &SM) const {
    if (Everywhere)
      return true;
    if (SM.isBeforeInTranslationUnit(L, From))
      return false;
    return !To.isValid() || !SM.isBeforeInTranslationUnit(To, L);
  }
};

bool isSpawn(const Stmt *S, const ParentMap &PM, const AccessOptions &Options) {
  if (const auto *L = dyn_cast<LambdaExpr>(S))
    return runsElsewhere(*L, PM, Options);
  return asSpawn(*S).has_value();
}

bool isJoin(const Stmt *S) {
  const auto *Call = dyn_cast<CallExpr>(S);
  const FunctionDecl *F = Call ? Call->getDirectCallee() : nullptr;
  if (!F || !F->getIdentifier())
    return false;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
    const CXXRecordDecl *RD = MC->getRecordDecl();
    return F->getName() == "join" && RD &&
           model::findThreadHandleType(qualifiedName(*RD));
  }
  return F->getName() == "pthread_join" || F->getName() == "thrd_join";
}

ThreadWindow threadWindow(const Stmt &Body, const ParentMap &PM,
                          const AccessOptions &Options,
                          const SourceManager &SM) {
  ThreadWindow W;
  SourceLocation FirstSpawn, LastSpawn, LastJoin;
  auto Before = [&](SourceLocation A, SourceLocation B) {
    return SM.isBeforeInTranslationUnit(A, B);
  };
  forEachOwnStmt(&Body, [&](const Stmt *S) {
    SourceLocation L = S->getBeginLoc();
    if (isSpawn(S, PM, Options)) {
      if (FirstSpawn.isInvalid() || Before(L, FirstSpawn))
        FirstSpawn = L;
      if (LastSpawn.isInvalid() || Before(LastSpawn, L))
        LastSpawn = L;
    } else if (isJoin(S)) {
      if (LastJoin.isInvalid() || Before(LastJoin, L))
        LastJoin = L;
    }
  });
  if (FirstSpawn.isInvalid())
    return W;
  W.Everywhere = false;
  W.From = FirstSpawn;
  if (LastJoin.isValid() && Before(LastSpawn, LastJoin))
    W.To = LastJoin;
  return W;
}

} // namespace

/// Sorts accesses by where they are written.
static void sortBySource(std::vector<SharedAccess> &Accesses,
                         const SourceManager &SM) {
  llvm::stable_sort(Accesses,
                    [&](const SharedAccess &A, const SharedAccess &B) {
                      return SM.isBeforeInTranslationUnit(A.Use->getExprLoc(),
                                                          B.Use->getExprLoc());
                    });
}

std::vector<SharedAccess>
collectMemberAccesses(const CXXRecordDecl &Class,
                      llvm::ArrayRef<const FieldDecl *> Fields,
                      ASTContext &Context, const AccessOptions &Options) {
  std::vector<SharedAccess> Accesses;
  std::vector<Unit> Units = ClassAnalysis(Class, Context, Options).run();
  for (const Unit &U : Units)
    forEachOwnStmt(U.Function->getBody(), [&](const Stmt *S) {
      const auto *ME = dyn_cast<MemberExpr>(S);
      if (!ME || !isThis(ME->getBase()))
        return;
      const auto *Field = dyn_cast<FieldDecl>(ME->getMemberDecl());
      if (!Field || !llvm::is_contained(Fields, Field))
        return;
      const LockState *Held = U.Locks->before(ME);
      if (!Held)
        return;
      Accesses.push_back({Field, ME, classifyContainerUse(*ME, *U.Parents),
                          *Held, U.Function, U.Concurrent, U.Spawned});
    });
  sortBySource(Accesses, Context.getSourceManager());
  return Accesses;
}

std::vector<SharedAccess>
collectGlobalAccesses(llvm::ArrayRef<const VarDecl *> Globals,
                      llvm::ArrayRef<const FunctionDecl *> Functions,
                      llvm::ArrayRef<const FunctionDecl *> SpawnedFunctions,
                      ASTContext &Context, const AccessOptions &Options) {
  std::vector<Unit> Units;
  for (const FunctionDecl *F : Functions)
    analyzeWithLambdas(*F, true, llvm::is_contained(SpawnedFunctions, F),
                       LockState(), Context, Options, Units);
  const SourceManager &SM = Context.getSourceManager();
  std::vector<SharedAccess> Accesses;
  for (const Unit &U : Units) {
    ThreadWindow Window =
        threadWindow(*U.Function->getBody(), *U.Parents, Options, SM);
    forEachOwnStmt(U.Function->getBody(), [&](const Stmt *S) {
      const auto *DRE = dyn_cast<DeclRefExpr>(S);
      if (!DRE)
        return;
      const auto *Var = dyn_cast<VarDecl>(DRE->getDecl());
      if (!Var || !llvm::is_contained(Globals, Var->getCanonicalDecl()))
        return;
      const LockState *Held = U.Locks->before(DRE);
      if (!Held)
        return;
      bool Concurrent = U.Spawned || Window.contains(DRE->getExprLoc(), SM);
      Accesses.push_back({Var->getCanonicalDecl(), DRE,
                          classifyContainerUse(*DRE, *U.Parents), *Held,
                          U.Function, Concurrent, U.Spawned});
    });
  }
  sortBySource(Accesses, SM);
  return Accesses;
}

namespace {

/// The function a spawner call starts by name, if any.
const FunctionDecl *spawnedByName(const Stmt &S) {
  std::optional<Spawn> Sp = asSpawn(S);
  if (!Sp || Sp->lambda())
    return nullptr;
  const FunctionDecl *F = Sp->body();
  return F && !isa<CXXMethodDecl>(F) ? F->getDefinition() : nullptr;
}

class GlobalUseFinder : public RecursiveASTVisitor<GlobalUseFinder> {
public:
  GlobalUseFinder(ASTContext &Context, llvm::ArrayRef<const VarDecl *> Globals)
      : SM(Context.getSourceManager()), Globals(Globals) {}

  GlobalUses Uses;

  bool VisitFunctionDecl(FunctionDecl *F) {
    if (!F->doesThisDeclarationHaveABody() || F->isDependentContext() ||
        F->isInvalidDecl() || SM.isInSystemHeader(F->getLocation()))
      return true;
    if (const auto *M = dyn_cast<CXXMethodDecl>(F))
      if (M->getParent()->isLambda())
        return true;
    Current = F;
    walk(F->getBody(), 0);
    return true;
  }

private:
  void note(std::vector<const FunctionDecl *> &List, const FunctionDecl *F) {
    if (!llvm::is_contained(List, F))
      List.push_back(F);
  }

  /// Walks a body (lambdas included) with the depth of loops around.
  void walk(const Stmt *S, unsigned Loops) {
    if (!S)
      return;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
      if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
        if (llvm::is_contained(Globals, V->getCanonicalDecl()))
          note(Uses.Users, Current);
    if (const FunctionDecl *Started = spawnedByName(*S)) {
      if (Loops > 0 || llvm::is_contained(Uses.Spawned, Started))
        note(Uses.SpawnedRepeatedly, Started);
      note(Uses.Spawned, Started);
    }
    unsigned Inner =
        Loops + (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(S) ? 1 : 0);
    for (const Stmt *Child : S->children())
      walk(Child, Inner);
  }

  const SourceManager &SM;
  llvm::ArrayRef<const VarDecl *> Globals;
  const FunctionDecl *Current = nullptr;
};

} // namespace

GlobalUses findGlobalUses(ASTContext &Context,
                          llvm::ArrayRef<const VarDecl *> Globals) {
  GlobalUseFinder Finder(Context, Globals);
  Finder.TraverseDecl(Context.getTranslationUnitDecl());
  return std::move(Finder.Uses);
}

//===----------------------------------------------------------------------===//
// Guards
//===----------------------------------------------------------------------===//

std::optional<LockPath> guardedByAnnotation(const FieldDecl &Field) {
  if (const auto *A = Field.getAttr<GuardedByAttr>())
    return LockPath::fromExpr(A->getArg());
  return std::nullopt;
}

std::optional<Guard> inferGuard(llvm::ArrayRef<SharedAccess> Accesses,
                                std::optional<LockPath> Annotation) {
  if (Annotation)
    return Guard{*Annotation, true};
  // Candidates: locks of the object itself or globals, not of locals.
  llvm::SmallVector<std::pair<LockPath, unsigned>, 4> Counts;
  for (const SharedAccess &A : Accesses) {
    if (!A.Concurrent)
      continue;
    for (const HeldLock &H : A.Held.held()) {
      if (H.Path.Root == LockPath::RootKind::Variable &&
          (!isa<VarDecl>(H.Path.RootDecl) ||
           cast<VarDecl>(H.Path.RootDecl)->hasLocalStorage()))
        continue;
      auto It = llvm::find_if(Counts,
                              [&](const auto &C) { return C.first == H.Path; });
      if (It == Counts.end())
        Counts.push_back({H.Path, 1});
      else
        ++It->second;
    }
  }
  if (Counts.empty())
    return std::nullopt;
  // The lock most accesses hold; on a tie, the first one seen.
  const auto *Best = &Counts.front();
  for (const auto &C : Counts)
    if (C.second > Best->second)
      Best = &C;
  return Guard{Best->first, false};
}

} // namespace conctidy
