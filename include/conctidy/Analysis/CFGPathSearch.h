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
#include <cstdint>
#include <deque>
#include <map>
#include <queue>
#include <set>
#include <utility>
#include <vector>

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

/// Runs \p Visitor over the rest of a block from \p From, then its
/// terminator; false when the path stopped there.
template <typename State, typename VisitorT>
bool walkBlock(CFGPoint From, State &S, VisitorT &Visitor) {
  const clang::CFGBlock &B = *From.Block;
  for (unsigned I = From.Index, E = B.size(); I < E; ++I)
    if (Visitor.element(B, I, S) == PathStep::Stop)
      return false;
  return Visitor.terminator(B, S) != PathStep::Stop;
}

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
    if (!walkBlock(Point, S, Visitor))
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

/// Like searchForward, for a state made of a key and a cost: a count that
/// never decreases along a path (receives seen so far) and such that a
/// path reaching a point with a lower cost explores everything the same
/// path with a higher cost would (the visitor is monotone in the cost: a
/// higher cost may only stop a path sooner or record less). Each
/// (block, key) pair is entered once, with its least cost, in the order of
/// increasing cost: the work grows with the size of the CFG times the
/// number of keys, never with the values the cost takes (a loop that
/// receives ten million times is entered once, and n if/else diamonds give
/// n entries, not n^2). State provides
///   Key key() const;          // Key needs operator<
///   uint64_t cost() const;
template <typename State, typename VisitorT>
void searchForwardLeastCost(llvm::ArrayRef<std::pair<CFGPoint, State>> Starts,
                            VisitorT &Visitor) {
  using Key = decltype(std::declval<const State &>().key());
  struct Item {
    uint64_t Cost;
    uint64_t Order; // FIFO among equal costs.
    CFGPoint Point;
    State S;
    bool Entry; // Entered from an edge (recorded in Least).
  };
  struct Later {
    bool operator()(const Item &A, const Item &B) const {
      return A.Cost != B.Cost ? A.Cost > B.Cost : A.Order > B.Order;
    }
  };
  std::map<std::pair<unsigned, Key>, uint64_t> Least;
  std::priority_queue<Item, std::vector<Item>, Later> Work;
  uint64_t Order = 0;
  for (const auto &[Point, S] : Starts)
    Work.push(Item{S.cost(), Order++, Point, S, false});
  while (!Work.empty()) {
    Item It = Work.top();
    Work.pop();
    const clang::CFGBlock &B = *It.Point.Block;
    if (It.Entry) {
      auto Found = Least.find({B.getBlockID(), It.S.key()});
      if (Found != Least.end() && Found->second < It.Cost)
        continue; // A cheaper path got here first.
    }
    State S = It.S;
    if (!walkBlock(It.Point, S, Visitor))
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
      uint64_t Cost = NextState.cost();
      auto [Slot, New] =
          Least.try_emplace({Next->getBlockID(), NextState.key()}, Cost);
      if (!New) {
        if (Slot->second <= Cost)
          continue;
        Slot->second = Cost;
      }
      Work.push(Item{Cost, Order++, CFGPoint{Next, 0}, NextState, true});
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
