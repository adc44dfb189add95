//===--- JoinUnderLockCheck.h - conc-join-under-lock ---*- C++ -*-===//
//
// See docs/checks/conc-join-under-lock.md.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_CHECKS_JOINUNDERLOCKCHECK_H
#define CONCTIDY_CHECKS_JOINUNDERLOCKCHECK_H

#include "DeadlockCheck.h"

namespace conctidy {

class JoinUnderLockCheck : public DeadlockCheck {
public:
  using DeadlockCheck::DeadlockCheck;

protected:
  void report(DeadlockAnalysis &Analysis,
              FunctionSummaries &Summaries) override;
};

} // namespace conctidy

#endif // CONCTIDY_CHECKS_JOINUNDERLOCKCHECK_H
