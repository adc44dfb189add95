//===--- LockSummaryFile.cpp - The lock part across translation units -----===//

#include "conctidy/Analysis/LockSummaryFile.h"
#include "conctidy/Analysis/FunctionSummaries.h"
#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;
using conctidy::model::LockMode;

namespace conctidy {

namespace {

void addAll(std::vector<PortableLockPath> &A,
            const std::vector<PortableLockPath> &B) {
  for (const PortableLockPath &P : B)
    if (!llvm::is_contained(A, P))
      A.push_back(P);
}

/// The portable form of each of \p Paths callers can name.
template <class Range>
std::vector<PortableLockPath> portableAll(const Range &Paths,
                                          const FunctionDecl &F) {
  std::vector<PortableLockPath> Out;
  for (const LockPath &P : Paths)
    if (std::optional<PortableLockPath> Q = portableLockPath(P, F))
      if (!llvm::is_contained(Out, *Q))
        Out.push_back(std::move(*Q));
  return Out;
}

llvm::SmallVector<LockPath, 2>
resolveAll(const std::vector<PortableLockPath> &Paths, const FunctionDecl &F,
           PortableLockPaths &Resolver) {
  llvm::SmallVector<LockPath, 2> Out;
  for (const PortableLockPath &P : Paths)
    if (std::optional<LockPath> Q = Resolver.resolve(P, F))
      Out.push_back(std::move(*Q));
  return Out;
}

} // namespace

void PortableLockSummary::merge(const PortableLockSummary &O) {
  addAll(Acquires, O.Acquires);
  addAll(SharedAcquires, O.SharedAcquires);
  addAll(Releases, O.Releases);
  // The returned guard and object, and the guard shape, are one answer:
  // kept when the definitions agree (or one says nothing).
  if (ReturnedGuard.empty()) {
    ReturnedGuard = O.ReturnedGuard;
    ReturnedGuardShared = O.ReturnedGuardShared;
  } else if (!O.ReturnedGuard.empty() &&
             (ReturnedGuard != O.ReturnedGuard ||
              ReturnedGuardShared != O.ReturnedGuardShared)) {
    ReturnedGuard.clear();
    ReturnedGuardShared = false;
  }
  if (!Returns)
    Returns = O.Returns;
  else if (O.Returns && !(*Returns == *O.Returns))
    Returns.reset();
  if (GuardLocks.empty()) {
    GuardLocks = O.GuardLocks;
    GuardShared = O.GuardShared;
  } else if (!O.GuardLocks.empty() &&
             (GuardLocks != O.GuardLocks || GuardShared != O.GuardShared)) {
    GuardLocks.clear();
    GuardShared = false;
  }
}

bool PortableLockSummary::operator==(const PortableLockSummary &O) const {
  return Acquires == O.Acquires && SharedAcquires == O.SharedAcquires &&
         Releases == O.Releases && ReturnedGuard == O.ReturnedGuard &&
         ReturnedGuardShared == O.ReturnedGuardShared && Returns == O.Returns &&
         GuardLocks == O.GuardLocks && GuardShared == O.GuardShared;
}

PortableLockSummary portableLockSummary(FunctionSummaries &Sums,
                                        const FunctionDecl &F) {
  PortableLockSummary Out;
  const LockSummary &S = Sums.locks(F);
  for (const HeldLock &H : S.Acquires)
    if (std::optional<PortableLockPath> P = portableLockPath(H.Path, F)) {
      std::vector<PortableLockPath> &To =
          H.Mode == LockMode::Shared ? Out.SharedAcquires : Out.Acquires;
      if (!llvm::is_contained(To, *P))
        To.push_back(std::move(*P));
    }
  Out.Releases = portableAll(S.Releases, F);
  // A guard returned by value counts only when every lock of it crosses.
  std::vector<PortableLockPath> Guard = portableAll(S.ReturnedGuardLocks, F);
  if (Guard.size() == S.ReturnedGuardLocks.size()) {
    Out.ReturnedGuard = std::move(Guard);
    Out.ReturnedGuardShared =
        !Out.ReturnedGuard.empty() && S.ReturnedGuardMode == LockMode::Shared;
  }
  // Only a lockable: other accessors would make every getter's entry grow.
  if (S.Returns && Sums.isLockableType(F.getReturnType()))
    Out.Returns = portableLockPath(*S.Returns, F);
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(&F))
    if (std::optional<GuardShape> Shape = Sums.guardShape(*Ctor)) {
      std::vector<PortableLockPath> Locks = portableAll(Shape->Locks, F);
      if (Locks.size() == Shape->Locks.size()) {
        Out.GuardLocks = std::move(Locks);
        Out.GuardShared =
            !Out.GuardLocks.empty() && Shape->Mode == LockMode::Shared;
      }
    }
  return Out;
}

LockSummary resolveLockSummary(const PortableLockSummary &L,
                               const FunctionDecl &Callee,
                               PortableLockPaths &Paths) {
  LockSummary S;
  for (const LockPath &P : resolveAll(L.Acquires, Callee, Paths))
    S.Acquires.push_back(HeldLock{P, LockMode::Exclusive});
  for (const LockPath &P : resolveAll(L.SharedAcquires, Callee, Paths))
    S.Acquires.push_back(HeldLock{P, LockMode::Shared});
  S.Releases = resolveAll(L.Releases, Callee, Paths);
  llvm::SmallVector<LockPath, 2> Guard =
      resolveAll(L.ReturnedGuard, Callee, Paths);
  if (Guard.size() == L.ReturnedGuard.size()) {
    S.ReturnedGuardLocks = std::move(Guard);
    S.ReturnedGuardMode =
        L.ReturnedGuardShared ? LockMode::Shared : LockMode::Exclusive;
  }
  if (L.Returns)
    S.Returns = Paths.resolve(*L.Returns, Callee);
  return S;
}

std::optional<GuardShape> resolveGuardShape(const PortableLockSummary &L,
                                            const FunctionDecl &Ctor,
                                            PortableLockPaths &Paths) {
  if (L.GuardLocks.empty())
    return std::nullopt;
  GuardShape G;
  G.Locks = resolveAll(L.GuardLocks, Ctor, Paths);
  if (G.Locks.size() != L.GuardLocks.size())
    return std::nullopt;
  G.Mode = L.GuardShared ? LockMode::Shared : LockMode::Exclusive;
  return G;
}

} // namespace conctidy
