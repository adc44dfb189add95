//===--- FunctionSummaries.cpp - What a call does, per function -----------===//

#include "conctidy/Analysis/FunctionSummaries.h"
#include "conctidy/Analysis/ASTHelpers.h"
#include "conctidy/Analysis/LockOrder.h"
#include "conctidy/Analysis/LockSummaryFile.h"
#include "conctidy/Analysis/SummaryFile.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang;
using conctidy::model::LockEffect;
using conctidy::model::LockMode;

namespace conctidy {

namespace {

bool isVisibleBody(const FunctionDecl *Def, const SourceManager &SM) {
  return Def && Def->hasBody() && !SM.isInSystemHeader(Def->getLocation());
}

/// Whether the class name says it is a guard (MutexLock, LockGuard,
/// ScopedLocker, AutoLock), for guards whose constructor is not visible.
bool hasGuardName(const CXXRecordDecl &RD) {
  if (!RD.getIdentifier())
    return false;
  std::string Name = RD.getName().lower();
  return StringRef(Name).contains("lock") || StringRef(Name).contains("guard");
}

bool isCopyOrMove(const CXXConstructorDecl &C) {
  return C.isCopyOrMoveConstructor();
}

/// Whether \p Body takes an atomic flag (`while (Flag.test_and_set())`, a
/// compare_exchange), directly or in a helper of its class, or releases one
/// (`Flag.clear()`, `Flag.store(false)`): a spin lock's lock() and
/// unlock(), once their names say so.
bool touchesAtomic(const Stmt *Body, bool Acquire, unsigned Depth = 0) {
  if (!Body || Depth > 2)
    return false;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Body)) {
    const CXXMethodDecl *M = MC->getMethodDecl();
    const CXXRecordDecl *RD = M ? M->getParent() : nullptr;
    // std::atomic<int>'s members are declared in libstdc++'s
    // __atomic_base<int>, atomic_flag's in __atomic_flag_base.
    if (M && M->getIdentifier() && RD && RD->getIdentifier() &&
        RD->getName().contains("atomic")) {
      StringRef N = M->getName();
      if (Acquire && (N == "test_and_set" || N == "exchange" ||
                      N.starts_with("compare_exchange") || N == "fetch_or"))
        return true;
      if (!Acquire && (N == "clear" || N == "store" || N == "exchange" ||
                       N == "fetch_and"))
        return true;
    }
    // Into the class's own helpers, two calls deep (abseil's SpinLock:
    // Lock() -> TryLockImpl() -> TryLockInternal() -> compare_exchange).
    const Expr *Object = MC->getImplicitObjectArgument();
    if (M && Object && isa<CXXThisExpr>(Object->IgnoreParenImpCasts()))
      if (const FunctionDecl *Def = M->getDefinition())
        if (touchesAtomic(Def->getBody(), Acquire, Depth + 1))
          return true;
  }
  for (const Stmt *Child : Body->children())
    if (touchesAtomic(Child, Acquire, Depth))
      return true;
  return false;
}

} // namespace

const LockSummary &FunctionSummaries::locks(const FunctionDecl &F) {
  const FunctionDecl *Def = F.getDefinition();
  if (!Def || !Def->hasBody() || Def->isInvalidDecl() ||
      !isVisibleBody(Def, Context.getSourceManager())) {
    // Its body is in another translation unit: its linked lock part.
    if (const LockSummary *L = linkedLocks(F))
      return *L;
    return EmptySummary;
  }
  return Locks.get(Def, [&] { return compute(*Def); });
}

const LockSummary *FunctionSummaries::linkedLocks(const FunctionDecl &F) {
  const PortableSummary *P = linked(F);
  if (!P || P->LockSet.empty())
    return nullptr;
  const FunctionDecl *Key = F.getCanonicalDecl();
  std::unique_ptr<LockSummary> &Slot = LinkedLocks[Key];
  if (!Slot) {
    Slot = std::make_unique<LockSummary>(
        resolveLockSummary(P->LockSet, *Key, linkedPaths()));
  }
  return Slot.get();
}

