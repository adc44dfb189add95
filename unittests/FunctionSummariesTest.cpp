//===--- FunctionSummariesTest.cpp - Lock shapes from function bodies -----===//

#include "conctidy/Analysis/FunctionSummaries.h"
#include "TestAST.h"
#include "clang/AST/DeclTemplate.h"
#include "llvm/ADT/StringExtras.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace conctidy;

namespace {

const char *Prelude = R"cpp(
namespace std {
struct mutex { void lock(); void unlock(); bool try_lock(); };
template <class M> struct lock_guard {
  explicit lock_guard(M &); ~lock_guard();
};
template <class M> struct unique_lock {
  explicit unique_lock(M &); unique_lock(unique_lock &&); ~unique_lock();
  void lock(); void unlock();
};
}
typedef struct { int x; } pthread_mutex_t;
int pthread_mutex_lock(pthread_mutex_t *);
int pthread_mutex_unlock(pthread_mutex_t *);
)cpp";

class Shapes {
public:
  explicit Shapes(const std::string &Code)
      : AST(std::string(Prelude) + Code), Sums(AST.context()) {}

  const CXXRecordDecl *record(StringRef Name) {
    return AST.find<CXXRecordDecl>(cxxRecordDecl(hasName(Name), isDefinition()));
  }
  bool lockable(StringRef Name) {
    const CXXRecordDecl *RD = record(Name);
    return RD && Sums.isLockableClass(*RD);
  }
  bool guard(StringRef Name) {
    const CXXRecordDecl *RD = record(Name);
    return RD && Sums.isGuardClass(*RD);
  }
  /// The locks \p Method of \p Class leaves held, as spelled.
  std::string acquires(StringRef Class, StringRef Method) {
    const auto *M = AST.find<CXXMethodDecl>(
        cxxMethodDecl(hasName(Method), ofClass(hasName(Class)), isDefinition()));
    if (!M)
      return "<none>";
    std::string Out;
    for (const HeldLock &H : Sums.locks(*M).Acquires)
      Out += (Out.empty() ? "" : " ") + H.Path.spelling();
    return Out;
  }

  /// Whether the function \p Name is run only under a mutex.
  bool runsUnderLock(StringRef Name) {
    const FunctionDecl *F = AST.function(Name);
    return F && Sums.runsUnderLock(*F);
  }

  /// The unit's functions (FunctionSummaries::unitFunctions), as
  /// "Class::name" or "name", in order.
  std::string unitFunctions() {
    std::string Out;
    for (const FunctionDecl *F : Sums.unitFunctions()) {
      const auto *M = dyn_cast<CXXMethodDecl>(F);
      std::string Name =
          M && M->getParent()->isLambda() ? "lambda" : F->getNameAsString();
      if (M && !M->getParent()->isLambda())
        Name = M->getParent()->getNameAsString() + "::" + Name;
      Out += (Out.empty() ? "" : " ") + Name;
    }
    return Out;
  }
  /// The visible overriders of \p Class::\p Method, as "Class" names and
  /// whether each is a template instantiation ("<>"), sorted.
  std::string overriders(StringRef Class, StringRef Method) {
    const auto *M = AST.find<CXXMethodDecl>(
        cxxMethodDecl(hasName(Method), ofClass(hasName(Class))));
    if (!M)
      return "<none>";
    std::vector<std::string> Names;
    for (const CXXMethodDecl *O : Sums.overriders(*M))
      Names.push_back(
          O->getParent()->getNameAsString() +
          (isa<ClassTemplateSpecializationDecl>(O->getParent()) ? "<>" : ""));
    llvm::sort(Names);
    return llvm::join(Names, " ");
  }

private:
  test::TestAST AST;
  FunctionSummaries Sums;
};

TEST(FunctionSummariesTest, UnitFunctionsAndOverridersFromDeclarations) {
  // Both lists come from walks over declarations: a local class is
  // reached through its function, a lambda at namespace scope through its
  // variable; templates count as written (their instantiations are
  // analyzed through their callers), except for overriders, where an
  // instantiation is a class of its own.
  Shapes S(R"cpp(
    struct Base { virtual void run(); };
    void outer() {
      struct Local : Base { void run() override {} };
      Local L;
      L.run();
      auto Inner = [] { return 2; };
    }
    template <class T> struct Tmpl : Base { void run() override {} };
    Tmpl<int> Inst;
    auto Callback = [] { return 1; };
    template <class T> void generic(T) {}
    void user() { generic(1); Inst.run(); }
  )cpp");
  EXPECT_EQ(S.unitFunctions(), "outer Local::run lambda user");
  EXPECT_EQ(S.overriders("Base", "run"), "Local Tmpl Tmpl<>");
}

TEST(FunctionSummariesTest, WrapperOfAMutexIsALockable) {
  Shapes S(R"cpp(
    class Mutex {
    public:
      void Lock() { mu_.lock(); }
      void Unlock() { mu_.unlock(); }
    private:
      std::mutex mu_;
    };
    class Wrapped {
    public:
      void lock() { inner_.Lock(); }
      void unlock() { inner_.Unlock(); }
    private:
      Mutex inner_;
    };
    class Pthread {
    public:
      void Acquire() { pthread_mutex_lock(&m_); }
      void Release() { pthread_mutex_unlock(&m_); }
    private:
      pthread_mutex_t m_;
    };)cpp");
  EXPECT_TRUE(S.lockable("Mutex"));
  EXPECT_EQ(S.acquires("Mutex", "Lock"), "mu_");
  // Wrapping to any depth; the lock is named by the outermost lockable.
  EXPECT_TRUE(S.lockable("Wrapped"));
  EXPECT_EQ(S.acquires("Wrapped", "lock"), "inner_");
  EXPECT_TRUE(S.lockable("Pthread"));
}

