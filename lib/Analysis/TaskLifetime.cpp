//===--- TaskLifetime.cpp - Tasks that outlive what they capture ----------===//

#include "conctidy/Analysis/TaskLifetime.h"
#include "conctidy/Analysis/ASTHelpers.h"
#include "conctidy/Analysis/FunctionSummaries.h"
#include "conctidy/Analysis/ThreadLifetime.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include <algorithm>

using namespace clang;

namespace conctidy {

namespace {

/// Member functions that, called on the object a task was posted to (a
/// project's pool), wait for its tasks.
bool isPoolWaitName(StringRef Name) {
  return Name == "join" || Name == "wait" || Name == "waitForDone" ||
         Name == "join_all" || Name == "wait_all" || Name == "waitAll" ||
         Name == "wait_for_tasks" || Name == "wait_idle" ||
         Name == "waitForIdle" || Name == "drain" || Name == "shutdown";
}

/// The class name the model's TaskWaits rows use for \p T: the template for
/// a specialization.
std::string waitClassName(QualType T) {
  T = T.getNonReferenceType();
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType();
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD)
    return "";
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    return qualifiedName(*Spec->getSpecializedTemplate());
  return qualifiedName(*RD);
}

/// The declaration an object expression names (a local, a parameter, a
/// data member), or null.
const ValueDecl *namedObject(const Expr *E) {
  if (!E)
    return nullptr;
  E = E->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(E))
    if (U->getOpcode() == UO_AddrOf || U->getOpcode() == UO_Deref)
      E = U->getSubExpr()->IgnoreParenImpCasts();
  // Through a smart pointer: `Pool->post(...)`, `(*Pool).wait()`.
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E))
    if ((Op->getOperator() == OO_Arrow || Op->getOperator() == OO_Star) &&
        Op->getNumArgs() >= 1)
      E = Op->getArg(0)->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return DRE->getDecl();
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return ME->getMemberDecl();
  return nullptr;
}

/// Whether \p Call is a member call that waits for tasks (a model row).
bool isModelWait(const CXXMemberCallExpr &Call) {
  const CXXMethodDecl *M = Call.getMethodDecl();
  if (!M || !M->getIdentifier())
    return false;
  const Expr *Obj = Call.getImplicitObjectArgument();
  return Obj && model::isTaskWait(waitClassName(Obj->getType()), M->getName());
}

/// Whether the body of \p F, when the translation unit has it, waits for
/// tasks through a model row (one call deep). A stand-in for summaries.
bool visibleBodyWaits(const FunctionDecl *F) {
  const FunctionDecl *Def = F ? F->getDefinition() : nullptr;
  if (!Def || !Def->getBody())
    return false;
  bool Waits = false;
  forEachOwnStmt(Def->getBody(), [&](const Stmt *S) {
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S))
      Waits |= isModelWait(*MC);
  });
  return Waits;
}

/// \p E's consumer: its first parent that is not a wrapper around the
/// value (parentheses, casts, temporaries, elidable copies).
const Stmt *consumer(const Expr *E, const ParentMap &PM) {
  const Stmt *Cur = E;
  for (const Stmt *P = PM.getParent(Cur); P; Cur = P, P = PM.getParent(P)) {
    if (isa<ParenExpr>(P) || isa<ImplicitCastExpr>(P) ||
        isa<MaterializeTemporaryExpr>(P) || isa<CXXBindTemporaryExpr>(P) ||
        isa<ExprWithCleanups>(P) || isa<CXXFunctionalCastExpr>(P))
      continue;
    if (const auto *CE = dyn_cast<CXXConstructExpr>(P))
      if (CE->getNumArgs() == 1 &&
          CE->getConstructor()->isCopyOrMoveConstructor())
        continue;
    return P;
  }
  return nullptr;
}

/// Whether \p S stores its operand into a data member: `Member = x`, or an
/// insertion into a member container.
const Stmt *storesIntoMember(const Stmt *S) {
  if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(S)) {
    if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
        isa<MemberExpr>(Op->getArg(0)->IgnoreParenImpCasts()))
      return Op;
    return nullptr;
  }
  if (const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(S)) {
    const CXXMethodDecl *M = MC->getMethodDecl();
    const Expr *Obj = MC->getImplicitObjectArgument();
    if (M && M->getIdentifier() && model::isContainerInsertion(M->getName()) &&
        Obj && isa<MemberExpr>(Obj->IgnoreParenImpCasts()))
      return MC;
  }
  return nullptr;
}

