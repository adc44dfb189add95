//===--- LockOrderInversionCheck.h - conc-lock-order-inversion ---*- C++
//-*-===//
//
// See docs/checks/conc-lock-order-inversion.md.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_CHECKS_LOCKORDERINVERSIONCHECK_H
#define CONCTIDY_CHECKS_LOCKORDERINVERSIONCHECK_H

#include "DeadlockCheck.h"

namespace conctidy {

class LockOrderInversionCheck : public DeadlockCheck {
public:
  using DeadlockCheck::DeadlockCheck;

protected:
  void report(DeadlockAnalysis &Analysis,
              FunctionSummaries &Summaries) override;
};

} // namespace conctidy

#endif // CONCTIDY_CHECKS_LOCKORDERINVERSIONCHECK_H
