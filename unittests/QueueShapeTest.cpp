//===--- QueueShapeTest.cpp - Bounded blocking queues by shape ------------===//

#include "conctidy/Analysis/QueueShape.h"
#include "TestAST.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace conctidy;
using model::ChannelOp;

namespace {

/// Enough of <mutex>, <condition_variable> and a container.
const char *Prelude = R"cpp(
  namespace std {
  using size_t = decltype(sizeof 0);
  struct mutex {};
  template <class M> struct unique_lock { unique_lock(M &); };
  template <class M> struct lock_guard { lock_guard(M &); };
  struct condition_variable {
    void wait(unique_lock<mutex> &);
    template <class P> void wait(unique_lock<mutex> &, P);
    template <class D, class P> bool wait_for(unique_lock<mutex> &, D, P);
    void notify_one();
    void notify_all();
  };
  template <class T> struct deque {
    size_t size() const;
    bool empty() const;
    void push_back(T);
    void pop_front();
    T &front();
  };
  }
)cpp";

std::optional<QueueShape> shapeOf(test::TestAST &AST, StringRef Class) {
  const auto *RD =
      AST.find<CXXRecordDecl>(cxxRecordDecl(hasName(Class), isDefinition()));
  if (!RD) {
    ADD_FAILURE() << "no class " << Class.str();
    return std::nullopt;
  }
  return recognizeQueueShape(*RD);
}

std::optional<ChannelOp> opOf(const QueueShape &S, StringRef Name) {
  for (const auto &[N, Op] : S.Operations)
    if (N == Name)
      return Op;
  return std::nullopt;
}

TEST(QueueShapeTest, PredicateLambdaAndConstructorCapacity) {
  test::TestAST AST(std::string(Prelude) + R"cpp(
    template <class T> class Q {
    public:
      explicit Q(std::size_t Cap) : Cap(Cap) {}
      void push(T V) {
        std::unique_lock<std::mutex> L(M);
        NotFull.wait(L, [this] { return Items.size() < Cap || Done; });
        Items.push_back(V);
      }
      bool try_push(T V) { Items.push_back(V); return true; }
      bool pop(T &Out) {
        std::unique_lock<std::mutex> L(M);
        NotEmpty.wait(L, [this] { return !Items.empty() || Done; });
        Out = Items.front();
        Items.pop_front();
        return true;
      }
      void close() {
        std::lock_guard<std::mutex> L(M);
        Done = true;
        NotFull.notify_all();
      }
    private:
      std::mutex M;
      std::condition_variable NotFull, NotEmpty;
      std::deque<T> Items;
      std::size_t Cap;
      bool Done = false;
    };
    Q<int> q(1);
  )cpp");
  std::optional<QueueShape> S = shapeOf(AST, "Q");
  ASSERT_TRUE(S);
  EXPECT_EQ(opOf(*S, "push"), ChannelOp::Send);
  EXPECT_EQ(opOf(*S, "try_push"), ChannelOp::TrySend);
  EXPECT_EQ(opOf(*S, "pop"), ChannelOp::Receive);
  EXPECT_EQ(opOf(*S, "close"), ChannelOp::Close);
  EXPECT_EQ(S->CloseReleases, model::SenderRelease::AllSends);
  EXPECT_EQ(S->Bound.From, QueueBound::Member);
  EXPECT_EQ(S->Bound.MemberName, "Cap");
  EXPECT_FALSE(S->Bound.ZeroIsUnbounded);
  EXPECT_NE(S->SendWait, nullptr);
}

