//===--- SummariesOption.h - The plugin's cross-TU mode ---------*- C++ -*-===//
//
// The global check option SummariesFile names a linked summary file (the
// one `conctidy --cross-tu --summaries-dir DIR` leaves in
// DIR/linked.summaries.json): the checks that read function summaries then
// know the functions whose body is in other translation units. A file that
// cannot be used is reported once, and those functions stay unknown.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_CHECKS_SUMMARIESOPTION_H
#define CONCTIDY_CHECKS_SUMMARIESOPTION_H

#include "conctidy/Analysis/SummaryFile.h"
#include <string>

namespace conctidy {

inline constexpr char SummariesFileOption[] = "SummariesFile";

/// Gives \p Sums the linked summaries of \p Path (empty: none, or the
/// process-wide table of the CLI); returns why they cannot be used, the
/// first time only, or "".
inline std::string useSummariesFile(FunctionSummaries &Sums,
                                    llvm::StringRef Path) {
  if (Path.empty())
    return "";
  std::string Error;
  if (const SummaryTable *T = loadLinkedSummaries(Path, Error))
    Sums.setLinked(T);
  else if (!Error.empty())
    return Error + "; functions of other translation units stay unknown";
  return "";
}

} // namespace conctidy

#endif // CONCTIDY_CHECKS_SUMMARIESOPTION_H
