//===--- Deadlocks.cpp - Lock cycles, relocks and joins under a lock ------===//

#include "conctidy/Analysis/Deadlocks.h"
#include "conctidy/Analysis/ASTHelpers.h"
#include "conctidy/Analysis/SummaryFile.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include <algorithm>

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
  llvm::DenseMap<const FunctionDecl *, unsigned> Refs, Calls;
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
      if (Callees.count(cast<Expr>(S))) {
        Mine.push_back(G);
        ++Calls[G];
      }
    });
  }
  for (const auto &[G, N] : Calls)
    if (N == Refs.lookup(G) && isLocalHelper(*G))
      CalledHelpers.insert(G);
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

bool DeadlockAnalysis::isEdge(const LockOrderPair &P, const FunctionDecl &F) {
  return isConcurrent(F) && !(isMain(F) && beforeFirstSpawn(P, F));
}

namespace {

bool fromOtherFile(const LockAcquisition *A) {
  for (; A; A = A->Inner)
    if (A->Remote)
      return true;
  return false;
}

/// Whether \p P goes through an acquisition of another file's function:
/// the first pass did not see it, so only this unit has it.
bool dependsOnOtherFile(const LockOrderPair &P) {
  for (const LockOrderPair *Q = &P; Q; Q = Q->Inner)
    if (fromOtherFile(Q->HeldAt) || fromOtherFile(Q->TakenAt))
      return true;
  return false;
}

/// Whether the linked summary of \p USR has the edge from \p Held to
/// \p Taken taken at \p Site.
bool exportsEdge(const SummaryTable &Table, llvm::StringRef USR,
                 llvm::StringRef Held, llvm::StringRef Taken,
                 const PortableSite &Site) {
  const PortableSummary *S = USR.empty() ? nullptr : Table.find(USR);
  return S && llvm::any_of(S->Locks.Edges, [&](const PortableLockEdge &E) {
           return E.HeldKind == Held && E.TakenKind == Taken &&
                  E.TakenAt == Site;
         });
}

const LockAcquisition *innermostOf(const LockAcquisition *A) {
  while (A && A->Inner)
    A = A->Inner;
  return A;
}

} // namespace

LockKind lockKindIn(const LockPath &P, const FunctionDecl &F) {
  LockKind K;
  K.Decl = lockKind(P);
  const auto *Field = dyn_cast_or_null<FieldDecl>(K.Decl);
  const auto *Parent =
      Field ? dyn_cast<CXXRecordDecl>(Field->getParent()) : nullptr;
  if (!Parent)
    return K;
  const CXXRecordDecl *Owner = nullptr;
  if (P.Members.size() >= 2) {
    Owner = pointeeRecord(P.Members[P.Members.size() - 2]->getType());
  } else if (P.Root == LockPath::RootKind::This) {
    // The class of the method (a lambda's `this` is its enclosing one's).
    const DeclContext *DC = &F;
    for (; DC; DC = DC->getParent())
      if (const auto *M = dyn_cast<CXXMethodDecl>(DC))
        if (!M->getParent()->isLambda()) {
          Owner = M->getParent();
          break;
        }
  } else if (P.Root == LockPath::RootKind::Variable && P.RootDecl) {
    Owner = pointeeRecord(P.RootDecl->getType());
  }
  if (Owner)
    Owner = Owner->getDefinition();
  if (Owner && Owner->getCanonicalDecl() != Parent->getCanonicalDecl() &&
      Owner->isDerivedFrom(Parent))
    K.Owner = Owner->getCanonicalDecl();
  return K;
}

std::string lockKindUSR(const LockKind &K) {
  if (!K.Decl)
    return "";
  std::string USR = usrOf(*K.Decl);
  if (USR.empty() || !K.Owner)
    return USR;
  std::string Owner = usrOf(*K.Owner);
  return Owner.empty() ? "" : USR + "@in@" + Owner;
}

std::string lockKindName(const LockKind &K) {
  if (K.Owner && K.Owner->getIdentifier())
    return K.Owner->getNameAsString() + "::" + K.Decl->getNameAsString();
  return lockKindName(*K.Decl);
}

LockGraph::Node DeadlockAnalysis::node(const LockKind &Kind) {
  if (!Kind)
    return nullptr;
  LockGraph::Node N = Kind.Decl;
  if (Kind.Owner) {
    auto [It, New] = OwnedNodes.try_emplace({Kind.Decl, Kind.Owner}, nullptr);
    if (New) {
      OwnedKinds.push_back(Kind);
      It->second = &OwnedKinds.back();
    }
    N = It->second;
  }
  if (Linked) {
    std::string USR = lockKindUSR(Kind);
    if (!USR.empty()) {
      N = Interned.try_emplace(USR).first->getKeyData();
      InternedNodes.insert(N);
    }
  }
  NodeDecls.try_emplace(N, Kind.Decl);
  NodeNames.try_emplace(N, lockKindName(Kind), isa<FieldDecl>(Kind.Decl));
  return N;
}

