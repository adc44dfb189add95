//===--- GlobalAccessSummary.cpp - The globals a function reaches ---------===//

#include "conctidy/Analysis/GlobalAccessSummary.h"
#include "AccessUnits.h"
#include "conctidy/Analysis/ASTHelpers.h"
#include "conctidy/Analysis/AccessFile.h"
#include "conctidy/Analysis/SummaryFile.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include <type_traits>

using namespace clang;

namespace conctidy {

using namespace access;

namespace {

/// The variable with static storage that \p S names, if it is data a
/// thread can change: not a constant, not a lock.
const VarDecl *globalNamedBy(const Stmt &S, FunctionSummaries &Sums) {
  const auto *DRE = dyn_cast<DeclRefExpr>(&S);
  const auto *Var = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!Var || !Var->hasGlobalStorage() || Var->isConstexpr() ||
      Var->getType().isConstQualified() || Sums.isLockableType(Var->getType()))
    return nullptr;
  return Var->getCanonicalDecl();
}

} // namespace

std::optional<LockPath> access::rebaseFromCallee(const LockPath &Path,
                                                 const CallRebaser &Rebase) {
  if (Path.Root == LockPath::RootKind::Variable &&
      !isa_and_nonnull<ParmVarDecl>(Path.RootDecl))
    return Path;
  return Rebase(Path);
}

LockState access::afterEffect(const LockState &Here, const LockState &Effect,
                              const CallRebaser &Rebase) {
  LockState S = Here;
  for (const LockPath &P : Effect.released())
    if (std::optional<LockPath> Mine = rebaseFromCallee(P, Rebase))
      S.release(*Mine);
  for (const HeldLock &H : Effect.held())
    if (std::optional<LockPath> Mine = rebaseFromCallee(H.Path, Rebase))
      S.acquire(*Mine, H.Mode);
  // The callee's guards, whose locks it may have given up for a while.
  for (const LockState::Guard &G : Effect.guards()) {
    LockState::Guard Mine = G;
    Mine.Locks.clear();
    for (const LockPath &P : G.Locks)
      if (std::optional<LockPath> R = rebaseFromCallee(P, Rebase))
        Mine.Locks.push_back(*R);
    if (!Mine.Locks.empty() && !S.findGuard(G.Var))
      S.addGuard(std::move(Mine));
  }
  return S;
}

LockState access::fromEntry(const LockState &Entry, const LockState &Effect) {
  // The effect's own state (its guards too), plus what it kept of Entry.
  LockState S = Effect;
  for (const HeldLock &H : Entry.held())
    if (!S.holds(H.Path) && !llvm::is_contained(Effect.released(), H.Path))
      S.acquire(H.Path, H.Mode);
  return S;
}

SummaryAccess access::throughCall(const SummaryAccess &In, const CallSite &Site,
                                  FunctionSummaries &Sums) {
  SummaryAccess A = In;
  A.Via = &Site.Rebase.call();
  A.Dying |= Site.Dying;
  A.Deliberate |= Site.Deliberate;
  const LockState None;
  const LockState &Around = In.Access.Spawned ? None : Site.Here;
  A.Access.Held = Site.SameNames
                      ? fromEntry(Around, In.Access.Held)
                      : afterEffect(Around, In.Access.Held, Site.Rebase);
  if (!In.Access.Spawned) {
    A.Access.Concurrent =
        In.Access.Concurrent && Site.Concurrent && !Site.Dying;
    A.Access.Spawned = Site.Spawned;
  }
  return A;
}

// Records are moved, not copied, when the vector of a summary grows (the
// copies were 7 % of a profile of the field check on cpp-httplib).
static_assert(std::is_nothrow_move_constructible<SummaryAccess>::value,
              "a record must move without throwing");

void AccessRecords::add(SummaryAccess A) {
  llvm::SmallVector<unsigned, 1> &Same = Index[A.Access.Use];
  if (llvm::any_of(Same,
                   [&](unsigned I) { return Sum.Accesses[I].sameContext(A); }))
    return;
  if (Sum.Accesses.size() >= AccessSummary::MaxAccesses) {
    Sum.Truncated = true;
    return;
  }
  Same.push_back(Sum.Accesses.size());
  Sum.Accesses.push_back(std::move(A));
}

/// The linked summary of \p Def, a target of a call whose body is in
/// another unit, when it says which globals the function reaches.
static const PortableSummary *linkedAccesses(const FunctionDecl &Def,
                                             FunctionSummaries &Sums) {
  if (Def.hasBody())
    return nullptr;
  const PortableSummary *P = Sums.linked(Def);
  return P && !P->GlobalAccesses.empty() ? P : nullptr;
}

