//===--- RuntimeUseFile.h - Runtime uses across translation units -*- C++ -*-=//
//
// The runtime-use part of the function summaries (RuntimeUseSummary.h) in
// the summary files that cross translation units (SummaryFile.h): each use
// by where its object comes from (a parameter, `this`, a global), the
// runtime, and the use itself as text (the name as written, the type, the
// file position), since the other unit's AST is not there when it is read.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_ANALYSIS_RUNTIMEUSEFILE_H
#define CONCTIDY_ANALYSIS_RUNTIMEUSEFILE_H

#include "llvm/Support/JSON.h"
#include <string>
#include <tuple>
#include <vector>

namespace clang {
class ASTContext;
} // namespace clang

namespace conctidy {

struct AffinityOptions;
class SummaryTable;

/// One use of a runtime's object by a function, without pointers into an
/// AST.
struct PortableRuntimeUse {
  /// 'p': parameter Param; 't': `this`; 'g': a global.
  char From = 'p';
  unsigned Param = 0;
  /// The model's name of the runtime (ThreadAffinity.h).
  std::string Runtime;
  /// The object is an Owned runtime's, driven by the function (rather than
  /// used on the wrong thread).
  bool SharedOwner = false;
  /// The caller's guard decides (a Guarded runtime's use without its guard).
  bool NeedsCallerGuard = false;
  /// The object's USR for a global or a member, "" otherwise.
  std::string Object;
  /// As written at the use, its type as printed, and "file:line:column".
  std::string Name, Type, Where;

  auto key() const {
    return std::tie(From, Param, Runtime, SharedOwner, NeedsCallerGuard, Object,
                    Name, Type, Where);
  }
  bool operator==(const PortableRuntimeUse &O) const {
    return key() == O.key();
  }
  bool operator<(const PortableRuntimeUse &O) const { return key() < O.key(); }
};

/// Adds \p B's uses to \p A (a set: sorted, without duplicates), so that a
/// merge does not depend on the order of the files.
void mergeRuntimeUses(std::vector<PortableRuntimeUse> &A,
                      const std::vector<PortableRuntimeUse> &B);

/// Writes the uses as the attribute "u" of the function's object (nothing
/// when there are none).
void writeRuntimeUses(llvm::json::OStream &J,
                      const std::vector<PortableRuntimeUse> &Uses);

/// Reads the attribute "u" of \p Function; false when it is malformed.
bool parseRuntimeUses(const llvm::json::Object &Function,
                      std::vector<PortableRuntimeUse> &Out);

/// Adds to \p Table the runtime-use part of every function defined in the
/// translation unit (outside system headers), computed with the runtime
/// check's \p Options.
void exportRuntimeUses(clang::ASTContext &Context,
                       const AffinityOptions &Options, SummaryTable &Table);

} // namespace conctidy

#endif // CONCTIDY_ANALYSIS_RUNTIMEUSEFILE_H
