//===--- ClassAccesses.cpp - The accesses to a class's data -----------===//
//
// The accesses to the data of one class, read from the access part of the
// summaries (MemberAccessSummary.h) at the class's entry points: its member
// functions that code outside the class calls, and the functions outside
// it that reach its objects. A helper that the class calls itself is no
// entry point: its accesses come with its callers' locks, through their
// summaries.
//
//===----------------------------------------------------------------------===//

#include "AccessUnits.h"
#include "conctidy/Analysis/ASTHelpers.h"
#include "conctidy/Analysis/GlobalAccessSummary.h"
#include "conctidy/Analysis/MemberAccessSummary.h"
#include "conctidy/Analysis/SharedAccess.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include <map>
#include <set>

using namespace clang;

namespace conctidy {

using namespace access;

//===----------------------------------------------------------------------===//
// Code outside a class that reaches its objects
//===----------------------------------------------------------------------===//

struct OutsideCode::Impl {
  Impl(FunctionSummaries &Sums, const AccessOptions &Options)
      : Sums(Sums), Options(Options) {}

  /// The functions outside \p Class (canonical) that name its members.
  llvm::ArrayRef<const FunctionDecl *> usersOf(const CXXRecordDecl *Class) {
    index();
    auto It = Users.find(Class);
    if (It == Users.end())
      return {};
    return It->second;
  }

  /// The functions the accesses of code outside \p Class are read from:
  /// the entry points that reach its users (rootsReaching), not members of
  /// the class itself (entry points of their own).
  std::vector<const FunctionDecl *> rootsFor(const CXXRecordDecl *Class) {
    std::vector<const FunctionDecl *> Roots = rootsReaching(
        usersOf(Class), CalledBy, Calls, SpawnedByName,
        [&](const FunctionDecl &F) {
          return Sums.calledFromOtherUnits(F) || Sums.runsUnderLock(F);
        });
    llvm::erase_if(Roots, [&](const FunctionDecl *F) {
      const auto *M = dyn_cast<CXXMethodDecl>(F);
      return M && M->getParent()->getCanonicalDecl() == Class;
    });
    return Roots;
  }

  bool spawnedByName(const FunctionDecl *F) const {
    return llvm::is_contained(SpawnedByName, F);
  }

  void index();

  FunctionSummaries &Sums;
  const AccessOptions &Options;
  std::map<const CXXRecordDecl *, std::vector<const FunctionDecl *>> Users;
  CallEdges CalledBy, Calls;
  std::vector<const FunctionDecl *> SpawnedByName;

private:
  bool Indexed = false;
};

OutsideCode::OutsideCode(FunctionSummaries &Sums, const AccessOptions &Options)
    : P(std::make_unique<Impl>(Sums, Options)) {}
OutsideCode::~OutsideCode() = default;

namespace {

/// Finds, in one walk over the translation unit's function bodies, the
/// functions that reach objects of a class from outside it, the calls
/// between functions, and the functions started on threads by name.
class OutsideUseFinder {
public:
  explicit OutsideUseFinder(OutsideCode::Impl &Out) : Out(Out) {}

  void visit(const FunctionDecl &F) {
    const auto *M = dyn_cast<CXXMethodDecl>(&F);
    Current = &F;
    Own = M ? M->getParent()->getCanonicalDecl() : nullptr;
    walk(F.getBody());
  }

private:
  void walk(const Stmt *S);
  void noteUser(const Decl &Member) {
    const auto *RD = dyn_cast<CXXRecordDecl>(Member.getDeclContext());
    if (!RD || RD->getCanonicalDecl() == Own || RD->isLambda())
      return;
    std::vector<const FunctionDecl *> &List = Out.Users[RD->getCanonicalDecl()];
    if (List.empty() || List.back() != Current)
      List.push_back(Current);
  }

