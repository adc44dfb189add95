//===--- ThreadLifetimeTest.cpp - Joinable thread handles -----------------===//

#include "conctidy/Analysis/ThreadLifetime.h"
#include "TestAST.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace conctidy;

namespace {

/// The exit on which local \p Var of \p Function leaves its scope joinable.
std::optional<JoinableExit> exitOf(test::TestAST &AST, StringRef Function,
                                   StringRef Var,
                                   LifetimeOptions Options = {}) {
  const FunctionDecl *F = AST.function(Function);
  const VarDecl *V = AST.local(Function, Var);
  if (!F || !V) {
    ADD_FAILURE() << "no " << Function.str() << "::" << Var.str();
    return std::nullopt;
  }
  FunctionThreadLifetimes Lifetimes(*F, AST.context(), Options);
  return Lifetimes.findJoinableExit(*V);
}

TEST(ThreadLifetimeTest, HandleShapes) {
  test::TestAST AST(R"cpp(
    void f() {
      std::thread t;
      std::vector<std::thread> v;
      std::thread a[2];
      std::vector<std::vector<std::thread>> nested;
      int n;
    })cpp");
  auto Shape = [&](StringRef Var) {
    return classifyHandleType(AST.local("f", Var)->getType());
  };
  EXPECT_TRUE(Shape("t") && !Shape("t").IsCollection);
  EXPECT_TRUE(Shape("v") && Shape("v").IsCollection);
  EXPECT_TRUE(Shape("a") && Shape("a").IsCollection);
  EXPECT_TRUE(Shape("nested") && Shape("nested").IsCollection);
  EXPECT_FALSE(Shape("n"));
}

TEST(ThreadLifetimeTest, EarlyReturnIsTheExit) {
  test::TestAST AST(R"cpp(
    void f() {
      std::thread t(work);
      if (failed()) return;
      t.join();
    })cpp");
  std::optional<JoinableExit> Exit = exitOf(AST, "f", "t");
  ASSERT_TRUE(Exit);
  EXPECT_EQ(Exit->Exit.Kind, ScopeExitKind::Return);
  ASSERT_NE(Exit->JoinElsewhere, nullptr);
  EXPECT_EQ(Exit->JoinElsewhereKind, HandleEventKind::Join);
}

TEST(ThreadLifetimeTest, JoinOnEveryPathIsFine) {
  test::TestAST AST(R"cpp(
    void f() {
      std::thread t(work);
      if (failed()) { t.detach(); return; }
      t.join();
    })cpp");
  EXPECT_FALSE(exitOf(AST, "f", "t"));
}

TEST(ThreadLifetimeTest, DefaultConstructedHandleHasNoThread) {
  test::TestAST AST(R"cpp(
    void f() {
      std::thread t;
      if (failed()) return;
      t = std::thread(work);
      t.join();
    })cpp");
  EXPECT_FALSE(exitOf(AST, "f", "t"));
}

TEST(ThreadLifetimeTest, JoinableTestPrunesThePath) {
  test::TestAST AST(R"cpp(
    void f() {
      std::thread t;
      if (failed()) t = std::thread(work);
      if (t.joinable()) t.join();
    })cpp");
  EXPECT_FALSE(exitOf(AST, "f", "t"));
}

TEST(ThreadLifetimeTest, CollectionJoinedInLoop) {
  test::TestAST AST(R"cpp(
    void good() {
      std::vector<std::thread> v;
      v.emplace_back(work);
      for (auto &t : v) t.join();
    }
    void bad() {
      std::vector<std::thread> v;
      v.emplace_back(work);
      if (failed()) return;
      for (auto &t : v) t.join();
    })cpp");
  EXPECT_FALSE(exitOf(AST, "good", "v"));
  std::optional<JoinableExit> Exit = exitOf(AST, "bad", "v");
  ASSERT_TRUE(Exit);
  EXPECT_EQ(Exit->Exit.Kind, ScopeExitKind::Return);
}

TEST(ThreadLifetimeTest, AnyCallMayThrowOption) {
  test::TestAST AST(R"cpp(
    void f() {
      std::thread t(work);
      work();
      t.join();
    })cpp");
  EXPECT_FALSE(exitOf(AST, "f", "t"));
  std::optional<JoinableExit> Exit =
      exitOf(AST, "f", "t", LifetimeOptions{/*AnyCallMayThrow=*/true});
  ASSERT_TRUE(Exit);
  EXPECT_EQ(Exit->Exit.Kind, ScopeExitKind::CallMayThrow);
}

TEST(ThreadLifetimeTest, MemberStartedButNeverJoined) {
  test::TestAST AST(R"cpp(
    class Bad {
    public:
      void start() { T = std::thread(work); }
    private:
      std::thread T;
    };
    class Good {
    public:
      void start() { T = std::thread(work); }
      ~Good() { T.join(); }
    private:
      std::thread T;
    };
    class Unknown {
    public:
      void start() { T = std::thread(work); }
      void stop();
    private:
      std::thread T;
    };)cpp");
  using namespace clang::ast_matchers;
  auto Field = [&](StringRef Class) {
    return AST.find<FieldDecl>(
        fieldDecl(hasParent(cxxRecordDecl(hasName(Class), isDefinition()))));
  };
  EXPECT_TRUE(findUnjoinedMember(*Field("Bad")));
  EXPECT_FALSE(findUnjoinedMember(*Field("Good")));
  EXPECT_FALSE(findUnjoinedMember(*Field("Unknown")));
}

TEST(ThreadLifetimeTest, AssignmentToAJoinableHandle) {
  test::TestAST AST(R"cpp(
    void bad() {
      std::thread t(work);
      t = std::thread(work);
      t.join();
    }
    void good() {
      std::thread t(work);
      t.join();
      t = std::thread(work);
      t.join();
    })cpp");
  std::optional<JoinableExit> Exit = exitOf(AST, "bad", "t");
  ASSERT_TRUE(Exit);
  EXPECT_EQ(Exit->How, JoinableEnd::Assigned);
  EXPECT_FALSE(exitOf(AST, "good", "t"));
}

TEST(ThreadLifetimeTest, VisibleThrowingCall) {
  test::TestAST AST(R"cpp(
    struct E {};
    void thrower(bool b) { if (b) throw E(); }
    void quiet(bool b) { try { thrower(b); } catch (...) {} }
    void f() {
      std::thread t(work);
      quiet(true);
      thrower(false);
      t.join();
    })cpp");
  EXPECT_TRUE(visibleBodyMayThrow(*AST.function("thrower")));
  EXPECT_FALSE(visibleBodyMayThrow(*AST.function("quiet")));
  std::optional<JoinableExit> Exit = exitOf(AST, "f", "t");
  ASSERT_TRUE(Exit);
  EXPECT_EQ(Exit->How, JoinableEnd::VisibleCallThrows);
  LifetimeOptions Off;
  Off.VisibleCallsMayThrow = false;
  EXPECT_FALSE(exitOf(AST, "f", "t", Off));
}

TEST(ThreadLifetimeTest, ManyHandlesInOneFunction) {
  // One index serves every handle: each query stays cheap.
  std::string Code = "void f() {\n";
  for (int I = 0; I < 200; ++I)
    Code += "  std::thread t" + std::to_string(I) + "(work);\n";
  for (int I = 0; I < 200; ++I)
    if (I != 150)
      Code += "  t" + std::to_string(I) + ".join();\n";
  Code += "}\n";
  test::TestAST AST(Code);
  const FunctionDecl *F = AST.function("f");
  ASSERT_TRUE(F);
  FunctionThreadLifetimes Lifetimes(*F, AST.context(), {});
  unsigned Found = 0;
  for (int I = 0; I < 200; ++I)
    if (Lifetimes.findJoinableExit(*AST.local("f", "t" + std::to_string(I))))
      ++Found;
  EXPECT_EQ(Found, 1u);
}

} // namespace
