//===--- SummaryFile.cpp - Function summaries across translation units ----===//

#include "conctidy/Analysis/SummaryFile.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
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

std::string spell(const ChannelEffects &E) {
  std::string S;
  if (E.Sends)
    S += 's';
  if (E.Receives)
    S += 'r';
  if (E.Closes)
    S += 'c';
  if (E.Unknown)
    S += '?';
  return S;
}

bool parseChannel(llvm::StringRef S, ChannelEffects &E) {
  for (char C : S)
    switch (C) {
    case 's':
      E.Sends = true;
      break;
    case 'r':
      E.Receives = true;
      break;
    case 'c':
      E.Closes = true;
      break;
    case '?':
      E.Unknown = true;
      break;
    default:
      return false;
    }
  return true;
}

std::string spell(const HandleEffects &E) {
  std::string S;
  if (E.Joins)
    S += 'j';
  if (E.Detaches)
    S += 'd';
  if (E.Unknown)
    S += '?';
  return S;
}

bool parseHandle(llvm::StringRef S, HandleEffects &E) {
  for (char C : S)
    switch (C) {
    case 'j':
      E.Joins = true;
      break;
    case 'd':
      E.Detaches = true;
      break;
    case '?':
      E.Unknown = true;
      break;
    default:
      return false;
    }
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
  Control.MayThrow |= O.Control.MayThrow;
  // Never returns only if every definition never returns.
  Control.NeverReturns &= O.Control.NeverReturns;
  mergeRuntimeUses(RuntimeUses, O.RuntimeUses);
}

bool PortableSummary::operator==(const PortableSummary &O) const {
  return ChannelParams == O.ChannelParams &&
         ChannelMembers == O.ChannelMembers && HandleParams == O.HandleParams &&
         Spawns == O.Spawns && Control == O.Control &&
         RuntimeUses == O.RuntimeUses;
}

const PortableSummary *SummaryTable::find(llvm::StringRef USR) const {
  auto It = Functions.find(USR.str());
  return It == Functions.end() ? nullptr : &It->second;
}

void SummaryTable::add(const std::string &USR, const PortableSummary &S) {
  auto [It, New] = Functions.try_emplace(USR, S);
  if (!New)
    It->second.merge(S);
}

void SummaryTable::merge(const SummaryTable &O) {
  for (const auto &[USR, S] : O.Functions)
    add(USR, S);
}

void SummaryTable::write(llvm::raw_ostream &OS) const {
  json::OStream J(OS);
  J.object([&] {
    J.attribute("format", FormatName);
    J.attribute("version", summaryFileVersion());
    J.attributeObject("functions", [&] {
      for (const auto &[USR, S] : Functions)
        J.attributeObject(USR, [&] {
          bool AnyChannel = false, AnyHandle = false;
          for (const ChannelEffects &E : S.ChannelParams)
            AnyChannel |= !E.none();
          for (const HandleEffects &E : S.HandleParams)
            AnyHandle |= !E.none();
          // Parameters are written as a string per parameter, "" for none.
          J.attributeArray("c", [&] {
            for (const ChannelEffects &E : S.ChannelParams)
              J.value(spell(E));
          });
          if (!S.ChannelMembers.empty())
            J.attributeObject("m", [&] {
              for (const auto &[Field, E] : S.ChannelMembers)
                J.attribute(Field, spell(E));
            });
          if (AnyHandle)
            J.attributeArray("t", [&] {
              for (const HandleEffects &E : S.HandleParams)
                J.value(spell(E));
            });
          (void)AnyChannel;
          if (S.Spawns)
            J.attribute("spawns", true);
          if (S.Control.MayThrow)
            J.attribute("throws", true);
          if (S.Control.NeverReturns)
            J.attribute("noreturn", true);
          writeRuntimeUses(J, S.RuntimeUses);
        });
    });
  });
  OS << '\n';
}

