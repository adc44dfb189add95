//===--- QueueShape.cpp - Bounded blocking queues by their shape ----------===//

#include "conctidy/Analysis/QueueShape.h"
#include "conctidy/Analysis/ASTHelpers.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringSwitch.h"

using namespace clang;
using conctidy::model::ChannelOp;

namespace conctidy {
namespace {

/// A call as a name and the object it is called on (null for a free
/// function or an implicit `this`), whether or not it is dependent.
struct CallShape {
  StringRef Name;
  const Expr *Object = nullptr;
  bool ImplicitThis = false;
};

StringRef identifierOf(const DeclarationName &N) {
  return N.isIdentifier() ? N.getAsIdentifierInfo()->getName() : StringRef();
}

std::optional<CallShape> callShape(const Stmt *S) {
  const auto *Call = dyn_cast_or_null<CallExpr>(S);
  if (!Call || isa<CXXOperatorCallExpr>(Call))
    return std::nullopt;
  const Expr *Callee = Call->getCallee()->IgnoreParenImpCasts();
  CallShape R;
  if (const auto *ME = dyn_cast<MemberExpr>(Callee)) {
    R.Name = identifierOf(ME->getMemberNameInfo().getName());
    R.Object = ME->getBase();
    R.ImplicitThis = ME->isImplicitAccess();
  } else if (const auto *U = dyn_cast<UnresolvedMemberExpr>(Callee)) {
    R.Name = identifierOf(U->getMemberName());
    R.ImplicitThis = U->isImplicitAccess();
    R.Object = R.ImplicitThis ? nullptr : U->getBase();
  } else if (const auto *D = dyn_cast<CXXDependentScopeMemberExpr>(Callee)) {
    R.Name = identifierOf(D->getMember());
    R.ImplicitThis = D->isImplicitAccess();
    R.Object = R.ImplicitThis ? nullptr : D->getBase();
  } else if (const auto *DRE = dyn_cast<DeclRefExpr>(Callee)) {
    R.Name = identifierOf(DRE->getDecl()->getDeclName());
  } else if (const auto *UL = dyn_cast<UnresolvedLookupExpr>(Callee)) {
    R.Name = identifierOf(UL->getName());
  } else {
    return std::nullopt;
  }
  if (R.Name.empty())
    return std::nullopt;
  return R;
}

/// The field \p E names (`q_`, `this->q_`), or null.
const FieldDecl *fieldOf(const Expr *E) {
  if (!E)
    return nullptr;
  E = E->IgnoreParenImpCasts();
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    if (const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl()))
      if (isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
        return F;
  return nullptr;
}

bool isConditionVariable(QualType T) {
  const auto *RD = T.isNull() ? nullptr : T->getAsCXXRecordDecl();
  if (!RD || !RD->getIdentifier())
    return false;
  StringRef N = RD->getName();
  return N == "condition_variable" || N == "condition_variable_any";
}

/// Whether \p E is a condition variable member (or a pointer to one).
bool isConditionVariableMember(const Expr *E) {
  const FieldDecl *F = fieldOf(E);
  if (!F)
    return false;
  QualType T = F->getType();
  if (T->isPointerType())
    T = T->getPointeeType();
  return isConditionVariable(T);
}

/// A wait on a condition variable: `cv.wait(lk, pred)`, `cv.wait(lk)`
/// (in a loop), `pthread_cond_wait(&c, &m)`; Timed for wait_for,
/// wait_until and pthread_cond_timedwait.
struct Wait {
  const Expr *Call = nullptr;
  const Expr *Predicate = nullptr; // The lambda's returned condition.
  bool Timed = false;
};

const Expr *lambdaCondition(const Expr *E) {
  const auto *L = dyn_cast_or_null<LambdaExpr>(ignoreWrappers(E));
  if (!L)
    return nullptr;
  const auto *Body = dyn_cast_or_null<CompoundStmt>(L->getBody());
  if (!Body || Body->size() != 1)
    return nullptr;
  const auto *Ret = dyn_cast<ReturnStmt>(Body->body_front());
  return Ret ? Ret->getRetValue() : nullptr;
}

std::optional<Wait> asWait(const Stmt *S) {
  std::optional<CallShape> C = callShape(S);
  if (!C)
    return std::nullopt;
  const auto *Call = cast<CallExpr>(S);
  if (C->Name == "pthread_cond_wait" || C->Name == "pthread_cond_timedwait") {
    if (C->Object)
      return std::nullopt;
    return Wait{Call, nullptr, C->Name == "pthread_cond_timedwait"};
  }
  bool Timed = C->Name == "wait_for" || C->Name == "wait_until";
  if (C->Name != "wait" && !Timed)
    return std::nullopt;
  if (!isConditionVariableMember(C->Object))
    return std::nullopt;
  Wait W{Call, nullptr, Timed};
  unsigned PredArg = Timed ? 2 : 1;
  if (Call->getNumArgs() > PredArg)
    W.Predicate = lambdaCondition(Call->getArg(PredArg));
  return W;
}

/// What a "may proceed" condition of a wait says.
struct Proceed {
  bool NotFull = false;  ///< size < bound (or !full()).
  bool NotEmpty = false; ///< !empty(), size > 0.
  const Expr *BoundExpr = nullptr;
  int SlotOffset = 0;
  /// Bool members that let the waiter through (the closed flag).
  llvm::SmallVector<const FieldDecl *, 2> Flags;
  /// A disjunct `bound == 0`: a zero bound lets every send through.
  bool ZeroBoundProceeds = false;
  const Expr *ZeroBoundExpr = nullptr;
};

bool isSizeCall(const Expr *E) {
  std::optional<CallShape> C = callShape(ignoreWrappers(E));
  return C && (C->Name == "size" || C->Name == "length") &&
         (fieldOf(C->Object) || C->ImplicitThis);
}

bool isZero(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *IL = dyn_cast<IntegerLiteral>(E))
    return IL->getValue() == 0;
  return false;
}

/// A size or count: `q_.size()`, `size()`, or an integer member (a counter).
bool isSizeLike(const Expr *E) {
  if (isSizeCall(E))
    return true;
  const FieldDecl *F = fieldOf(E);
  return F && F->getType()->isIntegerType() && !F->getType()->isBooleanType();
}

/// A bound: an integer constant, an integer member, a non-type template
/// parameter, a static constant.
bool isBoundLike(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (isa<IntegerLiteral>(E))
    return true;
  if (const FieldDecl *F = fieldOf(E))
    return F->getType()->isIntegerType() && !F->getType()->isBooleanType();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (isa<NonTypeTemplateParmDecl>(DRE->getDecl()))
      return true;
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      return VD->getType().isConstQualified() && VD->getInit();
  }
  if (const auto *S = dyn_cast<SubstNonTypeTemplateParmExpr>(E))
    return isBoundLike(S->getReplacement());
  return false;
}

