//===--- ChannelAccountingTest.cpp - Sends that no receive matches --------===//

#include "conctidy/Analysis/ChannelAccounting.h"
#include "TestAST.h"
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
