//===--- RuntimeAffinityTest.cpp - Runtime objects on other threads -------===//

#include "conctidy/Analysis/RuntimeAffinity.h"
#include "TestAST.h"
#include "conctidy/Analysis/SummaryFile.h"
#include "conctidy/Model/ThreadAffinity.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace conctidy;

namespace {

const char *Prelude = R"cpp(
struct JNIEnv_ { int FindClass(const char *); };
typedef JNIEnv_ JNIEnv;
typedef struct napi_env__ *napi_env;
typedef struct lua_State lua_State;
extern "C" int luaL_dostring(lua_State *, const char *);
extern "C" int napi_throw_error(napi_env, const char *, const char *);
typedef struct napi_async_work__ *napi_async_work;
extern "C" int napi_create_async_work(napi_env, void *, void *,
                                      void (*)(napi_env, void *),
                                      void (*)(napi_env, int, void *), void *,
                                      napi_async_work *);
namespace Napi {
class Value {};
class Object : public Value {};
class AsyncWorker {
protected:
  virtual void Execute() = 0;
  virtual void OnOK();
};
}
namespace v8 {
class Isolate { public: void Enter(); };
class Locker { public: explicit Locker(Isolate *); ~Locker(); };
}
class [[clang::annotate("conc::thread_affine")]] Engine { public: void run(); };
namespace app { class Session { public: void send(); }; }
namespace std {
enum class launch { async };
struct future { int get(); ~future(); };
template <class F, class... A> future async(launch, F &&, A &&...);
}
)cpp";

struct Fixture {
  explicit Fixture(const std::string &Code, AffinityOptions Opts = {})
      : Options(std::move(Opts)), Classifier(Options),
        AST(std::string(Prelude) + Code) {}

  /// The findings of function \p Name.
  std::vector<AffinityFinding> findings(StringRef Name) {
    const FunctionDecl *F = AST.function(Name);
    if (!F) {
      ADD_FAILURE() << "no function " << Name.str();
      return {};
    }
    return findRuntimeSharing(*F, AST.context(), Classifier, Options);
  }
  const model::Runtime *runtimeOfVar(StringRef Name) {
    const auto *V = AST.find<VarDecl>(varDecl(hasName(Name)));
    return V ? Classifier.runtimeOf(V->getType()) : nullptr;
  }

  AffinityOptions Options;
  AffinityClassifier Classifier;
  test::TestAST AST;
};

TEST(ThreadAffinityModel, EveryTypeHasARuntime) {
  for (const model::ThreadAffineType &T : model::threadAffineTypes())
    EXPECT_NE(model::findRuntime(T.Runtime), nullptr) << T.QualifiedName.str();
  for (const model::AffinityGuard &G : model::affinityGuards()) {
    const model::Runtime *R = model::findRuntime(G.Runtime);
    ASSERT_NE(R, nullptr) << G.QualifiedName.str();
    // Guards take their runtime's capability (LockSet.h): the Guarded
    // runtimes', and the JNI attachment (JNI objects stay bound).
    EXPECT_FALSE(R->Capability.empty()) << G.QualifiedName.str();
    EXPECT_TRUE(R->Kind == model::Affinity::Guarded || R->Name == "JNI")
        << G.QualifiedName.str();
  }
  for (const model::Bridge &B : model::bridges())
    EXPECT_NE(model::findRuntime(B.Runtime), nullptr);
  EXPECT_NE(model::findRuntime(model::UserRuntimeName), nullptr);
}

TEST(AffinityClassifier, ModelTypesSubclassesAnnotationsOptions) {
  AffinityOptions Opts;
  Opts.ExtraAffineTypes = {"app::Session"};
  Fixture F(R"cpp(
JNIEnv *Env; napi_env NEnv; lua_State *L; Napi::Object Obj; Engine *E;
app::Session *S; v8::Isolate *I; int *Plain; JNIEnv **Out;
)cpp",
            Opts);
  auto Name = [&](StringRef Var) -> std::string {
    const model::Runtime *R = F.runtimeOfVar(Var);
    return R ? R->Name.str() : "";
  };
  EXPECT_EQ(Name("Env"), "JNI");
  EXPECT_EQ(Name("NEnv"), "N-API");
  EXPECT_EQ(Name("L"), "Lua");
  EXPECT_EQ(Name("Obj"), "N-API"); // a subclass of Napi::Value
  EXPECT_EQ(Name("E"), "user");    // annotated
  EXPECT_EQ(Name("S"), "user");    // from the options
  EXPECT_EQ(Name("I"), "V8 isolate");
  EXPECT_EQ(Name("Plain"), "");
  EXPECT_EQ(Name("Out"), ""); // an out-parameter, not the env itself
}