FunctionSummaries::FunctionSummaries(ASTContext &Context, ShapeOptions Options)
    : Context(Context), Options(std::move(Options)), Linked(linkedSummaries()) {
}

FunctionSummaries::~FunctionSummaries() = default;

const PortableSummary *FunctionSummaries::linked(const FunctionDecl &F) {
  if (!Linked)
    return nullptr;
  const FunctionDecl *Key = F.getCanonicalDecl();
  auto [It, New] = LinkedByDecl.try_emplace(Key, nullptr);
  if (New) {
    std::string USR = usrOf(*Key);
    if (!USR.empty())
      It->second = Linked->find(USR);
  }
  return It->second;
}

bool FunctionSummaries::calledFromOtherUnits(const FunctionDecl &F) {
  const PortableSummary *S = linked(F);
  return S && S->CalledElsewhere;
}

PortableLockPaths &FunctionSummaries::linkedPaths() {
  if (!LinkedPaths)
    LinkedPaths = std::make_unique<PortableLockPaths>(Context);
  return *LinkedPaths;
}

const FunctionDecl *
FunctionSummaries::visibleDefinition(const FunctionDecl &F) {
  const FunctionDecl *Def = F.getDefinition();
  if (!Def || !Def->hasBody() || Def->isInvalidDecl() ||
      Def->isDependentContext() ||
      !isVisibleBody(Def, Context.getSourceManager()))
    return nullptr;
  return Def;
}

ChannelEffects ChannelSummary::param(unsigned Index) const {
  ChannelEffects E;
  if (Unknown)
    E.Unknown = true;
  else if (Index < Params.size())
    E = Params[Index];
  return E;
}

ChannelEffects ChannelSummary::member(const FieldDecl &Field) const {
  ChannelEffects E;
  if (Unknown)
    E.Unknown = true;
  for (const auto &[F, Effects] : Members)
    if (F == &Field)
      E.merge(Effects);
  return E;
}

HandleEffects ThreadSummary::param(unsigned Index) const {
  HandleEffects E;
  if (Unknown)
    E.Unknown = true;
  else if (Index < Params.size())
    E = Params[Index];
  return E;
}

HandleEffects ThreadSummary::member(const FieldDecl &Field) const {
  HandleEffects E;
  if (Unknown)
    E.Unknown = true;
  for (const auto &[F, Effects] : Members)
    if (F == &Field)
      E.merge(Effects);
  return E;
}

const ChannelSummary &FunctionSummaries::channels(const FunctionDecl &F) {
  static const ChannelSummary Unknown = unknownChannels();
  const FunctionDecl *Def = visibleDefinition(F);
  if (!Def) {
    const PortableSummary *P = linked(F);
    if (!P)
      return Unknown;
    std::unique_ptr<ChannelSummary> &Slot =
        LinkedChannels[F.getCanonicalDecl()];
    if (!Slot) {
      Slot = std::make_unique<ChannelSummary>();
      Slot->Params.assign(P->ChannelParams.begin(), P->ChannelParams.end());
      // Members by USR: those of the method's class, here.
      if (const auto *M = dyn_cast<CXXMethodDecl>(&F))
        if (const CXXRecordDecl *RD = M->getParent()->getDefinition())
          for (const FieldDecl *Field : RD->fields()) {
            auto It = P->ChannelMembers.find(usrOf(*Field));
            if (It != P->ChannelMembers.end())
              Slot->Members.push_back({Field, It->second});
          }
    }
    return *Slot;
  }
  return Channels.get(Def, [&] { return computeChannels(*Def); });
}

const ThreadSummary &FunctionSummaries::threads(const FunctionDecl &F) {
  static const ThreadSummary Unknown = unknownThreads();
  const FunctionDecl *Def = visibleDefinition(F);
  if (!Def) {
    const PortableSummary *P = linked(F);
    if (!P)
      return Unknown;
    std::unique_ptr<ThreadSummary> &Slot = LinkedThreads[F.getCanonicalDecl()];
    if (!Slot) {
      Slot = std::make_unique<ThreadSummary>();
      Slot->Params.assign(P->HandleParams.begin(), P->HandleParams.end());
      Slot->Spawns = P->Spawns;
    }
    return *Slot;
  }
  return Threads.get(Def, [&] { return computeThreads(*Def); });
}

