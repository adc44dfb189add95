//===--- LockOrder.h - Which locks a function takes, in which order -*- C++
//-*-===//
//
// The lock-order part of a function's summary, computed lazily from the
// lock-set dataflow (LockSet.h) over its body, callees first (memoized;
// recursion and depth cut), in the function's own terms (`this`, its
// parameters, globals) so that callers compose it:
//
// - every lock it takes by blocking, directly or in a callee at any depth,
//   with where (the statement here, and the callee's own acquisition when it
//   is a call), and whether it takes it on every path;
// - every order it takes locks in: "acquires B while holding A", with the
//   two acquisitions, and the call it goes through when it is a callee's;
// - every lock it takes while already holding it (a relock).
//
// Try-locks take no part (they do not block), nor std::scoped_lock /
// std::lock of several locks at once (no order among them).
//
// Calls compose the summary of their callee; a call of a virtual member
// composes every override the translation unit defines; a lambda called in
// place is its call operator, in the caller's terms.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_ANALYSIS_LOCKORDER_H
#define CONCTIDY_ANALYSIS_LOCKORDER_H

#include "conctidy/Analysis/LockSet.h"
#include "clang/AST/Decl.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <deque>
#include <memory>
#include <vector>

namespace conctidy {

class FunctionSummaries;
struct PortableAcquire;
class PortableLockPaths;
class ChannelVocabulary;

/// One blocking acquisition of a lock, at a statement of a function.
struct LockAcquisition {
  /// In the terms of the function the statement is in.
  LockPath Lock;
  model::LockMode Mode = model::LockMode::Exclusive;
  /// The statement that takes it, or the call that leads to it.
  const clang::Stmt *Site = nullptr;
  const clang::FunctionDecl *Function = nullptr;
  /// When Site is a call: the callee's acquisition, and the callee.
  const LockAcquisition *Inner = nullptr;
  const clang::FunctionDecl *Callee = nullptr;
  /// Site is reached on every path through Function, and so is Inner in
  /// its own.
  bool Always = false;
  /// Function held the lock before, in the source (asserted held on entry,
  /// or taken and released): it takes it back, and a caller holding it is
  /// what it expects (leveldb's `mutex_.AssertHeld(); mutex_.Unlock(); ...
  /// mutex_.Lock();`). Also when Inner is so.
  bool AfterHeld = false;
  /// Site is a call whose callee takes the lock back so (AfterHeld in it).
  bool CalleeTakesBack = false;
  /// When Site is a call of a function whose body is in another
  /// translation unit: that function's acquisition, from the linked
  /// summaries (LockOrderFile.h); Inner is null then.
  const PortableAcquire *Remote = nullptr;
};

/// "Acquires Taken while holding Held".
struct LockOrderPair {
  LockPath Held, Taken;
  /// Where Held was taken (null: held on entry, or by a try-lock) and
  /// where Taken is, in the function the order happens in.
  const LockAcquisition *HeldAt = nullptr;
  const LockAcquisition *TakenAt = nullptr;
  /// When the order is a callee's: the call here, and the callee's pair.
  const clang::Stmt *Via = nullptr;
  const LockOrderPair *Inner = nullptr;
};

/// A lock taken while it is held already, on every path to the taking.
struct Relock {
  const LockAcquisition *At = nullptr;
  /// The mode it is held in, and where it was taken (null: on entry).
  model::LockMode HeldMode = model::LockMode::Exclusive;
  const LockAcquisition *HeldAt = nullptr;
};

/// A wait for another thread to finish: a join of a thread handle, or a
/// wait on the future of a std::async, with the locks held at it.
struct ThreadWait {
  /// The statement here (the join, or the call that leads to it).
  const clang::Stmt *Site = nullptr;
  const clang::FunctionDecl *Function = nullptr;
  /// The declaration of the handle waited for (a data member, a variable;
  /// for `for (auto &T : Threads_) T.join()`, the container).
  const clang::ValueDecl *Handle = nullptr;
  /// Held on every path to it, in this function's terms.
  llvm::SmallVector<HeldLock, 2> Held;
  /// Where each of Held was taken (null: on entry), in order.
  llvm::SmallVector<const LockAcquisition *, 2> HeldAt;
  /// When it is a callee's: the callee's wait.
  const ThreadWait *Inner = nullptr;
};

/// A blocking send or receive on a channel member of `this` (a queue the
/// channel model or its shape recognizer knows), with the locks held at it.
struct ChannelWait {
  /// The statement here (the operation, or the call that leads to it).
  const clang::Stmt *Site = nullptr;
  const clang::FunctionDecl *Function = nullptr;
  /// The channel member (canonical), and whether it is a receive.
  const clang::FieldDecl *Channel = nullptr;
  bool Receive = false;
  /// Held on every path to it, in this function's terms.
  llvm::SmallVector<HeldLock, 2> Held;
  /// Where each of Held was taken (null: on entry or in the callee).
  llvm::SmallVector<const LockAcquisition *, 2> HeldAt;
  /// When it is a callee's: the callee's operation.
  const ChannelWait *Inner = nullptr;
};

/// The declaration of the thread handle or std::async future \p Object
/// names (a member, a variable; a range-for variable stands for the range
/// it iterates, \p Function's).
const clang::ValueDecl *handleDecl(const clang::Expr *Object,
                                   const clang::FunctionDecl &Function);

/// Whether \p Call waits for a thread: join() of a thread handle, get() or
/// wait() of a std::future or std::shared_future. Returns the object.
const clang::Expr *waitedObject(const clang::CallExpr &Call);

struct LockOrderSummary {
  /// Every acquisition at every statement (stable addresses).
  std::deque<LockAcquisition> Records;
  /// What callers see: one acquisition per lock, an Always one when there
  /// is one.
  std::vector<const LockAcquisition *> Acquires;
  /// One pair per (Held, Taken), a direct one when there is one.
  std::deque<LockOrderPair> Pairs;
  std::vector<Relock> Relocks;
  /// One per handle: the waits for threads, here or in callees.
  std::deque<ThreadWait> Waits;
  /// One per channel member and direction: blocking sends and receives,
  /// here or in callees.
  std::deque<ChannelWait> ChannelWaits;
};

/// The lock-order summaries of a translation unit's functions (a field of
/// FunctionSummaries: FunctionSummaries::lockOrder).
class LockOrderSummaries {
public:
  explicit LockOrderSummaries(FunctionSummaries &Sums);
  ~LockOrderSummaries();

