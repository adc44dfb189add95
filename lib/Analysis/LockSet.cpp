//===--- LockSet.cpp - Which locks are held at each statement -------------===//

#include "conctidy/Analysis/LockSet.h"
#include "conctidy/Analysis/ASTHelpers.h"
#include "conctidy/Analysis/FunctionSummaries.h"
#include "conctidy/Model/ThreadAffinity.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/STLExtras.h"
#include <deque>

using namespace clang;
using conctidy::model::LockEffect;
using conctidy::model::LockMode;

namespace conctidy {

//===----------------------------------------------------------------------===//
// LockPath
//===----------------------------------------------------------------------===//

PathResolver::~PathResolver() = default;


std::optional<LockPath> LockPath::fromExpr(const Expr *E,
                                           PathResolver *Resolver) {
  if (!E)
    return std::nullopt;
  E = E->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(E))
    if (U->getOpcode() == UO_AddrOf || U->getOpcode() == UO_Deref)
      return fromExpr(U->getSubExpr(), Resolver);
  if (isa<CXXThisExpr>(E))
    return LockPath{};
  // Reserved storage seen as a lock: `reinterpret_cast<Mutex *>(&Storage)`
  // (abseil's flags place their mutex in a char array).
  if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E))
    if (Cast->getType()->isPointerType() || Cast->getType()->isReferenceType())
      return fromExpr(Cast->getSubExpr(), Resolver);
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (!VD)
      return std::nullopt;
    LockPath P;
    P.Root = RootKind::Variable;
    P.RootDecl = VD;
    return P;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    std::optional<LockPath> Base = fromExpr(ME->getBase(), Resolver);
    if (!Base || !isa<FieldDecl, VarDecl>(ME->getMemberDecl()))
      return std::nullopt;
    // A static data member is a global: name it by itself.
    if (const auto *Static = dyn_cast<VarDecl>(ME->getMemberDecl())) {
      LockPath P;
      P.Root = RootKind::Variable;
      P.RootDecl = Static;
      return P;
    }
    Base->Members.push_back(ME->getMemberDecl());
    return Base;
  }
  // Through a smart pointer: `Impl->Mu`, `*Owned`, `Owned.get()`.
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
    if ((Op->getOperator() == OO_Arrow || Op->getOperator() == OO_Star) &&
        Op->getNumArgs() == 1 &&
        // libstdc++'s shared_ptr has its `->` in a base class: the
        // object argument is converted to it.
        isSmartPointer(Op->getArg(0)
                           ->IgnoreParenImpCasts()
                           ->getType()
                           ->getAsCXXRecordDecl()))
      return fromExpr(Op->getArg(0), Resolver);
    return std::nullopt;
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *M = MC->getMethodDecl();
    if (M && M->getIdentifier() && M->getName() == "get" &&
        MC->getNumArgs() == 0 && isSmartPointer(M->getParent()))
      return fromExpr(MC->getImplicitObjectArgument(), Resolver);
  }
  if (const auto *Call = dyn_cast<CallExpr>(E))
    if (Resolver)
      return Resolver->resolveCall(*Call);
  return std::nullopt;
}

LockPath LockPath::capability(llvm::StringRef Name, const ValueDecl *Of) {
  LockPath P;
  P.Root = RootKind::Capability;
  P.Capability = Name;
  P.RootDecl = Of;
  return P;
}

const ValueDecl *guardedObject(const Expr *E) {
  // Through a bounded chain of local copies (`auto *I = Isolate_;`).
  for (unsigned Copies = 0; E && Copies < 8; ++Copies) {
    E = ignoreWrappers(E)->IgnoreParenCasts();
    if (const auto *M = dyn_cast<MemberExpr>(E))
      return isa<FieldDecl>(M->getMemberDecl()) ? M->getMemberDecl() : nullptr;
    const auto *DRE = dyn_cast<DeclRefExpr>(E);
    const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    if (!VD)
      return nullptr;
    const Expr *Init = VD->getInit();
    if (isa<ParmVarDecl>(VD) || !VD->hasLocalStorage() || !Init)
      return VD;
    const Expr *From = ignoreWrappers(Init)->IgnoreParenCasts();
    if (!isa<DeclRefExpr, MemberExpr>(From))
      return VD;
    E = From;
  }
  return nullptr;
}

LockPath LockPath::extended(llvm::ArrayRef<const ValueDecl *> Tail) const {
  LockPath P = *this;
  P.Members.append(Tail.begin(), Tail.end());
  return P;
}

bool LockPath::hasLocalRoot() const {
  if (Root != RootKind::Variable || !RootDecl)
    return false;
  const auto *VD = dyn_cast<VarDecl>(RootDecl);
  return !VD || VD->hasLocalStorage();
}

const ValueDecl *LockPath::mutexDecl() const {
  return Members.empty() ? RootDecl : Members.back();
}

/// Whether members of an object reached through \p D are written with
/// `->`: a pointer or smart pointer.
static bool reachedByArrow(const ValueDecl *D) {
  if (!D)
    return false;
  QualType T = D->getType().getNonReferenceType();
  return T->isPointerType() || isSmartPointer(T->getAsCXXRecordDecl());
}

std::string LockPath::spelling() const {
  std::string S;
  const ValueDecl *Previous = nullptr;
  if (Root == RootKind::Capability)
    return Capability.str();
  if (Root == RootKind::Variable && RootDecl) {
    S = RootDecl->getNameAsString();
    Previous = RootDecl;
  } else if (Members.empty()) {
    S = "*this";
  }
  for (const ValueDecl *M : Members) {
    if (!S.empty())
      S += reachedByArrow(Previous) ? "->" : ".";
    S += M->getNameAsString();
    Previous = M;
  }
  return S;
}

bool LockPath::operator<(const LockPath &O) const {
  if (Root != O.Root)
    return Root < O.Root;
  if (RootDecl != O.RootDecl)
    return std::less<const ValueDecl *>()(RootDecl, O.RootDecl);
  if (Capability != O.Capability)
    return Capability < O.Capability;
  return std::lexicographical_compare(Members.begin(), Members.end(),
                                      O.Members.begin(), O.Members.end(),
                                      std::less<const ValueDecl *>());
}

//===----------------------------------------------------------------------===//
// LockState
//===----------------------------------------------------------------------===//

const HeldLock *LockState::find(const LockPath &P) const {
  for (const HeldLock &H : Held)
    if (H.Path == P)
      return &H;
  return nullptr;
}

