//===--- GlobalAccessFile.cpp - Global accesses across units --------------===//

#include "conctidy/Analysis/GlobalAccessFile.h"
#include "conctidy/Analysis/GlobalAccessSummary.h"
#include "conctidy/Analysis/SummaryFile.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;
namespace json = llvm::json;

namespace conctidy {

void mergeGlobalAccesses(std::vector<PortableGlobalAccess> &A,
                         const std::vector<PortableGlobalAccess> &B) {
  A.insert(A.end(), B.begin(), B.end());
  llvm::sort(A);
  A.erase(std::unique(A.begin(), A.end()), A.end());
  if (A.size() > MaxPortableGlobalAccesses)
    A.resize(MaxPortableGlobalAccesses);
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

void writeGlobalAccesses(json::OStream &J,
                         const std::vector<PortableGlobalAccess> &Accesses) {
  if (Accesses.empty())
    return;
  J.attributeArray("ga", [&] {
    for (const PortableGlobalAccess &A : Accesses)
      J.object([&] {
        J.attribute("object", A.Object);
        J.attribute("name", A.Name);
        J.attribute("function", A.Function);
        J.attribute("at", A.Where);
        if (A.Write)
          J.attribute("write", true);
        if (A.Spawned)
          J.attribute("spawned", true);
        if (!A.Concurrent)
          J.attribute("concurrent", false);
        if (A.Deliberate)
          J.attribute("deliberate", true);
        writePaths(J, "held", A.Held);
        writePaths(J, "shared", A.SharedHeld);
        writePaths(J, "released", A.Released);
      });
  });
}

bool parseGlobalAccesses(const json::Object &Function,
                         std::vector<PortableGlobalAccess> &Out) {
  const json::Array *A = Function.getArray("ga");
  if (!A)
    return true;
  for (const json::Value &V : *A) {
    const json::Object *O = V.getAsObject();
    std::optional<llvm::StringRef> Object =
        O ? O->getString("object") : std::nullopt;
    if (!Object || Object->empty())
      return false;
    PortableGlobalAccess G;
    G.Object = Object->str();
    G.Name = O->getString("name").value_or("").str();
    G.Function = O->getString("function").value_or("").str();
    G.Where = O->getString("at").value_or("").str();
    G.Write = O->getBoolean("write").value_or(false);
    G.Spawned = O->getBoolean("spawned").value_or(false);
    G.Concurrent = O->getBoolean("concurrent").value_or(true);
    G.Deliberate = O->getBoolean("deliberate").value_or(false);
    if (!parsePaths(*O, "held", G.Held) ||
        !parsePaths(*O, "shared", G.SharedHeld) ||
        !parsePaths(*O, "released", G.Released))
      return false;
    Out.push_back(std::move(G));
  }
  llvm::sort(Out);
  Out.erase(std::unique(Out.begin(), Out.end()), Out.end());
  return true;
}

namespace {

/// The locks of \p Paths that callers can name and that can guard a
/// global: a global's.
void addGlobalLock(const LockPath &P, const FunctionDecl &F,
                   std::vector<PortableLockPath> &Out) {
  const auto *Var = P.Root == LockPath::RootKind::Variable
                        ? dyn_cast_or_null<VarDecl>(P.RootDecl)
                        : nullptr;
  if (!Var || !Var->hasGlobalStorage())
    return;
  if (std::optional<PortableLockPath> Portable = portableLockPath(P, F))
    Out.push_back(std::move(*Portable));
}

} // namespace

void exportGlobalAccesses(ASTContext &Context, const AccessOptions &Options,
                          SummaryTable &Table) {
  std::vector<const FunctionDecl *> Defs =
      exportedDefinitions(Context, /*SkipLambdas=*/true);
  const SourceManager &SM = Context.getSourceManager();
  if (Defs.empty())
    return;
  FunctionSummaries Sums(Context);
  Sums.setLinked(nullptr);
  GlobalAccessTable &Part = Sums.globalAccesses(Options);
  for (const FunctionDecl *F : Defs) {
    const AccessSummary &S = Part.of(*F);
    if (S.Accesses.empty())
      continue;
    std::string USR = usrOf(*F);
    if (USR.empty())
      continue;
    PortableSummary P;
    for (const SummaryAccess &In : S.Accesses) {
      const SharedAccess &A = In.Access;
      const auto *Var = dyn_cast<VarDecl>(A.Target);
      // A file-static global cannot be named by another unit.
      if (!Var || !Var->isExternallyVisible() || In.Dying)
        continue;
      PortableGlobalAccess G;
      G.Object = usrOf(*Var);
      G.Name = Var->getName().str();
      if (G.Object.empty())
        continue;
      G.Function = A.Function->getNameAsString();
      G.Where = sourcePosition(A.Use->getExprLoc(), SM);
      G.Write = A.Access == model::AccessKind::Write;
      G.Spawned = A.Spawned;
      G.Concurrent = A.Concurrent;
      G.Deliberate = In.Deliberate;
      for (const HeldLock &H : A.Held.held())
        addGlobalLock(H.Path, *F,
                      H.Mode == model::LockMode::Shared ? G.SharedHeld
                                                        : G.Held);
      for (const LockPath &R : A.Held.released())
        addGlobalLock(R, *F, G.Released);
      P.GlobalAccesses.push_back(std::move(G));
    }
    if (P.GlobalAccesses.empty())
      continue;
    mergeGlobalAccesses(P.GlobalAccesses, {});
    Table.add(USR, P);
  }
}

} // namespace conctidy
