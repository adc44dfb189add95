//===--- SharedAccessTest.cpp - Shared accesses and their guards ----------===//

#include "conctidy/Analysis/SharedAccess.h"
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
template <class K, class V> struct map {
  V &operator[](const K &);
  int count(const K &) const;
  int *find(const K &);
  void erase(const K &);
  int *begin(); int *end();
};
template <class F> void call_once(int &, F);
template <class T> struct function { template <class F> function(F); };

}
)cpp";

struct Fixture {
  explicit Fixture(const std::string &Code)
      : AST(std::string(Prelude) + Code) {}

  /// The accesses to member \p Field of class \p Class.
  std::vector<SharedAccess> accesses(StringRef Class, StringRef Field) {
    const auto *RD =
        AST.find<CXXRecordDecl>(cxxRecordDecl(hasName(Class), isDefinition()));
    const auto *F = AST.find<FieldDecl>(
        fieldDecl(hasName(Field), hasParent(cxxRecordDecl(hasName(Class)))));
    if (!RD || !F) {
      ADD_FAILURE() << "no " << Class.str() << "::" << Field.str();
      return {};
    }
    const FieldDecl *Fields[] = {F};
    return collectMemberAccesses(*RD, Fields, AST.context(), {});
  }

  test::TestAST AST;
};

/// "R+" for a read holding some lock, "W-" for a write holding none, ...
std::string summary(llvm::ArrayRef<SharedAccess> Accesses) {
  std::string Out;
  for (const SharedAccess &A : Accesses) {
    Out += A.Access == model::AccessKind::Write ? "W" : "R";
    Out += A.Held.held().empty() ? "-" : "+";
    if (!A.Concurrent)
      Out += "c";
    Out += " ";
  }
  return Out;
}

TEST(SharedAccessTest, ClassifiesReadsAndWrites) {
  Fixture T(R"cpp(
    struct C {
      std::map<int, int> M;
      void f(std::map<int, int> &Out) {
        M[1] = 2;
        (void)M.count(1);
        M.find(1);
        M.erase(1);
        for (auto &X : M) {}
        const auto &Alias = M;
        Out = M;
      }
    };)cpp");
  // [] writes, count and find read, erase writes, iterating with mutable
  // references writes, a const alias reads, copying from it reads.
  EXPECT_EQ(summary(T.accesses("C", "M")), "W- R- R- W- W- R- R- ");
}

TEST(SharedAccessTest, PrivateHelpersInheritTheirCallersLocks) {
  Fixture T(R"cpp(
    class C {
    public:
      void put() { std::lock_guard<std::mutex> L(Mu); helper(); }
      void put2() { Mu.lock(); helper(); Mu.unlock(); }
      void unlocked() { other(); }
      void locked() { std::lock_guard<std::mutex> L(Mu); other(); }
    private:
      void helper() { M[1] = 1; }
      void other() { M[2] = 2; }
      std::mutex Mu;
      std::map<int, int> M;
    };)cpp");
  EXPECT_EQ(summary(T.accesses("C", "M")), "W+ W- ");
}

TEST(SharedAccessTest, LambdasInPlaceInheritSpawnedOnesDoNot) {
  Fixture T(R"cpp(
    class C {
    public:
      void f() {
        std::lock_guard<std::mutex> L(Mu);
        [&] { M[1] = 1; }();
        std::function<void()> Later = [this] { M[2] = 2; };
        std::thread([this] { M[3] = 3; }).detach();
      }
    private:
      std::mutex Mu;
      std::map<int, int> M;
    };)cpp");
  EXPECT_EQ(summary(T.accesses("C", "M")), "W+ W- W- ");
}

TEST(SharedAccessTest, ConstructorsAndDestructorsAreNotConcurrent) {
  Fixture T(R"cpp(
    class C {
    public:
      C() { M[1] = 1; }
      ~C() { M.erase(1); }
    private:
      std::map<int, int> M;
    };)cpp");
  EXPECT_EQ(summary(T.accesses("C", "M")), "W-c W-c ");
}

TEST(SharedAccessTest, GuardIsTheMostHeldLock) {
  Fixture T(R"cpp(
    class C {
    public:
      void a() { std::lock_guard<std::mutex> L(A); M[1] = 1; }
      void b() { std::lock_guard<std::mutex> L(A); M[2] = 2; }
      void c() { std::lock_guard<std::mutex> L(B); M[3] = 3; }
    private:
      std::mutex A, B;
      std::map<int, int> M;
    };)cpp");
  std::vector<SharedAccess> Accesses = T.accesses("C", "M");
  std::optional<Guard> G = inferGuard(Accesses, std::nullopt);
  ASSERT_TRUE(G);
  EXPECT_EQ(G->Lock.spelling(), "A");
  EXPECT_FALSE(G->Annotated);
}

TEST(SharedAccessTest, NoLockNoGuard) {
  Fixture T(R"cpp(
    class C {
    public:
      void a() { M[1] = 1; }
    private:
      std::map<int, int> M;
    };)cpp");
  EXPECT_FALSE(inferGuard(T.accesses("C", "M"), std::nullopt));
}

} // namespace