bool isBoolFlag(const Expr *E, const FieldDecl *&Flag) {
  E = ignoreWrappers(E);
  const FieldDecl *F = fieldOf(E);
  if (!F) {
    // std::atomic<bool>: flag.load() or its conversion.
    if (std::optional<CallShape> C = callShape(E))
      if (C->Name == "load")
        F = fieldOf(C->Object);
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
      if (isa<CXXConversionDecl>(MC->getMethodDecl()))
        F = fieldOf(MC->getImplicitObjectArgument());
  }
  if (!F)
    return false;
  QualType T = F->getType();
  const auto *RD = T->getAsCXXRecordDecl();
  if (!T->isBooleanType() && !(RD && RD->getName() == "atomic"))
    return false;
  Flag = F;
  return true;
}

struct Comparison {
  BinaryOperatorKind Op;
  const Expr *LHS, *RHS;
};

std::optional<Comparison> asComparison(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *BO = dyn_cast<BinaryOperator>(E))
    if (BO->isComparisonOp())
      return Comparison{BO->getOpcode(), BO->getLHS(), BO->getRHS()};
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E))
    if (Op->getNumArgs() == 2 && Op->isComparisonOp())
      return Comparison{BinaryOperator::getOverloadedOpcode(Op->getOperator()),
                        Op->getArg(0), Op->getArg(1)};
  return std::nullopt;
}

const CXXMethodDecl *ownMethodCalled(const Expr *E, const CXXRecordDecl &RD) {
  std::optional<CallShape> C = callShape(ignoreWrappers(E));
  if (!C || !C->ImplicitThis)
    return nullptr;
  for (const CXXMethodDecl *M : RD.methods())
    if (M->getIdentifier() && M->getName() == C->Name && M->getNumParams() == 0)
      return M;
  return nullptr;
}

