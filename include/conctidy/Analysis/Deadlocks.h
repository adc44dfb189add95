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
#include "conctidy/Analysis/Spawn.h"
#include <vector>

namespace conctidy {

/// One order of a cycle, as seen from the function it happens in.
struct CycleEdge {
  const clang::ValueDecl *From, *To;
  /// The pair in Root's summary.
  const LockOrderPair *Pair;
  const clang::FunctionDecl *Root;
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

  const LockGraph &graph() const { return Graph; }

private:
  void findSingleThreaded();
  void buildGraph();
  void indexSpawns();
  /// Whether the order \p P of main() is taken before its first spawn.
  bool beforeFirstSpawn(const LockOrderPair &P, const clang::FunctionDecl &F);

  std::vector<const clang::FunctionDecl *> Functions;
  FunctionSummaries &Sums;
  SpawnOptions Spawns;
  llvm::DenseSet<const clang::FunctionDecl *> SingleThreaded;
  LockGraph Graph;
  bool GraphBuilt = false;
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
