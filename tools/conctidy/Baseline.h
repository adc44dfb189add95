//===--- Baseline.h - findings recorded to be ignored -----------*- C++ -*-===//
//
// A baseline lists known findings, so that a run reports only new ones. A
// finding is identified by its check, its file (relative to the working
// directory when under it), its enclosing function and the normalized text
// of its line, not by line numbers: edits elsewhere in the file do not make
// a recorded finding new. Identical keys are counted, so a second copy of a
// recorded finding is new.
//
// The file is JSON, sorted, one entry per key:
//   {"version": 1, "findings": [{"check": ..., "file": ..., "function": ...,
//                                "snippet": ..., "count": 1}, ...]}
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_TOOLS_CONCTIDY_BASELINE_H
#define CONCTIDY_TOOLS_CONCTIDY_BASELINE_H

#include "Findings.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace conctidy::cli {

/// What identifies a finding in a baseline.
struct BaselineKey {
  std::string Check;
  std::string File;
  std::string Function;
  std::string Snippet;

  bool operator<(const BaselineKey &Other) const {
    return std::tie(Check, File, Function, Snippet) <
           std::tie(Other.Check, Other.File, Other.Function, Other.Snippet);
  }
};

/// The key of \p F; files under \p BaseDir are made relative to it.
BaselineKey baselineKey(const Finding &F, llvm::StringRef BaseDir);

/// A stable hash of the key, for SARIF's partialFingerprints.
std::string baselineFingerprint(const Finding &F, llvm::StringRef BaseDir);

class Baseline {
public:
  /// Reads a baseline file; fails naming the file and the problem.
  static llvm::Expected<Baseline> load(llvm::StringRef Path);

  /// The baseline of the conc-* findings among \p Findings.
  static Baseline record(llvm::ArrayRef<Finding> Findings,
                         llvm::StringRef BaseDir);

  void write(llvm::raw_ostream &OS) const;

  /// For each of \p Findings, whether the baseline has it. Each entry
  /// matches at most its count of findings, in order.
  std::vector<bool> match(llvm::ArrayRef<Finding> Findings,
                          llvm::StringRef BaseDir) const;

  size_t size() const { return Counts.size(); }

private:
  std::map<BaselineKey, unsigned> Counts;
};

} // namespace conctidy::cli

#endif // CONCTIDY_TOOLS_CONCTIDY_BASELINE_H
