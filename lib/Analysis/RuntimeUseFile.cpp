//===--- RuntimeUseFile.cpp - Runtime uses across translation units -------===//

#include "conctidy/Analysis/RuntimeUseFile.h"
#include "conctidy/Analysis/ASTHelpers.h"
#include "conctidy/Analysis/FunctionSummaries.h"
#include "conctidy/Analysis/RuntimeAffinity.h"
#include "conctidy/Analysis/RuntimeUseSummary.h"
#include "conctidy/Analysis/SummaryFile.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;
namespace json = llvm::json;

namespace conctidy {

void mergeRuntimeUses(std::vector<PortableRuntimeUse> &A,
                      const std::vector<PortableRuntimeUse> &B) {
  A.insert(A.end(), B.begin(), B.end());
  llvm::sort(A);
  A.erase(std::unique(A.begin(), A.end()), A.end());
}

void writeRuntimeUses(json::OStream &J,
                      const std::vector<PortableRuntimeUse> &Uses) {
  if (Uses.empty())
    return;
  J.attributeArray("u", [&] {
    for (const PortableRuntimeUse &U : Uses)
      J.object([&] {
        J.attribute("from", std::string(1, U.From));
        if (U.From == 'p')
          J.attribute("param", U.Param);
        J.attribute("runtime", U.Runtime);
        if (U.SharedOwner)
          J.attribute("owner", true);
        if (U.NeedsCallerGuard)
          J.attribute("guard", true);
        if (!U.Object.empty())
          J.attribute("object", U.Object);
        J.attribute("name", U.Name);
        J.attribute("type", U.Type);
        J.attribute("at", U.Where);
      });
  });
}

bool parseRuntimeUses(const json::Object &Function,
                      std::vector<PortableRuntimeUse> &Out) {
  const json::Array *A = Function.getArray("u");
  if (!A)
    return true;
  for (const json::Value &V : *A) {
    const json::Object *O = V.getAsObject();
    if (!O)
      return false;
    PortableRuntimeUse U;
    std::optional<llvm::StringRef> From = O->getString("from");
    std::optional<llvm::StringRef> Runtime = O->getString("runtime");
    if (!From || From->size() != 1 || !llvm::is_contained("ptg", (*From)[0]) ||
        !Runtime)
      return false;
    U.From = (*From)[0];
    if (U.From == 'p') {
      std::optional<int64_t> Param = O->getInteger("param");
      if (!Param || *Param < 0)
        return false;
      U.Param = static_cast<unsigned>(*Param);
    }
    U.Runtime = Runtime->str();
    U.SharedOwner = O->getBoolean("owner").value_or(false);
    U.NeedsCallerGuard = O->getBoolean("guard").value_or(false);
    U.Object = O->getString("object").value_or("").str();
    U.Name = O->getString("name").value_or("").str();
    U.Type = O->getString("type").value_or("").str();
    U.Where = O->getString("at").value_or("").str();
    Out.push_back(std::move(U));
  }
  llvm::sort(Out);
  Out.erase(std::unique(Out.begin(), Out.end()), Out.end());
  return true;
}

void exportRuntimeUses(ASTContext &Context, const AffinityOptions &Options,
                       SummaryTable &Table) {
  std::vector<const FunctionDecl *> Defs =
      exportedDefinitions(Context, /*SkipLambdas=*/true);
  const SourceManager &SM = Context.getSourceManager();
  if (Defs.empty())
    return;
  FunctionSummaries Sums(Context, affinityShapeOptions(Options));
  Sums.setLinked(nullptr);
  AffinityClassifier Classifier(Options);
  PrintingPolicy Policy(Context.getLangOpts());
  for (const FunctionDecl *F : Defs) {
    const RuntimeUseSummary &S =
        runtimeUsesOf(*F, Context, Classifier, Options, Sums);
    if (S.Uses.empty())
      continue;
    std::string USR = usrOf(*F);
    if (USR.empty())
      continue;
    PortableSummary P;
    for (const RuntimeUse &U : S.Uses) {
      const AffinityFinding &Fd = U.Finding;
      PortableRuntimeUse Out;
      Out.From = U.From == RuntimeUse::Source::Param  ? 'p'
                 : U.From == RuntimeUse::Source::This ? 't'
                                                      : 'g';
      Out.Param = U.Param;
      Out.Runtime = Fd.Runtime->Name.str();
      Out.SharedOwner = Fd.Why == AffinityFinding::Reason::SharedOwner;
      Out.NeedsCallerGuard = U.NeedsCallerGuard;
      if (Out.From != 'p' && Fd.Object)
        Out.Object = usrOf(*Fd.Object);
      Out.Name = Fd.RemoteName.empty() ? Fd.Name : Fd.RemoteName;
      Out.Type =
          !Fd.Type.isNull() ? Fd.Type.getAsString(Policy) : Fd.RemoteType;
      Out.Where = !Fd.RemoteUse.empty() ? Fd.RemoteUse
                                        : sourcePosition(Fd.Use->getBeginLoc(), SM);
      P.RuntimeUses.push_back(std::move(Out));
    }
    mergeRuntimeUses(P.RuntimeUses, {});
    Table.add(USR, P);
  }
}

} // namespace conctidy