void DeadlockAnalysis::buildGraph() {
  GraphBuilt = true;
  if (const SummaryTable *T = Sums.linkedTable()) {
    buildLinkedGraph(*T);
    return;
  }
  for (const FunctionDecl *F : Functions) {
    if (!isConcurrent(*F))
      continue;
    const LockOrderSummary &S = Sums.lockOrder(*F);
    for (const LockOrderPair &P : S.Pairs) {
      if (!isEdge(P, *F))
        continue;
      Graph.addEdge(node(lockKindIn(P.Held, *F)), node(lockKindIn(P.Taken, *F)),
                    &P, F, isReentrant(*F));
    }
  }
}

void DeadlockAnalysis::buildLinkedGraph(const SummaryTable &Table) {
  Linked = true;
  // Every edge, this unit's and the other files', in one order that does
  // not depend on the unit: by kinds, then by where they are seen. The
  // first evidence of an edge is kept, so every unit keeps the same one;
  // this unit's own orders through another file's acquisitions (which the
  // other units cannot see) come last.
  struct Candidate {
    std::string From, To, Rank;
    LockGraph::Node FromNode, ToNode;
    const void *Evidence, *Root;
    bool Reentrant;
    size_t Index = 0;
  };
  std::vector<Candidate> All;
  const SourceManager &SM = Sums.context().getSourceManager();
  auto KeyOf = [&](LockGraph::Node N) -> std::string {
    if (!InternedNodes.count(N))
      return "~" + NodeNames.lookup(N).first; // Not named across files.
    return static_cast<const char *>(N);
  };
  llvm::StringSet<> Local;
  for (const FunctionDecl *F : Functions) {
    std::string USR = usrOf(*F);
    if (!USR.empty())
      Local.insert(USR);
    if (!isConcurrent(*F))
      continue;
    const LockOrderSummary &S = Sums.lockOrder(*F);
    for (const LockOrderPair &P : S.Pairs) {
      if (!isEdge(P, *F))
        continue;
      LockGraph::Node From = node(lockKindIn(P.Held, *F)),
                      To = node(lockKindIn(P.Taken, *F));
      if (!From || !To || From == To)
        continue;
      const LockOrderPair *In = &P;
      while (In->Inner)
        In = In->Inner;
      const LockAcquisition *At = innermostOf(In->TakenAt);
      PortableSite Site = At->Remote
                              ? At->Remote->At
                              : portableSite(SM, At->Site->getBeginLoc());
      // An order through another file's acquisitions is this unit's alone,
      // unless the link rounds exported it (then every unit sees it).
      bool Crosses = dependsOnOtherFile(P);
      bool Private =
          Crosses && !exportsEdge(Table, USR, KeyOf(From), KeyOf(To), Site);
      if (Private)
        PrivateEvidence.insert(&P);
      if (Crosses)
        CrossingEvidence.insert(&P);
      All.push_back(Candidate{KeyOf(From), KeyOf(To),
                              (Crosses ? "1" : "0") + USR + "|" + Site.str(),
                              From, To, &P, F, isReentrant(*F)});
    }
  }
  for (const auto &[USR, Summary] : Table.functions()) {
    const PortableLockOrder &L = Summary.Locks;
    if (L.Edges.empty() || Local.count(USR))
      continue;
    RemoteRoots[&L] = &L;
    for (const PortableLockEdge &E : L.Edges) {
      LockGraph::Node From =
          Interned.try_emplace(E.HeldKind).first->getKeyData();
      LockGraph::Node To =
          Interned.try_emplace(E.TakenKind).first->getKeyData();
      InternedNodes.insert(From);
      InternedNodes.insert(To);
      NodeNames.try_emplace(From, E.HeldName, E.HeldMember);
      NodeNames.try_emplace(To, E.TakenName, E.TakenMember);
      // Ranked as the unit that has it ranks its own (an order through
      // another file's acquisitions last), so every unit orders a cycle
      // the same way and one reports it.
      bool Crosses = E.HeldAt.valid() && E.HeldAt.File != E.TakenAt.File;
      if (Crosses)
        CrossingEvidence.insert(&E);
      All.push_back(
          Candidate{E.HeldKind, E.TakenKind,
                    (Crosses ? "1" : "0") + USR + "|" + E.TakenAt.str(), From,
                    To, &E, &L, !L.Once});
    }
  }
  for (size_t I = 0; I < All.size(); ++I)
    All[I].Index = I;
  llvm::sort(All, [](const Candidate &A, const Candidate &B) {
    return std::tie(A.From, A.To, A.Rank, A.Index) <
           std::tie(B.From, B.To, B.Rank, B.Index);
  });
  for (const Candidate &C : All)
    Graph.addEdge(C.FromNode, C.ToNode, C.Evidence, C.Root, C.Reentrant);
}