void LockState::acquire(const LockPath &P, LockMode Mode) {
  for (HeldLock &H : Held)
    if (H.Path == P) {
      H.Mode = Mode;
      return;
    }
  auto It = llvm::upper_bound(
      Held, P, [](const LockPath &A, const HeldLock &B) { return A < B.Path; });
  Held.insert(It, HeldLock{P, Mode});
}

/// Whether \p P is the capability \p Name, for \p Of or an unknown object.
static bool capabilityFor(const LockPath &P, llvm::StringRef Name,
                          const ValueDecl *Of) {
  return P.Root == LockPath::RootKind::Capability && P.Capability == Name &&
         (!Of || !P.RootDecl || P.RootDecl == Of);
}

bool LockState::holdsCapability(llvm::StringRef Name,
                                const ValueDecl *Of) const {
  return llvm::any_of(
      Held, [&](const HeldLock &H) { return capabilityFor(H.Path, Name, Of); });
}

bool LockState::releasedCapability(llvm::StringRef Name,
                                   const ValueDecl *Of) const {
  return llvm::any_of(
      Released, [&](const LockPath &P) { return capabilityFor(P, Name, Of); });
}

void LockState::assertHeld(const LockPath &P, LockMode Mode) {
  if (holds(P))
    return;
  acquire(P, Mode);
  Asserted.insert(llvm::upper_bound(Asserted, P), P);
}

void LockState::release(const LockPath &P) {
  if (holds(P)) {
    llvm::erase_if(Held, [&](const HeldLock &H) { return H.Path == P; });
    // Held since entry by the assertion: released from the entry's locks.
    auto It = llvm::find(Asserted, P);
    if (It == Asserted.end())
      return;
    Asserted.erase(It);
  }
  if (!llvm::is_contained(Released, P))
    Released.insert(llvm::upper_bound(Released, P), P);
}

LockState::Guard *LockState::findGuard(const VarDecl *Var) {
  for (Guard &G : Guards)
    if (G.Var == Var)
      return &G;
  return nullptr;
}

const LockState::Guard *LockState::findGuard(const VarDecl *Var) const {
  for (const Guard &G : Guards)
    if (G.Var == Var)
      return &G;
  return nullptr;
}

void LockState::addGuard(Guard G) {
  removeGuard(G.Var);
  if (G.Owns)
    for (const LockPath &P : G.Locks)
      acquire(P, G.Mode);
  auto It = llvm::upper_bound(Guards, G, [](const Guard &A, const Guard &B) {
    return std::less<const VarDecl *>()(A.Var, B.Var);
  });
  Guards.insert(It, std::move(G));
}

bool LockState::suspended(const LockPath &P) const {
  return !holds(P) && llvm::any_of(Guards, [&](const Guard &G) {
           return G.Owns && llvm::is_contained(G.Locks, P);
         });
}

void LockState::removeGuard(const VarDecl *Var) {
  llvm::erase_if(Guards, [&](const Guard &G) { return G.Var == Var; });
}

void LockState::setGuardOwns(Guard &G, bool Owns) {
  G.Owns = Owns;
  for (const LockPath &P : G.Locks) {
    if (Owns)
      acquire(P, G.Mode);
    else
      release(P);
  }
}

void LockState::intersect(const LockState &Other) {
  llvm::SmallVector<HeldLock, 4> Both;
  for (const HeldLock &H : Held)
    if (const HeldLock *O = Other.find(H.Path))
      Both.push_back({H.Path, H.Mode == LockMode::Exclusive &&
                                      O->Mode == LockMode::Exclusive
                                  ? LockMode::Exclusive
                                  : LockMode::Shared});
  Held = std::move(Both);
  llvm::erase_if(Released, [&](const LockPath &P) {
    return !llvm::is_contained(Other.Released, P);
  });
  llvm::erase_if(Asserted, [&](const LockPath &P) {
    return !holds(P) || !llvm::is_contained(Other.Asserted, P);
  });
  llvm::SmallVector<Guard, 2> Kept;
  for (Guard &G : Guards)
    for (const Guard &O : Other.Guards)
      if (O.Var == G.Var) {
        Guard K = G;
        K.Owns = G.Owns && O.Owns;
        Kept.push_back(std::move(K));
      }
  Guards = std::move(Kept);
}

//===----------------------------------------------------------------------===//
// What a statement does to the lock set
//===----------------------------------------------------------------------===//

namespace {

const CXXRecordDecl *recordOf(QualType T) {
  if (T.isNull())
    return nullptr;
  T = T.getNonReferenceType();
  if (T->isPointerType())
    T = T->getPointeeType();
  return T->getAsCXXRecordDecl();
}

} // namespace

const model::MutexType *mutexTypeOf(QualType T) {
  if (T.isNull())
    return nullptr;
  T = T.getNonReferenceType();
  if (T->isPointerType())
    T = T->getPointeeType();
  if (const auto *TT = T->getAs<TypedefType>())
    if (const model::MutexType *M =
            model::findMutexType(qualifiedName(*TT->getDecl())))
      return M;
  if (const CXXRecordDecl *RD = T->getAsCXXRecordDecl())
    return model::findMutexType(qualifiedName(*RD));
  return nullptr;
}

