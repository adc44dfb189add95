//===--- CFGPathSearch.h - Forward path search over a clang::CFG -*- C++
//-*-===//
//
// One general mechanism for "is there a path from here to there on which
// nothing of interest happens": a forward exploration of every path of a
// CFG from a set of start points, carrying a small state, where a visitor
// decides at each element whether the path goes on, and at each edge
// whether the edge is feasible in that state. Each (block, state) pair is
// explored once, so loops terminate.
//
// Also: how a path leaves a local variable's scope (the statement that made
// the CFG run the variable's destructor).
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_ANALYSIS_CFGPATHSEARCH_H
#define CONCTIDY_ANALYSIS_CFGPATHSEARCH_H

#include "clang/AST/Stmt.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/SmallVector.h"
#include <deque>
#include <set>
#include <utility>

namespace clang {
class ParentMap;
class VarDecl;
} // namespace clang

namespace conctidy {

/// The point before element \p Index of \p Block; Index == Block->size()
/// is the block's terminator.
struct CFGPoint {
  const clang::CFGBlock *Block;
  unsigned Index;
};

enum class PathStep {
  Continue, ///< The path goes on.
  Stop,     ///< The path ends here (its question is answered).
};

/// Explores every path forward from \p Starts. \p Visitor provides
///   PathStep element(const clang::CFGBlock &B, unsigned Index, State &S);
///   PathStep terminator(const clang::CFGBlock &B, State &S);
///   bool edge(const clang::CFGBlock &From, unsigned SuccIndex, State &S);
/// `element` and `terminator` may change the state that flows on; `edge`
/// returns false for an edge the state makes infeasible. State needs
/// operator<.
template <typename State, typename VisitorT>
void searchForward(llvm::ArrayRef<std::pair<CFGPoint, State>> Starts,
                   VisitorT &Visitor) {
  std::set<std::pair<unsigned, State>> Entered;
  std::deque<std::pair<CFGPoint, State>> Work(Starts.begin(), Starts.end());
  while (!Work.empty()) {
    auto [Point, S] = Work.front();
    Work.pop_front();
    const clang::CFGBlock &B = *Point.Block;
    bool Stopped = false;
    for (unsigned I = Point.Index, E = B.size(); I < E && !Stopped; ++I)
      Stopped = Visitor.element(B, I, S) == PathStep::Stop;
    if (Stopped || Visitor.terminator(B, S) == PathStep::Stop)
      continue;
    unsigned SuccIndex = 0;
    for (const clang::CFGBlock::AdjacentBlock &Succ : B.succs()) {
      unsigned Index = SuccIndex++;
      const clang::CFGBlock *Next = Succ.getReachableBlock();
      if (!Next)
        continue;
      State NextState = S;
      if (!Visitor.edge(B, Index, NextState))
        continue;
      if (Entered.insert({Next->getBlockID(), NextState}).second)
        Work.push_back({CFGPoint{Next, 0}, NextState});
    }
  }
}

/// How a path leaves a local variable's scope.
enum class ScopeExitKind {
  Return,
  CoReturn,
  Break,
  Continue,
  Goto,
  Throw,        ///< An explicit throw that is not caught inside the scope.
  CallMayThrow, ///< A call that may throw, not caught inside the scope.
  End,          ///< Control reaches the end of the scope.
};

struct ScopeExit {
  ScopeExitKind Kind;
  /// The return, break, ..., throw or call; for End, the statement that
  /// encloses the scope (its end location is the scope's end).
  const clang::Stmt *Where;
};

/// The keyword a user sees for \p Kind ("return", "break", ...).
llvm::StringRef scopeExitSpelling(ScopeExitKind Kind);

/// Describes why the CFG destroys a local variable at element \p DtorIndex
/// of \p B: the jump in that block, or else the end of the variable's scope,
/// whose statement is \p ScopeStmt.
ScopeExit describeDtorExit(const clang::CFGBlock &B, unsigned DtorIndex,
                           const clang::Stmt *ScopeStmt);

/// Whether an exception thrown at \p S propagates out of \p ScopeStmt, that
/// is, no try block between them would catch it. When it stays inside, sets
/// \p CatchingTry to the innermost try statement around \p S.
bool exceptionLeavesScope(const clang::Stmt *S, const clang::Stmt *ScopeStmt,
                          const clang::ParentMap &PM,
                          const clang::CXXTryStmt **CatchingTry = nullptr);

/// The statement whose scope a local variable lives in (a compound
/// statement, or the if/for/while/switch whose init declares it).
const clang::Stmt *enclosingScope(const clang::VarDecl &Var,
                                  const clang::Stmt &Body,
                                  const clang::ParentMap &PM);

} // namespace conctidy

#endif // CONCTIDY_ANALYSIS_CFGPATHSEARCH_H
