//===--- LockGraph.h - The lock-acquisition graph and its cycles -*- C++
//-*-===//
//
// A node per kind of lock (LockOrder.h's lockKind: a declaration, or its
// USR across translation units), an edge
// A -> B when some code takes B while holding A. A cycle is a possible
// deadlock when the code of its edges can run on different threads.
//
// The cycles are found linearly in the size of the graph: Tarjan's
// strongly connected components, then in each component every pair of
// opposite edges (A -> B, B -> A), or, when it has none, one shortest cycle
// through it (a breadth-first search inside the component).
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_ANALYSIS_LOCKGRAPH_H
#define CONCTIDY_ANALYSIS_LOCKGRAPH_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <vector>

namespace conctidy {

class LockGraph {
public:
  /// What names a kind of lock: its declaration, or (across translation
  /// units) an interned name of it.
  using Node = const void *;
  struct Edge {
    Node From, To;
    /// What the caller attached to the first evidence of the edge.
    const void *Evidence;
    /// The code it was seen in (a function), and whether that code can run
    /// on several threads at once (not only once, as main() does).
    const void *Root;
    bool Reentrant;
  };

  /// Adds A -> B with its evidence; the first evidence of an edge is kept,
  /// unless a later one comes from reentrant code and the first does not.
  void addEdge(Node From, Node To, const void *Evidence, const void *Root,
               bool Reentrant);

  llvm::ArrayRef<Edge> edges() const { return Edges; }

  /// The strongly connected components of more than one node.
  std::vector<llvm::SmallVector<Node, 4>> components() const;

  /// The cycles to report, each as its edges in order (the first edge's
  /// From is the last edge's To). Cycles whose every edge was seen only in
  /// the same non-reentrant code are left out: that code runs once.
  std::vector<llvm::SmallVector<const Edge *, 4>> cycles() const;

private:
  unsigned nodeIndex(Node N);

  std::vector<Edge> Edges;
  llvm::DenseMap<std::pair<Node, Node>, unsigned> EdgeIndex;
  std::vector<Node> Nodes;
  llvm::DenseMap<Node, unsigned> NodeIndex;
  /// Out-edges per node, as indexes into Edges.
  std::vector<llvm::SmallVector<unsigned, 2>> Out;
};

} // namespace conctidy

#endif // CONCTIDY_ANALYSIS_LOCKGRAPH_H
