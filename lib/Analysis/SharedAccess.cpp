//===--- SharedAccess.cpp - Accesses to shared data, with their locks -----===//

#include "conctidy/Analysis/SharedAccess.h"
#include "AccessUnits.h"
#include "conctidy/Analysis/ASTHelpers.h"
#include "conctidy/Analysis/FunctionSummaries.h"
#include "conctidy/Analysis/AccessFile.h"
#include "conctidy/Analysis/GlobalAccessSummary.h"
#include "conctidy/Analysis/SummaryFile.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/CFG.h"
#include "clang/Analysis/CFGStmtMap.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/STLExtras.h"
#include <map>
#include <set>

using namespace clang;
using conctidy::model::AccessKind;

namespace conctidy {

using namespace access;

//===----------------------------------------------------------------------===//
// Reads and writes
//===----------------------------------------------------------------------===//

namespace access {

/// What passing \p Use as argument \p Index does to it: a non-const
/// reference may write it; a pointer parameter writes what the argument
/// points to, which is \p Use itself only when it decays (an array);
/// passing a pointer by value copies it.
AccessKind byParameter(const FunctionDecl *Callee, unsigned Index,
                       const Expr &Use) {
  if (!Callee || Index >= Callee->getNumParams())
    return AccessKind::Read;
  QualType Param = Callee->getParamDecl(Index)->getType();
  if (Param->isPointerType() && !Use.getType()->isArrayType())
    return AccessKind::Read;
  return isMutableReferenceOrPointer(Param) ? AccessKind::Write
                                            : AccessKind::Read;
}

/// Whether \p E names a sequence container, whose `operator[]` reaches an
/// element rather than inserting one.
/// A function whose name says it skips the locking on purpose
/// (`FlushLogFilesUnsafe`, `...ForTesting`): its accesses are not reported,
/// and its calls do not tell which locks a helper's callers hold.
bool isUnsafeByName(const FunctionDecl &F) {
  const IdentifierInfo *II = F.getIdentifier();
  if (!II)
    return false;
  StringRef N = II->getName();
  return N.contains("Unsafe") || N.starts_with("unsafe") ||
         N.ends_with("ForTesting") || N.ends_with("ForTest") ||
         N.ends_with("_for_testing");
}

bool isSequence(const Expr &E) {
  const model::SharedContainer *C =
      model::findSharedContainer(dataTypeName(E.getType()));
  return C && C->Sequence;
}

} // namespace access

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
    case OO_Arrow:
    case OO_Star:
      // Through a smart pointer: what is done to the object it owns.
      return Op->getNumArgs() == 1 ? classifyContainerUse(*Op, PM)
                                   : AccessKind::Read;
    case OO_Subscript: {
      // map[key] inserts; a const operator[] does not, and neither does a
      // vector's (it reaches an element).
      const auto *Method =
          dyn_cast_or_null<CXXMethodDecl>(Op->getDirectCallee());
      return (Method && Method->isConst()) || isSequence(Use)
                 ? AccessKind::Read
                 : AccessKind::Write;
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
        if (VD->getInit() && VD->getInit()->IgnoreParenImpCasts() == &Use) {
          // `T *P = Member;` copies the pointer (unless an array decays).
          if (VD->getType()->isPointerType() && !Use.getType()->isArrayType())
            return AccessKind::Read;
          return isMutableReferenceOrPointer(VD->getType()) ? AccessKind::Write
                                                            : AccessKind::Read;
        }
    return AccessKind::Read;
  }
  if (const auto *Call = dyn_cast<CallExpr>(P)) {
    for (unsigned I = 0; I < Call->getNumArgs(); ++I)
      if (Call->getArg(I)->IgnoreParenImpCasts() == &Use)
        return byParameter(Call->getDirectCallee(), I, Use);
    return AccessKind::Read;
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(P)) {
    for (unsigned I = 0; I < Construct->getNumArgs(); ++I)
      if (Construct->getArg(I)->IgnoreParenImpCasts() == &Use)
        return byParameter(Construct->getConstructor(), I, Use);
    return AccessKind::Read;
  }
  if (const auto *U = dyn_cast<UnaryOperator>(P)) {
    if (U->getOpcode() == UO_Deref)
      return classifyContainerUse(*U, PM);
    return U->getOpcode() == UO_AddrOf || U->isIncrementDecrementOp()
               ? AccessKind::Write
               : AccessKind::Read;
  }
  if (const auto *B = dyn_cast<BinaryOperator>(P))
    return B->isAssignmentOp() && B->getLHS()->IgnoreParenImpCasts() == &Use
               ? AccessKind::Write
               : AccessKind::Read;
  // In a template: `Map.erase(K)` on a dependent type, `Map[K]`.
  if (const auto *DM = dyn_cast<CXXDependentScopeMemberExpr>(P)) {
    if (DM->getMember().isIdentifier())
      if (const model::ContainerMember *M = model::findContainerMember(
              DM->getMember().getAsIdentifierInfo()->getName()))
        return M->Access;
    return AccessKind::Read;
  }
  if (const auto *Sub = dyn_cast<ArraySubscriptExpr>(P)) {
    if (Sub->getBase()->IgnoreParenImpCasts() != &Use)
      return AccessKind::Read;
    if (Sub->getType()->isDependentType())
      return AccessKind::Write;
    // An element of an array is the array's data: `Message[0] = C`.
    return Use.getType()->isArrayType() ? classifyContainerUse(*Sub, PM)
                                        : AccessKind::Read;
  }
  return AccessKind::Read;
}

