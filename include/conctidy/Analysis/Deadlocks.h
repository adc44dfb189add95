//===--- Deadlocks.h - Lock cycles, relocks and joins under a lock -*- C++
//-*-===//
//
// The deadlocks of a translation unit, from the lock-order summaries
// (LockOrder.h) of its functions:
//
// - lock-order cycles: the lock graph (LockGraph.h) of the orders taken by
//   code that can run concurrently. Every function is an entry point
//   except constructors and destructors (the object is not shared yet, or
//   any more), main() before its first spawn (one thread), and private or
//   file-local functions called only from those; main() runs once, so a
//   cycle seen only in it is no deadlock. Lambdas are entry points of their
//   own (they run where they are sent).
// - relocks: a lock that is not recursive taken while it is held on every
//   path (directly, or by a callee on every path of the callee).
// - joins under a lock: a join of a thread (or a wait on a std::async
//   future) while holding a lock that the code the thread runs takes.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_ANALYSIS_DEADLOCKS_H
#define CONCTIDY_ANALYSIS_DEADLOCKS_H

#include "conctidy/Analysis/FunctionSummaries.h"
#include "conctidy/Analysis/LockGraph.h"
#include "conctidy/Analysis/LockOrder.h"
#include "conctidy/Analysis/LockOrderFile.h"
#include "conctidy/Analysis/Spawn.h"
#include "llvm/ADT/StringMap.h"
#include <deque>
#include <vector>

namespace conctidy {

/// One order of a cycle, as seen from the function it happens in.
struct CycleEdge {
  /// The kinds' declarations (null: a kind only another file declares).
  const clang::ValueDecl *From = nullptr, *To = nullptr;
  /// The pair in Root's summary (both null for another file's edge).
  const LockOrderPair *Pair = nullptr;
  const clang::FunctionDecl *Root = nullptr;
  /// An edge of a function of another translation unit, and that function.
  const PortableLockEdge *Remote = nullptr;
  const PortableLockOrder *RemoteRoot = nullptr;
  /// How messages name the kinds ("'Inventory::orders_'") and the function.
  std::string FromName, ToName, RootName;
  /// Whether a kind is a data member (stands for every object's).
  bool Member = false;
};

struct LockCycle {
  /// In order: Edges[I].To == Edges[I + 1].From, and the last's To is the
  /// first's From.
  llvm::SmallVector<CycleEdge, 4> Edges;
};

struct SelfDeadlock {
  const Relock *What;
  const clang::FunctionDecl *Root;
};

struct JoinUnderLock {
  const ThreadWait *Wait;
  /// The held lock the thread takes, where it was taken here (or null).
  HeldLock Held;
  const LockAcquisition *HeldAt;
  /// The code the thread runs, and its acquisition of the lock.
  const clang::FunctionDecl *ThreadBody;
  const LockAcquisition *ThreadTakes;
  /// The spawn of the thread.
  const clang::Expr *SpawnSite;
};

/// The kind of lock \p P is for the lock graph, in the code of \p F: its
/// declaration (LockOrder.h's lockKind), and for a data member of a base
/// class reached through an object of a class derived from it, that class
/// too: two subclasses of one `ThreadSafe` base with its `m_mutex` are two
/// kinds of lock.
struct LockKind {
  const clang::ValueDecl *Decl = nullptr;
  /// Null: the declaration's own class.
  const clang::CXXRecordDecl *Owner = nullptr;
  explicit operator bool() const { return Decl != nullptr; }
};
LockKind lockKindIn(const LockPath &P, const clang::FunctionDecl &F);
/// Its USR ("" when the declaration has none), across files.
std::string lockKindUSR(const LockKind &K);
/// "Storage::m_mutex", or lockKindName of the declaration.
std::string lockKindName(const LockKind &K);

/// How messages name the code of \p F: "'Bus::publish'", "the lambda in
/// 'DB::Start'".
std::string codeName(const clang::FunctionDecl &F);

/// Whether \p F is an entry point of the lock graph that can run on
/// several threads at once: not main() (it runs once).
inline bool isReentrant(const clang::FunctionDecl &F) { return !F.isMain(); }

/// A blocking receive from a channel while holding a lock that every send
/// on that channel holds: the senders wait for the lock, the receiver for
/// a value.
struct ReceiveUnderLock {
  const ChannelWait *Receive;
  HeldLock Held;
  const LockAcquisition *HeldAt;
  /// One of the sends, and the function it is in.
  const ChannelWait *Send;
  const clang::FunctionDecl *Sender;
  unsigned Senders;
};

class DeadlockAnalysis {
public:
  /// \p Functions: the function definitions (and lambda call operators) of
  /// the translation unit to analyze, in source order.
  DeadlockAnalysis(llvm::ArrayRef<const clang::FunctionDecl *> Functions,
                   FunctionSummaries &Sums, const SpawnOptions &Spawns);