  /// The summary of \p F (empty without a visible body, in a system header,
  /// or when the analysis is already inside it).
  const LockOrderSummary &of(const clang::FunctionDecl &F);

  /// The functions a call can run: its callee's definition, and for a
  /// virtual call the overrides this translation unit defines.
  llvm::SmallVector<const clang::FunctionDecl *, 2>
  callTargets(const clang::CallExpr &Call);

  /// \p P, written in \p Callee's terms, in the terms of the code around
  /// \p Call; nothing when it names the callee's locals.
  std::optional<LockPath> rebase(const LockPath &P, const clang::CallExpr &Call,
                                 const clang::FunctionDecl &Callee);

private:
  LockOrderSummary compute(const clang::FunctionDecl &Def);
  void indexOverrides();

  /// Composes the linked summary of \p Callee, whose body is elsewhere.
  void composeLinked(const clang::CallExpr &Call,
                     const clang::FunctionDecl &Callee, const clang::Stmt *S,
                     const clang::FunctionDecl &Def,
                     llvm::SmallVectorImpl<LockAcquisition> &Out);

  /// The channel member \p Call sends on or receives from (blocking).
  const clang::FieldDecl *channelOperation(const clang::CallExpr &Call,
                                           bool &Receive);

  FunctionSummaries &Sums;
  std::unique_ptr<PortableLockPaths> Paths;
  std::unique_ptr<ChannelVocabulary> Channels;
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<LockOrderSummary>>
      Done;
  llvm::DenseSet<const clang::FunctionDecl *> InProgress;
  const LockOrderSummary Empty;
  unsigned Depth = 0;
  bool OverridesIndexed = false;
  llvm::DenseMap<const clang::CXXMethodDecl *,
                 llvm::SmallVector<const clang::FunctionDecl *, 2>>
      Overrides;
};

/// The kind of lock \p P is: its declaration (a data member stands for that
/// member of every object of its class; a variable for itself).
const clang::ValueDecl *lockKind(const LockPath &P);

/// "Inventory::orders_" for a data member, the name of a variable.
std::string lockKindName(const clang::ValueDecl &Kind);

/// Whether \p Kind is a lock that can be taken again by the thread that
/// holds it (std::recursive_mutex, a QMutex made Recursive, a class of the
/// project's wrapping one); nothing when unknown (pthread mutexes, whose
/// attributes decide, a class with no lockable inside).
std::optional<bool> isRecursiveLock(const clang::ValueDecl &Kind,
                                    FunctionSummaries &Sums);

} // namespace conctidy

#endif // CONCTIDY_ANALYSIS_LOCKORDER_H