/// The CFG of one function, built on demand, with where each statement is.
struct FunctionGraph {
  FunctionGraph(const FunctionDecl &F, ASTContext &Context)
      : Body(F.getBody()) {
    CFG::BuildOptions BO;
    BO.AddImplicitDtors = true;
    BO.AddLifetime = true;
    BO.AddInitializers = false;
    BO.setAllAlwaysAdd();
    Graph = CFG::buildCFG(&F, const_cast<Stmt *>(Body), &Context, BO);
    if (!Graph)
      return;
    for (const CFGBlock *B : *Graph)
      for (unsigned I = 0, E = B->size(); I < E; ++I) {
        CFGElement El = (*B)[I];
        if (auto L = El.getAs<CFGLifetimeEnds>()) {
          Ends[L->getVarDecl()].push_back(CFGPoint{B, I});
          continue;
        }
        if (auto D = El.getAs<CFGAutomaticObjDtor>()) {
          Ends[D->getVarDecl()].push_back(CFGPoint{B, I});
          continue;
        }
        auto CS = El.getAs<CFGStmt>();
        if (!CS)
          continue;
        const Stmt *S = CS->getStmt();
        Points.try_emplace(S, CFGPoint{B, I});
        if (isa<ReturnStmt>(S) || isa<CXXThrowExpr>(S))
          Exits[B].push_back(I);
        if (const auto *DS = dyn_cast<DeclStmt>(S))
          for (const Decl *D : DS->decls())
            if (const auto *V = dyn_cast<VarDecl>(D))
              Decls.try_emplace(V, DS);
      }
  }

  /// The statement whose scope \p V lives in.
  const Stmt *scopeOf(const VarDecl &V, const ParentMap &PM) const {
    auto It = Decls.find(&V);
    if (It == Decls.end())
      return Body;
    const Stmt *P = PM.getParent(It->second);
    return P ? P : Body;
  }

  /// The point just after \p S (or the closest enclosing statement that is
  /// an element).
  std::optional<CFGPoint> after(const Stmt *S, const ParentMap &PM) const {
    for (; S; S = PM.getParent(S)) {
      auto It = Points.find(S);
      if (It != Points.end())
        return CFGPoint{It->second.Block, It->second.Index + 1};
    }
    return std::nullopt;
  }

  const Stmt *Body;
  std::unique_ptr<CFG> Graph;
  llvm::DenseMap<const Stmt *, CFGPoint> Points;
  /// The lifetime-end and destructor elements of each local.
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<CFGPoint, 2>> Ends;
  /// Per block, the sorted indexes of its returns and throws.
  llvm::DenseMap<const CFGBlock *, llvm::SmallVector<unsigned, 2>> Exits;
  llvm::DenseMap<const VarDecl *, const DeclStmt *> Decls;
};

/// Walks the paths from a point to the end of \p Target's lifetime (or, with
/// no target, to the function's exit) that pass no statement of \p Stops.
class EndVisitor {
public:
  EndVisitor(const VarDecl *Target, const Stmt *Scope,
             const llvm::SmallPtrSetImpl<const Stmt *> &Stops,
             const llvm::SmallPtrSetImpl<const VarDecl *> *StopVars)
      : Target(Target), Scope(Scope), Stops(Stops), StopVars(StopVars) {}

  llvm::SmallVector<ScopeExit, 4> Exits;

  PathStep element(const CFGBlock &B, unsigned Index, bool &) {
    CFGElement E = B[Index];
    // A scope guard that waits, destroyed before the target: declared after
    // it. (The CFG puts the ends of trivially destructible locals after
    // every destructor of the scope, so the order is read off the source.)
    if (StopVars)
      if (auto D = E.getAs<CFGAutomaticObjDtor>())
        if (StopVars->count(D->getVarDecl()) &&
            (!Target || Target->getLocation() < D->getVarDecl()->getLocation()))
          return PathStep::Stop;
    if (Target) {
      if (auto L = E.getAs<CFGLifetimeEnds>())
        if (L->getVarDecl() == Target)
          return found(describeDtorExit(B, Index, Scope));
      if (auto D = E.getAs<CFGAutomaticObjDtor>())
        if (D->getVarDecl() == Target)
          return found(describeDtorExit(B, Index, Scope));
    }
    auto CS = E.getAs<CFGStmt>();
    if (!CS)
      return PathStep::Continue;
    const Stmt *S = CS->getStmt();
    if (Stops.count(S) || isa<CXXThrowExpr>(S))
      return PathStep::Stop;
    if (!Target && isa<ReturnStmt>(S))
      return found({ScopeExitKind::Return, S});
    return PathStep::Continue;
  }

  PathStep terminator(const CFGBlock &B, bool &) {
    if (B.hasNoReturnElement())
      return PathStep::Stop;
    if (!Target && B.succ_empty())
      return found({ScopeExitKind::End, Scope});
    return PathStep::Continue;
  }

  bool edge(const CFGBlock &, unsigned, bool &) { return true; }

private:
  PathStep found(ScopeExit X) {
    Exits.push_back(X);
    return PathStep::Stop;
  }

  const VarDecl *Target;
  const Stmt *Scope;
  const llvm::SmallPtrSetImpl<const Stmt *> &Stops;
  const llvm::SmallPtrSetImpl<const VarDecl *> *StopVars;
};

