//===--- LockOrder.cpp - Which locks a function takes, in which order -----===//

#include "conctidy/Analysis/LockOrder.h"
#include "conctidy/Analysis/ASTHelpers.h"
#include "conctidy/Analysis/ChannelAccounting.h"
#include "conctidy/Analysis/FunctionSummaries.h"
#include "conctidy/Analysis/LockOrderFile.h"
#include "conctidy/Analysis/SummaryFile.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Analysis/Analyses/Dominators.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include <map>

using namespace clang;
using conctidy::model::LockMode;

namespace conctidy {

namespace {

/// Summaries nest this deep at most; deeper callees count as empty.
constexpr unsigned MaxDepth = 48;

bool isLambdaCallOperator(const FunctionDecl &F) {
  const auto *M = dyn_cast<CXXMethodDecl>(&F);
  return M && M->getParent() && M->getParent()->isLambda();
}

/// Whether \p P is rooted at a parameter or local variable of \p F.
bool rootedIn(const LockPath &P, const FunctionDecl &F) {
  if (P.Root != LockPath::RootKind::Variable || !P.RootDecl)
    return false;
  const DeclContext *DC = P.RootDecl->getDeclContext();
  for (; DC; DC = DC->getParent())
    if (DC == &F)
      return true;
  return false;
}

} // namespace

LockOrderSummaries::LockOrderSummaries(FunctionSummaries &Sums) : Sums(Sums) {}
LockOrderSummaries::~LockOrderSummaries() = default;

const LockOrderSummary &FunctionSummaries::lockOrder(const FunctionDecl &F) {
  if (!Orders)
    Orders = std::make_unique<LockOrderSummaries>(*this);
  return Orders->of(F);
}

LockOrderSummaries &FunctionSummaries::lockOrders() {
  if (!Orders)
    Orders = std::make_unique<LockOrderSummaries>(*this);
  return *Orders;
}

const LockOrderSummary &LockOrderSummaries::of(const FunctionDecl &F) {
  const FunctionDecl *Def = F.getDefinition();
  if (!Def || !Def->hasBody() || Def->isInvalidDecl())
    return Empty;
  auto It = Done.find(Def);
  if (It != Done.end())
    return *It->second;
  if (InProgress.count(Def) || Depth >= MaxDepth)
    return Empty;
  std::unique_ptr<LockOrderSummary> S;
  if (Sums.context().getSourceManager().isInSystemHeader(Def->getLocation())) {
    S = std::make_unique<LockOrderSummary>();
  } else {
    InProgress.insert(Def);
    ++Depth;
    S = std::make_unique<LockOrderSummary>(compute(*Def));
    --Depth;
    InProgress.erase(Def);
  }
  auto &Slot = Done[Def];
  Slot = std::move(S);
  return *Slot;
}

void LockOrderSummaries::indexOverrides() {
  OverridesIndexed = true;
  const SourceManager &SM = Sums.context().getSourceManager();
  llvm::SmallVector<const DeclContext *, 16> Work{
      Sums.context().getTranslationUnitDecl()};
  auto AddRecord = [&](const CXXRecordDecl *RD) {
    if (!RD || !RD->isThisDeclarationADefinition())
      return;
    for (const CXXMethodDecl *M : RD->methods()) {
      if (M->size_overridden_methods() == 0)
        continue;
      const FunctionDecl *Def = M->getDefinition();
      if (!Def)
        continue;
      // Every method it overrides, at any depth.
      llvm::SmallVector<const CXXMethodDecl *, 4> Up(M->overridden_methods());
      llvm::DenseSet<const CXXMethodDecl *> Seen;
      while (!Up.empty()) {
        const CXXMethodDecl *O = Up.pop_back_val();
        if (!Seen.insert(O->getCanonicalDecl()).second)
          continue;
        auto &List = Overrides[O->getCanonicalDecl()];
        if (!llvm::is_contained(List, Def))
          List.push_back(Def);
        Up.append(O->overridden_methods().begin(),
                  O->overridden_methods().end());
      }
    }
  };
  while (!Work.empty()) {
    const DeclContext *DC = Work.pop_back_val();
    for (const Decl *D : DC->decls()) {
      if (SM.isInSystemHeader(D->getLocation()))
        continue;
      if (isa<NamespaceDecl, LinkageSpecDecl, ExportDecl>(D)) {
        Work.push_back(cast<DeclContext>(D));
      } else if (const auto *RD = dyn_cast<CXXRecordDecl>(D)) {
        AddRecord(RD);
        Work.push_back(RD);
      } else if (const auto *CT = dyn_cast<ClassTemplateDecl>(D)) {
        for (const ClassTemplateSpecializationDecl *Spec :
             CT->specializations())
          AddRecord(Spec);
      }
    }
  }
}

llvm::SmallVector<const FunctionDecl *, 2>
LockOrderSummaries::callTargets(const CallExpr &Call) {
  llvm::SmallVector<const FunctionDecl *, 2> Targets;
  const FunctionDecl *F = Call.getDirectCallee();
  if (!F)
    return Targets;
  if (const FunctionDecl *Def = F->getDefinition())
    Targets.push_back(Def);
  const auto *MC = dyn_cast<CXXMemberCallExpr>(&Call);
  const auto *M = dyn_cast<CXXMethodDecl>(F);
  if (!MC || !M || !M->isVirtual())
    return Targets;
  // `Base::f()` calls just that one.
  if (const auto *ME = dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens()))
    if (ME->hasQualifier())
      return Targets;
  if (!OverridesIndexed)
    indexOverrides();
  auto It = Overrides.find(M->getCanonicalDecl());
  if (It != Overrides.end())
    for (const FunctionDecl *O : It->second)
      if (!llvm::is_contained(Targets, O))
        Targets.push_back(O);
  return Targets;
}