  OutsideCode::Impl &Out;
  const FunctionDecl *Current = nullptr;
  const CXXRecordDecl *Own = nullptr;
  std::set<std::pair<const FunctionDecl *, const FunctionDecl *>> Edges;
};

void OutsideUseFinder::walk(const Stmt *S) {
  if (!S)
    return;
  if (const auto *ME = dyn_cast<MemberExpr>(S))
    if (!isThis(ME->getBase()))
      noteUser(*ME->getMemberDecl());
  // A call of a static member function, or a use of a static data member,
  // of another class: `LogDestination::MaybeLogToEmail(...)`.
  if (const auto *Call = dyn_cast<CallExpr>(S)) {
    if (const auto *M =
            dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee()))
      if (M->isStatic())
        noteUser(*M);
    // Calls as the member-access part composes them: not through virtual
    // dispatch, whose overriders stay entry points.
    if (!FunctionSummaries::dispatchesVirtually(*Call))
      for (const FunctionDecl *Def : Out.Sums.targets(*Call).Defs)
        if (Def->hasBody() && Def != Current &&
            Edges.insert({Current, Def}).second) {
          Out.CalledBy[Def].push_back(Current);
          Out.Calls[Current].push_back(Def);
        }
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
    if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
      if (V->isStaticDataMember())
        noteUser(*V);
  if (std::optional<Spawn> Sp = asSpawn(*S, Out.Options.Spawns))
    if (!Sp->lambda())
      if (const FunctionDecl *F = Sp->body())
        if (!isa<CXXMethodDecl>(F)) {
          const FunctionDecl *Def = F->getDefinition() ? F->getDefinition() : F;
          if (!llvm::is_contained(Out.SpawnedByName, Def))
            Out.SpawnedByName.push_back(Def);
        }
  for (const Stmt *Child : S->children())
    walk(Child);
}

} // namespace

void OutsideCode::Impl::index() {
  if (Indexed)
    return;
  Indexed = true;
  OutsideUseFinder Finder(*this);
  forEachUnitFunction(Sums, [&](const FunctionDecl &F) { Finder.visit(F); });
}

//===----------------------------------------------------------------------===//
// The entry points of a class
//===----------------------------------------------------------------------===//

namespace {

using HelperSet = std::set<const FunctionDecl *>;

/// A private or protected member function: called by the class (and its
/// subclasses), which follow the class's locking. A private static member
/// function is one too (glog's `LogDestination::MaybeLogToEmail`, called
/// with the global lock held).
bool isPrivateHelper(const CXXMethodDecl &M) {
  return M.getAccess() != AS_public && !isa<CXXConstructorDecl>(M) &&
         !isa<CXXDestructorDecl>(M);
}

/// A public member function that other code of the class calls through
/// `this`: a helper too (glog's FlushUnlocked(), called under the lock),
/// unless it is virtual (its interface's callers are out of sight).
bool isPublicHelper(const CXXMethodDecl &M) {
  return M.getAccess() == AS_public && !M.isStatic() && !M.isVirtual() &&
         !M.isOverloadedOperator() && !isa<CXXConstructorDecl>(M) &&
         !isa<CXXDestructorDecl>(M) && !isa<CXXConversionDecl>(M);
}

/// The static member function among \p Helpers that \p Call calls, if any.
const FunctionDecl *staticHelperCalled(const CallExpr &Call,
                                       const HelperSet &Helpers) {
  const auto *M = dyn_cast_or_null<CXXMethodDecl>(Call.getDirectCallee());
  const FunctionDecl *Def = nullptr;
  if (!M || !M->isStatic() || !M->isDefined(Def) || !Helpers.count(Def))
    return nullptr;
  return Def;
}

/// Visits \p S and what it contains, saying whether each statement is in a
/// lambda written there.
template <typename Fn>
void forEachStmtInLambdas(const Stmt *S, bool InLambda, Fn &&Visit) {
  if (!S)
    return;
  Visit(*S, InLambda);
  if (const auto *L = dyn_cast<LambdaExpr>(S)) {
    for (const Expr *Init : L->capture_inits())
      forEachStmtInLambdas(Init, InLambda, Visit);
    forEachStmtInLambdas(L->getBody(), true, Visit);
    return;
  }
  for (const Stmt *Child : S->children())
    forEachStmtInLambdas(Child, InLambda, Visit);
}

/// A function the accesses of a class are read from, and how it starts.
struct EntryPoint {
  const FunctionDecl *Def;
  /// The locks it starts with (by its signature: tokenEntry()).
  LockState Entry;
  /// False for constructors, destructors and what a call_once runs.
  bool Concurrent;
};

/// The member functions of a class that are its entry points: those that
/// are not helpers the class (or code outside it) calls, and the helpers
/// nothing else reaches.
class ClassEntries {
public:
  ClassEntries(const CXXRecordDecl &Class, FunctionSummaries &Sums,
               MemberAccessTable &Members, OutsideCode::Impl *Outside)
      : Class(Class), Sums(Sums), Members(Members), Outside(Outside) {}

