//===--- UnsynchronizedSharedMapCheck.h - conc-unsynchronized-shared-map -*- C++ -*-===//
//
// A map, set or other shared container (a data member reached from an
// object of a class, or a global) read or written without the lock its
// other accesses hold. See docs/checks/conc-unsynchronized-shared-map.md.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_CHECKS_UNSYNCHRONIZEDSHAREDMAPCHECK_H
#define CONCTIDY_CHECKS_UNSYNCHRONIZEDSHAREDMAPCHECK_H

#include "SharedDataCheck.h"

namespace conctidy {

class UnsynchronizedSharedMapCheck : public SharedDataCheck {
public:
  using SharedDataCheck::SharedDataCheck;

protected:
  bool isTargetType(clang::QualType T,
                    FunctionSummaries &Summaries) const override;
};

} // namespace conctidy

#endif // CONCTIDY_CHECKS_UNSYNCHRONIZEDSHAREDMAPCHECK_H