std::vector<LockCycle> DeadlockAnalysis::cycles() {
  if (!GraphBuilt)
    buildGraph();
  std::vector<LockCycle> Result;
  for (auto Cycle : Graph.cycles()) {
    if (Linked) {
      // One unit reports a cycle: the one that alone sees it (it goes
      // through its own orders through other files' acquisitions), else
      // the one whose function has the cycle's last edge.
      auto IsRemote = [&](const LockGraph::Edge *E) {
        return RemoteRoots.count(E->Root) != 0;
      };
      // Among the edges every unit sees, an order through another file's
      // acquisitions is reported by the unit that has it (its notes show
      // both acquisitions).
      int Last = -1, Crossing = -1;
      for (unsigned I = 0; I < Cycle.size(); ++I) {
        if (PrivateEvidence.count(Cycle[I]->Evidence))
          Last = I;
        if (CrossingEvidence.count(Cycle[I]->Evidence))
          Crossing = I;
      }
      if (Last < 0)
        Last = Crossing >= 0 ? Crossing : Cycle.size() - 1;
      if (!PrivateEvidence.count(Cycle[Last]->Evidence) &&
          IsRemote(Cycle[Last]))
        continue;
      std::rotate(Cycle.begin(), Cycle.begin() + Last + 1, Cycle.end());
    }
    LockCycle C;
    for (const LockGraph::Edge *E : Cycle) {
      CycleEdge Edge;
      Edge.From = NodeDecls.lookup(E->From);
      Edge.To = NodeDecls.lookup(E->To);
      auto Remote = RemoteRoots.find(E->Root);
      if (Remote != RemoteRoots.end()) {
        Edge.Remote = static_cast<const PortableLockEdge *>(E->Evidence);
        Edge.RemoteRoot = Remote->second;
        Edge.RootName = Remote->second->Name;
      } else {
        Edge.Pair = static_cast<const LockOrderPair *>(E->Evidence);
        Edge.Root = static_cast<const FunctionDecl *>(E->Root);
        Edge.RootName = codeName(*Edge.Root);
      }
      auto FromName = NodeNames.lookup(E->From),
           ToName = NodeNames.lookup(E->To);
      Edge.FromName = "'" + FromName.first + "'";
      Edge.ToName = "'" + ToName.first + "'";
      Edge.Member = FromName.second || ToName.second;
      C.Edges.push_back(std::move(Edge));
    }
    Result.push_back(std::move(C));
  }
  return Result;
}

std::string codeName(const FunctionDecl &F) {
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

std::vector<ReceiveUnderLock> DeadlockAnalysis::receivesUnderLock() {
  // Every blocking send of code that can run concurrently, by channel (a
  // private helper's are its callers').
  llvm::DenseMap<const FieldDecl *,
                 llvm::SmallVector<
                     std::pair<const ChannelWait *, const FunctionDecl *>, 4>>
      Sends;
  for (const FunctionDecl *F : Functions)
    if (isConcurrent(*F) && !CalledHelpers.count(F))
      for (const ChannelWait &W : Sums.lockOrder(*F).ChannelWaits)
        if (!W.Receive)
          Sends[W.Channel].push_back({&W, F});
  std::vector<ReceiveUnderLock> Result;
  for (const FunctionDecl *F : Functions) {
    for (const ChannelWait &R : Sums.lockOrder(*F).ChannelWaits) {
      if (!R.Receive || R.Held.empty())
        continue;
      auto It = Sends.find(R.Channel);
      if (It == Sends.end())
        continue;
      for (unsigned I = 0; I < R.Held.size(); ++I) {
        const ValueDecl *Kind = lockKind(R.Held[I].Path);
        if (!Kind)
          continue;
        // Held in the callee that receives: reported there.
        if (R.Inner && llvm::any_of(R.Inner->Held, [&](const HeldLock &H) {
              return lockKind(H.Path) == Kind;
            }))
          continue;
        bool Shared = R.Held[I].Mode == model::LockMode::Shared;
        // Every sender holds it (a sender that does not can release the
        // receiver), exclusively when the receiver shares it.
        bool All = llvm::all_of(It->second, [&](const auto &S) {
          return S.second != F &&
                 llvm::any_of(S.first->Held, [&](const HeldLock &H) {
                   return lockKind(H.Path) == Kind &&
                          (!Shared || H.Mode == model::LockMode::Exclusive);
                 });
        });
        if (!All)
          continue;
        Result.push_back(ReceiveUnderLock{
            &R, R.Held[I], R.HeldAt[I], It->second.front().first,
            It->second.front().second, unsigned(It->second.size())});
        break;
      }
    }
  }
  return Result;
}

} // namespace conctidy
