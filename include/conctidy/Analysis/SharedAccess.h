//===--- SharedAccess.h - Accesses to shared data, with their locks *- C++
//-*-===//
//
// Where code of a class runs concurrently, and with which locks held, and
// every access to a data member made there. The accesses are read from the
// access parts of the function summaries (MemberAccessSummary.h,
// GlobalAccessSummary.h) at the class's entry points:
//
// - member functions of the class that are not helpers it calls itself
//   start with no lock held (plus what requires_capability or a lock-token
//   parameter says); constructors, destructors and what a call_once runs
//   are not concurrent (the object is not shared yet, or any more);
// - a helper (a private member function, or a public one the class calls
//   through `this`) is no entry point: its accesses reach the entry points
//   through their summaries, with the locks held at each call, at any depth;
//   one that nothing concurrent calls is an entry point of its own;
// - the functions outside the class that reach its objects (a thread body
//   given the object, a friend, an owner calling a member object's
//   methods) are entry points too, as the global part chooses them;
// - a lambda passed to a spawner (the model's Spawners, or a call named in
//   AsyncCalls) or stored as a std::function callback starts with no lock;
//   a lambda called in place or passed to a function that calls it
//   synchronously inherits the locks held where it is written.
//
// An access reached several ways holds what every concurrent way holds.
// Then, for one data member, the lock that guards it: its GUARDED_BY
// annotation, or else the lock most of its locked accesses hold.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_ANALYSIS_SHAREDACCESS_H
#define CONCTIDY_ANALYSIS_SHAREDACCESS_H

#include "conctidy/Analysis/FunctionSummaries.h"
#include "conctidy/Analysis/LockSet.h"
#include "conctidy/Analysis/Spawn.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ParentMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace conctidy {

/// Whether a use of a container reads or writes it: \p Use is the
/// expression naming the container; \p PM knows its parents.
model::AccessKind classifyContainerUse(const clang::Expr &Use,
                                       const clang::ParentMap &PM);

struct AccessOptions {
  /// Calls that run a callable on another thread besides the model's
  /// spawners (the check's AsyncCalls option).
  SpawnOptions Spawns;
};

/// One access to a shared variable or data member.
struct SharedAccess {
  /// The data accessed: members from `this` (`Map`, `Impl->Map`,
  /// `State.Items`; an access through another object of the class, `Other.
  /// Map` or `instance()->Map`, is named from `this` too, with that object's
  /// locks), or a global variable.
  LockPath Path;
  /// The data member or variable accessed (the last of the path).
  const clang::ValueDecl *Target;
  /// The expression that names it (a MemberExpr or a DeclRefExpr).
  const clang::Expr *Use;
  model::AccessKind Access;
  /// The locks held on every path to the access.
  LockState Held;
  /// The function (or lambda call operator) the access is in.
  const clang::FunctionDecl *Function;
  /// False in constructors and destructors.
  bool Concurrent;
  /// In code that runs on another thread: a lambda given to a spawner or
  /// stored as a callback, or a function started by a spawner.
  bool Spawned;
  /// The data is a pointer (or smart pointer) and this use dereferences it:
  /// Access is what is done to the object it points to.
  bool ThroughPointer = false;
  /// The use is part of what its function returns (a getter's value).
  bool Returned = false;
  /// A read by a condition the function waits on under a lock (`mu.Await(
  /// Condition(&done))`): it waits for another thread to change the data.
  bool Awaited = false;
  /// A write that initializes a null pointer once (`if (!P) P = ...;`).
  bool LazyInit = false;
  /// A read in the branch of an `if` on an atomic flag (`if
  /// (Ready.load(std::memory_order_acquire)) use(Data);`).
  bool Published = false;
  /// A write through the pointer that a check counts as a read of it:
  /// the object it points to changes, so it was not initialized once.
  bool PointeeWritten = false;
  /// For an access a callee makes (GlobalAccessSummary.h): the call in the
  /// entry function through which it is reached, and that function.
  const clang::CallExpr *Via = nullptr;
  const clang::FunctionDecl *Entry = nullptr;
  /// Made in another translation unit (a linked summary, --cross-tu): the
  /// function it is in and its "file:line:column"; Use is then the call in
  /// this unit that reaches it.
  std::string RemoteFunction, RemoteWhere;
  /// Reached only through a function that skips the locking on purpose:
  /// counted, never reported.
  bool Deliberate = false;
};

/// Which data members are of interest (by the last member of a path, or
/// the static data member).
using TargetFilter = llvm::function_ref<bool(const clang::ValueDecl &)>;

/// Whether objects of \p Class carry a lock of their own: a lockable
/// member (by the model, attributes or shape; also through a pointer or
/// smart pointer), a member struct or pimpl holding one, a lockable base, a
/// static lockable member, or a GUARDED_BY member.
bool classHasLock(const clang::CXXRecordDecl &Class, FunctionSummaries &Sums);

/// The code outside a class that reaches objects of it: free functions and
/// member functions of other classes that access a data member of an object
/// of the class or call a member function on one, through anything but
/// `this` (`MutexLock L(&Shared->Mu); Shared->Done++;` in a thread body, a
/// friend that locks the object and calls its private helper), and the
/// calls between the unit's functions. Found with one walk over the
/// translation unit's function bodies, on the first question.
class OutsideCode {
public:
  OutsideCode(FunctionSummaries &Sums, const AccessOptions &Options);
  ~OutsideCode();
  OutsideCode(const OutsideCode &) = delete;
  OutsideCode &operator=(const OutsideCode &) = delete;

  struct Impl;
  Impl &impl() { return *P; }

private:
  std::unique_ptr<Impl> P;
};