/// Whether \p B branches on a condition that is always true by design:
/// GoogleTest's `if (::testing::internal::TrueWithString gtest_msg{})` and
/// `if (::testing::internal::AlwaysTrue())` around EXPECT_NO_THROW and
/// friends (the else branch only reports a failure).
bool isAlwaysTrueBranch(const CFGBlock &B) {
  const auto *If = dyn_cast_or_null<IfStmt>(B.getTerminatorStmt());
  if (!If || B.succ_size() != 2)
    return false;
  if (const VarDecl *V = If->getConditionVariable())
    if (const CXXRecordDecl *RD = V->getType()->getAsCXXRecordDecl())
      return qualifiedName(*RD) == "testing::internal::TrueWithString";
  const auto *Call =
      dyn_cast_or_null<CallExpr>(If->getCond()->IgnoreParenImpCasts());
  const FunctionDecl *F = Call ? Call->getDirectCallee() : nullptr;
  return F && qualifiedName(*F) == "testing::internal::AlwaysTrue";
}

SourceLocation exitLoc(const ScopeExit &X) {
  return X.Kind == ScopeExitKind::End ? X.Where->getEndLoc()
                                      : X.Where->getBeginLoc();
}

/// The first (in source order) way a path from \p From reaches the end of
/// \p Target (or of the function) without passing \p Stops.
std::optional<ScopeExit>
firstEnd(const FunctionGraph &G, const ParentMap &PM, const Stmt *From,
         const VarDecl *Target,
         const llvm::SmallPtrSetImpl<const Stmt *> &Stops,
         const SourceManager &SM,
         const llvm::SmallPtrSetImpl<const VarDecl *> *StopVars = nullptr) {
  if (!G.Graph)
    return std::nullopt;
  std::optional<CFGPoint> Start = G.after(From, PM);
  if (!Start)
    return std::nullopt;
  const Stmt *Scope = Target ? G.scopeOf(*Target, PM) : G.Body;
  EndVisitor Visitor(Target, Scope, Stops, StopVars);

  // Only the elements that can matter are visited: the stops, the ends of
  // the target and of the guards, returns and throws (so that a search
  // costs what the function's waits and exits cost, not its length).
  llvm::DenseMap<const CFGBlock *, llvm::SmallVector<unsigned, 4>> Own;
  for (const Stmt *S : Stops) {
    auto It = G.Points.find(S);
    if (It != G.Points.end())
      Own[It->second.Block].push_back(It->second.Index);
  }
  auto AddEnds = [&](const VarDecl *V) {
    auto It = G.Ends.find(V);
    if (It != G.Ends.end())
      for (const CFGPoint &P : It->second)
        Own[P.Block].push_back(P.Index);
  };
  if (Target)
    AddEnds(Target);
  if (StopVars)
    for (const VarDecl *V : *StopVars)
      AddEnds(V);
  for (auto &[Block, Indexes] : G.Exits)
    Own[Block].append(Indexes.begin(), Indexes.end());
  for (auto &Entry : Own) {
    llvm::sort(Entry.second);
    Entry.second.erase(std::unique(Entry.second.begin(), Entry.second.end()),
                       Entry.second.end());
  }
  llvm::DenseSet<unsigned> Entered;
  llvm::SmallVector<CFGPoint, 16> Work{*Start};
  bool Dummy = true;
  while (!Work.empty()) {
    CFGPoint Point = Work.pop_back_val();
    const CFGBlock &B = *Point.Block;
    bool Stopped = false;
    auto OwnIt = Own.find(&B);
    if (OwnIt != Own.end())
      for (auto I = std::lower_bound(OwnIt->second.begin(), OwnIt->second.end(),
                                     Point.Index);
           I != OwnIt->second.end() && !Stopped; ++I)
        Stopped = Visitor.element(B, *I, Dummy) == PathStep::Stop;
    if (Stopped || Visitor.terminator(B, Dummy) == PathStep::Stop)
      continue;
    bool OnlyTrue = isAlwaysTrueBranch(B);
    unsigned SuccIndex = 0;
    for (const CFGBlock::AdjacentBlock &Succ : B.succs()) {
      if (OnlyTrue && SuccIndex++ > 0)
        break;
      if (const CFGBlock *Next = Succ.getReachableBlock())
        if (Entered.insert(Next->getBlockID()).second)
          Work.push_back(CFGPoint{Next, 0});
    }
  }
  if (Visitor.Exits.empty())
    return std::nullopt;
  const ScopeExit *First = &Visitor.Exits.front();
  for (const ScopeExit &X : Visitor.Exits)
    if (SM.isBeforeInTranslationUnit(exitLoc(X), exitLoc(*First)))
      First = &X;
  return *First;
}

/// A reference of a task to an object of the starting function.
struct Candidate {
  CaptureKind Kind;
  const VarDecl *Var; // Null for `this`.
  SourceLocation Loc;
};

/// Whether \p V is an object that dies with the function (or, for a
/// reference parameter, may die right after it): a non-static local or a
/// parameter of \p F.
bool isFunctionObject(const VarDecl *V, const FunctionDecl &F) {
  if (!V || !V->hasLocalStorage() || V->isInvalidDecl())
    return false;
  const auto *Owner =
      dyn_cast_or_null<FunctionDecl>(V->getParentFunctionOrMethod());
  return Owner && Owner->getCanonicalDecl() == F.getCanonicalDecl();
}

