//===--- ThreadSummary.cpp - What a function does to the threads it gets --===//
//
// The thread part of a function's summary: for each thread-handle
// parameter (a handle, a reference, pointer or owning smart pointer to one,
// or a collection of them) and each thread-handle member of `this`, whether
// the function (or any function it calls, through their summaries; for
// members, the methods it calls on `this`) joins it, detaches it, or hands
// it to code no summary describes; and whether it starts threads (the
// model's spawners).
//
//===----------------------------------------------------------------------===//

#include "conctidy/Analysis/ASTHelpers.h"
#include "conctidy/Analysis/FunctionSummaries.h"
#include "conctidy/Analysis/Spawn.h"
#include "conctidy/Analysis/ThreadLifetime.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"

using namespace clang;

namespace conctidy {

namespace {

bool within(const Stmt *Outer, const Stmt *Inner) {
  if (!Outer)
    return false;
  if (Outer == Inner)
    return true;
  for (const Stmt *Child : Outer->children())
    if (within(Child, Inner))
      return true;
  return false;
}

} // namespace

ThreadSummary FunctionSummaries::computeThreads(const FunctionDecl &Def) {
  ThreadSummary S;
  S.Params.resize(Def.getNumParams());
  struct Param {
    HandleShape Shape;
    bool ViaOwner = false;
  };
  llvm::SmallVector<Param, 4> Params;
  bool Any = false;
  for (const ParmVarDecl *P : Def.parameters()) {
    Param X;
    QualType T = P->getType().getNonReferenceType();
    if (T->isPointerType())
      T = T->getPointeeType();
    X.Shape = classifyLifetimeType(T, &X.ViaOwner);
    Any |= bool(X.Shape);
    Params.push_back(X);
  }
  std::unique_ptr<ParentMap> PM;
  // One use of a handle (a parameter, or a member of `this`): its event,
  // and for a handle passed on, what the callee's summary does with it.
  auto Use = [&](const Expr &Ref, HandleShape Shape, bool ViaOwner,
                 HandleEffects &E) {
    if (!PM)
      PM = std::make_unique<ParentMap>(const_cast<Stmt *>(Def.getBody()));
    std::optional<HandleEvent> Ev =
        classifyHandleUse(Ref, Shape, *PM, ViaOwner);
    if (!Ev)
      return;
    switch (Ev->Kind) {
    case HandleEventKind::Start:
      return;
    case HandleEventKind::Join:
      E.Joins = true;
      return;
    case HandleEventKind::Detach:
      E.Detaches = true;
      return;
    case HandleEventKind::Release:
    case HandleEventKind::Destroy:
      E.Unknown = true;
      return;
    case HandleEventKind::Escape:
      break;
    }
    // Handed to a function: what its summary says of that parameter.
    const auto *Call = dyn_cast<Expr>(Ev->Use);
    if (!Call || !isa<CallExpr, CXXConstructExpr>(Call)) {
      E.Unknown = true;
      return;
    }
    llvm::ArrayRef<const Expr *> Args;
    if (const auto *C = dyn_cast<CallExpr>(Call))
      Args = llvm::ArrayRef(C->getArgs(), C->getNumArgs());
    else
      Args = llvm::ArrayRef(cast<CXXConstructExpr>(Call)->getArgs(),
                            cast<CXXConstructExpr>(Call)->getNumArgs());
    std::optional<unsigned> ParamIndex;
    for (unsigned I = 0; I < Args.size(); ++I)
      if (within(Args[I], &Ref))
        ParamIndex = paramIndexOf(*Call, I);
    CallTargets T = targets(*Call);
    if (!ParamIndex || T.Unknown) {
      E.Unknown = true;
      return;
    }
    for (const FunctionDecl *Callee : T.Defs)
      E.merge(threads(*Callee).param(*ParamIndex));
  };
  auto MemberSlot = [&](const FieldDecl *F) -> HandleEffects & {
    for (auto &[Field, E] : S.Members)
      if (Field == F)
        return E;
    S.Members.push_back({F, HandleEffects()});
    return S.Members.back().second;
  };
  // A method reached twice may run twice.
  auto AddMethod = [&](const FunctionDecl *M, bool Repeated) {
    for (auto &[Known, R] : S.MethodsOnThis)
      if (Known == M) {
        R = true;
        return;
      }
    S.MethodsOnThis.push_back({M, Repeated});
  };
  forEachOwnStmt(Def.getBody(), [&](const Stmt *St) {
    if (asSpawn(*St))
      S.Spawns = true;
    if (const auto *E = dyn_cast<Expr>(St))
      if (isa<CallExpr, CXXConstructExpr>(E))
        for (const FunctionDecl *Callee : targets(*E).Defs)
          if (Callee != &Def && threads(*Callee).Spawns)
            S.Spawns = true;
    // A handle member of this object.
    if (const auto *ME = dyn_cast<MemberExpr>(St)) {
      const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
      bool ViaOwner = false;
      if (F && isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
        if (HandleShape Shape = classifyLifetimeType(F->getType(), &ViaOwner)) {
          HandleEffects E;
          Use(*ME, Shape, ViaOwner, E);
          if (!E.none())
            MemberSlot(F).merge(E);
        }
    }
    // Another method called on this object: what it does to the members,
    // and the methods it runs on it in turn.
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(St)) {
      const Expr *Object = MC->getImplicitObjectArgument();
      if (Object && isa<CXXThisExpr>(Object->IgnoreParenImpCasts())) {
        bool InLoop = false;
        if (!PM)
          PM = std::make_unique<ParentMap>(const_cast<Stmt *>(Def.getBody()));
        for (const Stmt *P = PM->getParent(MC); P && !InLoop;
             P = PM->getParent(P))
          InLoop = isLoop(P);
        for (const FunctionDecl *Callee : targets(*MC).Defs) {
          if (Callee == &Def)
            continue;
          const ThreadSummary &C = threads(*Callee);
          for (const auto &[F, E] : C.Members)
            MemberSlot(F).merge(E);
          AddMethod(Callee, InLoop);
          for (const auto &[M, Repeated] : C.MethodsOnThis)
            AddMethod(M, Repeated || InLoop);
        }
      }
    }
    if (!Any)
      return;
    const auto *DRE = dyn_cast<DeclRefExpr>(St);
    const auto *P = DRE ? dyn_cast<ParmVarDecl>(DRE->getDecl()) : nullptr;
    if (!P || P->getDeclContext() != &Def ||
        P->getFunctionScopeIndex() >= Params.size())
      return;
    unsigned Index = P->getFunctionScopeIndex();
    const Param &X = Params[Index];
    if (X.Shape)
      Use(*DRE, X.Shape, X.ViaOwner, S.Params[Index]);
  });
  return S;
}

} // namespace conctidy
