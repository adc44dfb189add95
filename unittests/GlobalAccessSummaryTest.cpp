//===--- GlobalAccessSummaryTest.cpp - The globals a function reaches -----===//

#include "conctidy/Analysis/GlobalAccessSummary.h"
#include "TestAST.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace conctidy;

namespace {

const char *Prelude = R"cpp(
namespace std {
struct mutex { void lock(); void unlock(); };
template <class M> struct lock_guard { explicit lock_guard(M &); ~lock_guard(); };
}
std::mutex Mu, Other;
int Count;
const int Limit = 3;
)cpp";

struct Fixture {
  explicit Fixture(const std::string &Code)
      : AST(std::string(Prelude) + Code), Sums(AST.context()),
        Table(Sums.globalAccesses({})) {}

  /// "W Count [Mu] via" for each access \p Function reaches: the kind, the
  /// variable, the locks held relative to its entry, `-Mu` for a lock it
  /// releases, and whether it is made through a call.
  std::string of(StringRef Function) {
    const auto *F =
        AST.find<FunctionDecl>(functionDecl(hasName(Function), isDefinition()));
    if (!F) {
      ADD_FAILURE() << "no " << Function.str();
      return "";
    }
    std::string Out;
    for (const SummaryAccess &A : Table.of(*F).Accesses) {
      Out += A.Access.Access == model::AccessKind::Write ? "W " : "R ";
      Out += A.Access.Target->getName().str() + " [";
      for (const HeldLock &H : A.Access.Held.held())
        Out += H.Path.spelling() + " ";
      for (const LockPath &P : A.Access.Held.released())
        Out += "-" + P.spelling() + " ";
      Out += "]";
      if (A.Via)
        Out += " via";
      if (A.Access.Spawned)
        Out += " spawned";
      Out += "; ";
    }
    return Out;
  }

  test::TestAST AST;
  FunctionSummaries Sums;
  GlobalAccessTable &Table;
};

TEST(GlobalAccessSummaryTest, OwnAccessesHoldTheLocksTakenSinceEntry) {
  Fixture T(R"cpp(
    void f() { Count = 1; std::lock_guard<std::mutex> G(Mu); Count++; (void)Limit; }
  )cpp");
  EXPECT_EQ(T.of("f"), "W Count []; W Count [Mu ]; ");
}

TEST(GlobalAccessSummaryTest, CallersAddTheirLocksAtAnyDepth) {
  Fixture T(R"cpp(
    void leaf() { Count = 1; }
    void middle() { leaf(); }
    void top() { std::lock_guard<std::mutex> G(Mu); middle(); }
  )cpp");
  EXPECT_EQ(T.of("middle"), "W Count [] via; ");
  EXPECT_EQ(T.of("top"), "W Count [Mu ] via; ");
}

TEST(GlobalAccessSummaryTest, ACalleeThatReleasesTheCallersLock) {
  Fixture T(R"cpp(
    void dropAndWrite() { Mu.unlock(); Count = 1; Mu.lock(); }
    void caller() { Mu.lock(); dropAndWrite(); Mu.unlock(); }
  )cpp");
  EXPECT_EQ(T.of("dropAndWrite"), "W Count [-Mu ]; ");
  EXPECT_EQ(T.of("caller"), "W Count [] via; ");
}

TEST(GlobalAccessSummaryTest, SpawnedLambdasKeepTheirOwnLocks) {
  Fixture T(R"cpp(
    void write() { Count = 2; }
    void f() {
      std::lock_guard<std::mutex> G(Mu);
      std::thread([] { write(); }).detach();
    }
    void g() { std::lock_guard<std::mutex> G(Other); f(); }
  )cpp");
  EXPECT_EQ(T.of("f"), "W Count [] via spawned; ");
  EXPECT_EQ(T.of("g"), "W Count [] via spawned; ");
}

TEST(GlobalAccessSummaryTest, RecursionSettles) {
  Fixture T(R"cpp(
    void ping(int N);
    void pong(int N) { Count = N; if (N) ping(N - 1); }
    void ping(int N) { std::lock_guard<std::mutex> G(Mu); pong(N); }
  )cpp");
  EXPECT_EQ(T.of("ping"), "W Count [Mu ] via; ");
}

TEST(GlobalAccessSummaryTest, UnknownCalleesAddNothing) {
  Fixture T(R"cpp(
    void declared();
    void f(void (*P)()) { declared(); P(); }
  )cpp");
  EXPECT_EQ(T.of("f"), "");
}

TEST(GlobalAccessSummaryTest, VirtualCallsRunTheirVisibleOverriders) {
  Fixture T(R"cpp(
    int Other2;
    struct Base { virtual void run() { Count = 1; } };
    struct Derived : Base { void run() override { Other2 = 2; } };
    void f(Base &B) { B.run(); }
    void g(Base &B) { B.Base::run(); }
  )cpp");
  EXPECT_EQ(T.of("f"), "W Count [] via; W Other2 [] via; ");
  EXPECT_EQ(T.of("g"), "W Count [] via; ");
}

} // namespace