const AccessSummary &GlobalAccessTable::of(const FunctionDecl &Def) {
  return Memo.get(&Def, [&] { return compute(Def); });
}

AccessSummary GlobalAccessTable::compute(const FunctionDecl &Def) {
  AccessSummary Sum;
  // A first walk, without the lock sets: most functions reach no global.
  bool Reaches = false;
  forEachStmt(Def.getBody(), [&](const Stmt *S) {
    if (Reaches)
      return;
    if (globalNamedBy(*S, Sums)) {
      Reaches = true;
      return;
    }
    if (const auto *Call = dyn_cast<CallExpr>(S))
      for (const FunctionDecl *Target : Sums.targets(*Call).Defs)
        if (Target != &Def && (linkedAccesses(*Target, Sums) ||
                               (Target->hasBody() &&
                                !of(*Target).Accesses.empty())))
          Reaches = true;
  });
  if (!Reaches)
    return Sum;

  AccessRecords Records(Sum);
  std::vector<Unit> Units;
  analyzeWithLambdas(Def, true, false, LockState(), Sums, Options, Units);
  const SourceManager &SM = Sums.context().getSourceManager();
  bool Deliberate = isUnsafeByName(Def);
  for (const Unit &U : Units) {
    ThreadWindow Window =
        threadWindow(*U.Function->getBody(), *U.Parents, Options, SM);
    auto RunsAlongside = [&](const Stmt &S) {
      return U.Spawned || Window.contains(S.getBeginLoc(), SM);
    };
    forEachOwnStmt(U.Function->getBody(), [&](const Stmt *S) {
      if (const VarDecl *Var = globalNamedBy(*S, Sums)) {
        const auto &DRE = *cast<DeclRefExpr>(S);
        const LockState *Held = U.Locks->before(&DRE);
        if (!Held)
          return;
        // Read by a Condition under its mutex (`Condition(&Ready)`).
        LockState At = *Held;
        bool Named = true;
        bool ByCondition =
            readUnderLockHeldCaller(DRE, *U.Parents, Sums, *U.Locks, At, Named);
        if (!Named)
          return;
        LockPath Path;
        Path.Root = LockPath::RootKind::Variable;
        Path.RootDecl = Var;
        SummaryAccess A{
            accessAt(U, DRE, Path, Var, std::move(At), RunsAlongside(DRE))};
        if (ByCondition) {
          A.Access.Access = model::AccessKind::Read;
          A.Access.Awaited = true;
        }
        A.Dying = onDyingPath(U, DRE);
        Records.add(std::move(A));
        return;
      }
      const auto *Call = dyn_cast<CallExpr>(S);
      if (!Call)
        return;
      CallTargets Targets = Sums.targets(*Call);
      if (Targets.Defs.empty())
        return;
      const LockState *Here = U.Locks->before(Call);
      if (!Here)
        return;
      CallRebaser Rebase(*Call, Sums);
      CallSite Site{Rebase,
                    *Here,
                    RunsAlongside(*Call),
                    U.Spawned,
                    onDyingPath(U, *Call),
                    Deliberate};
      // A virtual call may run any of its targets: each one's accesses.
      for (const FunctionDecl *Target : Targets.Defs) {
        // Another unit's function: its linked summary's records.
        AccessSummary Linked;
        if (const PortableSummary *P = linkedAccesses(*Target, Sums))
          Linked = linkedRecords(P->GlobalAccesses, *Call, *Target,
                                 Sums.linkedPaths());
        else if (!Target->hasBody())
          continue;
        const AccessSummary &Inner = Target->hasBody() ? of(*Target) : Linked;
        Sum.Truncated |= Inner.Truncated;
        for (const SummaryAccess &In : Inner.Accesses)
          Records.add(throughCall(In, Site, Sums));
      }
    });
  }
  return Sum;
}

// The hook in FunctionSummaries: the part is made on first use, here, so
// that FunctionSummaries.cpp need not know it.
GlobalAccessTable &
FunctionSummaries::globalAccesses(const AccessOptions &Options) {
  if (!GlobalAccesses)
    GlobalAccesses = {new GlobalAccessTable(*this, Options),
                      [](GlobalAccessTable *T) { delete T; }};
  return *GlobalAccesses;
}

} // namespace conctidy