void analyzeProceed(const Expr *E, bool Negated, bool InDisjunction,
                    const CXXRecordDecl &RD, Proceed &Out, unsigned Depth = 0);

/// Inlines a helper of the class (`full()`, `empty()`) returning one
/// condition.
bool analyzeHelper(const CXXMethodDecl &M, bool Negated, bool InDisjunction,
                   const CXXRecordDecl &RD, Proceed &Out, unsigned Depth) {
  const FunctionDecl *Def = nullptr;
  if (Depth > 2 || !M.hasBody(Def))
    return false;
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Def->getBody());
  if (!Body || Body->size() != 1)
    return false;
  const auto *Ret = dyn_cast<ReturnStmt>(Body->body_front());
  if (!Ret || !Ret->getRetValue())
    return false;
  analyzeProceed(Ret->getRetValue(), Negated, InDisjunction, RD, Out,
                 Depth + 1);
  return true;
}

void analyzeProceed(const Expr *E, bool Negated, bool InDisjunction,
                    const CXXRecordDecl &RD, Proceed &Out, unsigned Depth) {
  if (!E)
    return;
  E = ignoreWrappers(E);
  if (const auto *U = dyn_cast<UnaryOperator>(E))
    if (U->getOpcode() == UO_LNot)
      return analyzeProceed(U->getSubExpr(), !Negated, InDisjunction, RD, Out,
                            Depth);
  if (const auto *BO = dyn_cast<BinaryOperator>(E))
    if (BO->isLogicalOp()) {
      // Under a negation, && is a disjunction (De Morgan).
      bool Or = (BO->getOpcode() == BO_LOr) != Negated;
      analyzeProceed(BO->getLHS(), Negated, InDisjunction || Or, RD, Out,
                     Depth);
      analyzeProceed(BO->getRHS(), Negated, InDisjunction || Or, RD, Out,
                     Depth);
      return;
    }
  const FieldDecl *Flag = nullptr;
  if (isBoolFlag(E, Flag)) {
    Out.Flags.push_back(Flag);
    return;
  }
  if (std::optional<CallShape> C = callShape(E)) {
    if (C->Name == "empty" && (fieldOf(C->Object) || C->ImplicitThis)) {
      if (C->ImplicitThis)
        if (const CXXMethodDecl *M = ownMethodCalled(E, RD))
          if (analyzeHelper(*M, Negated, InDisjunction, RD, Out, Depth))
            return;
      if (Negated)
        Out.NotEmpty = true;
      return;
    }
    if (const CXXMethodDecl *M = ownMethodCalled(E, RD))
      analyzeHelper(*M, Negated, InDisjunction, RD, Out, Depth);
    return;
  }
  std::optional<Comparison> Cmp = asComparison(E);
  if (!Cmp)
    return;
  BinaryOperatorKind Op = Cmp->Op;
  if (Negated)
    Op = BinaryOperator::negateComparisonOp(Op);
  const Expr *L = Cmp->LHS, *R = Cmp->RHS;
  if (!isSizeLike(L) && isSizeLike(R)) {
    std::swap(L, R);
    Op = BinaryOperator::reverseComparisonOp(Op);
  }
  if (!isSizeLike(L)) {
    // bound == 0 (or 0 == bound) as a way through.
    if (InDisjunction && Op == BO_EQ && (isZero(R) || isZero(L))) {
      const Expr *B = isZero(R) ? L : R;
      if (fieldOf(B) || isBoundLike(B)) {
        Out.ZeroBoundProceeds = true;
        Out.ZeroBoundExpr = B;
      }
    }
    return;
  }
  if (isZero(R)) {
    if (Op == BO_GT || Op == BO_NE)
      Out.NotEmpty = true;
    // `limit == 0 ||` as a way through: checked against the bound later.
    if (Op == BO_EQ && InDisjunction && fieldOf(L)) {
      Out.ZeroBoundProceeds = true;
      Out.ZeroBoundExpr = L;
    }
    return;
  }
  if (!isBoundLike(R))
    return;
  if (Op == BO_LT || Op == BO_NE) {
    Out.NotFull = true;
    Out.BoundExpr = R;
    Out.SlotOffset = 0;
  } else if (Op == BO_LE) {
    Out.NotFull = true;
    Out.BoundExpr = R;
    Out.SlotOffset = 1;
  }
}