std::optional<LockPath> LockOrderSummaries::rebase(const LockPath &P,
                                                   const CallExpr &Call,
                                                   const FunctionDecl &Callee) {
  // A lambda names the code around it directly (its captures by reference
  // and `this`); only its own parameters and locals are its own.
  if (isLambdaCallOperator(Callee)) {
    if (rootedIn(P, Callee))
      return std::nullopt;
    return P;
  }
  // An override's parameters stand for the called declaration's.
  if (const auto *Parm = dyn_cast_or_null<ParmVarDecl>(P.RootDecl)) {
    const FunctionDecl *Direct = Call.getDirectCallee();
    if (Direct && Parm->getDeclContext() == &Callee &&
        Direct->getCanonicalDecl() != Callee.getCanonicalDecl()) {
      unsigned Index = Parm->getFunctionScopeIndex();
      if (Index >= Direct->getNumParams())
        return std::nullopt;
      LockPath Q = P;
      Q.RootDecl = Direct->getParamDecl(Index);
      return rebaseToCall(Q, Call, Sums);
    }
  }
  return rebaseToCall(P, Call, Sums);
}

void LockOrderSummaries::composeLinked(
    const CallExpr &Call, const FunctionDecl &Callee, const Stmt *S,
    const FunctionDecl &Def, llvm::SmallVectorImpl<LockAcquisition> &Out) {
  const PortableSummary *Linked = Sums.linked(Callee);
  if (!Linked || Linked->Locks.Acquires.empty())
    return;
  if (!Paths)
    Paths = std::make_unique<PortableLockPaths>(Sums.context());
  for (const PortableAcquire &A : Linked->Locks.Acquires) {
    std::optional<LockPath> There = Paths->resolve(A.Lock, Callee);
    std::optional<LockPath> Here =
        There ? rebase(*There, Call, Callee) : std::nullopt;
    if (!Here)
      continue;
    LockAcquisition R{
        *Here,   A.Shared ? LockMode::Shared : LockMode::Exclusive,
        S,       &Def,
        nullptr, &Callee,
        false};
    R.Remote = &A;
    Out.push_back(std::move(R));
  }
}

