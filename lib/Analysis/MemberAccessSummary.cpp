//===--- MemberAccessSummary.cpp - The data members a function reaches ----===//

#include "conctidy/Analysis/MemberAccessSummary.h"
#include "AccessUnits.h"
#include "conctidy/Analysis/AccessFile.h"
#include "conctidy/Analysis/ASTHelpers.h"
#include "conctidy/Analysis/SummaryFile.h"
#include "clang/AST/ASTLambda.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace conctidy {

/// Whether \p Path starts at an object (not a reference or pointer) that
/// is a local variable of \p F.
static bool isOwnLocalObject(const LockPath &Path, const FunctionDecl &F) {
  if (Path.Root != LockPath::RootKind::Variable)
    return false;
  const auto *Var = dyn_cast_or_null<VarDecl>(Path.RootDecl);
  return Var && Var->hasLocalStorage() && !isa<ParmVarDecl>(Var) &&
         Var->getType()->isRecordType() && Var->getDeclContext() == &F;
}

using namespace access;

namespace {

/// Whether \p T reaches another object: a pointer, a reference, a smart
/// pointer.
bool pointsElsewhere(QualType T) {
  if (T->isPointerType() || T->isReferenceType())
    return true;
  return isSmartPointer(T->getAsCXXRecordDecl());
}

/// Whether objects reached through \p Path can be seen by other code than
/// the function it is written in: from `this`, a global, a pointer or
/// reference, a local object whose address escapes, or through a member
/// that points elsewhere.
class Visibility {
public:
  bool shared(const LockPath &Path) {
    if (Path.Root == LockPath::RootKind::This)
      return true;
    if (Path.Root != LockPath::RootKind::Variable || !Path.RootDecl)
      return false;
    const auto *Var = dyn_cast<VarDecl>(Path.RootDecl);
    if (!Var || Var->hasGlobalStorage() || pointsElsewhere(Var->getType()))
      return true;
    if (llvm::any_of(llvm::ArrayRef(Path.Members).drop_back(),
                     [](const ValueDecl *M) {
                       return M && pointsElsewhere(M->getType());
                     }))
      return true;
    if (isa<ParmVarDecl>(Var))
      return false; // A by-value parameter: the caller's copy.
    auto [It, New] = Escaping.try_emplace(Var, false);
    if (New) {
      const auto *Owner =
          dyn_cast_or_null<FunctionDecl>(Var->getParentFunctionOrMethod());
      It->second = Owner && escapes(*Var, Owner->getBody());
    }
    return It->second;
  }

private:
  llvm::DenseMap<const VarDecl *, bool> Escaping;
};

/// Whether the data \p Path names is written once at construction: a
/// member on the way to it is const.
bool throughConst(const LockPath &Path) {
  return llvm::any_of(
      llvm::ArrayRef(Path.Members).drop_back(),
      [](const ValueDecl *M) { return M && M->getType().isConstQualified(); });
}

/// Whether \p Path, from a local pointer or reference of a function
/// \p Def calls (`Arena *A = E->Header.Arena;` in a helper), may name the
/// object whose lock \p Here holds through another name (`Arena->Mu`
/// here): the caller's locks say nothing about it either way, so the
/// access is unknown rather than unguarded.
bool mayAliasHeld(const LockPath &Path, const FunctionDecl &Def,
                  const LockState &Here) {
  const auto *Var = dyn_cast_or_null<VarDecl>(Path.RootDecl);
  if (Path.Root != LockPath::RootKind::Variable || !Var ||
      Var->hasGlobalStorage() || isa<ParmVarDecl>(Var) ||
      Var->getParentFunctionOrMethod() == &Def)
    return false;
  const CXXRecordDecl *Object = pointeeRecord(Var->getType());
  if (!Object)
    return false;
  return llvm::any_of(Here.held(), [&](const HeldLock &H) {
    if (H.Path.Root == LockPath::RootKind::This)
      return false;
    const CXXRecordDecl *Of =
        H.Path.RootDecl ? pointeeRecord(H.Path.RootDecl->getType()) : nullptr;
    return Of && Of->getCanonicalDecl() == Object->getCanonicalDecl() &&
           H.Path.RootDecl != Var;
  });
}

} // namespace

bool MemberAccessTable::dependentCallOnThis(const CallExpr &Call) {
  if (isa<CXXMemberCallExpr>(Call))
    return false;
  const Expr *Callee = Call.getCallee()->IgnoreParenImpCasts();
  if (const auto *ME = dyn_cast<MemberExpr>(Callee))
    return isa<CXXMethodDecl>(ME->getMemberDecl()) &&
           isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts());
  if (const auto *U = dyn_cast<UnresolvedMemberExpr>(Callee))
    return U->isImplicitAccess() ||
           isa<CXXThisExpr>(U->getBase()->IgnoreParenImpCasts());
  return false;
}

