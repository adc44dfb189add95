//===--- Spawn.cpp - Calls that run code concurrently with the caller -----===//

#include "conctidy/Analysis/Spawn.h"
#include "conctidy/Analysis/ASTHelpers.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace conctidy {

bool isCallableType(QualType T) {
  if (T.isNull())
    return false;
  T = T.getNonReferenceType();
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType();
  if (T->isFunctionType() || T->isMemberFunctionPointerType())
    return true;
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return false;
  if (RD->isLambda())
    return true;
  DeclarationName Call =
      RD->getASTContext().DeclarationNames.getCXXOperatorName(OO_Call);
  return !RD->lookup(Call).empty();
}

namespace {

/// The spawner row, or user option, that \p S calls; its arguments.
struct SpawnerCall {
  const model::Spawner *Row = nullptr;
  std::string Name;
  llvm::ArrayRef<const Expr *> Args;
};

bool namedIn(const FunctionDecl &F, const std::string &Qualified,
             llvm::ArrayRef<std::string> Names) {
  for (const std::string &N : Names) {
    llvm::StringRef Name(N);
    Name.consume_front("::");
    if (Name == Qualified || (F.getIdentifier() && Name == F.getName()))
      return true;
  }
  return false;
}

/// Whether the first argument of the call is of the row's required class
/// (or a class nested in it, such as its executor type).
bool firstArgFits(const model::Spawner &Row,
                  llvm::ArrayRef<const Expr *> Args) {
  if (Row.OnlyIfFirstArgType.empty())
    return true;
  if (Args.empty())
    return false;
  QualType T = Args[0]->getType().getNonReferenceType();
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType();
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD)
    return false;
  StringRef Required = Row.OnlyIfFirstArgType;
  Required.consume_front("::");
  std::string Name = qualifiedName(*RD);
  return StringRef(Name) == Required ||
         StringRef(Name).starts_with((Required + "::").str());
}

std::optional<SpawnerCall> spawnerCall(const Stmt &S,
                                       const SpawnOptions &Options) {
  SpawnerCall Result;
  if (const auto *C = dyn_cast<CXXConstructExpr>(&S)) {
    const CXXRecordDecl *RD = C->getType()->getAsCXXRecordDecl();
    if (!RD || C->getNumArgs() == 0 ||
        C->getConstructor()->isCopyOrMoveConstructor())
      return std::nullopt;
    Result.Name = qualifiedName(*RD);
    Result.Row =
        model::findSpawner(model::SpawnerKind::Constructor, Result.Name);
    if (!Result.Row)
      return std::nullopt;
    Result.Args = llvm::ArrayRef(C->getArgs(), C->getNumArgs());
    return Result;
  }
  const auto *Call = dyn_cast<CallExpr>(&S);
  const FunctionDecl *F = Call ? Call->getDirectCallee() : nullptr;
  if (!F || isa<CXXOperatorCallExpr>(Call))
    return std::nullopt;
  Result.Name = qualifiedName(*F);
  Result.Row = model::findSpawner(isa<CXXMethodDecl>(F)
                                      ? model::SpawnerKind::MemberFunction
                                      : model::SpawnerKind::FreeFunction,
                                  Result.Name);
  Result.Args = llvm::ArrayRef(Call->getArgs(), Call->getNumArgs());
  // `Threads.emplace_back(Fn, Args...)` constructs a thread in place.
  if (!Result.Row)
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call))
      if (F->getIdentifier() && F->getName().starts_with("emplace") &&
          MC->getImplicitObjectArgument()) {
        HandleShape Shape =
            classifyHandleType(MC->getImplicitObjectArgument()->getType());
        if (Shape.IsCollection)
          if (const CXXRecordDecl *Element =
                  Shape.HandleType->getAsCXXRecordDecl()) {
            Result.Name = qualifiedName(*Element);
            Result.Row = model::findSpawner(model::SpawnerKind::Constructor,
                                            Result.Name);
          }
      }
  if (Result.Row && !firstArgFits(*Result.Row, Result.Args))
    Result.Row = nullptr;
  if (!Result.Row && !namedIn(*F, Result.Name, Options.ExtraSpawners))
    return std::nullopt;
  return Result;
}

} // namespace

