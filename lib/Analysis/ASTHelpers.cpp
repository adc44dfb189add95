//===--- ASTHelpers.cpp - Small AST queries over the model ----------------===//

#include "conctidy/Analysis/ASTHelpers.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/PrettyPrinter.h"
#include "clang/AST/StmtCXX.h"
#include "clang/AST/TemplateBase.h"

using namespace clang;

namespace conctidy {

std::string qualifiedName(const NamedDecl &D) {
  PrintingPolicy Policy(D.getASTContext().getLangOpts());
  Policy.SuppressUnwrittenScope = true;
  Policy.SuppressInlineNamespace =
      llvm::to_underlying(PrintingPolicy::SuppressInlineNamespaceMode::All);
  std::string Name;
  llvm::raw_string_ostream OS(Name);
  D.printQualifiedName(OS, Policy);
  return Name;
}

static HandleShape classifyHandleTypeAt(QualType T, unsigned Depth) {
  if (T.isNull() || Depth > 4)
    return {};
  T = T.getCanonicalType();
  if (const auto *AT = dyn_cast<ConstantArrayType>(T.getTypePtr())) {
    HandleShape Inner = classifyHandleTypeAt(AT->getElementType(), Depth + 1);
    Inner.IsCollection = Inner.Handle != nullptr;
    return Inner;
  }
  const auto *RD = T->getAsCXXRecordDecl();
  if (!RD)
    return {};
  std::string Name = qualifiedName(*RD);
  if (const model::ThreadHandleType *H = model::findThreadHandleType(Name))
    return {H, false, T};
  const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
  if (!Spec)
    return {};
  bool Owning = false;
  for (const model::OwningContainer &C : model::owningContainers())
    if (StringRef(C.QualifiedName).drop_front(2) == Name)
      Owning = true;
  if (!Owning)
    return {};
  for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray()) {
    if (Arg.getKind() != TemplateArgument::Type)
      continue;
    HandleShape Inner = classifyHandleTypeAt(Arg.getAsType(), Depth + 1);
    if (Inner) {
      Inner.IsCollection = true;
      return Inner;
    }
  }
  return {};
}

HandleShape classifyHandleType(QualType T) {
  return classifyHandleTypeAt(T, 0);
}

const DeclStmt *findDeclStmt(const Stmt &Body, const VarDecl &Var) {
  if (const auto *DS = dyn_cast<DeclStmt>(&Body))
    for (const Decl *D : DS->decls())
      if (D == &Var)
        return DS;
  for (const Stmt *Child : Body.children())
    if (Child)
      if (const DeclStmt *Found = findDeclStmt(*Child, Var))
        return Found;
  return nullptr;
}

const Expr *ignoreWrappers(const Expr *E) {
  while (E) {
    const Expr *Next = E->IgnoreParenImpCasts();
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(Next))
      Next = M->getSubExpr();
    else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(Next))
      Next = B->getSubExpr();
    else if (const auto *C = dyn_cast<ExprWithCleanups>(Next))
      Next = C->getSubExpr();
    else if (const auto *F = dyn_cast<CXXFunctionalCastExpr>(Next))
      Next = F->getSubExpr();
    else if (const auto *CE = dyn_cast<CXXConstructExpr>(Next);
             CE && CE->getNumArgs() == 1 &&
             CE->getConstructor()->isCopyOrMoveConstructor() &&
             isa<MaterializeTemporaryExpr>(CE->getArg(0)->IgnoreImpCasts()))
      Next = CE->getArg(0);
    if (Next == E)
      return E;
    E = Next;
  }
  return E;
}

bool isInTemplateInstantiation(const Decl &D) {
  for (const DeclContext *DC = isa<DeclContext>(D) ? cast<DeclContext>(&D)
                                                   : D.getDeclContext();
       DC; DC = DC->getParent()) {
    if (const auto *F = dyn_cast<FunctionDecl>(DC))
      if (F->isTemplateInstantiation())
        return true;
    if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(DC))
      if (Spec->getSpecializationKind() != TSK_ExplicitSpecialization)
        return true;
  }
  return false;
}

const Stmt *semanticParent(const Stmt *S, const ParentMap &PM,
                           const Stmt **Child) {
  const Stmt *P = PM.getParent(S);
  while (P && (isa<ParenExpr>(P) || isa<ImplicitCastExpr>(P))) {
    S = P;
    P = PM.getParent(P);
  }
  if (Child)
    *Child = S;
  return P;
}

