//===--- SummaryFileTest.cpp - Summary files round trip -------------------===//

#include "conctidy/Analysis/SummaryFile.h"
#include "TestAST.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace conctidy;

namespace {

SummaryTable roundTrip(const SummaryTable &T) {
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  T.write(OS);
  llvm::Expected<SummaryTable> Back = SummaryTable::parse(Text, "t.json");
  EXPECT_TRUE(static_cast<bool>(Back)) << llvm::toString(Back.takeError());
  return Back ? std::move(*Back) : SummaryTable();
}

// Every flag of every part is read back as written, alone (so a flag
// written without being parsed, or parsed into another one, fails).
TEST(SummaryFileTest, EveryFlagRoundTripsAlone) {
  bool ChannelEffects::*ChannelFlags[] = {
      &ChannelEffects::Sends, &ChannelEffects::Receives,
      &ChannelEffects::Closes, &ChannelEffects::Unknown};
  bool HandleEffects::*HandleFlags[] = {
      &HandleEffects::Joins, &HandleEffects::Detaches, &HandleEffects::Unknown};
  std::vector<PortableSummary> Cases;
  for (auto Flag : ChannelFlags) {
    PortableSummary S;
    S.ChannelParams.resize(2);
    S.ChannelParams[1].*Flag = true;
    Cases.push_back(S);
    PortableSummary M;
    M.ChannelMembers["c:@S@Q@FI@Chan"].*Flag = true;
    Cases.push_back(M);
  }
  for (auto Flag : HandleFlags) {
    PortableSummary S;
    S.HandleParams.resize(2);
    S.HandleParams[1].*Flag = true;
    Cases.push_back(S);
  }
  PortableSummary Spawns, Throws, NeverReturns;
  Spawns.Spawns = true;
  Throws.Control.MayThrow = true;
  NeverReturns.Control.NeverReturns = true;
  Cases.push_back(Spawns);
  Cases.push_back(Throws);
  Cases.push_back(NeverReturns);

  for (size_t I = 0; I < Cases.size(); ++I) {
    SummaryTable T;
    T.add("c:@F@f" + std::to_string(I), Cases[I]);
    SummaryTable Back = roundTrip(T);
    const PortableSummary *S = Back.find("c:@F@f" + std::to_string(I));
    ASSERT_NE(S, nullptr) << "case " << I;
    EXPECT_TRUE(*S == Cases[I]) << "case " << I;
  }
}

TEST(SummaryFileTest, UnknownLetterIsMalformed) {
  std::string Text = std::string("{\"format\":\"conctidy-summaries\","
                                 "\"version\":\"") +
                     summaryFileVersion().str() +
                     "\",\"functions\":{\"c:@F@f\":{\"c\":[\"sx\"]}}}";
  llvm::Expected<SummaryTable> T = SummaryTable::parse(Text, "t.json");
  ASSERT_FALSE(static_cast<bool>(T));
  EXPECT_EQ(llvm::toString(T.takeError()),
            "summary file 't.json': malformed entry 'c:@F@f'");
}

// Every list and flag of the lock part is read back as written, alone.
TEST(SummaryFileTest, LockPartRoundTripsAlone) {
  PortableLockPath Member{"this", {"c:@S@C@FI@mu_"}};
  PortableLockPath Param{"p1", {}};
  PortableLockPath Global{"gc:@Mu", {"c:@S@M@FI@Impl"}};
  std::vector<PortableLockPath> PortableLockSummary::*Lists[] = {
      &PortableLockSummary::Acquires, &PortableLockSummary::SharedAcquires,
      &PortableLockSummary::Releases, &PortableLockSummary::ReturnedGuard,
      &PortableLockSummary::GuardLocks};
  std::vector<PortableSummary> Cases;
  for (auto List : Lists) {
    PortableSummary S;
    (S.LockSet.*List) = {Member, Param, Global};
    Cases.push_back(S);
  }
  PortableSummary Returns, SharedGuard, SharedShape;
  Returns.LockSet.Returns = Member;
  SharedGuard.LockSet.ReturnedGuard = {Param};
  SharedGuard.LockSet.ReturnedGuardShared = true;
  SharedShape.LockSet.GuardLocks = {Param};
  SharedShape.LockSet.GuardShared = true;
  Cases.push_back(Returns);
  Cases.push_back(SharedGuard);
  Cases.push_back(SharedShape);

  for (size_t I = 0; I < Cases.size(); ++I) {
    SummaryTable T;
    T.add("c:@F@f" + std::to_string(I), Cases[I]);
    SummaryTable Back = roundTrip(T);
    const PortableSummary *S = Back.find("c:@F@f" + std::to_string(I));
    ASSERT_NE(S, nullptr) << "case " << I;
    EXPECT_FALSE(S->LockSet.empty()) << "case " << I;
    EXPECT_TRUE(*S == Cases[I]) << "case " << I;
  }
  // Nothing is written for a function without lock effects.
  SummaryTable Empty;
  Empty.add("c:@F@g", PortableSummary());
  EXPECT_EQ(Empty.entryText("c:@F@g").find("\"k\""), std::string::npos);
}

TEST(SummaryFileTest, MalformedLockPartIsMalformed) {
  for (const char *Part : {"{\"a\":[[]]}", "{\"r\":[[7]]}", "{\"o\":\"this\"}",
                           "{\"a\":[[\"this\"]],\"f\":\"x\"}", "[]"}) {
    std::string Text = std::string("{\"format\":\"conctidy-summaries\","
                                   "\"version\":\"") +
                       summaryFileVersion().str() +
                       "\",\"functions\":{\"c:@F@f\":{\"k\":" + Part + "}}}";
    llvm::Expected<SummaryTable> T = SummaryTable::parse(Text, "t.json");
    ASSERT_FALSE(static_cast<bool>(T)) << Part;
    EXPECT_EQ(llvm::toString(T.takeError()),
              "summary file 't.json': malformed entry 'c:@F@f'");
  }
}

// Every flag and lock list of the access parts is read back as written,
// alone, in each part (globals, data members).
TEST(SummaryFileTest, AccessPartsRoundTripAlone) {
  PortableAccess Base;
  Base.Data = {"this", {"c:@S@R@FI@Impl", "c:@S@R@S@State@FI@Values"}};
  Base.Function = "at";
  Base.Where = "/src/state.cpp:6:41";
  bool PortableAccess::*Flags[] = {
      &PortableAccess::Write,          &PortableAccess::Spawned,
      &PortableAccess::Concurrent,     &PortableAccess::Deliberate,
      &PortableAccess::ThroughPointer, &PortableAccess::Returned,
      &PortableAccess::LazyInit,       &PortableAccess::Published};
  std::vector<PortableLockPath> PortableAccess::*Lists[] = {
      &PortableAccess::Held, &PortableAccess::SharedHeld,
      &PortableAccess::Released};
  std::vector<PortableAccess> Variants = {Base};
  for (auto Flag : Flags) {
    PortableAccess A = Base;
    A.*Flag = !(A.*Flag);
    Variants.push_back(A);
  }
  for (auto List : Lists) {
    PortableAccess A = Base;
    (A.*List) = {{"p0", {"c:@S@R@FI@Mu"}}, {"gc:@Mu", {}}};
    Variants.push_back(A);
  }
  std::vector<PortableAccess> PortableSummary::*Parts[] = {
      &PortableSummary::GlobalAccesses, &PortableSummary::MemberAccesses};
  unsigned I = 0;
  for (auto Part : Parts)
    for (const PortableAccess &A : Variants) {
      PortableSummary S;
      (S.*Part).push_back(A);
      SummaryTable T;
      std::string USR = "c:@F@f" + std::to_string(I++);
      T.add(USR, S);
      SummaryTable Back = roundTrip(T);
      const PortableSummary *R = Back.find(USR);
      ASSERT_NE(R, nullptr) << USR;
      EXPECT_TRUE(*R == S) << USR;
    }
}

// Over the cap, positions are cut before contexts: every distinct context
// keeps a record, and the summary says that records were left out.
TEST(SummaryFileTest, AccessCapCutsPositionsFirst) {
  auto At = [](llvm::StringRef File, unsigned Line, bool Write) {
    PortableAccess A;
    A.Data = {"gc:@Table", {}};
    A.Function = "f";
    A.Where = ("/src/" + File + ":" + llvm::Twine(Line) + ":1").str();
    A.Write = Write;
    return A;
  };
  std::vector<PortableAccess> Reads;
  for (unsigned Line = 1; Line <= 100; ++Line)
    Reads.push_back(At("a.cpp", Line, false));
  // Sorted by position, the one write comes last of all: a cap taking the
  // first records would cut it.
  PortableAccess Locked = At("z.cpp", 1, true);
  Locked.Held = {{"gc:@Mu", {}}};
  std::vector<PortableAccess> All = Reads;
  EXPECT_TRUE(mergeAccesses(All, {}));
  EXPECT_EQ(All.size(), MaxPortableAccesses);
  EXPECT_FALSE(mergeAccesses(All, {}));
  EXPECT_TRUE(mergeAccesses(All, {Reads.back(), Locked}));
  ASSERT_EQ(All.size(), MaxPortableAccesses);
  EXPECT_TRUE(llvm::is_contained(All, Locked));
  EXPECT_TRUE(llvm::is_sorted(All));

  PortableSummary S, O;
  S.GlobalAccesses = Reads;
  S.GlobalAccesses.resize(MaxPortableAccesses);
  O.GlobalAccesses = {Locked};
  S.merge(O);
  EXPECT_TRUE(S.AccessesCut);
  EXPECT_TRUE(llvm::is_contained(S.GlobalAccesses, Locked));
  SummaryTable T;
  T.add("c:@F@f", S);
  SummaryTable Back = roundTrip(T);
  const PortableSummary *R = Back.find("c:@F@f");
  ASSERT_NE(R, nullptr);
  EXPECT_TRUE(R->AccessesCut);
}

TEST(SummaryFileTest, MalformedAccessPartIsMalformed) {
  for (const char *Part :
       {"\"ma\":[{}]", "\"ma\":[{\"data\":[]}]", "\"ga\":[{\"data\":7}]",
        "\"ma\":[{\"data\":[\"this\"],\"held\":[7]}]", "\"ma\":[7]"}) {
    std::string Text = std::string("{\"format\":\"conctidy-summaries\","
                                   "\"version\":\"") +
                       summaryFileVersion().str() +
                       "\",\"functions\":{\"c:@F@f\":{" + Part + "}}}";
    llvm::Expected<SummaryTable> T = SummaryTable::parse(Text, "t.json");
    ASSERT_FALSE(static_cast<bool>(T)) << Part;
    EXPECT_EQ(llvm::toString(T.takeError()),
              "summary file 't.json': malformed entry 'c:@F@f'");
  }
}

const char *LockPrelude = R"cpp(
namespace std {
struct mutex { void lock(); void unlock(); };
struct shared_mutex { void lock(); void unlock(); void lock_shared(); void unlock_shared(); };
template <class M> struct unique_lock {
  explicit unique_lock(M &); unique_lock(unique_lock &&); ~unique_lock();
};
}
class Counter {
public:
  void lockMu() const;
  void unlockMu() const;
  std::unique_lock<std::mutex> lock() const;
  std::mutex &mutex() const;
  int &count();
  void lockBoth(std::mutex &Other);
private:
  mutable std::mutex mu_;
  int Count = 0;
};
class Mutex {
public:
  void ReaderLock();
  void ReaderUnlock();
private:
  std::shared_mutex Impl;
};
class Sentry {
public:
  explicit Sentry(Mutex *M);
  ~Sentry();
private:
  Mutex *M;
};
class TallyLock {
public:
  explicit TallyLock(Mutex *M);
  ~TallyLock();
private:
  Mutex *M;
};
)cpp";

