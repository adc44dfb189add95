//===--- AccessFile.h - Data accesses across units --------------*- C++ -*-===//
//
// The access parts of the function summaries (GlobalAccessSummary.h,
// MemberAccessSummary.h) in the summary files that cross translation units
// (SummaryFile.h). Each access names its data as a lock path is named
// (LockOrderFile.h): a global by its USR ("g<USR>"), a data member from
// what a caller can name (`this`, parameter "p<N>", a global) through the
// members' USRs; then read or write, the locks held relative to the
// function's entry (portable lock paths too), and the access as text (the
// function it is in and its file position), since the other unit's AST is
// not there when it is read. A caller in another unit sees it at its call:
// `lookup()` in cache.cpp reading `Cache` is a read of `Cache` through the
// call in worker.cpp, and `State::get()` in state.cpp reading `Values` is
// a read of `Impl->Values` through `Impl->get(K)` in registry.cpp, under
// the locks held there.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_ANALYSIS_ACCESSFILE_H
#define CONCTIDY_ANALYSIS_ACCESSFILE_H

#include "conctidy/Analysis/AccessSummary.h"
#include "conctidy/Analysis/LockOrderFile.h"
#include "llvm/Support/JSON.h"
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace clang {
class ASTContext;
class CallExpr;
class FunctionDecl;
} // namespace clang

namespace conctidy {

class FunctionSummaries;
class SummaryTable;
class PortableLockPaths;
struct AccessOptions;

struct PortableAccess {
  /// The data: a global ("g<USR>", no members) or members from a root.
  PortableLockPath Data;
  /// The function the access is written in, and "file:line:column".
  std::string Function, Where;
  bool Write = false, Spawned = false, Concurrent = true, Deliberate = false;
  /// SharedAccess's facts about the use (ThroughPointer, Returned,
  /// Awaited, LazyInit, Published).
  bool ThroughPointer = false, Returned = false, Awaited = false,
       LazyInit = false, Published = false;
  /// Held relative to the entry (by mode), and released since the entry.
  std::vector<PortableLockPath> Held, SharedHeld, Released;

  auto key() const {
    return std::tie(Data, Function, Where, Write, Spawned, Concurrent,
                    Deliberate, ThroughPointer, Returned, Awaited, LazyInit,
                    Published, Held, SharedHeld, Released);
  }
  bool operator==(const PortableAccess &O) const { return key() == O.key(); }
  bool operator<(const PortableAccess &O) const { return key() < O.key(); }
};

/// At most this many accesses per function and part go into a file.
constexpr unsigned MaxPortableAccesses = 64;

/// Adds \p B's accesses to \p A (a sorted set, capped); true if the cap
/// cut some. What is cut is positions before contexts: one record of each
/// context (the data, read or write, the locks, the facts about the use)
/// is kept before a second record of any, as far as the cap allows.
bool mergeAccesses(std::vector<PortableAccess> &A,
                   const std::vector<PortableAccess> &B);

/// The attributes the two parts are written under.
inline constexpr char GlobalAccessAttribute[] = "ga";
inline constexpr char MemberAccessAttribute[] = "ma";

/// Writes \p Accesses as the attribute \p Name (nothing when empty).
void writeAccesses(llvm::json::OStream &J, llvm::StringRef Name,
                   const std::vector<PortableAccess> &Accesses);

/// Reads the attribute \p Name of \p Function; false when it is malformed.
bool parseAccesses(const llvm::json::Object &Function, llvm::StringRef Name,
                   std::vector<PortableAccess> &Out);

/// The accesses of a linked summary's part, \p Accesses of \p Callee (a
/// function whose body is in another unit), as records of the callee's own
/// summary (AccessSummary.h): the data and the locks in the callee's terms
/// (an access whose data or a held lock this unit cannot name is dropped:
/// it is unknown, not unguarded), made at \p Call, the call of this unit that
/// reaches them, with the remote function and position. A part composes
/// them at the call as it composes a callee's summary.
AccessSummary linkedRecords(const std::vector<PortableAccess> &Accesses,
                            const clang::CallExpr &Call,
                            const clang::FunctionDecl &Callee,
                            PortableLockPaths &Paths);

/// Adds to \p Table, from \p Sums (without a linked table), the access
/// parts of every function defined in the translation unit with external
/// linkage (outside system headers), but inline functions and template
/// instantiations, whose bodies every unit that calls them has: the
/// accesses to globals another unit can name, and to data members named
/// from `this`, a parameter or a global.
void exportAccesses(FunctionSummaries &Sums, const AccessOptions &Options,
                    SummaryTable &Table);

} // namespace conctidy

#endif // CONCTIDY_ANALYSIS_ACCESSFILE_H