/// Every access to data reached from an object of \p Class whose last
/// member \p IsTarget accepts, from the entry points of \p Class (its member
/// functions defined in this translation unit that are not helpers, and the
/// lambdas inside them), in source order: through `this`, through members
/// of members, pointers, references and smart pointers, through other
/// objects of the class, and through the functions they call at any depth
/// (a helper, a member object's or a pimpl's methods). An access made by
/// another class that synchronizes itself (a lock or an atomic of its own),
/// or through an object of one, is that class's. With \p Outside, also
/// from the code outside the class that reaches its objects.
std::vector<SharedAccess> collectMemberAccesses(const clang::CXXRecordDecl &Class,
                                                TargetFilter IsTarget,
                                                FunctionSummaries &Sums,
                                                const AccessOptions &Options,
                                                OutsideCode *Outside = nullptr);

/// The same for the direct accesses to the members \p Fields (a summary
/// cache of its own).
std::vector<SharedAccess>
collectMemberAccesses(const clang::CXXRecordDecl &Class,
                      llvm::ArrayRef<const clang::FieldDecl *> Fields,
                      clang::ASTContext &Context, const AccessOptions &Options);

/// The functions of a translation unit that use some global containers,
/// and the functions it starts on threads by name.
struct GlobalUses {
  /// Functions (not lambdas: they count as the function they are in) that
  /// name one of the globals, in source order.
  std::vector<const clang::FunctionDecl *> Users;
  /// Functions given by name to a spawner (`std::thread T(F)`,
  /// `pthread_create(..., F, ...)`).
  std::vector<const clang::FunctionDecl *> Spawned;
  /// Of those, the ones started in a loop or from several places.
  std::vector<const clang::FunctionDecl *> SpawnedRepeatedly;
  /// The calls between the functions of the translation unit (the
  /// definitions each call may run, FunctionSummaries::targets): for each
  /// definition, the functions that call it, and for each function, what
  /// it calls.
  std::map<const clang::FunctionDecl *,
           std::vector<const clang::FunctionDecl *>>
      CalledBy, Calls;
};

/// Finds the users of \p Globals and the spawned functions, with one walk
/// over the function bodies of the translation unit outside system headers
/// (no parent map). Calls are resolved as the summaries resolve them
/// (\p Sums): a function that calls another unit's function that reaches
/// one of them (its linked summary) is a user too.
GlobalUses findGlobalUses(clang::ASTContext &Context,
                          llvm::ArrayRef<const clang::VarDecl *> Globals,
                          FunctionSummaries &Sums);

/// Every access to one of \p Globals, from the functions that reach them
/// and no other function here calls (or that are started on threads, or
/// that no such function reaches): each one's global-access summary
/// (GlobalAccessSummary.h), from no lock held on entry (or the locks its
/// requires_capability names), with the accesses of its callees at any
/// depth under the locks held at the calls. An access reached several ways
/// holds what all of them hold (through a function that skips the locking
/// on purpose only when every way does). In source order.
std::vector<SharedAccess>
collectGlobalAccesses(llvm::ArrayRef<const clang::VarDecl *> Globals,
                      const GlobalUses &Uses, FunctionSummaries &Sums,
                      const AccessOptions &Options);

/// The lock that guards a member, and the evidence for it.
struct Guard {
  LockPath Lock;
  /// From a GUARDED_BY annotation rather than inferred.
  bool Annotated = false;
};

/// The guard of the member accessed by \p Accesses (all of one member):
/// \p Annotation when given (its GUARDED_BY), else the lock held by the
/// most concurrent accesses. Nothing when no concurrent access holds a
/// lock.
std::optional<Guard> inferGuard(llvm::ArrayRef<SharedAccess> Accesses,
                                std::optional<LockPath> Annotation);

/// The lock named by a GUARDED_BY annotation on \p Field, if any.
std::optional<LockPath> guardedByAnnotation(const clang::FieldDecl &Field);

/// The GUARDED_BY lock of the data \p Path names, from the object it is a
/// member of (`Impl->Map` with `GUARDED_BY(Mu)` in Impl: `Impl->Mu`).
std::optional<LockPath> guardedByAnnotation(const LockPath &Path);

/// An access made without the lock that guards its data.
struct UnguardedAccess {
  enum class Kind {
    /// Without the guard the other accesses hold (inferred).
    Missing,
    /// Without the GUARDED_BY lock.
    Annotated,
    /// A write under the guard held only in shared mode.
    SharedModeWrite,
  };
  Kind What;
  const SharedAccess *Access;
  /// The guard.
  LockPath Lock;
  /// How many of the other concurrent accesses hold it, of how many.
  unsigned OthersGuarded, Others;
  /// Locks it holds instead (of the object or globals).
  llvm::SmallVector<LockPath, 2> InsteadHeld;
  /// An access that holds the guard, for a note.
  const SharedAccess *Evidence;
};

/// The accesses among \p Accesses (all to one piece of data) made without
/// its guard, at most one per source line, in source order. Nothing when
/// no concurrent code writes it (read-only after construction) or no lock
/// guards it. An inferred guard counts only against a write that holds it
/// somewhere or an unguarded write from spawned code: RacerD's rule (an
/// unprotected read racing a protected write, an unprotected write racing
/// protected accesses from another thread, or a getter that takes the lock
/// to return the value); a lock that only other readers hold may be held
/// for something else. A read where the code released the guard on purpose
/// inside its guard object's scope is the author's protocol, and a lock
/// that fewer than half of the other accesses hold guards something else.
std::vector<UnguardedAccess>
findUnguardedAccesses(llvm::ArrayRef<SharedAccess> Accesses,
                      std::optional<LockPath> Annotation,
                      const clang::SourceManager &SM);

} // namespace conctidy

#endif // CONCTIDY_ANALYSIS_SHAREDACCESS_H
