//===--- TaskLifetimeTest.cpp - Tasks that outlive what they capture ------===//

#include "conctidy/Analysis/TaskLifetime.h"
#include "TestAST.h"
#include "conctidy/Model/ConcurrencyModel.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace conctidy;

namespace {

std::vector<DanglingCapture> captures(test::TestAST &AST,
                                      llvm::StringRef Function) {
  const FunctionDecl *F = AST.function(Function);
  if (!F)
    return {};
  return findDanglingCaptures(*F, AST.context());
}

TEST(TaskLifetimeTest, DetachedLambdaCapturingALocal) {
  test::TestAST AST(R"cpp(
    void use(int &);
    void f() {
      int x = 0;
      std::thread t([&] { use(x); });
      t.detach();
    })cpp");
  std::vector<DanglingCapture> C = captures(AST, "f");
  ASSERT_EQ(C.size(), 1u);
  EXPECT_EQ(C[0].Kind, CaptureKind::ByReference);
  EXPECT_EQ(C[0].Captured->getName(), "x");
  EXPECT_EQ(C[0].Outlives, TaskOutlives::Detached);
  EXPECT_EQ(C[0].End.Kind, ScopeExitKind::End);
}

TEST(TaskLifetimeTest, JoinedOrByValueIsFine) {
  test::TestAST AST(R"cpp(
    void use(int &);
    void use(const int &);
    void joined() {
      int x = 0;
      std::thread t([&] { use(x); });
      t.join();
    }
    void copied() {
      int x = 0;
      std::thread([x] { use(x); }).detach();
    }
    void global() {
      static int s = 0;
      std::thread([&] { use(s); }).detach();
    })cpp");
  EXPECT_TRUE(captures(AST, "joined").empty());
  EXPECT_TRUE(captures(AST, "copied").empty());
  EXPECT_TRUE(captures(AST, "global").empty());
}

TEST(TaskLifetimeTest, DetachOnOnePathOnly) {
  test::TestAST AST(R"cpp(
    void use(int &);
    void f(bool fast) {
      int x = 0;
      std::thread t([&] { use(x); });
      if (fast) {
        t.detach();
        return;
      }
      t.join();
    })cpp");
  std::vector<DanglingCapture> C = captures(AST, "f");
  ASSERT_EQ(C.size(), 1u);
  EXPECT_EQ(C[0].End.Kind, ScopeExitKind::Return);
}

TEST(TaskLifetimeTest, ReferenceParameterAndThis) {
  test::TestAST AST(R"cpp(
    void use(int &);
    void param(int &p) { std::thread([&p] { use(p); }).detach(); }
    struct S {
      int n;
      void start() { std::thread([this] { use(n); }).detach(); }
    };
    void caller() {
      S s;
      s.start();
    })cpp");
  std::vector<DanglingCapture> P = captures(AST, "param");
  ASSERT_EQ(P.size(), 1u);
  EXPECT_EQ(P[0].Kind, CaptureKind::ReferenceParameter);

  std::vector<DanglingCapture> T = captures(AST, "start");
  ASSERT_EQ(T.size(), 1u);
  EXPECT_EQ(T[0].Kind, CaptureKind::This);
  llvm::SmallPtrSet<const CXXMethodDecl *, 2> Methods;
  Methods.insert(cast<CXXMethodDecl>(T[0].Method->getCanonicalDecl()));
  auto Receivers = findLocalReceivers(AST.context(), Methods);
  ASSERT_EQ(Receivers.size(), 1u);
  EXPECT_EQ(Receivers.begin()->second.Object->getName(), "s");
}

TEST(TaskLifetimeTest, ModelTaskWaits) {
  EXPECT_TRUE(model::isTaskWait("std::latch", "wait"));
  EXPECT_TRUE(model::isTaskWait("::std::future", "get"));
  EXPECT_FALSE(model::isTaskWait("std::latch", "count_down"));
  EXPECT_FALSE(model::isTaskWait("std::future", "wait_for"));
}

} // namespace
