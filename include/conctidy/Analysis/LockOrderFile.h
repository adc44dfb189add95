//===--- LockOrderFile.h - The lock-order summary across translation units
//-*- C++ -*-===//
//
// The part of a function's lock-order summary (LockOrder.h) that crosses
// translation units through the CLI's link phase (SummaryFile.h), without
// pointers into an AST:
//
// - the locks it takes by blocking, in its own terms, named portably: a
//   root ("this", parameter "p<N>", global "g<USR>") and the USRs of the
//   members from it to the lock; callers in other files compose them like a
//   callee's summary (an order, a relock);
// - the orders it takes locks in when it can run concurrently (the edges it
//   adds to the lock graph), each lock named by its kind's USR, with where
//   the two acquisitions are (file, line, column).
//
// A caller in the second pass reads these for a callee whose body is in
// another file; the deadlock analysis adds every other file's edges to the
// lock graph of its translation unit, so that one cycle across files is seen
// by every unit that has a part of it, and reported by one of them (the one
// that owns the cycle's last edge in a canonical order, see Deadlocks.h).
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_ANALYSIS_LOCKORDERFILE_H
#define CONCTIDY_ANALYSIS_LOCKORDERFILE_H

#include "conctidy/Analysis/LockSet.h"
#include "clang/AST/Decl.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/JSON.h"
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace conctidy {

class FunctionSummaries;
class SummaryTable;

/// A lock named without an AST: "this", "p<N>" or "g<USR>", then members.
struct PortableLockPath {
  std::string Root;
  std::vector<std::string> Members;
  bool operator==(const PortableLockPath &O) const {
    return Root == O.Root && Members == O.Members;
  }
  bool operator<(const PortableLockPath &O) const {
    return std::tie(Root, Members) < std::tie(O.Root, O.Members);
  }
};

/// \p P, when callers of \p F can name it: rooted at `this`, a parameter of
/// \p F or a global (not a static local), every member with a USR.
std::optional<PortableLockPath> portableLockPath(const LockPath &P,
                                                 const clang::FunctionDecl &F);

/// Writes \p P as a JSON array: the root, then the members.
void writeLockPath(llvm::json::OStream &J, const PortableLockPath &P);
/// Reads an array written by writeLockPath; false when malformed.
bool parseLockPath(const llvm::json::Value &V, PortableLockPath &P);

/// A place in a source file (absolute path, 1-based line and column).
struct PortableSite {
  std::string File;
  unsigned Line = 0, Column = 0;
  bool valid() const { return !File.empty() && Line; }
  std::string str() const;
  bool operator==(const PortableSite &O) const {
    return File == O.File && Line == O.Line && Column == O.Column;
  }
};

struct PortableAcquire {
  PortableLockPath Lock;
  bool Shared = false;
  /// On every path of the function (LockAcquisition::Always).
  bool Always = false;
  /// It takes back a lock it held before (LockAcquisition::AfterHeld).
  bool AfterHeld = false;
  /// The innermost acquisition.
  PortableSite At;
  bool operator==(const PortableAcquire &O) const {
    return Lock == O.Lock && Shared == O.Shared && Always == O.Always &&
           AfterHeld == O.AfterHeld && At == O.At;
  }
};

/// An edge of the lock graph: Taken is acquired while Held is held.
struct PortableLockEdge {
  /// The kinds' USRs, and how messages name them.
  std::string HeldKind, TakenKind, HeldName, TakenName;
  /// Whether each kind is a data member (stands for every object's).
  bool HeldMember = false, TakenMember = false;
  /// The innermost acquisitions (HeldAt invalid: held on entry).
  PortableSite HeldAt, TakenAt;
  bool operator==(const PortableLockEdge &O) const {
    return HeldKind == O.HeldKind && TakenKind == O.TakenKind &&
           HeldAt == O.HeldAt && TakenAt == O.TakenAt;
  }
};

struct PortableLockOrder {
  /// How messages name the function ("'Inventory::restock'").
  std::string Name;
  /// It runs once (main()): a cycle only in it is no deadlock.
  bool Once = false;
  std::vector<PortableAcquire> Acquires;
  std::vector<PortableLockEdge> Edges;

  bool empty() const { return Acquires.empty() && Edges.empty(); }
  /// Union (an inline function defined in several translation units).
  void merge(const PortableLockOrder &O);
  bool operator==(const PortableLockOrder &O) const {
    return Name == O.Name && Once == O.Once && Acquires == O.Acquires &&
           Edges == O.Edges;
  }
};

/// The JSON attribute a function's lock order is written under.
inline constexpr char LockOrderAttribute[] = "l";
void writeLockOrder(llvm::json::OStream &J, const PortableLockOrder &L);
/// False when \p V is malformed.
bool parseLockOrder(const llvm::json::Value &V, PortableLockOrder &L);

/// \p Loc as a portable site (its expansion, with an absolute path).
PortableSite portableSite(const clang::SourceManager &SM,
                          clang::SourceLocation Loc);

/// Adds the lock orders of the translation unit's functions to \p Table:
/// every function with a lock-order summary and a USR (lambdas too: their
/// edges count).
void exportLockOrders(clang::ASTContext &Context, FunctionSummaries &Sums,
                      SummaryTable &Table);

/// Names the locks of portable paths in a translation unit: the members by
/// their USRs, looked up in the classes the path goes through, the globals
/// in a table of the unit's variables (made on first use).
class PortableLockPaths {
public:
  explicit PortableLockPaths(clang::ASTContext &Context) : Context(Context) {}
  /// \p P in the terms of \p Callee; nothing when a part is not declared
  /// here.
  std::optional<LockPath> resolve(const PortableLockPath &P,
                                  const clang::FunctionDecl &Callee);

  /// The variable with static storage named \p USR, if this unit declares
  /// it.
  const clang::VarDecl *global(llvm::StringRef USR);

private:
  const clang::ValueDecl *member(const clang::CXXRecordDecl *RD,
                                 llvm::StringRef USR, unsigned Depth);
  clang::ASTContext &Context;
  bool GlobalsIndexed = false;
  llvm::StringMap<const clang::VarDecl *> Globals;
};

} // namespace conctidy

#endif // CONCTIDY_ANALYSIS_LOCKORDERFILE_H
