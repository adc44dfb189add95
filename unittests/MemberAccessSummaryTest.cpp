//===--- MemberAccessSummaryTest.cpp - The members a function reaches -----===//

#include "conctidy/Analysis/MemberAccessSummary.h"
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
struct Table {
  int Rows;
  const int Fixed = 1;
  void put() { Rows = 1; }
  int get() const { return Rows; }
};
)cpp";

struct Fixture {
  explicit Fixture(const std::string &Code)
      : AST(std::string(Prelude) + Code), Sums(AST.context()),
        Table(Sums.memberAccesses({})) {}

  /// "W T.Rows [Mu] via" for each access \p Function reaches: the kind, the
  /// data as the function names it, the locks held relative to its entry,
  /// and whether it is made through a call.
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
      Out += A.Access.Path.spelling() + " [";
      for (const HeldLock &H : A.Access.Held.held())
        Out += H.Path.spelling() + " ";
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
  MemberAccessTable &Table;
};

TEST(MemberAccessSummaryTest, AMemberObjectsAccessesAreTheOwners) {
  Fixture T(R"cpp(
    struct Owner {
      std::mutex Mu;
      Table T;
      void add() { std::lock_guard<std::mutex> G(Mu); T.put(); }
      int read() { return T.get(); }
    };
  )cpp");
  EXPECT_EQ(T.of("add"), "W T.Rows [Mu ] via; W T [Mu ]; ");
  EXPECT_EQ(T.of("read"), "R T.Rows [] via; R T []; ");
}

TEST(MemberAccessSummaryTest, APointerParameterIsTheCallersObject) {
  Fixture T(R"cpp(
    struct Stats { std::mutex Mu; int Hits; };
    void bump(Stats *S) { S->Hits++; }
    void leaf(Stats &S) { bump(&S); }
    void top(Stats *S) { std::lock_guard<std::mutex> G(S->Mu); leaf(*S); }
  )cpp");
  EXPECT_EQ(T.of("bump"), "W S->Hits []; ");
  EXPECT_EQ(T.of("top"), "W S->Hits [S->Mu ] via; ");
}

TEST(MemberAccessSummaryTest, CopiesAndConstantsAreNotShared) {
  Fixture T(R"cpp(
    int byValue(Table T) { return T.Rows; }
    int local() { Table T; T.put(); return T.Rows + T.Fixed; }
    struct Locked { std::mutex Mu; int Rows; };
    int escaping(Locked **Out) { static Table S; Locked T; *Out = &T; return T.Rows + S.Rows; }
  )cpp");
  EXPECT_EQ(T.of("byValue"), "");
  EXPECT_EQ(T.of("local"), "");
  EXPECT_EQ(T.of("escaping"), "R T.Rows []; R S.Rows []; ");
}

TEST(MemberAccessSummaryTest, LockFreeLocalObjectsAreNotKept) {
  // A local object no caller can name, of a class without a lock: no
  // class's analysis reads its records (objectPrefix), so the summary and
  // its callers' do not carry them. One with a lock is kept.
  Fixture T(R"cpp(
    struct Guarded { std::mutex Mu; int Count; void bump() { Count++; } };
    Table *Shared(); Guarded *SharedGuarded();
    int plain() { Table *P = Shared(); P->put(); return P->Rows; }
    void guarded() { Guarded *G = SharedGuarded(); G->bump(); G->Count = 0; }
    void caller() { guarded(); plain(); }
  )cpp");
  EXPECT_EQ(T.of("plain"), "");
  EXPECT_EQ(T.of("guarded"), "W G->Count [] via; W G->Count []; ");
  EXPECT_EQ(T.of("caller"), "W G->Count [] via; W G->Count [] via; ");
}

TEST(MemberAccessSummaryTest, RecursionSettles) {
  Fixture T(R"cpp(
    struct Walker {
      int Depth;
      void down(int N) { Depth = N; if (N) up(N - 1); }
      void up(int N) { if (N) down(N - 1); }
    };
  )cpp");
  EXPECT_EQ(T.of("up"), "W Depth [] via; ");
  EXPECT_EQ(T.of("down"), "W Depth []; ");
}

TEST(MemberAccessSummaryTest,
     DependentCallsThroughThisRunTheMembersOfThatName) {
  Fixture T(R"cpp(
    template <class T> struct Queue {
      std::mutex Mu;
      int Size;
      void grow(T V) { Size++; }
      void push(T V) { std::lock_guard<std::mutex> G(Mu); grow(V); }
    };
  )cpp");
  EXPECT_EQ(T.of("grow"), "W Size []; ");
  EXPECT_EQ(T.of("push"), "W Size [Mu ] via; ");
}

TEST(MemberAccessSummaryTest, SpawnedLambdasKeepTheirOwnLocks) {
  Fixture T(R"cpp(
    namespace std { struct thread { template <class F> explicit thread(F f); }; }
    struct Pool {
      std::mutex Mu;
      Table T;
      void start() {
        std::lock_guard<std::mutex> G(Mu);
        std::thread W([this] { T.put(); });
      }
    };
  )cpp");
  EXPECT_EQ(T.of("start"), "W T.Rows [] via spawned; W T [] spawned; ");
}

} // namespace
