//===--- ThreadLifetime.cpp - When does a thread handle stop being joinable ==//

#include "conctidy/Analysis/ThreadLifetime.h"
#include "conctidy/Analysis/FunctionSummaries.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <algorithm>

using namespace clang;

namespace conctidy {

namespace {

bool isStdFunction(const CallExpr &Call,
                   std::initializer_list<StringRef> Names) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee || !Callee->getIdentifier() || !Callee->isInStdNamespace())
    return false;
  return llvm::is_contained(Names, Callee->getName());
}

/// Whether passing argument \p ArgIndex of a call to \p Callee can change
/// it. Unknown callees (dependent, through a pointer) can.
bool argumentMayBeChanged(const FunctionDecl *Callee, unsigned ArgIndex) {
  if (!Callee)
    return true;
  if (ArgIndex >= Callee->getNumParams())
    return !Callee->isVariadic() ? false : true;
  return isMutableReferenceOrPointer(Callee->getParamDecl(ArgIndex)->getType());
}

/// A value that leaves a handle without a thread: `std::thread()`, `{}`.
bool isEmptyHandleValue(const Expr *E) {
  E = ignoreWrappers(E);
  if (const auto *C = dyn_cast_or_null<CXXConstructExpr>(E))
    return C->getNumArgs() == 0 ||
           (C->getNumArgs() >= 1 && isa<CXXDefaultArgExpr>(C->getArg(0)));
  if (const auto *L = dyn_cast_or_null<InitListExpr>(E))
    return L->getNumInits() == 0;
  return false;
}

/// Whether \p S contains a construction of a thread of type \p HandleType
/// with arguments, or a std::move.
bool containsThreadSource(const Stmt *S, QualType HandleType) {
  if (!S)
    return false;
  if (const auto *C = dyn_cast<CXXConstructExpr>(S))
    if (C->getNumArgs() > 0 && !isa<CXXDefaultArgExpr>(C->getArg(0)) &&
        C->getType().getCanonicalType().getUnqualifiedType() ==
            HandleType.getCanonicalType().getUnqualifiedType())
      return true;
  if (const auto *Call = dyn_cast<CallExpr>(S))
    if (isStdFunction(*Call, {"move"}))
      return true;
  for (const Stmt *Child : S->children())
    if (containsThreadSource(Child, HandleType))
      return true;
  return false;
}

/// The effect of calling member \p Name of a single handle.
std::optional<HandleEventKind> memberCallEffect(StringRef Name) {
  const model::ThreadHandleMember *M = model::findThreadHandleMember(Name);
  if (!M)
    return std::nullopt;
  switch (M->Effect) {
  case model::HandleEffect::Join:
    return HandleEventKind::Join;
  case model::HandleEffect::Detach:
    return HandleEventKind::Detach;
  case model::HandleEffect::Swap:
    return HandleEventKind::Release;
  case model::HandleEffect::Query:
    return std::nullopt;
  }
  return std::nullopt;
}

/// Whether \p Body joins, detaches or moves from \p LoopVar (the variable
/// of a range-for over a collection of handles); sets \p Assigns when it
/// assigns a thread to it.
void scanLoopBody(const Stmt *S, const VarDecl &LoopVar, bool &Settles,
                  bool &Assigns) {
  if (!S)
    return;
  auto RefersToLoopVar = [&](const Expr *E) {
    const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E->IgnoreParenImpCasts());
    return DRE && DRE->getDecl() == &LoopVar;
  };
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S)) {
    if (const auto *ME = dyn_cast<MemberExpr>(MC->getCallee()))
      if (RefersToLoopVar(ME->getBase()) &&
          ME->getMemberDecl()->getIdentifier())
        if (memberCallEffect(ME->getMemberDecl()->getName()))
          Settles = true;
  } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S)) {
    if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
        RefersToLoopVar(Op->getArg(0)) && !isEmptyHandleValue(Op->getArg(1)))
      Assigns = true;
  } else if (const auto *Call = dyn_cast<CallExpr>(S)) {
    if (isStdFunction(*Call, {"move", "swap", "exchange"}) &&
        Call->getNumArgs() > 0 && RefersToLoopVar(Call->getArg(0)))
      Settles = true;
    if (!Call->getDirectCallee() || !isStdFunction(*Call, {"move"}))
      for (unsigned I = 0; I < Call->getNumArgs(); ++I)
        if (RefersToLoopVar(Call->getArg(I)) &&
            argumentMayBeChanged(Call->getDirectCallee(), I))
          Settles = true;
  }
  for (const Stmt *Child : S->children())
    scanLoopBody(Child, LoopVar, Settles, Assigns);
}

bool isLoop(const Stmt *S) {
  return isa<ForStmt>(S) || isa<WhileStmt>(S) || isa<DoStmt>(S) ||
         isa<CXXForRangeStmt>(S);
}

std::optional<HandleEvent> classifySingle(const Expr &Ref, const ParentMap &PM);

/// Classifies a use of one element \p Element of a collection of handles:
/// what the element use does, said of the whole collection.
std::optional<HandleEvent> classifyElement(const Expr &Element,
                                           const ParentMap &PM) {
  std::optional<HandleEvent> E = classifySingle(Element, PM);
  if (!E)
    return std::nullopt;
  if (E->Kind == HandleEventKind::Release)
    E->Kind = HandleEventKind::Join;
  // Assigning to one element need not replace a running thread.
  E->Replaces = false;
  return E;
}

