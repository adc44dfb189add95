//===--- Deadlocks.cpp - Lock cycles, relocks and joins under a lock ------===//

#include "conctidy/Analysis/Deadlocks.h"
#include "conctidy/Analysis/ASTHelpers.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace conctidy {

namespace {

bool isMain(const FunctionDecl &F) { return F.isMain(); }

const FunctionDecl *definitionOf(const FunctionDecl *F) {
  if (!F)
    return nullptr;
  const FunctionDecl *Def = F->getDefinition();
  return Def ? Def : F;
}

/// Calls \p Visit on every statement of \p F's body and of its constructor
/// initializers, outside nested lambdas.
template <typename Fn> void forEachStmtOf(const FunctionDecl &F, Fn &&Visit) {
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(&F))
    for (const CXXCtorInitializer *I : Ctor->inits())
      if (I->isWritten())
        forEachOwnStmt(I->getInit(), Visit);
  forEachOwnStmt(F.getBody(), Visit);
}

/// Whether \p F is visible only to its own class or file: a private member
/// (not virtual), or a function with internal linkage.
bool isLocalHelper(const FunctionDecl &F) {
  if (const auto *M = dyn_cast<CXXMethodDecl>(&F))
    return M->getAccess() == AS_private && !M->isVirtual();
  return !F.isExternallyVisible();
}

} // namespace

DeadlockAnalysis::DeadlockAnalysis(llvm::ArrayRef<const FunctionDecl *> Fns,
                                   FunctionSummaries &Sums,
                                   const SpawnOptions &Spawns)
    : Functions(Fns.begin(), Fns.end()), Sums(Sums), Spawns(Spawns) {
  findSingleThreaded();
}

void DeadlockAnalysis::findSingleThreaded() {
  // References to each function: how many, and how many are direct calls
  // from single-threaded code.
  llvm::DenseMap<const FunctionDecl *, unsigned> Refs;
  llvm::DenseMap<const FunctionDecl *,
                 llvm::SmallVector<const FunctionDecl *, 4>>
      DirectCallees;
  const SourceManager &SM = Sums.context().getSourceManager();
  for (const FunctionDecl *F : Functions) {
    llvm::DenseSet<const Expr *> Callees;
    auto &Mine = DirectCallees[F];
    forEachStmtOf(*F, [&](const Stmt *S) {
      if (const auto *Call = dyn_cast<CallExpr>(S)) {
        if (const Expr *Callee = Call->getCallee())
          Callees.insert(Callee->IgnoreParenImpCasts());
      }
      // main() runs alone until its first spawn.
      if (F->isMain() && isa<Expr>(S) && asSpawn(*S, Spawns)) {
        auto It = FirstSpawn.find(F);
        if (It == FirstSpawn.end() ||
            SM.isBeforeInTranslationUnit(S->getBeginLoc(),
                                         It->second->getBeginLoc()))
          FirstSpawn[F] = cast<Expr>(S);
      }
      const ValueDecl *D = nullptr;
      if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
        D = DRE->getDecl();
      else if (const auto *ME = dyn_cast<MemberExpr>(S))
        D = ME->getMemberDecl();
      const auto *G = definitionOf(dyn_cast_or_null<FunctionDecl>(D));
      if (!G)
        return;
      ++Refs[G];
      if (Callees.count(cast<Expr>(S)))
        Mine.push_back(G);
    });
  }
  // Constructors and destructors run before the object is shared or after;
  // a local helper called only from such code runs there too.
  llvm::DenseMap<const FunctionDecl *, unsigned> SingleRefs;
  llvm::SmallVector<const FunctionDecl *, 16> Work;
  for (const FunctionDecl *F : Functions)
    if (isa<CXXConstructorDecl, CXXDestructorDecl>(F) &&
        SingleThreaded.insert(F).second)
      Work.push_back(F);
  while (!Work.empty()) {
    const FunctionDecl *F = Work.pop_back_val();
    for (const FunctionDecl *G : DirectCallees.lookup(F)) {
      if (++SingleRefs[G] == Refs.lookup(G) && isLocalHelper(*G) &&
          SingleThreaded.insert(G).second)
        Work.push_back(G);
    }
  }
}

bool DeadlockAnalysis::isConcurrent(const FunctionDecl &F) const {
  return !SingleThreaded.count(&F);
}

bool DeadlockAnalysis::beforeFirstSpawn(const LockOrderPair &P,
                                        const FunctionDecl &F) {
  auto It = FirstSpawn.find(&F);
  if (It == FirstSpawn.end())
    return false;
  const Stmt *Site = P.Via ? P.Via : P.TakenAt->Site;
  return Sums.context().getSourceManager().isBeforeInTranslationUnit(
      Site->getBeginLoc(), It->second->getBeginLoc());
}