  std::vector<EntryPoint> find();

private:
  /// The locks a function holds by its signature: a parameter that is a
  /// reference to a guard (`void wakeup(const Guard &)`, a lock token) says
  /// the caller holds the class's lock, when the class has exactly one.
  LockState tokenEntry(const FunctionDecl &F) const;
  /// The member functions defined here, member templates as written and
  /// their explicit specializations (abseil's `Generate<uint8_t>()`).
  llvm::SmallVector<const FunctionDecl *, 8> definitions() const;
  /// The helpers \p S calls through `this` (a member call on `this`, a
  /// static helper, in a template a call whose overload depends on its
  /// arguments), as the member-access part follows the call: a helper
  /// reached only through virtual dispatch stays an entry point.
  llvm::SmallVector<const FunctionDecl *, 1>
  helpersCalledThroughThis(const Stmt &S, const HelperSet &Helpers);
  /// Notes the helpers that code outside the class calls on an object it
  /// can name (a friend that locks the object and calls a private helper).
  void outsideCalls(const HelperSet &Helpers, HelperSet &Covered);

  const CXXRecordDecl &Class;
  FunctionSummaries &Sums;
  MemberAccessTable &Members;
  OutsideCode::Impl *Outside;
};

llvm::SmallVector<const FunctionDecl *, 1>
ClassEntries::helpersCalledThroughThis(const Stmt &S,
                                       const HelperSet &Helpers) {
  llvm::SmallVector<const FunctionDecl *, 1> Called;
  const auto *Call = dyn_cast<CallExpr>(&S);
  if (!Call)
    return Called;
  bool OnThis = false;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
    const Expr *Object = MC->getImplicitObjectArgument();
    OnThis = Object && isThis(Object);
  } else {
    const auto *M = dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee());
    OnThis =
        (M && M->isStatic()) || MemberAccessTable::dependentCallOnThis(*Call);
  }
  if (!OnThis)
    return Called;
  // A virtual helper the class calls on `this` runs under its callers'
  // locks too, though the summaries do not follow the call (its accesses
  // are unknown rather than unlocked).
  const auto *M = dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee());
  const FunctionDecl *Def = nullptr;
  if (M && M->isVirtual() && M->isDefined(Def) && Helpers.count(Def)) {
    Called.push_back(Def);
    return Called;
  }
  for (const FunctionDecl *Def : Members.callees(*Call))
    if (Helpers.count(Def))
      Called.push_back(Def);
  return Called;
}

LockState ClassEntries::tokenEntry(const FunctionDecl &F) const {
  LockState S;
  // An unlock() of a lockable class expects what it releases held
  // (abseil's CordzInfo::Unlock() reads before `mutex_.Unlock()`).
  const model::LockSpelling *Spelling =
      F.getIdentifier() ? model::findLockSpelling(F.getName()) : nullptr;
  if (Spelling && Spelling->Effect == model::LockEffect::Release)
    for (const LockPath &P : Sums.locks(F).Releases)
      if (P.Root == LockPath::RootKind::This)
        S.acquire(P, model::LockMode::Exclusive);
  bool Token = llvm::any_of(F.parameters(), [&](const ParmVarDecl *P) {
    QualType T = P->getType();
    const CXXRecordDecl *RD =
        T->isReferenceType() ? T.getNonReferenceType()->getAsCXXRecordDecl()
                             : nullptr;
    return RD && Sums.isGuardClass(*RD);
  });
  if (!Token)
    return S;
  std::optional<LockPath> Only;
  for (const FieldDecl *Field : Class.fields())
    if (Sums.isLockableType(Field->getType())) {
      if (Only)
        return S;
      Only = LockPath{};
      Only->Members.push_back(Field);
    }
  if (Only)
    S.acquire(*Only, model::LockMode::Exclusive);
  return S;
}