/// Classifies a use of a single handle.
std::optional<HandleEvent> classifySingle(const Expr &Ref,
                                          const ParentMap &PM) {
  const Stmt *Child = nullptr;
  const Stmt *P = semanticParent(&Ref, PM, &Child);
  if (!P)
    return std::nullopt;
  if (const auto *ME = dyn_cast<MemberExpr>(P)) {
    const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(PM.getParent(ME));
    if (!Call || !ME->getMemberDecl()->getIdentifier())
      return std::nullopt;
    if (auto K = memberCallEffect(ME->getMemberDecl()->getName()))
      return HandleEvent{*K, Call};
    return std::nullopt;
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(P)) {
    if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
        Op->getArg(0)->IgnoreParenImpCasts() == &Ref) {
      if (isEmptyHandleValue(Op->getArg(1)))
        return HandleEvent{HandleEventKind::Release, Op};
      return HandleEvent{HandleEventKind::Start, Op, /*Replaces=*/true};
    }
    return std::nullopt;
  }
  if (const auto *Call = dyn_cast<CallExpr>(P)) {
    if (isStdFunction(*Call, {"move", "forward", "exchange"}))
      return HandleEvent{HandleEventKind::Release, Call};
    for (unsigned I = 0; I < Call->getNumArgs(); ++I)
      if (Call->getArg(I)->IgnoreParenImpCasts() == &Ref &&
          argumentMayBeChanged(Call->getDirectCallee(), I))
        return HandleEvent{HandleEventKind::Escape, Call};
    return std::nullopt;
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(P)) {
    const CXXConstructorDecl *Ctor = Construct->getConstructor();
    if (Ctor->isMoveConstructor())
      return HandleEvent{HandleEventKind::Release, Construct};
    for (unsigned I = 0; I < Construct->getNumArgs(); ++I)
      if (Construct->getArg(I)->IgnoreParenImpCasts() == &Ref &&
          argumentMayBeChanged(Ctor, I))
        return HandleEvent{HandleEventKind::Escape, Construct};
    return std::nullopt;
  }
  if (const auto *U = dyn_cast<UnaryOperator>(P))
    if (U->getOpcode() == UO_AddrOf)
      return HandleEvent{HandleEventKind::Escape, U};
  if (isa<ReturnStmt>(P) || isa<CoreturnStmt>(P) || isa<CXXThrowExpr>(P))
    return HandleEvent{HandleEventKind::Release, P};
  if (const auto *DS = dyn_cast<DeclStmt>(P))
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D))
        if (VD->getInit() && VD->getInit()->IgnoreParenImpCasts() == &Ref &&
            VD->getType()->isReferenceType())
          return HandleEvent{HandleEventKind::Escape, DS};
  if (isa<LambdaExpr>(P))
    return HandleEvent{HandleEventKind::Escape, P};
  return std::nullopt;
}

/// Classifies a use of a collection of handles.
std::optional<HandleEvent> classifyCollection(const Expr &Ref,
                                              const ParentMap &PM) {
  const Stmt *Child = nullptr;
  const Stmt *P = semanticParent(&Ref, PM, &Child);
  if (!P)
    return std::nullopt;
  if (const auto *ME = dyn_cast<MemberExpr>(P)) {
    const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(PM.getParent(ME));
    if (!Call || !ME->getMemberDecl()->getIdentifier())
      return std::nullopt;
    StringRef Name = ME->getMemberDecl()->getName();
    if (model::isContainerInsertion(Name))
      return HandleEvent{HandleEventKind::Start, Call};
    if (Name == "swap")
      return HandleEvent{HandleEventKind::Release, Call};
    if (Name == "at" || Name == "front" || Name == "back" || Name == "value")
      return classifyElement(*Call, PM);
    if (Name == "begin" || Name == "end" || Name == "data" ||
        Name == "rbegin" || Name == "find")
      return HandleEvent{HandleEventKind::Escape, Call};
    return std::nullopt;
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(P)) {
    if (Op->getNumArgs() < 1 || Op->getArg(0)->IgnoreParenImpCasts() != &Ref)
      return std::nullopt;
    if (Op->getOperator() == OO_Subscript || Op->getOperator() == OO_Star ||
        Op->getOperator() == OO_Arrow)
      return classifyElement(*Op, PM);
    if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
      return HandleEvent{isEmptyHandleValue(Op->getArg(1))
                             ? HandleEventKind::Release
                             : HandleEventKind::Start,
                         Op};
    return std::nullopt;
  }
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(P))
    return classifyElement(*AS, PM);
  // for (auto &T : Threads) { ... }: the range is bound to a hidden
  // variable in a declaration that the range-for statement owns.
  if (const auto *DS = dyn_cast<DeclStmt>(P))
    if (const auto *For = dyn_cast_or_null<CXXForRangeStmt>(PM.getParent(DS)))
      if (For->getRangeStmt() == DS) {
        bool Settles = false, Assigns = false;
        scanLoopBody(For->getBody(), *For->getLoopVariable(), Settles, Assigns);
        if (Settles)
          return HandleEvent{HandleEventKind::Join, For};
        if (Assigns)
          return HandleEvent{HandleEventKind::Start, For};
        return std::nullopt;
      }
  return classifySingle(Ref, PM);
}

/// A null pointer value: `nullptr`, `NULL`, `{}`, a default-constructed
/// smart pointer.
bool isNullValue(const Expr *E) {
  E = ignoreWrappers(E);
  if (!E)
    return false;
  if (isa<CXXNullPtrLiteralExpr>(E) || isa<GNUNullExpr>(E) ||
      isa<CXXDefaultArgExpr>(E)) // reset(pointer p = pointer())
    return true;
  if (const auto *I = dyn_cast<IntegerLiteral>(E))
    return I->getValue() == 0;
  if (isEmptyHandleValue(E))
    return true;
  if (const auto *C = dyn_cast<CXXConstructExpr>(E))
    return C->getNumArgs() == 1 && isNullValue(C->getArg(0));
  return false;
}

/// The handle shape of the thread a smart pointer of the model owns
/// (`std::unique_ptr<std::thread>`, `std::shared_ptr`, `boost::scoped_ptr`).
HandleShape ownedHandle(QualType T) {
  if (T.isNull())
    return {};
  const model::SmartPointer *Smart =
      modelledSmartPointer(T.getNonReferenceType()->getAsCXXRecordDecl());
  if (!Smart || Smart->Owns == model::Ownership::Observer)
    return {};
  HandleShape S = classifyHandleType(smartPointee(T));
  if (!S || S.IsCollection)
    return {};
  return S;
}

/// Classifies a use of a smart pointer that owns a single handle.
std::optional<HandleEvent> classifyOwnerUse(const Expr &Ref,
                                            const ParentMap &PM) {
  const Stmt *P = semanticParent(&Ref, PM);
  if (!P)
    return std::nullopt;
  if (const auto *ME = dyn_cast<MemberExpr>(P)) {
    const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(PM.getParent(ME));
    if (!Call || !ME->getMemberDecl()->getIdentifier())
      return std::nullopt;
    StringRef Name = ME->getMemberDecl()->getName();
    if (Name == "release" || Name == "swap")
      return HandleEvent{HandleEventKind::Release, Call};
    if (Name == "reset") {
      if (Call->getNumArgs() == 0 || isNullValue(Call->getArg(0)))
        return HandleEvent{HandleEventKind::Destroy, Call};
      return HandleEvent{HandleEventKind::Start, Call, /*Replaces=*/true};
    }
    if (Name == "get")
      return HandleEvent{HandleEventKind::Escape, Call};
    return std::nullopt;
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(P)) {
    if (Op->getNumArgs() < 1 || Op->getArg(0)->IgnoreParenImpCasts() != &Ref)
      return std::nullopt;
    // P->join(), (*P).detach(), f(*P): what the pointee's use does.
    if (Op->getOperator() == OO_Arrow || Op->getOperator() == OO_Star)
      return classifySingle(*Op, PM);
    if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2) {
      if (isNullValue(Op->getArg(1)))
        return HandleEvent{HandleEventKind::Destroy, Op};
      return HandleEvent{HandleEventKind::Start, Op, /*Replaces=*/true};
    }
    return std::nullopt;
  }
  // A copy of a shared_ptr shares the thread: the other owner may join it.
  if (const auto *C = dyn_cast<CXXConstructExpr>(P))
    if (C->getConstructor()->isCopyConstructor())
      return HandleEvent{HandleEventKind::Escape, C};
  return classifySingle(Ref, PM);
}

