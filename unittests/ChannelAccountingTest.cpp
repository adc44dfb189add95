//===--- ChannelAccountingTest.cpp - Sends that no receive matches --------===//

#include "conctidy/Analysis/ChannelAccounting.h"
#include "TestAST.h"
#include "conctidy/Analysis/CFGPathSearch.h"
#include "clang/AST/StmtCXX.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace conctidy;

namespace {

/// A user channel family, so that the snippets need no library headers:
/// `Chan` (capacity from constructor argument 0) with send/recv/close.
const char *ChannelPrelude = R"cpp(
  struct Chan {
    Chan(int Capacity = 0);
    ~Chan();
    void send(int);
    int recv();
    int try_recv(int &);
    void close();
  };
  void use(Chan &);
)cpp";

ChannelVocabulary vocabulary() {
  ChannelVocabulary V;
  V.addUserChannels({"Chan"}, {"send"}, {"recv"}, {"close"}, 0);
  return V;
}

std::optional<UnreceivedSends> analyze(test::TestAST &AST, StringRef Function,
                                       StringRef Channel) {
  const FunctionDecl *F = AST.function(Function);
  const VarDecl *V = AST.local(Function, Channel);
  if (!F || !V) {
    ADD_FAILURE() << "no " << Function.str() << "::" << Channel.str();
    return std::nullopt;
  }
  return findUnreceivedSends(*V, *F, AST.context(), vocabulary(), {});
}

TEST(ChannelAccountingTest, ModelRowsAreConsistent) {
  // Every channel type's family has a blocking send and a receive.
  for (const model::ChannelType &T : model::channelTypes()) {
    bool Send = false, Receive = false;
    for (const model::ChannelOperation &O : model::channelOperations())
      if (O.Family == T.Family) {
        Send |= O.Op == model::ChannelOp::Send;
        Receive |= O.Op == model::ChannelOp::Receive;
      }
    EXPECT_TRUE(Send && Receive) << T.QualifiedName.str();
    if (!T.BufferedVariant.empty())
      EXPECT_NE(model::findChannelType(T.BufferedVariant), nullptr);
  }
  const model::ChannelType *Buffered =
      model::findChannelType("boost::fibers::buffered_channel");
  ASSERT_NE(Buffered, nullptr);
  EXPECT_EQ(Buffered->SlotOffset, -1); // Holds capacity - 1.
  const model::ChannelType *Msd = model::findChannelType("::msd::channel");
  ASSERT_NE(Msd, nullptr);
  EXPECT_TRUE(Msd->ZeroIsUnbounded);
  EXPECT_EQ(model::findChannelFactory("golang::makechan"),
            model::findChannelType("golang::chan"));
  EXPECT_EQ(model::findChannelOperation("asio", "close")->Releases,
            model::SenderRelease::LaterSends);
}

TEST(ChannelAccountingTest, EarlyReturnAfterOneReceive) {
  test::TestAST AST(std::string(ChannelPrelude) + R"cpp(
    int f() {
      Chan c;
      for (int i = 0; i < 3; ++i)
        std::thread([&c, i] { c.send(i); }).detach();
      int v = c.recv();
      if (v < 0)
        return v;
      return c.recv() + c.recv();
    })cpp");
  std::optional<UnreceivedSends> R = analyze(AST, "f", "c");
  ASSERT_TRUE(R);
  EXPECT_TRUE(R->Sent.Known);
  EXPECT_EQ(R->Sent.N, 3u);
  EXPECT_EQ(R->Received, 1u);
  EXPECT_EQ(R->Slots, 0u);
  ASSERT_NE(R->Exit, nullptr);
  EXPECT_TRUE(isa<ReturnStmt>(R->Exit));
  EXPECT_EQ(R->Sends.size(), 1u);
  EXPECT_EQ(R->SpawnerName, "std::thread");
}

TEST(ChannelAccountingTest, CapacityAbsorbsTheRest) {
  test::TestAST AST(std::string(ChannelPrelude) + R"cpp(
    int f() {
      Chan c(2);
      for (int i = 0; i < 3; ++i)
        std::thread([&c, i] { c.send(i); }).detach();
      return c.recv();
    }
    int g() {
      Chan c(1);
      for (int i = 0; i < 3; ++i)
        std::thread([&c, i] { c.send(i); }).detach();
      return c.recv();
    })cpp");
  EXPECT_FALSE(analyze(AST, "f", "c"));
  std::optional<UnreceivedSends> R = analyze(AST, "g", "c");
  ASSERT_TRUE(R);
  EXPECT_EQ(R->Slots, 1u);
  EXPECT_EQ(R->Received, 1u);
}

