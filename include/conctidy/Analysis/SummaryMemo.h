//===--- SummaryMemo.h - One recursion policy for every summary -*- C++ -*-===//
//
// Every field of a function's summary is computed on demand, callees first,
// and memoized per definition. Recursion is handled the same way for all of
// them, as a bottom-up analysis over the call graph's strongly connected
// components would:
//
// - a call back into a function still being computed reads its current
//   approximation (the field's bottom, T{}, on the first round) and records
//   that the reader depends on an unfinished function;
// - a function whose result depends on a function deeper in the stack (a
//   member of a cycle that is not its first-entered function) is kept
//   provisional;
// - the first-entered function of the cycle (the component's root, as
//   Tarjan's algorithm finds it) is recomputed, with its members' provisional
//   results dropped, until its result stops changing; then every member is
//   final. Past MaxRounds rounds the component's results are the field's
//   "unknown" value (a value every reader treats conservatively).
//
// Nesting deeper than MaxDepth answers "unknown" without memoizing it, so
// a long chain of wrappers costs no more than MaxDepth bodies on the stack.
//
//===----------------------------------------------------------------------===//

#ifndef CONCTIDY_ANALYSIS_SUMMARYMEMO_H
#define CONCTIDY_ANALYSIS_SUMMARYMEMO_H

#include "clang/AST/Decl.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <algorithm>
#include <memory>

namespace conctidy {

template <class T> class SummaryMemo {
public:
  /// \p Unknown: what a reader sees past the depth bound or for a cycle
  /// that does not settle.
  SummaryMemo(unsigned MaxDepth, T Unknown, unsigned MaxRounds = 4)
      : MaxDepth(MaxDepth), MaxRounds(MaxRounds), Unknown(std::move(Unknown)) {}

  /// The field for definition \p Def, computed by \p Compute() (which may
  /// call get() again for other definitions, or for \p Def itself).
  template <class ComputeFn>
  const T &get(const clang::FunctionDecl *Def, ComputeFn &&Compute) {
    auto It = Slots.find(Def);
    if (It != Slots.end()) {
      Slot &S = *It->second;
      if (S.State != SlotState::Final) {
        // A cycle: the reader depends on an unfinished function.
        if (S.State == SlotState::InProgress)
          S.ReadInCycle = true;
        dependOn(S.Low);
      }
      return S.Value;
    }
    if (Stack.size() >= MaxDepth)
      return Unknown;
    Slot *S = (Slots[Def] = std::make_unique<Slot>()).get();
    S->Index = Stack.size();
    Stack.push_back(S);
    size_t MembersStart = Members.size();
    for (unsigned Round = 1;; ++Round) {
      S->Low = S->Index;
      S->ReadInCycle = false;
      T V = Compute();
      bool Changed = !(V == S->Value);
      S->Value = std::move(V);
      if (S->Low < S->Index) {
        // Part of a cycle entered further up: provisional until its root
        // settles.
        S->State = SlotState::Provisional;
        Stack.pop_back();
        Members.push_back(Def);
        dependOn(S->Low);
        return S->Value;
      }
      bool Settled = !S->ReadInCycle || !Changed;
      if (Settled || Round >= MaxRounds) {
        for (size_t I = MembersStart; I < Members.size(); ++I) {
          Slot &M = *Slots[Members[I]];
          M.State = SlotState::Final;
          if (!Settled)
            M.Value = Unknown;
        }
        Members.resize(MembersStart);
        if (!Settled)
          S->Value = Unknown;
        S->State = SlotState::Final;
        Stack.pop_back();
        return S->Value;
      }
      // The root changed under readers that saw its older value: drop what
      // they computed from it and go round again.
      for (size_t I = MembersStart; I < Members.size(); ++I)
        Slots.erase(Members[I]);
      Members.resize(MembersStart);
    }
  }

  /// Whether \p Def has a final result.
  bool isFinal(const clang::FunctionDecl *Def) const {
    auto It = Slots.find(Def);
    return It != Slots.end() && It->second->State == SlotState::Final;
  }

private:
  enum class SlotState { InProgress, Provisional, Final };
  struct Slot {
    T Value{};
    SlotState State = SlotState::InProgress;
    unsigned Index = 0;
    unsigned Low = 0;
    bool ReadInCycle = false;
  };

  void dependOn(unsigned Low) {
    if (!Stack.empty())
      Stack.back()->Low = std::min(Stack.back()->Low, Low);
  }

  unsigned MaxDepth, MaxRounds;
  T Unknown;
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<Slot>> Slots;
  /// The functions being computed, outermost first.
  llvm::SmallVector<Slot *, 8> Stack;
  /// The provisional members of the cycles still open.
  llvm::SmallVector<const clang::FunctionDecl *, 8> Members;
};

} // namespace conctidy

#endif // CONCTIDY_ANALYSIS_SUMMARYMEMO_H
