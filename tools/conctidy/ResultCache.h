//===--- ResultCache.h - reuse the results of unchanged units ---*- C++ -*-===//
//
// --cache-dir: each translation unit's result (its findings, compiler
// diagnostics, function index and log; in the first --cross-tu pass its
// summary file) is kept in one file of the cache directory, named by a key
// made of
//   - the unit's compile commands (directory, file, arguments),
//   - the effective configuration for the file (checks and options, as
//     clang-tidy prints them with --dump-config),
//   - the pass (the analysis, the analysis with linked summaries, or the
//     summary export),
//   - conctidy's version, LLVM's, and a digest of the conctidy executable,
// and is reused while every file the unit read (main file and headers, as
// recorded by the worker, InputDigests.h) has the same content digest and,
// with --cross-tu, every linked summary the analysis looked up is the
// same. A changed header thus invalidates exactly the units that include
// it; a changed summary only the units that looked it up.
//
// Entries are written through a temporary file renamed over the entry, so
// a reader sees a whole entry or none, also with several conctidy runs
// sharing a directory. An entry that cannot be read or does not check out
// (truncated, a wrong digest, another format) is ignored with a note and
// the unit analyzed again, which then replaces it.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_TOOLS_CONCTIDY_RESULTCACHE_H
#define CONCTIDY_TOOLS_CONCTIDY_RESULTCACHE_H

#include "Analyzer.h"
#include "conctidy/Analysis/SummaryFile.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/raw_ostream.h"
#include <optional>
#include <string>

namespace conctidy::cli {

/// What the cache keeps of a unit.
struct CachedUnit {
  TranslationUnitResult Result;
  /// The first --cross-tu pass: the unit's summary file.
  std::string Summaries;
};

class ResultCache {
public:
  /// A cache in \p Dir (created if needed) for the program \p Executable.
  static llvm::Expected<ResultCache> open(llvm::StringRef Dir,
                                          llvm::StringRef Executable);

  /// The key of analyzing a unit compiled by \p Commands with the
  /// configuration \p Config in \p Pass.
  std::string keyFor(llvm::ArrayRef<clang::tooling::CompileCommand> Commands,
                     llvm::StringRef Config, llvm::StringRef Pass) const;

  /// The unit kept under \p Key, if there is one and it still holds: its
  /// inputs unchanged and the linked summaries it looked up unchanged in
  /// \p Linked (null: none of them may exist). A corrupt entry gives a note
  /// on \p Notes naming \p File.
  /// From now on lookup() is given another linked table (a pass of its
  /// own): the digests of the last one's entries are forgotten.
  void useNewLinkedTable() { LinkedDigests.clear(); }
  std::optional<CachedUnit> lookup(llvm::StringRef Key, llvm::StringRef File,
                                   const SummaryTable *Linked,
                                   llvm::raw_ostream &Notes);

  /// Keeps \p Unit under \p Key; a failure to write gives one warning per
  /// run on \p Notes, and the run goes on.
  void store(llvm::StringRef Key, const CachedUnit &Unit,
             llvm::raw_ostream &Notes);

  unsigned hits() const { return Hits; }
  unsigned misses() const { return Misses; }

private:
  ResultCache() = default;
  std::string entryPath(llvm::StringRef Key) const;
  /// The digest of \p Path's content now ("" if it cannot be read), once
  /// per path and run.
  const std::string &currentDigest(llvm::StringRef Path);
  const std::string &linkedDigest(const SummaryTable &Linked,
                                  llvm::StringRef USR);

  std::string Dir;
  /// Names the program: version, LLVM version, digest of the executable.
  std::string Program;
  llvm::StringMap<std::string> Digests;
  llvm::StringMap<std::string> LinkedDigests;
  unsigned Hits = 0, Misses = 0;
  bool WarnedWrite = false;
};

} // namespace conctidy::cli

#endif // CONCTIDY_TOOLS_CONCTIDY_RESULTCACHE_H