  /// Whether the code of \p F can run on several threads (see above).
  bool isConcurrent(const clang::FunctionDecl &F) const;

  std::vector<LockCycle> cycles();
  std::vector<SelfDeadlock> selfDeadlocks();
  std::vector<JoinUnderLock> joinsUnderLock();
  std::vector<ReceiveUnderLock> receivesUnderLock();

  const LockGraph &graph() const { return Graph; }

private:
  void findSingleThreaded();
  void buildGraph();
  void indexSpawns();
  /// Adds the edges of the other translation units' functions (the linked
  /// summaries) and this unit's, in one canonical order.
  void buildLinkedGraph(const SummaryTable &Linked);
  /// The node of kind \p Kind: itself, or its interned USR when linked.
  LockGraph::Node node(const LockKind &Kind);

public:
  /// Whether the order \p P of \p F (concurrent) is an edge of the lock
  /// graph: not one main() takes before its first spawn.
  bool isEdge(const LockOrderPair &P, const clang::FunctionDecl &F);

private:
  /// Whether the order \p P of main() is taken before its first spawn.
  bool beforeFirstSpawn(const LockOrderPair &P, const clang::FunctionDecl &F);

  std::vector<const clang::FunctionDecl *> Functions;
  FunctionSummaries &Sums;
  SpawnOptions Spawns;
  llvm::DenseSet<const clang::FunctionDecl *> SingleThreaded;
  /// Private helpers that are only ever called (never passed as a thread's
  /// function or a callback): their callers' summaries stand for them.
  llvm::DenseSet<const clang::FunctionDecl *> CalledHelpers;
  LockGraph Graph;
  bool GraphBuilt = false;
  /// Linked mode: nodes are interned USRs; which edges' roots are another
  /// file's functions; the names of the kinds only other files declare.
  bool Linked = false;
  llvm::StringMap<char> Interned;
  llvm::DenseSet<LockGraph::Node> InternedNodes;
  llvm::DenseMap<const void *, const PortableLockOrder *> RemoteRoots;
  llvm::DenseMap<LockGraph::Node, const clang::ValueDecl *> NodeDecls;
  llvm::DenseMap<LockGraph::Node, std::pair<std::string, bool>> NodeNames;
  /// The nodes of kinds with an owner class (not linked).
  std::deque<LockKind> OwnedKinds;
  llvm::DenseMap<
      std::pair<const clang::ValueDecl *, const clang::CXXRecordDecl *>,
      LockGraph::Node>
      OwnedNodes;
  /// Local edges that depend on another file's acquisition and that the
  /// linked summaries do not have (only this unit sees them).
  llvm::DenseSet<const void *> PrivateEvidence;
  /// The orders, this unit's and linked ones, through acquisitions in
  /// two files: the unit that has one reports the cycles it closes.
  llvm::DenseSet<const void *> CrossingEvidence;
  /// The spawns that store their thread (or future) in a declaration.
  struct StoredSpawn {
    const clang::ValueDecl *Handle;
    const clang::FunctionDecl *Body;
    const clang::Expr *Site;
  };
  std::vector<StoredSpawn> StoredSpawns;
  llvm::DenseMap<const clang::FunctionDecl *, const clang::Expr *> FirstSpawn;
};

} // namespace conctidy

#endif // CONCTIDY_ANALYSIS_DEADLOCKS_H