llvm::SmallVector<const FunctionDecl *, 8> ClassEntries::definitions() const {
  llvm::SmallVector<const CXXMethodDecl *, 16> Methods(Class.methods());
  for (const Decl *D : Class.decls())
    if (const auto *FT = dyn_cast<FunctionTemplateDecl>(D)) {
      if (const auto *M = dyn_cast<CXXMethodDecl>(FT->getTemplatedDecl()))
        Methods.push_back(M);
      for (const FunctionDecl *Spec : FT->specializations())
        if (const auto *M = dyn_cast<CXXMethodDecl>(Spec))
          if (M->getTemplateSpecializationKind() == TSK_ExplicitSpecialization)
            Methods.push_back(M);
    }
  llvm::SmallVector<const FunctionDecl *, 8> Definitions;
  for (const CXXMethodDecl *M : Methods) {
    const FunctionDecl *Def = nullptr;
    if (M->isDefined(Def) && Def->getBody() && !M->isDeleted() &&
        !llvm::is_contained(Definitions, Def))
      Definitions.push_back(Def);
  }
  return Definitions;
}

void ClassEntries::outsideCalls(const HelperSet &Helpers, HelperSet &Covered) {
  if (!Outside || Helpers.empty())
    return;
  for (const FunctionDecl *F : Outside->usersOf(Class.getCanonicalDecl())) {
    if (isUnsafeByName(*F))
      continue;
    forEachStmt(F->getBody(), [&](const Stmt *S) {
      const auto *Call = dyn_cast<CallExpr>(S);
      if (!Call)
        return;
      if (const FunctionDecl *Def = staticHelperCalled(*Call, Helpers)) {
        Covered.insert(Def);
        return;
      }
      const auto *MC = dyn_cast<CXXMemberCallExpr>(Call);
      const CXXMethodDecl *M = MC ? MC->getMethodDecl() : nullptr;
      const FunctionDecl *Def = nullptr;
      if (!M || !M->isDefined(Def) || !Helpers.count(Def))
        return;
      // Its accesses reach the caller's summary only on an object the
      // caller can name.
      if (LockPath::fromExpr(MC->getImplicitObjectArgument(), &Sums))
        Covered.insert(Def);
    });
  }
}

std::vector<EntryPoint> ClassEntries::find() {
  llvm::SmallVector<const FunctionDecl *, 8> Definitions = definitions();
  HelperSet Helpers;
  for (const FunctionDecl *Def : Definitions) {
    const auto &M = *cast<CXXMethodDecl>(Def);
    if (isPrivateHelper(M) || isPublicHelper(M))
      Helpers.insert(Def);
  }
  // Definitions that a call_once runs: initialization, like a constructor.
  std::set<const FunctionDecl *> OnceOnly;
  for (const FunctionDecl *Def : Definitions)
    forEachOwnStmt(Def->getBody(), [&](const Stmt *S) {
      if (const FunctionDecl *Once = runOnceByName(*S))
        OnceOnly.insert(Once);
    });
  auto IsStructor = [&](const FunctionDecl *Def) {
    return isa<CXXConstructorDecl>(Def) || isa<CXXDestructorDecl>(Def) ||
           OnceOnly.count(Def);
  };
  // The calls through `this`: a helper that concurrent code of the class
  // calls (not a constructor's own code, not a function that skips the
  // locking on purpose) is reached through its callers' summaries.
  HelperSet CalledThroughThis, Covered;
  std::map<const FunctionDecl *, std::vector<const FunctionDecl *>> Calls;
  for (const FunctionDecl *Def : Definitions) {
    bool Counts = !isUnsafeByName(*Def);
    forEachStmtInLambdas(Def->getBody(), false, [&](const Stmt &S, bool InL) {
      for (const FunctionDecl *H : helpersCalledThroughThis(S, Helpers)) {
        if (H == Def)
          continue;
        CalledThroughThis.insert(H);
        if (Counts && (InL || !IsStructor(Def))) {
          Covered.insert(H);
          Calls[Def].push_back(H);
        }
      }
    });
  }
  // A public function is a helper only when the class calls it itself.
  for (auto It = Helpers.begin(); It != Helpers.end();) {
    if (!isPrivateHelper(*cast<CXXMethodDecl>(*It)) &&
        !CalledThroughThis.count(*It))
      It = Helpers.erase(It);
    else
      ++It;
  }
  HelperSet CoveredOutside;
  outsideCalls(Helpers, CoveredOutside);
  std::vector<EntryPoint> Entries;
  std::set<const FunctionDecl *> Reached;
  std::vector<const FunctionDecl *> Work;
  auto Add = [&](const FunctionDecl *Def) {
    Entries.push_back({Def, tokenEntry(*Def), !IsStructor(Def)});
    if (Reached.insert(Def).second)
      Work.push_back(Def);
  };
  // A condition the class gives its mutex (`absl::Condition(this,
  // &Queue::ready)`) runs under it: not an entry point, and not composed
  // (its accesses are unknown rather than unlocked).
  for (const FunctionDecl *Def : Definitions)
    if ((!Helpers.count(Def) ||
         (!Covered.count(Def) && !CoveredOutside.count(Def))) &&
        !Sums.runsUnderLock(*Def))
      Add(Def);
  // Helpers that only each other call (a cycle no entry point reaches) are
  // entry points of their own.
  auto Spread = [&] {
    while (!Work.empty()) {
      const FunctionDecl *F = Work.back();
      Work.pop_back();
      auto It = Calls.find(F);
      if (It != Calls.end())
        for (const FunctionDecl *H : It->second)
          if (Reached.insert(H).second)
            Work.push_back(H);
    }
  };
  Spread();
  for (const FunctionDecl *Def : Definitions)
    if (!Reached.count(Def) && Helpers.count(Def) && Covered.count(Def) &&
        !CoveredOutside.count(Def) && !Sums.runsUnderLock(*Def)) {
      Add(Def);
      Spread();
    }
  return Entries;
}