TEST(ChannelAccountingTest, UnknownCountNeedsTwo) {
  test::TestAST AST(std::string(ChannelPrelude) + R"cpp(
    int f(int n) {
      Chan c;
      for (int i = 0; i < n; ++i)
        std::thread([&c, i] { c.send(i); }).detach();
      return c.recv();
    })cpp");
  std::optional<UnreceivedSends> R = analyze(AST, "f", "c");
  ASSERT_TRUE(R);
  EXPECT_FALSE(R->Sent.Known);
}

TEST(ChannelAccountingTest, CloseAndUnknownUsesEndThePath) {
  test::TestAST AST(std::string(ChannelPrelude) + R"cpp(
    int closes() {
      Chan c;
      for (int i = 0; i < 3; ++i)
        std::thread([&c, i] { c.send(i); }).detach();
      int v = c.recv();
      c.close();
      return v;
    }
    int handsOver() {
      Chan c;
      for (int i = 0; i < 3; ++i)
        std::thread([&c, i] { c.send(i); }).detach();
      use(c);
      return 0;
    })cpp");
  EXPECT_FALSE(analyze(AST, "closes", "c"));
  EXPECT_FALSE(analyze(AST, "handsOver", "c"));
}

TEST(ChannelAccountingTest, LoopEndingThroughItsConditionDrains) {
  test::TestAST AST(std::string(ChannelPrelude) + R"cpp(
    int drains(int n) {
      Chan c;
      for (int i = 0; i < n; ++i)
        std::thread([&c, i] { c.send(i); }).detach();
      int s = 0;
      for (int i = 0; i < n; ++i)
        s += c.recv();
      return s;
    }
    int breaks(int n) {
      Chan c;
      for (int i = 0; i < n; ++i)
        std::thread([&c, i] { c.send(i); }).detach();
      int s = 0;
      for (int i = 0; i < n; ++i) {
        s += c.recv();
        if (s > 10)
          break;
      }
      return s;
    })cpp");
  EXPECT_FALSE(analyze(AST, "drains", "c"));
  std::optional<UnreceivedSends> R = analyze(AST, "breaks", "c");
  ASSERT_TRUE(R);
  EXPECT_EQ(R->Received, 1u);
}

TEST(ChannelAccountingTest, ConditionalSendsAreNotCounted) {
  test::TestAST AST(std::string(ChannelPrelude) + R"cpp(
    int f() {
      Chan c;
      std::thread([&c] { if (failed()) c.send(1); }).detach();
      return 0;
    }
    int g() {
      Chan c;
      std::thread([&c] { for (int i = 0; i < 4; ++i) c.send(i); }).detach();
      return c.recv();
    })cpp");
  EXPECT_FALSE(analyze(AST, "f", "c"));
  std::optional<UnreceivedSends> R = analyze(AST, "g", "c");
  ASSERT_TRUE(R);
  EXPECT_EQ(R->Sent.N, 4u);
}

TEST(ChannelAccountingTest, SendsOnEveryPathOfTheTask) {
  test::TestAST AST(std::string(ChannelPrelude) + R"cpp(
    int mayQuit() {
      Chan c;
      std::thread([&c] { if (failed()) return; c.send(1); }).detach();
      return 0;
    }
    int eitherBranch() {
      Chan c;
      std::thread([&c] { if (failed()) c.send(0); else c.send(1); }).detach();
      return 0;
    })cpp");
  EXPECT_FALSE(analyze(AST, "mayQuit", "c"));
  std::optional<UnreceivedSends> R = analyze(AST, "eitherBranch", "c");
  ASSERT_TRUE(R);
  EXPECT_EQ(R->Sent.N, 1u);
  EXPECT_EQ(R->Sends.size(), 2u);
}

TEST(ChannelAccountingTest, ConstantTripCounts) {
  test::TestAST AST(R"cpp(
    namespace std {
    template <class E> class initializer_list {
      const E *b;
      decltype(sizeof(0)) n;
    public:
      const E *begin() const;
      const E *end() const;
    };
    }
    const int N = 5;
    void f(int n) {
      for (int i = 0; i < 10; ++i) {}
      for (int i = 1; i <= N; ++i) {}
      for (int i = 0; i < n; ++i) {}
      int a[3];
      for (int x : a) {}
      for (int x : {1, 2}) {}
    })cpp");
  const FunctionDecl *F = AST.function("f");
  ASSERT_NE(F, nullptr);
  std::vector<std::optional<uint64_t>> Counts;
  for (const Stmt *S : cast<CompoundStmt>(F->getBody())->body())
    if (isa<ForStmt, CXXForRangeStmt>(S))
      Counts.push_back(constantTripCount(*S, AST.context()));
  ASSERT_EQ(Counts.size(), 5u);
  EXPECT_EQ(Counts[0], 10u);
  EXPECT_EQ(Counts[1], 5u);
  EXPECT_FALSE(Counts[2]);
  EXPECT_EQ(Counts[3], 3u);
  EXPECT_EQ(Counts[4], 2u);
}

} // namespace