/// The waits of \p Body with their "may proceed" condition: the
/// predicate, or the negated condition of the loop around a wait.
struct FoundWait {
  Wait W;
  Proceed P;
};

void collectWaits(const Stmt *S, const Expr *LoopCond, const Expr *Guard,
                  const CXXRecordDecl &RD, std::vector<FoundWait> &Out) {
  if (!S)
    return;
  if (isa<LambdaExpr>(S))
    return;
  if (const auto *While = dyn_cast<WhileStmt>(S)) {
    collectWaits(While->getBody(), While->getCond(), Guard, RD, Out);
    return;
  }
  if (const auto *For = dyn_cast<ForStmt>(S)) {
    // for (;;) { if (ready) break; cv.wait(lk); } is not read.
    collectWaits(For->getBody(), For->getCond(), Guard, RD, Out);
    return;
  }
  if (const auto *If = dyn_cast<IfStmt>(S)) {
    // `if (max_size) { ...wait... }`: a zero bound skips the wait.
    collectWaits(If->getInit(), LoopCond, Guard, RD, Out);
    collectWaits(If->getCond(), LoopCond, Guard, RD, Out);
    collectWaits(If->getThen(), LoopCond, If->getCond(), RD, Out);
    collectWaits(If->getElse(), LoopCond, Guard, RD, Out);
    return;
  }
  if (std::optional<Wait> W = asWait(S)) {
    FoundWait F{*W, {}};
    if (W->Predicate)
      analyzeProceed(W->Predicate, false, false, RD, F.P);
    if (LoopCond) {
      // The loop waits again until its condition says go: a timed wait in
      // it still blocks (`while (full()) cv.wait_for(lk, 10ms, ...)`).
      Proceed Loop;
      analyzeProceed(LoopCond, true, false, RD, Loop);
      if (Loop.NotFull || Loop.NotEmpty) {
        if (!W->Predicate)
          F.P = Loop;
        F.W.Timed = false;
      }
    }
    if (Guard && F.P.NotFull && !F.P.ZeroBoundProceeds) {
      // if (bound) / if (bound != 0) around the wait.
      const Expr *G = Guard->IgnoreParenImpCasts();
      if (std::optional<Comparison> C = asComparison(G))
        if (C->Op == BO_NE && (isZero(C->RHS) || isZero(C->LHS)))
          G = isZero(C->RHS) ? C->LHS : C->RHS;
      if (fieldOf(G)) {
        F.P.ZeroBoundProceeds = true;
        F.P.ZeroBoundExpr = G;
      }
    }
    Out.push_back(F);
    return;
  }
  for (const Stmt *Child : S->children())
    collectWaits(Child, LoopCond, Guard, RD, Out);
}

bool isInsertName(StringRef N) {
  return llvm::StringSwitch<bool>(N)
      .Cases({"push", "push_back", "push_front", "emplace", "emplace_back",
              "emplace_front", "insert"},
             true)
      .Default(false);
}

bool isRemoveName(StringRef N) {
  return llvm::StringSwitch<bool>(N)
      .Cases({"pop", "pop_front", "pop_back", "erase", "extract"}, true)
      .Default(false);
}

/// Whether \p Body calls an insert (or remove) on a member container, or
/// changes an integer member (a count or an index) for it.
bool changesMember(const Stmt *Body, bool Insert) {
  bool Found = false;
  forEachOwnStmt(Body, [&](const Stmt *S) {
    if (Found)
      return;
    if (std::optional<CallShape> C = callShape(S))
      if (fieldOf(C->Object) &&
          (Insert ? isInsertName(C->Name) : isRemoveName(C->Name)))
        Found = true;
  });
  return Found;
}

bool callsOnMember(const Stmt *Body, StringRef Name) {
  bool Found = false;
  forEachOwnStmt(Body, [&](const Stmt *S) {
    if (std::optional<CallShape> C = callShape(S))
      Found |= C->Name == Name && fieldOf(C->Object);
  });
  return Found;
}

bool callsNotifyAll(const Stmt *Body, const Stmt *&Where) {
  bool Found = false;
  forEachOwnStmt(Body, [&](const Stmt *S) {
    if (Found)
      return;
    std::optional<CallShape> C = callShape(S);
    if (!C)
      return;
    if ((C->Name == "notify_all" && isConditionVariableMember(C->Object)) ||
        C->Name == "pthread_cond_broadcast") {
      Found = true;
      Where = S;
    }
  });
  return Found;
}

