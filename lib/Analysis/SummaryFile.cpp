//===--- SummaryFile.cpp - Function summaries across translation units ----===//

#include "conctidy/Analysis/SummaryFile.h"
#include "JsonSkim.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include <memory>

#ifndef CONCTIDY_VERSION
#error "CONCTIDY_VERSION must be defined by the build"
#endif

using namespace clang;
namespace json = llvm::json;

namespace conctidy {

namespace {

constexpr char FormatName[] = "conctidy-summaries";

/// One effect flag of a summary part and the letter that spells it in a
/// summary file. Each part's table is the one list both write() and parse()
/// read, so a flag cannot be written without being read back.
template <class Effects> struct EffectFlag {
  bool Effects::*Field;
  char Letter;
};

const EffectFlag<ChannelEffects> ChannelFlags[] = {
    {&ChannelEffects::Sends, 's'},
    {&ChannelEffects::Receives, 'r'},
    {&ChannelEffects::Closes, 'c'},
    {&ChannelEffects::Unknown, '?'},
};

const EffectFlag<HandleEffects> HandleFlags[] = {
    {&HandleEffects::Joins, 'j'},
    {&HandleEffects::Detaches, 'd'},
    {&HandleEffects::Unknown, '?'},
};

template <class Effects, size_t N>
std::string spell(const Effects &E, const EffectFlag<Effects> (&Flags)[N]) {
  std::string S;
  for (const EffectFlag<Effects> &F : Flags)
    if (E.*F.Field)
      S += F.Letter;
  return S;
}

/// Sets in \p E the flags \p S spells; false for a letter no flag has.
template <class Effects, size_t N>
bool parseFlags(llvm::StringRef S, Effects &E,
                const EffectFlag<Effects> (&Flags)[N]) {
  for (char C : S) {
    const EffectFlag<Effects> *F =
        llvm::find_if(Flags, [C](const auto &F) { return F.Letter == C; });
    if (F == std::end(Flags))
      return false;
    E.*F->Field = true;
  }
  return true;
}

/// Parses a JSON string spelling one part's flags into \p E.
template <class Effects, size_t N>
bool parseFlags(const json::Value &V, Effects &E,
                const EffectFlag<Effects> (&Flags)[N]) {
  std::optional<llvm::StringRef> Str = V.getAsString();
  return Str && parseFlags(*Str, E, Flags);
}

/// The yes/no facts of a summary, each written as `"name": true` when set
/// (absent: false); one list both write() and parse() read.
struct SummaryBool {
  const char *Name;
  bool &(*Of)(PortableSummary &);
};

const SummaryBool SummaryBools[] = {
    {"spawns", [](PortableSummary &S) -> bool & { return S.Spawns; }},
    {"throws", [](PortableSummary &S) -> bool & { return S.Control.MayThrow; }},
    {"noreturn",
     [](PortableSummary &S) -> bool & { return S.Control.NeverReturns; }},
    {"called-elsewhere",
     [](PortableSummary &S) -> bool & { return S.CalledElsewhere; }},
    {"accesses-cut",
     [](PortableSummary &S) -> bool & { return S.AccessesCut; }},
};

/// The lock part's lists of locks, each written as an array of lock paths
/// under its name (absent: none), and its flags, written under "f"; the
/// lists and flags both write() and parse() read.
struct LockPathList {
  const char *Name;
  std::vector<PortableLockPath> PortableLockSummary::*Field;
};

const LockPathList LockPathLists[] = {
    {"a", &PortableLockSummary::Acquires},
    {"as", &PortableLockSummary::SharedAcquires},
    {"r", &PortableLockSummary::Releases},
    {"g", &PortableLockSummary::ReturnedGuard},
    {"c", &PortableLockSummary::GuardLocks},
};

const EffectFlag<PortableLockSummary> LockFlags[] = {
    {&PortableLockSummary::ReturnedGuardShared, 'g'},
    {&PortableLockSummary::GuardShared, 'c'},
};

/// The attribute the lock part is written under, and that of the lockable
/// it returns.
constexpr char LockSetAttribute[] = "k";
constexpr char LockReturnsAttribute[] = "o";

void writeLockSet(json::OStream &J, const PortableLockSummary &L) {
  J.attributeObject(LockSetAttribute, [&] {
    for (const LockPathList &List : LockPathLists)
      if (!(L.*List.Field).empty())
        J.attributeArray(List.Name, [&] {
          for (const PortableLockPath &P : L.*List.Field)
            writeLockPath(J, P);
        });
    if (L.Returns) {
      J.attributeBegin(LockReturnsAttribute);
      writeLockPath(J, *L.Returns);
      J.attributeEnd();
    }
    std::string Flags = spell(L, LockFlags);
    if (!Flags.empty())
      J.attribute("f", Flags);
  });
}

bool parseLockSet(const json::Value &V, PortableLockSummary &L) {
  const json::Object *O = V.getAsObject();
  if (!O)
    return false;
  for (const LockPathList &List : LockPathLists)
    if (const json::Value *Paths = O->get(List.Name)) {
      const json::Array *A = Paths->getAsArray();
      if (!A)
        return false;
      for (const json::Value &P : *A)
        if (!parseLockPath(P, (L.*List.Field).emplace_back()))
          return false;
    }
  if (const json::Value *R = O->get(LockReturnsAttribute))
    if (!parseLockPath(*R, L.Returns.emplace()))
      return false;
  if (const json::Value *F = O->get("f"))
    if (!parseFlags(*F, L, LockFlags))
      return false;
  return true;
}

template <class T>
void mergeVector(std::vector<T> &A, const std::vector<T> &B) {
  if (A.size() < B.size())
    A.resize(B.size());
  for (size_t I = 0; I < B.size(); ++I)
    A[I].merge(B[I]);
}

const SummaryTable *Linked = nullptr;

} // namespace

llvm::StringRef summaryFileVersion() { return CONCTIDY_VERSION; }

void PortableSummary::merge(const PortableSummary &O) {
  mergeVector(ChannelParams, O.ChannelParams);
  for (const auto &[Field, E] : O.ChannelMembers)
    ChannelMembers[Field].merge(E);
  mergeVector(HandleParams, O.HandleParams);
  Spawns |= O.Spawns;
  CalledElsewhere |= O.CalledElsewhere;
  Control.MayThrow |= O.Control.MayThrow;
  // Never returns only if every definition never returns.
  Control.NeverReturns &= O.Control.NeverReturns;
  Locks.merge(O.Locks);
  LockSet.merge(O.LockSet);
  mergeRuntimeUses(RuntimeUses, O.RuntimeUses);
  AccessesCut |= O.AccessesCut;
  AccessesCut |= mergeAccesses(GlobalAccesses, O.GlobalAccesses);
  AccessesCut |= mergeAccesses(MemberAccesses, O.MemberAccesses);
}

bool PortableSummary::operator==(const PortableSummary &O) const {
  return ChannelParams == O.ChannelParams &&
         ChannelMembers == O.ChannelMembers && HandleParams == O.HandleParams &&
         Spawns == O.Spawns && CalledElsewhere == O.CalledElsewhere &&
         AccessesCut == O.AccessesCut && Control == O.Control &&
         Locks == O.Locks && LockSet == O.LockSet &&
         RuntimeUses == O.RuntimeUses && GlobalAccesses == O.GlobalAccesses &&
         MemberAccesses == O.MemberAccesses;
}

void SummaryTable::markCalledElsewhere(llvm::StringRef USR) {
  if (PortableSummary *S = lookup(USR))
    S->CalledElsewhere = true;
}

bool PortableSummary::saysNothing() const {
  auto None = [](const auto &E) { return E.none(); };
  return llvm::all_of(ChannelParams, None) &&
         llvm::all_of(ChannelMembers,
                      [](const auto &M) { return M.second.none(); }) &&
         llvm::all_of(HandleParams, None) && !Spawns &&
         Control == ControlSummary() && Locks.empty() && LockSet.empty() &&
         RuntimeUses.empty() && GlobalAccesses.empty() &&
         MemberAccesses.empty();
}

static bool parseEntry(const json::Object &F, PortableSummary &S);

const PortableSummary *SummaryTable::find(llvm::StringRef USR) const {
  if (LookupLog)
    LookupLog->insert(USR.str());
  return lookup(USR);
}

PortableSummary *SummaryTable::lookup(llvm::StringRef USR) const {
  auto It = Functions.find(USR.str());
  if (It != Functions.end())
    return &It->second;
  auto U = Unread.find(USR);
  if (U == Unread.end())
    return nullptr;
  llvm::StringRef Text = U->second;
  Unread.erase(U);
  PortableSummary S;
  llvm::Expected<json::Value> V = json::parse(Text);
  if (!V) {
    llvm::consumeError(V.takeError());
    return nullptr;
  }
  const json::Object *F = V->getAsObject();
  if (!F || !parseEntry(*F, S))
    return nullptr;
  return &Functions.emplace(USR.str(), std::move(S)).first->second;
}

const std::map<std::string, PortableSummary> &SummaryTable::functions() const {
  std::vector<std::string> Keys;
  for (const auto &U : Unread)
    Keys.push_back(U.getKey().str());
  for (const std::string &USR : Keys)
    lookup(USR);
  return Functions;
}

std::string SummaryTable::entryText(llvm::StringRef USR) const {
  const PortableSummary *S = lookup(USR);
  if (!S)
    return "";
  SummaryTable One;
  One.add(USR.str(), *S);
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  One.write(OS);
  return Text;
}

void SummaryTable::add(const std::string &USR, const PortableSummary &S) {
  if (PortableSummary *Old = lookup(USR))
    Old->merge(S);
  else
    Functions.emplace(USR, S);
}

void SummaryTable::merge(const SummaryTable &O) {
  for (const auto &[USR, S] : O.functions())
    add(USR, S);
}

void SummaryTable::write(llvm::raw_ostream &OS) const {
  json::OStream J(OS);
  J.object([&] {
    J.attribute("format", FormatName);
    J.attribute("version", summaryFileVersion());
    J.attributeObject("functions", [&] {
      for (const auto &Entry : functions()) {
        const PortableSummary &S = Entry.second;
        J.attributeObject(Entry.first, [&] {
          bool AnyHandle = false;
          for (const HandleEffects &E : S.HandleParams)
            AnyHandle |= !E.none();
          // Parameters are written as a string per parameter, "" for none.
          J.attributeArray("c", [&] {
            for (const ChannelEffects &E : S.ChannelParams)
              J.value(spell(E, ChannelFlags));
          });
          if (!S.ChannelMembers.empty())
            J.attributeObject("m", [&] {
              for (const auto &[Field, E] : S.ChannelMembers)
                J.attribute(Field, spell(E, ChannelFlags));
            });
          if (AnyHandle)
            J.attributeArray("t", [&] {
              for (const HandleEffects &E : S.HandleParams)
                J.value(spell(E, HandleFlags));
            });
          for (const SummaryBool &B : SummaryBools)
            if (B.Of(const_cast<PortableSummary &>(S))) // Only read.
              J.attribute(B.Name, true);
          if (!S.Locks.empty())
            writeLockOrder(J, S.Locks);
          if (!S.LockSet.empty())
            writeLockSet(J, S.LockSet);
          writeRuntimeUses(J, S.RuntimeUses);
          writeAccesses(J, GlobalAccessAttribute, S.GlobalAccesses);
          writeAccesses(J, MemberAccessAttribute, S.MemberAccesses);
        });
      }
    });
  });
  OS << '\n';
}

/// The entry \p F of one function into \p S; false if it is malformed.
static bool parseEntry(const json::Object &F, PortableSummary &S) {
  if (const json::Array *C = F.getArray("c"))
    for (const json::Value &E : *C)
      if (!parseFlags(E, S.ChannelParams.emplace_back(), ChannelFlags))
        return false;
  if (const json::Object *M = F.getObject("m"))
    for (const auto &[Field, E] : *M)
      if (!parseFlags(E, S.ChannelMembers[Field.str()], ChannelFlags))
        return false;
  if (const json::Array *H = F.getArray("t"))
    for (const json::Value &E : *H)
      if (!parseFlags(E, S.HandleParams.emplace_back(), HandleFlags))
        return false;
  for (const SummaryBool &B : SummaryBools)
    B.Of(S) = F.getBoolean(B.Name).value_or(false);
  if (const json::Value *L = F.get(LockOrderAttribute))
    if (!parseLockOrder(*L, S.Locks))
      return false;
  if (const json::Value *K = F.get(LockSetAttribute))
    if (!parseLockSet(*K, S.LockSet))
      return false;
  return parseRuntimeUses(F, S.RuntimeUses) &&
         parseAccesses(F, GlobalAccessAttribute, S.GlobalAccesses) &&
         parseAccesses(F, MemberAccessAttribute, S.MemberAccesses);
}

static llvm::Error summaryFileError(llvm::StringRef Path,
                                    const llvm::Twine &Why) {
  return llvm::createStringError(
      std::make_error_code(std::errc::invalid_argument),
      "summary file '" + Path + "': " + Why);
}

/// Checks the format and \p Version of a summary file.
static llvm::Error checkHeader(std::optional<llvm::StringRef> Format,
                               std::optional<llvm::StringRef> Version,
                               llvm::StringRef Path) {
  if (Format != std::optional<llvm::StringRef>(FormatName))
    return summaryFileError(Path, "not a conctidy summary file");
  if (!Version || *Version != summaryFileVersion())
    return summaryFileError(
        Path, "written by conctidy " +
                  (Version ? Version->str() : std::string("(unknown)")) +
                  ", this is conctidy " + summaryFileVersion() +
                  "; rerun the first pass with this version");
  return llvm::Error::success();
}

llvm::Expected<SummaryTable> SummaryTable::parse(llvm::StringRef Text,
                                                 llvm::StringRef Path) {
  llvm::Expected<json::Value> V = json::parse(Text);
  if (!V)
    return summaryFileError(Path, "not valid JSON (" +
                                      llvm::toString(V.takeError()) + ")");
  const json::Object *Root = V->getAsObject();
  if (!Root)
    return summaryFileError(Path, "not a conctidy summary file");
  if (llvm::Error Err = checkHeader(Root->getString("format"),
                                    Root->getString("version"), Path))
    return std::move(Err);
  const json::Object *Functions = Root->getObject("functions");
  if (!Functions)
    return summaryFileError(Path, "no 'functions'");
  SummaryTable T;
  for (const auto &[Key, Value] : *Functions) {
    PortableSummary S;
    const json::Object *F = Value.getAsObject();
    if (!F || !parseEntry(*F, S))
      return summaryFileError(Path, "malformed entry '" + Key.str() + "'");
    T.add(Key.str(), S);
  }
  return T;
}

llvm::Expected<SummaryTable>
SummaryTable::parseLazily(std::unique_ptr<llvm::MemoryBuffer> Text,
                          llvm::StringRef Path) {
  SummaryTable T;
  T.Backing = std::move(Text);
  std::optional<llvm::StringRef> Format, Version, Functions;
  // A string member's value, unquoted (null if it is not a string).
  auto AsString = [](llvm::StringRef Value) -> std::optional<llvm::StringRef> {
    if (Value.size() < 2 || !Value.starts_with("\"") ||
        !Value.ends_with("\"") || Value.contains('\\'))
      return std::nullopt;
    return Value.drop_front().drop_back();
  };
  llvm::Error Skimmed = skimJsonObject(
      T.Backing->getBuffer(), [&](std::string Key, llvm::StringRef Value) {
        if (Key == "format")
          Format = AsString(Value);
        else if (Key == "version")
          Version = AsString(Value);
        else if (Key == "functions")
          Functions = Value;
      });
  if (Skimmed)
    return summaryFileError(Path, "not valid JSON (" +
                                      llvm::toString(std::move(Skimmed)) + ")");
  if (llvm::Error Err = checkHeader(Format, Version, Path))
    return std::move(Err);
  if (!Functions)
    return summaryFileError(Path, "no 'functions'");
  if (llvm::Error Err = skimJsonObject(
          *Functions, [&](std::string Key, llvm::StringRef Value) {
            T.Unread.try_emplace(Key, Value);
          }))
    return summaryFileError(Path, "not valid JSON (" +
                                      llvm::toString(std::move(Err)) + ")");
  return T;
}

static llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
readSummaryFile(llvm::StringRef Path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Buffer =
      llvm::MemoryBuffer::getFile(Path);
  if (!Buffer)
    return llvm::createStringError(Buffer.getError(),
                                   "cannot read summary file '" + Path +
                                       "': " + Buffer.getError().message());
  return std::move(*Buffer);
}

llvm::Expected<SummaryTable> SummaryTable::read(llvm::StringRef Path) {
  llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> Buffer =
      readSummaryFile(Path);
  if (!Buffer)
    return Buffer.takeError();
  return parse((*Buffer)->getBuffer(), Path);
}

llvm::Expected<SummaryTable> SummaryTable::open(llvm::StringRef Path) {
  llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> Buffer =
      readSummaryFile(Path);
  if (!Buffer)
    return Buffer.takeError();
  return parseLazily(std::move(*Buffer), Path);
}

std::string usrOf(const Decl &D) {
  llvm::SmallString<128> Buf;
  if (index::generateUSRForDecl(&D, Buf))
    return "";
  return std::string(Buf);
}

namespace {

class DefinitionCollector : public RecursiveASTVisitor<DefinitionCollector> {
public:
  DefinitionCollector(const SourceManager &SM, bool SkipLambdas,
                      std::vector<const FunctionDecl *> &Out)
      : SM(SM), SkipLambdas(SkipLambdas), Out(Out) {}
  bool shouldVisitTemplateInstantiations() const { return false; }
  bool VisitFunctionDecl(FunctionDecl *F) {
    if (!F->doesThisDeclarationHaveABody() || F->isDependentContext() ||
        F->isInvalidDecl() || !F->isExternallyVisible() ||
        F->getLocation().isInvalid() || SM.isInSystemHeader(F->getLocation()))
      return true;
    if (const auto *M = dyn_cast<CXXMethodDecl>(F))
      if (SkipLambdas && M->getParent()->isLambda())
        return true;
    Out.push_back(F);
    return true;
  }

private:
  const SourceManager &SM;
  bool SkipLambdas;
  std::vector<const FunctionDecl *> &Out;
};

} // namespace

std::vector<const FunctionDecl *> exportedDefinitions(ASTContext &Context,
                                                      bool SkipLambdas) {
  std::vector<const FunctionDecl *> Defs;
  DefinitionCollector(Context.getSourceManager(), SkipLambdas, Defs)
      .TraverseDecl(Context.getTranslationUnitDecl());
  return Defs;
}

std::string sourcePosition(SourceLocation Loc, const SourceManager &SM) {
  PresumedLoc P = SM.getPresumedLoc(SM.getFileLoc(Loc));
  if (P.isInvalid())
    return "";
  return std::string(P.getFilename()) + ":" + std::to_string(P.getLine()) +
         ":" + std::to_string(P.getColumn());
}

SummaryTable exportSummaries(ASTContext &Context, FunctionSummaries &Sums) {
  std::vector<const FunctionDecl *> Defs = exportedDefinitions(Context);
  SummaryTable T;
  for (const FunctionDecl *F : Defs) {
    // Local lambdas' call operators and the like have no stable USR use.
    if (const auto *M = dyn_cast<CXXMethodDecl>(F))
      if (M->getParent()->isLambda())
        continue;
    std::string USR = usrOf(*F);
    if (USR.empty())
      continue;
    PortableSummary S;
    const ChannelSummary &C = Sums.channels(*F);
    for (unsigned I = 0; I < F->getNumParams(); ++I)
      S.ChannelParams.push_back(C.param(I));
    for (const auto &[Field, E] : C.Members) {
      std::string FieldUSR = usrOf(*Field);
      if (!FieldUSR.empty())
        S.ChannelMembers[FieldUSR].merge(E);
    }
    const ThreadSummary &Th = Sums.threads(*F);
    for (unsigned I = 0; I < F->getNumParams(); ++I)
      S.HandleParams.push_back(Th.param(I));
    S.Spawns = Th.Spawns;
    S.Control = Sums.control(*F);
    S.LockSet = portableLockSummary(Sums, *F);
    T.add(USR, S);
  }
  exportLockOrders(Context, Sums, T);
  return T;
}

void setLinkedSummaries(const SummaryTable *Table) { Linked = Table; }
const SummaryTable *linkedSummaries() { return Linked; }

const SummaryTable *loadLinkedSummaries(llvm::StringRef Path,
                                        std::string &Error) {
  static std::map<std::string, std::unique_ptr<SummaryTable>> Loaded;
  static std::map<std::string, std::string> Failed;
  auto It = Loaded.find(Path.str());
  if (It != Loaded.end())
    return It->second.get();
  auto F = Failed.find(Path.str());
  if (F != Failed.end()) {
    Error.clear(); // Said once.
    return nullptr;
  }
  llvm::Expected<SummaryTable> T = SummaryTable::read(Path);
  if (!T) {
    Error = llvm::toString(T.takeError());
    Failed[Path.str()] = Error;
    return nullptr;
  }
  auto &Slot = Loaded[Path.str()];
  Slot = std::make_unique<SummaryTable>(std::move(*T));
  return Slot.get();
}

} // namespace conctidy
