//===--- CallTargets.cpp - The definitions a call may run -----------------===//
//
// How the summaries resolve a call: its direct callee; for a virtual call
// that is not devirtualized (a qualified call, a final class or method), the
// method's definition and those of its overriders visible in the
// translation unit. Function pointers, std::function, and targets with no
// body here are unknown.
//
//===----------------------------------------------------------------------===//

#include "conctidy/Analysis/FunctionSummaries.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace conctidy {

namespace {

using DirectOverriders =
    llvm::DenseMap<const CXXMethodDecl *,
                   llvm::SmallVector<const CXXMethodDecl *, 2>>;

/// Collects, for every method declared in \p DC and the contexts within it
/// (classes, their template instantiations, local classes in function
/// bodies), the methods that directly override it. A walk over
/// declarations only: statements and types have none to add; nor do system
/// headers, whose bodies no summary reads (their classes override only
/// their own library's methods).
void collectOverriders(const DeclContext &DC, DirectOverriders &Direct,
                       const SourceManager &SM) {
  for (const Decl *D : DC.decls()) {
    if (SM.isInSystemHeader(D->getLocation()))
      continue;
    if (const auto *M = dyn_cast<CXXMethodDecl>(D))
      if (M->isVirtual() && M == M->getCanonicalDecl())
        for (const CXXMethodDecl *O : M->overridden_methods()) {
          auto &List = Direct[O->getCanonicalDecl()];
          if (!llvm::is_contained(List, M))
            List.push_back(M);
        }
    if (const auto *T = dyn_cast<ClassTemplateDecl>(D)) {
      collectOverriders(*T->getTemplatedDecl(), Direct, SM);
      for (const ClassTemplateSpecializationDecl *S : T->specializations())
        collectOverriders(*S, Direct, SM);
      continue;
    }
    if (const auto *FT = dyn_cast<FunctionTemplateDecl>(D)) {
      collectOverriders(*FT->getTemplatedDecl(), Direct, SM);
      continue;
    }
    if (const auto *F = dyn_cast<FunctionDecl>(D))
      if (!F->doesThisDeclarationHaveABody())
        continue;
    if (const auto *Inner = dyn_cast<DeclContext>(D))
      collectOverriders(*Inner, Direct, SM);
  }
}

/// Whether the virtual call \p Call runs \p M itself: `Base::f()`, a final
/// method or class, an object whose dynamic type is its static type.
bool devirtualized(const CXXMemberCallExpr &Call, const CXXMethodDecl &M) {
  if (M.hasAttr<FinalAttr>() || M.getParent()->hasAttr<FinalAttr>())
    return true;
  if (const auto *ME = dyn_cast<MemberExpr>(Call.getCallee()->IgnoreParens()))
    if (ME->hasQualifier())
      return true;
  const Expr *Object = Call.getImplicitObjectArgument();
  if (!Object)
    return false;
  Object = Object->IgnoreParenImpCasts();
  // A local object (not a reference or pointer) has its static type.
  if (const auto *DRE = dyn_cast<DeclRefExpr>(Object))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      return VD->getType()->isRecordType();
  return false;
}

} // namespace

llvm::ArrayRef<const CXXMethodDecl *>
FunctionSummaries::overriders(const CXXMethodDecl &M) {
  if (!Overriders) {
    DirectOverriders Direct;
    collectOverriders(*Context.getTranslationUnitDecl(), Direct,
                      Context.getSourceManager());
    Overriders.emplace();
    // The transitive closure, for every overridden method.
    for (auto &[Base, Over] : Direct) {
      llvm::SmallVector<const CXXMethodDecl *, 2> All;
      llvm::SmallVector<const CXXMethodDecl *, 4> Work(Over.begin(),
                                                       Over.end());
      while (!Work.empty()) {
        const CXXMethodDecl *O = Work.pop_back_val();
        if (llvm::is_contained(All, O))
          continue;
        All.push_back(O);
        auto It = Direct.find(O->getCanonicalDecl());
        if (It != Direct.end())
          Work.append(It->second.begin(), It->second.end());
      }
      (*Overriders)[Base] = std::move(All);
    }
  }
  auto It = Overriders->find(M.getCanonicalDecl());
  if (It == Overriders->end())
    return {};
  return It->second;
}

bool FunctionSummaries::dispatchesVirtually(const CallExpr &Call) {
  const auto *M = dyn_cast_or_null<CXXMethodDecl>(Call.getDirectCallee());
  const auto *MC = dyn_cast<CXXMemberCallExpr>(&Call);
  return M && M->isVirtual() && (!MC || !devirtualized(*MC, *M));
}

CallTargets FunctionSummaries::targets(const Expr &E) {
  CallTargets T;
  const FunctionDecl *Callee = nullptr;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(&E))
    Callee = Construct->getConstructor();
  else if (const auto *Call = dyn_cast<CallExpr>(&E))
    Callee = Call->getDirectCallee();
  if (!Callee) {
    T.Unknown = true; // A function pointer, a dependent call.
    return T;
  }
  auto Add = [&](const FunctionDecl &F) {
    if (const FunctionDecl *Def = visibleDefinition(F)) {
      if (!llvm::is_contained(T.Defs, Def))
        T.Defs.push_back(Def);
    } else if (linked(F)) {
      // Defined in another translation unit of the database.
      if (!llvm::is_contained(T.Defs, F.getCanonicalDecl()))
        T.Defs.push_back(F.getCanonicalDecl());
    } else if (!(isa<CXXMethodDecl>(F) &&
                 cast<CXXMethodDecl>(F).isPureVirtual())) {
      T.Unknown = true;
    }
  };
  const auto *M = dyn_cast<CXXMethodDecl>(Callee);
  const auto *MC = dyn_cast<CXXMemberCallExpr>(&E);
  if (M && M->isVirtual() && (!MC || !devirtualized(*MC, *M))) {
    Add(*M);
    for (const CXXMethodDecl *O : overriders(*M))
      Add(*O);
    if (T.Defs.empty())
      T.Unknown = true; // No visible definition at all.
    return T;
  }
  Add(*Callee);
  return T;
}

std::optional<unsigned> FunctionSummaries::paramIndexOf(const Expr &E,
                                                        unsigned Arg) {
  const FunctionDecl *Callee = nullptr;
  unsigned Skip = 0;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(&E)) {
    Callee = Construct->getConstructor();
  } else if (const auto *Call = dyn_cast<CallExpr>(&E)) {
    Callee = Call->getDirectCallee();
    if (isa<CXXOperatorCallExpr>(Call) &&
        isa_and_nonnull<CXXMethodDecl>(Callee) &&
        !cast<CXXMethodDecl>(Callee)->isStatic())
      Skip = 1;
  }
  if (!Callee || Arg < Skip || Arg - Skip >= Callee->getNumParams())
    return std::nullopt;
  return Arg - Skip;
}

} // namespace conctidy