//===----------------------------------------------------------------------===//
// Where the code of a class runs, and with which locks
//===----------------------------------------------------------------------===//

namespace access {

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

/// The locks of \p Held that a callee can share: not a local's, and with
/// \p GlobalsOnly not an object's either (what a static member function,
/// or code of another class, holds of the caller's locks).
LockState sharedLocks(const LockState *Held, bool GlobalsOnly) {
  LockState Mine;
  if (Held)
    for (const HeldLock &H : Held->held())
      if (!H.Path.hasLocalRoot() &&
          (!GlobalsOnly || H.Path.Root == LockPath::RootKind::Variable))
        Mine.acquire(H.Path, H.Mode);
  return Mine;
}


/// Whether every path from \p S ends in a call that does not return: the
/// process is on its way to a crash (glog's first FATAL message, saved for
/// the crash report). Such code does not race in a way worth a report.
bool onDyingPath(const Unit &U, const Stmt &S) {
  CFG *G = U.Locks->cfg();
  if (!G)
    return false;
  if (!U.Dying) {
    // A block dies when it cannot reach the exit without a call that stops
    // the process, and can reach such a call: an endless loop (a thread's
    // main loop) that stops nothing does not die.
    auto Backwards = [&](llvm::BitVector &Seen, auto &&Start) {
      llvm::SmallVector<const CFGBlock *, 16> Work;
      for (const CFGBlock *B : *G)
        if (Start(*B)) {
          Seen.set(B->getBlockID());
          Work.push_back(B);
        }
      while (!Work.empty()) {
        const CFGBlock *B = Work.pop_back_val();
        for (const CFGBlock *Pred : B->preds())
          if (Pred && !Seen.test(Pred->getBlockID()) &&
              !Pred->hasNoReturnElement()) {
            Seen.set(Pred->getBlockID());
            Work.push_back(Pred);
          }
      }
    };
    llvm::BitVector Live(G->getNumBlockIDs()), Stops(G->getNumBlockIDs());
    Backwards(Live, [&](const CFGBlock &B) { return &B == &G->getExit(); });
    Backwards(Stops, [](const CFGBlock &B) { return B.hasNoReturnElement(); });
    U.Dying = Stops.reset(Live);
    U.Blocks = std::make_unique<CFGStmtMap>(*G, *U.Parents);
  }
  const CFGBlock *B = U.Blocks ? U.Blocks->getBlock(&S) : nullptr;
  return B && U.Dying->test(B->getBlockID());
}

/// Analyzes \p F from \p Entry, then the lambdas written in it: those that
/// run elsewhere from no lock, the others from the locks held where they
/// are written.
/// What a `call_once(Flag, F, Args...)` (std's, abseil's, `pthread_once`)
/// runs: code that runs once, before every other call that passes the flag
/// returns, so it does not race them (abseil's `FlagImpl::Init`).
const Expr *onceCallable(const Stmt &S) {
  const auto *Call = dyn_cast<CallExpr>(&S);
  const FunctionDecl *F = Call ? Call->getDirectCallee() : nullptr;
  const model::OnceCaller *Once =
      F ? model::findOnceCaller(qualifiedName(*F)) : nullptr;
  if (!Once || Call->getNumArgs() <= Once->CallableArg)
    return nullptr;
  const Expr *Arg =
      Call->getArg(Once->CallableArg)->IgnoreImplicit()->IgnoreParens();
  if (const auto *U = dyn_cast<UnaryOperator>(Arg))
    if (U->getOpcode() == UO_AddrOf)
      Arg = U->getSubExpr()->IgnoreParenImpCasts();
  return Arg;
}

/// The function \p S runs once by name, if any.
const FunctionDecl *runOnceByName(const Stmt &S) {
  const auto *DRE = dyn_cast_or_null<DeclRefExpr>(onceCallable(S));
  const auto *F = DRE ? dyn_cast<FunctionDecl>(DRE->getDecl()) : nullptr;
  return F ? F->getDefinition() : nullptr;
}

/// Whether \p L is what a call_once runs.
bool runsOnce(const LambdaExpr &L, const ParentMap &PM) {
  const Stmt *P = PM.getParent(&L);
  while (P && isa<MaterializeTemporaryExpr, CXXBindTemporaryExpr,
                  ImplicitCastExpr, ParenExpr>(P))
    P = PM.getParent(P);
  return P && onceCallable(*P) == &L;
}

void analyzeWithLambdas(const FunctionDecl &F, bool Concurrent, bool Spawned,
                        LockState Entry, FunctionSummaries &Sums,
                        const AccessOptions &Options,
                        std::vector<Unit> &Units) {
  if (!F.getBody())
    return;
  Unit U{&F,
         Concurrent,
         Spawned,
         std::make_unique<LockSetAnalysis>(F, Sums.context(), std::move(Entry),
                                           &Sums),
         std::make_unique<ParentMap>(F.getBody()),
         std::nullopt,
         nullptr};
  if (!U.Locks->valid())
    return;
  struct Inner {
    const LambdaExpr *Lambda;
    bool Elsewhere;
    LockState Entry;
    bool Once = false;
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
      Lambdas.push_back(
          {L, false, Here ? *Here : LockState(), runsOnce(*L, *U.Parents)});
    }
  });
  Units.push_back(std::move(U));
  for (Inner &I : Lambdas) {
    analyzeWithLambdas(
        *I.Lambda->getCallOperator(), (Concurrent && !I.Once) || I.Elsewhere,
        Spawned || I.Elsewhere, std::move(I.Entry), Sums, Options, Units);
  }
}