void DeadlockAnalysis::buildGraph() {
  GraphBuilt = true;
  for (const FunctionDecl *F : Functions) {
    if (!isConcurrent(*F))
      continue;
    const LockOrderSummary &S = Sums.lockOrder(*F);
    for (const LockOrderPair &P : S.Pairs) {
      if (isMain(*F) && beforeFirstSpawn(P, *F))
        continue;
      Graph.addEdge(lockKind(P.Held), lockKind(P.Taken), &P, F, !isMain(*F));
    }
  }
}

std::vector<LockCycle> DeadlockAnalysis::cycles() {
  if (!GraphBuilt)
    buildGraph();
  std::vector<LockCycle> Result;
  for (const auto &Cycle : Graph.cycles()) {
    LockCycle C;
    for (const LockGraph::Edge *E : Cycle)
      C.Edges.push_back(CycleEdge{
          E->From, E->To, static_cast<const LockOrderPair *>(E->Evidence),
          static_cast<const FunctionDecl *>(E->Root)});
    Result.push_back(std::move(C));
  }
  return Result;
}

std::vector<SelfDeadlock> DeadlockAnalysis::selfDeadlocks() {
  std::vector<SelfDeadlock> Result;
  llvm::DenseSet<const Stmt *> Seen;
  for (const FunctionDecl *F : Functions) {
    const LockOrderSummary &S = Sums.lockOrder(*F);
    for (const Relock &R : S.Relocks) {
      // A callee's acquisition counts when it is on every path of it.
      if ((R.At->Inner && !R.At->Inner->Always) || R.At->CalleeTakesBack)
        continue;
      const ValueDecl *Kind = lockKind(R.At->Lock);
      if (!Kind)
        continue;
      std::optional<bool> Recursive = isRecursiveLock(*Kind, Sums);
      if (!Recursive || *Recursive)
        continue;
      if (Seen.insert(R.At->Site).second)
        Result.push_back(SelfDeadlock{&R, F});
    }
  }
  return Result;
}

void DeadlockAnalysis::indexSpawns() {
  auto Store = [&](const ValueDecl *Handle, const Expr *Init) {
    if (!Handle || !Init)
      return;
    const Expr *E = ignoreWrappers(Init);
    std::optional<Spawn> Sp = E ? asSpawn(*E, Spawns) : std::nullopt;
    if (!Sp)
      return;
    if (const FunctionDecl *Body = Sp->body())
      StoredSpawns.push_back(StoredSpawn{Handle, Body, Sp->Site});
  };
  for (const FunctionDecl *F : Functions) {
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(F))
      for (const CXXCtorInitializer *I : Ctor->inits())
        if (I->isWritten() && I->getMember())
          Store(I->getMember(), I->getInit());
    forEachOwnStmt(F->getBody(), [&](const Stmt *S) {
      if (const auto *DS = dyn_cast<DeclStmt>(S)) {
        for (const Decl *D : DS->decls())
          if (const auto *V = dyn_cast<VarDecl>(D))
            Store(V, V->getInit());
        return;
      }
      if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S)) {
        if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
          Store(handleDecl(Op->getArg(0), *F), Op->getArg(1));
        return;
      }
      if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S)) {
        const ValueDecl *Object =
            handleDecl(MC->getImplicitObjectArgument(), *F);
        // `Threads_.emplace_back(Fn)`, `Threads_.push_back(std::thread(Fn))`.
        Store(Object, MC);
        for (const Expr *Arg : MC->arguments())
          Store(Object, Arg);
      }
    });
  }
}

std::vector<JoinUnderLock> DeadlockAnalysis::joinsUnderLock() {
  indexSpawns();
  std::vector<JoinUnderLock> Result;
  for (const FunctionDecl *F : Functions) {
    const LockOrderSummary &S = Sums.lockOrder(*F);
    for (const ThreadWait &W : S.Waits) {
      if (W.Held.empty())
        continue;
      bool Reported = false;
      for (const StoredSpawn &SS : StoredSpawns) {
        if (Reported ||
            SS.Handle->getCanonicalDecl() != W.Handle->getCanonicalDecl())
          continue;
        const LockOrderSummary &Thread = Sums.lockOrder(*SS.Body);
        for (const LockAcquisition *Y : Thread.Acquires) {
          const ValueDecl *Kind = lockKind(Y->Lock);
          for (unsigned I = 0; I < W.Held.size() && !Reported; ++I) {
            if (!Kind || lockKind(W.Held[I].Path) != Kind)
              continue;
            // Held in the callee that joins: reported there.
            if (W.Inner && llvm::any_of(W.Inner->Held, [&](const HeldLock &H) {
                  return lockKind(H.Path) == Kind;
                }))
              continue;
            Result.push_back(
                JoinUnderLock{&W, W.Held[I], W.HeldAt[I], SS.Body, Y, SS.Site});
            Reported = true;
          }
          if (Reported)
            break;
        }
      }
    }
  }
  return Result;
}

} // namespace conctidy
