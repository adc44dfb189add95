//===--- CFGPathSearchTest.cpp - Forward path search and scope exits ------===//

#include "conctidy/Analysis/CFGPathSearch.h"
#include "TestAST.h"
#include "clang/AST/ParentMap.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace conctidy;

namespace {

std::unique_ptr<CFG> buildCFG(const FunctionDecl &F, ASTContext &Ctx) {
  CFG::BuildOptions BO;
  BO.AddImplicitDtors = true;
  return CFG::buildCFG(&F, F.getBody(), &Ctx, BO);
}

/// Counts the calls to `work` reachable from the entry, and stops paths at
/// calls to `failed`.
struct CountingVisitor {
  unsigned WorkCalls = 0;
  unsigned Terminators = 0;
  PathStep element(const CFGBlock &B, unsigned I, int &) {
    if (auto S = B[I].getAs<CFGStmt>())
      if (const auto *Call = dyn_cast<CallExpr>(S->getStmt()))
        if (const FunctionDecl *F = Call->getDirectCallee()) {
          if (F->getName() == "failed")
            return PathStep::Stop;
          if (F->getName() == "work")
            ++WorkCalls;
        }
    return PathStep::Continue;
  }
  PathStep terminator(const CFGBlock &, int &) {
    ++Terminators;
    return PathStep::Continue;
  }
  bool edge(const CFGBlock &, unsigned, int &) { return true; }
};

TEST(CFGPathSearchTest, LoopsTerminateAndStopsEndPaths) {
  test::TestAST AST(R"cpp(
    void f(int n) {
      while (n--) work();
      work();
      failed();
      work();
    })cpp");
  const FunctionDecl *F = AST.function("f");
  ASSERT_NE(F, nullptr);
  std::unique_ptr<CFG> G = buildCFG(*F, AST.context());
  ASSERT_NE(G, nullptr);
  CountingVisitor V;
  std::pair<CFGPoint, int> Start[] = {{{&G->getEntry(), 0}, 0}};
  searchForward<int>(Start, V);
  // The loop body once (its block is entered once per state), the call
  // after the loop; the call after failed() is never reached.
  EXPECT_EQ(V.WorkCalls, 2u);
}

/// Finds the destructor of \p Var in \p G and describes its exit.
std::vector<ScopeExitKind> dtorExits(const CFG &G, const VarDecl &Var) {
  std::vector<ScopeExitKind> Kinds;
  for (const CFGBlock *B : G)
    for (unsigned I = 0; I < B->size(); ++I)
      if (auto D = (*B)[I].getAs<CFGAutomaticObjDtor>())
        if (D->getVarDecl() == &Var)
          Kinds.push_back(describeDtorExit(*B, I, nullptr).Kind);
  llvm::sort(Kinds);
  return Kinds;
}

TEST(CFGPathSearchTest, DescribesEveryWayOutOfAScope) {
  test::TestAST AST(R"cpp(
    struct Guard { ~Guard(); };
    void f(int n) {
      for (int i = 0; i < n; ++i) {
        Guard g;
        if (i == 1) break;
        if (i == 2) continue;
        if (i == 3) goto out;
        if (i == 4) return;
      }
    out:;
    })cpp");
  std::unique_ptr<CFG> G = buildCFG(*AST.function("f"), AST.context());
  ASSERT_NE(G, nullptr);
  const VarDecl *Guard = AST.local("f", "g");
  ASSERT_NE(Guard, nullptr);
  std::vector<ScopeExitKind> Expected = {
      ScopeExitKind::Return, ScopeExitKind::Break, ScopeExitKind::Continue,
      ScopeExitKind::Goto, ScopeExitKind::End};
  llvm::sort(Expected);
  EXPECT_EQ(dtorExits(*G, *Guard), Expected);
}

TEST(CFGPathSearchTest, ExceptionsCaughtInsideTheScopeStayInside) {
  test::TestAST AST(R"cpp(
    void f() {
      {
        int inner;
        try { throw 1; } catch (...) { throw; }
      }
    })cpp");
  const FunctionDecl *F = AST.function("f");
  ParentMap PM(F->getBody());
  const VarDecl *Inner = AST.local("f", "inner");
  const Stmt *Scope = enclosingScope(*Inner, *F->getBody(), PM);
  ASSERT_TRUE(isa<CompoundStmt>(Scope));
  using namespace clang::ast_matchers;
  auto Throws = match(cxxThrowExpr().bind("t"), AST.context());
  ASSERT_EQ(Throws.size(), 2u);
  const auto *InTry = Throws[0].getNodeAs<Stmt>("t");
  const auto *InHandler = Throws[1].getNodeAs<Stmt>("t");
  const CXXTryStmt *Catching = nullptr;
  EXPECT_FALSE(exceptionLeavesScope(InTry, Scope, PM, &Catching));
  EXPECT_NE(Catching, nullptr);
  EXPECT_TRUE(exceptionLeavesScope(InHandler, Scope, PM));
}

} // namespace