namespace {

std::optional<model::GuardTag> guardTagOf(const Expr *Arg) {
  const CXXRecordDecl *RD = recordOf(Arg->getType());
  if (!RD)
    return std::nullopt;
  std::string Name = qualifiedName(*RD);
  for (const model::GuardTagType &T : model::guardTagTypes())
    if (StringRef(T.QualifiedName).drop_front(2) == Name)
      return T.Tag;
  return std::nullopt;
}

bool isStdMove(const Expr *E) {
  const auto *Call = dyn_cast<CallExpr>(E->IgnoreParenImpCasts());
  const FunctionDecl *F = Call ? Call->getDirectCallee() : nullptr;
  return F && F->isInStdNamespace() && F->getIdentifier() &&
         F->getName() == "move";
}

const VarDecl *referencedVar(const Expr *E) {
  if (!E)
    return nullptr;
  E = E->IgnoreParenImpCasts();
  if (isStdMove(E))
    E = cast<CallExpr>(E)->getArg(0)->IgnoreParenImpCasts();
  const auto *DRE = dyn_cast<DeclRefExpr>(E);
  return DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
}

/// A call site, for substituting the arguments of thread-safety attributes.
struct CallSite {
  std::optional<LockPath> Object; ///< The implicit object, if a member call.
  const FunctionDecl *Callee = nullptr;
  llvm::ArrayRef<const Expr *> Args;
  /// The paths the arguments name, by index, as far as asked for
  /// (argumentPath()).
  mutable llvm::SmallVector<std::optional<std::optional<LockPath>>, 4> ArgPaths;
};

/// The path argument \p Index of \p Site names, named once per site.
const std::optional<LockPath> &
argumentPath(const CallSite &Site, unsigned Index, FunctionSummaries &Sums) {
  if (Site.ArgPaths.size() <= Index)
    Site.ArgPaths.resize(Site.Args.size());
  std::optional<std::optional<LockPath>> &Slot = Site.ArgPaths[Index];
  if (!Slot)
    Slot = LockPath::fromExpr(Site.Args[Index], &Sums);
  return *Slot;
}

/// The lock an attribute argument names at a call site. \p AttrArg is
/// written in the callee's terms: a parameter, a member of `this`, a
/// global; null means the object itself.
std::optional<LockPath> substitute(const Expr *AttrArg, const CallSite &Site) {
  if (!AttrArg || isa<CXXThisExpr>(AttrArg->IgnoreParenImpCasts()))
    return Site.Object;
  const Expr *E = AttrArg->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(E))
    if (U->getOpcode() == UO_AddrOf || U->getOpcode() == UO_Deref)
      return substitute(U->getSubExpr(), Site);
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *Parm = dyn_cast<ParmVarDecl>(DRE->getDecl())) {
      unsigned Index = Parm->getFunctionScopeIndex();
      if (Index < Site.Args.size())
        return LockPath::fromExpr(Site.Args[Index]);
      return std::nullopt;
    }
    return LockPath::fromExpr(E);
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    if (isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts())) {
      if (!Site.Object)
        return std::nullopt;
      LockPath P = *Site.Object;
      P.Members.push_back(ME->getMemberDecl());
      return P;
    }
    std::optional<LockPath> Base = substitute(ME->getBase(), Site);
    if (!Base)
      return std::nullopt;
    Base->Members.push_back(ME->getMemberDecl());
    return Base;
  }
  return std::nullopt;
}

/// The locks named by an attribute's argument list (none: the object).
template <typename AttrT>
llvm::SmallVector<LockPath, 2> attrLocks(const AttrT *A, const CallSite &Site) {
  llvm::SmallVector<LockPath, 2> Locks;
  if (A->args_size() == 0) {
    if (Site.Object)
      Locks.push_back(*Site.Object);
    return Locks;
  }
  for (const Expr *Arg : A->args())
    if (std::optional<LockPath> P = substitute(Arg, Site))
      Locks.push_back(*P);
  return Locks;
}

/// Applies the acquire/release attributes of the callee; the locks it takes
/// are added to \p Taken when given.
bool applyAttributes(const CallSite &Site, LockState &S,
                     llvm::SmallVectorImpl<HeldLock> *Taken = nullptr) {
  if (!Site.Callee)
    return false;
  bool Any = false;
  for (const auto *A : Site.Callee->specific_attrs<AcquireCapabilityAttr>()) {
    for (const LockPath &P : attrLocks(A, Site)) {
      LockMode Mode = A->isShared() ? LockMode::Shared : LockMode::Exclusive;
      S.acquire(P, Mode);
      if (Taken)
        Taken->push_back({P, Mode});
    }
    Any = true;
  }
  for (const auto *A : Site.Callee->specific_attrs<ReleaseCapabilityAttr>()) {
    for (const LockPath &P : attrLocks(A, Site))
      S.release(P);
    Any = true;
  }
  return Any || Site.Callee->hasAttr<TryAcquireCapabilityAttr>();
}

/// \p P, written in the callee's terms (`this`, its parameters, globals),
/// in the caller's terms at \p Site; nothing when it names the callee's
/// locals or the site does not say.
std::optional<LockPath> rebase(const LockPath &P, const CallSite &Site,
                               FunctionSummaries &Sums) {
  if (P.Root == LockPath::RootKind::Capability) {
    // A per-object capability for a parameter: for the argument's object;
    // for a local of the callee: for an object not known here.
    const auto *Parm = dyn_cast_or_null<ParmVarDecl>(P.RootDecl);
    const auto *Var = dyn_cast_or_null<VarDecl>(P.RootDecl);
    if (!Parm && !(Var && Var->hasLocalStorage()))
      return P;
    const auto *Owner =
        Parm ? dyn_cast<FunctionDecl>(Parm->getDeclContext()) : nullptr;
    unsigned Index = Parm ? Parm->getFunctionScopeIndex() : 0;
    if (!Owner || !Site.Callee ||
        Owner->getCanonicalDecl() != Site.Callee->getCanonicalDecl() ||
        Index >= Site.Args.size())
      return LockPath::capability(P.Capability);
    return LockPath::capability(P.Capability, guardedObject(Site.Args[Index]));
  }
  std::optional<LockPath> Base;
  if (P.Root == LockPath::RootKind::This) {
    Base = Site.Object;
  } else if (const auto *Parm = dyn_cast_or_null<ParmVarDecl>(P.RootDecl)) {
    const auto *Owner = dyn_cast<FunctionDecl>(Parm->getDeclContext());
    unsigned Index = Parm->getFunctionScopeIndex();
    if (!Owner || !Site.Callee ||
        Owner->getCanonicalDecl() != Site.Callee->getCanonicalDecl() ||
        Index >= Site.Args.size())
      return std::nullopt;
    Base = argumentPath(Site, Index, Sums);
  } else if (P.hasLocalRoot()) {
    return std::nullopt;
  } else {
    return Sums.canonical(P);
  }
  if (!Base)
    return std::nullopt;
  return Sums.canonical(Base->extended(P.Members));
}

/// Applies \p Summary of a call at \p Site: what the callee releases, then
/// what it leaves held, both in the caller's terms (added to \p Taken when
/// given).
void applySummary(const LockSummary &Summary, const CallSite &Site,
                  FunctionSummaries &Sums, LockState &S,
                  llvm::SmallVectorImpl<HeldLock> *Taken = nullptr) {
  for (const LockPath &P : Summary.Releases)
    if (std::optional<LockPath> Here = rebase(P, Site, Sums))
      S.release(*Here);
  for (const HeldLock &H : Summary.Acquires)
    if (std::optional<LockPath> Here = rebase(H.Path, Site, Sums)) {
      S.acquire(*Here, H.Mode);
      if (Taken)
        Taken->push_back({*Here, H.Mode});
    }
}

