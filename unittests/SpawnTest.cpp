//===--- SpawnTest.cpp - Recognizing spawns -------------------------------===//

#include "conctidy/Analysis/Spawn.h"
#include "TestAST.h"
#include "clang/AST/ExprCXX.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace conctidy;

namespace {

TEST(SpawnTest, ThreadWithLambdaAndArguments) {
  test::TestAST AST(R"cpp(
    void worker(int, int);
    void f() {
      std::thread a([] { work(); });
      std::thread b(worker, 1, 2);
    })cpp");
  auto Constructs =
      match(cxxConstructExpr(hasType(cxxRecordDecl(hasName("::std::thread"))),
                             argumentCountIs(1))
                .bind("c"),
            AST.context());
  ASSERT_EQ(Constructs.size(), 1u);
  std::optional<Spawn> A =
      asSpawn(*Constructs[0].getNodeAs<CXXConstructExpr>("c"));
  ASSERT_TRUE(A);
  EXPECT_NE(A->lambda(), nullptr);
  EXPECT_EQ(A->SpawnerName, "std::thread");
  EXPECT_TRUE(A->Data.empty());

  auto WithArgs =
      match(cxxConstructExpr(hasType(cxxRecordDecl(hasName("::std::thread"))),
                             argumentCountIs(3))
                .bind("c"),
            AST.context());
  ASSERT_EQ(WithArgs.size(), 1u);
  std::optional<Spawn> B =
      asSpawn(*WithArgs[0].getNodeAs<CXXConstructExpr>("c"));
  ASSERT_TRUE(B);
  EXPECT_EQ(B->lambda(), nullptr);
  ASSERT_NE(B->body(), nullptr);
  EXPECT_EQ(B->body()->getName(), "worker");
  EXPECT_EQ(B->Data.size(), 2u);
}

TEST(SpawnTest, UserSpawnerThroughStdFunction) {
  test::TestAST AST(R"cpp(
    template <class F> struct function { template <class G> function(G) {} void operator()(); };
    void schedule(function<void()>);
    void g() { schedule([] { work(); }); }
    void h() { work(); })cpp");
  auto Calls =
      match(callExpr(callee(functionDecl(hasName("schedule")))).bind("c"),
            AST.context());
  ASSERT_EQ(Calls.size(), 1u);
  const auto *Call = Calls[0].getNodeAs<CallExpr>("c");
  EXPECT_FALSE(asSpawn(*Call));
  SpawnOptions Options;
  Options.ExtraSpawners = {"schedule"};
  std::optional<Spawn> S = asSpawn(*Call, Options);
  ASSERT_TRUE(S);
  EXPECT_NE(S->lambda(), nullptr);
  EXPECT_EQ(S->Where, model::RunsOn::ThreadPool);
}

} // namespace