const ControlSummary &FunctionSummaries::control(const FunctionDecl &F) {
  static const ControlSummary Declared, NoReturn{false, true};
  // A declaration says noreturn; noexcept does not change NeverReturns.
  if (F.isNoReturn())
    return NoReturn;
  const FunctionDecl *Def = visibleDefinition(F);
  if (!Def) {
    const PortableSummary *P = linked(F);
    if (!P)
      return Declared;
    std::unique_ptr<ControlSummary> &Slot = LinkedControl[F.getCanonicalDecl()];
    if (!Slot)
      Slot = std::make_unique<ControlSummary>(P->Control);
    return *Slot;
  }
  return Controls.get(Def, [&] { return computeControl(*Def); });
}

LockSummary FunctionSummaries::compute(const FunctionDecl &Def) {
  LockSummary S;
  LockSetAnalysis A(Def, Context, LockState(), this);
  if (!A.valid())
    return S;
  auto OwnOrOuter = [&](const LockPath &P) {
    if (!P.hasLocalRoot())
      return true;
    const auto *Parm = dyn_cast<ParmVarDecl>(P.RootDecl);
    return Parm && Parm->getDeclContext() == &Def;
  };
  if (const LockState *Exit = A.atExit()) {
    for (const HeldLock &H : Exit->held())
      if (!A.atEntry().holds(H.Path) && OwnOrOuter(H.Path))
        S.Acquires.push_back(H);
    for (const LockPath &P : Exit->released())
      if (OwnOrOuter(P))
        S.Releases.push_back(P);
  }

  QualType RT = Def.getReturnType();
  if (RT.isNull() || RT->isVoidType())
    return S;
  bool ByRef = RT->isReferenceType() || RT->isPointerType();
  bool ByValue = !ByRef && RT->getAsCXXRecordDecl();
  if (!ByRef && !ByValue)
    return S;
  bool First = true, Same = true;
  std::optional<LockPath> Returned;
  std::optional<GuardInit> Guard;
  forEachOwnStmt(Def.getBody(), [&](const Stmt *St) {
    const auto *R = dyn_cast<ReturnStmt>(St);
    if (!R || !Same)
      return;
    const Expr *V = R->getRetValue();
    if (ByRef) {
      std::optional<LockPath> P = LockPath::fromExpr(V, this);
      if (!P || !OwnOrOuter(*P) || (!First && Returned != P))
        Same = false;
      else
        Returned = P;
    } else {
      std::optional<GuardInit> G;
      const Expr *E = ignoreWrappers(V);
      const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E);
      const auto *Var = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
      if (Var) {
        // `std::unique_lock<std::mutex> L(Mu); return L;`
        if (const LockState *Here = A.before(R))
          if (const LockState::Guard *Held = Here->findGuard(Var))
            if (Held->Owns)
              G = GuardInit{Held->Locks, Held->Mode, true};
      } else if (E) {
        G = guardInitOf(E, *this);
      }
      if (!G || G->Locks.empty() || !G->Owns ||
          (!First && Guard->Locks != G->Locks))
        Same = false;
      else
        Guard = G;
    }
    First = false;
  });
  if (!Same || First)
    return S;
  if (ByRef)
    S.Returns = Returned;
  else if (Guard && llvm::all_of(Guard->Locks, OwnOrOuter)) {
    S.ReturnedGuardLocks = Guard->Locks;
    S.ReturnedGuardMode = Guard->Mode;
  }
  return S;
}