/// The local named by \p E (`x`, through wrappers), or null.
const VarDecl *localNamed(const Expr *E, const FunctionDecl &F) {
  if (!E)
    return nullptr;
  const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  const auto *V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!isFunctionObject(V, F) || V->getType()->isReferenceType())
    return nullptr;
  return V;
}

bool containsSharedFromThis(const Expr *E) {
  bool Found = false;
  forEachOwnStmt(E, [&](const Stmt *S) {
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S))
      if (const CXXMethodDecl *M = MC->getMethodDecl())
        if (M->getIdentifier() && (M->getName() == "shared_from_this" ||
                                   M->getName() == "weak_from_this"))
          Found = true;
  });
  return Found;
}

/// What the spawn's callable refers to by reference or address.
void collectCandidates(const Spawn &Sp, const FunctionDecl &F,
                       llvm::SmallVectorImpl<Candidate> &Out) {
  if (const LambdaExpr *L = Sp.lambda()) {
    bool KeepsObjectAlive = false;
    for (const Expr *Init : L->capture_inits())
      if (Init && containsSharedFromThis(Init))
        KeepsObjectAlive = true;
    for (const LambdaCapture &C : L->captures()) {
      if (C.capturesThis()) {
        if (C.getCaptureKind() == LCK_This && !KeepsObjectAlive &&
            isa<CXXMethodDecl>(F) && !cast<CXXMethodDecl>(F).isStatic() &&
            !cast<CXXMethodDecl>(F).getParent()->isLambda())
          Out.push_back({CaptureKind::This, nullptr, C.getLocation()});
        continue;
      }
      if (!C.capturesVariable())
        continue;
      const auto *V = dyn_cast<VarDecl>(C.getCapturedVar());
      if (!V)
        continue;
      if (V->isInitCapture()) {
        // [&r = x] and [p = &x].
        const Expr *Init = V->getInit();
        if (!Init)
          continue;
        if (V->getType()->isReferenceType()) {
          if (const VarDecl *X = localNamed(Init, F))
            Out.push_back({CaptureKind::ByReference, X, C.getLocation()});
        } else if (const auto *U =
                       dyn_cast<UnaryOperator>(Init->IgnoreParenImpCasts());
                   U && U->getOpcode() == UO_AddrOf) {
          if (const VarDecl *X = localNamed(U->getSubExpr(), F))
            Out.push_back({CaptureKind::AddressOf, X, C.getLocation()});
        }
        continue;
      }
      if (C.getCaptureKind() != LCK_ByRef || !isFunctionObject(V, F))
        continue;
      if (V->getType()->isReferenceType()) {
        // A reference parameter refers to the caller's object; a local
        // reference to something we do not follow.
        if (isa<ParmVarDecl>(V))
          Out.push_back({CaptureKind::ReferenceParameter, V, C.getLocation()});
        continue;
      }
      Out.push_back({CaptureKind::ByReference, V, C.getLocation()});
    }
  }
  // Arguments forwarded to the callable: &x, std::ref(x).
  for (const Expr *D : Sp.Data) {
    const Expr *E = ignoreWrappers(D);
    if (const auto *U = dyn_cast_or_null<UnaryOperator>(E)) {
      if (U->getOpcode() == UO_AddrOf)
        if (const VarDecl *X = localNamed(U->getSubExpr(), F))
          Out.push_back({CaptureKind::AddressOf, X, U->getBeginLoc()});
      continue;
    }
    if (const auto *Call = dyn_cast_or_null<CallExpr>(E)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (Callee && Callee->isInStdNamespace() && Callee->getIdentifier() &&
          (Callee->getName() == "ref" || Callee->getName() == "cref") &&
          Call->getNumArgs() == 1) {
        if (const VarDecl *X = localNamed(Call->getArg(0), F))
          Out.push_back({CaptureKind::ByReference, X, Call->getBeginLoc()});
        else if (const auto *DRE = dyn_cast<DeclRefExpr>(
                     Call->getArg(0)->IgnoreParenImpCasts()))
          if (const auto *P = dyn_cast<ParmVarDecl>(DRE->getDecl()))
            if (isFunctionObject(P, F) && P->getType()->isReferenceType())
              Out.push_back(
                  {CaptureKind::ReferenceParameter, P, Call->getBeginLoc()});
      }
    }
  }
}

/// The declaration of the object a task is posted to (the pool), or null.
const ValueDecl *spawnReceiver(const Spawn &Sp) {
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Sp.Site))
    return namedObject(MC->getImplicitObjectArgument());
  if (const auto *Call = dyn_cast<CallExpr>(Sp.Site))
    if (Call->getNumArgs() > 0 && Call->getArg(0) != Sp.Callable)
      return namedObject(Call->getArg(0));
  return nullptr;
}

/// Why the task of \p Sp can outlive the function, and the statements
/// after which it is known finished (joins of its handle).
struct Outliving {
  TaskOutlives Kind;
  const Stmt *At;
};

