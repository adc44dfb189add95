//===--- SummaryBuilderTest.cpp - The per-function summary every check reads =//
//
// The channel, thread and control parts of FunctionSummaries: any depth,
// recursion iterated to a fixpoint, virtual calls through the visible
// overriders, function pointers and std::function unknown.
//
//===----------------------------------------------------------------------===//

#include "TestAST.h"
#include "conctidy/Analysis/ChannelAccounting.h"
#include "conctidy/Analysis/FunctionSummaries.h"
#include "llvm/ADT/StringExtras.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace conctidy;

namespace {

const char *Prelude = R"cpp(
  struct Chan {
    Chan(int Capacity = 0);
    ~Chan();
    void send(int);
    int recv();
    void close();
    int size() const;
  };
  namespace std {
  template <class> class function;
  template <class R, class... A> class function<R(A...)> {
  public:
    R operator()(A...) const;
  };
  }
  [[noreturn]] void abort();
)cpp";

class Summaries {
public:
  explicit Summaries(const std::string &Code)
      : AST(std::string(Prelude) + Code), Sums(AST.context()) {
    Vocabulary.addUserChannels({"Chan"}, {"send"}, {"recv"}, {"close"}, 0);
    Sums.setChannelVocabulary(&Vocabulary);
  }
  const FunctionDecl &function(StringRef Name) {
    using namespace clang::ast_matchers;
    const FunctionDecl *F = AST.function(Name);
    if (!F) // A declaration only.
      F = AST.find<FunctionDecl>(functionDecl(hasName(Name)));
    EXPECT_TRUE(F) << Name.str();
    return *F;
  }
  /// The channel effects on parameter \p Index of \p Name, as letters:
  /// s(end) r(eceive) c(lose) ?(unknown), or "-" for none.
  std::string channel(StringRef Name, unsigned Index) {
    return spell(Sums.channels(function(Name)).param(Index));
  }
  std::string member(StringRef Class, StringRef Method, StringRef Field) {
    using namespace clang::ast_matchers;
    const auto *M = AST.find<CXXMethodDecl>(cxxMethodDecl(
        hasName(Method), ofClass(hasName(Class)), isDefinition()));
    const auto *F = AST.find<FieldDecl>(
        fieldDecl(hasName(Field), hasParent(cxxRecordDecl(hasName(Class)))));
    if (!M || !F)
      return "<none>";
    return spell(Sums.channels(*M).member(*F));
  }
  std::string thread(StringRef Name, unsigned Index) {
    HandleEffects E = Sums.threads(function(Name)).param(Index);
    std::string S;
    if (E.Joins)
      S += "j";
    if (E.Detaches)
      S += "d";
    if (E.Unknown)
      S += "?";
    return S.empty() ? "-" : S;
  }
  const CXXMethodDecl &method(StringRef Class, StringRef Method) {
    using namespace clang::ast_matchers;
    const auto *M = AST.find<CXXMethodDecl>(cxxMethodDecl(
        hasName(Method), ofClass(hasName(Class)), isDefinition()));
    EXPECT_TRUE(M) << Method.str();
    return *M;
  }
  /// The thread part's effects on member \p Field of \p Method.
  std::string threadMember(StringRef Class, StringRef Method, StringRef Field) {
    using namespace clang::ast_matchers;
    const auto *F = AST.find<FieldDecl>(
        fieldDecl(hasName(Field), hasParent(cxxRecordDecl(hasName(Class)))));
    if (!F)
      return "<none>";
    HandleEffects E = Sums.threads(method(Class, Method)).member(*F);
    std::string S;
    if (E.Joins)
      S += "j";
    if (E.Detaches)
      S += "d";
    if (E.Unknown)
      S += "?";
    return S.empty() ? "-" : S;
  }
  /// The methods \p Method runs on `this`, sorted, "*" after those that may
  /// run more than once.
  std::string methodsOnThis(StringRef Class, StringRef Method) {
    std::vector<std::string> Names;
    for (const auto &[M, Repeated] :
         Sums.threads(method(Class, Method)).MethodsOnThis)
      Names.push_back(M->getNameAsString() + (Repeated ? "*" : ""));
    llvm::sort(Names);
    return llvm::join(Names, " ");
  }
  FunctionSummaries &sums() { return Sums; }

private:
  static std::string spell(const ChannelEffects &E) {
    std::string S;
    if (E.Sends)
      S += "s";
    if (E.Receives)
      S += "r";
    if (E.Closes)
      S += "c";
    if (E.Unknown)
      S += "?";
    return S.empty() ? "-" : S;
  }
  test::TestAST AST;
  ChannelVocabulary Vocabulary;
  FunctionSummaries Sums;
};