LockOrderSummary LockOrderSummaries::compute(const FunctionDecl &Def) {
  LockOrderSummary Out;
  LockSetAnalysis A(Def, Sums.context(), LockState(), &Sums);
  if (!A.valid())
    return Out;
  CFG &Graph = *A.cfg();
  const SourceManager &SM = Sums.context().getSourceManager();

  // 1. Every acquisition at every statement, with the callee summaries of
  //    the calls.
  struct Point {
    const Stmt *S;
    const LockState *Before;
    const CFGBlock *Block;
    size_t FirstRecord, Records;
    llvm::SmallVector<std::pair<const FunctionDecl *, const LockOrderSummary *>,
                      1>
        Callees;
  };
  std::vector<Point> Points;
  for (const CFGBlock *B : Graph) {
    for (const CFGElement &E : *B) {
      auto CS = E.getAs<CFGStmt>();
      if (!CS)
        continue;
      const Stmt *S = CS->getStmt();
      const LockState *Before = A.before(S);
      if (!Before)
        continue;
      Point P{S, Before, B, Out.Records.size(), 0, {}};
      bool Waiting = false;
      auto Add = [&](LockAcquisition R) {
        for (size_t I = P.FirstRecord; I < Out.Records.size(); ++I)
          if (Out.Records[I].Lock == R.Lock)
            return;
        Out.Records.push_back(std::move(R));
      };
      // What a callee with a body of its own takes: its summary says, with
      // where. The lock set's own view of such a call (what the callee
      // leaves held) also counts an assertion that a lock is held
      // (`AssertHeld()`), which takes nothing.
      llvm::SmallVector<LockAcquisition, 2> Composed;
      bool OwnBody = false;
      const auto *Call = dyn_cast<CallExpr>(S);
      llvm::SmallVector<const FunctionDecl *, 2> Targets;
      if (Call)
        Targets = callTargets(*Call);
      // A callee whose body is in another file: its linked summary.
      if (Call && Targets.empty())
        if (const FunctionDecl *Callee = Call->getDirectCallee())
          composeLinked(*Call, *Callee, S, Def, Composed);
      OwnBody = !Composed.empty();
      if (Call)
        for (const FunctionDecl *Target : Targets) {
          if (!SM.isInSystemHeader(Target->getLocation()))
            OwnBody = true;
          const LockOrderSummary &TS = of(*Target);
          if (TS.Acquires.empty() && TS.Pairs.empty() && TS.Waits.empty() &&
              TS.ChannelWaits.empty())
            continue;
          P.Callees.push_back({Target, &TS});
          for (const LockAcquisition *Y : TS.Acquires)
            if (std::optional<LockPath> Here = rebase(Y->Lock, *Call, *Target))
              Composed.push_back(
                  LockAcquisition{*Here, Y->Mode, S, &Def, Y, Target, false});
        }
      for (const HeldLock &H : A.takenBy(S)) {
        LockAcquisition R{H.Path, H.Mode, S, &Def, nullptr, nullptr, false};
        const LockAcquisition *Same = nullptr;
        for (const LockAcquisition &C : Composed)
          if (C.Lock == H.Path)
            Same = &C;
        if (OwnBody && !Same)
          continue;
        R.CalleeTakesBack =
            Same && (Same->Inner ? Same->Inner->AfterHeld
                                 : Same->Remote && Same->Remote->AfterHeld);
        Add(std::move(R));
      }
      for (LockAcquisition &C : Composed)
        Add(std::move(C));
      P.Records = Out.Records.size() - P.FirstRecord;
      bool Receive = false;
      if (Call)
        if (const FieldDecl *Channel = channelOperation(*Call, Receive))
          if (llvm::none_of(Out.ChannelWaits, [&](const ChannelWait &W) {
                return W.Channel == Channel && W.Receive == Receive;
              })) {
            Waiting = true;
            ChannelWait W;
            W.Site = S;
            W.Function = &Def;
            W.Channel = Channel;
            W.Receive = Receive;
            W.Held.append(Before->held().begin(), Before->held().end());
            Out.ChannelWaits.push_back(std::move(W));
          }
      if (Call)
        if (const ValueDecl *Handle = handleDecl(waitedObject(*Call), Def))
          if (llvm::none_of(Out.Waits, [&](const ThreadWait &W) {
                return W.Handle == Handle;
              })) {
            Waiting = true;
            ThreadWait W;
            W.Site = S;
            W.Function = &Def;
            W.Handle = Handle;
            W.Held.append(Before->held().begin(), Before->held().end());
            Out.Waits.push_back(std::move(W));
          }
      if (P.Records || !P.Callees.empty() || Waiting)
        Points.push_back(std::move(P));
    }
  }
  if (Points.empty())
    return Out;

  // 2. Which acquisitions happen on every path: their block post-dominates
  //    the entry (and the callee's own is on every path of the callee).
  {
    CFGPostDomTree PostDom;
    PostDom.buildDominatorTree(&Graph);
    for (const Point &P : Points)
      for (size_t I = 0; I < P.Records; ++I) {
        LockAcquisition &R = Out.Records[P.FirstRecord + I];
        R.Always = PostDom.dominates(P.Block, &Graph.getEntry()) &&
                   (!R.Inner || R.Inner->Always) &&
                   (!R.Remote || R.Remote->Always);
      }
  }

  // Which acquisitions take back a lock the function held before.
  {
    std::map<LockPath, SourceLocation> FirstHeld;
    for (const CFGBlock *B : Graph)
      for (const CFGElement &E : *B) {
        auto CS = E.getAs<CFGStmt>();
        const LockState *Before = CS ? A.before(CS->getStmt()) : nullptr;
        if (!Before || Before->held().empty())
          continue;
        SourceLocation Loc = CS->getStmt()->getBeginLoc();

        for (const HeldLock &H : Before->held()) {
          auto [It, New] = FirstHeld.try_emplace(H.Path, Loc);
          if (!New && SM.isBeforeInTranslationUnit(Loc, It->second))
            It->second = Loc;
        }
      }
    for (LockAcquisition &R : Out.Records) {
      auto It = FirstHeld.find(R.Lock);
      if (R.Inner)
        R.CalleeTakesBack = R.Inner->AfterHeld;
      if (R.Remote)
        R.CalleeTakesBack = R.Remote->AfterHeld;
      R.AfterHeld =
          (R.Inner && R.Inner->AfterHeld) ||
          (R.Remote && R.Remote->AfterHeld) ||
          (It != FirstHeld.end() &&
           SM.isBeforeInTranslationUnit(It->second, R.Site->getBeginLoc()));
    }
  }

  // What callers see: one acquisition per lock.
  std::map<LockPath, size_t> AcquireIndex;
  std::map<LockPath, llvm::SmallVector<const LockAcquisition *, 2>> ByLock;
  for (const LockAcquisition &R : Out.Records) {
    ByLock[R.Lock].push_back(&R);
    auto [It, New] = AcquireIndex.try_emplace(R.Lock, Out.Acquires.size());
    if (New)
      Out.Acquires.push_back(&R);
    else if (R.Always && !Out.Acquires[It->second]->Always)
      Out.Acquires[It->second] = &R;
  }
  // Where \p Lock was taken last before \p S in the source.
  auto TakenBefore = [&](const LockPath &Lock,
                         const Stmt *S) -> const LockAcquisition * {
    auto It = ByLock.find(Lock);
    if (It == ByLock.end())
      return nullptr;
    const LockAcquisition *Best = nullptr;
    for (const LockAcquisition *R : It->second)
      if (SM.isBeforeInTranslationUnit(R->Site->getBeginLoc(),
                                       S->getBeginLoc()) &&
          (!Best || SM.isBeforeInTranslationUnit(Best->Site->getBeginLoc(),
                                                 R->Site->getBeginLoc())))
        Best = R;
    return Best ? Best : It->second.front();
  };

  // 3. The orders and the relocks.
  std::map<std::pair<LockPath, LockPath>, LockOrderPair *> PairIndex;
  auto AddPair = [&](const LockPath &Held, const LockPath &Taken,
                     auto MakePair) {
    auto It = PairIndex.find({Held, Taken});
    if (It == PairIndex.end()) {
      Out.Pairs.push_back(MakePair());
      PairIndex[{Held, Taken}] = &Out.Pairs.back();
    } else if (It->second->Via) {
      LockOrderPair Direct = MakePair();
      if (!Direct.Via)
        *It->second = Direct;
    }
  };
  for (const Point &P : Points) {
    for (size_t I = 0; I < P.Records; ++I) {
      const LockAcquisition &R = Out.Records[P.FirstRecord + I];
      if (const HeldLock *Held = P.Before->find(R.Lock)) {
        if (Held->Mode == LockMode::Exclusive || R.Mode == LockMode::Exclusive)
          Out.Relocks.push_back(
              Relock{&R, Held->Mode, TakenBefore(R.Lock, P.S)});
        continue;
      }
      for (const HeldLock &H : P.Before->held())
        AddPair(H.Path, R.Lock, [&] {
          return LockOrderPair{H.Path, R.Lock,  TakenBefore(H.Path, P.S),
                               &R,     nullptr, nullptr};
        });
    }
    const auto *Call = dyn_cast<CallExpr>(P.S);
    if (!Call)
      continue;
    for (const auto &[Target, TS] : P.Callees)
      for (const LockOrderPair &Q : TS->Pairs) {
        std::optional<LockPath> Held = rebase(Q.Held, *Call, *Target);
        std::optional<LockPath> Taken = rebase(Q.Taken, *Call, *Target);
        if (!Held || !Taken || *Held == *Taken)
          continue;
        AddPair(*Held, *Taken, [&] {
          return LockOrderPair{*Held, *Taken, Q.HeldAt, Q.TakenAt, P.S, &Q};
        });
      }
    // A callee's waits, with what is held here too.
    for (const auto &[Target, TS] : P.Callees)
      for (const ThreadWait &Inner : TS->Waits) {
        if (llvm::any_of(Out.Waits, [&](const ThreadWait &W) {
              return W.Handle == Inner.Handle;
            }))
          continue;
        ThreadWait W;
        W.Site = P.S;
        W.Function = &Def;
        W.Handle = Inner.Handle;
        W.Inner = &Inner;
        W.Held.append(P.Before->held().begin(), P.Before->held().end());
        for (const HeldLock &H : Inner.Held)
          if (std::optional<LockPath> Here = rebase(H.Path, *Call, *Target))
            if (!P.Before->holds(*Here))
              W.Held.push_back({*Here, H.Mode});
        Out.Waits.push_back(std::move(W));
      }
  }
  // A callee's channel operations, with what is held here too.
  for (const Point &P : Points) {
    const auto *Call = dyn_cast<CallExpr>(P.S);
    if (!Call)
      continue;
    for (const auto &[Target, TS] : P.Callees)
      for (const ChannelWait &Inner : TS->ChannelWaits) {
        if (llvm::any_of(Out.ChannelWaits, [&](const ChannelWait &W) {
              return W.Channel == Inner.Channel && W.Receive == Inner.Receive;
            }))
          continue;
        ChannelWait W;
        W.Site = P.S;
        W.Function = &Def;
        W.Channel = Inner.Channel;
        W.Receive = Inner.Receive;
        W.Inner = &Inner;
        W.Held.append(P.Before->held().begin(), P.Before->held().end());
        for (const HeldLock &H : Inner.Held)
          if (std::optional<LockPath> Here = rebase(H.Path, *Call, *Target))
            if (!P.Before->holds(*Here))
              W.Held.push_back({*Here, H.Mode});
        Out.ChannelWaits.push_back(std::move(W));
      }
  }
  for (ChannelWait &W : Out.ChannelWaits)
    for (const HeldLock &H : W.Held)
      W.HeldAt.push_back(ByLock.count(H.Path) ? TakenBefore(H.Path, W.Site)
                                              : nullptr);
  for (ThreadWait &W : Out.Waits) {
    if (W.Inner) {
      // The callee's own held locks keep their evidence.
      for (const HeldLock &H : W.Held)
        W.HeldAt.push_back(ByLock.count(H.Path) ? TakenBefore(H.Path, W.Site)
                                                : nullptr);
      continue;
    }
    for (const HeldLock &H : W.Held)
      W.HeldAt.push_back(TakenBefore(H.Path, W.Site));
  }
  return Out;
}

