//===--- LockOrderFile.cpp - The lock-order summary across translation units =//

#include "conctidy/Analysis/LockOrderFile.h"
#include "conctidy/Analysis/ASTHelpers.h"
#include "conctidy/Analysis/Deadlocks.h"
#include "conctidy/Analysis/FunctionSummaries.h"
#include "conctidy/Analysis/LockOrder.h"
#include "conctidy/Analysis/SummaryFile.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Path.h"

using namespace clang;
namespace json = llvm::json;

namespace conctidy {

std::string PortableSite::str() const {
  return File + ":" + std::to_string(Line) + ":" + std::to_string(Column);
}

void PortableLockOrder::merge(const PortableLockOrder &O) {
  if (Name.empty())
    Name = O.Name;
  Once &= O.Once;
  for (const PortableAcquire &A : O.Acquires)
    if (!llvm::is_contained(Acquires, A))
      Acquires.push_back(A);
  for (const PortableLockEdge &E : O.Edges)
    if (!llvm::is_contained(Edges, E))
      Edges.push_back(E);
}

namespace {

void writeSite(json::OStream &J, const PortableSite &S) {
  J.array([&] {
    J.value(S.File);
    J.value(S.Line);
    J.value(S.Column);
  });
}

bool parseSite(const json::Value *V, PortableSite &S) {
  const json::Array *A = V ? V->getAsArray() : nullptr;
  if (!A || A->size() != 3)
    return false;
  std::optional<llvm::StringRef> File = (*A)[0].getAsString();
  std::optional<int64_t> Line = (*A)[1].getAsInteger();
  std::optional<int64_t> Column = (*A)[2].getAsInteger();
  if (!File || !Line || !Column || *Line < 0 || *Column < 0)
    return false;
  S.File = File->str();
  S.Line = *Line;
  S.Column = *Column;
  return true;
}

} // namespace

void writeLockPath(json::OStream &J, const PortableLockPath &P) {
  J.array([&] {
    J.value(P.Root);
    for (const std::string &M : P.Members)
      J.value(M);
  });
}

bool parseLockPath(const json::Value &V, PortableLockPath &P) {
  const json::Array *A = V.getAsArray();
  if (!A || A->empty())
    return false;
  P = PortableLockPath();
  for (size_t I = 0; I < A->size(); ++I) {
    std::optional<llvm::StringRef> Part = (*A)[I].getAsString();
    if (!Part || Part->empty())
      return false;
    if (I == 0)
      P.Root = Part->str();
    else
      P.Members.push_back(Part->str());
  }
  return true;
}

void writeLockOrder(json::OStream &J, const PortableLockOrder &L) {
  J.attributeObject(LockOrderAttribute, [&] {
    J.attribute("name", L.Name);
    if (L.Once)
      J.attribute("once", true);
    if (!L.Acquires.empty())
      J.attributeArray("acquires", [&] {
        for (const PortableAcquire &A : L.Acquires)
          J.object([&] {
            J.attributeBegin("lock");
            writeLockPath(J, A.Lock);
            J.attributeEnd();
            std::string Flags;
            if (A.Shared)
              Flags += 's';
            if (A.Always)
              Flags += 'a';
            if (A.AfterHeld)
              Flags += 'b';
            if (!Flags.empty())
              J.attribute("f", Flags);
            J.attributeBegin("at");
            writeSite(J, A.At);
            J.attributeEnd();
          });
      });
    if (!L.Edges.empty())
      J.attributeArray("edges", [&] {
        for (const PortableLockEdge &E : L.Edges)
          J.object([&] {
            J.attributeArray("held", [&] {
              J.value(E.HeldKind);
              J.value(E.HeldName);
              J.value(E.HeldMember);
            });
            J.attributeArray("taken", [&] {
              J.value(E.TakenKind);
              J.value(E.TakenName);
              J.value(E.TakenMember);
            });
            if (E.HeldAt.valid()) {
              J.attributeBegin("heldAt");
              writeSite(J, E.HeldAt);
              J.attributeEnd();
            }
            J.attributeBegin("takenAt");
            writeSite(J, E.TakenAt);
            J.attributeEnd();
          });
      });
  });
}

bool parseLockOrder(const json::Value &V, PortableLockOrder &L) {
  const json::Object *O = V.getAsObject();
  if (!O)
    return false;
  std::optional<llvm::StringRef> Name = O->getString("name");
  if (!Name)
    return false;
  L.Name = Name->str();
  L.Once = O->getBoolean("once").value_or(false);
  if (const json::Array *As = O->getArray("acquires"))
    for (const json::Value &AV : *As) {
      const json::Object *AO = AV.getAsObject();
      const json::Value *Lock = AO ? AO->get("lock") : nullptr;
      PortableAcquire A;
      if (!Lock || !parseLockPath(*Lock, A.Lock))
        return false;
      llvm::StringRef Flags = AO->getString("f").value_or("");
      A.Shared = Flags.contains('s');
      A.Always = Flags.contains('a');
      A.AfterHeld = Flags.contains('b');
      if (!parseSite(AO->get("at"), A.At))
        return false;
      L.Acquires.push_back(std::move(A));
    }
  if (const json::Array *Es = O->getArray("edges"))
    for (const json::Value &EV : *Es) {
      const json::Object *EO = EV.getAsObject();
      const json::Array *Held = EO ? EO->getArray("held") : nullptr;
      const json::Array *Taken = EO ? EO->getArray("taken") : nullptr;
      if (!Held || !Taken || Held->size() != 3 || Taken->size() != 3)
        return false;
      PortableLockEdge E;
      auto Kind = [](const json::Array &A, std::string &USR, std::string &N,
                     bool &Member) {
        std::optional<llvm::StringRef> U = A[0].getAsString();
        std::optional<llvm::StringRef> S = A[1].getAsString();
        std::optional<bool> M = A[2].getAsBoolean();
        if (!U || !S || !M || U->empty())
          return false;
        USR = U->str();
        N = S->str();
        Member = *M;
        return true;
      };
      if (!Kind(*Held, E.HeldKind, E.HeldName, E.HeldMember) ||
          !Kind(*Taken, E.TakenKind, E.TakenName, E.TakenMember) ||
          !parseSite(EO->get("takenAt"), E.TakenAt))
        return false;
      if (EO->get("heldAt") && !parseSite(EO->get("heldAt"), E.HeldAt))
        return false;
      L.Edges.push_back(std::move(E));
    }
  return true;
}

PortableSite portableSite(const SourceManager &SM, SourceLocation Loc) {
  PortableSite S;
  if (Loc.isInvalid())
    return S;
  Loc = SM.getExpansionLoc(Loc);
  PresumedLoc P = SM.getPresumedLoc(Loc, /*UseLineDirectives=*/false);
  if (P.isInvalid())
    return S;
  llvm::SmallString<256> Path(P.getFilename());
  SM.getFileManager().makeAbsolutePath(Path);
  llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  S.File = std::string(Path);
  S.Line = P.getLine();
  S.Column = P.getColumn();
  return S;
}

std::optional<PortableLockPath> portableLockPath(const LockPath &P,
                                                 const FunctionDecl &F) {
  PortableLockPath Out;
  switch (P.Root) {
  case LockPath::RootKind::Capability:
    return std::nullopt;
  case LockPath::RootKind::This:
    Out.Root = "this";
    break;
  case LockPath::RootKind::Variable: {
    if (const auto *Parm = dyn_cast_or_null<ParmVarDecl>(P.RootDecl)) {
      const auto *Owner = dyn_cast<FunctionDecl>(Parm->getDeclContext());
      if (!Owner || Owner->getCanonicalDecl() != F.getCanonicalDecl())
        return std::nullopt;
      Out.Root = "p" + std::to_string(Parm->getFunctionScopeIndex());
      break;
    }
    const auto *Var = dyn_cast_or_null<VarDecl>(P.RootDecl);
    if (!Var || !Var->hasGlobalStorage() || Var->isStaticLocal())
      return std::nullopt;
    std::string USR = usrOf(*Var);
    if (USR.empty())
      return std::nullopt;
    Out.Root = "g" + USR;
    break;
  }
  }
  for (const ValueDecl *M : P.Members) {
    std::string USR = M ? usrOf(*M) : "";
    if (USR.empty())
      return std::nullopt;
    Out.Members.push_back(std::move(USR));
  }
  return Out;
}

namespace {

const LockAcquisition &innermostOf(const LockAcquisition &A) {
  const LockAcquisition *At = &A;
  while (At->Inner)
    At = At->Inner;
  return *At;
}

/// Where an acquisition really is: the innermost statement, or the other
/// file's acquisition a call leads to.
PortableSite siteOf(const SourceManager &SM, const LockAcquisition &A) {
  const LockAcquisition &In = innermostOf(A);
  if (In.Remote)
    return In.Remote->At;
  return portableSite(SM, In.Site->getBeginLoc());
}

/// Every function definition (and lambda call operator) outside system
/// headers, like the deadlock checks' matchers collect them.
class FunctionCollector : public RecursiveASTVisitor<FunctionCollector> {
public:
  FunctionCollector(const SourceManager &SM,
                    std::vector<const FunctionDecl *> &Out)
      : SM(SM), Out(Out) {}
  bool shouldVisitTemplateInstantiations() const { return false; }
  bool shouldVisitLambdaBody() const { return true; }
  bool VisitFunctionDecl(FunctionDecl *F) {
    if (F->doesThisDeclarationHaveABody() && !F->isInvalidDecl() &&
        !F->isDependentContext() && F->getLocation().isValid() &&
        !SM.isInSystemHeader(F->getLocation()) &&
        (!F->isImplicit() || isa<CXXMethodDecl>(F)))
      Out.push_back(F);
    return true;
  }
  bool VisitLambdaExpr(LambdaExpr *L) {
    if (CXXMethodDecl *Op = L->getCallOperator())
      if (!SM.isInSystemHeader(L->getBeginLoc()) && !Op->isDependentContext())
        Out.push_back(Op);
    return true;
  }

private:
  const SourceManager &SM;
  std::vector<const FunctionDecl *> &Out;
};

} // namespace

void exportLockOrders(ASTContext &Context, FunctionSummaries &Sums,
                      SummaryTable &Table) {
  const SourceManager &SM = Context.getSourceManager();
  std::vector<const FunctionDecl *> Functions;
  FunctionCollector(SM, Functions)
      .TraverseDecl(Context.getTranslationUnitDecl());
  // Lambdas are found twice (as a declaration and as an expression).
  llvm::DenseSet<const FunctionDecl *> Seen;
  llvm::erase_if(Functions, [&](const FunctionDecl *F) {
    return !Seen.insert(F).second || isInTemplateInstantiation(*F);
  });
  DeadlockAnalysis Analysis(Functions, Sums, SpawnOptions());
  for (const FunctionDecl *F : Functions) {
    std::string USR = usrOf(*F);
    if (USR.empty())
      continue;
    const LockOrderSummary &S = Sums.lockOrder(*F);
    PortableLockOrder L;
    L.Name = codeName(*F);
    L.Once = !isReentrant(*F);
    for (const LockAcquisition *A : S.Acquires) {
      std::optional<PortableLockPath> Path = portableLockPath(A->Lock, *F);
      if (!Path)
        continue;
      L.Acquires.push_back(
          PortableAcquire{std::move(*Path), A->Mode == model::LockMode::Shared,
                          A->Always, A->AfterHeld, siteOf(SM, *A)});
    }
    if (Analysis.isConcurrent(*F))
      for (const LockOrderPair &P : S.Pairs) {
        if (!Analysis.isEdge(P, *F))
          continue;
        LockKind Held = lockKindIn(P.Held, *F), Taken = lockKindIn(P.Taken, *F);
        std::string HeldUSR = lockKindUSR(Held);
        std::string TakenUSR = lockKindUSR(Taken);
        if (HeldUSR.empty() || TakenUSR.empty() || HeldUSR == TakenUSR)
          continue;
        const LockOrderPair *In = &P;
        while (In->Inner)
          In = In->Inner;
        PortableLockEdge E;
        E.HeldKind = HeldUSR;
        E.TakenKind = TakenUSR;
        E.HeldName = lockKindName(Held);
        E.TakenName = lockKindName(Taken);
        E.HeldMember = isa<FieldDecl>(Held.Decl);
        E.TakenMember = isa<FieldDecl>(Taken.Decl);
        if (In->HeldAt)
          E.HeldAt = siteOf(SM, *In->HeldAt);
        E.TakenAt = siteOf(SM, *In->TakenAt);
        if (!llvm::is_contained(L.Edges, E))
          L.Edges.push_back(std::move(E));
      }
    if (L.empty())
      continue;
    PortableSummary Part;
    Part.Locks = std::move(L);
    Table.add(USR, Part);
  }
}

const ValueDecl *PortableLockPaths::member(const CXXRecordDecl *RD,
                                           llvm::StringRef USR,
                                           unsigned Depth) {
  if (!RD || Depth > 8)
    return nullptr;
  RD = RD->getDefinition();
  if (!RD)
    return nullptr;
  for (const FieldDecl *F : RD->fields())
    if (usrOf(*F) == USR)
      return F;
  for (const Decl *D : RD->decls())
    if (const auto *V = dyn_cast<VarDecl>(D))
      if (V->isStaticDataMember() && usrOf(*V) == USR)
        return V;
  for (const CXXBaseSpecifier &B : RD->bases())
    if (const ValueDecl *M =
            member(B.getType()->getAsCXXRecordDecl(), USR, Depth + 1))
      return M;
  return nullptr;
}

const VarDecl *PortableLockPaths::global(llvm::StringRef USR) {
  if (!GlobalsIndexed) {
    GlobalsIndexed = true;
    llvm::SmallVector<const DeclContext *, 16> Work{
        Context.getTranslationUnitDecl()};
    while (!Work.empty()) {
      const DeclContext *DC = Work.pop_back_val();
      for (const Decl *D : DC->decls()) {
        if (isa<NamespaceDecl, LinkageSpecDecl, ExportDecl, CXXRecordDecl>(D))
          Work.push_back(cast<DeclContext>(D));
        else if (const auto *V = dyn_cast<VarDecl>(D))
          if (V->hasGlobalStorage())
            Globals.try_emplace(usrOf(*V), V);
      }
    }
  }
  return Globals.lookup(USR);
}

std::optional<LockPath> PortableLockPaths::resolve(const PortableLockPath &P,
                                                   const FunctionDecl &Callee) {
  LockPath Out;
  const CXXRecordDecl *Record = nullptr;
  llvm::StringRef Root = P.Root;
  if (Root == "this") {
    const auto *M = dyn_cast<CXXMethodDecl>(&Callee);
    if (!M || M->isStatic())
      return std::nullopt;
    Out.Root = LockPath::RootKind::This;
    Record = M->getParent();
  } else if (Root.consume_front("p")) {
    unsigned Index;
    if (Root.getAsInteger(10, Index) || Index >= Callee.getNumParams())
      return std::nullopt;
    const ParmVarDecl *Parm = Callee.getParamDecl(Index);
    Out.Root = LockPath::RootKind::Variable;
    Out.RootDecl = Parm;
    Record = pointeeRecord(Parm->getType());
  } else if (Root.consume_front("g")) {
    const VarDecl *V = global(Root);
    if (!V)
      return std::nullopt;
    Out.Root = LockPath::RootKind::Variable;
    Out.RootDecl = V;
    Record = pointeeRecord(V->getType());
  } else {
    return std::nullopt;
  }
  for (const std::string &USR : P.Members) {
    const ValueDecl *M = member(Record, USR, 0);
    if (!M)
      return std::nullopt;
    Out.Members.push_back(M);
    Record = pointeeRecord(M->getType());
  }
  return Out;
}

} // namespace conctidy