/// For an event on one element of a collection inside a loop, the loop
/// that settles the whole collection.
const Stmt *settlingLoop(const Stmt *Use, const ParentMap &PM) {
  for (const Stmt *P = PM.getParent(Use); P; P = PM.getParent(P))
    if (isLoop(P))
      return P;
  return nullptr;
}

} // namespace

HandleShape classifyLifetimeType(QualType T, bool *ViaOwner) {
  if (ViaOwner)
    *ViaOwner = false;
  if (HandleShape S = classifyHandleType(T))
    return S;
  HandleShape S = ownedHandle(T);
  if (S && ViaOwner)
    *ViaOwner = true;
  return S;
}

std::optional<HandleEvent> classifyHandleUse(const Expr &Ref,
                                             const HandleShape &Shape,
                                             const ParentMap &PM,
                                             bool ViaOwner) {
  // A handle named inside a lambda body was captured by reference (handles
  // are move-only); the lambda may join it (a scope guard) or run anywhere.
  const Stmt *Child = &Ref;
  const LambdaExpr *Outermost = nullptr;
  for (const Stmt *P = PM.getParent(&Ref); P; Child = P, P = PM.getParent(P))
    if (const auto *L = dyn_cast<LambdaExpr>(P))
      if (Child == L->getBody())
        Outermost = L;
  if (Outermost)
    return HandleEvent{HandleEventKind::Escape, Outermost};
  if (ViaOwner)
    return classifyOwnerUse(Ref, PM);
  return Shape.IsCollection ? classifyCollection(Ref, PM)
                            : classifySingle(Ref, PM);
}

bool initStartsThread(const Expr *Init, const HandleShape &Shape,
                      bool ViaOwner) {
  if (!Init)
    return false;
  const Expr *E = ignoreWrappers(Init);
  if (ViaOwner) {
    // unique_ptr<thread> P(new thread(f)), make_unique<thread>(f), a
    // function returning an owner: a thread; nullptr, {}: none.
    if (isNullValue(E))
      return false;
    if (const auto *C = dyn_cast<CXXConstructExpr>(E)) {
      if (C->getNumArgs() == 0 || isa<CXXDefaultArgExpr>(C->getArg(0)))
        return false;
      if (const auto *New =
              dyn_cast<CXXNewExpr>(C->getArg(0)->IgnoreParenImpCasts()))
        if (const CXXConstructExpr *Pointee = New->getConstructExpr())
          return Pointee->getNumArgs() > 0;
      return true;
    }
    if (const auto *Call = dyn_cast<CallExpr>(E))
      if (isStdFunction(*Call, {"make_unique", "make_shared"}))
        return Call->getNumArgs() > 0;
    return true;
  }
  // In a template, `std::thread T(Args...)` starts nothing when the pack is
  // empty: count only arguments that are always there.
  if (const auto *PL = dyn_cast<ParenListExpr>(E)) {
    for (unsigned I = 0; I < PL->getNumExprs(); ++I)
      if (!isa<PackExpansionExpr>(PL->getExpr(I)))
        return true;
    return false;
  }
  if (const auto *C = dyn_cast<CXXConstructExpr>(E))
    if (C->getNumArgs() > 0 && llvm::all_of(C->arguments(), [](const Expr *A) {
          return isa<PackExpansionExpr>(A);
        }))
      return false;
  if (!Shape.IsCollection) {
    if (isEmptyHandleValue(E))
      return false;
    return true;
  }
  if (isa<CXXConstructExpr>(E) || isa<InitListExpr>(E))
    return containsThreadSource(E, Shape.HandleType);
  // A call that returns a collection: assume it holds running threads.
  return isa<CallExpr>(E);
}

//===----------------------------------------------------------------------===//
// Local handles
//===----------------------------------------------------------------------===//

FunctionThreadLifetimes::FunctionThreadLifetimes(const FunctionDecl &Function,
                                                 ASTContext &Context,
                                                 LifetimeOptions Options,
                                                 FunctionSummaries *Summaries)
    : Body(Function.getBody()), Context(Context), Options(Options),
      Sums(Summaries) {
  if (!Sums) {
    OwnSums = std::make_unique<FunctionSummaries>(Context);
    Sums = OwnSums.get();
  }
  if (!Body || Function.isInvalidDecl())
    return;
  CFG::BuildOptions BO;
  BO.AddImplicitDtors = true;
  BO.AddTemporaryDtors = true;
  BO.AddInitializers = false;
  BO.setAllAlwaysAdd();
  Graph = CFG::buildCFG(&Function, const_cast<Stmt *>(Body), &Context, BO);
  Parents = std::make_unique<ParentMap>(const_cast<Stmt *>(Body));
}

FunctionThreadLifetimes::~FunctionThreadLifetimes() = default;

namespace {

/// Whether \p Cond tests `Handle.joinable()` (or `P->joinable()` of a smart
/// pointer); \p Polarity is true when the condition is true exactly when
/// the handle is joinable.
bool isJoinableTest(const Expr *Cond, const ValueDecl &Handle, bool &Polarity) {
  Polarity = true;
  if (!Cond)
    return false;
  Cond = Cond->IgnoreParenImpCasts();
  while (const auto *U = dyn_cast<UnaryOperator>(Cond)) {
    if (U->getOpcode() != UO_LNot)
      return false;
    Polarity = !Polarity;
    Cond = U->getSubExpr()->IgnoreParenImpCasts();
  }
  const auto *Call = dyn_cast<CXXMemberCallExpr>(Cond);
  if (!Call || !Call->getMethodDecl() ||
      !Call->getMethodDecl()->getIdentifier() ||
      Call->getMethodDecl()->getName() != "joinable")
    return false;
  const Expr *Obj = Call->getImplicitObjectArgument()->IgnoreParenImpCasts();
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Obj))
    if ((Op->getOperator() == OO_Arrow || Op->getOperator() == OO_Star) &&
        Op->getNumArgs() >= 1)
      Obj = Op->getArg(0)->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(Obj))
    return DRE->getDecl() == &Handle;
  if (const auto *ME = dyn_cast<MemberExpr>(Obj))
    return ME->getMemberDecl() == &Handle;
  return false;
}