llvm::SmallVector<LockPath, 2>
FunctionSummaries::mayLock(const FunctionDecl &Def, LockEffect Effect) {
  llvm::SmallVector<LockPath, 2> Paths;
  auto Add = [&](std::optional<LockPath> P) {
    if (P && !llvm::is_contained(Paths, *P))
      Paths.push_back(*P);
  };
  forEachOwnStmt(Def.getBody(), [&](const Stmt *St) {
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(St)) {
      const CXXMethodDecl *M = MC->getMethodDecl();
      const Expr *Object = MC->getImplicitObjectArgument();
      if (!M || !Object || !M->getIdentifier())
        return;
      std::optional<LockPath> Path = LockPath::fromExpr(Object, this);
      if (Path)
        Path = canonical(*Path);
      if (mutexTypeOf(Object->getType())) {
        const model::LockMember *LM = model::findLockMember(M->getName());
        if (LM && LM->Effect == Effect)
          Add(Path);
        return;
      }
      const LockSummary &S = locks(*M);
      if (Effect == LockEffect::Acquire)
        for (const HeldLock &H : S.Acquires)
          Add(rebaseToCall(H.Path, *MC, *this));
      else
        for (const LockPath &P : S.Releases)
          Add(rebaseToCall(P, *MC, *this));
      if (std::optional<std::pair<LockEffect, LockMode>> E = effectByName(*M))
        if (E->first == Effect)
          Add(Path);
      return;
    }
    const auto *Call = dyn_cast<CallExpr>(St);
    const FunctionDecl *F = Call ? Call->getDirectCallee() : nullptr;
    if (!F || !F->getIdentifier())
      return;
    if (const model::LockFunction *LF =
            model::findLockFunction(qualifiedName(*F)))
      if (LF->Effect == Effect && LF->MutexArg >= 0 &&
          (unsigned)LF->MutexArg < Call->getNumArgs())
        if (std::optional<LockPath> P =
                LockPath::fromExpr(Call->getArg(LF->MutexArg), this))
          Add(canonical(*P));
  });
  return Paths;
}

std::optional<std::pair<LockEffect, LockMode>>
FunctionSummaries::effectByName(const CXXMethodDecl &M) {
  if (!M.getIdentifier() || M.isStatic())
    return std::nullopt;
  // A body that locks or unlocks something speaks for itself, also when it
  // is in another translation unit (its linked summary).
  const FunctionDecl *Def = M.getDefinition();
  if (isVisibleBody(Def, Context.getSourceManager()) && !locks(*Def).empty())
    return std::nullopt;
  if (!isVisibleBody(Def, Context.getSourceManager()))
    if (const LockSummary *L = linkedLocks(M))
      if (!L->Acquires.empty() || !L->Releases.empty())
        return std::nullopt;
  const model::LockSpelling *Spelling = model::findLockSpelling(M.getName());
  if (!Spelling || !isLockableClass(*M.getParent()))
    return std::nullopt;
  return std::make_pair(Spelling->Effect, Spelling->Mode);
}

bool FunctionSummaries::isLockableType(QualType T) {
  if (T.isNull())
    return false;
  // Asked of every access a class's analysis meets: by type, once (not
  // while a class's shape is being decided: its answer is provisional).
  auto It = LockableTypes.find(T.getAsOpaquePtr());
  if (It != LockableTypes.end())
    return It->second;
  bool Result = lockableTypeUncached(T);
  if (LockableInProgress.empty())
    LockableTypes[T.getAsOpaquePtr()] = Result;
  return Result;
}

bool FunctionSummaries::lockableTypeUncached(QualType T) {
  if (mutexTypeOf(T))
    return true;
  // In a template: a type parameter whose default is a lockable
  // (`template <class T, class Mutex = std::mutex>`).
  QualType Bare = T.getNonReferenceType();
  if (Bare->isPointerType())
    Bare = Bare->getPointeeType();
  if (const auto *Parm = Bare->getAs<TemplateTypeParmType>())
    if (const TemplateTypeParmDecl *D = Parm->getDecl())
      if (D->hasDefaultArgument()) {
        const TemplateArgument &Default = D->getDefaultArgument().getArgument();
        return Default.getKind() == TemplateArgument::Type &&
               !Default.getAsType()->getAs<TemplateTypeParmType>() &&
               isLockableType(Default.getAsType());
      }
  const CXXRecordDecl *RD = pointeeRecord(T);
  return RD && isLockableClass(*RD);
}