/// The bool members \p Body sets (`closed_ = true`, `stop_.store(true)`).
void flagsSet(const Stmt *Body, llvm::SmallVectorImpl<const FieldDecl *> &Out) {
  forEachOwnStmt(Body, [&](const Stmt *S) {
    const Expr *Target = nullptr;
    if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
      if (BO->getOpcode() == BO_Assign)
        Target = BO->getLHS();
    } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S)) {
      if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
        Target = Op->getArg(0);
    } else if (std::optional<CallShape> C = callShape(S)) {
      if (C->Name == "store" || C->Name == "exchange")
        Target = C->Object;
    }
    const FieldDecl *Flag = nullptr;
    if (Target && isBoolFlag(Target, Flag))
      Out.push_back(Flag);
  });
}

/// The parameter of \p M that it stores into \p Member (a setter:
/// `void limit(n) { Max = n; }`, `void init(size, max) {...}`), or nothing.
std::optional<unsigned> setterArgOf(const CXXMethodDecl &M, StringRef Member) {
  const FunctionDecl *Def = nullptr;
  if (M.getNumParams() == 0 || !M.hasBody(Def) || isa<CXXConstructorDecl>(M))
    return std::nullopt;
  std::optional<unsigned> Found;
  forEachOwnStmt(Def->getBody(), [&](const Stmt *S) {
    const auto *BO = dyn_cast<BinaryOperator>(S);
    if (Found || !BO || BO->getOpcode() != BO_Assign)
      return;
    const FieldDecl *F = fieldOf(BO->getLHS());
    if (!F || F->getName() != Member)
      return;
    const auto *DRE =
        dyn_cast<DeclRefExpr>(BO->getRHS()->IgnoreParenImpCasts());
    const auto *P = DRE ? dyn_cast<ParmVarDecl>(DRE->getDecl()) : nullptr;
    if (P && P->getDeclContext() == Def)
      Found = P->getFunctionScopeIndex();
  });
  return Found;
}

} // namespace