class FunctionAnalysis {
public:
  FunctionAnalysis(const FunctionDecl &F, ASTContext &Context,
                   const TaskLifetimeOptions &Options)
      : F(F), Context(Context), Options(Options), Body(F.getBody()) {}

  std::vector<DanglingCapture> run() {
    std::vector<DanglingCapture> Result;
    llvm::SmallVector<Spawn, 4> Spawns;
    forEachOwnStmt(Body, [&](const Stmt *S) {
      // asSpawn also sees `Workers.emplace_back(lambda)`.
      if (std::optional<Spawn> Sp = asSpawn(*S, Options.Spawns))
        Spawns.push_back(*Sp);
    });
    for (const Spawn &Sp : Spawns) {
      llvm::SmallVector<Candidate, 4> Candidates;
      collectCandidates(Sp, F, Candidates);
      if (Candidates.empty())
        continue;
      ensureGraph();
      llvm::SmallPtrSet<const Stmt *, 16> Stops;
      std::optional<Outliving> O = outliving(Sp, Stops);
      if (!O)
        continue;
      llvm::SmallPtrSet<const VarDecl *, 4> StopVars;
      addWaits(Sp, Stops, StopVars);
      for (const Candidate &C : Candidates) {
        // `this` and parameters end with the function; a captured member
        // thread is owned by the object, which joins it (or terminates).
        if (C.Kind == CaptureKind::This &&
            (O->Kind == TaskOutlives::StoredInMember ||
             destructorWaits(*cast<CXXMethodDecl>(F).getParent(),
                             O->Kind == TaskOutlives::Posted)))
          continue;
        const VarDecl *Target =
            C.Var && !isa<ParmVarDecl>(C.Var) ? C.Var : nullptr;
        std::optional<ScopeExit> End =
            firstEnd(*Graph, *Parents, Sp.Site, Target, Stops,
                     Context.getSourceManager(), &StopVars);
        if (!End)
          continue;
        DanglingCapture D;
        D.Kind = C.Kind;
        D.Captured = C.Var;
        D.CaptureLoc = C.Loc;
        D.SpawnSite = Sp.Site;
        D.SpawnerName = Sp.SpawnerName;
        D.Outlives = O->Kind;
        D.OutlivesAt = O->At;
        D.End = *End;
        if (C.Kind == CaptureKind::This)
          D.Method = cast<CXXMethodDecl>(&F);
        Result.push_back(D);
      }
    }
    return Result;
  }

private:
  FunctionSummaries &sums() {
    if (Options.Summaries)
      return *Options.Summaries;
    if (!OwnSums)
      OwnSums = std::make_unique<FunctionSummaries>(Context);
    return *OwnSums;
  }

  /// What the callees of \p Call do to the handle passed as \p Ref, by
  /// their summaries; nothing when some callee is unknown.
  std::optional<HandleEffects> calleeEffects(const CallExpr &Call,
                                             const Expr &Ref) {
    std::optional<unsigned> Param;
    for (unsigned I = 0; I < Call.getNumArgs(); ++I)
      if (Call.getArg(I)->IgnoreParenImpCasts() == &Ref)
        Param = FunctionSummaries::paramIndexOf(Call, I);
    CallTargets T = sums().targets(Call);
    if (!Param || T.Unknown || T.Defs.empty())
      return std::nullopt;
    HandleEffects E;
    for (const FunctionDecl *Def : T.Defs)
      E.merge(sums().threads(*Def).param(*Param));
    return E;
  }

  void ensureGraph() {
    if (Graph)
      return;
    Graph = std::make_unique<FunctionGraph>(F, Context);
    Parents = std::make_unique<ParentMap>(const_cast<Stmt *>(Body));
  }

  /// The events on a handle (a local, or a data member) in the function:
  /// joins and hand-overs stop the search; a detach or a store into a
  /// member is why the task outlives.
  std::optional<Outliving>
  handleEvents(const ValueDecl &Handle, std::optional<Outliving> Initial,
               llvm::SmallPtrSetImpl<const Stmt *> &Stops) {
    HandleShape Shape = classifyHandleType(Handle.getType());
    if (!Shape)
      return Initial;
    std::optional<Outliving> Result = Initial;
    const SourceManager &SM = Context.getSourceManager();
    auto Consider = [&](Outliving O) {
      if (!Result || SM.isBeforeInTranslationUnit(O.At->getBeginLoc(),
                                                  Result->At->getBeginLoc()))
        Result = O;
    };
    ensureIndex();
    auto RefsIt = RefsByDecl.find(&Handle);
    if (RefsIt == RefsByDecl.end())
      return Result;
    for (const Expr *Ref : RefsIt->second) {
      std::optional<HandleEvent> E = classifyHandleUse(*Ref, Shape, *Parents);
      if (!E)
        continue;
      switch (E->Kind) {
      case HandleEventKind::Start:
        continue;
      case HandleEventKind::Detach:
        Consider({TaskOutlives::Detached, E->Use});
        continue;
      case HandleEventKind::Release:
        if (const Stmt *Store = storesIntoMember(consumer(
                cast<Expr>(isa<Expr>(E->Use) ? E->Use : Ref), *Parents))) {
          Consider({TaskOutlives::StoredInMember, Store});
          continue;
        }
        break;
      case HandleEventKind::Escape:
        // Handed to functions whose summaries (any depth) detach it and
        // never join it, or leave it alone.
        if (const auto *Call = dyn_cast<CallExpr>(E->Use)) {
          std::optional<HandleEffects> Effects = calleeEffects(*Call, *Ref);
          if (Effects && Effects->Detaches && !Effects->Joins) {
            Consider({TaskOutlives::Detached, Call});
            goto Next;
          }
          if (Effects && Effects->none())
            goto Next;
        }
        break;
      default:
        break;
      }
      // A join, or handed to code that may join it.
      Stops.insert(Ref);
      Stops.insert(E->Use);
    Next:;
    }
    return Result;
  }