bool callMayThrow(const Stmt *S) {
  const FunctionDecl *Callee = nullptr;
  if (const auto *Call = dyn_cast<CallExpr>(S))
    Callee = Call->getDirectCallee();
  else if (const auto *Construct = dyn_cast<CXXConstructExpr>(S))
    Callee = Construct->getConstructor();
  else
    return false;
  if (!Callee)
    return true;
  const auto *Proto = Callee->getType()->getAs<FunctionProtoType>();
  return !Proto || !Proto->isNothrow();
}

const FunctionDecl *calleeOf(const Stmt *S) {
  if (const auto *Call = dyn_cast<CallExpr>(S))
    return Call->getDirectCallee();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(S))
    return Construct->getConstructor();
  return nullptr;
}

} // namespace

bool visibleBodyMayThrow(const FunctionDecl &Callee) {
  FunctionSummaries Sums(Callee.getASTContext());
  return Sums.control(Callee).MayThrow;
}

/// Whether the escape \p Ev of the handle \p Ref hands it to callees whose
/// summaries (any depth) neither join, detach nor lose it: no event.
static bool calleesLeaveHandleAlone(const HandleEvent &Ev, const Expr &Ref,
                                    FunctionSummaries &Sums) {
  if (Ev.Kind != HandleEventKind::Escape)
    return false;
  const auto *Call = dyn_cast<Expr>(Ev.Use);
  if (!Call || !isa<CallExpr, CXXConstructExpr>(Call))
    return false;
  llvm::ArrayRef<const Expr *> Args;
  if (const auto *C = dyn_cast<CallExpr>(Call))
    Args = llvm::ArrayRef(C->getArgs(), C->getNumArgs());
  else
    Args = llvm::ArrayRef(cast<CXXConstructExpr>(Call)->getArgs(),
                          cast<CXXConstructExpr>(Call)->getNumArgs());
  std::optional<unsigned> Param;
  for (unsigned I = 0; I < Args.size(); ++I)
    if (Args[I]->IgnoreParenImpCasts() == &Ref)
      Param = FunctionSummaries::paramIndexOf(*Call, I);
  CallTargets T = Sums.targets(*Call);
  if (!Param || T.Unknown || T.Defs.empty())
    return false;
  HandleEffects E;
  for (const FunctionDecl *Def : T.Defs)
    E.merge(Sums.threads(*Def).param(*Param));
  return E.none();
}

/// What every query of one function needs, built in one pass over its body
/// and its CFG.
struct FunctionThreadLifetimes::Index {
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<const DeclRefExpr *, 4>>
      Refs;
  llvm::DenseMap<const VarDecl *, const DeclStmt *> Decls;
  /// The block and index of every statement element.
  llvm::DenseMap<const Stmt *, CFGPoint> Positions;
  /// The destructor elements of each local.
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<CFGPoint, 2>> Dtors;
  /// Per block, the sorted indexes of the elements that may leave by
  /// exception: explicit throws, and calls that may throw under the options.
  llvm::DenseMap<const CFGBlock *, llvm::SmallVector<unsigned, 2>> Throws;
  /// describeDtorExit() per (block, scope).
  llvm::DenseMap<std::pair<const CFGBlock *, const Stmt *>, ScopeExit>
      DtorExits;
};

namespace {

void collectAllRefs(
    const Stmt *S,
    llvm::DenseMap<const VarDecl *, llvm::SmallVector<const DeclRefExpr *, 4>>
        &Refs,
    llvm::DenseMap<const VarDecl *, const DeclStmt *> &Decls) {
  if (!S)
    return;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S)) {
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      Refs[VD].push_back(DRE);
  } else if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D))
        Decls.try_emplace(VD, DS);
  }
  for (const Stmt *Child : S->children())
    collectAllRefs(Child, Refs, Decls);
}

/// Walks the paths from one start of a local handle, looking only at the
/// elements that can matter to it: its own events and destructor, and the
/// elements that may throw.
class JoinablePathSearch {
public:
  JoinablePathSearch(const VarDecl &Handle, const Stmt *Scope,
                     const ParentMap &PM,
                     const llvm::DenseMap<const Stmt *, HandleEvent> &Events,
                     const llvm::DenseMap<const CFGBlock *,
                                          llvm::SmallVector<unsigned, 4>> &Own,
                     FunctionThreadLifetimes::Index &Idx,
                     const LifetimeOptions &Options)
      : Handle(Handle), Scope(Scope), PM(PM), Events(Events), Own(Own),
        Idx(Idx), Options(Options) {}

  struct Found {
    ScopeExit Exit;
    JoinableEnd How;
  };
  llvm::SmallVector<Found, 4> Exits;

  void run(CFGPoint Start) {
    llvm::DenseSet<unsigned> Entered;
    llvm::SmallVector<CFGPoint, 16> Work{Start};
    while (!Work.empty()) {
      CFGPoint Point = Work.pop_back_val();
      const CFGBlock &B = *Point.Block;
      if (walkBlock(B, Point.Index) == PathStep::Stop ||
          terminator(B) == PathStep::Stop)
        continue;
      unsigned SuccIndex = 0;
      for (const CFGBlock::AdjacentBlock &Succ : B.succs()) {
        unsigned I = SuccIndex++;
        const CFGBlock *Next = Succ.getReachableBlock();
        if (!Next || !edge(B, I))
          continue;
        if (Entered.insert(Next->getBlockID()).second)
          Work.push_back(CFGPoint{Next, 0});
      }
    }
  }

private:
  /// Visits, in order, the elements of \p B from \p From that are the
  /// handle's or may throw.
  PathStep walkBlock(const CFGBlock &B, unsigned From) {
    static const llvm::SmallVector<unsigned, 4> NoneOwn;
    static const llvm::SmallVector<unsigned, 2> NoneThrow;
    auto OwnIt = Own.find(&B);
    const auto &Mine = OwnIt == Own.end() ? NoneOwn : OwnIt->second;
    auto ThrowIt = Idx.Throws.find(&B);
    const auto &Throws =
        ThrowIt == Idx.Throws.end() ? NoneThrow : ThrowIt->second;
    const unsigned *M = std::lower_bound(Mine.begin(), Mine.end(), From);
    const unsigned *T = std::lower_bound(Throws.begin(), Throws.end(), From);
    while (M != Mine.end() || T != Throws.end()) {
      unsigned I;
      if (T == Throws.end() || (M != Mine.end() && *M <= *T)) {
        I = *M++;
        if (T != Throws.end() && *T == I)
          ++T;
      } else {
        I = *T++;
      }
      if (element(B, I) == PathStep::Stop)
        return PathStep::Stop;
    }
    return PathStep::Continue;
  }

