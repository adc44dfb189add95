//===--- LockHeldCallbacks.cpp - Functions run only under a mutex ---------===//
//
// The functions the translation unit gives to a lock-held caller of the
// model (`absl::Condition(this, &Queue::ready)`, a Mutex's invariant): the
// library runs them only while the mutex is held, so they are not entry
// points of their own.
//
//===----------------------------------------------------------------------===//

#include "AccessUnits.h"
#include "conctidy/Analysis/ASTHelpers.h"
#include "conctidy/Analysis/FunctionSummaries.h"
#include "conctidy/Model/ConcurrencyModel.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include <set>

using namespace clang;

namespace conctidy {

namespace {

/// A parameter of a function: what a call gives it is run under a mutex.
using ParamSlot = std::pair<const FunctionDecl *, unsigned>;

/// Collects the functions named by the arguments of lock-held callers and,
/// when such an argument is a parameter of the enclosing function
/// (`EnableInvariantDebugging(invariant, &cxt)`), by the arguments its
/// callers give that parameter.
class LockHeldCallbackIndex
    : public RecursiveASTVisitor<LockHeldCallbackIndex> {
public:
  explicit LockHeldCallbackIndex(llvm::DenseSet<const FunctionDecl *> &Found)
      : Found(Found) {}
  bool shouldVisitTemplateInstantiations() const { return true; }

  /// Walks \p TU until no new parameter is found (bounded).
  void run(Decl *TU) {
    for (unsigned Round = 0; Round < MaxRounds; ++Round) {
      size_t Before = Slots.size();
      TraverseDecl(TU);
      if (Slots.size() == Before)
        return;
    }
  }

  bool VisitCXXConstructExpr(CXXConstructExpr *E) {
    if (const CXXConstructorDecl *Ctor = E->getConstructor())
      noteArguments(*Ctor, E->arguments());
    return true;
  }
  bool VisitCallExpr(CallExpr *C) {
    if (const FunctionDecl *Callee = C->getDirectCallee())
      noteArguments(*Callee, C->arguments());
    return true;
  }

private:
  static constexpr unsigned MaxRounds = 4;

  template <typename Range>
  void noteArguments(const FunctionDecl &Callee, Range Args) {
    const FunctionDecl *Key = Callee.getCanonicalDecl();
    bool Caller = model::isLockHeldCaller(qualifiedName(Callee));
    unsigned I = 0;
    for (const Expr *Arg : Args) {
      if (Caller || Slots.count({Key, I}))
        note(Arg);
      ++I;
    }
  }
  void note(const Expr *Arg) {
    const Decl *D = namedDecl(Arg);
    if (const auto *F = dyn_cast_or_null<FunctionDecl>(D)) {
      Found.insert(F->getCanonicalDecl());
    } else if (const auto *P = dyn_cast_or_null<ParmVarDecl>(D)) {
      const auto *Owner = dyn_cast<FunctionDecl>(P->getDeclContext());
      if (Owner)
        Slots.insert({Owner->getCanonicalDecl(), P->getFunctionScopeIndex()});
    }
  }
  /// The declaration \p E names: `f`, `&f`, `&C::m`, a parameter.
  static const Decl *namedDecl(const Expr *E) {
    if (!E)
      return nullptr;
    E = E->IgnoreParenImpCasts();
    if (const auto *U = dyn_cast<UnaryOperator>(E))
      if (U->getOpcode() == UO_AddrOf)
        E = U->getSubExpr()->IgnoreParenImpCasts();
    const auto *DRE = dyn_cast<DeclRefExpr>(E);
    return DRE ? DRE->getDecl() : nullptr;
  }

  llvm::DenseSet<const FunctionDecl *> &Found;
  std::set<ParamSlot> Slots;
};

} // namespace

namespace access {

/// The parent of \p S past parentheses, implicit casts and temporaries.
static const Stmt *parentOf(const Stmt *S, const ParentMap &PM) {
  const Stmt *P = PM.getParent(S);
  while (isa_and_nonnull<ParenExpr, ImplicitCastExpr, MaterializeTemporaryExpr,
                         CXXBindTemporaryExpr, ExprWithCleanups,
                         CXXFunctionalCastExpr>(P))
    P = PM.getParent(P);
  return P;
}

/// The lock-held caller \p P calls, if it is one.
static bool isLockHeldCall(const Stmt *P) {
  const FunctionDecl *Callee = nullptr;
  if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(P))
    Callee = Construct->getConstructor();
  else if (const auto *Call = dyn_cast_or_null<CallExpr>(P))
    Callee = Call->getDirectCallee();
  return Callee && model::isLockHeldCaller(qualifiedName(*Callee));
}

/// Whether \p Use is given to a lock-held caller. \p Object is then the
/// mutex whose own member it is (EnableInvariantDebugging), or \p To what
/// the Condition it makes is given to (`mu.Await(cond)`, `MutexLock l(&mu,
/// cond)`), when it is given on at once.
static bool readByLockHeldCaller(const Expr &Use, const ParentMap &PM,
                                 const Expr *&Object, const Stmt *&To) {
  Object = nullptr;
  To = nullptr;
  const auto *AddrOf = dyn_cast_or_null<UnaryOperator>(parentOf(&Use, PM));
  if (!AddrOf || AddrOf->getOpcode() != UO_AddrOf)
    return false;
  const Stmt *P = parentOf(AddrOf, PM);
  if (!isLockHeldCall(P))
    return false;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(P)) {
    Object = MC->getImplicitObjectArgument();
    return true;
  }
  const Stmt *Next = parentOf(P, PM);
  if (isa_and_nonnull<CXXMemberCallExpr, CXXConstructExpr>(Next))
    To = Next;
  return true;
}