bool isMutableReferenceOrPointer(QualType T) {
  if (T.isNull())
    return true;
  if (const auto *R = T->getAs<ReferenceType>())
    return !R->getPointeeType().isConstQualified();
  return T->isPointerType() && !T->getPointeeType().isConstQualified();
}

bool isLoop(const Stmt *S) {
  return isa_and_nonnull<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(S);
}

/// The template or class a type names, through references, pointers and
/// smart pointers, also when it is dependent (`std::map<K, V>`).
std::string dataTypeName(QualType T) {
  for (unsigned Depth = 0; Depth < 3 && !T.isNull(); ++Depth) {
    T = T.getNonReferenceType();
    if (T->isPointerType())
      T = T->getPointeeType();
    std::string Name;
    llvm::ArrayRef<TemplateArgument> Args;
    if (const auto *TST = T->getAs<TemplateSpecializationType>()) {
      if (const TemplateDecl *TD = TST->getTemplateName().getAsTemplateDecl())
        Name = qualifiedName(*TD);
      Args = TST->template_arguments();
    } else if (const CXXRecordDecl *RD = T->getAsCXXRecordDecl()) {
      Name = qualifiedName(*RD);
      if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
        Args = Spec->getTemplateArgs().asArray();
    } else {
      return "";
    }
    // Dependent types have no declaration to look at: the model's names.
    if (!model::findSmartPointer(Name) || Args.empty() ||
        Args[0].getKind() != TemplateArgument::Type)
      return Name;
    T = Args[0].getAsType();
  }
  return "";
}

bool isLambdaInFunction(const FunctionDecl &F) {
  const auto *M = dyn_cast<CXXMethodDecl>(&F);
  if (!M || !M->getParent()->isLambda())
    return false;
  for (const DeclContext *DC = M->getParent()->getDeclContext(); DC;
       DC = DC->getParent())
    if (DC->isFunctionOrMethod())
      return true;
  return false;
}

const model::SmartPointer *modelledSmartPointer(const CXXRecordDecl *RD) {
  if (!RD || !RD->getIdentifier() ||
      !isa<ClassTemplateSpecializationDecl>(RD))
    return nullptr;
  return model::findSmartPointer(qualifiedName(*RD));
}

/// The first template argument of \p RD when it is a type.
static QualType firstTypeArgument(const CXXRecordDecl *RD) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(RD);
  if (!Spec || Spec->getTemplateArgs().size() == 0 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return QualType();
  return Spec->getTemplateArgs()[0].getAsType();
}

bool isSmartPointer(const CXXRecordDecl *RD) {
  if (modelledSmartPointer(RD))
    return true;
  QualType Pointee = firstTypeArgument(RD);
  if (Pointee.isNull() || !RD->hasDefinition())
    return false;
  // `operator->` gives a `T *` that it keeps in a member: not an iterator
  // (its member points to a node) or an optional (it keeps the T itself).
  ASTContext &Ctx = RD->getASTContext();
  auto PointsToPointee = [&](QualType P) {
    return P->isPointerType() &&
           Ctx.hasSameUnqualifiedType(P->getPointeeType(), Pointee);
  };
  const CXXRecordDecl *Def = RD->getDefinition();
  return llvm::any_of(Def->methods(),
                      [&](const CXXMethodDecl *M) {
                        return M->getOverloadedOperator() == OO_Arrow &&
                               PointsToPointee(M->getReturnType());
                      }) &&
         llvm::any_of(Def->fields(), [&](const FieldDecl *F) {
           return PointsToPointee(F->getType());
         });
}

QualType smartPointee(QualType T) {
  if (T.isNull())
    return QualType();
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  return isSmartPointer(RD) ? firstTypeArgument(RD) : QualType();
}

/// The class a type names, through references, pointers and smart
/// pointers (`std::unique_ptr<Impl>`).
const CXXRecordDecl *pointeeRecord(QualType T) {
  for (unsigned I = 0; I < 3 && !T.isNull(); ++I) {
    T = T.getNonReferenceType();
    if (T->isPointerType())
      T = T->getPointeeType();
    const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
    if (!RD)
      return nullptr;
    QualType Pointee = smartPointee(T);
    if (Pointee.isNull())
      return RD;
    T = Pointee;
  }
  return nullptr;
}

} // namespace conctidy
