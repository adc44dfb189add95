//===--- MemberAccessSummary.h - The members a function reaches -*- C++ -*-===//
//
// The access part of the function summaries (FunctionSummaries.h) for data
// members: every access to a member of an object that a function makes,
// itself, in the lambdas it runs, or through the functions it calls at any
// depth, named from what a caller can name (`this`, a parameter, a global),
// with the locks held relative to the function's entry. At each call the
// callee's records are rebased onto the call: `this->Map` in
// `Cache::insert` is `Impl->Cache.Map` where `Impl->Cache.insert(K)` is
// called, under the locks the caller holds there. So a private helper's
// accesses hold its callers' locks, a pimpl's or a member object's
// accesses are the owner's data, and a free function given the object
// (`void bump(Stats *S) { S->Count++; }`) writes the caller's object.
//
// Calls are followed as every part follows them (FunctionSummaries::targets)
// except virtual dispatch (its overriders are entry points of their own),
// plus, in a template as written, a call through `this` whose overload
// depends on its arguments (any member function of that name). Functions in
// system headers add nothing: a container's own members are its
// implementation, and the use of the container is the access. An access
// to a local object of the function is kept only when other code may see
// the object (its address escapes, or it is a pointer or reference).
//
// The part depends on the shared-data checks' options (their spawners), so
// it is made by the first of them to ask.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_ANALYSIS_MEMBERACCESSSUMMARY_H
#define CONCTIDY_ANALYSIS_MEMBERACCESSSUMMARY_H

#include "conctidy/Analysis/AccessSummary.h"
#include "conctidy/Analysis/SummaryMemo.h"

namespace conctidy {

struct PortableSummary;

class MemberAccessTable {
public:
  MemberAccessTable(FunctionSummaries &Sums, AccessOptions Options)
      : Sums(Sums), Options(std::move(Options)) {}

  /// The accesses to data members \p Def reaches (a definition with a
  /// body): its own, then its callees', in the order met.
  const AccessSummary &of(const clang::FunctionDecl &Def);

  /// The definitions \p Call may run whose accesses the part composes: the
  /// summaries' targets with a body outside system headers, or with a
  /// linked summary of their members (--cross-tu), and in a template, the
  /// member functions a dependent call through `this` may be.
  llvm::SmallVector<const clang::FunctionDecl *, 2>
  callees(const clang::CallExpr &Call);

  /// Whether \p Call is, in a template as written, a call of a member
  /// function through `this` that is no CXXMemberCallExpr (its arguments
  /// are dependent): the callee's `this` is the caller's.
  static bool dependentCallOnThis(const clang::CallExpr &Call);

  /// Whether \p F is data a thread can change: not const, not a lock.
  bool isData(const clang::ValueDecl &F);

private:
  AccessSummary compute(const clang::FunctionDecl &Def);
  /// The linked summary of \p Def, a function whose body is in another
  /// unit, when it says which members the function reaches.
  const PortableSummary *linked(const clang::FunctionDecl &Def);

  /// Whether \p Path starts at a local variable of its function (not a
  /// parameter) and no object on it is of a class with a lock: no caller
  /// can rename it and no class's analysis reads it (objectPrefix), so the
  /// record would only be copied into every caller's summary.
  bool unreadLocalRoot(const LockPath &Path);

  FunctionSummaries &Sums;
  AccessOptions Options;
  /// classHasLock(), by class definition.
  llvm::DenseMap<const clang::CXXRecordDecl *, bool> ClassLocks;
  SummaryMemo<AccessSummary> Memo{/*MaxDepth=*/32, AccessSummary()};
};

} // namespace conctidy

#endif // CONCTIDY_ANALYSIS_MEMBERACCESSSUMMARY_H
