//===--- SummaryFile.h - Function summaries across translation units -*- C++
//-*-===//
//
// The parts of function summaries that cross translation units, keyed by
// the function's USR (clang's Unified Symbol Resolution string, the same in
// every translation unit that declares the function), and the file they
// are written to: JSON, with the format and the conctidy version that wrote
// it. A file of another format or version is rejected with a message
// naming both; a file that cannot be read or parsed is rejected with the
// reason, and its functions stay unknown.
//
// Channel members of `this` are keyed by the member's USR; locks by their
// USRs and access paths (LockOrderFile.h, LockSummaryFile.h).
//
// A table is merged from several files by union of the effects of each
// function (an inline function defined in several translation units), so
// the result does not depend on the order of the files.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_ANALYSIS_SUMMARYFILE_H
#define CONCTIDY_ANALYSIS_SUMMARYFILE_H

#include "conctidy/Analysis/AccessFile.h"
#include "conctidy/Analysis/FunctionSummaries.h"
#include "conctidy/Analysis/LockOrderFile.h"
#include "conctidy/Analysis/LockSummaryFile.h"
#include "conctidy/Analysis/RuntimeUseFile.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace conctidy {

/// The version of conctidy that writes and accepts summary files.
llvm::StringRef summaryFileVersion();

/// One function's summary, without pointers into an AST.
struct PortableSummary {
  std::vector<ChannelEffects> ChannelParams;
  std::map<std::string, ChannelEffects> ChannelMembers;
  std::vector<HandleEffects> HandleParams;
  bool Spawns = false;
  /// Written by the link phase: a unit other than the function's own calls
  /// it (looked its summary up), so its callers' units account for its
  /// accesses.
  bool CalledElsewhere = false;
  /// An access part had more records than a file keeps
  /// (MaxPortableAccesses): some were left out (mergeAccesses says which).
  bool AccessesCut = false;
  ControlSummary Control;
  /// The lock orders (LockOrderFile.h).
  PortableLockOrder Locks;
  /// The lock part: locks left held, released, returned (LockSummaryFile.h).
  PortableLockSummary LockSet;
  /// The runtime-use part (RuntimeUseFile.h).
  std::vector<PortableRuntimeUse> RuntimeUses;
  /// The access parts, for globals and data members (AccessFile.h).
  std::vector<PortableAccess> GlobalAccesses, MemberAccesses;

  void merge(const PortableSummary &O);
  bool operator==(const PortableSummary &O) const;
  /// Nothing but that the function is known: no effect in any part
  /// (CalledElsewhere and AccessesCut are no effect).
  bool saysNothing() const;
};

class SummaryTable {
public:
  /// The function \p USR, or null.
  const PortableSummary *find(llvm::StringRef USR) const;
  void add(const std::string &USR, const PortableSummary &S);
  /// Marks \p USR CalledElsewhere, if it is here.
  void markCalledElsewhere(llvm::StringRef USR);
  void merge(const SummaryTable &O);
  size_t size() const { return Functions.size() + Unread.size(); }
  const std::map<std::string, PortableSummary> &functions() const;

  /// From now on, find() adds every USR it is asked about to \p Log (null:
  /// stop); the CLI's cache learns from it which entries a translation
  /// unit's result depends on.
  void setLookupLog(std::set<std::string> *Log) const { LookupLog = Log; }
  /// The entry of \p USR alone, as write() spells it; "" if there is none.
  std::string entryText(llvm::StringRef USR) const;

  /// Writes the table (deterministic: sorted by USR).
  void write(llvm::raw_ostream &OS) const;
  /// Reads a file written by write(); fails with a message for another
  /// version, a malformed or unreadable file.
  static llvm::Expected<SummaryTable> read(llvm::StringRef Path);
  static llvm::Expected<SummaryTable> parse(llvm::StringRef Text,
                                            llvm::StringRef Path);
  /// Reads a file as read() does, but each function's entry only when it is
  /// first looked up: a unit that asks about a few of a linked table's
  /// thousands of functions does not pay for the others. The file's format
  /// and version are checked at once; an entry that turns out to be
  /// malformed is unknown (find() gives null).
  static llvm::Expected<SummaryTable> open(llvm::StringRef Path);
  static llvm::Expected<SummaryTable>
  parseLazily(std::unique_ptr<llvm::MemoryBuffer> Text, llvm::StringRef Path);

private:
  /// The entry of \p USR, parsed now if it was not yet; null if none.
  PortableSummary *lookup(llvm::StringRef USR) const;

  /// The entries read so far (all of them unless the table was opened).
  mutable std::map<std::string, PortableSummary> Functions;
  /// An opened file's entries not parsed yet, as text in Backing.
  mutable llvm::StringMap<llvm::StringRef> Unread;
  std::shared_ptr<llvm::MemoryBuffer> Backing;
  mutable std::set<std::string> *LookupLog = nullptr;
};

/// The USR of \p D, or "" when it has none.
std::string usrOf(const clang::Decl &D);

/// The functions of \p Context whose summaries a unit exports: defined
/// here with external linkage, outside system headers, not dependent (and
/// with \p SkipLambdas, no lambda's call operator).
std::vector<const clang::FunctionDecl *>
exportedDefinitions(clang::ASTContext &Context, bool SkipLambdas = false);

/// "file:line:column" of \p Loc's file location, or "" when it has none.
std::string sourcePosition(clang::SourceLocation Loc,
                           const clang::SourceManager &SM);

/// The summaries of every function defined in the main file or a header
/// of the translation unit (outside system headers), by \p Sums.
SummaryTable exportSummaries(clang::ASTContext &Context,
                             FunctionSummaries &Sums);

/// A process-wide table that FunctionSummaries objects consult for the
/// functions whose body is not in the translation unit (the CLI's second
/// pass sets it; null: none).
void setLinkedSummaries(const SummaryTable *Table);
const SummaryTable *linkedSummaries();

/// The table of the file \p Path, read once per process and kept; null with
/// \p Error set when it cannot be used (the reason, once per path).
const SummaryTable *loadLinkedSummaries(llvm::StringRef Path,
                                        std::string &Error);

} // namespace conctidy

#endif // CONCTIDY_ANALYSIS_SUMMARYFILE_H