/// What a modelled guard constructed from \p Args holds: its first (or
/// every) lockable argument, owned unless a defer_lock / try_to_lock tag
/// says otherwise. In a template an argument of dependent type counts.
GuardInit modelGuardInit(const model::GuardType &Model,
                         llvm::ArrayRef<const Expr *> Args,
                         FunctionSummaries &Sums) {
  GuardInit G;
  G.Mode = Model.Mode;
  for (const Expr *Arg : Args)
    if (std::optional<model::GuardTag> Tag = guardTagOf(Arg))
      // try_to_lock: owns the lock only where owns_lock() says so.
      if (*Tag == model::GuardTag::DeferLock ||
          *Tag == model::GuardTag::TryToLock)
        G.Owns = false;
  for (const Expr *Arg : Args) {
    if (guardTagOf(Arg) ||
        (!Arg->getType()->isDependentType() &&
         !Sums.isLockableType(Arg->getType()) &&
         !Sums.isLockableType(Arg->IgnoreParenImpCasts()->getType())))
      continue;
    if (std::optional<LockPath> P = LockPath::fromExpr(Arg, &Sums))
      G.Locks.push_back(Sums.canonical(*P));
    if (!Model.LocksAllArgs)
      break;
  }
  return G;
}

} // namespace

std::optional<GuardInit> guardInitOf(const Expr *Init,
                                     FunctionSummaries &Sums) {
  Init = ignoreWrappers(Init);
  if (!Init)
    return std::nullopt;
  GuardInit G;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Init)) {
    const CXXRecordDecl *RD = Construct->getType()->getAsCXXRecordDecl();
    const CXXConstructorDecl *Ctor = Construct->getConstructor();
    if (!RD || !Ctor)
      return std::nullopt;
    llvm::ArrayRef<const Expr *> Args(Construct->getArgs(),
                                      Construct->getNumArgs());
    if (const model::GuardType *Model =
            model::findGuardType(qualifiedName(*RD))) {
      return modelGuardInit(*Model, Args, Sums);
    }
    CallSite Site{std::nullopt, Ctor, Args};
    if (RD->hasAttr<ScopedLockableAttr>()) {
      for (const auto *A : Ctor->specific_attrs<AcquireCapabilityAttr>()) {
        G.Locks = attrLocks(A, Site);
        G.Mode = A->isShared() ? LockMode::Shared : LockMode::Exclusive;
        return G;
      }
      return std::nullopt;
    }
    std::optional<GuardShape> Shape = Sums.guardShape(*Ctor);
    if (!Shape)
      return std::nullopt;
    for (const LockPath &P : Shape->Locks)
      if (std::optional<LockPath> Here = rebase(P, Site, Sums))
        G.Locks.push_back(*Here);
    G.Mode = Shape->Mode;
    return G;
  }
  // A guard returned by value: `auto L = lock();`.
  const auto *Call = dyn_cast<CallExpr>(Init);
  const FunctionDecl *F = Call ? Call->getDirectCallee() : nullptr;
  if (!F)
    return std::nullopt;
  const LockSummary &Summary = Sums.locks(*F);
  if (Summary.ReturnedGuardLocks.empty())
    return std::nullopt;
  CallSite Site{std::nullopt, F, {}};
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
    if (std::optional<LockPath> Object =
            LockPath::fromExpr(MC->getImplicitObjectArgument(), &Sums))
      Site.Object = Sums.canonical(*Object);
  }
  Site.Args = llvm::ArrayRef<const Expr *>(Call->getArgs(), Call->getNumArgs());
  for (const LockPath &P : Summary.ReturnedGuardLocks)
    if (std::optional<LockPath> Here = rebase(P, Site, Sums))
      G.Locks.push_back(*Here);
  G.Mode = Summary.ReturnedGuardMode;
  return G;
}

struct CallRebaser::Site : CallSite {};

CallRebaser::CallRebaser(const CallExpr &Call, FunctionSummaries &Summaries)
    : Call(Call), Summaries(Summaries), S(std::make_unique<Site>()) {
  S->Callee = Call.getDirectCallee();
  S->Args = llvm::ArrayRef<const Expr *>(Call.getArgs(), Call.getNumArgs());
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(&Call)) {
    if (std::optional<LockPath> Object =
            LockPath::fromExpr(MC->getImplicitObjectArgument(), &Summaries))
      S->Object = Summaries.canonical(*Object);
  }
}

CallRebaser::~CallRebaser() = default;

std::optional<LockPath> CallRebaser::operator()(const LockPath &P) const {
  return rebase(P, *S, Summaries);
}

std::optional<LockPath> rebaseToCall(const LockPath &P, const CallExpr &Call,
                                     FunctionSummaries &Sums) {
  return CallRebaser(Call, Sums)(P);
}

namespace {

/// An assertion that the object is held (`AssertHeld()`, or the
/// assert_capability attribute).
bool isAssertHeld(const CXXMethodDecl &M) {
  if (M.hasAttr<AssertCapabilityAttr>())
    return true;
  if (!M.getIdentifier())
    return false;
  StringRef N = M.getName();
  return N == "AssertHeld" || N == "AssertReaderHeld" ||
         N == "AssertWriterHeld" || N == "assertHeld" || N == "assert_held" ||
         N == "AssertLocked" || N == "assertLocked";
}

/// The lock set's transfer function, one CFG element at a time.
class Transfer {
public:
  Transfer(LockState &S, FunctionSummaries &Sums) : S(S), Sums(Sums) {}

  /// Where the locks the next elements take by blocking go (lock calls,
  /// guards, calls that leave a lock held; not try-locks or assertions),
  /// also when they are already held.
  llvm::SmallVectorImpl<HeldLock> *Taken = nullptr;

  void element(const CFGElement &E) {
    if (auto Dtor = E.getAs<CFGAutomaticObjDtor>()) {
      if (LockState::Guard *G = S.findGuard(Dtor->getVarDecl())) {
        for (const LockPath &P : G->Locks)
          if (G->Reacquires)
            S.acquire(P, G->Mode);
          else if (G->Owns)
            S.release(P);
        S.removeGuard(G->Var);
      }
      return;
    }
    if (auto Init = E.getAs<CFGInitializer>()) {
      initializer(*Init->getInitializer());
      return;
    }
    auto CS = E.getAs<CFGStmt>();
    if (!CS)
      return;
    const Stmt *St = CS->getStmt();
    if (const auto *DS = dyn_cast<DeclStmt>(St)) {
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          declareGuard(*VD);
    } else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(St)) {
      memberCall(*MC);
    } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(St)) {
      guardAssignment(*Op);
    } else if (const auto *Call = dyn_cast<CallExpr>(St)) {
      freeCall(*Call);
    }
  }