//===----------------------------------------------------------------------===//
// The accesses, from the entry points' summaries
//===----------------------------------------------------------------------===//

/// How many members of \p Path, from its root, reach an object of \p Self
/// (the longest such prefix): `Thread->Shared->Done` reaches a SharedState
/// after one member; a path from a variable that is (or points to) one
/// reaches it at once.
std::optional<unsigned> objectPrefix(const LockPath &Path,
                                     const CXXRecordDecl *Self) {
  if (Path.Members.empty())
    return std::nullopt;
  for (unsigned J = Path.Members.size() - 1; J > 0; --J) {
    const ValueDecl *M = Path.Members[J - 1];
    const CXXRecordDecl *RD = M ? pointeeRecord(M->getType()) : nullptr;
    if (RD && RD->getCanonicalDecl() == Self)
      return J;
  }
  if (Path.Root != LockPath::RootKind::Variable || !Path.RootDecl)
    return std::nullopt;
  const CXXRecordDecl *RD = pointeeRecord(Path.RootDecl->getType());
  if (RD && RD->getCanonicalDecl() == Self)
    return 0; // The summary kept a local object only when it is shared.
  return std::nullopt;
}

/// The accesses of one class, merged by the access and the data it names.
class ClassAccessCollector {
public:
  ClassAccessCollector(const CXXRecordDecl &Class, TargetFilter IsTarget,
                       FunctionSummaries &Sums, const AccessOptions &Options)
      : Self(Class.getCanonicalDecl()), IsTarget(IsTarget), Sums(Sums),
        Members(Sums.memberAccesses(Options)),
        Globals(Sums.globalAccesses(Options)) {}

  /// The accesses the class's own entry point \p E reaches.
  void fromEntry(const EntryPoint &E);
  /// The accesses the function \p Root, outside the class, reaches.
  void fromOutside(const FunctionDecl &Root, bool Spawned);

