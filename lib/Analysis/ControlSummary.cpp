//===--- ControlSummary.cpp - How a call of a function may end ------------===//
//
// The control part of a function's summary: whether an exception may leave
// its body (a throw outside every try block, a handler that throws or
// rethrows, a call of a function whose summary may throw), and whether it
// never returns (no path of its CFG reaches the exit without passing a call
// that never returns).
//
//===----------------------------------------------------------------------===//

#include "conctidy/Analysis/FunctionSummaries.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/BitVector.h"

using namespace clang;

namespace conctidy {

namespace {

class ControlBuilder {
public:
  ControlBuilder(const FunctionDecl &Def, FunctionSummaries &Sums)
      : Def(Def), Sums(Sums) {}

  bool mayThrow() {
    const auto *Proto = Def.getType()->getAs<FunctionProtoType>();
    if (Proto && Proto->isNothrow())
      return false;
    return mayThrowOut(Def.getBody(), false);
  }

  bool neverReturns() {
    CFG::BuildOptions BO;
    std::unique_ptr<CFG> Graph = CFG::buildCFG(
        &Def, const_cast<Stmt *>(Def.getBody()), &Def.getASTContext(), BO);
    if (!Graph)
      return false;
    llvm::BitVector Seen(Graph->getNumBlockIDs());
    llvm::SmallVector<const CFGBlock *, 16> Work{&Graph->getEntry()};
    Seen.set(Graph->getEntry().getBlockID());
    while (!Work.empty()) {
      const CFGBlock *B = Work.pop_back_val();
      if (B == &Graph->getExit())
        return false;
      bool Stops = false;
      for (const CFGElement &E : *B)
        if (auto CS = E.getAs<CFGStmt>())
          if (const auto *Call = dyn_cast<CallExpr>(CS->getStmt()))
            if (callNeverReturns(*Call)) {
              Stops = true;
              break;
            }
      if (Stops)
        continue;
      for (const CFGBlock::AdjacentBlock &Succ : B->succs())
        if (const CFGBlock *S = Succ.getReachableBlock())
          if (!Seen.test(S->getBlockID())) {
            Seen.set(S->getBlockID());
            Work.push_back(S);
          }
    }
    return true; // No path reaches the exit.
  }

private:
  bool callNeverReturns(const CallExpr &Call) {
    CallTargets T = Sums.targets(Call);
    if (const FunctionDecl *F = Call.getDirectCallee())
      if (F->isNoReturn())
        return true;
    if (T.Unknown || T.Defs.empty())
      return false;
    for (const FunctionDecl *Callee : T.Defs)
      if (!Sums.control(*Callee).NeverReturns)
        return false;
    return true;
  }

  bool callMayThrow(const Stmt &S) {
    if (!isa<CallExpr, CXXConstructExpr>(S))
      return false;
    for (const FunctionDecl *Callee : Sums.targets(cast<Expr>(S)).Defs)
      if (Sums.control(*Callee).MayThrow)
        return true;
    return false;
  }

  /// Whether \p S, outside every try block, throws or calls a function
  /// that may throw. A bare `throw;` rethrows what the try block threw:
  /// only when \p RethrowThrows says it can throw.
  bool mayThrowOut(const Stmt *S, bool RethrowThrows) {
    if (!S)
      return false;
    if (const auto *Throw = dyn_cast<CXXThrowExpr>(S))
      return Throw->getSubExpr() || RethrowThrows;
    if (isa<LambdaExpr>(S))
      return false;
    if (const auto *Try = dyn_cast<CXXTryStmt>(S)) {
      // What the try block throws is caught (assume a matching handler); a
      // handler may throw, or rethrow what the block threw.
      bool BlockThrows = mayThrowOut(Try->getTryBlock(), false);
      for (unsigned I = 0; I < Try->getNumHandlers(); ++I)
        if (mayThrowOut(Try->getHandler(I)->getHandlerBlock(), BlockThrows))
          return true;
      return false;
    }
    if (callMayThrow(*S))
      return true;
    for (const Stmt *Child : S->children())
      if (mayThrowOut(Child, RethrowThrows))
        return true;
    return false;
  }

  const FunctionDecl &Def;
  FunctionSummaries &Sums;
};

} // namespace

ControlSummary FunctionSummaries::computeControl(const FunctionDecl &Def) {
  ControlBuilder B(Def, *this);
  ControlSummary S;
  S.MayThrow = B.mayThrow();
  S.NeverReturns = B.neverReturns();
  return S;
}

} // namespace conctidy
