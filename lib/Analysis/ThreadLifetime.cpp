//===--- ThreadLifetime.cpp - When does a thread handle stop being joinable ==//

#include "conctidy/Analysis/ThreadLifetime.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"

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
        Op->getArg(0)->IgnoreParenImpCasts() == &Ref)
      return HandleEvent{isEmptyHandleValue(Op->getArg(1))
                             ? HandleEventKind::Release
                             : HandleEventKind::Start,
                         Op};
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

/// For an event on one element of a collection inside a loop, the loop
/// that settles the whole collection.
const Stmt *settlingLoop(const Stmt *Use, const ParentMap &PM) {
  for (const Stmt *P = PM.getParent(Use); P; P = PM.getParent(P))
    if (isLoop(P))
      return P;
  return nullptr;
}

} // namespace

std::optional<HandleEvent> classifyHandleUse(const Expr &Ref,
                                             const HandleShape &Shape,
                                             const ParentMap &PM) {
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
  return Shape.IsCollection ? classifyCollection(Ref, PM)
                            : classifySingle(Ref, PM);
}

bool initStartsThread(const Expr *Init, const HandleShape &Shape) {
  if (!Init)
    return false;
  const Expr *E = ignoreWrappers(Init);
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
                                                 LifetimeOptions Options)
    : Body(Function.getBody()), Context(Context), Options(Options) {
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

/// Collects the DeclRefExprs in \p S that name \p Var.
void collectRefs(const Stmt *S, const VarDecl &Var,
                 llvm::SmallVectorImpl<const DeclRefExpr *> &Out) {
  if (!S)
    return;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
    if (DRE->getDecl() == &Var)
      Out.push_back(DRE);
  for (const Stmt *Child : S->children())
    collectRefs(Child, Var, Out);
}

/// Whether \p Cond tests `Handle.joinable()`; \p Polarity is true when the
/// condition is true exactly when the handle is joinable.
bool isJoinableTest(const Expr *Cond, const VarDecl &Handle, bool &Polarity) {
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
  const auto *DRE = dyn_cast<DeclRefExpr>(
      Call->getImplicitObjectArgument()->IgnoreParenImpCasts());
  return DRE && DRE->getDecl() == &Handle;
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

/// Walks the paths from one start of a local handle.
class JoinablePathVisitor {
public:
  JoinablePathVisitor(const VarDecl &Handle, const Stmt *Scope,
                      const ParentMap &PM,
                      const llvm::DenseMap<const Stmt *, HandleEvent> &Events,
                      const LifetimeOptions &Options)
      : Handle(Handle), Scope(Scope), PM(PM), Events(Events), Options(Options) {
  }

  llvm::SmallVector<ScopeExit, 4> Exits;

  PathStep element(const CFGBlock &B, unsigned Index, bool &) {
    CFGElement E = B[Index];
    if (auto Dtor = E.getAs<CFGAutomaticObjDtor>()) {
      if (Dtor->getVarDecl() != &Handle)
        return PathStep::Continue;
      Exits.push_back(describeDtorExit(B, Index, Scope));
      return PathStep::Stop;
    }
    auto CS = E.getAs<CFGStmt>();
    if (!CS)
      return PathStep::Continue;
    const Stmt *S = CS->getStmt();
    auto It = Events.find(S);
    if (It != Events.end())
      return It->second.Kind == HandleEventKind::Start ? PathStep::Continue
                                                       : PathStep::Stop;
    if (isa<CXXThrowExpr>(S)) {
      if (!exceptionLeavesScope(S, Scope, PM))
        return PathStep::Continue;
      Exits.push_back({ScopeExitKind::Throw, S});
      return PathStep::Stop;
    }
    if (Options.AnyCallMayThrow && callMayThrow(S) &&
        exceptionLeavesScope(S, Scope, PM))
      Exits.push_back({ScopeExitKind::CallMayThrow, S});
    return PathStep::Continue;
  }

  PathStep terminator(const CFGBlock &B, bool &) {
    const Stmt *T = B.getTerminatorStmt();
    auto It = T ? Events.find(T) : Events.end();
    if (It != Events.end() && It->second.Kind != HandleEventKind::Start)
      return PathStep::Stop;
    return PathStep::Continue;
  }

  bool edge(const CFGBlock &From, unsigned SuccIndex, bool &) {
    bool Polarity;
    if (From.succ_size() != 2 ||
        !isJoinableTest(dyn_cast_or_null<Expr>(From.getTerminatorCondition()),
                        Handle, Polarity))
      return true;
    // Successor 0 is taken when the condition is true.
    bool ConditionTrue = SuccIndex == 0;
    return ConditionTrue == Polarity;
  }

private:
  const VarDecl &Handle;
  const Stmt *Scope;
  const ParentMap &PM;
  const llvm::DenseMap<const Stmt *, HandleEvent> &Events;
  const LifetimeOptions &Options;
};

} // namespace

std::optional<JoinableExit>
FunctionThreadLifetimes::findJoinableExit(const VarDecl &Handle) {
  if (!Graph || !Parents)
    return std::nullopt;
  HandleShape Shape = classifyHandleType(Handle.getType());
  if (!Shape)
    return std::nullopt;

  // Every use of the handle, keyed by the CFG element or terminator at
  // which it takes effect.
  llvm::SmallVector<const DeclRefExpr *, 8> Refs;
  collectRefs(Body, Handle, Refs);
  llvm::DenseMap<const Stmt *, HandleEvent> Events;
  const Stmt *JoinElsewhere = nullptr;
  HandleEventKind JoinElsewhereKind = HandleEventKind::Join;
  for (const DeclRefExpr *Ref : Refs) {
    std::optional<HandleEvent> Event = classifyHandleUse(*Ref, Shape, *Parents);
    if (!Event)
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

  // Start points: the declaration, when its initializer starts a thread,
  // and every later start.
  struct Start {
    CFGPoint After;
    SourceLocation Loc;
  };
  // A start takes effect once the statement that starts the thread (the
  // declaration, the assignment, the insertion call) has completed.
  llvm::SmallVector<Start, 4> Starts;
  bool DeclStarts = initStartsThread(Handle.getInit(), Shape);
  for (const CFGBlock *B : *Graph) {
    const Stmt *PendingUse = nullptr;
    for (unsigned I = 0, E = B->size(); I < E; ++I) {
      auto CS = (*B)[I].getAs<CFGStmt>();
      if (!CS)
        continue;
      const Stmt *S = CS->getStmt();
      if (const auto *DS = dyn_cast<DeclStmt>(S)) {
        if (DeclStarts && DS->isSingleDecl() && DS->getSingleDecl() == &Handle)
          Starts.push_back({{B, I + 1}, Handle.getLocation()});
      }
      if (PendingUse == S) {
        Starts.back().After.Index = I + 1;
        PendingUse = nullptr;
      }
      auto It = Events.find(S);
      if (It != Events.end() && It->second.Kind == HandleEventKind::Start) {
        Starts.push_back({{B, I + 1}, It->second.Use->getBeginLoc()});
        PendingUse = It->second.Use;
      }
    }
  }
  const SourceManager &SM = Context.getSourceManager();
  llvm::sort(Starts, [&](const Start &A, const Start &B) {
    return SM.isBeforeInTranslationUnit(A.Loc, B.Loc);
  });

  const Stmt *Scope = enclosingScope(Handle, *Body, *Parents);
  for (const Start &S : Starts) {
    JoinablePathVisitor Visitor(Handle, Scope, *Parents, Events, Options);
    std::pair<CFGPoint, bool> Begin[] = {{S.After, true}};
    searchForward<bool>(Begin, Visitor);
    if (Visitor.Exits.empty())
      continue;
    auto Loc = [&](const ScopeExit &X) {
      return X.Kind == ScopeExitKind::End ? X.Where->getEndLoc()
                                          : X.Where->getBeginLoc();
    };
    const ScopeExit *First = &Visitor.Exits.front();
    for (const ScopeExit &X : Visitor.Exits)
      if (SM.isBeforeInTranslationUnit(Loc(X), Loc(*First)))
        First = &X;
    return JoinableExit{S.Loc, *First, JoinElsewhere, JoinElsewhereKind};
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

std::optional<UnjoinedMember> findUnjoinedMember(const FieldDecl &Field) {
  const auto *Class = dyn_cast<CXXRecordDecl>(Field.getParent());
  if (!Class || !Class->hasDefinition() || !allAccessorsVisible(Field, *Class))
    return std::nullopt;
  HandleShape Shape = classifyHandleType(Field.getType());
  if (!Shape)
    return std::nullopt;

  std::optional<SourceLocation> FirstStart;
  auto NoteStart = [&](SourceLocation Loc) {
    if (!FirstStart)
      FirstStart = Loc;
  };
  // The default member initializer.
  if (initStartsThread(Field.getInClassInitializer(), Shape))
    NoteStart(Field.getInClassInitializer()->getBeginLoc());

  for (const CXXMethodDecl *M : Class->methods()) {
    const FunctionDecl *Def = nullptr;
    if (!M->isDefined(Def) || !Def->getBody())
      continue;
    // Constructor initializers of the member itself.
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Def))
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if (Init->isWritten() && Init->getMember() == &Field &&
            initStartsThread(Init->getInit(), Shape))
          NoteStart(Init->getSourceLocation());
    llvm::SmallVector<const MemberExpr *, 8> Refs;
    collectMemberRefs(Def->getBody(), Field, Refs);
    if (Refs.empty())
      continue;
    ParentMap PM(Def->getBody());
    for (const MemberExpr *Ref : Refs) {
      std::optional<HandleEvent> Event = classifyHandleUse(*Ref, Shape, PM);
      if (!Event)
        continue;
      if (Event->Kind != HandleEventKind::Start)
        return std::nullopt;
      NoteStart(Event->Use->getBeginLoc());
    }
  }
  if (!FirstStart)
    return std::nullopt;
  return UnjoinedMember{*FirstStart};
}

} // namespace conctidy