/// Whether \p Use, a pointer or smart pointer, is dereferenced (`P->F()`,
/// `*P`): what is accessed is the object it points to.
bool usesPointee(const Expr &Use, const ParentMap &PM) {
  QualType T = Use.getType();
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  bool Smart = RD && !dataTypeName(T).empty() &&
               dataTypeName(T) != qualifiedName(*RD);
  if (!T->isPointerType() && !Smart)
    return false;
  const Stmt *P = semanticParent(&Use, PM);
  if (const auto *ME = dyn_cast_or_null<MemberExpr>(P))
    return ME->isArrow();
  if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(P))
    return Op->getOperator() == OO_Arrow || Op->getOperator() == OO_Star;
  if (const auto *U = dyn_cast_or_null<UnaryOperator>(P))
    return U->getOpcode() == UO_Deref;
  if (isa_and_nonnull<ArraySubscriptExpr>(P))
    return true;
  return false;
}

/// Whether \p Use is part of what a getter returns (`return Flag;`,
/// `return Name ? *Name : "";`): a return in a body of at most three
/// statements (the guard, the return, one more), not the value of a
/// larger function.
bool isReturned(const Expr &Use, const ParentMap &PM, const FunctionDecl &F) {
  // A lambda's `return` gives its value to the code around it.
  if (const auto *M = dyn_cast<CXXMethodDecl>(&F))
    if (M->getParent()->isLambda())
      return false;
  const Stmt *Top = nullptr;
  const Stmt *Child = &Use;
  for (const Stmt *P = PM.getParent(&Use); P; Child = P, P = PM.getParent(P)) {
    if (isa<ReturnStmt>(P))
      Top = P;
    else if (!Top && !isa<Expr>(P))
      return false;
    // The value itself, not an argument of a call that makes the value.
    if (!Top && isa<CallExpr>(P) && !isa<CXXMemberCallExpr>(P) &&
        cast<CallExpr>(P)->getCallee() != Child) {
      const auto *Op = dyn_cast<CXXOperatorCallExpr>(P);
      if (!Op || Op->getNumArgs() == 0 || Op->getArg(0) != Child)
        return false;
    }
    if (Top && !PM.getParent(P)) {
      const auto *Body = dyn_cast<CompoundStmt>(P);
      return Body && Body->size() <= 3;
    }
  }
  return false;
}

/// Whether \p E tests that \p D is null: `!D`, `D == nullptr`, `D == 0`.
bool testsNull(const Expr *E, const ValueDecl *D) {
  E = E->IgnoreParenImpCasts();
  auto Names = [&](const Expr *X) {
    X = X->IgnoreParenImpCasts();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(X))
      return DRE->getDecl() == D;
    if (const auto *ME = dyn_cast<MemberExpr>(X))
      return ME->getMemberDecl() == D;
    return false;
  };
  if (const auto *U = dyn_cast<UnaryOperator>(E))
    return U->getOpcode() == UO_LNot && Names(U->getSubExpr());
  if (const auto *B = dyn_cast<BinaryOperator>(E)) {
    if (B->getOpcode() == BO_LAnd)
      return testsNull(B->getLHS(), D) || testsNull(B->getRHS(), D);
    if (B->getOpcode() != BO_EQ)
      return false;
    auto Null = [](const Expr *X) {
      X = X->IgnoreParenImpCasts();
      if (isa<CXXNullPtrLiteralExpr, GNUNullExpr>(X))
        return true;
      const auto *I = dyn_cast<IntegerLiteral>(X);
      return I && I->getValue() == 0;
    };
    return (Names(B->getLHS()) && Null(B->getRHS())) ||
           (Names(B->getRHS()) && Null(B->getLHS()));
  }
  return false;
}

/// Whether \p Use is a write in the branch of an `if` that tests the same
/// data for null: lazy initialization.
bool isLazyInit(const Expr &Use, const ParentMap &PM) {
  const ValueDecl *D = nullptr;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(&Use))
    D = DRE->getDecl();
  else if (const auto *ME = dyn_cast<MemberExpr>(&Use))
    D = ME->getMemberDecl();
  if (!D || !D->getType()->isPointerType())
    return false;
  const Stmt *Child = &Use;
  for (const Stmt *P = PM.getParent(&Use); P; Child = P, P = PM.getParent(P))
    if (const auto *If = dyn_cast<IfStmt>(P))
      if (If->getThen() == Child && testsNull(If->getCond(), D))
        return true;
  return false;
}

