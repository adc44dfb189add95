//===--- UnsynchronizedSharedFieldCheck.h - conc-unsynchronized-shared-field -*- C++ -*-===//
//
// A data member that is not a container (an int, bool, pointer, string,
// struct...) written under a lock in one place and read or written without
// it in code that runs concurrently. Atomics, const members, locks and
// other synchronization objects are never reported. See
// docs/checks/conc-unsynchronized-shared-field.md.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_CHECKS_UNSYNCHRONIZEDSHAREDFIELDCHECK_H
#define CONCTIDY_CHECKS_UNSYNCHRONIZEDSHAREDFIELDCHECK_H

#include "SharedDataCheck.h"

namespace conctidy {

class UnsynchronizedSharedFieldCheck : public SharedDataCheck {
public:
  using SharedDataCheck::SharedDataCheck;

protected:
  bool isTargetType(clang::QualType T,
                    FunctionSummaries &Summaries) const override;
  /// `Ptr->write()` writes the object, not the member `Ptr`.
  bool pointeeIsData() const override { return false; }
};

} // namespace conctidy

#endif // CONCTIDY_CHECKS_UNSYNCHRONIZEDSHAREDFIELDCHECK_H