std::optional<QueueShape> recognizeQueueShape(const CXXRecordDecl &Class) {
  const CXXRecordDecl *RD = &Class;
  // A specialization is read through its template's pattern, which has
  // every member function, instantiated or not.
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    if (ClassTemplateDecl *T = Spec->getSpecializedTemplate())
      RD = T->getTemplatedDecl();
  if (!RD->hasDefinition())
    return std::nullopt;
  RD = RD->getDefinition();
  if (RD->isInvalidDecl() || RD->isLambda() || RD->isUnion())
    return std::nullopt;
  const SourceManager &SM = RD->getASTContext().getSourceManager();
  if (SM.isInSystemHeader(SM.getExpansionLoc(RD->getLocation())))
    return std::nullopt;

  QueueShape Shape;
  Shape.Class = RD;
  std::optional<Proceed> SendProceed;
  struct Candidate {
    const CXXMethodDecl *M;
    const Stmt *Body;
  };
  std::vector<Candidate> Methods;
  for (const Decl *D : RD->decls()) {
    const CXXMethodDecl *M = dyn_cast<CXXMethodDecl>(D);
    if (const auto *FT = dyn_cast<FunctionTemplateDecl>(D))
      M = dyn_cast<CXXMethodDecl>(FT->getTemplatedDecl());
    if (!M || M->isStatic() || isa<CXXConstructorDecl, CXXDestructorDecl>(M) ||
        !M->getIdentifier() || M->isInvalidDecl())
      continue;
    const FunctionDecl *Def = nullptr;
    if (!M->hasBody(Def) || !Def->getBody())
      continue;
    Methods.push_back({M, Def->getBody()});
  }
  if (Methods.size() > 256)
    return std::nullopt;

  bool HasSend = false, HasReceive = false;
  std::vector<std::pair<std::string, ChannelOp>> Ops;
  for (const Candidate &C : Methods) {
    std::vector<FoundWait> Waits;
    collectWaits(C.Body, nullptr, nullptr, *RD, Waits);
    std::string Name = C.M->getName().str();
    bool Inserts = changesMember(C.Body, true);
    bool Removes = changesMember(C.Body, false);
    if (Waits.empty()) {
      // A close (sets a flag, wakes everyone) is read below.
      llvm::SmallVector<const FieldDecl *, 2> Set;
      const Stmt *Notify = nullptr;
      flagsSet(C.Body, Set);
      if (!Set.empty() && callsNotifyAll(C.Body, Notify))
        continue;
      // Non-blocking members: try_push / try_pop and the like, so that
      // their calls are understood (they never block, their result says).
      if (Inserts && !Removes)
        Ops.push_back({Name, ChannelOp::TrySend});
      else if (Removes && !Inserts)
        Ops.push_back({Name, ChannelOp::TryReceive});
      continue;
    }
    const FoundWait *Full = nullptr, *Empty = nullptr;
    for (const FoundWait &W : Waits) {
      if (W.P.NotFull && !Full)
        Full = &W;
      if (W.P.NotEmpty && !Empty)
        Empty = &W;
    }
    if (Full && Inserts && !Removes) {
      bool Timed = Full->W.Timed;
      Ops.push_back({Name, Timed ? ChannelOp::TimedSend : ChannelOp::Send});
      if (!Timed && !HasSend) {
        HasSend = true;
        SendProceed = Full->P;
        Shape.SendWait = Full->W.Call;
        Shape.SendName = Name;
      }
    } else if (Empty && Removes && !Inserts) {
      bool Timed = Empty->W.Timed;
      Ops.push_back(
          {Name, Timed ? ChannelOp::TimedReceive : ChannelOp::Receive});
      if (!Timed && !HasReceive) {
        HasReceive = true;
        Shape.ReceiveWait = Empty->W.Call;
        Shape.ReceiveName = Name;
      }
    }
  }
  if (!HasSend || !HasReceive || !SendProceed->BoundExpr)
    return std::nullopt;

  // The close: sets a flag and wakes every waiter. It releases the senders
  // when the send's predicate lets them through on that flag.
  for (const Candidate &C : Methods) {
    const Stmt *Notify = nullptr;
    llvm::SmallVector<const FieldDecl *, 2> Set;
    flagsSet(C.Body, Set);
    if (Set.empty() || !callsNotifyAll(C.Body, Notify))
      continue;
    std::vector<FoundWait> Waits;
    collectWaits(C.Body, nullptr, nullptr, *RD, Waits);
    if (!Waits.empty())
      continue;
    bool Releases = false;
    for (const FieldDecl *F : Set)
      Releases |= llvm::is_contained(SendProceed->Flags, F);
    // A close that empties the queue makes room: the waiting sends go on.
    Releases |= changesMember(C.Body, /*Insert=*/false) ||
                callsOnMember(C.Body, "clear");
    Ops.push_back({C.M->getName().str(), ChannelOp::Close});
    if (!Shape.CloseNotify || Releases) {
      Shape.CloseNotify = Notify;
      Shape.CloseName = C.M->getName().str();
      Shape.CloseReleases = Releases ? model::SenderRelease::AllSends
                                     : model::SenderRelease::None;
    }
  }

  // The capacity.
  QueueBound &B = Shape.Bound;
  B.SlotOffset = SendProceed->SlotOffset;
  const Expr *BE = SendProceed->BoundExpr->IgnoreParenImpCasts();
  if (const FieldDecl *F = fieldOf(BE)) {
    B.From = QueueBound::Member;
    B.MemberName = F->getName().str();
    for (const Candidate &C : Methods)
      if (std::optional<unsigned> Arg = setterArgOf(*C.M, B.MemberName)) {
        B.Setter = C.M->getName().str();
        B.SetterArg = *Arg;
        break;
      }
  } else if (const auto *DRE = dyn_cast<DeclRefExpr>(BE);
             DRE && isa<NonTypeTemplateParmDecl>(DRE->getDecl())) {
    B.From = QueueBound::TemplateParam;
    B.TemplateParamIndex =
        cast<NonTypeTemplateParmDecl>(DRE->getDecl())->getIndex();
  } else {
    Expr::EvalResult R;
    if (BE->isValueDependent() || !BE->EvaluateAsInt(R, RD->getASTContext()) ||
        R.Val.getInt().isNegative())
      return std::nullopt;
    B.From = QueueBound::Constant;
    B.Value = R.Val.getInt().getZExtValue();
  }
  if (SendProceed->ZeroBoundProceeds) {
    const FieldDecl *ZF = fieldOf(SendProceed->ZeroBoundExpr);
    B.ZeroIsUnbounded = ZF && ZF->getName() == B.MemberName;
  }
  Shape.Operations = std::move(Ops);
  return Shape;
}

} // namespace conctidy
