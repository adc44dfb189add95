//===--- AccessFile.cpp - Data accesses across units ----------------------===//

#include "conctidy/Analysis/AccessFile.h"
#include "AccessUnits.h"
#include "conctidy/Analysis/GlobalAccessSummary.h"
#include "conctidy/Analysis/MemberAccessSummary.h"
#include "conctidy/Analysis/SummaryFile.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;
namespace json = llvm::json;

namespace conctidy {

/// What a record tells a reader about its data, apart from where the
/// access is written: two records of one context lead to the same
/// conclusions.
static auto contextOf(const PortableAccess &A) {
  return std::tie(A.Data, A.Write, A.Spawned, A.Concurrent, A.Deliberate,
                  A.ThroughPointer, A.Returned, A.Awaited, A.LazyInit,
                  A.Published, A.Held, A.SharedHeld, A.Released);
}

bool mergeAccesses(std::vector<PortableAccess> &A,
                   const std::vector<PortableAccess> &B) {
  A.insert(A.end(), B.begin(), B.end());
  llvm::sort(A);
  A.erase(std::unique(A.begin(), A.end()), A.end());
  if (A.size() <= MaxPortableAccesses)
    return false;
  // Over the cap: one record of each context first (the first in order),
  // then the others in order, so that what is cut is where accesses are
  // written rather than what they say, as far as the cap allows.
  std::vector<size_t> ByContext(A.size());
  for (size_t I = 0; I < A.size(); ++I)
    ByContext[I] = I;
  llvm::stable_sort(ByContext, [&](size_t L, size_t R) {
    return contextOf(A[L]) < contextOf(A[R]);
  });
  std::vector<bool> Keep(A.size());
  size_t Kept = 0;
  for (size_t J = 0; J < ByContext.size() && Kept < MaxPortableAccesses; ++J)
    if (J == 0 ||
        contextOf(A[ByContext[J]]) != contextOf(A[ByContext[J - 1]])) {
      Keep[ByContext[J]] = true;
      ++Kept;
    }
  for (size_t I = 0; I < A.size() && Kept < MaxPortableAccesses; ++I)
    if (!Keep[I]) {
      Keep[I] = true;
      ++Kept;
    }
  std::vector<PortableAccess> Out;
  for (size_t I = 0; I < A.size(); ++I)
    if (Keep[I])
      Out.push_back(std::move(A[I]));
  A = std::move(Out);
  return true;
}

static void writePaths(json::OStream &J, llvm::StringRef Name,
                       const std::vector<PortableLockPath> &Paths) {
  if (Paths.empty())
    return;
  J.attributeArray(Name, [&] {
    for (const PortableLockPath &P : Paths)
      writeLockPath(J, P);
  });
}

static bool parsePaths(const json::Object &O, llvm::StringRef Name,
                       std::vector<PortableLockPath> &Out) {
  const json::Array *A = O.getArray(Name);
  if (!A)
    return true;
  for (const json::Value &V : *A) {
    PortableLockPath P;
    if (!parseLockPath(V, P))
      return false;
    Out.push_back(std::move(P));
  }
  return true;
}

/// The boolean facts of an access, by the attribute they are written as
/// (only when they differ from the default).
static auto flagsOf(PortableAccess &A) {
  return std::array<std::tuple<const char *, bool *, bool>, 9>{
      {{"write", &A.Write, false},
       {"spawned", &A.Spawned, false},
       {"concurrent", &A.Concurrent, true},
       {"deliberate", &A.Deliberate, false},
       {"pointee", &A.ThroughPointer, false},
       {"returned", &A.Returned, false},
       {"awaited", &A.Awaited, false},
       {"lazy", &A.LazyInit, false},
       {"published", &A.Published, false}}};
}

void writeAccesses(json::OStream &J, llvm::StringRef Name,
                   const std::vector<PortableAccess> &Accesses) {
  if (Accesses.empty())
    return;
  J.attributeArray(Name, [&] {
    for (PortableAccess A : Accesses)
      J.object([&] {
        J.attributeBegin("data");
        writeLockPath(J, A.Data);
        J.attributeEnd();
        J.attribute("function", A.Function);
        J.attribute("at", A.Where);
        for (auto [Key, Flag, Default] : flagsOf(A))
          if (*Flag != Default)
            J.attribute(Key, *Flag);
        writePaths(J, "held", A.Held);
        writePaths(J, "shared", A.SharedHeld);
        writePaths(J, "released", A.Released);
      });
  });
}

bool parseAccesses(const json::Object &Function, llvm::StringRef Name,
                   std::vector<PortableAccess> &Out) {
  const json::Array *A = Function.getArray(Name);
  if (!A)
    return true;
  for (const json::Value &V : *A) {
    const json::Object *O = V.getAsObject();
    const json::Value *Data = O ? O->get("data") : nullptr;
    PortableAccess P;
    if (!Data || !parseLockPath(*Data, P.Data) || P.Data.Root.empty())
      return false;
    P.Function = O->getString("function").value_or("").str();
    P.Where = O->getString("at").value_or("").str();
    for (auto [Key, Flag, Default] : flagsOf(P))
      *Flag = O->getBoolean(Key).value_or(Default);
    if (!parsePaths(*O, "held", P.Held) ||
        !parsePaths(*O, "shared", P.SharedHeld) ||
        !parsePaths(*O, "released", P.Released))
      return false;
    Out.push_back(std::move(P));
  }
  llvm::sort(Out);
  Out.erase(std::unique(Out.begin(), Out.end()), Out.end());
  return true;
}

/// Copies the facts about the use that a file keeps (SharedAccess <->
/// PortableAccess).
template <typename From, typename To>
static void copyUseFacts(const From &F, To &T) {
  T.ThroughPointer = F.ThroughPointer;
  T.Returned = F.Returned;
  T.Awaited = F.Awaited;
  T.LazyInit = F.LazyInit;
  T.Published = F.Published;
}

AccessSummary linkedRecords(const std::vector<PortableAccess> &Accesses,
                            const CallExpr &Call, const FunctionDecl &Callee,
                            PortableLockPaths &Paths) {
  AccessSummary Out;
  for (const PortableAccess &P : Accesses) {
    std::optional<LockPath> Data = Paths.resolve(P.Data, Callee);
    const ValueDecl *Target = Data ? Data->mutexDecl() : nullptr;
    if (!Target)
      continue;
    // A global is named by its first declaration, as a unit's own accesses
    // name it.
    if (Data->Members.empty())
      Data->RootDecl = Target = cast<VarDecl>(Target)->getCanonicalDecl();
    LockState Held;
    for (const PortableLockPath &L : P.Released)
      if (std::optional<LockPath> R = Paths.resolve(L, Callee))
        Held.release(*R);
    // A held lock this unit cannot name (a member of a class defined only
    // in the other file): the access would look unguarded, so it is
    // unknown.
    bool Named = true;
    auto Acquire = [&](const PortableLockPath &L, model::LockMode Mode) {
      if (std::optional<LockPath> R = Paths.resolve(L, Callee))
        Held.acquire(*R, Mode);
      else
        Named = false;
    };
    for (const PortableLockPath &L : P.Held)
      Acquire(L, model::LockMode::Exclusive);
    for (const PortableLockPath &L : P.SharedHeld)
      Acquire(L, model::LockMode::Shared);
    if (!Named)
      continue;
    SharedAccess A{std::move(*Data),
                   Target,
                   &Call,
                   P.Write ? model::AccessKind::Write : model::AccessKind::Read,
                   std::move(Held),
                   &Callee,
                   P.Concurrent,
                   P.Spawned};
    copyUseFacts(P, A);
    A.RemoteFunction = P.Function;
    A.RemoteWhere = P.Where;
    SummaryAccess Rec{std::move(A)};
    Rec.Deliberate = P.Deliberate;
    Out.Accesses.push_back(std::move(Rec));
  }
  return Out;
}

namespace {

/// Writes the access parts of one unit's functions.
class AccessExporter {
public:
  AccessExporter(ASTContext &Context, FunctionSummaries &Sums)
      : SM(Context.getSourceManager()), Sums(Sums) {}