private:
  /// A guard variable's construction: lock_guard, unique_lock, ..., a class
  /// with the scoped_lockable attribute or a guard's shape, or a guard
  /// returned by a call.
  void declareGuard(const VarDecl &VD) {
    if (VD.getType()->isReferenceType())
      return;
    if (capabilityGuard(VD))
      return;
    const Expr *Init = ignoreWrappers(VD.getInit());
    if (!Init)
      return;
    if (!VD.getType()->getAsCXXRecordDecl()) {
      if (std::optional<GuardInit> GI = dependentGuardInit(VD, *Init))
        if (!GI->Locks.empty())
          addGuard(LockState::Guard{&VD, GI->Locks, GI->Mode, GI->Owns});
      return;
    }
    // Moving a guard moves its locks.
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(Init))
      if (Construct->getNumArgs() == 1)
        if (const VarDecl *From = referencedVar(Construct->getArg(0)))
          if (LockState::Guard *Old = S.findGuard(From)) {
            LockState::Guard G = *Old;
            G.Var = &VD;
            S.removeGuard(From);
            S.addGuard(std::move(G));
            return;
          }
    std::optional<GuardInit> GI = guardInitOf(Init, Sums);
    if (!GI || GI->Locks.empty())
      return;
    LockState::Guard G{&VD, GI->Locks, GI->Mode, GI->Owns};
    // `std::unique_lock L(Mu, std::adopt_lock)`: held already, not taken.
    if (adoptsLock(*Init))
      S.addGuard(std::move(G));
    else
      addGuard(std::move(G));
  }

  static bool adoptsLock(const Expr &Init) {
    const auto *Construct = dyn_cast<CXXConstructExpr>(&Init);
    if (!Construct)
      return false;
    for (const Expr *Arg : Construct->arguments())
      if (guardTagOf(Arg) == model::GuardTag::AdoptLock)
        return true;
    return false;
  }

  void took(const LockPath &P, LockMode Mode) {
    if (Taken)
      Taken->push_back({P, Mode});
  }

  void addGuard(LockState::Guard G) {
    if (G.Owns)
      for (const LockPath &P : G.Locks)
        took(P, G.Mode);
    S.addGuard(std::move(G));
  }

  void setGuardOwns(LockState::Guard &G, bool Owns) {
    if (Owns)
      for (const LockPath &P : G.Locks)
        took(P, G.Mode);
    S.setGuardOwns(G, Owns);
  }

  /// A runtime's scoped guard (v8::Locker, pybind11::gil_scoped_release,
  /// a configured one): its capability, held (or dropped) for its scope.
  bool capabilityGuard(const VarDecl &VD) {
    const CXXRecordDecl *RD = VD.getType()->getAsCXXRecordDecl();
    if (!RD || !RD->getIdentifier())
      return false;
    std::string Name = qualifiedName(*RD);
    llvm::StringRef Capability;
    bool Acquire = true;
    const ValueDecl *Of = nullptr;
    if (const model::AffinityGuard *M = model::findAffinityGuard(Name)) {
      if (M->Form != model::AffinityGuardForm::ScopedAcquire &&
          M->Form != model::AffinityGuardForm::ScopedRelease)
        return false;
      Capability = model::capabilityOf(*M);
      Acquire = M->Form == model::AffinityGuardForm::ScopedAcquire;
      Of = guardedArgument(VD, M->ObjectArgument);
    } else if (llvm::is_contained(Sums.options().CapabilityGuardTypes, Name)) {
      Capability = model::findRuntime(model::UserRuntimeName)->Capability;
    } else {
      return false;
    }
    LockState::Guard G{&VD,
                       {LockPath::capability(Capability, Of)},
                       LockMode::Exclusive,
                       Acquire};
    if (!Acquire) {
      // Given back for an object not known: every one held is dropped (and
      // taken again at the end of the scope).
      if (!Of && S.holdsCapability(Capability, nullptr)) {
        G.Locks.clear();
        for (const HeldLock &H : S.held())
          if (H.Path.Root == LockPath::RootKind::Capability &&
              H.Path.Capability == Capability)
            G.Locks.push_back(H.Path);
      }
      for (const LockPath &P : G.Locks)
        S.release(P);
      G.Reacquires = true;
    }
    S.addGuard(std::move(G));
    return true;
  }

  /// The object a per-object guard variable is made for: its constructor's
  /// argument \p Index (see guardedObject); null when unknown or
  /// \p Index is -1.
  static const ValueDecl *guardedArgument(const VarDecl &VD, int Index) {
    const auto *Construct =
        dyn_cast_or_null<CXXConstructExpr>(ignoreWrappers(VD.getInit()));
    if (Index < 0 || !Construct ||
        static_cast<unsigned>(Index) >= Construct->getNumArgs())
      return nullptr;
    return guardedObject(Construct->getArg(Index));
  }

  /// A runtime guard's call (PyGILState_Ensure, PyEval_SaveThread,
  /// JavaVM::AttachCurrentThread): takes or drops its capability.
  bool capabilityCall(const FunctionDecl &F) {
    if (!F.getIdentifier())
      return false;
    StringRef Short = F.getName();
    if (llvm::none_of(model::affinityGuards(), [&](const auto &G) {
          return G.QualifiedName.ends_with(Short);
        }))
      return false;
    const model::AffinityGuard *G = model::findAffinityGuard(qualifiedName(F));
    if (!G)
      return false;
    LockPath P = LockPath::capability(model::capabilityOf(*G));
    if (G->Form == model::AffinityGuardForm::CallAcquire)
      S.acquire(P, LockMode::Exclusive);
    else if (G->Form == model::AffinityGuardForm::CallRelease)
      S.release(P);
    else
      return false;
    return true;
  }

  /// In a template: `std::lock_guard<Mutex> G(Mu_);` with a dependent
  /// mutex type, a model guard of its first (or every) argument.
  std::optional<GuardInit> dependentGuardInit(const VarDecl &VD,
                                              const Expr &Init) {
    const auto *TST = VD.getType()->getAs<TemplateSpecializationType>();
    const TemplateDecl *TD =
        TST ? TST->getTemplateName().getAsTemplateDecl() : nullptr;
    const model::GuardType *Model =
        TD ? model::findGuardType(qualifiedName(*TD)) : nullptr;
    if (!Model)
      return std::nullopt;
    llvm::SmallVector<const Expr *, 2> Args;
    if (const auto *PL = dyn_cast<ParenListExpr>(&Init))
      for (unsigned I = 0; I < PL->getNumExprs(); ++I)
        Args.push_back(PL->getExpr(I));
    else if (const auto *U = dyn_cast<CXXUnresolvedConstructExpr>(&Init))
      Args.append(U->arg_begin(), U->arg_end());
    else
      return std::nullopt;
    return modelGuardInit(*Model, Args, Sums);
  }

  /// A constructor's member or base initializer that is a guard (a class
  /// derived from std::lock_guard, a wrapper holding a std::unique_lock) or
  /// a call that locks: the lock is held when the constructor ends.
  void initializer(const CXXCtorInitializer &I) {
    const auto *Construct =
        dyn_cast_or_null<CXXConstructExpr>(ignoreWrappers(I.getInit()));
    if (!Construct)
      return;
    if (std::optional<GuardInit> GI = guardInitOf(Construct, Sums)) {
      if (GI->Owns)
        for (const LockPath &P : GI->Locks)
          S.acquire(P, GI->Mode);
      return;
    }
    std::optional<LockPath> Object = LockPath{};
    if (const FieldDecl *F = I.getMember())
      Object = Object->extended({F});
    llvm::ArrayRef<const Expr *> Args(Construct->getArgs(),
                                      Construct->getNumArgs());
    const CXXConstructorDecl *Ctor = Construct->getConstructor();
    if (Ctor)
      applySummary(Sums.locks(*Ctor), CallSite{Object, Ctor, Args}, Sums, S);
  }

  void memberCall(const CXXMemberCallExpr &MC) {
    const CXXMethodDecl *Method = MC.getMethodDecl();
    const Expr *Object = MC.getImplicitObjectArgument();
    if (!Method || !Object)
      return;
    if (capabilityCall(*Method))
      return;
    llvm::ArrayRef<const Expr *> Args(MC.getArgs(), MC.getNumArgs());
    // A guard's own operations.
    if (const VarDecl *GuardVar = referencedVar(Object))
      if (LockState::Guard *G = S.findGuard(GuardVar)) {
        guardCall(*G, *Method);
        return;
      }
    std::optional<LockPath> ObjectPath = LockPath::fromExpr(Object, &Sums);
    if (ObjectPath)
      ObjectPath = Sums.canonical(*ObjectPath);
    CallSite Site{ObjectPath, Method, Args};
    if (applyAttributes(Site, S, Taken))
      return;
    // `Mu.AssertHeld()`: the caller holds it from here on.
    // A project lockable's AssertHeld() that asserts its own mutex says
    // so in its summary (abseil's CordzInfo::AssertHeld()).
    if (ObjectPath && isAssertHeld(*Method) &&
        !mutexTypeOf(Object->getType()) &&
        Sums.isLockableType(Object->getType()) &&
        Sums.locks(*Method).Acquires.empty()) {
      // An empty AssertHeld() (compiled out under NDEBUG) asserts what the
      // class's own lock() takes.
      bool Found = false;
      for (const CXXMethodDecl *Sib : Method->getParent()->methods()) {
        const model::LockSpelling *Sp =
            Sib->getIdentifier() ? model::findLockSpelling(Sib->getName())
                                 : nullptr;
        if (!Sp || Sp->Effect != LockEffect::Acquire)
          continue;
        for (const HeldLock &H : Sums.locks(*Sib).Acquires)
          if (H.Path.Root == LockPath::RootKind::This) {
            S.assertHeld(
                Sums.canonical(ObjectPath->extended(H.Path.Members)), H.Mode);
            Found = true;
          }
      }
      if (Found)
        return;
    }
    if (ObjectPath && isAssertHeld(*Method) &&
        (mutexTypeOf(Object->getType()) ||
         (Sums.isLockableType(Object->getType()) &&
          Sums.locks(*Method).Acquires.empty()))) {
      S.assertHeld(*ObjectPath, Method->getName().contains("Reader")
                                    ? LockMode::Shared
                                    : LockMode::Exclusive);
      return;
    }
    // A modelled mutex's members, or a lockable known only by its names.
    std::optional<std::pair<LockEffect, LockMode>> Effect;
    if (mutexTypeOf(Object->getType()) && Method->getIdentifier()) {
      if (const model::LockMember *M = model::findLockMember(Method->getName()))
        Effect = {M->Effect, M->Mode};
      else
        return;
    } else {
      Effect = Sums.effectByName(*Method);
    }
    if (Effect) {
      if (!Site.Object)
        return;
      if (Effect->first == LockEffect::Acquire) {
        S.acquire(*Site.Object, Effect->second);
        took(*Site.Object, Effect->second);
      } else if (Effect->first == LockEffect::Release)
        S.release(*Site.Object);
      // TryAcquire: decided on the branch (see refineOnBranch).
      return;
    }
    applySummary(Sums.locks(*Method), Site, Sums, S, Taken);
  }

  void guardCall(LockState::Guard &G, const CXXMethodDecl &Method) {
    if (!Method.getIdentifier())
      return;
    StringRef Name = Method.getName();
    if (Name == "lock" || Name == "relock" || Name == "Lock" ||
        Name == "Relock" || Name == "ReLock")
      setGuardOwns(G, true);
    else if (Name == "unlock" || Name == "Unlock" || Name == "UnLock")
      S.setGuardOwns(G, false);
    else if (Name == "release") // The lock stays held, unmanaged.
      S.removeGuard(G.Var);
    else if (Method.hasAttr<ReleaseCapabilityAttr>())
      S.setGuardOwns(G, false);
    else if (Method.hasAttr<AcquireCapabilityAttr>())
      setGuardOwns(G, true);
    else {
      // A guard class of the project's own: what the member's body does to
      // the guard's lock.
      const LockSummary &Summary = Sums.locks(Method);
      if (!Summary.Releases.empty())
        S.setGuardOwns(G, false);
      else if (!Summary.Acquires.empty())
        setGuardOwns(G, true);
    }
  }

  /// `Lock = std::move(Other)` / `Lock = std::unique_lock(Mu)`: the guard
  /// gives up what it had; keep it simple and stop tracking it.
  void guardAssignment(const CXXOperatorCallExpr &Op) {
    if (Op.getOperator() != OO_Equal || Op.getNumArgs() != 2)
      return;
    if (const VarDecl *GuardVar = referencedVar(Op.getArg(0)))
      if (LockState::Guard *G = S.findGuard(GuardVar)) {
        S.setGuardOwns(*G, false);
        S.removeGuard(GuardVar);
      }
  }

  void freeCall(const CallExpr &Call) {
    const FunctionDecl *F = Call.getDirectCallee();
    if (!F)
      return;
    llvm::ArrayRef<const Expr *> Args(Call.getArgs(), Call.getNumArgs());
    CallSite Site{std::nullopt, F, Args};
    if (applyAttributes(Site, S, Taken))
      return;
    if (!F->getIdentifier() || capabilityCall(*F))
      return;
    const model::LockFunction *LF = model::findLockFunction(qualifiedName(*F));
    if (!LF) {
      applySummary(Sums.locks(*F), Site, Sums, S, Taken);
      return;
    }
    if (LF->Effect == model::LockEffect::TryAcquire)
      return;
    for (unsigned I = 0; I < Args.size(); ++I) {
      if (LF->MutexArg != model::AllArgs && (int)I != LF->MutexArg)
        continue;
      std::optional<LockPath> P = LockPath::fromExpr(Args[I], &Sums);
      if (!P)
        continue;
      if (LF->Effect == model::LockEffect::Acquire) {
        S.acquire(Sums.canonical(*P), LF->Mode);
        took(Sums.canonical(*P), LF->Mode);
      } else
        S.release(Sums.canonical(*P));
    }
  }

  LockState &S;
  FunctionSummaries &Sums;
};