bool FunctionSummaries::isLockableClass(const CXXRecordDecl &Class) {
  const CXXRecordDecl *RD = Class.getDefinition();
  if (!RD)
    RD = &Class;
  auto It = Lockable.find(RD);
  if (It != Lockable.end())
    return It->second;
  std::string Name = qualifiedName(*RD);
  bool Result;
  if (model::findMutexType(Name) || RD->hasAttr<CapabilityAttr>() ||
      llvm::is_contained(Options.LockableTypes, Name))
    Result = true;
  else if (model::findGuardType(Name) || RD->hasAttr<ScopedLockableAttr>() ||
           LockableInProgress.count(RD) || !RD->hasDefinition())
    Result = false;
  else {
    LockableInProgress.insert(RD);
    Result = lockableByShape(*RD);
    LockableInProgress.erase(RD);
  }
  Lockable[RD] = Result;
  return Result;
}

bool FunctionSummaries::lockableByShape(const CXXRecordDecl &RD) {
  // A lockable base makes a lockable (`class Foo : public Mutex`).
  for (const CXXBaseSpecifier &Base : RD.bases())
    if (const CXXRecordDecl *B = Base.getType()->getAsCXXRecordDecl())
      if (isLockableClass(*B))
        return true;
  const SourceManager &SM = Context.getSourceManager();
  // A class whose constructor locks is a guard, even with its own
  // Lock()/Unlock() members.
  // (The linked summary of one whose body is in another file says so too.)
  for (const CXXConstructorDecl *C : RD.ctors())
    if (!locks(*C).Acquires.empty())
      return false;
  bool Locks = false, Unlocks = false, ByName = true;
  for (const CXXMethodDecl *M : RD.methods()) {
    if (!M->getIdentifier() || M->isStatic() || isa<CXXConstructorDecl>(M) ||
        isa<CXXDestructorDecl>(M))
      continue;
    const model::LockSpelling *Spelling = model::findLockSpelling(M->getName());
    if (!Spelling || Spelling->Effect == LockEffect::TryAcquire)
      continue;
    const FunctionDecl *Def = M->getDefinition();
    if (!isVisibleBody(Def, SM)) {
      // Known by its names only.
      (Spelling->Effect == LockEffect::Acquire ? Locks : Unlocks) = true;
      continue;
    }
    ByName = false;
    // A spin lock: lock() loops on an atomic, unlock() clears it.
    if (touchesAtomic(Def->getBody(), Spelling->Effect == LockEffect::Acquire)) {
      (Spelling->Effect == LockEffect::Acquire ? Locks : Unlocks) = true;
      continue;
    }
    // What the body locks or unlocks on some path: glog's Lock() calls
    // pthread_rwlock_wrlock only `if (is_safe_)`.
    auto OfThis = [](const LockPath &P) {
      return P.Root == LockPath::RootKind::This;
    };
    if (llvm::any_of(mayLock(*Def, Spelling->Effect), OfThis))
      (Spelling->Effect == LockEffect::Acquire ? Locks : Unlocks) = true;
  }
  // A class in the project whose lock() does nothing is no lockable; one
  // known only by declarations is, when both names are there.
  (void)ByName;
  return Locks && Unlocks;
}

bool FunctionSummaries::isOwnLock(const CXXRecordDecl &RD,
                                  const ValueDecl *Member) {
  const auto *Key = RD.getCanonicalDecl();
  auto Found = OwnLocks.find(Key);
  if (Found != OwnLocks.end())
    return llvm::is_contained(Found->second, Member);
  // While the class's own shape is being decided (its lock() body names
  // the member), the member is itself: ask again later.
  const CXXRecordDecl *Def = RD.getDefinition();
  if (!Def || LockableInProgress.count(Def))
    return false;
  // Being computed (a lock member's body asks about its own class): none.
  OwnLocks[Key];
  llvm::SmallVector<const ValueDecl *, 1> Own;
  if (isLockableClass(RD)) {
    const SourceManager &SM = Context.getSourceManager();
    for (const CXXMethodDecl *M : RD.methods()) {
      const model::LockSpelling *Sp =
          M->getIdentifier() ? model::findLockSpelling(M->getName()) : nullptr;
      const FunctionDecl *Def = M->getDefinition();
      if (!Sp || Sp->Effect != LockEffect::Acquire || M->isStatic() ||
          !isVisibleBody(Def, SM))
        continue;
      for (const HeldLock &H : locks(*Def).Acquires)
        if (H.Path.Root == LockPath::RootKind::This &&
            !H.Path.Members.empty() &&
            !llvm::is_contained(Own, H.Path.Members.front()))
          Own.push_back(H.Path.Members.front());
    }
  }
  bool Result = llvm::is_contained(Own, Member);
  OwnLocks[Key] = std::move(Own);
  return Result;
}

