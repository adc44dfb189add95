//===--- LockGraphTest.cpp - The lock graph, its cycles, lock orders ------===//

#include "conctidy/Analysis/LockGraph.h"
#include "TestAST.h"
#include "conctidy/Analysis/Deadlocks.h"
#include "conctidy/Analysis/FunctionSummaries.h"
#include "conctidy/Analysis/LockOrder.h"
#include "gtest/gtest.h"
#include <string>

using namespace clang;
using namespace clang::ast_matchers;
using namespace conctidy;

namespace {

/// Distinct node pointers without an AST: the graph only compares them.
const ValueDecl *node(unsigned I) {
  static char Storage[64];
  return reinterpret_cast<const ValueDecl *>(&Storage[I]);
}

int Root, OtherRoot;

TEST(LockGraphTest, TwoCycleOnceAndDuplicatesMerged) {
  LockGraph G;
  G.addEdge(node(0), node(1), nullptr, &Root, true);
  G.addEdge(node(0), node(1), nullptr, &Root, true); // Same edge.
  G.addEdge(node(1), node(0), nullptr, &Root, true);
  G.addEdge(node(2), node(2), nullptr, &Root, true); // Self edges: none.
  EXPECT_EQ(G.edges().size(), 2u);
  auto Cycles = G.cycles();
  ASSERT_EQ(Cycles.size(), 1u);
  ASSERT_EQ(Cycles[0].size(), 2u);
  EXPECT_EQ(Cycles[0][0]->From, node(0));
  EXPECT_EQ(Cycles[0][1]->From, node(1));
}

TEST(LockGraphTest, ChainOfThreeIsOneCycle) {
  LockGraph G;
  G.addEdge(node(0), node(1), nullptr, &Root, true);
  G.addEdge(node(1), node(2), nullptr, &Root, true);
  G.addEdge(node(2), node(0), nullptr, &Root, true);
  G.addEdge(node(2), node(3), nullptr, &Root, true); // Leaves the cycle.
  ASSERT_EQ(G.components().size(), 1u);
  EXPECT_EQ(G.components()[0].size(), 3u);
  auto Cycles = G.cycles();
  ASSERT_EQ(Cycles.size(), 1u);
  ASSERT_EQ(Cycles[0].size(), 3u);
  for (unsigned I = 0; I < 3; ++I)
    EXPECT_EQ(Cycles[0][I]->To, Cycles[0][(I + 1) % 3]->From);
}

TEST(LockGraphTest, AcyclicAndRunOnce) {
  LockGraph G;
  for (unsigned I = 0; I + 1 < 40; ++I)
    G.addEdge(node(I), node(I + 1), nullptr, &Root, true);
  EXPECT_TRUE(G.cycles().empty());
  EXPECT_TRUE(G.components().empty());
  // A cycle seen only in code that runs once (main) is none; with another
  // root it is.
  LockGraph Once;
  Once.addEdge(node(0), node(1), nullptr, &Root, false);
  Once.addEdge(node(1), node(0), nullptr, &Root, false);
  EXPECT_TRUE(Once.cycles().empty());
  Once.addEdge(node(1), node(0), nullptr, &OtherRoot, true);
  EXPECT_EQ(Once.cycles().size(), 1u);
}

TEST(LockGraphTest, TwoComponents) {
  LockGraph G;
  G.addEdge(node(0), node(1), nullptr, &Root, true);
  G.addEdge(node(1), node(0), nullptr, &Root, true);
  G.addEdge(node(5), node(6), nullptr, &Root, true);
  G.addEdge(node(6), node(7), nullptr, &Root, true);
  G.addEdge(node(7), node(5), nullptr, &Root, true);
  EXPECT_EQ(G.components().size(), 2u);
  EXPECT_EQ(G.cycles().size(), 2u);
}

const char *Mutex = R"cpp(
namespace std {
struct mutex { void lock(); void unlock(); bool try_lock(); };
struct recursive_mutex { void lock(); void unlock(); };
template <class M> struct lock_guard { explicit lock_guard(M &); ~lock_guard(); };
}
)cpp";

TEST(LockOrderTest, PairsThroughCalleesInCallerTerms) {
  test::TestAST AST(std::string(Mutex) + R"cpp(
struct Node {
  std::mutex mu;
  void lockedWork() { std::lock_guard<std::mutex> g(mu); }
};
struct Tree {
  std::mutex big;
  Node child;
  void helper(Node &n) { n.lockedWork(); }
  void f() {
    std::lock_guard<std::mutex> g(big);
    helper(child);
  }
  void g() {
    child.mu.lock();
    if (child.mu.try_lock()) {}
    big.lock();
  }
};
)cpp");
  FunctionSummaries Sums(AST.context());
  const LockOrderSummary &F = Sums.lockOrder(*AST.function("f"));
  ASSERT_EQ(F.Pairs.size(), 1u);
  EXPECT_EQ(F.Pairs[0].Held.spelling(), "big");
  EXPECT_EQ(F.Pairs[0].Taken.spelling(), "child.mu");
  // Two calls deep: f -> helper -> lockedWork.
  const LockAcquisition *A = F.Pairs[0].TakenAt;
  ASSERT_TRUE(A->Inner && A->Inner->Inner);
  EXPECT_FALSE(A->Inner->Inner->Inner);
  EXPECT_TRUE(A->Always);
  ASSERT_TRUE(F.Pairs[0].HeldAt);

  // g: child.mu then big; the try_lock is no acquisition and no relock.
  const LockOrderSummary &G = Sums.lockOrder(*AST.function("g"));
  ASSERT_EQ(G.Pairs.size(), 1u);
  EXPECT_EQ(G.Pairs[0].Held.spelling(), "child.mu");
  EXPECT_TRUE(G.Relocks.empty());

  // The kinds: one node per member declaration, a cycle between them.
  std::vector<const FunctionDecl *> Fns{AST.function("f"), AST.function("g")};
  DeadlockAnalysis D(Fns, Sums, {});
  auto Cycles = D.cycles();
  ASSERT_EQ(Cycles.size(), 1u);
  EXPECT_EQ(lockKindName(*Cycles[0].Edges[0].From), "Tree::big");
  EXPECT_EQ(lockKindName(*Cycles[0].Edges[0].To), "Node::mu");
}

TEST(LockOrderTest, RecursionOfLocks) {
  test::TestAST AST(std::string(Mutex) + R"cpp(
struct Wrap { std::mutex m; void lock() { m.lock(); } void unlock() { m.unlock(); } };
struct RWrap { std::recursive_mutex m; void lock() { m.lock(); } void unlock() { m.unlock(); } };
struct Owner { Wrap w; RWrap r; std::mutex plain; std::recursive_mutex rec; };
)cpp");
  FunctionSummaries Sums(AST.context());
  auto Field = [&](const char *Name) {
    return AST.find<FieldDecl>(
        fieldDecl(hasName(Name), hasParent(cxxRecordDecl(hasName("Owner")))));
  };
  EXPECT_EQ(isRecursiveLock(*Field("plain"), Sums), std::optional<bool>(false));
  EXPECT_EQ(isRecursiveLock(*Field("rec"), Sums), std::optional<bool>(true));
  EXPECT_EQ(isRecursiveLock(*Field("w"), Sums), std::optional<bool>(false));
  EXPECT_EQ(isRecursiveLock(*Field("r"), Sums), std::optional<bool>(true));
}

} // namespace
