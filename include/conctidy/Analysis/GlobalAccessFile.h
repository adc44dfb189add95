//===--- GlobalAccessFile.h - Global accesses across units ------*- C++ -*-===//
//
// The global-access part of the function summaries (GlobalAccessSummary.h)
// in the summary files that cross translation units (SummaryFile.h): each
// access by the global's USR, read or write, the locks held relative to the
// function's entry (named as the lock part names them, LockSummaryFile.h;
// only global locks, the only ones that guard a global), and the access as
// text (the function it is in and its file position), since the other
// unit's AST is not there when it is read. A caller in another unit sees it
// at its call: `lookup()` in cache.cpp reading `Cache` is a read of `Cache`
// through the call in worker.cpp, under the locks held there.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_ANALYSIS_GLOBALACCESSFILE_H
#define CONCTIDY_ANALYSIS_GLOBALACCESSFILE_H

#include "conctidy/Analysis/LockOrderFile.h"
#include "llvm/Support/JSON.h"
#include <string>
#include <tuple>
#include <vector>

namespace clang {
class ASTContext;
} // namespace clang

namespace conctidy {

class SummaryTable;
struct AccessOptions;

struct PortableGlobalAccess {
  /// The global's USR and name.
  std::string Object, Name;
  /// The function the access is written in, and "file:line:column".
  std::string Function, Where;
  bool Write = false, Spawned = false, Concurrent = true, Deliberate = false;
  /// Held relative to the entry (by mode), and released since the entry.
  std::vector<PortableLockPath> Held, SharedHeld, Released;

  auto key() const {
    return std::tie(Object, Name, Function, Where, Write, Spawned, Concurrent,
                    Deliberate, Held, SharedHeld, Released);
  }
  bool operator==(const PortableGlobalAccess &O) const {
    return key() == O.key();
  }
  bool operator<(const PortableGlobalAccess &O) const {
    return key() < O.key();
  }
};

/// At most this many accesses per function go into a file.
constexpr unsigned MaxPortableGlobalAccesses = 64;

/// Adds \p B's accesses to \p A (a sorted set, capped).
void mergeGlobalAccesses(std::vector<PortableGlobalAccess> &A,
                         const std::vector<PortableGlobalAccess> &B);

/// Writes the accesses as the attribute "ga" (nothing when there are none).
void writeGlobalAccesses(llvm::json::OStream &J,
                         const std::vector<PortableGlobalAccess> &Accesses);

/// Reads the attribute "ga" of \p Function; false when it is malformed.
bool parseGlobalAccesses(const llvm::json::Object &Function,
                         std::vector<PortableGlobalAccess> &Out);

/// Adds to \p Table the global-access part of every function defined in
/// the translation unit with external linkage (outside system headers).
void exportGlobalAccesses(clang::ASTContext &Context,
                          const AccessOptions &Options, SummaryTable &Table);

} // namespace conctidy

#endif // CONCTIDY_ANALYSIS_GLOBALACCESSFILE_H