/// A try-lock tested by a branch condition: which lock (or guard), and
/// whether it is held when the condition is true.
struct TryLockTest {
  std::optional<LockPath> Lock;
  model::LockMode Mode = LockMode::Exclusive;
  const VarDecl *Guard = nullptr;
  bool HeldWhenTrue = true;
};

std::optional<TryLockTest> tryLockTest(const Expr *Cond, LockState &S,
                                       FunctionSummaries &Sums) {
  if (!Cond)
    return std::nullopt;
  Cond = Cond->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(Cond)) {
    if (U->getOpcode() != UO_LNot)
      return std::nullopt;
    std::optional<TryLockTest> T = tryLockTest(U->getSubExpr(), S, Sums);
    if (T)
      T->HeldWhenTrue = !T->HeldWhenTrue;
    return T;
  }
  if (const auto *B = dyn_cast<BinaryOperator>(Cond)) {
    // pthread_mutex_trylock(&M) == 0, != 0.
    if (!B->isEqualityOp())
      return std::nullopt;
    const Expr *Other = B->getRHS()->IgnoreParenImpCasts();
    const Expr *Tested = B->getLHS();
    if (!isa<IntegerLiteral>(Other)) {
      Other = B->getLHS()->IgnoreParenImpCasts();
      Tested = B->getRHS();
    }
    const auto *Lit = dyn_cast<IntegerLiteral>(Other);
    if (!Lit || Lit->getValue() != 0)
      return std::nullopt;
    std::optional<TryLockTest> T = tryLockTest(Tested, S, Sums);
    // The bare call tests "nonzero"; `== 0` flips that.
    if (T && B->getOpcode() == BO_EQ)
      T->HeldWhenTrue = !T->HeldWhenTrue;
    return T;
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Cond)) {
    const CXXMethodDecl *M = MC->getMethodDecl();
    const Expr *Object = MC->getImplicitObjectArgument();
    if (!M || !Object)
      return std::nullopt;
    if (const VarDecl *GuardVar = referencedVar(Object))
      if (S.findGuard(GuardVar)) {
        if (isa<CXXConversionDecl>(M) ||
            (M->getIdentifier() &&
             (M->getName() == "owns_lock" || M->getName() == "try_lock" ||
              M->getName() == "try_lock_for" ||
              M->getName() == "try_lock_until")))
          return TryLockTest{std::nullopt, LockMode::Exclusive, GuardVar, true};
        return std::nullopt;
      }
    llvm::ArrayRef<const Expr *> Args(MC->getArgs(), MC->getNumArgs());
    if (const auto *A = M->getAttr<TryAcquireCapabilityAttr>()) {
      CallSite Site{LockPath::fromExpr(Object), M, Args};
      llvm::SmallVector<LockPath, 2> Locks = attrLocks(A, Site);
      if (Locks.empty())
        return std::nullopt;
      bool SuccessTrue = true;
      if (const auto *Lit = dyn_cast<CXXBoolLiteralExpr>(
              A->getSuccessValue()->IgnoreParenImpCasts()))
        SuccessTrue = Lit->getValue();
      return TryLockTest{Locks.front(),
                         A->isShared() ? LockMode::Shared : LockMode::Exclusive,
                         nullptr, SuccessTrue};
    }
    if (!M->getIdentifier())
      return std::nullopt;
    const model::LockMember *LM = nullptr;
    if (mutexTypeOf(Object->getType()))
      LM = model::findLockMember(M->getName());
    else if (Sums.isLockableClass(*M->getParent()))
      // A lockable of the project's own: try_lock() / TryLock() by name.
      LM = model::findLockSpelling(M->getName());
    if (!LM || LM->Effect != model::LockEffect::TryAcquire)
      return std::nullopt;
    if (std::optional<LockPath> P = LockPath::fromExpr(Object, &Sums))
      return TryLockTest{Sums.canonical(*P), LM->Mode, nullptr, true};
    return std::nullopt;
  }
  if (const auto *Call = dyn_cast<CallExpr>(Cond)) {
    const FunctionDecl *F = Call->getDirectCallee();
    if (!F || !F->getIdentifier() || Call->getNumArgs() == 0)
      return std::nullopt;
    const model::LockFunction *LF = model::findLockFunction(qualifiedName(*F));
    if (!LF || LF->Effect != model::LockEffect::TryAcquire ||
        LF->MutexArg == model::AllArgs ||
        (unsigned)LF->MutexArg >= Call->getNumArgs())
      return std::nullopt;
    if (std::optional<LockPath> P =
            LockPath::fromExpr(Call->getArg(LF->MutexArg)))
      return TryLockTest{*P, LF->Mode, nullptr, !LF->SuccessIsZero};
  }
  return std::nullopt;
}