  std::optional<Outliving>
  outliving(const Spawn &Sp, llvm::SmallPtrSetImpl<const Stmt *> &Stops) {
    if (Sp.Where == model::RunsOn::ThreadPool)
      return Outliving{TaskOutlives::Posted, Sp.Site};
    if (Sp.Where == model::RunsOn::Fiber)
      return std::nullopt;
    const Stmt *P = consumer(Sp.Site, *Parents);
    if (!P)
      return std::nullopt;
    if (Sp.Where == model::RunsOn::MaybeNewThread) {
      // std::async: the future waits in its destructor unless it escapes.
      if (isa<ReturnStmt>(P))
        return Outliving{TaskOutlives::FutureEscapes, P};
      if (const Stmt *Store = storesIntoMember(P))
        return Outliving{TaskOutlives::FutureEscapes, Store};
      if (const auto *DS = dyn_cast<DeclStmt>(P))
        if (DS->isSingleDecl())
          if (const auto *V = dyn_cast<VarDecl>(DS->getSingleDecl()))
            if (V->hasLocalStorage())
              return futureEvents(*V, Stops);
      return std::nullopt;
    }
    // A thread: who holds it?
    if (isa<CXXMemberCallExpr>(Sp.Site)) // Workers.emplace_back(...)
      if (const Stmt *Store = storesIntoMember(Sp.Site)) {
        const auto *Obj = cast<CXXMemberCallExpr>(Sp.Site)
                              ->getImplicitObjectArgument()
                              ->IgnoreParenImpCasts();
        return handleEvents(*cast<MemberExpr>(Obj)->getMemberDecl(),
                            Outliving{TaskOutlives::StoredInMember, Store},
                            Stops);
      }
    if (!isa<CXXConstructExpr>(Sp.Site))
      return std::nullopt;
    if (const auto *ME = dyn_cast<MemberExpr>(P)) {
      const auto *Call =
          dyn_cast_or_null<CXXMemberCallExpr>(Parents->getParent(ME));
      if (Call && ME->getMemberDecl()->getIdentifier() &&
          ME->getMemberDecl()->getName() == "detach")
        return Outliving{TaskOutlives::Detached, Call};
      return std::nullopt;
    }
    if (const auto *DS = dyn_cast<DeclStmt>(P)) {
      if (DS->isSingleDecl())
        if (const auto *V = dyn_cast<VarDecl>(DS->getSingleDecl()))
          if (V->hasLocalStorage())
            return handleEvents(*V, std::nullopt, Stops);
      return std::nullopt;
    }
    if (const Stmt *Store = storesIntoMember(P)) {
      const ValueDecl *Member = nullptr;
      if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Store))
        Member = namedObject(Op->getArg(0));
      else
        Member = namedObject(
            cast<CXXMemberCallExpr>(Store)->getImplicitObjectArgument());
      if (!Member)
        return std::nullopt;
      return handleEvents(
          *Member, Outliving{TaskOutlives::StoredInMember, Store}, Stops);
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(P))
      if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
        if (const auto *DRE =
                dyn_cast<DeclRefExpr>(Op->getArg(0)->IgnoreParenImpCasts()))
          if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
            if (V->hasLocalStorage())
              return handleEvents(*V, std::nullopt, Stops);
    return std::nullopt;
  }

  /// A local future of std::async: the task outlives when the future is
  /// returned or moved into a member.
  std::optional<Outliving>
  futureEvents(const VarDecl &Future,
               llvm::SmallPtrSetImpl<const Stmt *> &Stops) {
    std::optional<Outliving> Result;
    ensureIndex();
    auto RefsIt = RefsByDecl.find(&Future);
    if (RefsIt == RefsByDecl.end())
      return Result;
    for (const Expr *DRE : RefsIt->second) {
      const Stmt *P = consumer(DRE, *Parents);
      const Stmt *Move = nullptr;
      if (const auto *Call = dyn_cast_or_null<CallExpr>(P))
        if (const FunctionDecl *Callee = Call->getDirectCallee())
          if (Callee->isInStdNamespace() && Callee->getIdentifier() &&
              Callee->getName() == "move") {
            Move = Call;
            P = consumer(Call, *Parents);
          }
      if (isa_and_nonnull<ReturnStmt>(P)) {
        if (!Result)
          Result = Outliving{TaskOutlives::FutureEscapes, P};
        continue;
      }
      if (const Stmt *Store = storesIntoMember(P)) {
        if (!Result)
          Result = Outliving{TaskOutlives::FutureEscapes, Store};
        continue;
      }
      if (Move) // Moved somewhere else: whoever has it may wait.
        Stops.insert(DRE);
    }
    return Result;
  }

  /// Statements after which the task is known finished: waits of the
  /// model, waits on the pool the task was posted to, calls of visible
  /// functions that wait, and lambdas (scope guards) that do any of these.
  void addWaits(const Spawn &Sp, llvm::SmallPtrSetImpl<const Stmt *> &Stops,
                llvm::SmallPtrSetImpl<const VarDecl *> &StopVars) {
    ensureIndex();
    const ValueDecl *Pool = spawnReceiver(Sp);
    for (const WaitSite &W : Waits)
      if (!W.Receiver || W.Receiver == Pool)
        Stops.insert(W.S);
    const Expr *SpawnedCallable = ignoreWrappers(Sp.Callable);
    for (const WaitingLambda &WL : WaitingLambdas) {
      if (WL.L == SpawnedCallable || WL.L == Sp.lambda())
        continue;
      if (!WL.Always && !(Pool && llvm::is_contained(WL.Receivers, Pool)))
        continue;
      Stops.insert(WL.L);
      if (WL.Guard)
        StopVars.insert(WL.Guard);
    }
  }

  struct WaitSite {
    const Stmt *S;
    /// Null: a wait whatever the task; else a wait on this pool only.
    const ValueDecl *Receiver;
  };
  struct WaitingLambda {
    const LambdaExpr *L;
    bool Always = false;
    llvm::SmallVector<const ValueDecl *, 2> Receivers;
    /// The scope guard variable that holds it, if any.
    const VarDecl *Guard = nullptr;
  };

  /// Whether \p S waits for every task, or for the tasks of the pool it
  /// names (\p Receiver set).
  bool classifyWait(const Stmt *S, const ValueDecl *&Receiver) {
    Receiver = nullptr;
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S)) {
      if (isModelWait(*MC))
        return true;
      const CXXMethodDecl *M = MC->getMethodDecl();
      if (M && M->getIdentifier() && isPoolWaitName(M->getName()))
        if (const ValueDecl *R = namedObject(MC->getImplicitObjectArgument())) {
          Receiver = R;
          return true;
        }
    }
    if (const auto *Call = dyn_cast<CallExpr>(S))
      if (const FunctionDecl *Callee = Call->getDirectCallee()) {
        auto It = BodyWaits.find(Callee);
        if (It == BodyWaits.end())
          It = BodyWaits.try_emplace(Callee, visibleBodyWaits(Callee)).first;
        return It->second;
      }
    return false;
  }

  /// One walk of the body: references by declaration, waits, and lambdas
  /// that wait.
  void ensureIndex() {
    if (Indexed)
      return;
    Indexed = true;
    ensureGraph();
    forEachOwnStmt(Body, [&](const Stmt *S) {
      if (const auto *DRE = dyn_cast<DeclRefExpr>(S)) {
        RefsByDecl[DRE->getDecl()].push_back(DRE);
      } else if (const auto *ME = dyn_cast<MemberExpr>(S)) {
        if (isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
          RefsByDecl[ME->getMemberDecl()].push_back(ME);
      }
      const ValueDecl *Receiver;
      if (classifyWait(S, Receiver)) {
        Waits.push_back({S, Receiver});
        return;
      }
      const auto *L = dyn_cast<LambdaExpr>(S);
      if (!L)
        return;
      WaitingLambda WL{L};
      bool Any = false;
      forEachOwnStmt(L->getBody(), [&](const Stmt *Inner) {
        const ValueDecl *R;
        if (!classifyWait(Inner, R))
          return;
        Any = true;
        if (R)
          WL.Receivers.push_back(R);
        else
          WL.Always = true;
      });
      if (!Any)
        return;
      // A scope guard holding the lambda waits when it is destroyed.
      const Stmt *P = consumer(L, *Parents);
      if (isa_and_nonnull<CXXConstructExpr>(P))
        P = consumer(cast<Expr>(P), *Parents);
      if (const auto *DS = dyn_cast_or_null<DeclStmt>(P))
        for (const Decl *D : DS->decls())
          if (const auto *V = dyn_cast<VarDecl>(D))
            WL.Guard = V;
      WaitingLambdas.push_back(WL);
    });
  }

  /// Whether the destructor of \p Class, defined here, waits for tasks (a
  /// model row, or with \p PoolJoins, a member that joins a pool).
  static bool destructorWaits(const CXXRecordDecl &Class, bool PoolJoins) {
    const CXXDestructorDecl *D = Class.getDestructor();
    const FunctionDecl *Def = D ? D->getDefinition() : nullptr;
    if (!Def || !Def->getBody())
      return false;
    bool Waits = false;
    forEachOwnStmt(Def->getBody(), [&](const Stmt *S) {
      if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S)) {
        const CXXMethodDecl *M = MC->getMethodDecl();
        if (isModelWait(*MC) || (PoolJoins && M && M->getIdentifier() &&
                                 isPoolWaitName(M->getName())))
          Waits = true;
      } else if (const auto *Call = dyn_cast<CallExpr>(S)) {
        if (visibleBodyWaits(Call->getDirectCallee()))
          Waits = true;
      }
    });
    return Waits;
  }

  const FunctionDecl &F;
  ASTContext &Context;
  const TaskLifetimeOptions &Options;
  const Stmt *Body;
  std::unique_ptr<FunctionSummaries> OwnSums;
  std::unique_ptr<FunctionGraph> Graph;
  std::unique_ptr<ParentMap> Parents;
  bool Indexed = false;
  llvm::DenseMap<const ValueDecl *, llvm::SmallVector<const Expr *, 4>>
      RefsByDecl;
  std::vector<WaitSite> Waits;
  std::vector<WaitingLambda> WaitingLambdas;
  llvm::DenseMap<const FunctionDecl *, bool> BodyWaits;
};

} // namespace