  std::vector<SharedAccess> take() {
    sortBySource(Accesses, Sums.context().getSourceManager());
    return std::move(Accesses);
  }

private:
  void add(SharedAccess A) {
    auto [It, New] = ByUse.try_emplace({A.Use, A.Path}, Accesses.size());
    if (New)
      Accesses.push_back(std::move(A));
    else
      mergeWay(Accesses[It->second], A);
  }
  /// Whether \p In, reached through a call and naming \p Data (in the
  /// class's terms), is made by the code of another class that is
  /// synchronized (hasLock), or reaches the data through an object of such
  /// a class (`Pool.Queue.Ring.Tail` through a blocking queue's method):
  /// that class answers for it.
  bool answeredElsewhere(const SummaryAccess &In, const LockPath &Data) {
    if (!In.Via || Data.Members.empty())
      return false;
    const CXXRecordDecl *Owner = ownerClass(In.Access.Function);
    if (!Owner || Owner == Self)
      return false;
    if (hasLock(Owner))
      return true;
    for (const ValueDecl *M : llvm::ArrayRef(Data.Members).drop_back()) {
      const CXXRecordDecl *RD = M ? pointeeRecord(M->getType()) : nullptr;
      if (RD && RD->getCanonicalDecl() != Self && hasLock(RD))
        return true;
    }
    return false;
  }
  /// Whether \p Path reaches the class's object (after \p J members)
  /// through an object of another class that carries a lock and owns it
  /// (by value or a unique_ptr): the data is that owner's (`E->Impl->Map`
  /// is the engine's, not its Impl's; `T->Shared->Count` is the shared
  /// state's, which the thread's state only points to).
  bool ownedByOuter(const LockPath &Path, unsigned J) {
    bool FromThis = Path.Root == LockPath::RootKind::This;
    for (unsigned I = FromThis ? 1 : 0; I < J; ++I) {
      const ValueDecl *On = I == 0 ? Path.RootDecl : Path.Members[I - 1];
      const CXXRecordDecl *RD = On ? pointeeRecord(On->getType()) : nullptr;
      if (RD && RD->getCanonicalDecl() != Self && hasLock(RD) &&
          llvm::all_of(llvm::ArrayRef(Path.Members).slice(I, J - I), owns))
        return true;
    }
    return false;
  }
  /// Whether the member \p M owns the object it reaches (by value or a
  /// unique_ptr, a pimpl), rather than pointing to one others share.
  static bool owns(const ValueDecl *M) {
    if (!M)
      return false;
    QualType T = M->getType();
    if (T->isPointerType() || T->isReferenceType())
      return false;
    const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
    if (!RD || !isSmartPointer(RD))
      return RD != nullptr;
    return RD->getIdentifier() && RD->getName() == "unique_ptr";
  }
  /// Whether objects of \p RD synchronize themselves (synchronizesItself).
  bool hasLock(const CXXRecordDecl *RD) {
    RD = RD->getCanonicalDecl();
    auto [It, New] = HasLock.try_emplace(RD, false);
    if (New && RD->hasDefinition())
      It->second = synchronizesItself(*RD->getDefinition(), Sums);
    return It->second;
  }
  /// Whether \p Held (the root's locks) has a lock of an object that the
  /// class's objects point back to (`Queue.Owner`, a reference to the
  /// engine whose `JobMutex` the root holds) and that is not reached
  /// through \p Object: the lock may be the data's guard under the owner's
  /// name, so the access is unknown rather than unguarded (libtorrent's
  /// job queues, guarded by `m_owner.m_job_mutex`).
  bool heldThroughBackReference(const LockState &Held, const LockPath &Object,
                                const FunctionDecl &Root) {
    const CXXRecordDecl *SelfDef = Self->getDefinition();
    if (!SelfDef)
      return false;
    for (const HeldLock &H : Held.held()) {
      if (H.Path.Members.empty() ||
          (H.Path.Root == Object.Root && H.Path.RootDecl == Object.RootDecl))
        continue;
      const CXXRecordDecl *Owner = nullptr;
      if (H.Path.Members.size() >= 2) {
        const ValueDecl *On = H.Path.Members[H.Path.Members.size() - 2];
        Owner = On ? pointeeRecord(On->getType()) : nullptr;
      } else if (H.Path.Root == LockPath::RootKind::This) {
        Owner = ownerClass(&Root);
      } else if (H.Path.RootDecl) {
        Owner = pointeeRecord(H.Path.RootDecl->getType());
      }
      if (!Owner)
        continue;
      for (const FieldDecl *F : SelfDef->fields()) {
        QualType T = F->getType();
        const CXXRecordDecl *To = pointeeRecord(T);
        if ((T->isPointerType() || T->isReferenceType()) && To &&
            To->getCanonicalDecl() == Owner->getCanonicalDecl())
          return true;
      }
    }
    return false;
  }
  /// Whether \p V is a static data member of the class.
  bool isOwnStatic(const ValueDecl *V) const {
    const auto *Var = dyn_cast<VarDecl>(V);
    return Var && Var->isStaticDataMember() &&
           cast<CXXRecordDecl>(Var->getDeclContext())->getCanonicalDecl() ==
               Self &&
           !Var->getType().isConstQualified() && IsTarget(*Var);
  }

