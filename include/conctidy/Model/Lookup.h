//===--- Lookup.h - Finding a row of a model table ---------------*- C++
//-*-===//

#ifndef CONCTIDY_MODEL_LOOKUP_H
#define CONCTIDY_MODEL_LOOKUP_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace conctidy {
namespace model {

/// Whether two qualified names are the same, with or without a leading
/// "::".
inline bool sameQualifiedName(llvm::StringRef A, llvm::StringRef B) {
  A.consume_front("::");
  B.consume_front("::");
  return A == B;
}

/// The first row of \p Rows whose QualifiedName is \p Name.
template <typename Row>
const Row *findByQualifiedName(llvm::ArrayRef<Row> Rows, llvm::StringRef Name) {
  for (const Row &R : Rows)
    if (sameQualifiedName(R.QualifiedName, Name))
      return &R;
  return nullptr;
}

/// The first row of \p Rows whose Name is \p Name.
template <typename Row>
const Row *findByName(llvm::ArrayRef<Row> Rows, llvm::StringRef Name) {
  for (const Row &R : Rows)
    if (R.Name == Name)
      return &R;
  return nullptr;
}

} // namespace model
} // namespace conctidy

#endif // CONCTIDY_MODEL_LOOKUP_H