TEST(QueueShapeTest, LoopWaitsSetterAndZeroUnbounded) {
  test::TestAST AST(std::string(Prelude) + R"cpp(
    class Box {
    public:
      void limit(std::size_t N) { Max = N; }
      void put(int V) {
        std::unique_lock<std::mutex> L(M);
        while (Max != 0 && Items.size() >= Max)
          Space.wait(L);
        Items.push_back(V);
      }
      int take() {
        std::unique_lock<std::mutex> L(M);
        while (Items.empty())
          Data.wait(L);
        int V = Items.front();
        Items.pop_front();
        return V;
      }
      void finish() { Stop = true; Space.notify_all(); }
    private:
      std::mutex M;
      std::condition_variable Space, Data;
      std::deque<int> Items;
      std::size_t Max = 0;
      bool Stop = false;
    };
  )cpp");
  std::optional<QueueShape> S = shapeOf(AST, "Box");
  ASSERT_TRUE(S);
  EXPECT_EQ(opOf(*S, "put"), ChannelOp::Send);
  EXPECT_EQ(opOf(*S, "take"), ChannelOp::Receive);
  EXPECT_EQ(S->Bound.Setter, "limit");
  EXPECT_TRUE(S->Bound.ZeroIsUnbounded);
  // finish() wakes the senders, but put()'s wait ignores its flag.
  EXPECT_EQ(opOf(*S, "finish"), ChannelOp::Close);
  EXPECT_EQ(S->CloseReleases, model::SenderRelease::None);
}

TEST(QueueShapeTest, TimedSendTemplateBoundAndNonQueues) {
  test::TestAST AST(std::string(Prelude) + R"cpp(
    template <class T, std::size_t N> class Ring {
    public:
      bool offer(T V, int Ms) {
        std::unique_lock<std::mutex> L(M);
        if (!C.wait_for(L, Ms, [this] { return Items.size() != N; }))
          return false;
        Items.push_back(V);
        return true;
      }
      void push(T V) {
        std::unique_lock<std::mutex> L(M);
        C.wait(L, [this] { return Items.size() != N; });
        Items.push_back(V);
      }
      T pop() {
        std::unique_lock<std::mutex> L(M);
        C.wait(L, [this] { return Items.size() > 0; });
        T V = Items.front();
        Items.pop_front();
        return V;
      }
    private:
      std::mutex M;
      std::condition_variable C;
      std::deque<T> Items;
    };
    // Unbounded: the push never waits.
    class Jobs {
    public:
      void push(int V) { Items.push_back(V); C.notify_one(); }
      int pop() {
        std::unique_lock<std::mutex> L(M);
        C.wait(L, [this] { return !Items.empty(); });
        int V = Items.front();
        Items.pop_front();
        return V;
      }
    private:
      std::mutex M;
      std::condition_variable C;
      std::deque<int> Items;
    };
    // Waits, but on nothing that is a size against a bound.
    class Latch {
    public:
      void wait() {
        std::unique_lock<std::mutex> L(M);
        C.wait(L, [this] { return Open; });
      }
    private:
      std::mutex M;
      std::condition_variable C;
      bool Open = false;
    };
  )cpp");
  std::optional<QueueShape> S = shapeOf(AST, "Ring");
  ASSERT_TRUE(S);
  EXPECT_EQ(opOf(*S, "offer"), ChannelOp::TimedSend);
  EXPECT_EQ(opOf(*S, "push"), ChannelOp::Send);
  EXPECT_EQ(S->Bound.From, QueueBound::TemplateParam);
  EXPECT_EQ(S->Bound.TemplateParamIndex, 1u);
  EXPECT_FALSE(shapeOf(AST, "Jobs"));
  EXPECT_FALSE(shapeOf(AST, "Latch"));
}

} // namespace

namespace {

TEST(QueueShapeTest, SetterWithSeveralArguments) {
  // kmc's CSufWriteQueue: init(buffer size, max inside) sets the bound.
  test::TestAST AST(std::string(Prelude) + R"cpp(
    class Writes {
      unsigned Size, MaxInside;
      std::deque<int> Content;
      std::mutex M;
      std::condition_variable Pop, Push;
    public:
      void init(unsigned S, unsigned Max) { Size = S; MaxInside = Max; }
      void push(int V) {
        std::unique_lock<std::mutex> L(M);
        Push.wait(L, [this] { return Content.size() < MaxInside; });
        Content.push_back(V);
      }
      bool pop(int &V) {
        std::unique_lock<std::mutex> L(M);
        Pop.wait(L, [this] { return !Content.empty(); });
        V = Content.front();
        Content.pop_front();
        return true;
      }
    };
  )cpp");
  std::optional<QueueShape> S = shapeOf(AST, "Writes");
  ASSERT_TRUE(S);
  EXPECT_EQ(S->Bound.MemberName, "MaxInside");
  EXPECT_EQ(S->Bound.Setter, "init");
  EXPECT_EQ(S->Bound.SetterArg, 1u);
}

} // namespace