  /// \p In, a record of \p F's summary, in the file's terms; nothing when a
  /// caller in another unit could not name its data.
  std::optional<PortableAccess> portable(const SummaryAccess &In,
                                         const FunctionDecl &F,
                                         bool GlobalLocksOnly) {
    const SharedAccess &A = In.Access;
    if (In.Dying)
      return std::nullopt;
    std::optional<PortableLockPath> Data = portableLockPath(A.Path, F);
    if (!Data)
      return std::nullopt;
    PortableAccess P;
    P.Data = std::move(*Data);
    // A record linked from another unit keeps where the access is written.
    P.Function = A.RemoteWhere.empty() ? A.Function->getNameAsString()
                                       : A.RemoteFunction;
    P.Where = A.RemoteWhere.empty() ? sourcePosition(A.Use->getExprLoc(), SM)
                                    : A.RemoteWhere;
    P.Write = A.Access == model::AccessKind::Write;
    P.Spawned = A.Spawned;
    P.Concurrent = A.Concurrent;
    P.Deliberate = In.Deliberate;
    copyUseFacts(A, P);
    // False when the access holds a lock no caller can name (a static
    // local's, the GIL): it would look unguarded elsewhere, so it is not
    // written at all.
    auto AddLock = [&](const LockPath &L, std::vector<PortableLockPath> &To) {
      // Only a global's lock can guard a global.
      const auto *Var = L.Root == LockPath::RootKind::Variable
                            ? dyn_cast_or_null<VarDecl>(L.RootDecl)
                            : nullptr;
      if (GlobalLocksOnly && (!Var || !Var->hasGlobalStorage()))
        return true;
      std::optional<PortableLockPath> Portable = portableLockPath(L, F);
      if (!Portable)
        return false;
      To.push_back(std::move(*Portable));
      return true;
    };
    for (const HeldLock &H : A.Held.held())
      if (!AddLock(H.Path,
                   H.Mode == model::LockMode::Shared ? P.SharedHeld : P.Held))
        return std::nullopt;
    for (const LockPath &R : A.Held.released())
      AddLock(R, P.Released);
    return P;
  }