  const CXXRecordDecl *Self;
  TargetFilter IsTarget;
  FunctionSummaries &Sums;
  MemberAccessTable &Members;
  GlobalAccessTable &Globals;
  std::vector<SharedAccess> Accesses;
  std::map<std::pair<const Expr *, LockPath>, unsigned> ByUse;
  llvm::DenseMap<const CXXRecordDecl *, bool> HasLock;
};

void ClassAccessCollector::fromEntry(const EntryPoint &E) {
  auto Start = [&](const SummaryAccess &In) {
    SharedAccess A = fromRoot(In, *E.Def, false);
    if (!A.Spawned) {
      A.Held = access::fromEntry(E.Entry, A.Held);
      A.Concurrent &= E.Concurrent;
    }
    return A;
  };
  for (const SummaryAccess &In : Members.of(*E.Def).Accesses) {
    if (!IsTarget(*In.Access.Target) || answeredElsewhere(In, In.Access.Path))
      continue;
    SharedAccess A = Start(In);
    if (A.Path.Root != LockPath::RootKind::This) {
      // `Other.Map`, `instance()->Map`: the same member of another object
      // of the class, with that object's locks.
      if (rootClass(A.Path) != Self)
        continue;
      A.Held = fromObject(A.Held, A.Path.RootDecl);
      A.Path.Root = LockPath::RootKind::This;
      A.Path.RootDecl = nullptr;
    }
    add(std::move(A));
  }
  // A static data member: one object for all instances.
  for (const SummaryAccess &In : Globals.of(*E.Def).Accesses)
    if (isOwnStatic(In.Access.Target))
      add(Start(In));
}

void ClassAccessCollector::fromOutside(const FunctionDecl &Root, bool Spawned) {
  const CXXRecordDecl *Owner = ownerClass(&Root);
  bool OwnerAnswers = Owner && !isa<CXXConstructorDecl>(Root) &&
                      !isa<CXXDestructorDecl>(Root) && hasLock(Owner);
  for (const SummaryAccess &In : Members.of(Root).Accesses) {
    if (!IsTarget(*In.Access.Target))
      continue;
    // Data the root's own concurrent code reaches from its `this` is its
    // class's to answer for, when that class has a lock (an owner's
    // pimpl); its constructor's and destructor's (a sentry releasing what
    // its object guards) are the object's.
    if (In.Access.Path.Root == LockPath::RootKind::This && OwnerAnswers)
      continue;
    std::optional<unsigned> J = objectPrefix(In.Access.Path, Self);
    if (!J || ownedByOuter(In.Access.Path, *J))
      continue;
    SharedAccess A = fromRoot(In, Root, Spawned);
    LockPath Object = A.Path;
    Object.Members.resize(*J);
    if (heldThroughBackReference(A.Held, Object, Root))
      continue;
    LockPath Data;
    Data.Members.append(A.Path.Members.begin() + *J, A.Path.Members.end());
    if (answeredElsewhere(In, Data))
      continue;
    A.Held = fromObject(access::fromEntry(LockState(), A.Held), Object);
    A.Path = std::move(Data);
    add(std::move(A));
  }
  // A static data member, with the caller's locks that are not its own
  // object's.
  for (const SummaryAccess &In : Globals.of(Root).Accesses)
    if (isOwnStatic(In.Access.Target)) {
      SharedAccess A = fromRoot(In, Root, Spawned);
      LockState Held = access::fromEntry(LockState(), A.Held);
      A.Held = sharedLocks(&Held, true);
      add(std::move(A));
    }
}

} // namespace