/// Whether \p S loads an atomic (`Ready.load(std::memory_order_acquire)`,
/// or an implicit load).
bool loadsAtomic(const Stmt *S) {
  if (!S)
    return false;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S))
    if (const CXXMethodDecl *M = MC->getMethodDecl())
      if (M->getIdentifier() &&
          (M->getName() == "load" || isa<CXXConversionDecl>(M)) &&
          M->getParent()->getIdentifier() &&
          M->getParent()->getName().contains("atomic"))
        return true;
  for (const Stmt *Child : S->children())
    if (loadsAtomic(Child))
      return true;
  return false;
}

/// Whether \p Use is a read in the branch of an `if` on an atomic flag:
/// data published before the flag was set (abseil's finalized registry).
bool isPublished(const Expr &Use, const ParentMap &PM) {
  const Stmt *Child = &Use;
  for (const Stmt *P = PM.getParent(&Use); P; Child = P, P = PM.getParent(P))
    if (const auto *If = dyn_cast<IfStmt>(P))
      if (If->getThen() == Child && loadsAtomic(If->getCond()))
        return true;
  return false;
}

/// The class of the object a path's root variable names (through
/// pointers, references and smart pointers).
const CXXRecordDecl *rootClass(const LockPath &P) {
  if (P.Root != LockPath::RootKind::Variable || !P.RootDecl)
    return nullptr;
  QualType Declared = P.RootDecl->getType();
  // A local object or a by-value parameter is a copy no other thread sees.
  if (P.hasLocalRoot() && !Declared->isReferenceType() &&
      !Declared->isPointerType())
    return nullptr;
  QualType T = Declared.getNonReferenceType();
  if (T->isPointerType())
    T = T->getPointeeType();
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  return RD ? RD->getCanonicalDecl() : nullptr;
}

/// \p Held as seen from the object \p Object names (`Other`,
/// `Thread->Shared`): its locks become locks of `this`, globals stay, and
/// the locks of other objects go.
LockState fromObject(const LockState &Held, const LockPath &Object) {
  // A lock of the object, in the object's terms (`Other.Mu` is `Mu`).
  auto Inside = [&](const LockPath &P) -> std::optional<LockPath> {
    bool Within = P.Root == Object.Root && P.RootDecl == Object.RootDecl &&
                  P.Members.size() >= Object.Members.size() &&
                  llvm::equal(llvm::ArrayRef(P.Members)
                                  .take_front(Object.Members.size()),
                              Object.Members);
    if (!Within)
      return std::nullopt;
    LockPath Mine;
    Mine.Members.append(P.Members.begin() + Object.Members.size(),
                        P.Members.end());
    return Mine;
  };
  LockState S;
  for (const HeldLock &H : Held.held()) {
    if (std::optional<LockPath> Mine = Inside(H.Path))
      S.acquire(*Mine, H.Mode);
    else if (H.Path.Root == LockPath::RootKind::Variable &&
             !H.Path.hasLocalRoot())
      S.acquire(H.Path, H.Mode);
  }
  // Its guards too: a lock given up for a while inside a guard's scope.
  for (const LockState::Guard &G : Held.guards()) {
    LockState::Guard Mine = G;
    Mine.Locks.clear();
    for (const LockPath &P : G.Locks)
      if (std::optional<LockPath> L = Inside(P))
        Mine.Locks.push_back(*L);
    if (!Mine.Locks.empty())
      S.addGuard(std::move(Mine));
  }
  return S;
}

LockState fromObject(const LockState &Held, const ValueDecl *Root) {
  LockPath Object;
  Object.Root = LockPath::RootKind::Variable;
  Object.RootDecl = Root;
  return fromObject(Held, Object);
}

/// The access \p Use of \p Target in \p U, with the locks \p Held there.
SharedAccess accessAt(const Unit &U, const Expr &Use, LockPath Path,
                      const ValueDecl *Target, LockState Held,
                      bool Concurrent) {
  SharedAccess A{std::move(Path),
                 Target,
                 &Use,
                 classifyContainerUse(Use, *U.Parents),
                 std::move(Held),
                 U.Function,
                 Concurrent && !onDyingPath(U, Use),
                 U.Spawned};
  A.ThroughPointer = usesPointee(Use, *U.Parents);
  A.Returned = isReturned(Use, *U.Parents, *U.Function);
  A.LazyInit = isLazyInit(Use, *U.Parents);
  A.Published = isPublished(Use, *U.Parents);
  return A;
}

/// Whether the address of the local \p Var is taken in \p Body, or a lambda
/// there captures it by reference: other code may see the object.
bool escapes(const VarDecl &Var, const Stmt *Body) {
  if (!Body)
    return false;
  if (const auto *U = dyn_cast<UnaryOperator>(Body))
    if (U->getOpcode() == UO_AddrOf)
      if (const auto *DRE =
              dyn_cast<DeclRefExpr>(U->getSubExpr()->IgnoreParenImpCasts()))
        if (DRE->getDecl() == &Var)
          return true;
  if (const auto *L = dyn_cast<LambdaExpr>(Body))
    for (const LambdaCapture &C : L->captures())
      if (C.capturesVariable() && C.getCaptureKind() == LCK_ByRef &&
          C.getCapturedVar() == &Var)
        return true;
  for (const Stmt *Child : Body->children())
    if (escapes(Var, Child))
      return true;
  return false;
}

} // namespace access

