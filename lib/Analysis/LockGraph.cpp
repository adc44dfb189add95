//===--- LockGraph.cpp - The lock-acquisition graph and its cycles --------===//

#include "conctidy/Analysis/LockGraph.h"
#include "llvm/ADT/DenseSet.h"
#include <deque>

namespace conctidy {

unsigned LockGraph::nodeIndex(Node N) {
  auto [It, New] = NodeIndex.try_emplace(N, Nodes.size());
  if (New) {
    Nodes.push_back(N);
    Out.emplace_back();
  }
  return It->second;
}

void LockGraph::addEdge(Node From, Node To, const void *Evidence,
                        const void *Root, bool Reentrant) {
  if (!From || !To || From == To)
    return;
  auto [It, New] = EdgeIndex.try_emplace({From, To}, Edges.size());
  if (!New) {
    Edge &E = Edges[It->second];
    if (Reentrant && !E.Reentrant) {
      E.Evidence = Evidence;
      E.Root = Root;
      E.Reentrant = true;
    }
    return;
  }
  unsigned F = nodeIndex(From);
  nodeIndex(To);
  Out[F].push_back(Edges.size());
  Edges.push_back(Edge{From, To, Evidence, Root, Reentrant});
}

namespace {

/// Tarjan's algorithm, iterative: the component of each node.
std::vector<int>
componentsOf(const std::vector<llvm::SmallVector<unsigned, 2>> &Out,
             const std::vector<LockGraph::Edge> &Edges,
             const llvm::DenseMap<LockGraph::Node, unsigned> &NodeIndex,
             unsigned &Count) {
  unsigned N = Out.size();
  std::vector<int> Index(N, -1), Low(N, 0), Component(N, -1);
  std::vector<bool> OnStack(N, false);
  std::vector<unsigned> Stack;
  // (node, next out-edge to look at)
  std::vector<std::pair<unsigned, unsigned>> Calls;
  int Next = 0;
  Count = 0;
  auto Target = [&](unsigned EdgeId) {
    return NodeIndex.find(Edges[EdgeId].To)->second;
  };
  for (unsigned Start = 0; Start < N; ++Start) {
    if (Index[Start] >= 0)
      continue;
    Calls.push_back({Start, 0});
    Index[Start] = Low[Start] = Next++;
    Stack.push_back(Start);
    OnStack[Start] = true;
    while (!Calls.empty()) {
      auto &[V, I] = Calls.back();
      if (I < Out[V].size()) {
        unsigned W = Target(Out[V][I++]);
        if (Index[W] < 0) {
          Index[W] = Low[W] = Next++;
          Stack.push_back(W);
          OnStack[W] = true;
          Calls.push_back({W, 0});
        } else if (OnStack[W]) {
          Low[V] = std::min(Low[V], Index[W]);
        }
        continue;
      }
      unsigned Done = V;
      Calls.pop_back();
      if (!Calls.empty())
        Low[Calls.back().first] = std::min(Low[Calls.back().first], Low[Done]);
      if (Low[Done] == Index[Done]) {
        unsigned W;
        do {
          W = Stack.back();
          Stack.pop_back();
          OnStack[W] = false;
          Component[W] = Count;
        } while (W != Done);
        ++Count;
      }
    }
  }
  return Component;
}

} // namespace

std::vector<llvm::SmallVector<LockGraph::Node, 4>>
LockGraph::components() const {
  unsigned Count;
  std::vector<int> Component = componentsOf(Out, Edges, NodeIndex, Count);
  std::vector<llvm::SmallVector<Node, 4>> All(Count);
  for (unsigned I = 0; I < Nodes.size(); ++I)
    All[Component[I]].push_back(Nodes[I]);
  std::vector<llvm::SmallVector<Node, 4>> Result;
  for (auto &C : All)
    if (C.size() > 1)
      Result.push_back(std::move(C));
  return Result;
}

std::vector<llvm::SmallVector<const LockGraph::Edge *, 4>>
LockGraph::cycles() const {
  unsigned Count;
  std::vector<int> Component = componentsOf(Out, Edges, NodeIndex, Count);
  auto ComponentOf = [&](Node N) {
    return Component[NodeIndex.find(N)->second];
  };
  std::vector<llvm::SmallVector<const Edge *, 4>> Result;
  auto Keep = [&](llvm::SmallVector<const Edge *, 4> Cycle) {
    // Seen only in one piece of code that runs once: no second thread.
    bool OnlyOnce = true;
    for (const Edge *E : Cycle)
      if (E->Reentrant || E->Root != Cycle.front()->Root)
        OnlyOnce = false;
    if (!OnlyOnce)
      Result.push_back(std::move(Cycle));
  };
  std::vector<bool> HasTwoCycle(Count, false);
  std::vector<bool> Seen(Count, false);
  // Every pair of opposite edges, once.
  for (const Edge &E : Edges) {
    int C = ComponentOf(E.From);
    if (C != ComponentOf(E.To))
      continue;
    Seen[C] = true;
    auto Back = EdgeIndex.find({E.To, E.From});
    if (Back == EdgeIndex.end())
      continue;
    HasTwoCycle[C] = true;
    const Edge *Other = &Edges[Back->second];
    if (&E < Other)
      Keep({&E, Other});
  }
  // A component without one: a shortest cycle through its first edge.
  for (const Edge &E : Edges) {
    int C = ComponentOf(E.From);
    if (C != ComponentOf(E.To) || HasTwoCycle[C] || !Seen[C])
      continue;
    Seen[C] = false;
    // Breadth-first from E.To back to E.From inside the component.
    llvm::DenseMap<Node, const Edge *> Parent;
    std::deque<Node> Work{E.To};
    Parent[E.To] = nullptr;
    bool Found = false;
    while (!Work.empty() && !Found) {
      Node V = Work.front();
      Work.pop_front();
      for (unsigned Id : Out[NodeIndex.find(V)->second]) {
        const Edge &Step = Edges[Id];
        if (ComponentOf(Step.To) != C || Parent.count(Step.To))
          continue;
        Parent[Step.To] = &Step;
        if (Step.To == E.From) {
          Found = true;
          break;
        }
        Work.push_back(Step.To);
      }
    }
    if (!Found)
      continue;
    llvm::SmallVector<const Edge *, 4> Path;
    for (Node V = E.From; Parent[V]; V = Parent[V]->From)
      Path.push_back(Parent[V]);
    llvm::SmallVector<const Edge *, 4> Cycle{&E};
    Cycle.append(Path.rbegin(), Path.rend());
    Keep(std::move(Cycle));
  }
  return Result;
}

} // namespace conctidy