std::vector<DanglingCapture>
findDanglingCaptures(const FunctionDecl &Function, ASTContext &Context,
                     const TaskLifetimeOptions &Options) {
  if (!Function.getBody() || Function.isInvalidDecl() ||
      Function.isDependentContext() || isInTemplateInstantiation(Function))
    return {};
  return FunctionAnalysis(Function, Context, Options).run();
}

namespace {

class ReceiverFinder : public RecursiveASTVisitor<ReceiverFinder> {
public:
  ReceiverFinder(ASTContext &Context,
                 const llvm::SmallPtrSetImpl<const CXXMethodDecl *> &Methods)
      : Context(Context), Methods(Methods) {}

  bool TraverseDecl(Decl *D) {
    // System headers hold no caller we report.
    if (D && !isa<TranslationUnitDecl>(D) &&
        Context.getSourceManager().isInSystemHeader(D->getLocation()))
      return true;
    return RecursiveASTVisitor::TraverseDecl(D);
  }

  bool VisitFunctionDecl(FunctionDecl *F) {
    if (!F->doesThisDeclarationHaveABody() || F->isDependentContext() ||
        isInTemplateInstantiation(*F))
      return true;
    forEachOwnStmt(F->getBody(), [&](const Stmt *S) {
      const auto *MC = dyn_cast<CXXMemberCallExpr>(S);
      if (!MC || !MC->getMethodDecl())
        return;
      const auto *M =
          cast<CXXMethodDecl>(MC->getMethodDecl()->getCanonicalDecl());
      if (!Methods.count(M) || Found.count(M))
        return;
      const auto *DRE = dyn_cast_or_null<DeclRefExpr>(
          MC->getImplicitObjectArgument()->IgnoreParenImpCasts());
      const auto *V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
      if (!V || !V->hasLocalStorage() || isa<ParmVarDecl>(V) ||
          V->getType()->isReferenceType() || V->getType()->isPointerType())
        return;
      consider(*F, *V, *MC, M);
    });
    return true;
  }