namespace access {

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

} // namespace access

/// Sorts accesses by where they are written.
void access::sortBySource(std::vector<SharedAccess> &Accesses,
                         const SourceManager &SM) {
  llvm::stable_sort(Accesses,
                    [&](const SharedAccess &A, const SharedAccess &B) {
                      return SM.isBeforeInTranslationUnit(A.Use->getExprLoc(),
                                                          B.Use->getExprLoc());
                    });
}

std::vector<const FunctionDecl *> access::rootsReaching(
    llvm::ArrayRef<const FunctionDecl *> Users, const CallEdges &CalledBy,
    const CallEdges &Calls, llvm::ArrayRef<const FunctionDecl *> Spawned,
    llvm::function_ref<bool(const FunctionDecl &)> CalledElsewhere) {
  std::set<const FunctionDecl *> Reaching(Users.begin(), Users.end());
  std::vector<const FunctionDecl *> Work(Users.begin(), Users.end());
  while (!Work.empty()) {
    const FunctionDecl *F = Work.back();
    Work.pop_back();
    auto It = CalledBy.find(F);
    if (It != CalledBy.end())
      for (const FunctionDecl *Caller : It->second)
        if (Reaching.insert(Caller).second)
          Work.push_back(Caller);
  }
  std::vector<const FunctionDecl *> Roots;
  for (const FunctionDecl *F : Reaching)
    if (!CalledBy.count(F) && !CalledElsewhere(*F))
      Roots.push_back(F);
  for (const FunctionDecl *F : Spawned)
    if (Reaching.count(F) && !llvm::is_contained(Roots, F))
      Roots.push_back(F);
  std::set<const FunctionDecl *> Reached;
  Work.assign(Roots.begin(), Roots.end());
  Reached.insert(Roots.begin(), Roots.end());
  while (!Work.empty()) {
    const FunctionDecl *F = Work.back();
    Work.pop_back();
    auto It = Calls.find(F);
    if (It != Calls.end())
      for (const FunctionDecl *Callee : It->second)
        if (Reached.insert(Callee).second)
          Work.push_back(Callee);
  }
  for (const FunctionDecl *F : Users)
    if (!Reached.count(F) && !CalledElsewhere(*F))
      Roots.push_back(F);
  // In source order, so that the output does not depend on addresses.
  const SourceManager *SM = nullptr;
  if (!Roots.empty())
    SM = &Roots.front()->getASTContext().getSourceManager();
  llvm::sort(Roots, [&](const FunctionDecl *A, const FunctionDecl *B) {
    return SM->isBeforeInTranslationUnit(A->getLocation(), B->getLocation());
  });
  return Roots;
}

SharedAccess access::fromRoot(const SummaryAccess &In, const FunctionDecl &Root,
                      bool Spawned) {
  SharedAccess A = In.Access;
  if (Spawned && !A.Spawned) {
    A.Spawned = true;
    A.Concurrent = !In.Dying;
  }
  A.Via = In.Via;
  A.Entry = &Root;
  A.Deliberate = In.Deliberate || isUnsafeByName(Root);
  return A;
}

int access::weight(const SharedAccess &A) {
  return A.Deliberate ? 0 : A.Concurrent ? 2 : 1;
}

void access::mergeWay(SharedAccess &Into, const SharedAccess &A) {
  if (weight(A) < weight(Into))
    return;
  if (weight(A) > weight(Into)) {
    Into = A;
    return;
  }
  // The note shows the way that holds the fewest locks.
  size_t Mine = Into.Held.held().size(), Theirs = A.Held.held().size();
  bool Weaker = Theirs < Mine || (Theirs == Mine && A.Spawned && !Into.Spawned);
  const CallExpr *Via = Weaker ? A.Via : Into.Via;
  const FunctionDecl *Entry = Weaker ? A.Entry : Into.Entry;
  Into.Held.intersect(A.Held);
  Into.Concurrent |= A.Concurrent;
  Into.Spawned |= A.Spawned;
  Into.Via = Via;
  Into.Entry = Entry;
}