llvm::Expected<SummaryTable> SummaryTable::parse(llvm::StringRef Text,
                                                 llvm::StringRef Path) {
  auto Fail = [&](const llvm::Twine &Why) {
    return llvm::createStringError(
        std::make_error_code(std::errc::invalid_argument),
        "summary file '" + Path + "': " + Why);
  };
  llvm::Expected<json::Value> V = json::parse(Text);
  if (!V)
    return Fail("not valid JSON (" + llvm::toString(V.takeError()) + ")");
  const json::Object *Root = V->getAsObject();
  if (!Root ||
      Root->getString("format") != std::optional<llvm::StringRef>(FormatName))
    return Fail("not a conctidy summary file");
  std::optional<llvm::StringRef> Version = Root->getString("version");
  if (!Version || *Version != summaryFileVersion())
    return Fail("written by conctidy " +
                (Version ? Version->str() : std::string("(unknown)")) +
                ", this is conctidy " + summaryFileVersion() +
                "; rerun the first pass with this version");
  const json::Object *Functions = Root->getObject("functions");
  if (!Functions)
    return Fail("no 'functions'");
  SummaryTable T;
  for (const auto &[Key, Value] : *Functions) {
    const json::Object *F = Value.getAsObject();
    if (!F)
      return Fail("malformed entry '" + Key.str() + "'");
    PortableSummary S;
    if (const json::Array *C = F->getArray("c"))
      for (const json::Value &E : *C) {
        ChannelEffects X;
        std::optional<llvm::StringRef> Str = E.getAsString();
        if (!Str || !parseChannel(*Str, X))
          return Fail("malformed entry '" + Key.str() + "'");
        S.ChannelParams.push_back(X);
      }
    if (const json::Object *M = F->getObject("m"))
      for (const auto &[Field, E] : *M) {
        ChannelEffects X;
        std::optional<llvm::StringRef> Str = E.getAsString();
        if (!Str || !parseChannel(*Str, X))
          return Fail("malformed entry '" + Key.str() + "'");
        S.ChannelMembers[Field.str()] = X;
      }
    if (const json::Array *H = F->getArray("t"))
      for (const json::Value &E : *H) {
        HandleEffects X;
        std::optional<llvm::StringRef> Str = E.getAsString();
        if (!Str || !parseHandle(*Str, X))
          return Fail("malformed entry '" + Key.str() + "'");
        S.HandleParams.push_back(X);
      }
    S.Spawns = F->getBoolean("spawns").value_or(false);
    S.Control.MayThrow = F->getBoolean("throws").value_or(false);
    S.Control.NeverReturns = F->getBoolean("noreturn").value_or(false);
    if (!parseRuntimeUses(*F, S.RuntimeUses))
      return Fail("malformed entry '" + Key.str() + "'");
    T.add(Key.str(), S);
  }
  return T;
}

llvm::Expected<SummaryTable> SummaryTable::read(llvm::StringRef Path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Buffer =
      llvm::MemoryBuffer::getFile(Path);
  if (!Buffer)
    return llvm::createStringError(Buffer.getError(),
                                   "cannot read summary file '" + Path +
                                       "': " + Buffer.getError().message());
  return parse((*Buffer)->getBuffer(), Path);
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
  DefinitionCollector(const SourceManager &SM,
                      std::vector<const FunctionDecl *> &Out)
      : SM(SM), Out(Out) {}
  bool shouldVisitTemplateInstantiations() const { return false; }
  bool VisitFunctionDecl(FunctionDecl *F) {
    if (F->doesThisDeclarationHaveABody() && !F->isDependentContext() &&
        !F->isInvalidDecl() && F->isExternallyVisible() &&
        F->getLocation().isValid() && !SM.isInSystemHeader(F->getLocation()))
      Out.push_back(F);
    return true;
  }

private:
  const SourceManager &SM;
  std::vector<const FunctionDecl *> &Out;
};

} // namespace

SummaryTable exportSummaries(ASTContext &Context, FunctionSummaries &Sums) {
  std::vector<const FunctionDecl *> Defs;
  DefinitionCollector(Context.getSourceManager(), Defs)
      .TraverseDecl(Context.getTranslationUnitDecl());
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
    T.add(USR, S);
  }
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