TEST(SummaryBuilderTest, ChannelEffectsAnyDepth) {
  Summaries S(R"cpp(
    void close3(Chan &c) { c.close(); }
    void close2(Chan &c) { close3(c); }
    void close1(Chan &c) { int n = c.size(); close2(c); }
    void look(Chan &c) { c.size(); }
    void lookDeep(Chan &c) { look(c); }
    void produce(Chan *c) { c->send(1); }
    void store(Chan &c) { Chan &alias = c; alias.recv(); }
    void external(Chan &c);
    void callsExternal(Chan &c) { external(c); }
    void both(int, Chan &a, Chan &b) { close1(a); b.recv(); }
    )cpp");
  EXPECT_EQ(S.channel("close3", 0), "c");
  EXPECT_EQ(S.channel("close1", 0), "c");
  EXPECT_EQ(S.channel("look", 0), "-");
  EXPECT_EQ(S.channel("lookDeep", 0), "-");
  EXPECT_EQ(S.channel("produce", 0), "s");
  EXPECT_EQ(S.channel("store", 0), "?");
  // A body this translation unit does not have: unknown, not "nothing".
  EXPECT_EQ(S.channel("callsExternal", 0), "?");
  EXPECT_EQ(S.channel("external", 0), "?");
  EXPECT_EQ(S.channel("both", 0), "-");
  EXPECT_EQ(S.channel("both", 1), "c");
  EXPECT_EQ(S.channel("both", 2), "r");
}

TEST(SummaryBuilderTest, RecursionReachesTheFixpoint) {
  Summaries S(R"cpp(
    // b reads a while a is still being computed; a closes only after
    // that: a cut recursion would leave b "does nothing".
    void b(Chan &c, int n);
    void a(Chan &c, int n) { if (n) b(c, n - 1); else c.close(); }
    void b(Chan &c, int n) { a(c, n); }
    void self(Chan &c, int n) { if (n) self(c, n - 1); }
    void selfSend(Chan &c, int n) { if (n) selfSend(c, n - 1); else c.send(n); }
    // A longer cycle through three functions.
    void y(Chan &c, int n);
    void z(Chan &c, int n);
    void x(Chan &c, int n) { if (n) y(c, n); }
    void y(Chan &c, int n) { if (n) z(c, n); }
    void z(Chan &c, int n) { if (n) x(c, n - 1); else c.recv(); }
    )cpp");
  EXPECT_EQ(S.channel("a", 0), "c");
  EXPECT_EQ(S.channel("b", 0), "c");
  EXPECT_EQ(S.channel("self", 0), "-");
  EXPECT_EQ(S.channel("selfSend", 0), "s");
  EXPECT_EQ(S.channel("x", 0), "r");
  EXPECT_EQ(S.channel("y", 0), "r");
  EXPECT_EQ(S.channel("z", 0), "r");
}

TEST(SummaryBuilderTest, RecursionFromAnyEntry) {
  // The same cycle asked from its other end first.
  Summaries S(R"cpp(
    void b(Chan &c, int n);
    void a(Chan &c, int n) { if (n) b(c, n - 1); else c.close(); }
    void b(Chan &c, int n) { a(c, n); }
    )cpp");
  EXPECT_EQ(S.channel("b", 0), "c");
  EXPECT_EQ(S.channel("a", 0), "c");
}

TEST(SummaryBuilderTest, VirtualCallsResolveToVisibleOverriders) {
  Summaries S(R"cpp(
    struct Sink { virtual void take(Chan &c) {} virtual ~Sink(); };
    struct Closer : Sink { void take(Chan &c) override { c.close(); } };
    struct Iface { virtual void put(Chan &c) = 0; };
    struct Final final : Sink { void take(Chan &c) override {} };
    void viaBase(Sink &s, Chan &c) { s.take(c); }
    void viaIface(Iface &i, Chan &c) { i.put(c); }
    void viaFinal(Final &f, Chan &c) { f.take(c); }
    void qualified(Closer &s, Chan &c) { s.Sink::take(c); }
    )cpp");
  // The base does nothing, an overrider closes: the call may close.
  EXPECT_EQ(S.channel("viaBase", 1), "c");
  // A pure method with no visible overrider: unknown.
  EXPECT_EQ(S.channel("viaIface", 1), "?");
  EXPECT_EQ(S.channel("viaFinal", 1), "-");
  EXPECT_EQ(S.channel("qualified", 1), "-");
}

TEST(SummaryBuilderTest, FunctionPointersAndStdFunctionAreUnknown) {
  Summaries S(R"cpp(
    void viaPointer(void (*f)(Chan &), Chan &c) { f(c); }
    void viaFunction(const std::function<void(Chan &)> &f, Chan &c) { f(c); }
    void captured(Chan &c) { auto l = [&c] { c.recv(); }; }
    )cpp");
  EXPECT_EQ(S.channel("viaPointer", 1), "?");
  EXPECT_EQ(S.channel("viaFunction", 1), "?");
  EXPECT_EQ(S.channel("captured", 0), "?");
}

TEST(SummaryBuilderTest, MemberChannelsThroughMethods) {
  Summaries S(R"cpp(
    class Server {
    public:
      void stop() { shutdown(); }
      void shutdown() { drain(); }
      void drain() { q_.close(); }
      void report() { q_.size(); }
      void serve() { q_.recv(); }
    private:
      Chan q_;
    };)cpp");
  EXPECT_EQ(S.member("Server", "stop", "q_"), "c");
  EXPECT_EQ(S.member("Server", "report", "q_"), "-");
  EXPECT_EQ(S.member("Server", "serve", "q_"), "r");
}