const FieldDecl *LockOrderSummaries::channelOperation(const CallExpr &Call,
                                                      bool &Receive) {
  const auto *MC = dyn_cast<CXXMemberCallExpr>(&Call);
  const CXXMethodDecl *M = MC ? MC->getMethodDecl() : nullptr;
  const Expr *Object = MC ? MC->getImplicitObjectArgument() : nullptr;
  if (!M || !M->getIdentifier() || !Object)
    return nullptr;
  Object = Object->IgnoreParenImpCasts();
  // `Queue_->pop(V)` through a smart pointer.
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Object))
    if (Op->getOperator() == OO_Arrow && Op->getNumArgs() == 1)
      Object = Op->getArg(0)->IgnoreParenImpCasts();
  const auto *ME = dyn_cast<MemberExpr>(Object);
  const auto *Field = ME ? dyn_cast<FieldDecl>(ME->getMemberDecl()) : nullptr;
  if (!Field || !isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
    return nullptr;
  if (!Channels)
    Channels = std::make_unique<ChannelVocabulary>();
  QualType T = Field->getType();
  ChannelShape Shape = classifyChannelType(T, *Channels);
  if (!Shape && T->isPointerType())
    Shape = classifyChannelType(T->getPointeeType(), *Channels);
  if (!Shape)
    return nullptr;
  const model::ChannelOperation *Op =
      Channels->findOperation(Shape.Type->Family, M->getName());
  if (!Op)
    return nullptr;
  if (Op->Op == model::ChannelOp::Receive)
    Receive = true;
  else if (Op->Op == model::ChannelOp::Send)
    Receive = false;
  else
    return nullptr;
  return Field->getCanonicalDecl();
}

