//===--- CFGPathSearch.cpp - Scope exits in a clang::CFG ------------------===//

#include "conctidy/Analysis/CFGPathSearch.h"
#include "conctidy/Analysis/ASTHelpers.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/StmtCXX.h"

using namespace clang;

namespace conctidy {

StringRef scopeExitSpelling(ScopeExitKind Kind) {
  switch (Kind) {
  case ScopeExitKind::Return:
    return "return";
  case ScopeExitKind::CoReturn:
    return "co_return";
  case ScopeExitKind::Break:
    return "break";
  case ScopeExitKind::Continue:
    return "continue";
  case ScopeExitKind::Goto:
    return "goto";
  case ScopeExitKind::Throw:
    return "throw";
  case ScopeExitKind::CallMayThrow:
    return "call";
  case ScopeExitKind::End:
    return "end of scope";
  }
  return "";
}

ScopeExit describeDtorExit(const CFGBlock &B, unsigned DtorIndex,
                           const Stmt *ScopeStmt) {
  // Jumps (break, continue, goto) are the block's terminator; the CFG puts
  // the destructors of the scopes they leave into the same block.
  if (const Stmt *T = B.getTerminatorStmt()) {
    if (isa<BreakStmt>(T))
      return {ScopeExitKind::Break, T};
    if (isa<ContinueStmt>(T))
      return {ScopeExitKind::Continue, T};
    if (isa<GotoStmt>(T) || isa<IndirectGotoStmt>(T))
      return {ScopeExitKind::Goto, T};
  }
  // A return statement is an element of the block that destroys the locals
  // it leaves.
  for (const CFGElement &E : B) {
    if (auto S = E.getAs<CFGStmt>()) {
      if (isa<ReturnStmt>(S->getStmt()))
        return {ScopeExitKind::Return, S->getStmt()};
      if (isa<CoreturnStmt>(S->getStmt()))
        return {ScopeExitKind::CoReturn, S->getStmt()};
    }
  }
  return {ScopeExitKind::End, ScopeStmt};
}

bool exceptionLeavesScope(const Stmt *S, const Stmt *ScopeStmt,
                          const ParentMap &PM, const CXXTryStmt **CatchingTry) {
  const Stmt *Child = S;
  for (const Stmt *P = PM.getParent(S); P; Child = P, P = PM.getParent(P)) {
    if (P == ScopeStmt)
      return true;
    if (const auto *Try = dyn_cast<CXXTryStmt>(P)) {
      // Only the try block is protected; a throw in a handler goes on up.
      if (Child == Try->getTryBlock()) {
        if (CatchingTry)
          *CatchingTry = Try;
        return false;
      }
    }
  }
  return true;
}

const Stmt *enclosingScope(const VarDecl &Var, const Stmt &Body,
                           const ParentMap &PM) {
  const DeclStmt *DS = findDeclStmt(Body, Var);
  if (!DS)
    return &Body;
  const Stmt *P = PM.getParent(DS);
  return P ? P : &Body;
}

} // namespace conctidy