bool readUnderLockHeldCaller(const Expr &Use, const ParentMap &PM,
                             FunctionSummaries &Sums,
                             const LockSetAnalysis &Locks, LockState &Held,
                             bool &Named) {
  const Expr *Object = nullptr;
  const Stmt *To = nullptr;
  if (!readByLockHeldCaller(Use, PM, Object, To))
    return false;
  Named = Object || To;
  // An invariant: checked under its mutex.
  if (Object) {
    std::optional<LockPath> Lock = LockPath::fromExpr(Object, &Sums);
    Named = Lock.has_value();
    if (Lock && !Held.holds(*Lock))
      Held.acquire(*Lock, model::LockMode::Exclusive);
    return true;
  }
  // A Condition: read under the locks held around the call it is given
  // to and those the call (LockWhen) or guard (MutexLock) takes; `Await`
  // without the lock reads it unguarded.
  if (To)
    for (const Stmt *S : {To, parentOf(To, PM)})
      for (const HeldLock &H : Locks.takenBy(S))
        if (!Held.holds(H.Path))
          Held.acquire(H.Path, H.Mode);
  return true;
}

} // namespace access

bool FunctionSummaries::runsUnderLock(const FunctionDecl &F) {
  if (!UnderLock) {
    UnderLock.emplace();
    // Skip the walk when the unit never spells a lock-held caller's name.
    bool Spelled = llvm::any_of(
        model::lockHeldCallers(), [&](const model::LockHeldCaller &Row) {
          llvm::StringRef Last = Row.QualifiedName.rsplit("::").second;
          return Context.Idents.find(Last) != Context.Idents.end();
        });
    if (Spelled)
      LockHeldCallbackIndex(*UnderLock).run(Context.getTranslationUnitDecl());
  }
  if (UnderLock->empty())
    return false;
  if (const FunctionDecl *Pattern = F.getTemplateInstantiationPattern())
    if (UnderLock->count(Pattern->getCanonicalDecl()))
      return true;
  return UnderLock->count(F.getCanonicalDecl()) != 0;
}

} // namespace conctidy
