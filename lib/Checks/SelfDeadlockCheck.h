//===--- SelfDeadlockCheck.h - conc-self-deadlock ---*- C++ -*-===//
//
// See docs/checks/conc-self-deadlock.md.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_CHECKS_SELFDEADLOCKCHECK_H
#define CONCTIDY_CHECKS_SELFDEADLOCKCHECK_H

#include "DeadlockCheck.h"

namespace conctidy {

class SelfDeadlockCheck : public DeadlockCheck {
public:
  using DeadlockCheck::DeadlockCheck;

protected:
  void report(DeadlockAnalysis &Analysis,
              FunctionSummaries &Summaries) override;
};

} // namespace conctidy

#endif // CONCTIDY_CHECKS_SELFDEADLOCKCHECK_H