TEST(ChannelAccountingTest, LoopBoundsDoNotGrowTheSearch) {
  // A spawn loop and a receive loop to INT_MAX: answered at once, with the
  // fewest receives on the early path.
  test::TestAST AST(std::string(ChannelPrelude) + R"cpp(
    int f() {
      Chan c(1);
      for (int i = 0; i < 2147483647; ++i)
        std::thread([&c, i] { c.send(i); }).detach();
      for (int i = 0; i < 2147483647; ++i)
        if (c.recv() < 0)
          return -1;
      return 0;
    }
    int g() {
      Chan c(1);
      for (int i = 0; i < 2147483647; ++i)
        for (int j = 0; j < 2147483647; ++j)
          for (int k = 0; k < 2147483647; ++k)
            std::thread([&c, i] { c.send(i); }).detach();
      for (;;)
        c.recv();
    })cpp");
  std::optional<UnreceivedSends> R = analyze(AST, "f", "c");
  ASSERT_TRUE(R);
  EXPECT_EQ(R->Sent.N, 2147483647u);
  EXPECT_EQ(R->Received, 1u);
  // The product of the trip counts saturates instead of wrapping.
  EXPECT_FALSE(analyze(AST, "g", "c"));
}

TEST(ChannelAccountingTest, DiamondsGiveALinearSearch) {
  // 200 if/else diamonds, one arm receiving: each (block, key) once.
  std::string Code = std::string(ChannelPrelude) +
                     "int f() {\n  Chan c;\n"
                     "  for (int i = 0; i < 1000; ++i)\n"
                     "    std::thread([&c, i] { c.send(i); }).detach();\n";
  for (int I = 0; I < 200; ++I)
    Code += "  if (failed()) c.recv(); else work();\n";
  Code += "  return 0;\n}\n";
  test::TestAST AST(Code);
  std::optional<UnreceivedSends> R = analyze(AST, "f", "c");
  ASSERT_TRUE(R);
  EXPECT_EQ(R->Received, 0u); // The path that takes no receiving arm.

  // searchForwardLeastCost enters each block once for one key, whatever
  // the costs.
  const FunctionDecl *F = AST.function("f");
  CFG::BuildOptions BO;
  std::unique_ptr<CFG> Graph =
      CFG::buildCFG(F, const_cast<Stmt *>(F->getBody()), &AST.context(), BO);
  ASSERT_TRUE(Graph);
  struct State {
    unsigned Cost = 0;
    int key() const { return 0; }
    uint64_t cost() const { return Cost; }
  };
  struct Visitor {
    unsigned Entries = 0;
    PathStep element(const CFGBlock &, unsigned, State &) {
      return PathStep::Continue;
    }
    PathStep terminator(const CFGBlock &, State &) {
      ++Entries;
      return PathStep::Continue;
    }
    // Every second edge costs one more: 2^200 distinct path costs.
    bool edge(const CFGBlock &, unsigned Succ, State &S) {
      S.Cost += Succ;
      return true;
    }
  } V;
  std::pair<CFGPoint, State> Start{CFGPoint{&Graph->getEntry(), 0}, State{}};
  searchForwardLeastCost<State>(llvm::ArrayRef(Start), V);
  EXPECT_LE(V.Entries, Graph->size());
}

TEST(ChannelAccountingTest, ConsumerThatStopsBlocksTheCreator) {
  test::TestAST AST(std::string(ChannelPrelude) + R"cpp(
    bool ok(int);
    void f() {
      Chan c(1);
      std::thread t([&c] {
        for (;;)
          if (!ok(c.recv()))
            return;
      });
      for (int i = 0; i < 4; ++i)
        c.send(i);
      t.join();
    }
    void sentinel() {
      Chan c(1);
      std::thread t([&c] {
        for (;;) {
          int v = c.recv();
          if (v < 0)
            return;
        }
      });
      for (int i = 0; i < 4; ++i)
        c.send(i);
      c.send(-1);
      t.join();
    })cpp");
  const FunctionDecl *F = AST.function("f");
  const VarDecl *C = AST.local("f", "c");
  ASSERT_TRUE(F && C);
  std::optional<UnreceivedSends> R =
      findAbandonedSends(*C, *F, AST.context(), vocabulary(), {});
  ASSERT_TRUE(R);
  EXPECT_TRUE(R->Sent.Known);
  EXPECT_EQ(R->Sent.N, 4u);
  EXPECT_EQ(R->Received, 1u);
  EXPECT_NE(R->Consumer, nullptr);
  const FunctionDecl *S = AST.function("sentinel");
  const VarDecl *SC = AST.local("sentinel", "c");
  ASSERT_TRUE(S && SC);
  EXPECT_FALSE(findAbandonedSends(*SC, *S, AST.context(), vocabulary(), {}));
}