  llvm::DenseMap<const CXXMethodDecl *, LocalReceiver> Found;

private:
  void consider(const FunctionDecl &F, const VarDecl &V,
                const CXXMemberCallExpr &Call, const CXXMethodDecl *M) {
    // A later use of the object may wait for the task (obj.wait()).
    const SourceManager &SM = Context.getSourceManager();
    bool UsedLater = false;
    forEachOwnStmt(F.getBody(), [&](const Stmt *S) {
      if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
        if (DRE->getDecl() == &V &&
            SM.isBeforeInTranslationUnit(Call.getEndLoc(), DRE->getBeginLoc()))
          UsedLater = true;
    });
    // Captured by a lambda: its uses are elsewhere.
    if (UsedLater)
      return;
    FunctionGraph G(F, Context);
    ParentMap PM(const_cast<Stmt *>(F.getBody()));
    llvm::SmallPtrSet<const Stmt *, 1> NoStops;
    std::optional<ScopeExit> End = firstEnd(G, PM, &Call, &V, NoStops, SM);
    if (!End)
      return;
    Found[M] = LocalReceiver{&V, &Call, *End};
  }

  ASTContext &Context;
  const llvm::SmallPtrSetImpl<const CXXMethodDecl *> &Methods;
};

} // namespace

llvm::DenseMap<const CXXMethodDecl *, LocalReceiver> findLocalReceivers(
    ASTContext &Context,
    const llvm::SmallPtrSetImpl<const CXXMethodDecl *> &Methods) {
  if (Methods.empty())
    return llvm::DenseMap<const CXXMethodDecl *, LocalReceiver>();
  ReceiverFinder Finder(Context, Methods);
  Finder.TraverseDecl(Context.getTranslationUnitDecl());
  return std::move(Finder.Found);
}

} // namespace conctidy