std::vector<SharedAccess>
collectGlobalAccesses(llvm::ArrayRef<const VarDecl *> Globals,
                      const GlobalUses &Uses, FunctionSummaries &Sums,
                      const AccessOptions &Options) {
  GlobalAccessTable &Table = Sums.globalAccesses(Options);
  std::vector<SharedAccess> Accesses;
  // One record per access and variable: a call may reach several of them.
  llvm::DenseMap<std::pair<const Expr *, const ValueDecl *>, unsigned> ByUse;
  // A function another unit calls is that unit's to account for, with the
  // locks its callers there hold, when they can name the data.
  bool Exported = llvm::all_of(
      Globals, [](const VarDecl *G) { return G->isExternallyVisible(); });
  // A function a Mutex runs under its lock (an `absl::Condition`) is
  // not a root either: its accesses are unknown rather than unlocked.
  auto CalledElsewhere = [&](const FunctionDecl &F) {
    return (Exported && Sums.calledFromOtherUnits(F)) || Sums.runsUnderLock(F);
  };
  for (const FunctionDecl *Root :
       rootsReaching(Uses.Users, Uses.CalledBy, Uses.Calls, Uses.Spawned,
                     CalledElsewhere)) {
    bool Spawned = llvm::is_contained(Uses.Spawned, Root);
    for (const SummaryAccess &In : Table.of(*Root).Accesses) {
      if (!llvm::is_contained(Globals, In.Access.Target))
        continue;
      SharedAccess A = fromRoot(In, *Root, Spawned);
      auto [It, New] = ByUse.try_emplace({A.Use, A.Target}, Accesses.size());
      if (New)
        Accesses.push_back(std::move(A));
      else
        mergeWay(Accesses[It->second], A);
    }
  }
  sortBySource(Accesses, Sums.context().getSourceManager());
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

/// The traversal behind forEachUnitFunction. It skips what cannot hold a
/// unit function: declarations in system headers, and the statements of
/// function bodies (a lambda there is its function's; a local class is
/// reached through the function's declarations).
class UnitFunctions : public RecursiveASTVisitor<UnitFunctions> {
  using Base = RecursiveASTVisitor<UnitFunctions>;

public:
  UnitFunctions(const SourceManager &SM,
                llvm::function_ref<void(const FunctionDecl &)> Visit)
      : SM(SM), Visit(Visit) {}

  bool TraverseDecl(Decl *D) {
    if (!D ||
        (!isa<TranslationUnitDecl>(D) && SM.isInSystemHeader(D->getLocation())))
      return true;
    const auto *F = dyn_cast<FunctionDecl>(D);
    const auto *M = dyn_cast<CXXMethodDecl>(D);
    // (Implicit members and lambdas as the base traversal treats them.)
    if (!F || D->isImplicit() || (M && M->getParent()->isLambda()))
      return Base::TraverseDecl(D);
    VisitFunctionDecl(const_cast<FunctionDecl *>(F));
    for (Decl *Local : F->decls())
      if (isa<TagDecl>(Local))
        TraverseDecl(Local);
    return true;
  }

  bool VisitFunctionDecl(FunctionDecl *F) {
    if (!F->doesThisDeclarationHaveABody() || F->isDependentContext() ||
        F->isInvalidDecl() || SM.isInSystemHeader(F->getLocation()) ||
        isLambdaInFunction(*F))
      return true;
    Visit(*F);
    return true;
  }
  /// A lambda at namespace scope (a callback in a global's initializer) is
  /// a function of its own; the traversal does not visit its declaration.
  bool VisitLambdaExpr(LambdaExpr *L) {
    CXXMethodDecl *Op = L->getCallOperator();
    if (Op && !isLambdaInFunction(*Op))
      VisitFunctionDecl(Op);
    return true;
  }

private:
  const SourceManager &SM;
  llvm::function_ref<void(const FunctionDecl &)> Visit;
};

} // namespace

// The list is made by its first user, here, so that FunctionSummaries.cpp
// need not know the traversal.
llvm::ArrayRef<const FunctionDecl *> FunctionSummaries::unitFunctions() {
  if (!UnitFunctionList) {
    UnitFunctionList.emplace();
    UnitFunctions(Context.getSourceManager(), [&](const FunctionDecl &F) {
      UnitFunctionList->push_back(&F);
    }).TraverseDecl(Context.getTranslationUnitDecl());
  }
  return *UnitFunctionList;
}

void access::forEachUnitFunction(
    FunctionSummaries &Sums,
    llvm::function_ref<void(const FunctionDecl &)> Visit) {
  for (const FunctionDecl *F : Sums.unitFunctions())
    Visit(*F);
}

namespace {

class GlobalUseFinder {
public:
  GlobalUseFinder(llvm::ArrayRef<const VarDecl *> Globals,
                  FunctionSummaries &Sums)
      : Globals(Globals), Sums(Sums) {}

  GlobalUses Uses;

  void visit(const FunctionDecl &F) {
    Current = &F;
    walk(F.getBody(), 0);
  }

private:
  void note(std::vector<const FunctionDecl *> &List, const FunctionDecl *F) {
    if (!llvm::is_contained(List, F))
      List.push_back(F);
  }
  /// Notes the current function as a user, once (a set: a unit may have
  /// thousands of users).
  void noteUser() {
    if (UserSet.insert(Current).second)
      Uses.Users.push_back(Current);
  }