TEST(RuntimeAffinity, EnvPassedToAThreadFunction) {
  Fixture F(R"cpp(
void worker(JNIEnv *env) { env->FindClass("x"); }
void start(JNIEnv *env) { auto f = std::async(std::launch::async, worker, env); }
)cpp");
  std::vector<AffinityFinding> Found = F.findings("start");
  ASSERT_EQ(Found.size(), 1u);
  EXPECT_EQ(Found[0].Name, "env");
  EXPECT_EQ(Found[0].Runtime->Name, "JNI");
  EXPECT_EQ(Found[0].Why, AffinityFinding::Reason::WrongThread);
  ASSERT_TRUE(Found[0].Task.has_value());
  EXPECT_EQ(Found[0].Task->SpawnerName, "std::async");
}

TEST(RuntimeAffinity, NullCheckIsNoUse) {
  Fixture F(R"cpp(
bool seen;
void worker(JNIEnv *env) { seen = env != nullptr; }
void start(JNIEnv *env) { auto f = std::async(std::launch::async, worker, env); }
)cpp");
  EXPECT_TRUE(F.findings("start").empty());
}

TEST(RuntimeAffinity, NapiExecuteCallbackButNotComplete) {
  Fixture F(R"cpp(
void execute(napi_env env, void *) { napi_throw_error(env, 0, "x"); }
void complete(napi_env env, int, void *) { napi_throw_error(env, 0, "x"); }
void start(napi_env env) {
  napi_async_work w;
  napi_create_async_work(env, 0, 0, execute, complete, 0, &w);
}
)cpp");
  std::vector<AffinityFinding> Found = F.findings("start");
  ASSERT_EQ(Found.size(), 1u);
  EXPECT_EQ(Found[0].Task->Where, model::RunsOn::ThreadPool);
  // The use is the env argument in the execute callback.
  const FunctionDecl *Execute = F.AST.function("execute");
  ASSERT_NE(Execute, nullptr);
  EXPECT_TRUE(
      Execute->getSourceRange().fullyContains(Found[0].Use->getSourceRange()));
}

TEST(RuntimeAffinity, VirtualCallRunsTheVisibleOverriders) {
  Fixture F(R"cpp(
struct Runner {
  virtual void execute(napi_env env) = 0;
  virtual void quiet(napi_env env) {}
};
struct Loud : Runner {
  void execute(napi_env env) override { napi_throw_error(env, 0, "x"); }
  void quiet(napi_env env) override { napi_throw_error(env, 0, "x"); }
};
void onExecute(napi_env env, void *data) {
  static_cast<Runner *>(data)->Runner::quiet(env);
  static_cast<Runner *>(data)->execute(env);
}
void complete(napi_env, int, void *) {}
void start(napi_env env, Runner *r) {
  napi_async_work w;
  napi_create_async_work(env, 0, 0, onExecute, complete, r, &w);
}
)cpp");
  std::vector<AffinityFinding> Found = F.findings("start");
  // Loud::execute through the virtual call; not Loud::quiet first (the
  // qualified call runs Runner::quiet only). One finding per object.
  ASSERT_EQ(Found.size(), 1u);
  const auto *Execute = F.AST.find<CXXMethodDecl>(
      cxxMethodDecl(hasName("execute"), ofClass(hasName("Loud"))));
  ASSERT_NE(Execute, nullptr);
  EXPECT_TRUE(
      Execute->getSourceRange().fullyContains(Found[0].Use->getSourceRange()));
  EXPECT_EQ(Found[0].CalleeInTask, Execute);
}

TEST(RuntimeAffinity, OverriddenExecute) {
  Fixture F(R"cpp(
class Worker : public Napi::AsyncWorker {
  void Execute() override { use(Obj); }
  void OnOK() override { use(Obj); }
  void use(const Napi::Value &);
  Napi::Object Obj;
};
)cpp");
  const auto *Execute = F.AST.find<CXXMethodDecl>(
      cxxMethodDecl(hasName("Execute"), ofClass(hasName("Worker"))));
  const auto *OnOK = F.AST.find<CXXMethodDecl>(
      cxxMethodDecl(hasName("OnOK"), ofClass(hasName("Worker"))));
  ASSERT_TRUE(Execute && OnOK);
  const model::Spawner *Row = overriddenSpawner(*Execute);
  ASSERT_NE(Row, nullptr);
  EXPECT_EQ(Row->QualifiedName, "::Napi::AsyncWorker::Execute");
  EXPECT_EQ(overriddenSpawner(*OnOK), nullptr);
}

TEST(RuntimeAffinity, LockerGuardsTheIsolate) {
  Fixture F(R"cpp(
void locked(v8::Isolate *i) { v8::Locker l(i); i->Enter(); }
void unlocked(v8::Isolate *i) { i->Enter(); }
void a(v8::Isolate *i) { auto f = std::async(std::launch::async, locked, i); }
void b(v8::Isolate *i) { auto f = std::async(std::launch::async, unlocked, i); }
)cpp");
  EXPECT_TRUE(F.findings("a").empty());
  EXPECT_EQ(F.findings("b").size(), 1u);
}

