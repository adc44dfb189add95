//===--- LockSetTest.cpp - Which locks are held where ---------------------===//

#include "conctidy/Analysis/LockSet.h"
#include "TestAST.h"
#include "llvm/ADT/StringExtras.h"
#include "gtest/gtest.h"
#include <map>

using namespace clang;
using namespace clang::ast_matchers;
using namespace conctidy;

namespace {

const char *LockPrelude = R"cpp(
namespace std {
struct defer_lock_t {}; struct try_to_lock_t {}; struct adopt_lock_t {};
inline constexpr defer_lock_t defer_lock{};
inline constexpr try_to_lock_t try_to_lock{};
inline constexpr adopt_lock_t adopt_lock{};
struct mutex { void lock(); void unlock(); bool try_lock(); };
struct shared_mutex : mutex {
  void lock_shared(); void unlock_shared();
};
template <class M> struct lock_guard {
  explicit lock_guard(M &); lock_guard(M &, adopt_lock_t); ~lock_guard();
};
template <class M> struct unique_lock {
  explicit unique_lock(M &); unique_lock(M &, defer_lock_t);
  unique_lock(M &, try_to_lock_t); unique_lock(unique_lock &&);
  ~unique_lock();
  void lock(); void unlock(); bool owns_lock() const; M *release();
  explicit operator bool() const;
};
template <class M> struct shared_lock {
  explicit shared_lock(M &); ~shared_lock();
};
template <class... M> struct scoped_lock {
  explicit scoped_lock(M &...); ~scoped_lock();
};
template <class T> T &&move(T &);
template <class A, class B> void lock(A &, B &);
}
typedef struct { int x; } pthread_mutex_t;
int pthread_mutex_lock(pthread_mutex_t *);
int pthread_mutex_unlock(pthread_mutex_t *);
int pthread_mutex_trylock(pthread_mutex_t *);
void use(int);
bool cond();
)cpp";

/// A snippet whose function `f` marks interesting points with calls to
/// use(N); held(N) gives the locks held before the N-th point.
class LockSetFixture {
public:
  explicit LockSetFixture(const std::string &Code)
      : AST(std::string(LockPrelude) + Code) {
    const FunctionDecl *F = AST.function("f");
    if (!F) {
      ADD_FAILURE() << "no function f";
      return;
    }
    Analysis = std::make_unique<LockSetAnalysis>(*F, AST.context());
    auto Uses =
        match(findAll(callExpr(callee(functionDecl(hasName("use"))),
                               hasArgument(0, integerLiteral().bind("n")))
                          .bind("use")),
              *F->getBody(), AST.context());
    for (const BoundNodes &N : Uses)
      Points[N.getNodeAs<IntegerLiteral>("n")->getValue().getZExtValue()] =
          N.getNodeAs<CallExpr>("use");
  }

  /// The spellings of the locks held at point \p N, "mode:name" joined by
  /// spaces ("x:Mu s:Rw"); "unreachable" when there is no state.
  std::string held(unsigned N) {
    const LockState *S = Analysis ? Analysis->before(Points[N]) : nullptr;
    if (!S)
      return "unreachable";
    std::vector<std::string> Locks;
    for (const HeldLock &H : S->held())
      Locks.push_back((H.Mode == model::LockMode::Shared ? "s:" : "x:") +
                      H.Path.spelling());
    llvm::sort(Locks);
    return llvm::join(Locks, " ");
  }

  /// The locks released without being taken at point \p N, by name.
  std::string released(unsigned N) {
    const LockState *S = Analysis ? Analysis->before(Points[N]) : nullptr;
    if (!S)
      return "unreachable";
    std::vector<std::string> Locks;
    for (const LockPath &P : S->released())
      Locks.push_back(P.spelling());
    return llvm::join(Locks, " ");
  }

private:
  test::TestAST AST;
  std::unique_ptr<LockSetAnalysis> Analysis;
  std::map<unsigned, const Stmt *> Points;
};

TEST(LockSetTest, DirectLockAndUnlock) {
  LockSetFixture T(R"cpp(
    std::mutex Mu;
    void f() {
      use(0);
      Mu.lock();
      use(1);
      Mu.unlock();
      use(2);
    })cpp");
  EXPECT_EQ(T.held(0), "");
  EXPECT_EQ(T.held(1), "x:Mu");
  EXPECT_EQ(T.held(2), "");
}

TEST(LockSetTest, AnAssertedLockIsHeldSinceEntry) {
  LockSetFixture T(R"cpp(
    struct Mutex { void Lock(); void Unlock(); void AssertHeld(); };
    Mutex Mu;
    void f() {
      Mu.AssertHeld();
      use(0);
      Mu.Unlock();
      use(1);
      Mu.Lock();
      use(2);
      Mu.Unlock();
      use(3);
    })cpp");
  EXPECT_EQ(T.held(0), "x:Mu");
  EXPECT_EQ(T.released(0), "");
  // Released from what the caller held, as an unlock() wrapper would be.
  EXPECT_EQ(T.held(1), "");
  EXPECT_EQ(T.released(1), "Mu");
  EXPECT_EQ(T.held(2), "x:Mu");
  EXPECT_EQ(T.released(3), "Mu");
}