const char *LockDefinitions = R"cpp(
void Counter::lockMu() const { mu_.lock(); }
void Counter::unlockMu() const { mu_.unlock(); }
std::unique_lock<std::mutex> Counter::lock() const {
  return std::unique_lock<std::mutex>(mu_);
}
std::mutex &Counter::mutex() const { return mu_; }
int &Counter::count() { return Count; }
void Counter::lockBoth(std::mutex &Other) { mu_.lock(); Other.lock(); }
void Mutex::ReaderLock() { Impl.lock_shared(); }
void Mutex::ReaderUnlock() { Impl.unlock_shared(); }
Sentry::Sentry(Mutex *M) : M(M) { M->ReaderLock(); }
Sentry::~Sentry() { M->ReaderUnlock(); }
TallyLock::TallyLock(Mutex *M) : M(M) {}
TallyLock::~TallyLock() {}
)cpp";

std::string spelled(llvm::ArrayRef<LockPath> Paths) {
  std::string Out;
  for (const LockPath &P : Paths)
    Out += (Out.empty() ? "" : " ") + P.spelling();
  return Out;
}

// The lock part written by one unit (the definitions) and read, through
// the file, by another that has only the declarations: the same locks, in
// the callee's terms, as the unit with the bodies computes.
TEST(SummaryFileTest, LockPartCrossesUnits) {
  test::TestAST Defs(std::string(LockPrelude) + LockDefinitions);
  FunctionSummaries DefSums(Defs.context());
  SummaryTable Table = roundTrip(exportSummaries(Defs.context(), DefSums));

  test::TestAST Decls(LockPrelude);
  FunctionSummaries Sums(Decls.context());
  auto Method = [&](StringRef Name) {
    return Decls.find<CXXMethodDecl>(
        cxxMethodDecl(hasName(Name), ofClass(hasName("Counter"))));
  };
  ASSERT_NE(Method("lockMu"), nullptr);
  // Without the linked table the bodies are unknown.
  EXPECT_TRUE(Sums.locks(*Method("lockMu")).empty());

  FunctionSummaries Linked(Decls.context());
  Linked.setLinked(&Table);
  const LockSummary &Lock = Linked.locks(*Method("lockMu"));
  ASSERT_EQ(Lock.Acquires.size(), 1u);
  EXPECT_EQ(Lock.Acquires[0].Path.spelling(), "mu_");
  EXPECT_EQ(Lock.Acquires[0].Mode, model::LockMode::Exclusive);
  EXPECT_EQ(Lock.Acquires[0].Path.Root, LockPath::RootKind::This);
  EXPECT_EQ(spelled(Linked.locks(*Method("unlockMu")).Releases), "mu_");
  const LockSummary &Guard = Linked.locks(*Method("lock"));
  EXPECT_EQ(spelled(Guard.ReturnedGuardLocks), "mu_");
  const LockSummary &Returns = Linked.locks(*Method("mutex"));
  ASSERT_TRUE(Returns.Returns.has_value());
  EXPECT_EQ(Returns.Returns->spelling(), "mu_");
  // An accessor of data is left out of the file.
  EXPECT_TRUE(Linked.locks(*Method("count")).empty());
  // A parameter is named by its index, rebound to this unit's declaration.
  const CXXMethodDecl *Both = Method("lockBoth");
  const LockSummary &Two = Linked.locks(*Both);
  ASSERT_EQ(Two.Acquires.size(), 2u);
  bool SawParam = false;
  for (const HeldLock &H : Two.Acquires)
    if (H.Path.RootDecl == Both->getParamDecl(0))
      SawParam = true;
  EXPECT_TRUE(SawParam) << spelled(
      {Two.Acquires[0].Path, Two.Acquires[1].Path});

  // A guard with no guard's name, known by its constructor's summary, and
  // in the mode it takes; a class with a guard's name whose constructor
  // takes nothing is no guard (by its declaration alone it would be).
  auto Ctor = [&](StringRef Class) {
    return Decls.find<CXXConstructorDecl>(cxxConstructorDecl(
        ofClass(hasName(Class)), unless(isImplicit()),
        unless(isCopyConstructor()), unless(isMoveConstructor())));
  };
  ASSERT_NE(Ctor("Sentry"), nullptr);
  EXPECT_FALSE(Sums.guardShape(*Ctor("Sentry")).has_value());
  std::optional<GuardShape> Shape = Linked.guardShape(*Ctor("Sentry"));
  ASSERT_TRUE(Shape.has_value());
  ASSERT_EQ(Shape->Locks.size(), 1u);
  EXPECT_EQ(Shape->Locks[0].RootDecl, Ctor("Sentry")->getParamDecl(0));
  EXPECT_EQ(Shape->Mode, model::LockMode::Shared);
  ASSERT_NE(Ctor("TallyLock"), nullptr);
  EXPECT_TRUE(Sums.guardShape(*Ctor("TallyLock")).has_value());
  EXPECT_FALSE(Linked.guardShape(*Ctor("TallyLock")).has_value());
}