const Expr *waitedObject(const CallExpr &Call) {
  const auto *MC = dyn_cast<CXXMemberCallExpr>(&Call);
  const CXXMethodDecl *M = MC ? MC->getMethodDecl() : nullptr;
  const Expr *Object = MC ? MC->getImplicitObjectArgument() : nullptr;
  if (!M || !Object || !M->getIdentifier())
    return nullptr;
  StringRef Name = M->getName();
  QualType T = Object->getType();
  if (Name == "join") {
    HandleShape Shape = classifyHandleType(T);
    return Shape && !Shape.IsCollection ? Object : nullptr;
  }
  if (Name == "get" || Name == "wait") {
    std::string Type = dataTypeName(T);
    if (Type == "std::future" || Type == "std::shared_future")
      return Object;
  }
  return nullptr;
}

const ValueDecl *handleDecl(const Expr *Object, const FunctionDecl &Function) {
  if (!Object)
    return nullptr;
  Object = Object->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(Object))
    if (U->getOpcode() == UO_Deref)
      return handleDecl(U->getSubExpr(), Function);
  if (const auto *ME = dyn_cast<MemberExpr>(Object))
    return ME->getMemberDecl();
  const auto *DRE = dyn_cast<DeclRefExpr>(Object);
  const auto *Var = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!Var)
    return nullptr;
  if (Var->isLocalVarDecl() && Var->getType()->isReferenceType() &&
      Function.getBody()) {
    // `for (auto &T : Threads_)`: the container.
    const ValueDecl *Range = nullptr;
    forEachOwnStmt(Function.getBody(), [&](const Stmt *S) {
      if (const auto *For = dyn_cast<CXXForRangeStmt>(S))
        if (For->getLoopVariable() == Var)
          if (const ValueDecl *R = handleDecl(For->getRangeInit(), Function))
            Range = R;
    });
    if (Range)
      return Range;
  }
  return Var;
}