TEST(LockSetTest, GuardsReleaseAtScopeEnd) {
  LockSetFixture T(R"cpp(
    std::mutex Mu;
    void f() {
      {
        std::lock_guard<std::mutex> G(Mu);
        use(0);
      }
      use(1);
    })cpp");
  EXPECT_EQ(T.held(0), "x:Mu");
  EXPECT_EQ(T.held(1), "");
}

TEST(LockSetTest, MustAnalysisIntersectsAtJoins) {
  LockSetFixture T(R"cpp(
    std::mutex Mu;
    void f() {
      if (cond())
        Mu.lock();
      use(0);
    })cpp");
  EXPECT_EQ(T.held(0), "");
}

// The runtimes' guards are capabilities: pseudo-locks held per path.
TEST(LockSetTest, RuntimeGuardsAreCapabilities) {
  LockSetFixture T(R"cpp(
    struct PyThreadState;
    extern "C" PyThreadState *PyEval_SaveThread();
    extern "C" void PyEval_RestoreThread(PyThreadState *);
    namespace v8 {
    struct Isolate;
    struct Locker { explicit Locker(Isolate *); ~Locker(); };
    struct Unlocker { explicit Unlocker(Isolate *); ~Unlocker(); };
    }
    void f(v8::Isolate *I) {
      PyThreadState *S = PyEval_SaveThread();
      use(0);
      if (cond())
        PyEval_RestoreThread(S);
      use(1);
      PyEval_RestoreThread(S);
      use(2);
      {
        v8::Locker L(I);
        use(3);
        {
          v8::Unlocker U(I);
          use(4);
        }
        use(5);
      }
      use(6);
    })cpp");
  EXPECT_EQ(T.held(0), "");
  EXPECT_EQ(T.held(1), "");
  EXPECT_EQ(T.held(2), "x:GIL");
  EXPECT_EQ(T.held(3), "x:GIL x:v8::Locker");
  EXPECT_EQ(T.held(4), "x:GIL");
  EXPECT_EQ(T.held(5), "x:GIL x:v8::Locker");
  EXPECT_EQ(T.held(6), "x:GIL");
}

// A v8::Locker is the capability of its isolate: two isolates are two
// pseudo-locks, and an Unlocker gives back only its own; one for an isolate
// the analysis cannot name gives back all.
TEST(LockSetTest, RuntimeGuardsPerObject) {
  LockSetFixture T(R"cpp(
    namespace v8 {
    struct Isolate { static Isolate *GetCurrent(); };
    struct Locker { explicit Locker(Isolate *); ~Locker(); };
    struct Unlocker { explicit Unlocker(Isolate *); ~Unlocker(); };
    }
    void f(v8::Isolate *I, v8::Isolate *J) {
      v8::Locker L(I);
      v8::Locker M(J);
      use(0);
      {
        v8::Unlocker U(J);
        use(1);
      }
      use(2);
      {
        v8::Unlocker U(v8::Isolate::GetCurrent());
        use(3);
      }
      use(4);
    })cpp");
  EXPECT_EQ(T.held(0), "x:v8::Locker x:v8::Locker");
  EXPECT_EQ(T.held(1), "x:v8::Locker");
  EXPECT_EQ(T.held(2), "x:v8::Locker x:v8::Locker");
  EXPECT_EQ(T.held(3), "");
  EXPECT_EQ(T.held(4), "x:v8::Locker x:v8::Locker");
}

TEST(LockSetTest, UniqueLockOperations) {
  LockSetFixture T(R"cpp(
    std::mutex Mu;
    void f() {
      std::unique_lock<std::mutex> L(Mu, std::defer_lock);
      use(0);
      L.lock();
      use(1);
      L.unlock();
      use(2);
      std::unique_lock<std::mutex> L2(Mu);
      std::unique_lock<std::mutex> L3(std::move(L2));
      use(3);
      L3.release();
      use(4);
    })cpp");
  EXPECT_EQ(T.held(0), "");
  EXPECT_EQ(T.held(1), "x:Mu");
  EXPECT_EQ(T.held(2), "");
  EXPECT_EQ(T.held(3), "x:Mu");
  // release() leaves the mutex locked, no longer managed.
  EXPECT_EQ(T.held(4), "x:Mu");
}

TEST(LockSetTest, TryLockIsBranchSensitive) {
  LockSetFixture T(R"cpp(
    std::mutex Mu;
    pthread_mutex_t PM;
    void f() {
      if (Mu.try_lock()) {
        use(0);
        Mu.unlock();
      } else {
        use(1);
      }
      std::unique_lock<std::mutex> L(Mu, std::try_to_lock);
      if (!L.owns_lock())
        return;
      use(2);
      if (pthread_mutex_trylock(&PM) == 0)
        use(3);
      else
        use(4);
    })cpp");
  EXPECT_EQ(T.held(0), "x:Mu");
  EXPECT_EQ(T.held(1), "");
  EXPECT_EQ(T.held(2), "x:Mu");
  EXPECT_EQ(T.held(3), "x:Mu x:PM");
  EXPECT_EQ(T.held(4), "x:Mu");
}