TEST(FunctionSummariesTest, NoLockableWithoutLockingBodies) {
  Shapes S(R"cpp(
    struct NullMutex { void lock() {} void unlock() {} };
    class OnlyLocks {
    public:
      void lock() { mu_.lock(); }
      void finish() { mu_.unlock(); }
    private:
      std::mutex mu_;
    };
    // Declarations only: the names decide.
    class External { public: void Lock(); void Unlock(); };
    class Unrelated { public: void open(); void close(); };)cpp");
  EXPECT_FALSE(S.lockable("NullMutex"));
  EXPECT_FALSE(S.lockable("OnlyLocks")); // No unlock spelling.
  EXPECT_TRUE(S.lockable("External"));
  EXPECT_FALSE(S.lockable("Unrelated"));
}

TEST(FunctionSummariesTest, GuardsByConstructorAndDestructor) {
  Shapes S(R"cpp(
    class Mutex {
    public:
      void Lock() { mu_.lock(); }
      void Unlock() { mu_.unlock(); }
    private:
      std::mutex mu_;
    };
    class MutexLock {
    public:
      explicit MutexLock(Mutex *mu) : mu_(mu) { mu_->Lock(); }
      ~MutexLock() { mu_->Unlock(); }
    private:
      Mutex *mu_;
    };
    class Derived : public std::lock_guard<std::mutex> {
    public:
      explicit Derived(std::mutex &m) : std::lock_guard<std::mutex>(m) {}
    };
    class Holder {
    public:
      explicit Holder(std::mutex &m) : l_(m) {}
    private:
      std::unique_lock<std::mutex> l_;
    };
    // Locks but never unlocks: no guard.
    class Leaky {
    public:
      explicit Leaky(Mutex *mu) : mu_(mu) { mu_->Lock(); }
    private:
      Mutex *mu_;
    };
    // Let go of by a member, while its destructor only checks.
    class ArenaLock {
    public:
      explicit ArenaLock(Mutex *mu) : mu_(mu) { mu_->Lock(); }
      ~ArenaLock() { check(left_); }
      void Leave() { mu_->Unlock(); left_ = true; }
    private:
      static void check(bool);
      bool left_ = false;
      Mutex *mu_;
    };
    // A guard known by its declaration only.
    class AutoLock {
    public:
      explicit AutoLock(Mutex &m);
      ~AutoLock();
    };)cpp");
  EXPECT_TRUE(S.guard("MutexLock"));
  EXPECT_FALSE(S.lockable("MutexLock"));
  EXPECT_TRUE(S.guard("Derived"));
  EXPECT_TRUE(S.guard("Holder"));
  EXPECT_FALSE(S.guard("Leaky"));
  EXPECT_TRUE(S.guard("ArenaLock"));
  EXPECT_TRUE(S.guard("AutoLock"));
  EXPECT_FALSE(S.guard("Mutex"));
}

TEST(FunctionSummariesTest, RecursionTerminates) {
  Shapes S(R"cpp(
    class Loop {
    public:
      void Lock() { if (n_) Lock(); mu_.lock(); }
      void Unlock() { Unlock2(); }
      void Unlock2() { if (n_) Unlock(); mu_.unlock(); }
    private:
      int n_ = 0;
      std::mutex mu_;
    };)cpp");
  EXPECT_TRUE(S.lockable("Loop"));
}

TEST(FunctionSummariesTest, FunctionsGivenToAConditionRunUnderTheLock) {
  Shapes S(R"cpp(
    namespace absl {
    struct Condition {
      Condition(bool (*)(void *), void *);
      template <class T> Condition(T *, bool (T::*)());
    };
    struct Mutex {
      void Await(const Condition &);
      void EnableInvariantDebugging(void (*)(void *), void *);
    };
    }
    struct Q {
      bool ready() { return true; }
      bool other() { return true; }
      void wait(absl::Mutex &M) { M.Await(absl::Condition(this, &Q::ready)); }
    };
    bool flag(void *) { return true; }
    void invariant(void *) {}
    void unrelated(void *) {}
    void enable(absl::Mutex &M, void (*Check)(void *)) {
      M.EnableInvariantDebugging(Check, nullptr);
    }
    void setup(absl::Mutex &M) {
      M.Await(absl::Condition(&flag, nullptr));
      enable(M, invariant);
      unrelated(nullptr);
    })cpp");
  EXPECT_TRUE(S.runsUnderLock("ready"));
  EXPECT_TRUE(S.runsUnderLock("flag"));
  // Through the parameter of enable().
  EXPECT_TRUE(S.runsUnderLock("invariant"));
  EXPECT_FALSE(S.runsUnderLock("other"));
  EXPECT_FALSE(S.runsUnderLock("unrelated"));
  EXPECT_FALSE(S.runsUnderLock("setup"));
}

} // namespace
