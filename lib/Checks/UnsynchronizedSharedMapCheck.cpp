//===--- UnsynchronizedSharedMapCheck.cpp - conc-unsynchronized-shared-map ===//
//
// Everything but the choice of data lives in SharedDataCheck: the map check
// reports the containers of the model (and ContainerTypes).
//
//===----------------------------------------------------------------------===//

#include "UnsynchronizedSharedMapCheck.h"

namespace conctidy {

bool UnsynchronizedSharedMapCheck::isTargetType(clang::QualType T,
                                                FunctionSummaries &) const {
  return isSharedContainer(T);
}

} // namespace conctidy