TEST(SummaryBuilderTest, ThreadHandleEffectsAnyDepth) {
  Summaries S(R"cpp(
    void join3(std::thread &t) { t.join(); }
    void join2(std::thread &t) { join3(t); }
    void join1(std::thread &t) { join2(t); }
    void release(std::thread &t) { t.detach(); }
    void look(std::thread &t) { t.joinable(); }
    void lookDeep(std::thread &t) { look(t); }
    void keep(std::thread &t) { std::thread u = std::move(t); u.join(); }
    void later(std::thread &t);
    void deferred(std::thread &t) { later(t); }
    void viaPointer(void (*f)(std::thread &), std::thread &t) { f(t); }
    void spawns() { std::thread t(work); t.join(); }
    void spawnsDeep() { spawns(); }
    void quiet() {}
    )cpp");
  EXPECT_EQ(S.thread("join1", 0), "j");
  EXPECT_EQ(S.thread("release", 0), "d");
  EXPECT_EQ(S.thread("look", 0), "-");
  EXPECT_EQ(S.thread("lookDeep", 0), "-");
  EXPECT_EQ(S.thread("keep", 0), "?");
  EXPECT_EQ(S.thread("deferred", 0), "?");
  EXPECT_EQ(S.thread("viaPointer", 1), "?");
  EXPECT_TRUE(S.sums().threads(S.function("spawnsDeep")).Spawns);
  EXPECT_FALSE(S.sums().threads(S.function("quiet")).Spawns);
}

// Thread-handle members of this, and the methods run on this, through the
// methods called on this at any depth.
TEST(SummaryBuilderTest, ThreadMembersAndMethodsOnThis) {
  Summaries S(R"cpp(
    void work();
    class Pool {
    public:
      void stop() { halt(); }
      void status() { look(); }
      void start() { launch(); }
      void startAll() { for (int i = 0; i < 2; ++i) startOne(); }
      void startTwice() { startOne(); startOne(); }
    private:
      void halt() { joinWorker(); }
      void joinWorker() { t_.join(); }
      void look() { t_.joinable(); }
      void launch() { startOne(); }
      void startOne() { t_ = std::thread(work); }
      std::thread t_;
    };)cpp");
  EXPECT_EQ(S.threadMember("Pool", "stop", "t_"), "j");
  EXPECT_EQ(S.threadMember("Pool", "status", "t_"), "-");
  EXPECT_EQ(S.threadMember("Pool", "start", "t_"), "-");
  EXPECT_EQ(S.methodsOnThis("Pool", "stop"), "halt joinWorker");
  EXPECT_EQ(S.methodsOnThis("Pool", "start"), "launch startOne");
  EXPECT_EQ(S.methodsOnThis("Pool", "startAll"), "startOne*");
  EXPECT_EQ(S.methodsOnThis("Pool", "startTwice"), "startOne*");
  EXPECT_EQ(S.methodsOnThis("Pool", "startOne"), "");
}

TEST(SummaryBuilderTest, ControlPart) {
  Summaries S(R"cpp(
    void die() { abort(); }
    void fatal(int code) { if (code) die(); else die(); }
    void maybeDie(int code) { if (code) die(); }
    void spin() { for (;;) {} }
    void thrower() { throw 1; }
    void throwsDeep() { thrower(); }
    void caught() { try { thrower(); } catch (...) {} }
    void rethrows() { try { thrower(); } catch (...) { throw; } }
    void quiet() noexcept { thrower(); }
    void recursive(int n) { if (n) recursive(n - 1); else throw n; }
    void external();
    void callsExternal() { external(); }
    )cpp");
  auto C = [&](StringRef Name) { return S.sums().control(S.function(Name)); };
  EXPECT_TRUE(C("die").NeverReturns);
  EXPECT_TRUE(C("fatal").NeverReturns);
  EXPECT_FALSE(C("maybeDie").NeverReturns);
  EXPECT_TRUE(C("spin").NeverReturns);
  EXPECT_FALSE(C("thrower").NeverReturns);
  EXPECT_TRUE(C("thrower").MayThrow);
  EXPECT_TRUE(C("throwsDeep").MayThrow);
  EXPECT_FALSE(C("caught").MayThrow);
  EXPECT_TRUE(C("rethrows").MayThrow);
  EXPECT_FALSE(C("quiet").MayThrow);
  EXPECT_TRUE(C("recursive").MayThrow);
  // Only what bodies show: an unknown callee is not assumed to throw.
  EXPECT_FALSE(C("callsExternal").MayThrow);
  EXPECT_FALSE(C("callsExternal").NeverReturns);
}

TEST(SummaryBuilderTest, NoVocabularyNoChannels) {
  test::TestAST AST(std::string(Prelude) +
                    "void closeIt(Chan &c) { c.close(); }");
  FunctionSummaries Sums(AST.context());
  EXPECT_TRUE(Sums.channels(*AST.function("closeIt")).param(0).none());
}

} // namespace