LockPath FunctionSummaries::canonical(LockPath P) {
  if (P.Root == LockPath::RootKind::Variable && P.RootDecl &&
      !P.Members.empty() && isLockableType(P.RootDecl->getType())) {
    P.Members.clear();
    return P;
  }
  if (P.Root == LockPath::RootKind::This && !P.Members.empty())
    if (const auto *F = dyn_cast<FieldDecl>(P.Members.front()))
      if (const auto *RD = dyn_cast<CXXRecordDecl>(F->getParent()))
        if (isOwnLock(*RD, F)) {
          P.Members.clear();
          return P;
        }
  for (unsigned I = 0; I + 1 < P.Members.size(); ++I)
    if (isLockableType(P.Members[I]->getType())) {
      P.Members.resize(I + 1);
      break;
    }
  return P;
}

std::optional<LockPath> FunctionSummaries::resolveCall(const CallExpr &Call) {
  const FunctionDecl *F = Call.getDirectCallee();
  if (!F)
    return std::nullopt;
  const LockSummary &S = locks(*F);
  if (!S.Returns)
    return std::nullopt;
  return rebaseToCall(*S.Returns, Call, *this);
}

bool FunctionSummaries::isGuardClass(const CXXRecordDecl &RD) {
  std::string Name = qualifiedName(RD);
  if (model::findGuardType(Name) || RD.hasAttr<ScopedLockableAttr>())
    return true;
  if (!RD.hasDefinition())
    return false;
  for (const CXXConstructorDecl *C : RD.getDefinition()->ctors())
    if (guardShape(*C))
      return true;
  return false;
}

std::optional<GuardShape>
FunctionSummaries::guardShape(const CXXConstructorDecl &Ctor) {
  const auto *Key = cast<CXXConstructorDecl>(Ctor.getCanonicalDecl());
  auto It = Guards.find(Key);
  if (It != Guards.end())
    return It->second;
  Guards[Key] = std::nullopt; // Recursion (a guard of guards) stops here.
  std::optional<GuardShape> Shape = computeGuardShape(Ctor);
  Guards[Key] = Shape;
  return Shape;
}