TEST(LockSetTest, SharedModeAndSeveralMutexes) {
  LockSetFixture T(R"cpp(
    std::shared_mutex Rw;
    std::mutex A, B;
    void f() {
      {
        std::shared_lock<std::shared_mutex> R(Rw);
        use(0);
      }
      {
        std::scoped_lock<std::mutex, std::mutex> Both(A, B);
        use(1);
      }
      std::lock(A, B);
      std::lock_guard<std::mutex> GA(A, std::adopt_lock);
      use(2);
    })cpp");
  EXPECT_EQ(T.held(0), "s:Rw");
  EXPECT_EQ(T.held(1), "x:A x:B");
  EXPECT_EQ(T.held(2), "x:A x:B");
}

TEST(LockSetTest, PthreadAndMembersThroughObjects) {
  LockSetFixture T(R"cpp(
    struct Table { std::mutex Mu; pthread_mutex_t PM; };
    void f(Table &Mine, Table &Other) {
      pthread_mutex_lock(&Mine.PM);
      std::lock_guard<std::mutex> G(Other.Mu);
      use(0);
      pthread_mutex_unlock(&Mine.PM);
      use(1);
    })cpp");
  EXPECT_EQ(T.held(0), "x:Mine.PM x:Other.Mu");
  EXPECT_EQ(T.held(1), "x:Other.Mu");
}

TEST(LockSetTest, ThreadSafetyAttributes) {
  LockSetFixture T(R"cpp(
    struct __attribute__((capability("mutex"))) Lock {
      void Acquire() __attribute__((acquire_capability()));
      void Release() __attribute__((release_capability()));
      bool TryAcquire() __attribute__((try_acquire_capability(true)));
    };
    struct __attribute__((scoped_lockable)) Locker {
      explicit Locker(Lock *L) __attribute__((acquire_capability(L)));
      ~Locker() __attribute__((release_capability()));
    };
    struct Cache {
      Lock L;
      void lockAll() __attribute__((acquire_capability(L)));
    };
    Lock Global;
    void f(Cache &C) {
      Global.Acquire();
      use(0);
      Global.Release();
      {
        Locker Scoped(&Global);
        use(1);
      }
      C.lockAll();
      use(2);
      if (Global.TryAcquire())
        use(3);
    })cpp");
  EXPECT_EQ(T.held(0), "x:Global");
  EXPECT_EQ(T.held(1), "x:Global");
  EXPECT_EQ(T.held(2), "x:C.L");
  EXPECT_EQ(T.held(3), "x:C.L x:Global");
}

TEST(LockSetTest, RequiresCapabilityStartsHeld) {
  LockSetFixture T(R"cpp(
    struct __attribute__((capability("mutex"))) Lock {};
    struct S {
      Lock Mu;
      void f() __attribute__((requires_capability(Mu)));
    };
    void S::f() { use(0); }
  )cpp");
  EXPECT_EQ(T.held(0), "x:Mu");
}

TEST(LockSetTest, LoopsReachAFixpoint) {
  LockSetFixture T(R"cpp(
    std::mutex Mu;
    void f(int N) {
      for (int I = 0; I < N; ++I) {
        use(0);
        Mu.lock();
        use(1);
        Mu.unlock();
      }
      use(2);
    })cpp");
  EXPECT_EQ(T.held(0), "");
  EXPECT_EQ(T.held(1), "x:Mu");
  EXPECT_EQ(T.held(2), "");
}

TEST(LockSetTest, LockPathsTellObjectsApart) {
  test::TestAST AST(std::string(LockPrelude) + R"cpp(
    struct S { std::mutex Mu; void f(S &Other); };
    void S::f(S &Other) { Mu.lock(); Other.Mu.lock(); this->Mu.unlock(); }
  )cpp");
  auto Calls = match(findAll(cxxMemberCallExpr(on(expr().bind("obj")))),
                     *AST.function("f")->getBody(), AST.context());
  ASSERT_EQ(Calls.size(), 3u);
  std::optional<LockPath> Own =
      LockPath::fromExpr(Calls[0].getNodeAs<Expr>("obj"));
  std::optional<LockPath> Other =
      LockPath::fromExpr(Calls[1].getNodeAs<Expr>("obj"));
  std::optional<LockPath> ThisArrow =
      LockPath::fromExpr(Calls[2].getNodeAs<Expr>("obj"));
  ASSERT_TRUE(Own && Other && ThisArrow);
  EXPECT_EQ(*Own, *ThisArrow);
  EXPECT_NE(*Own, *Other);
  EXPECT_EQ(Own->spelling(), "Mu");
  EXPECT_EQ(Other->spelling(), "Other.Mu");
}

} // namespace