  /// Whether \p In is made by the code of a class that synchronizes
  /// itself, reached from \p F outside that class: the class answers for
  /// it (ClassAccesses' answeredElsewhere, which a unit reading the
  /// record could not tell).
  bool answeredByItsClass(const SummaryAccess &In, const FunctionDecl &F) {
    const CXXRecordDecl *Owner = access::ownerClass(In.Access.Function);
    if (!Owner || Owner == access::ownerClass(&F))
      return false;
    auto [It, New] = Synchronized.try_emplace(Owner, false);
    if (New && Owner->hasDefinition())
      It->second = access::synchronizesItself(*Owner->getDefinition(), Sums);
    return It->second;
  }

private:
  const SourceManager &SM;
  FunctionSummaries &Sums;
  llvm::DenseMap<const CXXRecordDecl *, bool> Synchronized;
};

} // namespace

void exportAccesses(FunctionSummaries &Sums, const AccessOptions &Options,
                    SummaryTable &Table) {
  ASTContext &Context = Sums.context();
  std::vector<const FunctionDecl *> Defs =
      exportedDefinitions(Context, /*SkipLambdas=*/true);
  if (Defs.empty())
    return;
  GlobalAccessTable &Globals = Sums.globalAccesses(Options);
  MemberAccessTable &Members = Sums.memberAccesses(Options);
  AccessExporter Export(Context, Sums);
  for (const FunctionDecl *F : Defs) {
    // Every unit that calls an inline function or a template's
    // instantiation has its body: a linked record of it is never read.
    if (F->isInlined() || F->isTemplateInstantiation())
      continue;
    PortableSummary P;
    for (const SummaryAccess &In : Globals.of(*F).Accesses) {
      // A file-static global cannot be named by another unit.
      const auto *Var = dyn_cast<VarDecl>(In.Access.Target);
      if (!Var || !Var->isExternallyVisible())
        continue;
      if (std::optional<PortableAccess> A = Export.portable(In, *F, true))
        P.GlobalAccesses.push_back(std::move(*A));
    }
    for (const SummaryAccess &In : Members.of(*F).Accesses)
      if (!Export.answeredByItsClass(In, *F))
        if (std::optional<PortableAccess> A = Export.portable(In, *F, false))
          P.MemberAccesses.push_back(std::move(*A));
    if (P.GlobalAccesses.empty() && P.MemberAccesses.empty())
      continue;
    std::string USR = usrOf(*F);
    if (USR.empty())
      continue;
    bool GlobalsCut = mergeAccesses(P.GlobalAccesses, {});
    bool MembersCut = mergeAccesses(P.MemberAccesses, {});
    P.AccessesCut = GlobalsCut || MembersCut;
    Table.add(USR, P);
  }
}

} // namespace conctidy