// An opened table answers as the parsed one does, entry by entry, and
// spells each entry the same (the CLI compares their digests).
TEST(SummaryFileTest, OpenedTableParsesEntriesWhenAsked) {
  SummaryTable T;
  PortableSummary Sends, Spawns;
  Sends.ChannelParams.resize(1);
  Sends.ChannelParams[0].Sends = true;
  Spawns.Spawns = true;
  T.add("c:@F@send#", Sends);
  T.add("c:@F@start\"quoted\"#", Spawns);
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  T.write(OS);

  llvm::Expected<SummaryTable> Opened = SummaryTable::parseLazily(
      llvm::MemoryBuffer::getMemBufferCopy(Text), "t.json");
  ASSERT_TRUE(static_cast<bool>(Opened)) << llvm::toString(Opened.takeError());
  EXPECT_EQ(Opened->size(), 2u);
  EXPECT_EQ(Opened->find("c:@F@other#"), nullptr);
  const PortableSummary *S = Opened->find("c:@F@send#");
  ASSERT_NE(S, nullptr);
  EXPECT_TRUE(*S == Sends);
  EXPECT_EQ(Opened->entryText("c:@F@start\"quoted\"#"),
            T.entryText("c:@F@start\"quoted\"#"));
  EXPECT_EQ(Opened->functions(), T.functions());
  std::string Again;
  llvm::raw_string_ostream AgainOS(Again);
  Opened->write(AgainOS);
  EXPECT_EQ(Again, Text);
}

