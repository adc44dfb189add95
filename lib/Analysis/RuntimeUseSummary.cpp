//===--- RuntimeUseSummary.cpp - Runtime objects a function uses ----------===//

#include "conctidy/Analysis/RuntimeUseSummary.h"
#include "conctidy/Analysis/FunctionSummaries.h"

using namespace clang;

namespace conctidy {

const RuntimeUseSummary &RuntimeUseTable::get(
    const FunctionDecl &F,
    llvm::function_ref<RuntimeUseSummary(const FunctionDecl &)> Compute) {
  const FunctionDecl *Key = F.getCanonicalDecl();
  auto It = Memo.find(Key);
  if (It != Memo.end())
    return *It->second;
  if (InProgress.count(Key) || Depth >= MaxDepth)
    return Empty;
  InProgress.insert(Key);
  ++Depth;
  auto S = std::make_unique<RuntimeUseSummary>(Compute(F));
  --Depth;
  InProgress.erase(Key);
  return *Memo.try_emplace(Key, std::move(S)).first->second;
}

// The hook in FunctionSummaries: the part is made on first use, here, so
// that FunctionSummaries.cpp need not know it.
RuntimeUseTable &FunctionSummaries::runtimeUses() {
  if (!RuntimeUses)
    RuntimeUses = {new RuntimeUseTable, [](RuntimeUseTable *T) { delete T; }};
  return *RuntimeUses;
}

} // namespace conctidy