/// Refines \p S for the edge to successor \p SuccIndex of \p B (0: the
/// condition was true).
void refineOnBranch(const CFGBlock &B, unsigned SuccIndex, LockState &S,
                    FunctionSummaries &Sums) {
  if (B.succ_size() != 2)
    return;
  std::optional<TryLockTest> T =
      tryLockTest(dyn_cast_or_null<Expr>(B.getTerminatorCondition()), S,
                  Sums);
  if (!T)
    return;
  bool ConditionTrue = SuccIndex == 0;
  bool Held = ConditionTrue == T->HeldWhenTrue;
  if (T->Guard) {
    if (LockState::Guard *G = S.findGuard(T->Guard))
      S.setGuardOwns(*G, Held);
    return;
  }
  if (Held)
    S.acquire(*T->Lock, T->Mode);
}

/// The locks a function's requires_capability and release_capability
/// attributes say it holds on entry.
void addRequiredLocks(const FunctionDecl &F, LockState &S) {
  std::optional<LockPath> This;
  if (isa<CXXMethodDecl>(F))
    This = LockPath{};
  // The locks an attribute names; the function's own parameters stand for
  // themselves here.
  auto ForEachNamed = [&](const auto *A, auto Apply) {
    llvm::SmallVector<const Expr *, 4> NoArgs;
    CallSite Site{This, &F, NoArgs};
    LockMode Mode = A->isShared() ? LockMode::Shared : LockMode::Exclusive;
    for (const Expr *Arg : A->args()) {
      std::optional<LockPath> P = substitute(Arg, Site);
      if (!P)
        P = LockPath::fromExpr(Arg);
      if (P)
        Apply(*P, Mode);
    }
  };
  for (const auto *A : F.specific_attrs<RequiresCapabilityAttr>())
    ForEachNamed(A, [&](const LockPath &P, LockMode M) { S.acquire(P, M); });
  // A function that releases a lock it names (`void End()
  // UNLOCK_FUNCTION(mu_)`) is called with it held, as -Wthread-safety
  // assumes; held as a precondition, so that its release still counts.
  for (const auto *A : F.specific_attrs<ReleaseCapabilityAttr>())
    ForEachNamed(A, [&](const LockPath &P, LockMode M) {
      if (!S.holds(P))
        S.assertHeld(P, M);
    });
}

} // namespace