  PathStep element(const CFGBlock &B, unsigned Index) {
    CFGElement E = B[Index];
    if (auto Dtor = E.getAs<CFGAutomaticObjDtor>()) {
      if (Dtor->getVarDecl() != &Handle)
        return PathStep::Continue;
      auto Key = std::make_pair(&B, Scope);
      auto It = Idx.DtorExits.find(Key);
      if (It == Idx.DtorExits.end())
        It = Idx.DtorExits.try_emplace(Key, describeDtorExit(B, Index, Scope))
                 .first;
      Exits.push_back({It->second, JoinableEnd::LeavesScope});
      return PathStep::Stop;
    }
    auto CS = E.getAs<CFGStmt>();
    if (!CS)
      return PathStep::Continue;
    const Stmt *S = CS->getStmt();
    auto It = Events.find(S);
    if (It != Events.end()) {
      const HandleEvent &Ev = It->second;
      if (Ev.Kind == HandleEventKind::Start) {
        if (!Ev.Replaces)
          return PathStep::Continue;
        // A new thread replaces the joinable one: std::terminate.
        Exits.push_back({{ScopeExitKind::End, Ev.Use}, JoinableEnd::Assigned});
        return PathStep::Stop;
      }
      if (Ev.Kind == HandleEventKind::Destroy)
        Exits.push_back({{ScopeExitKind::End, Ev.Use}, JoinableEnd::Reset});
      return PathStep::Stop;
    }
    if (isa<CXXThrowExpr>(S)) {
      if (!exceptionLeavesScope(S, Scope, PM))
        return PathStep::Continue;
      Exits.push_back({{ScopeExitKind::Throw, S}, JoinableEnd::LeavesScope});
      return PathStep::Stop;
    }
    if (!exceptionLeavesScope(S, Scope, PM))
      return PathStep::Continue;
    if (Options.AnyCallMayThrow && callMayThrow(S))
      Exits.push_back(
          {{ScopeExitKind::CallMayThrow, S}, JoinableEnd::LeavesScope});
    else if (Options.VisibleCallsMayThrow)
      Exits.push_back(
          {{ScopeExitKind::CallMayThrow, S}, JoinableEnd::VisibleCallThrows});
    return PathStep::Continue;
  }

  PathStep terminator(const CFGBlock &B) {
    const Stmt *T = B.getTerminatorStmt();
    auto It = T ? Events.find(T) : Events.end();
    if (It != Events.end() && It->second.Kind != HandleEventKind::Start)
      return PathStep::Stop;
    return PathStep::Continue;
  }

  bool edge(const CFGBlock &From, unsigned SuccIndex) {
    bool Polarity;
    if (From.succ_size() != 2 ||
        !isJoinableTest(dyn_cast_or_null<Expr>(From.getTerminatorCondition()),
                        Handle, Polarity))
      return true;
    // Successor 0 is taken when the condition is true.
    bool ConditionTrue = SuccIndex == 0;
    return ConditionTrue == Polarity;
  }

  const VarDecl &Handle;
  const Stmt *Scope;
  const ParentMap &PM;
  const llvm::DenseMap<const Stmt *, HandleEvent> &Events;
  const llvm::DenseMap<const CFGBlock *, llvm::SmallVector<unsigned, 4>> &Own;
  FunctionThreadLifetimes::Index &Idx;
  const LifetimeOptions &Options;
};

} // namespace