std::optional<Spawn> asSpawn(const Stmt &S, const SpawnOptions &Options) {
  std::optional<SpawnerCall> SC = spawnerCall(S, Options);
  if (!SC)
    return std::nullopt;
  int CallableArg = SC->Row ? SC->Row->CallableArg : model::AnyCallableArg;
  int Index = -1;
  if (CallableArg == model::AnyCallableArg) {
    for (unsigned I = 0; I < SC->Args.size(); ++I)
      if (isCallableType(SC->Args[I]->getType())) {
        Index = I;
        break;
      }
  } else if (CallableArg < static_cast<int>(SC->Args.size())) {
    Index = CallableArg;
  }
  if (Index < 0)
    return std::nullopt;
  Spawn Result;
  Result.Site = cast<Expr>(&S);
  Result.Callable = SC->Args[Index];
  Result.SpawnerName = SC->Name;
  Result.Where = SC->Row ? SC->Row->Where : model::RunsOn::ThreadPool;
  int DataArg = SC->Row ? SC->Row->DataArg : model::ForwardsRest;
  if (DataArg == model::ForwardsRest) {
    for (unsigned I = Index + 1; I < SC->Args.size(); ++I)
      Result.Data.push_back(SC->Args[I]);
  } else if (DataArg >= 0 && DataArg < static_cast<int>(SC->Args.size())) {
    Result.Data.push_back(SC->Args[DataArg]);
  }
  if (SC->Row && SC->Row->ResultWaits)
    Result.FutureWaits = true;
  return Result;
}

/// "Napi::AsyncProgressWorker::Execute" for a member of any specialization
/// of the class template.
static std::string methodName(const CXXMethodDecl &M) {
  const CXXRecordDecl *RD = M.getParent();
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    return qualifiedName(*Spec->getSpecializedTemplate()) +
           "::" + M.getNameAsString();
  return qualifiedName(M);
}

const model::Spawner *overriddenSpawner(const CXXMethodDecl &M) {
  if (!M.isVirtual() || !M.getIdentifier())
    return nullptr;
  llvm::SmallVector<const CXXMethodDecl *, 4> Work(M.overridden_methods());
  unsigned Steps = 0;
  while (!Work.empty() && ++Steps < 32) {
    const CXXMethodDecl *O = Work.pop_back_val();
    if (const model::Spawner *Row =
            model::findSpawner(model::SpawnerKind::Override, methodName(*O)))
      return Row;
    Work.append(O->overridden_methods().begin(), O->overridden_methods().end());
  }
  return nullptr;
}

const LambdaExpr *Spawn::lambda() const {
  const Expr *E = ignoreWrappers(Callable);
  // A captureless lambda converted to a function pointer (the C callbacks
  // of uv_queue_work, napi_create_async_work).
  if (const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(E))
    if (isa_and_nonnull<CXXConversionDecl>(MC->getMethodDecl()))
      E = ignoreWrappers(MC->getImplicitObjectArgument());
  // A lambda converted to a std::function parameter (folly's add,
  // QThreadPool::start).
  if (const auto *CE = dyn_cast_or_null<CXXConstructExpr>(E))
    if (CE->getNumArgs() == 1)
      E = ignoreWrappers(CE->getArg(0));
  return dyn_cast_or_null<LambdaExpr>(E);
}

const FunctionDecl *Spawn::body() const {
  if (const LambdaExpr *L = lambda())
    return L->getCallOperator();
  const Expr *E = ignoreWrappers(Callable);
  if (const auto *U = dyn_cast<UnaryOperator>(E))
    if (U->getOpcode() == UO_AddrOf)
      E = U->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *F = dyn_cast<FunctionDecl>(DRE->getDecl()))
      return F->getDefinition() ? F->getDefinition() : F;
  const CXXRecordDecl *RD =
      E->getType().getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return nullptr;
  DeclarationName Call =
      RD->getASTContext().DeclarationNames.getCXXOperatorName(OO_Call);
  for (const NamedDecl *D : RD->lookup(Call))
    if (const auto *M = dyn_cast<CXXMethodDecl>(D))
      return M->getDefinition() ? M->getDefinition() : M;
  return nullptr;
}

} // namespace conctidy
