//===--- AccessUnits.h - Bodies analyzed for their accesses -----*- C++ -*-===//
//
// Private to the analysis library: the pieces of SharedAccess.cpp that the
// access part of the summaries (GlobalAccessSummary.cpp) reads its
// functions' bodies with, so that both see an access the same way.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_LIB_ANALYSIS_ACCESSUNITS_H
#define CONCTIDY_LIB_ANALYSIS_ACCESSUNITS_H

#include "conctidy/Analysis/AccessSummary.h"
#include "clang/Analysis/CFGStmtMap.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/BitVector.h"
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace conctidy {
namespace access {

/// A function body analyzed with an entry lock state: a function, or a
/// lambda inside one.
struct Unit {
  const clang::FunctionDecl *Function;
  bool Concurrent;
  bool Spawned;
  std::unique_ptr<LockSetAnalysis> Locks;
  std::unique_ptr<clang::ParentMap> Parents;
  /// The blocks of the CFG from which every path ends in a call that does
  /// not return (abort(), a fatal log's Fail()), made on first use.
  mutable std::optional<llvm::BitVector> Dying;
  mutable std::unique_ptr<clang::CFGStmtMap> Blocks;
};

/// A function whose name says it skips the locking on purpose
/// (`FlushLogFilesUnsafe`, `...ForTesting`).
bool isUnsafeByName(const clang::FunctionDecl &F);

/// Whether every path from \p S ends in a call that does not return.
bool onDyingPath(const Unit &U, const clang::Stmt &S);

/// \p F and the lambdas inside it, each a Unit: \p F from \p Entry, a
/// lambda that runs in place from the locks held where it is written, one
/// that runs elsewhere from none (and Spawned).
void analyzeWithLambdas(const clang::FunctionDecl &F, bool Concurrent,
                        bool Spawned, LockState Entry, FunctionSummaries &Sums,
                        const AccessOptions &Options, std::vector<Unit> &Units);

/// The access \p Use of \p Target in \p U, with the locks \p Held there.
SharedAccess accessAt(const Unit &U, const clang::Expr &Use, LockPath Path,
                      const clang::ValueDecl *Target, LockState Held,
                      bool Concurrent);

/// The part of a function during which threads it starts may run: from its
/// first spawn to its last join (in source order). A function that starts
/// no thread may itself run on any thread: all of it.
struct ThreadWindow {
  bool Everywhere = true;
  clang::SourceLocation From, To;
  bool contains(clang::SourceLocation L, const clang::SourceManager &SM) const {
    if (Everywhere)
      return true;
    if (SM.isBeforeInTranslationUnit(L, From))
      return false;
    return !To.isValid() || !SM.isBeforeInTranslationUnit(To, L);
  }
};
ThreadWindow threadWindow(const clang::Stmt &Body, const clang::ParentMap &PM,
                          const AccessOptions &Options,
                          const clang::SourceManager &SM);

/// Whether \p Use is data whose address a lock-held caller of the model is
/// given (`absl::Condition(&x.done)`, `Condition(IsDone, &done_)`): the
/// mutex reads it. Then \p Held, the locks held before \p Use, gains
/// those the call the Condition is given to takes (`mu.LockWhen(...)`,
/// `MutexLock l(&mu, ...)`; `mu.Await(...)` takes none), or \p Named is
/// false when the mutex cannot be told (a Condition kept in a variable).
/// LockHeldCallbacks.cpp.
bool readUnderLockHeldCaller(const clang::Expr &Use, const clang::ParentMap &PM,
                             FunctionSummaries &Sums,
                             const LockSetAnalysis &Locks, LockState &Held,
                             bool &Named);

/// Whether \p E is `this` (written or implicit).
bool isThis(const clang::Expr *E);

/// The locks of \p Held that a callee can share: not a local's, and with
/// \p GlobalsOnly not an object's either.
LockState sharedLocks(const LockState *Held, bool GlobalsOnly);

/// \p Held as seen from the object \p Object names (`Other`,
/// `Thread->Shared`): its locks become locks of `this`, globals stay, and
/// the locks of other objects go.
LockState fromObject(const LockState &Held, const LockPath &Object);
LockState fromObject(const LockState &Held, const clang::ValueDecl *Root);

/// The function \p S runs once by name (a call_once of it), if any.
const clang::FunctionDecl *runOnceByName(const clang::Stmt &S);

/// The class of the object a path's root variable names (through
/// pointers, references and smart pointers); none for a local object or a
/// by-value parameter, a copy no other thread sees.
const clang::CXXRecordDecl *rootClass(const LockPath &P);

/// Whether the address of the local \p Var is taken in \p Body, or a
/// lambda there captures it by reference: other code may see the object.
bool escapes(const clang::VarDecl &Var, const clang::Stmt *Body);

/// \p Path, written in the callee of \p Call, in the caller's terms: a
/// path from the callee's `this` or parameters rebased onto the call's
/// object and arguments; one from a global, or from a local of the callee
/// (a reference it took, `auto &R = instance();`), as it is.
std::optional<LockPath> rebaseFromCallee(const LockPath &Path,
                                         const CallRebaser &Rebase);

/// The locks of \p Here (the caller's, at a call) after the callee's
/// relative \p Effect: what it releases, then what it takes, and its guards,
/// rebased into the caller's terms (rebaseFromCallee; locks the call
/// cannot name are dropped).
LockState afterEffect(const LockState &Here, const LockState &Effect,
                      const CallRebaser &Rebase);

/// \p Entry (a root's locks on entry) after the relative \p Effect.
LockState fromEntry(const LockState &Entry, const LockState &Effect);

/// Where a callee's record is seen: the call in the caller's unit.
struct CallSite {
  /// The call, with its object and arguments named once.
  const CallRebaser &Rebase;
  /// The locks held before the call.
  const LockState &Here;
  /// The call runs alongside other threads (not in a constructor, not
  /// before the unit starts its threads), and on one the unit starts.
  bool Concurrent, Spawned;
  /// Every path from the call ends in a call that does not return.
  bool Dying;
  /// The caller skips the locking on purpose (isUnsafeByName).
  bool Deliberate;
  /// The callee's `this` is the caller's and its locks are named as the
  /// caller names them (a dependent call through `this` in a template):
  /// nothing to rebase.
  bool SameNames = false;
};

/// \p In, a record of a callee's summary (its own, or a linked one), in
/// the caller's summary, through \p Site: the locks held there after the
/// callee's (a record on a thread the callee starts holds that thread's
/// locks, named from here), concurrent where both are. The path is the
/// caller's to rebase.
SummaryAccess throughCall(const SummaryAccess &In, const CallSite &Site,
                          FunctionSummaries &Sums);

/// Calls \p Visit on every function of the unit outside system headers
/// whose body is code of its own (a lambda inside a function counts as
/// that function; one at namespace scope is a function of its own), in
/// traversal order: what the users of shared data are looked for in
/// (FunctionSummaries::unitFunctions(), listed once per unit).
void forEachUnitFunction(
    FunctionSummaries &Sums,
    llvm::function_ref<void(const clang::FunctionDecl &)> Visit);

/// The calls between the functions of a unit, one way round.
using CallEdges = std::map<const clang::FunctionDecl *,
                           std::vector<const clang::FunctionDecl *>>;

/// The functions whose summaries the accesses to some data are read from:
/// those that reach one of \p Users (the functions that name the data) and
/// that no function calls (here, or in another unit: \p CalledElsewhere,
/// whose callers there compose their accesses), the \p Spawned ones among
/// them, and the users no such root reaches (a cycle of functions calling
/// each other); in source order.
std::vector<const clang::FunctionDecl *> rootsReaching(
    llvm::ArrayRef<const clang::FunctionDecl *> Users,
    const CallEdges &CalledBy, const CallEdges &Calls,
    llvm::ArrayRef<const clang::FunctionDecl *> Spawned,
    llvm::function_ref<bool(const clang::FunctionDecl &)> CalledElsewhere);

/// One access reached from the root \p Root (started on a thread when
/// \p Spawned), in the root's terms: the call it goes through, the root,
/// whether it skips the locking on purpose.
SharedAccess fromRoot(const SummaryAccess &In, const clang::FunctionDecl &Root,
                      bool Spawned);

/// How much a way to an access says about the locks it needs: one that
/// runs concurrently, one that does not (before the threads start), one
/// through a function that skips the locking on purpose.
int weight(const SharedAccess &A);

/// Merges \p A, another way to reach the access \p Into makes: it holds
/// what both hold; a way that says less (weight()) counts only when no
/// way says more.
void mergeWay(SharedAccess &Into, const SharedAccess &A);

/// Sorts accesses by where they are written.
void sortBySource(std::vector<SharedAccess> &Accesses,
                  const clang::SourceManager &SM);

/// Whether objects of the class \p Def synchronize themselves: a lock of
/// their own (classHasLock), or an atomic member (a lock-free structure,
/// whose member calls are its protocol: zeromq's single-reader `ypipe_t`).
bool synchronizesItself(const clang::CXXRecordDecl &Def,
                        FunctionSummaries &Sums);

/// The class whose code \p F is (through the lambdas it is written in).
const clang::CXXRecordDecl *ownerClass(const clang::FunctionDecl *F);

} // namespace access
} // namespace conctidy

#endif // CONCTIDY_LIB_ANALYSIS_ACCESSUNITS_H