std::optional<JoinableExit>
FunctionThreadLifetimes::findJoinableExit(const VarDecl &Handle) {
  if (!Graph || !Parents)
    return std::nullopt;
  bool ViaOwner = false;
  HandleShape Shape = classifyLifetimeType(Handle.getType(), &ViaOwner);
  if (!Shape)
    return std::nullopt;

  if (!Idx) {
    Idx = std::make_unique<Index>();
    collectAllRefs(Body, Idx->Refs, Idx->Decls);
    for (const CFGBlock *B : *Graph) {
      for (unsigned I = 0, E = B->size(); I < E; ++I) {
        CFGElement El = (*B)[I];
        if (auto Dtor = El.getAs<CFGAutomaticObjDtor>()) {
          Idx->Dtors[Dtor->getVarDecl()].push_back(CFGPoint{B, I});
          continue;
        }
        auto CS = El.getAs<CFGStmt>();
        if (!CS)
          continue;
        const Stmt *S = CS->getStmt();
        Idx->Positions.try_emplace(S, CFGPoint{B, I});
        bool Throws = isa<CXXThrowExpr>(S);
        if (!Throws && Options.AnyCallMayThrow)
          Throws = callMayThrow(S);
        if (!Throws && Options.VisibleCallsMayThrow)
          if (const FunctionDecl *Callee = calleeOf(S))
            Throws = Sums->control(*Callee).MayThrow;
        if (Throws)
          Idx->Throws[B].push_back(I);
      }
    }
  }

  // Every use of the handle, keyed by the CFG element or terminator at
  // which it takes effect.
  llvm::DenseMap<const Stmt *, HandleEvent> Events;
  const Stmt *JoinElsewhere = nullptr;
  HandleEventKind JoinElsewhereKind = HandleEventKind::Join;
  auto RefsIt = Idx->Refs.find(&Handle);
  llvm::ArrayRef<const DeclRefExpr *> Refs;
  if (RefsIt != Idx->Refs.end())
    Refs = RefsIt->second;
  for (const DeclRefExpr *Ref : Refs) {
    std::optional<HandleEvent> Event =
        classifyHandleUse(*Ref, Shape, *Parents, ViaOwner);
    if (!Event || calleesLeaveHandleAlone(*Event, *Ref, *Sums))
      continue;
    if (Event->Kind == HandleEventKind::Join ||
        Event->Kind == HandleEventKind::Detach)
      if (!JoinElsewhere) {
        JoinElsewhere = Event->Use;
        JoinElsewhereKind = Event->Kind;
      }
    // Anchors: the reference itself (an element, since the CFG is built
    // with every statement added), the lambda that captures it, and for a
    // join of one element of a collection, the loop around it.
    Events.try_emplace(Ref, *Event);
    if (isa<LambdaExpr>(Event->Use) || isa<CXXForRangeStmt>(Event->Use))
      Events.try_emplace(Event->Use, *Event);
    if (Shape.IsCollection && Event->Kind != HandleEventKind::Start)
      if (const Stmt *Loop = settlingLoop(Event->Use, *Parents))
        Events.try_emplace(Loop, *Event);
  }

  // The elements of each block that are the handle's: its event anchors
  // and its destructors.
  llvm::DenseMap<const CFGBlock *, llvm::SmallVector<unsigned, 4>> Own;
  for (const auto &E : Events) {
    auto It = Idx->Positions.find(E.first);
    if (It != Idx->Positions.end())
      Own[It->second.Block].push_back(It->second.Index);
  }
  auto DtorsIt = Idx->Dtors.find(&Handle);
  if (DtorsIt != Idx->Dtors.end())
    for (const CFGPoint &P : DtorsIt->second)
      Own[P.Block].push_back(P.Index);
  for (auto &Entry : Own) {
    llvm::sort(Entry.second);
    Entry.second.erase(std::unique(Entry.second.begin(), Entry.second.end()),
                       Entry.second.end());
  }

  // Start points: the declaration, when its initializer starts a thread,
  // and every later start. A start takes effect once the statement that
  // starts the thread (the declaration, the assignment, the insertion call)
  // has completed.
  struct Start {
    CFGPoint After;
    SourceLocation Loc;
  };
  llvm::SmallVector<Start, 4> Starts;
  if (initStartsThread(Handle.getInit(), Shape, ViaOwner)) {
    auto DeclIt = Idx->Decls.find(&Handle);
    if (DeclIt != Idx->Decls.end()) {
      auto PosIt = Idx->Positions.find(DeclIt->second);
      if (PosIt != Idx->Positions.end())
        Starts.push_back({{PosIt->second.Block, PosIt->second.Index + 1},
                          Handle.getLocation()});
    }
  }
  for (const DeclRefExpr *Ref : Refs) {
    auto EvIt = Events.find(Ref);
    if (EvIt == Events.end() || EvIt->second.Kind != HandleEventKind::Start)
      continue;
    auto RefPos = Idx->Positions.find(Ref);
    if (RefPos == Idx->Positions.end())
      continue;
    CFGPoint After{RefPos->second.Block, RefPos->second.Index + 1};
    auto UsePos = Idx->Positions.find(EvIt->second.Use);
    if (UsePos != Idx->Positions.end() && UsePos->second.Block == After.Block &&
        UsePos->second.Index + 1 > After.Index)
      After.Index = UsePos->second.Index + 1;
    Starts.push_back({After, EvIt->second.Use->getBeginLoc()});
  }
  const SourceManager &SM = Context.getSourceManager();
  llvm::sort(Starts, [&](const Start &A, const Start &B) {
    return SM.isBeforeInTranslationUnit(A.Loc, B.Loc);
  });

  auto DeclIt = Idx->Decls.find(&Handle);
  const Stmt *Scope = &*Body;
  if (DeclIt != Idx->Decls.end())
    if (const Stmt *P = Parents->getParent(DeclIt->second))
      Scope = P;
  for (const Start &S : Starts) {
    JoinablePathSearch Search(Handle, Scope, *Parents, Events, Own, *Idx,
                              Options);
    Search.run(S.After);
    if (Search.Exits.empty())
      continue;
    auto Loc = [&](const JoinablePathSearch::Found &X) {
      return X.Exit.Kind == ScopeExitKind::End &&
                     X.How == JoinableEnd::LeavesScope
                 ? X.Exit.Where->getEndLoc()
                 : X.Exit.Where->getBeginLoc();
    };
    const JoinablePathSearch::Found *First = &Search.Exits.front();
    for (const JoinablePathSearch::Found &X : Search.Exits)
      if (SM.isBeforeInTranslationUnit(Loc(X), Loc(*First)))
        First = &X;
    JoinableExit Result{S.Loc, First->Exit, First->How, JoinElsewhere,
                        JoinElsewhereKind};
    return Result;
  }
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// Data members
//===----------------------------------------------------------------------===//

namespace {

void collectMemberRefs(const Stmt *S, const FieldDecl &Field,
                       llvm::SmallVectorImpl<const MemberExpr *> &Out) {
  if (!S)
    return;
  if (const auto *ME = dyn_cast<MemberExpr>(S))
    if (ME->getMemberDecl() == &Field)
      Out.push_back(ME);
  for (const Stmt *Child : S->children())
    collectMemberRefs(Child, Field, Out);
}

/// Whether all code that can name \p Field is in this translation unit.
bool allAccessorsVisible(const FieldDecl &Field, const CXXRecordDecl &Class) {
  switch (Field.getAccess()) {
  case AS_private:
    break;
  case AS_protected:
    if (!Class.hasAttr<FinalAttr>())
      return false;
    break;
  default:
    return false;
  }
  if (Class.hasFriends() || Class.isDependentContext())
    return false;
  for (const Decl *D : Class.decls()) {
    if (const auto *Nested = dyn_cast<CXXRecordDecl>(D))
      if (!Nested->isImplicit() && !Nested->isLambda())
        return false;
    if (isa<FunctionTemplateDecl>(D))
      return false;
  }
  for (const CXXMethodDecl *M : Class.methods()) {
    if (M->isDeleted() || M->isPureVirtual() || M->isDefaulted())
      continue;
    if (!M->isImplicit() && !M->isDefined())
      return false;
  }
  return true;
}

} // namespace

namespace {

/// The uses of a member handle in one member function.
struct MethodUses {
  const FunctionDecl *Def = nullptr;
  std::unique_ptr<ParentMap> PM;
  llvm::SmallVector<std::pair<const MemberExpr *, HandleEvent>, 4> Events;
};

/// Walks a member function's paths from its entry, for a member handle:
/// to \p Target (an element), or with no target, to the function's exit.
/// Joins of the member and calls of member functions that settle it end a
/// path; `joinable()` tests of the member prune the edge where it is not.
class MemberPathVisitor {
public:
  MemberPathVisitor(const FieldDecl &Field,
                    const llvm::SmallPtrSetImpl<const Stmt *> &Stops,
                    const Stmt *Target, const Stmt *Body)
      : Field(Field), Stops(Stops), Target(Target), Body(Body) {}

  bool Reached = false;
  /// Without a target: how the first path found leaves the function.
  SourceLocation ExitLoc;

  PathStep visit(const CFGBlock &B, unsigned Index) {
    auto CS = B[Index].getAs<CFGStmt>();
    if (!CS)
      return PathStep::Continue;
    const Stmt *S = CS->getStmt();
    if (Target && S == Target) {
      Reached = true;
      return PathStep::Stop;
    }
    if (Stops.count(S) || isa<CXXThrowExpr>(S))
      return PathStep::Stop;
    if (!Target && isa<ReturnStmt>(S)) {
      found(S->getBeginLoc());
      return PathStep::Stop;
    }
    return PathStep::Continue;
  }

  PathStep terminator(const CFGBlock &B) {
    if (B.hasNoReturnElement())
      return PathStep::Stop;
    if (!Target && B.succ_empty()) {
      found(Body->getEndLoc());
      return PathStep::Stop;
    }
    return PathStep::Continue;
  }

  bool edge(const CFGBlock &From, unsigned SuccIndex) {
    bool Polarity;
    if (From.succ_size() != 2 ||
        !isJoinableTest(dyn_cast_or_null<Expr>(From.getTerminatorCondition()),
                        Field, Polarity))
      return true;
    return (SuccIndex == 0) == Polarity;
  }

private:
  void found(SourceLocation Loc) {
    if (!Reached) {
      Reached = true;
      ExitLoc = Loc;
    }
  }

  const FieldDecl &Field;
  const llvm::SmallPtrSetImpl<const Stmt *> &Stops;
  const Stmt *Target;
  const Stmt *Body;
};

/// Adapts MemberPathVisitor to searchForward().
struct MemberPathAdapter {
  MemberPathVisitor &V;
  PathStep element(const CFGBlock &B, unsigned Index, bool &) {
    return V.visit(B, Index);
  }
  PathStep terminator(const CFGBlock &B, bool &) { return V.terminator(B); }
  bool edge(const CFGBlock &From, unsigned SuccIndex, bool &) {
    return V.edge(From, SuccIndex);
  }
};

/// Runs \p V over \p Def's CFG from its entry.
void searchMethod(const FunctionDecl &Def, MemberPathVisitor &V) {
  CFG::BuildOptions BO;
  BO.AddImplicitDtors = true;
  BO.AddInitializers = false;
  BO.setAllAlwaysAdd();
  std::unique_ptr<CFG> Graph = CFG::buildCFG(
      &Def, const_cast<Stmt *>(Def.getBody()), &Def.getASTContext(), BO);
  if (!Graph)
    return;
  MemberPathAdapter A{V};
  std::pair<CFGPoint, bool> Begin[] = {{CFGPoint{&Graph->getEntry(), 0}, true}};
  searchForward<bool>(Begin, A);
}

/// The fields of this object that a branch condition reads, and whether
/// it calls anything other than a member function of such a field.
void conditionFields(const Stmt *S,
                     llvm::SmallPtrSetImpl<const FieldDecl *> &Out,
                     bool &OtherCall) {
  if (!S)
    return;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S)) {
    const auto *Obj = dyn_cast_or_null<MemberExpr>(
        MC->getImplicitObjectArgument()
            ? MC->getImplicitObjectArgument()->IgnoreParenImpCasts()
            : nullptr);
    if (!Obj)
      OtherCall = true;
  } else if (isa<CallExpr>(S) && !isa<CXXOperatorCallExpr>(S)) {
    OtherCall = true;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(S))
    if (const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl()))
      if (isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
        Out.insert(FD);
  for (const Stmt *Child : S->children())
    conditionFields(Child, Out, OtherCall);
}