TEST(RuntimeAffinity, LuaStateHandedOverOrShared) {
  Fixture F(R"cpp(
void run(lua_State *L) { luaL_dostring(L, "x"); }
void handover(lua_State *L) {
  auto f = std::async(std::launch::async, run, L); f.get(); luaL_dostring(L, "y");
}
void shared(lua_State *L) {
  auto f = std::async(std::launch::async, run, L); luaL_dostring(L, "y"); f.get();
}
)cpp");
  EXPECT_TRUE(F.findings("handover").empty());
  std::vector<AffinityFinding> Found = F.findings("shared");
  ASSERT_EQ(Found.size(), 1u);
  EXPECT_EQ(Found[0].Why, AffinityFinding::Reason::SharedOwner);
  EXPECT_NE(Found[0].OtherUse, nullptr);
}

TEST(RuntimeAffinity, TemplatesAreSkipped) {
  Fixture F(R"cpp(
template <class T> void worker(JNIEnv *env, T) { env->FindClass("x"); }
template <class T> void start(JNIEnv *env, T v) {
  auto f = std::async(std::launch::async, worker<T>, env, v);
}
void caller(JNIEnv *env) { start(env, 1); }
)cpp");
  EXPECT_TRUE(F.findings("caller").empty());
  const auto *Inst = F.AST.find<FunctionDecl>(
      functionDecl(hasName("start"), isTemplateInstantiation()));
  ASSERT_NE(Inst, nullptr);
  EXPECT_TRUE(
      findRuntimeSharing(*Inst, F.AST.context(), F.Classifier, F.Options)
          .empty());
}

TEST(RuntimeUseFile, ExportedUsesRoundTripAndMergeInAnyOrder) {
  Fixture F(R"cpp(
void helper(int, lua_State *L) { luaL_dostring(L, "x"); }
JNIEnv *CachedEnv;
void global() { CachedEnv->FindClass("x"); }
void none(int) {}
)cpp");
  SummaryTable T;
  exportRuntimeUses(F.AST.context(), F.Options, T);
  ASSERT_NE(T.find(usrOf(*F.AST.function("helper"))), nullptr);
  const PortableSummary &H = *T.find(usrOf(*F.AST.function("helper")));
  ASSERT_EQ(H.RuntimeUses.size(), 1u);
  EXPECT_EQ(H.RuntimeUses[0].From, 'p');
  EXPECT_EQ(H.RuntimeUses[0].Param, 1u);
  EXPECT_EQ(H.RuntimeUses[0].Runtime, "Lua");
  EXPECT_TRUE(H.RuntimeUses[0].SharedOwner);
  EXPECT_EQ(H.RuntimeUses[0].Name, "L");
  EXPECT_FALSE(H.RuntimeUses[0].Where.empty());
  const PortableSummary *G = T.find(usrOf(*F.AST.function("global")));
  ASSERT_NE(G, nullptr);
  ASSERT_EQ(G->RuntimeUses.size(), 1u);
  EXPECT_EQ(G->RuntimeUses[0].From, 'g');
  EXPECT_EQ(G->RuntimeUses[0].Runtime, "JNI");
  EXPECT_FALSE(G->RuntimeUses[0].Object.empty());
  EXPECT_EQ(T.find(usrOf(*F.AST.function("none"))), nullptr);

  std::string Text;
  llvm::raw_string_ostream OS(Text);
  T.write(OS);
  llvm::Expected<SummaryTable> Back = SummaryTable::parse(Text, "t.json");
  ASSERT_TRUE(static_cast<bool>(Back)) << llvm::toString(Back.takeError());
  EXPECT_TRUE(*Back->find(usrOf(*F.AST.function("helper"))) == H);

  // A malformed use is rejected with the entry's name.
  std::string Bad = Text;
  size_t At = Bad.find("\"from\":\"p\"");
  ASSERT_NE(At, std::string::npos);
  Bad.replace(At, 10, "\"from\":\"x\"");
  EXPECT_FALSE(static_cast<bool>(SummaryTable::parse(Bad, "bad.json")));

  // The union of two definitions' uses is the same in either order.
  PortableSummary A, B;
  A.RuntimeUses = H.RuntimeUses;
  B.RuntimeUses = G->RuntimeUses;
  PortableSummary AB = A, BA = B;
  AB.merge(B);
  BA.merge(A);
  EXPECT_TRUE(AB == BA);
  EXPECT_EQ(AB.RuntimeUses.size(), 2u);
  AB.merge(A);
  EXPECT_EQ(AB.RuntimeUses.size(), 2u);
}

} // namespace