std::optional<GuardShape>
FunctionSummaries::computeGuardShape(const CXXConstructorDecl &Ctor) {
  const CXXRecordDecl *RD = Ctor.getParent();
  if (!RD || isCopyOrMove(Ctor) || model::findGuardType(qualifiedName(*RD)) ||
      model::findMutexType(qualifiedName(*RD)) ||
      RD->hasAttr<ScopedLockableAttr>())
    return std::nullopt;
  const SourceManager &SM = Context.getSourceManager();
  const FunctionDecl *Def = Ctor.getDefinition();
  bool Configured =
      llvm::is_contained(Options.ScopedGuardTypes, qualifiedName(*RD));
  // Known by its declaration: a guard's name, a destructor, and a lockable
  // parameter; or named in ScopedGuardTypes.
  auto ByDeclaration = [&]() -> std::optional<GuardShape> {
    if (!Configured &&
        (!hasGuardName(*RD) || !RD->getDestructor() ||
         RD->getDestructor()->isImplicit()))
      return std::nullopt;
    for (const ParmVarDecl *P : Ctor.parameters())
      if (isLockableType(P->getType())) {
        GuardShape G;
        LockPath Path;
        Path.Root = LockPath::RootKind::Variable;
        Path.RootDecl = P;
        G.Locks.push_back(Path);
        return G;
      }
    return std::nullopt;
  };
  if (!isVisibleBody(Def, SM)) {
    // Its body is in another translation unit: the shape the summaries pass
    // found there (none: no guard), rather than its declaration.
    if (const PortableSummary *P = linked(Ctor)) {
      if (std::optional<GuardShape> G = resolveGuardShape(
              P->LockSet, *Ctor.getCanonicalDecl(), linkedPaths()))
        return G;
      return Configured ? ByDeclaration() : std::nullopt;
    }
    return ByDeclaration();
  }
  const auto *CtorDef = cast<CXXConstructorDecl>(Def);
  llvm::SmallVector<HeldLock, 2> Acquired(locks(*CtorDef).Acquires);
  // A guard that may fail to lock (Thrift's Guard with a timeout locks on
  // one branch only): what it locks on some path.
  if (Acquired.empty())
    for (const LockPath &P : mayLock(*CtorDef, LockEffect::Acquire))
      Acquired.push_back(HeldLock{P, LockMode::Exclusive});
  GuardShape G;
  for (const HeldLock &H : Acquired) {
    std::optional<LockPath> P = H.Path;
    // `MutexLock(Mutex *Mu) : Mu_(Mu) { Mu_->Lock(); }`: the member stands
    // for the parameter it was initialized from.
    if (P->Root == LockPath::RootKind::This) {
      P.reset();
      if (!H.Path.Members.empty())
        for (const CXXCtorInitializer *Init : CtorDef->inits()) {
          if (Init->getMember() != H.Path.Members.front())
            continue;
          const Expr *E = ignoreWrappers(Init->getInit());
          if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(E))
            if (Construct->getNumArgs() == 1)
              E = Construct->getArg(0);
          std::optional<LockPath> From = LockPath::fromExpr(E, this);
          if (From && From->Root == LockPath::RootKind::Variable &&
              isa_and_nonnull<ParmVarDecl>(From->RootDecl))
            P = From->extended(llvm::ArrayRef(H.Path.Members).drop_front());
        }
    }
    if (!P)
      continue;
    G.Locks.push_back(*P);
    G.Mode = H.Mode;
  }
  if (G.Locks.empty())
    return Configured ? ByDeclaration() : std::nullopt;
  // The destructor must let go of it: by its body, or by destroying the
  // guard it holds (a member or base std::unique_lock, a derived
  // std::lock_guard).
  bool Releases = false;
  if (const CXXDestructorDecl *Dtor = RD->getDestructor()) {
    const FunctionDecl *DtorDef = Dtor->getDefinition();
    if (isVisibleBody(DtorDef, SM))
      Releases = !locks(*DtorDef).Releases.empty() ||
                 !mayLock(*DtorDef, LockEffect::Release).empty();
    else if (!Dtor->isImplicit())
      Releases = hasGuardName(*RD);
  }
  // Or by a member the guarded code calls on its way out, while the
  // destructor only checks: abseil's `ArenaLock`, let go by `Leave()`.
  if (!Releases)
    Releases = llvm::any_of(RD->methods(), [&](const CXXMethodDecl *M) {
      if (M->isStatic() || isa<CXXConstructorDecl>(M) ||
          isa<CXXDestructorDecl>(M))
        return false;
      const FunctionDecl *MDef = M->getDefinition();
      return isVisibleBody(MDef, SM) && !locks(*MDef).Releases.empty();
    });
  for (const FieldDecl *F : RD->fields())
    if (const CXXRecordDecl *FR = F->getType()->getAsCXXRecordDecl())
      if (FR != RD && isGuardClass(*FR))
        Releases = true;
  for (const CXXBaseSpecifier &Base : RD->bases())
    if (const CXXRecordDecl *B = Base.getType()->getAsCXXRecordDecl())
      if (isGuardClass(*B))
        Releases = true;
  if (!Releases && !Configured)
    return std::nullopt;
  return G;
}

} // namespace conctidy