  /// Walks a body (lambdas included) with the depth of loops around.
  void walk(const Stmt *S, unsigned Loops) {
    if (!S)
      return;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
      if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
        if (llvm::is_contained(Globals, V->getCanonicalDecl()))
          noteUser();
    if (const auto *Call = dyn_cast<CallExpr>(S))
      for (const FunctionDecl *Def : Sums.targets(*Call).Defs) {
        if (!Def->hasBody()) {
          if (reachesLinked(*Def))
            noteUser();
        } else if (Def != Current && Edges.insert({Current, Def}).second) {
          Uses.CalledBy[Def].push_back(Current);
          Uses.Calls[Current].push_back(Def);
        }
      }
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

  /// Whether \p Def, a function of another unit, reaches one of the
  /// globals (its linked summary says so).
  bool reachesLinked(const FunctionDecl &Def) {
    const PortableSummary *P = Sums.linked(Def);
    if (!P || P->GlobalAccesses.empty())
      return false;
    if (GlobalUSRs.empty())
      for (const VarDecl *G : Globals)
        GlobalUSRs.insert("g" + usrOf(*G));
    return llvm::any_of(P->GlobalAccesses, [&](const PortableAccess &G) {
      return GlobalUSRs.count(G.Data.Root);
    });
  }

  llvm::ArrayRef<const VarDecl *> Globals;
  FunctionSummaries &Sums;
  std::set<std::string> GlobalUSRs;
  std::set<const FunctionDecl *> UserSet;
  const FunctionDecl *Current = nullptr;
  std::set<std::pair<const FunctionDecl *, const FunctionDecl *>> Edges;
};

} // namespace

GlobalUses findGlobalUses(ASTContext &Context,
                          llvm::ArrayRef<const VarDecl *> Globals,
                          FunctionSummaries &Sums) {
  GlobalUseFinder Finder(Globals, Sums);
  forEachUnitFunction(Sums, [&](const FunctionDecl &F) { Finder.visit(F); });
  return std::move(Finder.Uses);
}

//===----------------------------------------------------------------------===//
// Guards
//===----------------------------------------------------------------------===//

namespace {
/// Whether a lock can guard shared data: not a local's.
bool canGuard(const LockPath &P) { return !P.hasLocalRoot(); }
/// Whether \p P starts at a variable with static storage.
bool isGlobalRooted(const LockPath &P) {
  const auto *Var = P.Root == LockPath::RootKind::Variable
                        ? dyn_cast_or_null<VarDecl>(P.RootDecl)
                        : nullptr;
  return Var && Var->hasGlobalStorage();
}
} // namespace

std::optional<LockPath> guardedByAnnotation(const FieldDecl &Field) {
  if (const auto *A = Field.getAttr<GuardedByAttr>())
    return LockPath::fromExpr(A->getArg());
  return std::nullopt;
}

std::optional<Guard> inferGuard(llvm::ArrayRef<SharedAccess> Accesses,
                                std::optional<LockPath> Annotation) {
  if (Annotation)
    return Guard{*Annotation, true};
  // Candidates: locks of the object itself or globals, not of locals; the
  // data of an object is guarded by a lock of that object (a global lock
  // held around it guards a cache or registry beside it).
  struct Candidate {
    LockPath Lock;
    /// The accesses that hold it, and the writes that hold it exclusively.
    unsigned Held = 0, ExclusiveWrites = 0;
  };
  llvm::SmallVector<Candidate, 4> Counts;
  for (const SharedAccess &A : Accesses) {
    if (!A.Concurrent)
      continue;
    // Global data is guarded by a global lock: each object's own lock
    // (glog's LogFileObject::lock_, held around a call that fills a global
    // list) guards nothing shared by all of them.
    bool InstanceData = A.Path.Root == LockPath::RootKind::This;
    bool GlobalData = isGlobalRooted(A.Path);
    for (const HeldLock &H : A.Held.held()) {
      if (!canGuard(H.Path) ||
          (InstanceData && H.Path.Root != LockPath::RootKind::This) ||
          (GlobalData && !isGlobalRooted(H.Path)))
        continue;
      auto It = llvm::find_if(Counts,
                              [&](const auto &C) { return C.Lock == H.Path; });
      if (It == Counts.end())
        It = Counts.insert(Counts.end(), {H.Path});
      ++It->Held;
      if (A.Access == AccessKind::Write && H.Mode == model::LockMode::Exclusive)
        ++It->ExclusiveWrites;
    }
  }
  if (Counts.empty())
    return std::nullopt;
  // The lock most accesses hold; on a tie, the one more writes hold
  // exclusively (a reader lock held around a second, exclusive one does
  // not guard what is written under the second), then the first one seen.
  const Candidate *Best = &Counts.front();
  for (const Candidate &C : Counts)
    if (C.Held > Best->Held ||
        (C.Held == Best->Held && C.ExclusiveWrites > Best->ExclusiveWrites))
      Best = &C;
  return Guard{Best->Lock, false};
}

std::optional<LockPath> guardedByAnnotation(const LockPath &Path) {
  if (Path.Members.empty())
    return std::nullopt;
  const auto *Field = dyn_cast<FieldDecl>(Path.Members.back());
  if (!Field)
    return std::nullopt;
  std::optional<LockPath> Lock = guardedByAnnotation(*Field);
  if (!Lock || Lock->Root != LockPath::RootKind::This)
    return Lock;
  LockPath Owner = Path;
  Owner.Members.pop_back();
  return Owner.extended(Lock->Members);
}


std::vector<UnguardedAccess>
findUnguardedAccesses(llvm::ArrayRef<SharedAccess> Accesses,
                      std::optional<LockPath> Annotation,
                      const SourceManager &SM) {
  std::vector<UnguardedAccess> Found;
  // Read-only after construction: nothing to race with.
  bool ConcurrentWrite = llvm::any_of(Accesses, [](const SharedAccess &A) {
    return A.Concurrent && A.Access == AccessKind::Write;
  });
  if (!ConcurrentWrite)
    return Found;
  std::optional<Guard> G = inferGuard(Accesses, Annotation);
  if (!G)
    return Found;
  if (!G->Annotated) {
    bool GuardedWrite = llvm::any_of(Accesses, [&](const SharedAccess &A) {
      return A.Concurrent && A.Access == AccessKind::Write &&
             A.Held.holds(G->Lock);
    });
    bool SpawnedWrite = llvm::any_of(Accesses, [&](const SharedAccess &A) {
      return A.Spawned && A.Access == AccessKind::Write &&
             !A.Held.holds(G->Lock);
    });
    // Readers on another thread that hold the lock: an unguarded write
    // races them (RacerD's converse).
    bool SpawnedGuardedRead = llvm::any_of(Accesses, [&](const SharedAccess &A) {
      return A.Spawned && A.Held.holds(G->Lock);
    });
    // A getter that takes the lock to return the value: its author expects
    // concurrent writes, so an unguarded write races it.
    bool GuardedGetter = llvm::any_of(Accesses, [&](const SharedAccess &A) {
      return A.Concurrent && A.Returned && A.Access == AccessKind::Read &&
             A.Held.holds(G->Lock);
    });
    // A condition waited on under the lock (`mu.Await(Condition(&done))`):
    // the waiter expects another thread to write it, under that lock.
    bool GuardedWait = llvm::any_of(Accesses, [&](const SharedAccess &A) {
      return A.Concurrent && A.Awaited && A.Held.holds(G->Lock);
    });
    if (!GuardedWrite && !SpawnedWrite && !SpawnedGuardedRead &&
        !GuardedGetter && !GuardedWait)
      return Found;
  }
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
  // An inferred lock that fewer than a third of the accesses hold, or
  // fewer than half of the others when several functions go without it,
  // guards something else (Eraser would see no common lock at all); one
  // function that forgets it in a loop is still reported.
  if (!G->Annotated) {
    std::set<const FunctionDecl *> Unguarded;
    for (const SharedAccess &A : Accesses)
      if (A.Concurrent && !A.Held.holds(G->Lock))
        Unguarded.insert(A.Function);
    if (Guarded * 3 < Concurrent ||
        (Guarded * 2 + 1 < Concurrent && Unguarded.size() > 1))
      return Found;
  }
  // Initialized once, lazily, under the lock (`if (!Arena) Arena = ...`):
  // unlocked reads come after their own initialization.
  if (!G->Annotated && llvm::all_of(Accesses, [&](const SharedAccess &A) {
        return !A.PointeeWritten &&
               (!A.Concurrent || A.Access != AccessKind::Write ||
                (A.LazyInit && A.Held.holds(G->Lock)));
      }))
    return Found;
  std::set<std::pair<FileID, unsigned>> Lines;
  for (const SharedAccess &A : Accesses) {
    if (!A.Concurrent)
      continue;
    const HeldLock *H = A.Held.find(G->Lock);
    bool SharedOnly = H && A.Access == AccessKind::Write &&
                      H->Mode == model::LockMode::Shared;
    if (H && !SharedOnly)
      continue;
    // Published by an atomic flag before it is read.
    if (!G->Annotated && A.Access == AccessKind::Read && A.Published)
      continue;
    // A function whose name says it is unsynchronized on purpose
    // (`UnsafeSetRep()`, `GetRepForTesting()`).
    if (!G->Annotated && (isUnsafeByName(*A.Function) || A.Deliberate))
      continue;
    // A function the author excluded from the thread-safety analysis
    // (NO_THREAD_SAFETY_ANALYSIS), as -Wthread-safety does.
    if (A.Function->hasAttr<NoThreadSafetyAnalysisAttr>())
      continue;
    // A read in a window where the code released the guard on purpose
    // (and takes it back before its guard object ends): a protocol the
    // author chose, such as leveldb's writer queue.
    if (!H && !G->Annotated && A.Access == AccessKind::Read &&
        A.Held.suspended(G->Lock))
      continue;
    SourceLocation Loc = SM.getExpansionLoc(A.Use->getExprLoc());
    if (!Lines.insert({SM.getFileID(Loc), SM.getSpellingLineNumber(Loc)})
             .second)
      continue;
    UnguardedAccess U{SharedOnly     ? UnguardedAccess::Kind::SharedModeWrite
                      : G->Annotated ? UnguardedAccess::Kind::Annotated
                                     : UnguardedAccess::Kind::Missing,
                      &A,
                      G->Lock,
                      Guarded - (H ? 1 : 0),
                      Concurrent - 1,
                      {},
                      Evidence};
    for (const HeldLock &Other : A.Held.held())
      if (canGuard(Other.Path) && Other.Path != G->Lock)
        U.InsteadHeld.push_back(Other.Path);
    Found.push_back(std::move(U));
  }
  return Found;
}

} // namespace conctidy