TEST(SummaryFileTest, OpenedTableLeavesAMalformedEntryUnknown) {
  std::string Head = std::string("{\"format\":\"conctidy-summaries\","
                                 "\"version\":\"") +
                     summaryFileVersion().str() + "\",";
  llvm::Expected<SummaryTable> T = SummaryTable::parseLazily(
      llvm::MemoryBuffer::getMemBufferCopy(
          Head + "\"functions\":{\"c:@F@bad\":{\"c\":[\"sx\"]},"
                 "\"c:@F@good\":{\"c\":[\"s\"]}}}"),
      "t.json");
  ASSERT_TRUE(static_cast<bool>(T)) << llvm::toString(T.takeError());
  EXPECT_EQ(T->find("c:@F@bad"), nullptr);
  ASSERT_NE(T->find("c:@F@good"), nullptr);
  EXPECT_TRUE(T->find("c:@F@good")->ChannelParams[0].Sends);

  auto Error = [](const std::string &Text) {
    llvm::Expected<SummaryTable> T = SummaryTable::parseLazily(
        llvm::MemoryBuffer::getMemBufferCopy(Text), "t.json");
    return T ? std::string("(opened)") : llvm::toString(T.takeError());
  };
  EXPECT_EQ(Error(Head + "\"functions\":{\"c:@F@f\":{}}"),
            "summary file 't.json': not valid JSON (expected ',' or '}' at "
            "offset " +
                std::to_string(Head.size() + 25) + ")");
  EXPECT_EQ(Error(Head + "\"functions\":[]}"),
            "summary file 't.json': not valid JSON (expected '{' at offset "
            "0)");
  EXPECT_EQ(Error(Head + "\"other\":{}}"),
            "summary file 't.json': no 'functions'");
  EXPECT_EQ(Error("{\"format\":\"conctidy-summaries\",\"version\":\"0.0.1\","
                  "\"functions\":{}}"),
            "summary file 't.json': written by conctidy 0.0.1, this is "
            "conctidy " +
                summaryFileVersion().str() +
                "; rerun the first pass with this version");
  EXPECT_EQ(Error("{\"format\":\"other\",\"functions\":{}}"),
            "summary file 't.json': not a conctidy summary file");
}

} // namespace