bool MemberAccessTable::isData(const ValueDecl &F) {
  QualType T = F.getType();
  return !T.isConstQualified() && !Sums.isLockableType(T);
}

llvm::SmallVector<const FunctionDecl *, 2>
MemberAccessTable::callees(const CallExpr &Call) {
  llvm::SmallVector<const FunctionDecl *, 2> Out;
  const SourceManager &SM = Sums.context().getSourceManager();
  // Another lockable object's members are its implementation (a lock is
  // not data); a lockable class's own calls through `this` are followed.
  const auto *MC = dyn_cast<CXXMemberCallExpr>(&Call);
  bool OnThis =
      MC && MC->getImplicitObjectArgument() &&
      isa<CXXThisExpr>(MC->getImplicitObjectArgument()->IgnoreParenImpCasts());
  auto OfLockable = [&](const FunctionDecl *Def) {
    const auto *M = dyn_cast<CXXMethodDecl>(Def);
    return !OnThis && M && Sums.isLockableClass(*M->getParent());
  };
  auto Keep = [&](const FunctionDecl *Def) {
    if (Def && (Def->hasBody() || linked(*Def)) &&
        !SM.isInSystemHeader(Def->getLocation()) &&
        !isLambdaCallOperator(Def) && !OfLockable(Def) &&
        !llvm::is_contained(Out, Def))
      Out.push_back(Def);
  };
  // A virtual call's overriders are entry points of their own: which one
  // runs depends on objects made elsewhere (`Task->run()` may be any
  // task's), and a way through every visible one would only dilute the
  // locks their real callers hold.
  if (FunctionSummaries::dispatchesVirtually(Call))
    return Out;
  for (const FunctionDecl *Def : Sums.targets(Call).Defs)
    Keep(Def);
  if (!Out.empty() || !dependentCallOnThis(Call))
    return Out;
  // In a template as written: `grow(V)` with a dependent `V`, on `this`:
  // the member function named, or any of that name.
  const Expr *Callee = Call.getCallee()->IgnoreParenImpCasts();
  auto KeepDefined = [&](const CXXMethodDecl &M) {
    const FunctionDecl *Def = nullptr;
    if (M.isDefined(Def))
      Keep(Def);
  };
  if (const auto *ME = dyn_cast<MemberExpr>(Callee)) {
    KeepDefined(*cast<CXXMethodDecl>(ME->getMemberDecl()));
    return Out;
  }
  const auto *U = cast<UnresolvedMemberExpr>(Callee);
  const CXXRecordDecl *Class = U->getNamingClass();
  if (!Class || !Class->hasDefinition())
    return Out;
  for (const CXXMethodDecl *M : Class->getDefinition()->methods())
    if (M->getDeclName() == U->getMemberName())
      KeepDefined(*M);
  return Out;
}

bool MemberAccessTable::unreadLocalRoot(const LockPath &Path) {
  const auto *Var = dyn_cast_or_null<VarDecl>(Path.RootDecl);
  if (Path.Root != LockPath::RootKind::Variable || !Var ||
      !Var->hasLocalStorage() || isa<ParmVarDecl>(Var))
    return false;
  auto HasLock = [&](QualType T) {
    const CXXRecordDecl *RD = pointeeRecord(T);
    if (!RD)
      return false;
    if (const CXXRecordDecl *Def = RD->getDefinition())
      RD = Def;
    auto [It, New] = ClassLocks.try_emplace(RD, false);
    if (New)
      It->second = classHasLock(*RD, Sums);
    return It->second;
  };
  if (HasLock(Var->getType()))
    return false;
  return llvm::none_of(
      llvm::ArrayRef(Path.Members).drop_back(),
      [&](const ValueDecl *M) { return M && HasLock(M->getType()); });
}

const PortableSummary *MemberAccessTable::linked(const FunctionDecl &Def) {
  if (Def.hasBody())
    return nullptr;
  const PortableSummary *P = Sums.linked(Def);
  return P && !P->MemberAccesses.empty() ? P : nullptr;
}

const AccessSummary &MemberAccessTable::of(const FunctionDecl &Def) {
  return Memo.get(&Def, [&] { return compute(Def); });
}