const ValueDecl *lockKind(const LockPath &P) { return P.mutexDecl(); }

std::string lockKindName(const ValueDecl &Kind) {
  if (const auto *F = dyn_cast<FieldDecl>(&Kind))
    if (const auto *RD = dyn_cast<CXXRecordDecl>(F->getParent()))
      if (RD->getIdentifier())
        return RD->getNameAsString() + "::" + F->getNameAsString();
  if (const auto *V = dyn_cast<VarDecl>(&Kind))
    if (V->isStaticDataMember() || V->hasGlobalStorage())
      return qualifiedName(*V);
  return Kind.getNameAsString();
}

namespace {

/// Whether the construction of \p Kind passes arguments (a QMutex made
/// Recursive, pthread attributes): in its initializer, or in a
/// constructor's member initializer.
bool constructedWithArguments(const ValueDecl &Kind) {
  auto HasArgs = [](const Expr *Init) {
    const auto *C = dyn_cast_or_null<CXXConstructExpr>(ignoreWrappers(Init));
    return C && C->getNumArgs() > 0 && !C->getArg(0)->isDefaultArgument();
  };
  if (const auto *V = dyn_cast<VarDecl>(&Kind))
    return HasArgs(V->getInit());
  const auto *F = dyn_cast<FieldDecl>(&Kind);
  if (!F)
    return false;
  if (F->hasInClassInitializer() && HasArgs(F->getInClassInitializer()))
    return true;
  const auto *RD = dyn_cast<CXXRecordDecl>(F->getParent());
  if (!RD)
    return false;
  for (const CXXConstructorDecl *C : RD->ctors()) {
    const auto *Def = dyn_cast_or_null<CXXConstructorDecl>(C->getDefinition());
    if (!Def)
      continue;
    for (const CXXCtorInitializer *I : Def->inits())
      if (I->getMember() == F && I->isWritten() && HasArgs(I->getInit()))
        return true;
  }
  return false;
}

std::optional<bool> recursiveClass(const CXXRecordDecl &RD,
                                   FunctionSummaries &Sums, unsigned Depth);

std::optional<bool> recursiveType(QualType T, const ValueDecl *Decl,
                                  FunctionSummaries &Sums, unsigned Depth) {
  if (T.isNull() || Depth > 4)
    return std::nullopt;
  T = T.getNonReferenceType();
  if (T->isPointerType())
    T = T->getPointeeType();
  if (const model::MutexType *M = mutexTypeOf(T)) {
    if (M->Recursive)
      return true;
    StringRef Name = M->QualifiedName;
    // pthread mutexes: their attributes decide. A read-write lock has no
    // recursive kind: its write lock taken again by the thread that holds
    // it, or with its read lock, deadlocks (glog's vmodule_lock).
    if (Name == "::pthread_rwlock_t")
      return false;
    if (Name == "::pthread_mutex_t")
      return std::nullopt;
    // QMutex(QMutex::Recursive).
    if (Decl && constructedWithArguments(*Decl))
      return std::nullopt;
    return false;
  }
  const CXXRecordDecl *RD = pointeeRecord(T);
  if (!RD || !Sums.isLockableClass(*RD))
    return std::nullopt;
  return recursiveClass(*RD, Sums, Depth + 1);
}

std::optional<bool> recursiveClass(const CXXRecordDecl &Class,
                                   FunctionSummaries &Sums, unsigned Depth) {
  const CXXRecordDecl *RD = Class.getDefinition();
  if (!RD)
    return std::nullopt;
  if (RD->getIdentifier()) {
    std::string Name = RD->getName().lower();
    if (StringRef(Name).contains("recursive") ||
        StringRef(Name).contains("reentrant"))
      return true;
  }
  // What it wraps: a recursive lock inside makes it recursive; so may an
  // owner thread it keeps (a counting recursive lock).
  bool Any = false;
  for (const FieldDecl *F : RD->fields()) {
    QualType T = F->getType();
    std::string TypeName = dataTypeName(T);
    if (TypeName == "std::thread::id" || TypeName == "pthread_t" ||
        F->getName().contains_insensitive("owner"))
      return std::nullopt;
    if (!Sums.isLockableType(T))
      continue;
    std::optional<bool> R = recursiveType(T, F, Sums, Depth);
    if (!R || *R)
      return R;
    Any = true;
  }
  for (const CXXBaseSpecifier &B : RD->bases())
    if (const CXXRecordDecl *Base = B.getType()->getAsCXXRecordDecl())
      if (Sums.isLockableClass(*Base)) {
        std::optional<bool> R = recursiveClass(*Base, Sums, Depth + 1);
        if (!R || *R)
          return R;
        Any = true;
      }
  if (!Any)
    return std::nullopt;
  return false;
}

} // namespace

std::optional<bool> isRecursiveLock(const ValueDecl &Kind,
                                    FunctionSummaries &Sums) {
  return recursiveType(Kind.getType(), &Kind, Sums, 0);
}

} // namespace conctidy