bool classHasLock(const CXXRecordDecl &Class, FunctionSummaries &Sums) {
  for (const CXXBaseSpecifier &Base : Class.bases())
    if (const CXXRecordDecl *B = Base.getType()->getAsCXXRecordDecl())
      if (Sums.isLockableClass(*B))
        return true;
  for (const Decl *D : Class.decls())
    if (const auto *Static = dyn_cast<VarDecl>(D))
      if (Sums.isLockableType(Static->getType()))
        return true;
  // A member function that gives out a lock of the object's own
  // (`absl::Mutex *DataGuard()` over reserved storage).
  for (const CXXMethodDecl *M : Class.methods()) {
    QualType R = M->getReturnType();
    if (M->isStatic() || !(R->isPointerType() || R->isReferenceType()) ||
        !Sums.isLockableType(R->getPointeeType()) || !M->isDefined())
      continue;
    const std::optional<LockPath> &Given = Sums.locks(*M).Returns;
    if (Given && Given->Root == LockPath::RootKind::This &&
        !Given->Members.empty())
      return true;
  }
  for (const FieldDecl *F : Class.fields()) {
    if (F->hasAttr<GuardedByAttr>() || F->hasAttr<PtGuardedByAttr>() ||
        Sums.isLockableType(F->getType()))
      return true;
    // A member that holds the lock and the data: `Impl`, `State`.
    const CXXRecordDecl *Inner = pointeeRecord(F->getType());
    if (!Inner || Inner == &Class || !Inner->hasDefinition())
      continue;
    for (const FieldDecl *G : Inner->getDefinition()->fields())
      if (G->hasAttr<GuardedByAttr>() || Sums.isLockableType(G->getType()))
        return true;
  }
  return false;
}

std::vector<SharedAccess> collectMemberAccesses(const CXXRecordDecl &Class,
                                                TargetFilter IsTarget,
                                                FunctionSummaries &Sums,
                                                const AccessOptions &Options,
                                                OutsideCode *Outside) {
  OutsideCode::Impl *Out = Outside ? &Outside->impl() : nullptr;
  ClassAccessCollector Collector(Class, IsTarget, Sums, Options);
  for (const EntryPoint &E :
       ClassEntries(Class, Sums, Sums.memberAccesses(Options), Out).find())
    Collector.fromEntry(E);
  if (Out)
    for (const FunctionDecl *Root : Out->rootsFor(Class.getCanonicalDecl()))
      Collector.fromOutside(*Root, Out->spawnedByName(Root));
  return Collector.take();
}

std::vector<SharedAccess>
collectMemberAccesses(const CXXRecordDecl &Class,
                      llvm::ArrayRef<const FieldDecl *> Fields,
                      ASTContext &Context, const AccessOptions &Options) {
  FunctionSummaries Sums(Context);
  std::vector<SharedAccess> All = collectMemberAccesses(
      Class, [&](const ValueDecl &F) { return llvm::is_contained(Fields, &F); },
      Sums, Options);
  // Only the fields themselves, not members of theirs.
  llvm::erase_if(
      All, [](const SharedAccess &A) { return A.Path.Members.size() != 1; });
  return All;
}

namespace access {

/// Whether \p T is an atomic (`_Atomic`, `std::atomic<T>`, a class
/// template of a project named so).
static bool isAtomic(QualType T) {
  if (T->isAtomicType())
    return true;
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  return RD && RD->getIdentifier() && RD->getName().starts_with("atomic");
}

bool synchronizesItself(const CXXRecordDecl &Def, FunctionSummaries &Sums) {
  return classHasLock(Def, Sums) ||
         llvm::any_of(Def.fields(), [](const FieldDecl *F) {
           return isAtomic(F->getType());
         });
}

const CXXRecordDecl *ownerClass(const FunctionDecl *F) {
  while (F && isLambdaInFunction(*F))
    F = dyn_cast_or_null<FunctionDecl>(
        cast<CXXMethodDecl>(F)->getParent()->getParentFunctionOrMethod());
  const auto *M = dyn_cast_or_null<CXXMethodDecl>(F);
  return M ? M->getParent()->getCanonicalDecl() : nullptr;
}

} // namespace access

} // namespace conctidy