AccessSummary MemberAccessTable::compute(const FunctionDecl &Def) {
  AccessSummary Sum;
  // A first walk, without the lock sets: a function that names no member
  // and calls nothing that reaches one has nothing to say.
  bool Reaches = false;
  forEachStmt(Def.getBody(), [&](const Stmt *S) {
    if (Reaches)
      return;
    if (const auto *ME = dyn_cast<MemberExpr>(S)) {
      if (isa<FieldDecl>(ME->getMemberDecl()))
        Reaches = true;
      return;
    }
    if (const auto *Call = dyn_cast<CallExpr>(S))
      for (const FunctionDecl *Target : callees(*Call))
        if (Target != &Def &&
            (linked(*Target) || !of(*Target).Accesses.empty()))
          Reaches = true;
  });
  if (!Reaches)
    return Sum;

  AccessRecords Records(Sum);
  Visibility Seen;
  std::vector<Unit> Units;
  analyzeWithLambdas(Def, true, false, LockState(), Sums, Options, Units);
  bool Deliberate = isUnsafeByName(Def);
  const SourceManager &SM = Sums.context().getSourceManager();
  for (const Unit &U : Units) {
    // A local object of the function is its own until a thread it starts
    // gets it: what the function does to it before its first spawn (or
    // after its last join) runs alone, as for globals (threadWindow).
    std::optional<ThreadWindow> Window;
    auto ConcurrentAt = [&](const LockPath &Path, const Expr &E) {
      if (!U.Concurrent || U.Spawned || !isOwnLocalObject(Path, *U.Function))
        return U.Concurrent;
      if (!Window)
        Window = threadWindow(*U.Function->getBody(), *U.Parents, Options, SM);
      return Window->contains(E.getBeginLoc(), SM);
    };
    forEachOwnStmt(U.Function->getBody(), [&](const Stmt *S) {
      if (const auto *ME = dyn_cast<MemberExpr>(S)) {
        const auto *Field = dyn_cast<FieldDecl>(ME->getMemberDecl());
        if (!Field || !isData(*Field))
          return;
        std::optional<LockPath> Path = LockPath::fromExpr(ME, &Sums);
        if (!Path || Path->Members.empty() || throughConst(*Path) ||
            !Seen.shared(*Path) || unreadLocalRoot(*Path))
          return;
        const LockState *Held = U.Locks->before(ME);
        if (!Held)
          return;
        // Read by a Condition under its mutex (`Condition(&x.done)`).
        LockState At = *Held;
        bool Named = true;
        bool ByCondition =
            readUnderLockHeldCaller(*ME, *U.Parents, Sums, *U.Locks, At, Named);
        if (!Named)
          return;
        bool Concurrent = ConcurrentAt(*Path, *ME);
        SummaryAccess A{accessAt(U, *ME, std::move(*Path), Field, std::move(At),
                                 Concurrent)};
        if (ByCondition) {
          A.Access.Access = model::AccessKind::Read;
          A.Access.Awaited = true;
        }
        A.Dying = onDyingPath(U, *ME);
        Records.add(std::move(A));
        return;
      }
      const auto *Call = dyn_cast<CallExpr>(S);
      if (!Call)
        return;
      llvm::SmallVector<const FunctionDecl *, 2> Targets = callees(*Call);
      if (Targets.empty())
        return;
      const LockState *Here = U.Locks->before(Call);
      if (!Here)
        return;
      bool ByName = dependentCallOnThis(*Call);
      CallRebaser Rebase(*Call, Sums);
      CallSite Site{
          Rebase,     *Here, U.Concurrent, U.Spawned, onDyingPath(U, *Call),
          Deliberate, ByName};
      // A virtual call may run any of its targets: each one's accesses.
      for (const FunctionDecl *Target : Targets) {
        // Another unit's function: its linked summary's records.
        AccessSummary Linked;
        if (const PortableSummary *P = linked(*Target))
          Linked = linkedRecords(P->MemberAccesses, *Call, *Target,
                                 Sums.linkedPaths());
        const AccessSummary &Inner = Target->hasBody() ? of(*Target) : Linked;
        Sum.Truncated |= Inner.Truncated;
        for (const SummaryAccess &In : Inner.Accesses) {
          std::optional<LockPath> Path =
              ByName ? In.Access.Path
                     : rebaseFromCallee(In.Access.Path, Rebase);
          if (ByName && isa_and_nonnull<ParmVarDecl>(Path->RootDecl))
            continue;
          // A member that the rebasing folded into a lock's name is no data.
          if (!Path || Path->Members.empty() || !Seen.shared(*Path) ||
              unreadLocalRoot(*Path) || mayAliasHeld(*Path, Def, *Here))
            continue;
          SummaryAccess A = throughCall(In, Site, Sums);
          A.Access.Path = std::move(*Path);
          Records.add(std::move(A));
        }
      }
    });
  }
  return Sum;
}

// The hook in FunctionSummaries: the part is made on first use, here, so
// that FunctionSummaries.cpp need not know it.
MemberAccessTable &
FunctionSummaries::memberAccesses(const AccessOptions &Options) {
  if (!MemberAccesses)
    MemberAccesses = {new MemberAccessTable(*this, Options),
                      [](MemberAccessTable *T) { delete T; }};
  return *MemberAccesses;
}

} // namespace conctidy