/// Whether \p S assigns to field \p F of this object (=, compound
/// assignment, ++/--, or a member call on it such as store()).
bool writesField(const Stmt *S, const FieldDecl &F) {
  auto IsF = [&](const Expr *E) {
    const auto *ME =
        dyn_cast_or_null<MemberExpr>(E ? E->IgnoreParenImpCasts() : nullptr);
    return ME && ME->getMemberDecl() == &F;
  };
  if (const auto *BO = dyn_cast<BinaryOperator>(S))
    return BO->isAssignmentOp() && IsF(BO->getLHS());
  if (const auto *UO = dyn_cast<UnaryOperator>(S))
    return UO->isIncrementDecrementOp() && IsF(UO->getSubExpr());
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S))
    return Op->isAssignmentOp() && Op->getNumArgs() >= 1 && IsF(Op->getArg(0));
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S))
    if (const CXXMethodDecl *M = MC->getMethodDecl())
      return !M->isConst() && IsF(MC->getImplicitObjectArgument());
  return false;
}

} // namespace

std::optional<UnjoinedMember> findUnjoinedMember(const FieldDecl &Field,
                                                 FunctionSummaries *Summaries) {
  const auto *Class = dyn_cast<CXXRecordDecl>(Field.getParent());
  if (!Class || !Class->hasDefinition() || !allAccessorsVisible(Field, *Class))
    return std::nullopt;
  bool ViaOwner = false;
  HandleShape Shape = classifyLifetimeType(Field.getType(), &ViaOwner);
  if (!Shape)
    return std::nullopt;

  std::optional<SourceLocation> FirstStart;
  auto NoteStart = [&](SourceLocation Loc) {
    if (!FirstStart)
      FirstStart = Loc;
  };
  // Starts outside member function bodies: the default member initializer
  // and constructor initializers.
  std::optional<SourceLocation> InitStart;
  if (initStartsThread(Field.getInClassInitializer(), Shape, ViaOwner)) {
    NoteStart(Field.getInClassInitializer()->getBeginLoc());
    InitStart = Field.getInClassInitializer()->getBeginLoc();
  }

  std::vector<MethodUses> Uses;
  llvm::SmallPtrSet<const FunctionDecl *, 4> Settlers, Starters;
  for (const CXXMethodDecl *M : Class->methods()) {
    const FunctionDecl *Def = nullptr;
    if (!M->isDefined(Def) || !Def->getBody())
      continue;
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Def))
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if (Init->isWritten() && Init->getMember() == &Field &&
            initStartsThread(Init->getInit(), Shape, ViaOwner)) {
          NoteStart(Init->getSourceLocation());
          if (!InitStart)
            InitStart = Init->getSourceLocation();
        }
    llvm::SmallVector<const MemberExpr *, 8> Refs;
    collectMemberRefs(Def->getBody(), Field, Refs);
    if (Refs.empty())
      continue;
    MethodUses U;
    U.Def = Def;
    U.PM = std::make_unique<ParentMap>(const_cast<Stmt *>(Def->getBody()));
    for (const MemberExpr *Ref : Refs) {
      std::optional<HandleEvent> Event =
          classifyHandleUse(*Ref, Shape, *U.PM, ViaOwner);
      if (!Event)
        continue;
      if (Event->Kind == HandleEventKind::Start) {
        NoteStart(Event->Use->getBeginLoc());
        Starters.insert(Def->getCanonicalDecl());
      } else {
        Settlers.insert(Def->getCanonicalDecl());
      }
      U.Events.push_back({Ref, *Event});
    }
    Uses.push_back(std::move(U));
  }
  if (!FirstStart)
    return std::nullopt;
  if (Settlers.empty())
    return UnjoinedMember{*FirstStart, UnjoinedMemberKind::NeverJoined, {}};

  std::unique_ptr<FunctionSummaries> OwnSums;
  if (!Summaries) {
    OwnSums = std::make_unique<FunctionSummaries>(Field.getASTContext());
    Summaries = OwnSums.get();
  }
  // Whether \p Def, or a method it calls on `this` at any depth, settles
  // the member.
  auto Settles = [&](const FunctionDecl &Def) {
    return Settlers.count(Def.getCanonicalDecl()) ||
           !Summaries->threads(Def).member(Field).none();
  };
  // The statements of a method after which the member is settled: its own
  // settling uses, and calls of member functions that settle it.
  auto StopsOf = [&](const MethodUses &U,
                     llvm::SmallPtrSetImpl<const Stmt *> &Stops) {
    for (const auto &[Ref, Event] : U.Events)
      if (Event.Kind != HandleEventKind::Start) {
        Stops.insert(Ref);
        Stops.insert(Event.Use);
      }
    forEachOwnStmt(U.Def->getBody(), [&](const Stmt *S) {
      if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S))
        if (MC->getImplicitObjectArgument() &&
            isa<CXXThisExpr>(
                MC->getImplicitObjectArgument()->IgnoreParenImpCasts()) &&
            llvm::any_of(
                Summaries->targets(*MC).Defs,
                [&](const FunctionDecl *Def) { return Settles(*Def); }))
          Stops.insert(MC);
    });
  };

  // The destructor joins it on some paths only, behind a state whose
  // writes are not where the thread is started or joined.
  const CXXDestructorDecl *Dtor = Class->getDestructor();
  const FunctionDecl *DtorDef = nullptr;
  if (Dtor && Dtor->isDefined(DtorDef) && DtorDef->getBody() &&
      !DtorDef->isDefaulted()) {
    const MethodUses *DU = nullptr;
    for (const MethodUses &U : Uses)
      if (U.Def == DtorDef)
        DU = &U;
    llvm::SmallPtrSet<const Stmt *, 8> Stops;
    if (DU)
      StopsOf(*DU, Stops);
    else
      StopsOf(MethodUses{DtorDef, nullptr, {}}, Stops);
    if (!Stops.empty()) {
      MemberPathVisitor V(Field, Stops, nullptr, DtorDef->getBody());
      searchMethod(*DtorDef, V);
      if (V.Reached) {
        // The state the destructor tests.
        llvm::SmallPtrSet<const FieldDecl *, 4> StateFields;
        bool OtherCall = false;
        forEachOwnStmt(DtorDef->getBody(), [&](const Stmt *S) {
          const Expr *Cond = nullptr;
          if (const auto *If = dyn_cast<IfStmt>(S))
            Cond = If->getCond();
          else if (const auto *CO = dyn_cast<ConditionalOperator>(S))
            Cond = CO->getCond();
          else if (const auto *BO = dyn_cast<BinaryOperator>(S))
            if (BO->isLogicalOp())
              Cond = BO->getLHS();
          bool Polarity;
          if (Cond && !isJoinableTest(Cond, Field, Polarity))
            conditionFields(Cond, StateFields, OtherCall);
        });
        StateFields.erase(&Field);
        const FieldDecl *Free = nullptr;
        if (!OtherCall)
          for (const CXXMethodDecl *M : Class->methods()) {
            const FunctionDecl *Def = nullptr;
            if (Free || !M->isDefined(Def) || !Def->getBody() ||
                isa<CXXConstructorDecl>(Def) || isa<CXXDestructorDecl>(Def) ||
                Settles(*Def) || Starters.count(Def->getCanonicalDecl()))
              continue;
            forEachOwnStmt(Def->getBody(), [&](const Stmt *S) {
              for (const FieldDecl *F : StateFields)
                if (!Free && writesField(S, *F))
                  Free = F;
            });
          }
        if (Free) {
          UnjoinedMember R{DtorDef->getLocation(),
                           UnjoinedMemberKind::DestructorPath, V.ExitLoc};
          R.JoinInDestructor = *Stops.begin();
          for (const Stmt *S : Stops)
            if (DtorDef->getASTContext()
                    .getSourceManager()
                    .isBeforeInTranslationUnit(
                        S->getBeginLoc(), R.JoinInDestructor->getBeginLoc()))
              R.JoinInDestructor = S;
          R.StateField = Free;
          return R;
        }
      }
    }
  }

  // A member function assigns a new thread while the one another function
  // started may still be joinable.
  for (const MethodUses &U : Uses) {
    if (isa<CXXConstructorDecl>(U.Def) || isa<CXXDestructorDecl>(U.Def))
      continue;
    for (const auto &[Ref, Event] : U.Events) {
      if (Event.Kind != HandleEventKind::Start || !Event.Replaces)
        continue;
      // Another start: an initializer, or a start in another function.
      std::optional<SourceLocation> Other = InitStart;
      for (const MethodUses &O : Uses)
        if (!Other && O.Def != U.Def)
          for (const auto &[ORef, OEvent] : O.Events)
            if (!Other && OEvent.Kind == HandleEventKind::Start)
              Other = OEvent.Use->getBeginLoc();
      if (!Other)
        continue;
      llvm::SmallPtrSet<const Stmt *, 8> Stops;
      StopsOf(U, Stops);
      MemberPathVisitor V(Field, Stops, Ref, U.Def->getBody());
      searchMethod(*U.Def, V);
      if (V.Reached)
        return UnjoinedMember{Event.Use->getBeginLoc(),
                              UnjoinedMemberKind::AssignedJoinable, *Other};
    }
  }
  return std::nullopt;
}

} // namespace conctidy
