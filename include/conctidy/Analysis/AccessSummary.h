//===--- AccessSummary.h - The access part of a summary --------*- C++ -*-===//
//
// The records that the access parts of the function summaries hold
// (GlobalAccessSummary.h for global data, MemberAccessSummary.h for data
// members): each access a function makes itself, in the lambdas it runs,
// or through its callees at any depth, with the locks held relative to the
// function's entry, the call it goes through, and how it is reached.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_ANALYSIS_ACCESSSUMMARY_H
#define CONCTIDY_ANALYSIS_ACCESSSUMMARY_H

#include "conctidy/Analysis/SharedAccess.h"
#include "llvm/ADT/DenseMap.h"
#include <vector>

namespace conctidy {

/// One access, seen from a function that reaches it.
struct SummaryAccess {
  /// The access where it is written (Use, Function, Kind); Held is
  /// relative to the summarized function's entry: the locks taken since
  /// (and in Held.released() the locks given up), or for a Spawned access
  /// the locks of the thread it runs on.
  SharedAccess Access;
  /// The call of the summarized function through which it is made (null:
  /// the function's own access).
  const clang::CallExpr *Via = nullptr;
  /// Every path from the access (or from a call on the way to it) ends in
  /// a call that does not return.
  bool Dying = false;
  /// Made through a function that skips the locking on purpose
  /// (`FlushUnsafe()`): it does not say which locks the data needs.
  bool Deliberate = false;

  bool sameContext(const SummaryAccess &O) const {
    return Access.Use == O.Access.Use && Access.Path == O.Access.Path &&
           Access.Held == O.Access.Held && Access.Spawned == O.Access.Spawned &&
           Access.Concurrent == O.Access.Concurrent && Dying == O.Dying &&
           Deliberate == O.Deliberate;
  }
  bool operator==(const SummaryAccess &O) const {
    return sameContext(O) && Via == O.Via;
  }
};

struct AccessSummary {
  std::vector<SummaryAccess> Accesses;
  /// More contexts than a summary keeps (MaxAccesses): some are missing.
  bool Truncated = false;
  static constexpr unsigned MaxAccesses = 2048;
  bool operator==(const AccessSummary &O) const {
    return Accesses == O.Accesses && Truncated == O.Truncated;
  }
};

/// The records of a summary being built, by the expression they access.
class AccessRecords {
public:
  explicit AccessRecords(AccessSummary &Sum) : Sum(Sum) {}
  /// Adds \p A unless a record of the same data and context is there.
  void add(SummaryAccess A);

private:
  AccessSummary &Sum;
  llvm::DenseMap<const clang::Expr *, llvm::SmallVector<unsigned, 1>> Index;
};

} // namespace conctidy

#endif // CONCTIDY_ANALYSIS_ACCESSSUMMARY_H