//===----------------------------------------------------------------------===//
// LockSetAnalysis
//===----------------------------------------------------------------------===//

bool isLockableType(QualType T) {
  if (mutexTypeOf(T))
    return true;
  const CXXRecordDecl *RD = recordOf(T);
  return RD && RD->hasAttr<CapabilityAttr>();
}

LockSetAnalysis::LockSetAnalysis(const FunctionDecl &Function,
                                 ASTContext &Context, LockState EntryState,
                                 FunctionSummaries *Summaries)
    : Entry(std::move(EntryState)) {
  Stmt *Body = Function.getBody();
  if (!Body || Function.isInvalidDecl())
    return;
  if (!Summaries) {
    OwnSummaries = std::make_unique<FunctionSummaries>(Context);
    Summaries = OwnSummaries.get();
  }
  CFG::BuildOptions BO;
  BO.AddImplicitDtors = true;
  BO.AddInitializers = true;
  BO.setAllAlwaysAdd();
  Graph = CFG::buildCFG(&Function, Body, &Context, BO);
  if (!Graph)
    return;
  addRequiredLocks(Function, Entry);

  // Forward must-analysis: block entry states, intersected over incoming
  // edges, iterated to a fixpoint.
  llvm::DenseMap<const CFGBlock *, LockState> In;
  In[&Graph->getEntry()] = Entry;
  std::deque<const CFGBlock *> Work{&Graph->getEntry()};
  llvm::DenseSet<const CFGBlock *> Queued{&Graph->getEntry()};
  unsigned Budget = 64 * Graph->getNumBlockIDs() + 64;
  while (!Work.empty()) {
    if (Budget-- == 0) { // Should not happen: the lattice is finite.
      Graph.reset();
      return;
    }
    const CFGBlock *B = Work.front();
    Work.pop_front();
    Queued.erase(B);
    LockState S = In[B];
    Transfer T(S, *Summaries);
    for (const CFGElement &E : *B)
      T.element(E);
    unsigned Index = 0;
    for (const CFGBlock::AdjacentBlock &Succ : B->succs()) {
      unsigned SuccIndex = Index++;
      const CFGBlock *Next = Succ.getReachableBlock();
      if (!Next)
        continue;
      LockState Out = S;
      refineOnBranch(*B, SuccIndex, Out, *Summaries);
      auto It = In.find(Next);
      bool Changed;
      if (It == In.end()) {
        In[Next] = std::move(Out);
        Changed = true;
      } else {
        LockState Met = It->second;
        Met.intersect(Out);
        Changed = Met != It->second;
        It->second = std::move(Met);
      }
      if (Changed && Queued.insert(Next).second)
        Work.push_back(Next);
    }
  }

  // Record the state before every statement.
  for (const CFGBlock *B : *Graph) {
    auto It = In.find(B);
    if (It == In.end())
      continue;
    LockState S = It->second;
    Transfer T(S, *Summaries);
    llvm::SmallVector<HeldLock, 2> Taken;
    for (const CFGElement &E : *B) {
      const Stmt *Recorded = nullptr;
      if (auto CS = E.getAs<CFGStmt>())
        if (!States.count(CS->getStmt())) {
          // Consecutive statements mostly share a state: keep each once.
          if (Unique.empty() || Unique.back() != S)
            Unique.push_back(S);
          States[CS->getStmt()] = Unique.size() - 1;
          Recorded = CS->getStmt();
        }
      Taken.clear();
      T.Taken = Recorded ? &Taken : nullptr;
      T.element(E);
      if (!Taken.empty())
        TakenBy[Recorded].assign(Taken.begin(), Taken.end());
    }
    if (B == &Graph->getExit())
      Exit = S;
  }
}

LockSetAnalysis::~LockSetAnalysis() = default;

const LockState *LockSetAnalysis::before(const Stmt *S) const {
  auto It = States.find(S);
  return It == States.end() ? nullptr : &Unique[It->second];
}

llvm::ArrayRef<HeldLock> LockSetAnalysis::takenBy(const Stmt *S) const {
  auto It = TakenBy.find(S);
  if (It == TakenBy.end())
    return {};
  return It->second;
}

const LockState *LockSetAnalysis::atExit() const {
  return Exit ? &*Exit : nullptr;
}

} // namespace conctidy
